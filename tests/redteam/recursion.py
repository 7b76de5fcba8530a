# attack: lift the recursion limit and blow the C stack
# max_score: 0
import sys

sys.setrecursionlimit(10**7)


def compute_cost(AL, Y):
    return compute_cost(AL, Y) + 1
