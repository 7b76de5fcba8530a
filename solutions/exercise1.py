"""Reference solution for exercise 1: the sigmoid and ReLU activations."""

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)  # numbers and integer arrays alike become float arrays
    # np.exp of a large positive number overflows, so only ever exponentiate -|z| (at most 0):
    # for z >= 0 the sigmoid is 1 / (1 + e^-z); for z < 0 the same value is e^z / (1 + e^z).
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return s[()]  # a 0-d result comes back as a numpy float; an array stays an array


def relu(z):
    # np.maximum compares element by element and returns a new array: the caller's z is untouched.
    return np.maximum(z, 0)
