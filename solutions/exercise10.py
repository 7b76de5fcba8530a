"""Reference solution for exercise 10: L2 regularisation and inverted dropout."""

import numpy as np


def compute_cost(AL, Y):
    """The cross-entropy cost, averaged over the m examples, as a Python float (exercise 3)."""
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)


def relu_backward(dA, Z):
    """dZ for a ReLU layer: dA where Z > 0, 0 elsewhere."""
    return dA * (Z > 0)


def backward_pass(AL, Y, caches):
    """The gradients of the cross-entropy cost, without regularisation (exercise 4)."""
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
    m = Y.shape[1]
    layers = range(1, len(parameters) // 2 + 1)
    # Only the weights are penalised: the biases do not make the network more complex.
    penalty = sum(np.sum(np.square(parameters[f"W{l}"])) for l in layers)
    return float(compute_cost(AL, Y) + lambd / (2 * m) * penalty)


def backward_with_l2(AL, Y, caches, lambd):
    m = AL.shape[1]
    grads = backward_pass(AL, Y, caches)
    for l, (_, W, _, _) in enumerate(caches, start=1):
        # d/dW of (lambd / 2m) * sum(W ** 2) is (lambd / m) * W; the penalty does not involve b.
        grads[f"dW{l}"] = grads[f"dW{l}"] + lambd / m * W
    return grads


def dropout_forward(A, keep_prob, seed):
    mask = np.random.default_rng(seed).random(A.shape) < keep_prob
    # Dividing by keep_prob keeps the expected value of each activation as it was without dropout.
    return A * mask / keep_prob, mask


def dropout_backward(dA, mask, keep_prob):
    # The units dropped forward passed nothing on, so they get no gradient; the kept ones were scaled.
    return dA * mask / keep_prob
