"""Cases for exercise5 (update_parameters) and the typical mistakes its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
Case names are read by graders/test_exercise5.py: keep them in step.
"""

import numpy as np

from grader.cases import Case, Mistake


def _network(rng, layer_dims, m=4):
    """Parameters and gradients as backpropagation leaves them: grads in backward order, with dA keys."""
    parameters, grads = {}, {}
    L = len(layer_dims) - 1
    for l in range(1, L + 1):
        parameters[f"W{l}"] = rng.normal(0.0, 1.0, size=(layer_dims[l], layer_dims[l - 1]))
        parameters[f"b{l}"] = rng.normal(0.0, 0.5, size=(layer_dims[l], 1))
    for l in range(L, 0, -1):
        grads[f"dA{l - 1}"] = rng.normal(0.0, 1.0, size=(layer_dims[l - 1], m))
        grads[f"dW{l}"] = rng.normal(0.0, 1.0, size=(layer_dims[l], layer_dims[l - 1]))
        grads[f"db{l}"] = rng.normal(0.0, 1.0, size=(layer_dims[l], 1))
    return parameters, grads


def _label(layer_dims):
    L = len(layer_dims) - 1
    return f"{L} layer{'s' if L > 1 else ''} ({' -> '.join(str(n) for n in layer_dims)})"


def cases():
    rng = np.random.default_rng(5)
    yield Case("docstring example", "update_parameters",
               ({"W1": np.array([[1.0, -2.0]]), "b1": np.array([[0.5]])},
                {"dW1": np.array([[0.5, 1.0]]), "db1": np.array([[-1.0]])}, 0.1))
    for dims, rate in (([3, 1], 0.1), ([4, 3, 1], 0.01), ([5, 4, 3, 2, 1], 0.5)):
        yield Case(f"{_label(dims)}, learning rate {rate}", "update_parameters", (*_network(rng, dims), rate))
    for dims, rate in (([6, 5, 2, 1], 1.2), ([12, 8, 1], 0.0075)):
        yield Case(f"{_label(dims)}, learning rate {rate} (hidden)", "update_parameters",
                   (*_network(rng, dims), rate), hidden=True)


# --- typical mistakes: what each would return, as a function of the case's inputs -----------------


def _step(parameters, grads, rate, layers=None, keys="Wb", sign=-1.0):
    L = len(parameters) // 2
    layers = range(1, L + 1) if layers is None else layers
    new = {k: v.copy() for k, v in parameters.items()}
    for l in layers:
        for name in keys:
            new[f"{name}{l}"] = parameters[f"{name}{l}"] + sign * rate * grads[f"d{name}{l}"]
    return new


def _ascent(parameters, grads, rate):
    return _step(parameters, grads, rate, sign=+1.0)


def _only_weights(parameters, grads, rate):
    return _step(parameters, grads, rate, keys="W")


def _last_layer_left_out(parameters, grads, rate):
    return _step(parameters, grads, rate, layers=range(1, len(parameters) // 2))


def _only_first_layer(parameters, grads, rate):
    return _step(parameters, grads, rate, layers=[1])


def _rate_squared(parameters, grads, rate):
    return _step(parameters, grads, rate * rate)


def _rate_left_out(parameters, grads, rate):
    return _step(parameters, grads, 1.0)


MISTAKES = [
    Mistake("update_parameters", "It matches gradient ascent, W + learning_rate * dW: the gradient points uphill, "
            "so gradient descent subtracts it: W - learning_rate * dW.", _ascent),
    Mistake("update_parameters", "The biases were not updated: every bl moves too, bl - learning_rate * dbl.",
            _only_weights),
    Mistake("update_parameters", "The last layer was not updated: range(1, L) stops at L - 1. The layers are "
            "numbered 1 to L, so loop over range(1, L + 1).", _last_layer_left_out),
    Mistake("update_parameters", "Only layer 1 was updated: the loop must visit every layer l = 1, ..., L, "
            "with L = len(parameters) // 2 (each layer has a W and a b).", _only_first_layer),
    Mistake("update_parameters", "It matches a step of learning_rate² * dW: the learning rate is applied twice.",
            _rate_squared),
    Mistake("update_parameters", "It matches W - dW: the step is not scaled by the learning rate, "
            "W - learning_rate * dW.", _rate_left_out),
]
