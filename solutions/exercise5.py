"""Reference solution for exercise 5: one gradient-descent step."""

import numpy as np


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2  # two entries, W and b, per layer
    new_parameters = {}
    for l in range(1, L + 1):
        for key in (f"W{l}", f"b{l}"):
            # `-` makes a new array; `-=` would write into the caller's array, which its dict still holds.
            new_parameters[key] = parameters[key] - learning_rate * grads["d" + key]
    return new_parameters
