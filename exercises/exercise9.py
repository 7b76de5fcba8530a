"""Exercise 9 (session 4): faster training with mini-batches, momentum and Adam.

Gradient descent moves the weights a small step, set by the learning rate, against the gradient
of the cost, again and again, toward the minimum of the cost. So far each step looked at all m
training examples. On a large data set that is slow: one step costs a full pass over the data.
This exercise builds the three ideas that make training a deeper network practical.

Mini-batches. Shuffle the examples, cut them into mini-batches of, say, 64, and take one
gradient step per mini-batch. One pass over the data (an epoch) now makes m / 64 steps instead
of one. Each step is noisier, since 64 examples only estimate the full gradient, but there are
many more of them. Shuffle X and Y with the SAME permutation, or examples lose their labels; and
keep the last mini-batch even when it is smaller than the others, or those examples never train.

Momentum. The noisy steps zig-zag. Momentum keeps a velocity v for every parameter, an
exponentially weighted average of the recent gradients, and steps along v instead:

    v = beta * v + (1 - beta) * dW          W = W - learning_rate * v

The zig-zags cancel out in the average while the steady direction adds up. beta = 0.9 averages
roughly the last 10 gradients.

Adam. Adam keeps the momentum average v of the gradients, and also an average s of their
squares, which measures how large each parameter's gradients usually are; it divides the step
by sqrt(s), so every parameter moves at a similar pace. Both averages start at 0, so in the
first steps they are too small: at step t, divide them by (1 - beta ** t) to correct that bias
(t counts the steps from 1):

    v = beta1 * v + (1 - beta1) * dW            v_corrected = v / (1 - beta1 ** t)
    s = beta2 * s + (1 - beta2) * dW ** 2       s_corrected = s / (1 - beta2 ** t)
    W = W - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)

and the same for every b with db. epsilon only keeps the division away from 0: it is added
after the square root.

The dicts v and s use the gradients' keys: v["dW1"], v["db1"], ..., each the shape of its
parameter. None of these functions changes the dicts it is given: each returns new ones.

Run `grade exercise9` to check your work.
"""

import numpy as np


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the m examples of (X, Y) and cut them into mini-batches.

    Arguments:
    X               -- input data, numpy array of shape (n_x, m), one example per column
    Y               -- labels, numpy array of shape (1, m)
    mini_batch_size -- number of examples in each mini-batch (the last one may hold fewer)
    seed            -- seed of the shuffle: rng = np.random.default_rng(seed), then
                       permutation = rng.permutation(m) gives the new order of the columns

    Returns:
    mini_batches -- list of tuples (mini_batch_X, mini_batch_Y), in order: mini_batch_X of shape
                    (n_x, mini_batch_size) and mini_batch_Y of shape (1, mini_batch_size), except
                    the last one, which holds the m % mini_batch_size examples left over when m is
                    not a multiple of mini_batch_size. There are ceil(m / mini_batch_size) of them.

    Example:
    >>> X = np.arange(10.0).reshape(2, 5)
    >>> Y = np.array([[1, 0, 1, 0, 1]])
    >>> [(bx.shape, by.shape) for bx, by in random_mini_batches(X, Y, mini_batch_size=2)]
    [((2, 2), (1, 2)), ((2, 2), (1, 2)), ((2, 1), (1, 1))]
    """
    # TODO: shuffle the columns of X and Y with one permutation from np.random.default_rng(seed),
    # then slice the shuffled arrays into consecutive mini-batches, the last one possibly smaller.
    raise NotImplementedError


def initialize_velocity(parameters):
    """The velocities of momentum, all zero at the start.

    Arguments:
    parameters -- dict {"W1", "b1", ..., "WL", "bL"} of numpy arrays

    Returns:
    v -- dict {"dW1", "db1", ..., "dWL", "dbL"}: v["dWl"] is an array of zeros of the shape of
         parameters["Wl"], v["dbl"] one of the shape of parameters["bl"]
    """
    # TODO: one array of zeros per parameter, under the gradient's key ("d" + the parameter's key).
    raise NotImplementedError


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """One step of gradient descent with momentum.

    Arguments:
    parameters    -- dict {"W1", "b1", ..., "WL", "bL"} of numpy arrays
    grads         -- dict {"dW1", "db1", ..., "dWL", "dbL"}: the gradients, each the shape of its parameter
    v             -- dict {"dW1", "db1", ...}: the velocities before this step
    beta          -- momentum, a float in [0, 1), typically 0.9
    learning_rate -- the learning rate, a float

    Returns:
    parameters -- a new dict of the updated parameters, same keys and shapes
    v          -- a new dict of the updated velocities, same keys and shapes

    For every parameter P (W1, b1, ...), with its gradient dP:
        v["dP"] = beta * v["dP"] + (1 - beta) * dP
        P       = P - learning_rate * v["dP"]
    The dicts passed in are left unchanged.
    """
    # TODO: for each layer l, update v["dWl"] and v["dbl"], then Wl and bl, into new dicts.
    raise NotImplementedError


def initialize_adam(parameters):
    """The two moving averages of Adam, all zero at the start.

    Arguments:
    parameters -- dict {"W1", "b1", ..., "WL", "bL"} of numpy arrays

    Returns:
    v -- dict {"dW1", "db1", ..., "dWL", "dbL"} of zeros: the average of the gradients
    s -- dict {"dW1", "db1", ..., "dWL", "dbL"} of zeros: the average of the squared gradients
         (each array the shape of its parameter)
    """
    # TODO: two dicts of zeros, keyed like the gradients (v and s must be separate arrays).
    raise NotImplementedError


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    """One step of Adam.

    Arguments:
    parameters    -- dict {"W1", "b1", ..., "WL", "bL"} of numpy arrays
    grads         -- dict {"dW1", "db1", ..., "dWL", "dbL"}: the gradients, each the shape of its parameter
    v             -- dict {"dW1", "db1", ...}: the average of the gradients before this step
    s             -- dict {"dW1", "db1", ...}: the average of the squared gradients before this step
    t             -- the number of this step, counting from 1 (the first update is t = 1)
    learning_rate -- the learning rate
    beta1         -- decay of the gradients' average v
    beta2         -- decay of the squared gradients' average s
    epsilon       -- a tiny number added to the denominator, after the square root

    Returns:
    parameters -- a new dict of the updated parameters
    v          -- a new dict: the updated average of the gradients (before the bias correction)
    s          -- a new dict: the updated average of the squared gradients (before the bias correction)

    For every parameter P with its gradient dP:
        v["dP"] = beta1 * v["dP"] + (1 - beta1) * dP
        s["dP"] = beta2 * s["dP"] + (1 - beta2) * dP ** 2
        P       = P - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    with v_corrected = v["dP"] / (1 - beta1 ** t) and s_corrected = s["dP"] / (1 - beta2 ** t).
    The dicts passed in are left unchanged.
    """
    # TODO: update v and s, correct their bias with t, then update each parameter, into new dicts.
    raise NotImplementedError
