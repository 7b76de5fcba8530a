"""Reference solution for exercise 6: the training loop and predict."""

import numpy as np


# --- given: the network's building blocks (exercises 1 to 5) ---------------------------------


def sigmoid(Z):
    """Elementwise 1 / (1 + exp(-Z)), without overflow for large |Z|."""
    return np.exp(-np.logaddexp(0, -Z))


def relu(Z):
    """Elementwise max(0, Z)."""
    return np.maximum(0, Z)


def initialize_parameters(layer_dims, seed=0):
    """{"W1", "b1", ..., "WL", "bL"} for layer sizes [n_0, ..., n_L]: He-scaled random weights, zero biases.

    The same seed always gives the same parameters.
    """
    generator = np.random.default_rng(seed)
    parameters = {}
    for l, (fan_in, n) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        parameters["W" + str(l)] = generator.standard_normal((n, fan_in)) * np.sqrt(2.0 / fan_in)
        parameters["b" + str(l)] = np.zeros((n, 1))
    return parameters


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


def backward_pass(AL, Y, caches):
    """{"dW1", "db1", ..., "dWL", "dbL"}: the gradients of compute_cost for every layer."""
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


def update_parameters(parameters, grads, learning_rate):
    """A NEW parameters dict after one step of gradient descent; the dict passed in is left unchanged."""
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}


# --- the exercise ------------------------------------------------------------------------------


def predict(X, parameters):
    AL, _ = forward_pass(X, parameters)
    # Strictly greater: a network that cannot decide (AL == 0.5) does not claim class 1.
    return (AL > 0.5).astype(int)


def train(X, Y, layer_dims, learning_rate=0.0075, num_iterations=2500, seed=0, print_every=0):
    # Initialise once, with the caller's seed: the same seed must give the same training.
    parameters = initialize_parameters(layer_dims, seed)
    costs = []
    for i in range(num_iterations):
        AL, caches = forward_pass(X, parameters)
        cost = compute_cost(AL, Y)
        grads = backward_pass(AL, Y, caches)
        # update_parameters returns a new dict: keep it, or the network never learns.
        parameters = update_parameters(parameters, grads, learning_rate)
        # The cost recorded for iteration i is that of the parameters before its update.
        if i % 100 == 0:
            costs.append(cost)
        if print_every and i % print_every == 0:
            print(f"Cost after iteration {i}: {cost:.6f}")
    return parameters, costs
