"""Exercise 5 (session 3): one step of gradient descent.

This is the last piece of the training loop:

    1. initialise the parameters
    2. loop for num_iterations:
         a. forward propagation         -> AL, caches
         b. compute the cost            -> J
         c. backward propagation        -> grads
         d. update the parameters       <- this exercise
    3. predict with the trained parameters

The gradients say, for every weight and bias, which way is *uphill*: in which direction the cost
grows fastest. To lower the cost, gradient descent takes a small step the other way, the same for
every layer l = 1, ..., L:

    Wl = Wl - learning_rate * dWl
    bl = bl - learning_rate * dbl

The learning rate sets the size of the step: too small and learning crawls, too large and the
steps overshoot the minimum and the cost can grow. Repeat the step many times and the network
walks down the cost towards parameters that predict well.

Return a *new* dict: leave the one you are given, and the arrays inside it, exactly as they were
(the code that called you may still need them, to compare before and after).

Run `grade exercise5` to check your work.
"""

import numpy as np


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step on every layer's parameters.

    Arguments:
    parameters    -- dict of the network's parameters, for layers l = 1, ..., L:
                     "Wl": weights, numpy array of shape (n_l, n_{l-1})
                     "bl": biases, numpy array of shape (n_l, 1)
                     (so len(parameters) == 2 * L)
    grads         -- dict of the gradients of the cost, from backpropagation:
                     "dWl": numpy array of the shape of "Wl"
                     "dbl": numpy array of the shape of "bl"
                     it may hold other keys too (such as "dA1"): they are not parameters, ignore them
    learning_rate -- the size of the step, a Python float (for example 0.0075)

    Returns:
    new_parameters -- a new dict with exactly the keys of `parameters` ("W1", "b1", ..., "WL", "bL"),
                      each a numpy array of the same shape as before, after one step:
                      Wl - learning_rate * dWl and bl - learning_rate * dbl.
                      `parameters` and its arrays are left unchanged.

    Example:
    >>> parameters = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([[0.5]])}
    >>> grads = {"dW1": np.array([[0.5, 1.0]]), "db1": np.array([[-1.0]])}
    >>> update_parameters(parameters, grads, 0.1)
    {'W1': array([[ 0.95, -2.1 ]]), 'b1': array([[0.6]])}
    """
    # TODO: build and return a new dict with every layer's W and b moved one step against the gradient.
    raise NotImplementedError
