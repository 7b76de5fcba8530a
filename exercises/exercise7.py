"""Exercise 7 (session 4): gradient checking, for a whole network.

Deeper networks mean longer backward passes, and a backward pass can be wrong in ways that
still let the cost fall a little: a missing 1/m, a transposed matrix, the wrong layer's Z. Before
trusting one, check it against the definition of the derivative. For any single parameter theta,

    dJ/dtheta  ~  (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon)

for a small epsilon. This *centred* difference is far more accurate than the one-sided
(J(theta + epsilon) - J(theta)) / epsilon: its error shrinks like epsilon**2 instead of epsilon.
It needs two forward passes per parameter, so it is far too slow to train with; it is a test.

A network has many parameters, spread over several matrices. To visit them one by one, lay
them all out in a single column vector theta: W1 first, flattened row by row (numpy's default,
row-major order), then b1, then W2, b2, ... up to bL. The gradients are laid out the same way
(dW1, db1, ..., dWL, dbL), so that entry i of one matches entry i of the other. Then, for each i:
nudge theta[i] up by epsilon, compute the cost; nudge it down, compute the cost; and the centred
difference is gradapprox[i]. Finally compare the two vectors with one number,

    difference = ||grad - gradapprox||_2 / (||grad||_2 + ||gradapprox||_2)

(np.linalg.norm gives ||.||_2). Below 1e-7 the backward pass is right; around 1e-5 look again;
above 1e-3 it is almost certainly wrong.

forward_cost (the forward pass and the cost, for a parameters dict) comes written for you below,
and so does a backward_pass to try your check on.

Run `grade exercise7` to check your work.
"""

import numpy as np


# --- given: the forward pass and the cost, and a backward pass to check ----------------------


def sigmoid(Z):
    """Elementwise 1 / (1 + exp(-Z)), without overflow for large |Z|."""
    return np.exp(-np.logaddexp(0, -Z))


def relu(Z):
    """Elementwise max(0, Z)."""
    return np.maximum(0, Z)


def forward_pass(X, parameters):
    """(AL, caches): ReLU hidden layers, a sigmoid output layer; one (A_prev, W, b, Z) cache per layer."""
    n_layers = len(parameters) // 2
    A, caches = X, []
    for l in range(1, n_layers + 1):
        A_prev, W, b = A, parameters["W" + str(l)], parameters["b" + str(l)]
        Z = np.dot(W, A_prev) + b
        caches.append((A_prev, W, b, Z))
        A = relu(Z) if l < n_layers else sigmoid(Z)
    return A, caches


def compute_cost(AL, Y):
    """Binary cross-entropy averaged over the m examples, as a Python float."""
    m = Y.shape[1]
    return float(-(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)).item() / m)


def forward_cost(X, Y, parameters):
    """The cost J of the network `parameters` on (X, Y): a forward pass, then the cross-entropy."""
    return compute_cost(forward_pass(X, parameters)[0], Y)


def backward_pass(AL, Y, caches):
    """{"dWL", "dbL", ..., "dW1", "db1"}: the gradients of compute_cost for every layer (output layer first)."""
    m = AL.shape[1]
    grads = {}
    dZ = AL - Y  # sigmoid output with the cross-entropy cost
    for l in reversed(range(1, len(caches) + 1)):
        A_prev, W, _, _ = caches[l - 1]
        grads["dW" + str(l)] = np.dot(dZ, A_prev.T) / m
        grads["db" + str(l)] = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            dZ = np.dot(W.T, dZ) * (caches[l - 2][3] > 0)  # back through the ReLU of layer l - 1
    return grads


# --- your part ----------------------------------------------------------------------------------


def dictionary_to_vector(parameters):
    """All the parameters in one column vector, in the order W1, b1, W2, b2, ..., WL, bL.

    Arguments:
    parameters -- dict {"W1", "b1", ..., "WL", "bL"}; the dict's own order does not matter
                  (the layer numbers decide): L = len(parameters) // 2

    Returns:
    theta -- numpy array of shape (n, 1), n the total number of parameters: W1's values row by row
             (row-major order: W1.reshape(-1, 1)), then b1's, then W2's, b2's, ...
    keys  -- list of n strings: keys[i] names the parameter theta[i] comes from ("W1", "b1", ...)

    Example:
    >>> theta, keys = dictionary_to_vector({"W1": np.array([[1.0, 2.0], [3.0, 4.0]]), "b1": np.array([[5.0], [6.0]]),
    ...                                     "W2": np.array([[7.0, 8.0]]), "b2": np.array([[9.0]])})
    >>> theta.ravel(), keys
    (array([1., 2., 3., 4., 5., 6., 7., 8., 9.]), ['W1', 'W1', 'W1', 'W1', 'b1', 'b1', 'W2', 'W2', 'b2'])
    """
    # TODO: for l = 1 .. L, add Wl then bl, each reshaped to a column, and one key per value.
    raise NotImplementedError


def vector_to_dictionary(theta, layer_dims):
    """The inverse of dictionary_to_vector: the parameters dict a column vector theta stands for.

    Arguments:
    theta      -- numpy array of shape (n, 1), laid out as dictionary_to_vector lays it out
    layer_dims -- list of the layer sizes [n_0, n_1, ..., n_L]: they give every parameter's shape,
                  Wl (layer_dims[l], layer_dims[l - 1]) and bl (layer_dims[l], 1)

    Returns:
    parameters -- dict {"W1", "b1", ..., "WL", "bL"} of arrays of those shapes, filled row by row

    Example:
    >>> parameters = vector_to_dictionary(np.arange(1.0, 10.0).reshape(-1, 1), [2, 2, 1])
    >>> parameters["W1"], parameters["b2"]
    (array([[1., 2.],
           [3., 4.]]), array([[9.]]))
    """
    # TODO: walk along theta: each parameter takes the next rows * columns values, reshaped.
    raise NotImplementedError


def gradients_to_vector(grads, layer_dims):
    """The gradients in one column vector, laid out like theta: dW1, db1, dW2, db2, ..., dWL, dbL.

    Arguments:
    grads      -- dict with "dW1", "db1", ..., "dWL", "dbL" (in any order: backward_pass starts from the
                  output layer), each of its parameter's shape; other keys (such as "dA1") are ignored
    layer_dims -- list of the layer sizes [n_0, ..., n_L]: L = len(layer_dims) - 1

    Returns:
    grad -- numpy array of shape (n, 1): grad[i] is the derivative of the cost with respect to theta[i]

    Example:
    >>> grads = {"dW2": np.array([[7.0, 8.0]]), "db2": np.array([[9.0]]), "dA1": np.zeros((2, 3)),
    ...          "dW1": np.array([[1.0, 2.0], [3.0, 4.0]]), "db1": np.array([[5.0], [6.0]])}
    >>> gradients_to_vector(grads, [2, 2, 1]).ravel()
    array([1., 2., 3., 4., 5., 6., 7., 8., 9.])
    """
    # TODO: the same walk as dictionary_to_vector, over "dW1", "db1", ..., "dWL", "dbL" only.
    raise NotImplementedError


def gradient_check(parameters, grads, X, Y, layer_dims, epsilon=1e-7):
    """How far the gradients `grads` are from centred differences of the cost: the relative error.

    Arguments:
    parameters -- dict {"W1", "b1", ..., "WL", "bL"}: the point where the gradients were computed
    grads      -- dict {"dW1", "db1", ..., "dWL", "dbL"} (extra keys ignored): the gradients to check
    X          -- inputs, numpy array of shape (n_x, m)
    Y          -- labels, numpy array of shape (1, m)
    layer_dims -- list of the layer sizes [n_x, n_1, ..., n_L]
    epsilon    -- the small nudge of the centred difference

    Returns:
    difference -- a Python float: ||grad - gradapprox||_2 / (||grad||_2 + ||gradapprox||_2), where grad is
                  gradients_to_vector(grads, layer_dims) and, for every i,
                  gradapprox[i] = (J(theta + epsilon e_i) - J(theta - epsilon e_i)) / (2 * epsilon),
                  J(theta) = forward_cost(X, Y, vector_to_dictionary(theta, layer_dims)) and e_i the
                  vector with a 1 at index i (only theta[i] moves, and it moves back afterwards)

    Example:
    >>> rng = np.random.default_rng(0)
    >>> X, Y = rng.standard_normal((3, 5)), np.array([[1, 0, 1, 1, 0]])
    >>> parameters = {"W1": rng.standard_normal((4, 3)), "b1": rng.standard_normal((4, 1)),
    ...               "W2": rng.standard_normal((1, 4)), "b2": rng.standard_normal((1, 1))}
    >>> AL, caches = forward_pass(X, parameters)
    >>> grads = backward_pass(AL, Y, caches)
    >>> gradient_check(parameters, grads, X, Y, [3, 4, 1]) < 1e-7
    True
    >>> grads["db1"] = grads["db1"] * 2  # a deliberate bug
    >>> gradient_check(parameters, grads, X, Y, [3, 4, 1]) > 1e-3
    True
    """
    # TODO: theta from the parameters, grad from the gradients.
    # TODO: for each i: the cost with theta[i] + epsilon, with theta[i] - epsilon (on copies of theta),
    #       and their centred difference into gradapprox[i].
    # TODO: the relative error above, returned as a Python float.
    raise NotImplementedError
