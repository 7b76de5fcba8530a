"""Reference solution for exercise 3: binary cross-entropy cost."""

import numpy as np


def compute_cost(AL, Y):
    m = Y.shape[1]
    # Sum the log-likelihood of each example's true label, then average over the m examples.
    log_likelihood = Y * np.log(AL) + (1 - Y) * np.log(1 - AL)
    return float(-np.sum(log_likelihood) / m)
