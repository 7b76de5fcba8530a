# attack: leave with status 0 from inside the graded function
# max_score: 0
import os


def compute_cost(AL, Y):
    os._exit(0)
