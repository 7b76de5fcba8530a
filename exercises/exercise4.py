"""Exercise 4 (session 3): backpropagation.

The forward pass made a prediction AL and the cost J said how wrong it was. To learn, the
network needs to know, for every weight and bias, which way to nudge it to lower the cost: the
gradients dWl = dJ/dWl and dbl = dJ/dbl. Backpropagation gets them all in one pass, from the
output layer back to the first, reusing what each layer kept in its cache (A_prev, W, b, Z).

Going back through layer l, from dZ = dJ/dZ of that layer (one column per example):

    dW      = (1/m) * dZ @ A_prev.T                      same shape as W: (n_l, n_{l-1})
    db      = (1/m) * sum of dZ over the examples        same shape as b: (n_l, 1)
    dA_prev = W.T @ dZ                                   the gradient handed to the layer below

and the layer below turns dA_prev into its own dZ through its activation's derivative: for a
ReLU layer, dZ = dA_prev where its Z > 0, and 0 where Z <= 0 (relu_backward below does that).

Where does it start? The output layer is a sigmoid and the cost is the cross-entropy, and their
two derivatives cancel into something short: for the last layer L, dZL = AL - Y. (dJ/dAL is
-(Y / AL - (1 - Y) / (1 - AL)); multiplied by the sigmoid's derivative AL * (1 - AL), it is AL - Y.)
The 1/m comes from the cost being an average over the m examples.

sigmoid, relu and their backward helpers come written for you below.

Run `grade exercise4` to check your work.
"""

import numpy as np


def sigmoid(Z):
    """Elementwise 1 / (1 + exp(-Z)), without overflow for large |Z|."""
    return np.exp(-np.logaddexp(0, -Z))


def relu(Z):
    """Elementwise max(0, Z)."""
    return np.maximum(0, Z)


def sigmoid_backward(dA, Z):
    """dZ for a sigmoid layer: dA * sigmoid'(Z), where sigmoid'(Z) = s * (1 - s)."""
    s = sigmoid(Z)
    return dA * s * (1 - s)


def relu_backward(dA, Z):
    """dZ for a ReLU layer: dA where Z > 0, 0 elsewhere."""
    return dA * (Z > 0)


def backward_pass(AL, Y, caches):
    """Gradients of the cross-entropy cost with respect to every parameter of the network.

    The network: layers 1 .. L - 1 use ReLU, the output layer L uses sigmoid, and the cost is
    the binary cross-entropy averaged over the m examples (exercise 3).

    Arguments:
    AL     -- output of the forward pass, numpy array of shape (1, m), values in (0, 1)
    Y      -- true labels, numpy array of shape (1, m), values 0 or 1
    caches -- list of L tuples from the forward pass, in layer order: caches[l - 1] is
              (A_prev, W, b, Z) of layer l, with A_prev of shape (n_{l-1}, m), W (n_l, n_{l-1}),
              b (n_l, 1) and Z (n_l, m)

    Returns:
    grads -- dict with, for l = 1 .. L, "dWl" of the shape of Wl (n_l, n_{l-1}) and "dbl" of
             the shape of bl (n_l, 1) (other keys, such as "dA1", are allowed)

    Example (a network with one hidden layer of 2 neurons, 2 examples):
    >>> X = np.array([[1.0, -2.0], [0.5, 3.0]])
    >>> W1, b1 = np.array([[1.0, 1.0], [2.0, -1.0]]), np.array([[0.0], [0.5]])
    >>> Z1 = np.array([[1.5, 1.0], [2.0, -6.5]])
    >>> W2, b2 = np.array([[0.5, -1.0]]), np.array([[1.0]])
    >>> Z2 = np.array([[-0.25, 1.5]])
    >>> caches = [(X, W1, b1, Z1), (relu(Z1), W2, b2, Z2)]
    >>> grads = backward_pass(sigmoid(Z2), np.array([[1, 0]]), caches)
    >>> grads["dW2"]
    array([[-0.01284514, -0.5621765 ]])
    >>> grads["db1"]
    array([[0.06384949],
           [0.28108825]])
    """
    # TODO: start from dZ = AL - Y for the output layer L = len(caches), then for l = L, L - 1, ..., 1
    # compute grads["dW" + str(l)] and grads["db" + str(l)] from that layer's cache, and, below the
    # output layer, the dZ of layer l - 1 from dA_prev = W.T @ dZ and layer l - 1's Z.
    raise NotImplementedError
