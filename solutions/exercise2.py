"""Reference solution for exercise 2: initialisation and the forward pass."""

import numpy as np


def sigmoid(Z):
    """Elementwise 1 / (1 + exp(-Z)), without overflow for large |Z|."""
    return np.exp(-np.logaddexp(0, -Z))


def relu(Z):
    """Elementwise max(0, Z)."""
    return np.maximum(0, Z)


def initialize_parameters(layer_dims, seed=0):
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        # He scaling: keeps the variance of Z near that of its inputs through ReLU layers.
        parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2.0 / n_prev)
        # Zero biases are fine: the random weights already break the symmetry between neurons.
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def linear_forward(A_prev, W, b):
    # b is (n, 1): broadcasting adds the same bias to every example (column).
    return W @ A_prev + b


def forward_pass(X, parameters):
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = linear_forward(A, W, b)
        # Backpropagation needs each layer's input and Z, so keep them in layer order.
        caches.append((A, W, b, Z))
        A = sigmoid(Z) if l == L else relu(Z)
    return A, caches
