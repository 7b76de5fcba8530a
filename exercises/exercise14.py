"""Exercise 14 (session 6): a recurrent neural network, forward.

A sentence is a *sequence*: the meaning of a word depends on the words before it. The networks
so far read a whole input at once; a recurrent neural network (RNN) reads a sequence one step at
a time and carries a memory along, the *hidden state* a. At each time step t it reads the input
x<t> and the previous state a<t-1>, and computes:

    a<t> = tanh(Waa @ a<t-1> + Wax @ x<t> + ba)      the new hidden state
    y<t> = softmax(Wya @ a<t> + by)                  a prediction at this step (e.g. the next word)

The same weights Waa, Wax, Wya, ba, by are used at every step: that is what lets an RNN read
sequences of any length. tanh keeps the state between -1 and 1 however long the sequence is.

Shapes (examples are columns, as everywhere in the course; time is a third axis):

    x   (n_x, m, T_x)   the inputs: x[:, :, t] is x<t> for the m examples
    a0  (n_a, m)        the hidden state before the first step (often zeros)
    a   (n_a, m, T_x)   a[:, :, t] is the hidden state a<t> after step t
    y   (n_y, m, T_x)   y[:, :, t] is the prediction y<t>: n_y class probabilities per example

1. rnn_cell_forward: one step.
2. rnn_forward: loop over the T_x steps, feeding each step's a<t> into the next.

Run `grade exercise14` to check your work.
"""

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
    # TODO: compute a_next and yt with the two formulas above (use np.tanh and softmax),
    # then return a_next, yt, (a_next, a_prev, xt, parameters).
    raise NotImplementedError


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
    # TODO: a and y start as zeros of their shapes; a_next starts as a0. For t in range(T_x):
    # run rnn_cell_forward on x[:, :, t] and the *previous step's* a_next, store a_next and yt at
    # time t, and append the cache. Return a, y, caches.
    raise NotImplementedError
