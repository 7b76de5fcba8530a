"""Exercise 10 (session 4): fighting overfitting with L2 regularisation and dropout.

A deeper network has many more weights than the first one you trained, enough to learn its
training set by heart, noise included: the training accuracy climbs while the accuracy on new
examples stalls or falls. That is overfitting. This exercise builds the two usual remedies.

L2 regularisation. Add to the cost a penalty on large weights:

    J_regularised = cross-entropy + (lambd / (2 * m)) * sum over the layers l of np.sum(Wl ** 2)

lambd (lambda is a Python keyword) sets how strongly large weights are punished. Only the weights
are penalised, never the biases: a bias shifts a neuron, it does not make the network more complex.
The penalty changes the gradients too: the derivative of (lambd / (2m)) * Wl ** 2 is
(lambd / m) * Wl, so backpropagation adds (lambd / m) * Wl to each dWl, and leaves every dbl as
it was. Each gradient-descent step then shrinks the weights a little ("weight decay").

Dropout. During training, switch off each neuron of a layer at random, keeping it with
probability keep_prob: the network cannot rely on any single neuron, so it spreads what it
learns. The mask says which units stay:

    mask = rng.random(A.shape) < keep_prob          True for the units kept
    A_dropped = A * mask / keep_prob

Dividing by keep_prob ("inverted dropout") keeps the expected value of every activation the
same as without dropout, so nothing changes at test time, when dropout is off. Going backward,
the units switched off passed nothing on, so they get no gradient: the backward pass applies the
same mask, and the same 1 / keep_prob, to dA. It must be the mask of the forward pass, not a new one.

compute_cost, relu_backward and the plain backward_pass come written for you below (exercises
3 and 4); your functions use them.

Run `grade exercise10` to check your work.
"""

import numpy as np


def compute_cost(AL, Y):
    """The cross-entropy cost, averaged over the m examples, as a Python float (exercise 3)."""
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)


def relu_backward(dA, Z):
    """dZ for a ReLU layer: dA where Z > 0, 0 elsewhere."""
    return dA * (Z > 0)


def backward_pass(AL, Y, caches):
    """The gradients of the cross-entropy cost, without regularisation (exercise 4).

    caches[l - 1] = (A_prev, W, b, Z) of layer l; returns {"dW1", "db1", ..., "dWL", "dbL"}.
    """
    grads = {}
    L = len(caches)
    m = AL.shape[1]
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, W, b, Z = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dZ = relu_backward(W.T @ dZ, caches[l - 2][3])
    return grads


def compute_cost_with_l2(AL, Y, parameters, lambd):
    """The cross-entropy cost plus the L2 penalty on the weights.

    Arguments:
    AL         -- probabilities from the output layer, numpy array of shape (1, m)
    Y          -- true labels, numpy array of shape (1, m), values 0 or 1
    parameters -- dict {"W1", "b1", ..., "WL", "bL"}: Wl of shape (n_l, n_{l-1}), bl of shape (n_l, 1)
    lambd      -- the regularisation strength, a float >= 0

    Returns:
    cost -- compute_cost(AL, Y) + (lambd / (2 * m)) * (np.sum(W1 ** 2) + ... + np.sum(WL ** 2)),
            a Python float. The biases are not penalised.

    Example:
    >>> parameters = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([[5.0]])}
    >>> compute_cost_with_l2(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]), parameters, 0.6)
    0.7797765635793422
    """
    # TODO: m examples, L = len(parameters) // 2 layers; add the penalty of every Wl to compute_cost(AL, Y).
    raise NotImplementedError


def backward_with_l2(AL, Y, caches, lambd):
    """The gradients of the L2-regularised cost.

    Arguments:
    AL     -- probabilities from the output layer, numpy array of shape (1, m)
    Y      -- true labels, numpy array of shape (1, m)
    caches -- list of the L caches of the forward pass, caches[l - 1] = (A_prev, W, b, Z) of layer l
    lambd  -- the regularisation strength, a float >= 0

    Returns:
    grads -- dict {"dW1", "db1", ..., "dWL", "dbL"}, each the shape of its parameter:
             dWl is backward_pass's dWl plus (lambd / m) * Wl; dbl is backward_pass's dbl, unchanged.
    """
    # TODO: start from backward_pass(AL, Y, caches), then add (lambd / m) * Wl to each dWl
    # (Wl is in caches[l - 1]). Leave the biases' gradients alone.
    raise NotImplementedError


def dropout_forward(A, keep_prob, seed):
    """Inverted dropout on the activations A of one layer.

    Arguments:
    A         -- activations, numpy array of shape (n, m)
    keep_prob -- probability of keeping each unit, a float in (0, 1]
    seed      -- seed of the mask: rng = np.random.default_rng(seed), then mask = rng.random(A.shape) < keep_prob

    Returns:
    A_dropped -- numpy array of shape (n, m): A * mask / keep_prob (0 where a unit is dropped)
    mask      -- boolean numpy array of shape (n, m): True where a unit is kept

    Example:
    >>> A_dropped, mask = dropout_forward(np.ones((2, 3)), 0.5, seed=0)
    >>> mask
    array([[False,  True,  True],
           [ True, False, False]])
    >>> A_dropped
    array([[0., 2., 2.],
           [2., 0., 0.]])
    """
    # TODO: draw the mask from np.random.default_rng(seed), drop the units, scale the rest by 1 / keep_prob.
    raise NotImplementedError


def dropout_backward(dA, mask, keep_prob):
    """The gradient through inverted dropout.

    Arguments:
    dA        -- gradient of the cost with respect to A_dropped, numpy array of shape (n, m)
    mask      -- the mask dropout_forward returned for this layer, boolean array of shape (n, m)
    keep_prob -- the keep_prob of the forward pass

    Returns:
    dA_prev -- gradient with respect to A (before dropout): dA * mask / keep_prob, shape (n, m)
    """
    # TODO: apply the forward pass's mask and scale, in one line.
    raise NotImplementedError
