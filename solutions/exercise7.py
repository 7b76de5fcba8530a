"""Reference solution for exercise 7: gradient checking of a whole network."""

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


# --- the exercise ------------------------------------------------------------------------------


def _in_layer_order(L):
    # Layer order, not the dict's order: theta and grad must line up entry by entry.
    return [name for l in range(1, L + 1) for name in (f"W{l}", f"b{l}")]


def dictionary_to_vector(parameters):
    names = _in_layer_order(len(parameters) // 2)
    # reshape(-1, 1) reads row by row (numpy's C order), the layout vector_to_dictionary undoes.
    theta = np.concatenate([parameters[name].reshape(-1, 1) for name in names], axis=0)
    keys = [name for name in names for _ in range(parameters[name].size)]
    return theta, keys


def vector_to_dictionary(theta, layer_dims):
    parameters, start = {}, 0
    for l, (fan_in, fan_out) in enumerate(zip(layer_dims, layer_dims[1:]), start=1):
        for name, shape in ((f"W{l}", (fan_out, fan_in)), (f"b{l}", (fan_out, 1))):
            size = shape[0] * shape[1]
            parameters[name] = theta[start:start + size].reshape(shape)
            start += size
    return parameters


def gradients_to_vector(grads, layer_dims):
    names = _in_layer_order(len(layer_dims) - 1)
    # Only the parameters' gradients: backward passes often keep dA1, dA2, ... in the same dict.
    return np.concatenate([grads["d" + name].reshape(-1, 1) for name in names], axis=0)


def gradient_check(parameters, grads, X, Y, layer_dims, epsilon=1e-7):
    theta, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(grads, layer_dims)
    gradapprox = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        # A fresh copy for each nudge: only theta[i] moves, and theta itself never does.
        theta_plus = theta.copy()
        theta_plus[i, 0] += epsilon
        J_plus = forward_cost(X, Y, vector_to_dictionary(theta_plus, layer_dims))
        theta_minus = theta.copy()
        theta_minus[i, 0] -= epsilon
        J_minus = forward_cost(X, Y, vector_to_dictionary(theta_minus, layer_dims))
        # Centred difference: its error shrinks like epsilon ** 2, a one-sided one's like epsilon.
        gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return float(numerator / denominator)
