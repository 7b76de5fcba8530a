"""Reference solution for exercise 4: backpropagation through the whole network."""

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
    grads = {}
    L = len(caches)
    m = AL.shape[1]
    Y = Y.reshape(AL.shape)
    # For a sigmoid output and the cross-entropy cost, dJ/dAL * sigmoid'(ZL) simplifies to AL - Y.
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, W, b, Z = caches[l - 1]
        # The cost is an average over the m examples, so each gradient is too.
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA_prev = W.T @ dZ
            # Layer l - 1 is a hidden (ReLU) layer: its Z is in its own cache.
            dZ = relu_backward(dA_prev, caches[l - 2][3])
    return grads
