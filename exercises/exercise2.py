"""Exercise 2 (session 3): build a network and run it forward.

Writing your first neural network follows the same loop every time: initialise the parameters,
then, for a number of iterations, run forward, compute the cost, run backward and update. This
exercise is the first two steps.

Initialising. A layer l holds a weight matrix Wl of shape (n_l, n_{l-1}) (one row per neuron,
one column per input it reads) and a bias column bl of shape (n_l, 1). The biases can start at 0,
but the weights cannot: if every neuron of a layer starts with the same weights it computes the
same thing, gets the same gradient, and stays a copy of its neighbours forever. So the weights
start random, and small: a neuron adds up n_{l-1} inputs, so each weight is scaled by the fan-in,
randn * np.sqrt(2 / n_{l-1}) (He initialisation, made for ReLU) or randn / np.sqrt(n_{l-1}).
Too large and the sums explode; a fixed 0.01 and, in a deep network, they fade to nothing.

Running forward. Each layer takes the previous layer's activations A_prev (the input X for the
first layer), computes the linear part Z = W @ A_prev + b for all m examples at once (one example
per column), and applies its activation: ReLU on the hidden layers, sigmoid on the output layer,
so that AL holds probabilities. Along the way each layer keeps what backpropagation will need
later, in a cache: the tuple (A_prev, W, b, Z).

sigmoid and relu come written for you below (you wrote them in exercise 1).

Run `grade exercise2` to check your work.
"""

import numpy as np


def sigmoid(Z):
    """Elementwise 1 / (1 + exp(-Z)), without overflow for large |Z|."""
    return np.exp(-np.logaddexp(0, -Z))


def relu(Z):
    """Elementwise max(0, Z)."""
    return np.maximum(0, Z)


def initialize_parameters(layer_dims, seed=0):
    """The parameters of a network whose layer sizes are layer_dims.

    Arguments:
    layer_dims -- list of the layer sizes [n_0, n_1, ..., n_L]: n_0 = n_x is the size of an input,
                  n_L the size of the output layer; the network has L = len(layer_dims) - 1 layers
    seed       -- seed of the random generator, so that the same seed gives the same weights

    Returns:
    parameters -- dict with, for l = 1 .. L:
                  "Wl" -- weights, numpy array of shape (layer_dims[l], layer_dims[l - 1]),
                          random, scaled by the fan-in layer_dims[l - 1]
                  "bl" -- biases, numpy array of zeros of shape (layer_dims[l], 1)

    Example:
    >>> parameters = initialize_parameters([5, 4, 1])
    >>> parameters["W1"].shape, parameters["b1"].shape, parameters["W2"].shape, parameters["b2"].shape
    ((4, 5), (4, 1), (1, 4), (1, 1))
    """
    # TODO: make a generator with rng = np.random.default_rng(seed), then for each layer l
    # draw Wl with rng.standard_normal(...) scaled by the fan-in, and make bl a column of zeros.
    raise NotImplementedError


def linear_forward(A_prev, W, b):
    """The linear part of one layer, for all m examples at once.

    Arguments:
    A_prev -- activations of the previous layer (or the input X), numpy array of shape (n_prev, m)
    W      -- weights of this layer, numpy array of shape (n, n_prev)
    b      -- biases of this layer, numpy array of shape (n, 1)

    Returns:
    Z -- W @ A_prev + b, numpy array of shape (n, m)

    Example:
    >>> linear_forward(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
    ...                np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]]), np.array([[0.5], [-1.0]]))
    array([[-3.5, -3.5],
           [ 3.5,  5. ]])
    """
    # TODO: compute Z (one line).
    raise NotImplementedError


def forward_pass(X, parameters):
    """Run the whole network forward: ReLU hidden layers, then a sigmoid output layer.

    Arguments:
    X          -- input data, numpy array of shape (n_x, m), one example per column
    parameters -- dict "W1", "b1", ..., "WL", "bL" as returned by initialize_parameters

    Returns:
    AL     -- output of the sigmoid layer, numpy array of shape (n_L, m), values in (0, 1)
    caches -- list of L tuples, one per layer in layer order: caches[l - 1] is
              (A_prev, W, b, Z) of layer l, where A_prev is the layer's input (X for layer 1),
              W and b its parameters and Z = W @ A_prev + b; each array has its own shape above

    Example:
    >>> X = np.array([[1.0, -2.0], [0.5, 3.0]])
    >>> parameters = {"W1": np.array([[1.0, 1.0], [-1.0, 2.0], [0.5, -0.5]]), "b1": np.array([[0.0], [0.5], [-1.0]]),
    ...               "W2": np.array([[1.0, -1.0, 2.0]]), "b2": np.array([[0.25]])}
    >>> AL, caches = forward_pass(X, parameters)
    >>> AL
    array([[7.77299861e-01, 7.09670399e-04]])
    >>> len(caches), [len(cache) for cache in caches]
    (2, [4, 4])
    """
    # TODO: the number of layers L is len(parameters) // 2. Start from A = X; for layers 1 .. L - 1
    # compute Z with linear_forward, keep (A_prev, W, b, Z) in caches and apply relu; the last
    # layer L does the same with sigmoid. Return (AL, caches).
    raise NotImplementedError
