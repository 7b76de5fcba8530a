"""Reference solution for exercise 14: the forward pass of a recurrent neural network."""

import numpy as np


def softmax(z):
    """Column-wise softmax: each column (one example) becomes probabilities over the rows (the classes)."""
    e = np.exp(z - z.max(axis=0, keepdims=True))  # subtracting each column's max avoids overflow
    return e / e.sum(axis=0, keepdims=True)


def rnn_cell_forward(xt, a_prev, parameters):
    """One time step of the RNN.

    Arguments:
    xt         -- the input at this step, numpy array of shape (n_x, m)
    a_prev     -- the hidden state of the previous step, numpy array of shape (n_a, m)
    parameters -- dict with
                  "Waa" (n_a, n_a): reads the previous hidden state
                  "Wax" (n_a, n_x): reads the input
                  "Wya" (n_y, n_a): reads the new hidden state to predict
                  "ba"  (n_a, 1), "by" (n_y, 1): the biases

    Returns:
    a_next -- the new hidden state, tanh(Waa @ a_prev + Wax @ xt + ba), shape (n_a, m)
    yt     -- the prediction, softmax(Wya @ a_next + by), shape (n_y, m): each column sums to 1
    cache  -- the tuple (a_next, a_prev, xt, parameters), for the backward pass

    Example:
    >>> parameters = {"Waa": np.array([[0.5]]), "Wax": np.array([[1.0, -1.0]]), "Wya": np.array([[1.0], [-1.0]]),
    ...               "ba": np.array([[0.1]]), "by": np.array([[0.0], [0.0]])}
    >>> a_next, yt, cache = rnn_cell_forward(np.array([[2.0], [1.0]]), np.array([[0.4]]), parameters)
    >>> a_next.round(4), yt.round(4)
    (array([[0.8617]]), array([[0.8486],
           [0.1514]]))
    """
    p = parameters
    # Waa reads the memory, Wax the new input: the state mixes both, squashed into (-1, 1) by tanh.
    a_next = np.tanh(p["Waa"] @ a_prev + p["Wax"] @ xt + p["ba"])
    yt = softmax(p["Wya"] @ a_next + p["by"])  # the prediction reads the *new* state
    return a_next, yt, (a_next, a_prev, xt, parameters)


def rnn_forward(x, a0, parameters):
    """The RNN over a whole sequence of T_x steps.

    Arguments:
    x          -- the inputs, numpy array of shape (n_x, m, T_x)
    a0         -- the initial hidden state, numpy array of shape (n_a, m)
    parameters -- dict "Waa", "Wax", "Wya", "ba", "by", as for rnn_cell_forward

    Returns:
    a      -- every hidden state, shape (n_a, m, T_x): a[:, :, t] is the state after step t
    y      -- every prediction, shape (n_y, m, T_x): y[:, :, t] is yt of step t
    caches -- list of the T_x caches of rnn_cell_forward, in time order
    """
    n_x, m, T_x = x.shape
    n_a, n_y = parameters["Waa"].shape[0], parameters["Wya"].shape[0]
    a, y, caches = np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x)), []
    a_next = a0
    for t in range(T_x):
        # Each step reads the state the previous step left: that is the network's memory.
        a_next, yt, cache = rnn_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t], y[:, :, t] = a_next, yt
        caches.append(cache)
    return a, y, caches
