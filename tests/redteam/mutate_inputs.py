# attack: a right answer that changes its inputs in place (loses the inputs_unchanged check)
# max_score: 9
import numpy as np


def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)
    AL[...] = 0.5
    Y[...] = 0
    return cost
