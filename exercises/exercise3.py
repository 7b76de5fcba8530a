"""Exercise 3 (session 3): the cost of a prediction.

A network's output layer uses a sigmoid, so AL holds probabilities: AL[0, i] is how sure the
network is that example i belongs to class 1. To learn, the network needs one number that says
how wrong those probabilities are: the *cost*, or loss. For a yes/no target the course uses the
binary cross-entropy, averaged over the m examples:

    J = -(1/m) * sum_i [ Y[0, i] * log(AL[0, i]) + (1 - Y[0, i]) * log(1 - AL[0, i]) ]

A confident right answer (AL near Y) costs almost nothing; a confident wrong answer (AL near
1 - Y) costs a lot, which is what pushes gradient descent to fix it. Accuracy alone could not do
that: it only counts right and wrong, and does not say how wrong.

Run `grade exercise3` to check your work.
"""

import numpy as np


def compute_cost(AL, Y):
    """Binary cross-entropy of the predictions AL against the labels Y, averaged over the examples.

    Arguments:
    AL -- probabilities from the output layer, numpy array of shape (1, m), values strictly in (0, 1)
    Y  -- true labels, numpy array of shape (1, m), values 0 or 1

    Returns:
    cost -- the cost J as a Python float (not an array of shape (1, 1) or ())

    Example:
    >>> compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))
    0.2797765635793423
    """
    # TODO: compute the cross-entropy cost J above and return it as a Python float.
    raise NotImplementedError
