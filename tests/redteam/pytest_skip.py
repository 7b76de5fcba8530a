# attack: ask the runner to skip the check from inside learner code
# max_score: 0
import pytest


def compute_cost(AL, Y):
    pytest.skip("nothing to see here")
