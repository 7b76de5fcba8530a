"""Reference solution for exercise 9: mini-batches, momentum and Adam."""

import numpy as np


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    m = X.shape[1]
    # One permutation for both arrays, so that every example keeps its label.
    permutation = np.random.default_rng(seed).permutation(m)
    X_shuffled, Y_shuffled = X[:, permutation], Y[:, permutation]
    # Consecutive slices; the last one simply stops at m when m is not a multiple of the size.
    return [(X_shuffled[:, start:start + mini_batch_size], Y_shuffled[:, start:start + mini_batch_size])
            for start in range(0, m, mini_batch_size)]


def initialize_velocity(parameters):
    return {"d" + key: np.zeros_like(value, dtype=float) for key, value in parameters.items()}


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    new_parameters, new_v = {}, {}
    for key, value in parameters.items():
        grad_key = "d" + key
        # An exponentially weighted average of the gradients: the zig-zags cancel, the trend adds up.
        new_v[grad_key] = beta * v[grad_key] + (1 - beta) * grads[grad_key]
        new_parameters[key] = value - learning_rate * new_v[grad_key]
    return new_parameters, new_v


def initialize_adam(parameters):
    return initialize_velocity(parameters), initialize_velocity(parameters)


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    new_parameters, new_v, new_s = {}, {}, {}
    for key, value in parameters.items():
        grad_key = "d" + key
        grad = grads[grad_key]
        new_v[grad_key] = beta1 * v[grad_key] + (1 - beta1) * grad
        new_s[grad_key] = beta2 * s[grad_key] + (1 - beta2) * grad ** 2
        # Both averages start at 0, so early on they are too small by a factor (1 - beta ** t): undo it.
        v_corrected = new_v[grad_key] / (1 - beta1 ** t)
        s_corrected = new_s[grad_key] / (1 - beta2 ** t)
        new_parameters[key] = value - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return new_parameters, new_v, new_s
