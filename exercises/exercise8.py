"""Exercise 8 (session 4): more than two classes, with softmax.

So far the output layer held one sigmoid neuron: the probability of class 1, for a yes/no
question. Many questions have more answers: which digit is in this image, 0 to 9? The output
layer is defined by the target, so for C classes it holds C neurons, and its linear part gives C
scores per example: Z has shape (C, m), one column per example. Softmax turns each column of
scores into C probabilities that add up to 1:

    softmax(Z)[k, i] = exp(Z[k, i]) / sum over j of exp(Z[j, i])

A higher score gives a higher probability, and every probability is positive.

One trap: np.exp(1000) overflows to inf, and inf / inf is nan. The cure is free: adding the
same number c to every score of a column changes nothing, because the factor exp(c) appears on
top and below and cancels. So subtract each column's largest score first; then the largest
exponent is exp(0) = 1 and nothing overflows. (Each column its own maximum: one maximum for the
whole matrix would push the columns far below it down to exp(-2000) = 0, and 0 / 0 is nan.)

The labels Y are *one-hot*: Y has shape (C, m), and column i is all zeros except a 1 in the row of
example i's class. The cost generalises the binary cross-entropy: only the log-probability the
network gives to the true class counts, averaged over the m examples,

    J = -(1/m) * sum over i and k of Y[k, i] * log(AL[k, i])

Backpropagation starts with the gradient of J with respect to the output layer's Z. Through
softmax and this cost it comes out as simple as for sigmoid and the binary cross-entropy:

    dZ = dJ/dZ = (AL - Y) / m

The 1/m is there because J is an average over the m examples: dZ is exactly the derivative of
the J above, which you can check numerically, so the dW = dZ @ A_prev.T of that layer needs no
other 1/m.

Run `grade exercise8` to check your work.
"""

import numpy as np


def softmax(Z):
    """The softmax of each column of Z.

    Arguments:
    Z -- scores of the output layer, numpy array of shape (C, m): C classes, m examples

    Returns:
    AL -- numpy array of shape (C, m): AL[:, i] = exp(Z[:, i]) / sum(exp(Z[:, i])), so every column sums to 1;
          computed without overflow or nan, even for scores like 1000 or -1000 (subtract each column's max first)

    Example:
    >>> softmax(np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 1000.0]]))
    array([[0.09003057, 0.        ],
           [0.24472847, 0.        ],
           [0.66524096, 1.        ]])
    """
    # TODO: subtract each column's max (axis=0, keepdims=True), exponentiate, divide by each column's sum.
    raise NotImplementedError


def categorical_cross_entropy(AL, Y):
    """The cross-entropy of the probabilities AL against the one-hot labels Y, averaged over the m examples.

    Arguments:
    AL -- probabilities from softmax, numpy array of shape (C, m), values in (0, 1], columns summing to 1
    Y  -- one-hot labels, numpy array of shape (C, m): column i has a single 1, in the row of example i's class

    Returns:
    cost -- J = -(1/m) * sum of Y * log(AL) over all C * m entries, as a Python float

    Example:
    >>> AL, Y = np.array([[0.7, 0.1], [0.2, 0.3], [0.1, 0.6]]), np.array([[1, 0], [0, 0], [0, 1]])
    >>> categorical_cross_entropy(AL, Y)
    0.4337502838523616
    """
    # TODO: sum Y * log(AL) over everything, divide by m = Y.shape[1], flip the sign, return a Python float.
    raise NotImplementedError


def softmax_cross_entropy_backward(AL, Y):
    """The gradient of categorical_cross_entropy(softmax(Z), Y) with respect to Z.

    Arguments:
    AL -- softmax(Z), numpy array of shape (C, m)
    Y  -- one-hot labels, numpy array of shape (C, m)

    Returns:
    dZ -- numpy array of shape (C, m): dJ/dZ = (AL - Y) / m, the 1/m coming from the average in the cost

    Example:
    >>> AL, Y = np.array([[0.7, 0.1], [0.2, 0.3], [0.1, 0.6]]), np.array([[1, 0], [0, 0], [0, 1]])
    >>> softmax_cross_entropy_backward(AL, Y)
    array([[-0.15,  0.05],
           [ 0.1 ,  0.15],
           [ 0.05, -0.2 ]])
    """
    # TODO: one line.
    raise NotImplementedError
