"""Exercise 1 (session 2): the activation functions.

A neuron adds up its weighted inputs, z = w1*x1 + w2*x2 + ... + b, and then decides how strongly
to fire: that decision is its *activation function*. The higher the value, the higher the
activation. Without it, a stack of layers would only ever compute one big linear function, however
deep the network; with it, each layer can bend the data a little, and depth starts to pay.

The course uses two activations:

    sigmoid(z) = 1 / (1 + e^(-z))     squashes any number into (0, 1): the output layer uses it,
                                      so the network's answer reads as a probability.
    relu(z)    = max(z, 0)            keeps positive values and turns negative ones into 0:
                                      the hidden layers use it (cheap, and it learns fast).

Both work *elementwise*: a layer hands them a whole array Z (one row per neuron, one column per
example), and they return an array of the same shape, each value transformed on its own.
They must also accept a plain number, so you can try them by hand: sigmoid(0.0) is 0.5.

One trap: np.exp(1000) is too large for a float. numpy returns inf (with a RuntimeWarning),
and a formula that ends up computing inf / inf returns nan, which would poison every layer
after it. sigmoid(-1000) must be 0 and sigmoid(1000) must be 1, with no nan and no inf.

Run `grade exercise1` to check your work.
"""

import numpy as np


def sigmoid(z):
    """The sigmoid of z, elementwise: 1 / (1 + e^(-z)).

    Arguments:
    z -- a number (Python float) or a numpy array of any shape: (n,), (n, m), (n, m, k), ...
         float or integer values, possibly very large (z = -1000 and z = 1000 must work)

    Returns:
    s -- the sigmoid of every value of z, each strictly between 0 and 1 (exactly 0 or 1 only
         when z is so large that the true value rounds to it)
         for an array z: a new float numpy array of the same shape as z (z itself is left unchanged)
         for a number z: a number (a Python float, a numpy float such as np.float64, or a 0-d
         array are all fine; a list or a 1-element array such as np.array([0.5]) is not)

    Example:
    >>> sigmoid(np.array([[-1.0, 0.0, 2.0]]))
    array([[0.26894142, 0.5       , 0.88079708]])
    """
    # TODO: return 1 / (1 + e^(-z)), elementwise, without overflowing for large |z|.
    raise NotImplementedError


def relu(z):
    """The rectified linear unit of z, elementwise: z where z > 0, and 0 elsewhere.

    Arguments:
    z -- a number (Python float) or a numpy array of any shape, float or integer values

    Returns:
    r -- max(z, 0) for every value of z
         for an array z: a new numpy array of the same shape as z (z itself is left unchanged),
         float for a float z (for an integer z, integers or floats are both fine)
         for a number z: a number (Python float, numpy float or 0-d array), as for sigmoid

    Example:
    >>> relu(np.array([[-1.5, 0.0, 2.0]]))
    array([[0., 0., 2.]])
    """
    # TODO: return z with every negative value replaced by 0, as a new array.
    raise NotImplementedError
