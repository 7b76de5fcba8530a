"""Cases for exercise7 (gradient checking) and the typical mistakes its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
The gradients to check come from the backward pass the stub gives the learner (loaded from the
stub file); the wrong ones are those with one deliberate bug.
"""

import importlib.util
from pathlib import Path

import numpy as np

from grader.cases import Case, Mistake


def _given():
    path = Path(__file__).resolve().parents[2] / "exercises" / "exercise7.py"
    spec = importlib.util.spec_from_file_location("_exercise7_given", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NET = _given()


def random_parameters(rng, layer_dims, order=None):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])
        parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.3
    return {key: parameters[key] for key in (order or parameters)}


def network(rng, layer_dims, m):
    """(X, Y, parameters, grads) with every hidden Z at least 0.05 away from ReLU's kink at 0, so that
    centred differences with epsilon up to 1e-3 never step across it."""
    while True:
        X = rng.standard_normal((layer_dims[0], m))
        Y = (rng.random((1, m)) > 0.5).astype(float)
        parameters = random_parameters(rng, layer_dims)
        AL, caches = NET.forward_pass(X, parameters)
        if all(np.abs(cache[3]).min() > 0.05 for cache in caches[:-1]) and 0 < Y.sum() < m:
            return X, Y, parameters, NET.backward_pass(AL, Y, caches)


def _check(name, rng, layer_dims, m, bug=None, hidden=False, **kwargs):
    while True:
        X, Y, parameters, grads = network(rng, layer_dims, m)
        # A right gradient should pass with a wide margin: redraw the rare network whose rounding
        # noise alone comes near the 1e-7 bar.
        if bug is not None or _mistake("centred")(parameters, grads, X, Y, layer_dims, **kwargs) < 1e-8:
            break
    if bug is not None:
        grads = bug(dict(grads), m)
    return Case(name, "gradient_check", (parameters, grads, X, Y, layer_dims), kwargs, hidden=hidden, m=m)


def _with_extras(rng, grads, layer_dims, m):
    """backward_pass dicts often keep the dA's too: gradients_to_vector must ignore them."""
    extras = {f"dA{l}": rng.standard_normal((layer_dims[l], m)) for l in range(len(layer_dims) - 1)}
    return {**grads, **extras}


def cases():
    rng = np.random.default_rng(7)
    example = {"W1": np.array([[1.0, 2.0], [3.0, 4.0]]), "b1": np.array([[5.0], [6.0]]),
               "W2": np.array([[7.0, 8.0]]), "b2": np.array([[9.0]])}
    yield Case("dictionary_to_vector: docstring example", "dictionary_to_vector", (example,))
    yield Case("dictionary_to_vector: [3, 4, 1]", "dictionary_to_vector", (random_parameters(rng, [3, 4, 1]),))
    yield Case("dictionary_to_vector: [4, 5, 3, 1]", "dictionary_to_vector",
               (random_parameters(rng, [4, 5, 3, 1]),))
    yield Case("dictionary_to_vector: a dict in the order W2, b2, W1, b1", "dictionary_to_vector",
               (random_parameters(rng, [3, 2, 2], order=["W2", "b2", "W1", "b1"]),))
    yield Case("dictionary_to_vector: one layer [5, 2] (hidden)", "dictionary_to_vector",
               (random_parameters(rng, [5, 2]),), hidden=True)
    yield Case("dictionary_to_vector: [2, 6, 4, 3, 1], in backward order (hidden)", "dictionary_to_vector",
               (random_parameters(rng, [2, 6, 4, 3, 1], order=["W4", "b4", "W3", "b3", "W2", "b2", "W1", "b1"]),),
               hidden=True)

    yield Case("vector_to_dictionary: docstring example", "vector_to_dictionary",
               (np.arange(1.0, 10.0).reshape(-1, 1), [2, 2, 1]))
    for dims, hidden in (([3, 4, 1], False), ([4, 5, 3, 1], False), ([6, 1], True), ([2, 6, 4, 3, 1], True)):
        n = sum(dims[l] * (dims[l - 1] + 1) for l in range(1, len(dims)))
        yield Case(f"vector_to_dictionary: {dims}" + (" (hidden)" if hidden else ""), "vector_to_dictionary",
                   (rng.standard_normal((n, 1)), dims), hidden=hidden)

    grads = {"dW2": np.array([[7.0, 8.0]]), "db2": np.array([[9.0]]), "dA1": np.zeros((2, 3)),
             "dW1": np.array([[1.0, 2.0], [3.0, 4.0]]), "db1": np.array([[5.0], [6.0]])}
    yield Case("gradients_to_vector: docstring example", "gradients_to_vector", (grads, [2, 2, 1]))
    for dims, m, extras, hidden in (([3, 4, 1], 5, False, False), ([4, 5, 3, 1], 6, True, False),
                                    ([2, 6, 4, 3, 1], 4, True, True), ([3, 1], 5, False, True)):
        grads = network(rng, dims, m)[3]  # in backward_pass's order: dWL, dbL, ..., dW1, db1
        label = "backward_pass's order" + (" with dA's" if extras else "")
        yield Case(f"gradients_to_vector: {dims}, {label}" + (" (hidden)" if hidden else ""), "gradients_to_vector",
                   (_with_extras(rng, grads, dims, m) if extras else grads, dims), hidden=hidden)

    yield _check("correct gradient: [3, 4, 1]", rng, [3, 4, 1], 5)
    yield _check("correct gradient: one layer [3, 1]", rng, [3, 1], 6)
    yield _check("correct gradient: [4, 5, 3, 1]", rng, [4, 5, 3, 1], 8)
    yield _check("correct gradient: [2, 6, 4, 3, 1] (hidden)", rng, [2, 6, 4, 3, 1], 10, hidden=True)
    yield _check("wrong gradient: db1 doubled, [3, 4, 1]", rng, [3, 4, 1], 5,
                 bug=lambda g, m: {**g, "db1": g["db1"] * 2})
    yield _check("wrong gradient: dW2 with the opposite sign, [4, 5, 3, 1]", rng, [4, 5, 3, 1], 8,
                 bug=lambda g, m: {**g, "dW2": -g["dW2"]})
    yield _check("wrong gradient: dW1 without the 1/m, [3, 3, 1] (hidden)", rng, [3, 3, 1], 7, hidden=True,
                 bug=lambda g, m: {**g, "dW1": g["dW1"] * m})
    # With epsilon = 1e-3 the result is deterministic to many digits, so it can be compared with the
    # reference: a one-sided difference is then off by ~1e-4 instead of ~1e-8.
    yield _check("epsilon 1e-3: correct gradient, [3, 4, 1]", rng, [3, 4, 1], 6, epsilon=1e-3)
    yield _check("epsilon 1e-3: correct gradient, [4, 5, 3, 1]", rng, [4, 5, 3, 1], 8, epsilon=1e-3)
    yield _check("epsilon 1e-3: wrong gradient, dW1 10% too large, [3, 4, 1]", rng, [3, 4, 1], 5, epsilon=1e-3,
                 bug=lambda g, m: {**g, "dW1": g["dW1"] * 1.1})
    yield _check("epsilon 1e-3: correct gradient, [2, 6, 4, 3, 1] (hidden)", rng, [2, 6, 4, 3, 1], 9,
                 hidden=True, epsilon=1e-3)


# --- typical mistakes ---------------------------------------------------------------------------


def _names(L):
    return [name for l in range(1, L + 1) for name in (f"W{l}", f"b{l}")]


def _column_major_theta(parameters):
    return np.concatenate([parameters[k].reshape(-1, 1, order="F") for k in _names(len(parameters) // 2)])


def _dict_order_theta(parameters):
    return np.concatenate([value.reshape(-1, 1) for value in parameters.values()])


def _column_major_dictionary(theta, layer_dims):
    parameters, start = {}, 0
    for l in range(1, len(layer_dims)):
        for key, shape in ((f"W{l}", (layer_dims[l], layer_dims[l - 1])), (f"b{l}", (layer_dims[l], 1))):
            parameters[key] = theta[start:start + shape[0] * shape[1]].reshape(shape, order="F")
            start += shape[0] * shape[1]
    return parameters


def _column_major_grad(grads, layer_dims):
    return np.concatenate([grads["d" + k].reshape(-1, 1, order="F") for k in _names(len(layer_dims) - 1)])


def _dict_order_grad(grads, layer_dims):
    return np.concatenate([value.reshape(-1, 1) for key, value in grads.items() if not key.startswith("dA")])


def _theta(parameters):
    return np.concatenate([parameters[k].reshape(-1, 1) for k in _names(len(parameters) // 2)])


def _cost(theta, X, Y, layer_dims):
    return NET.forward_cost(X, Y, _dictionary(theta, layer_dims))


def _dictionary(theta, layer_dims):
    parameters, start = {}, 0
    for l in range(1, len(layer_dims)):
        for key, shape in ((f"W{l}", (layer_dims[l], layer_dims[l - 1])), (f"b{l}", (layer_dims[l], 1))):
            parameters[key] = theta[start:start + shape[0] * shape[1]].reshape(shape)
            start += shape[0] * shape[1]
    return parameters


def _gradapprox(parameters, X, Y, layer_dims, epsilon, kind):
    theta = _theta(parameters)
    n = theta.shape[0]
    approx = np.zeros((n, 1))
    J = _cost(theta, X, Y, layer_dims)
    plus, minus = theta.copy(), theta.copy()
    for i in range(n):
        if kind == "one-sided":
            nudged = theta.copy()
            nudged[i, 0] += epsilon
            approx[i, 0] = (_cost(nudged, X, Y, layer_dims) - J) / epsilon
        elif kind == "same array":  # theta_plus and theta_minus are one array: the second nudge undoes the first
            nudged = theta.copy()
            nudged[i, 0] += epsilon
            approx[i, 0] = (_cost(nudged, X, Y, layer_dims) - J) / (2 * epsilon)
        elif kind == "never restored":  # copies made once, before the loop: the nudges pile up
            plus[i, 0] += epsilon
            minus[i, 0] -= epsilon
            approx[i, 0] = (_cost(plus, X, Y, layer_dims) - _cost(minus, X, Y, layer_dims)) / (2 * epsilon)
        else:
            up, down = theta.copy(), theta.copy()
            up[i, 0] += epsilon
            down[i, 0] -= epsilon
            divisor = epsilon if kind == "over epsilon" else 2 * epsilon
            approx[i, 0] = (_cost(up, X, Y, layer_dims) - _cost(down, X, Y, layer_dims)) / divisor
    return approx


def _difference(grad, approx, norm=np.linalg.norm):
    return float(norm(grad - approx) / (norm(grad) + norm(approx)))


def _mistake(kind, norm=np.linalg.norm):
    def compute(parameters, grads, X, Y, layer_dims, epsilon=1e-7):
        grad = np.concatenate([grads["d" + k].reshape(-1, 1) for k in _names(len(layer_dims) - 1)])
        return _difference(grad, _gradapprox(parameters, X, Y, layer_dims, epsilon, kind), norm)
    return compute


def _numerator_only(parameters, grads, X, Y, layer_dims, epsilon=1e-7):
    grad = np.concatenate([grads["d" + k].reshape(-1, 1) for k in _names(len(layer_dims) - 1)])
    return float(np.linalg.norm(grad - _gradapprox(parameters, X, Y, layer_dims, epsilon, "centred")))


def _elementwise_max(parameters, grads, X, Y, layer_dims, epsilon=1e-7):
    grad = np.concatenate([grads["d" + k].reshape(-1, 1) for k in _names(len(layer_dims) - 1)])
    approx = _gradapprox(parameters, X, Y, layer_dims, epsilon, "centred")
    return float(np.max(np.abs(grad - approx) / np.maximum(1e-8, np.abs(grad) + np.abs(approx))))


COLUMN_MAJOR = ("It matches the values flattened column by column (order='F', or .T before reshaping): "
                "flatten row by row, numpy's default order, W.reshape(-1, 1).")

MISTAKES = [
    Mistake("dictionary_to_vector", COLUMN_MAJOR, _column_major_theta),
    Mistake("dictionary_to_vector", "It matches the parameters in the dict's own order: take them in the order "
            "W1, b1, W2, b2, ..., whatever order the dict was built in (for l in range(1, L + 1)).",
            _dict_order_theta),
    Mistake("vector_to_dictionary", "It matches the values filled in column by column (order='F'): "
            "reshape row by row, numpy's default, theta[start:end].reshape(rows, columns).",
            _column_major_dictionary),
    Mistake("gradients_to_vector", COLUMN_MAJOR, _column_major_grad),
    Mistake("gradients_to_vector", "It matches the gradients in the dict's own order, which is backward_pass's "
            "(dWL first): take them in the order dW1, db1, dW2, db2, ... so that they line up with theta.",
            _dict_order_grad),
    Mistake("gradient_check", "It matches a one-sided difference, (J(theta + epsilon) - J(theta)) / epsilon: "
            "use the centred one, (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon).",
            _mistake("one-sided")),
    Mistake("gradient_check", "It matches a centred difference divided by epsilon: divide by 2 * epsilon, "
            "the distance between theta - epsilon and theta + epsilon.", _mistake("over epsilon")),
    Mistake("gradient_check", "It matches theta_plus and theta_minus being the same array (no .copy()): "
            "the second nudge undoes the first, so J_minus is J(theta). Make two copies of theta for each i.",
            _mistake("same array")),
    Mistake("gradient_check", "It matches nudges that pile up: theta_plus and theta_minus must be fresh copies "
            "of theta for each i (copy inside the loop), so that only theta[i] moves.",
            _mistake("never restored")),
    Mistake("gradient_check", "It matches the difference computed with sums of absolute values: ||.||_2 is the "
            "Euclidean norm, np.linalg.norm(v) = sqrt(sum of squares).",
            _mistake("centred", norm=lambda v: np.sum(np.abs(v)))),
    Mistake("gradient_check", "It matches ||grad - gradapprox||_2 alone: divide it by "
            "||grad||_2 + ||gradapprox||_2 to make it relative.", _numerator_only),
    Mistake("gradient_check", "It matches the largest elementwise relative error: the exercise asks for the "
            "norm-based one, ||grad - gradapprox||_2 / (||grad||_2 + ||gradapprox||_2).", _elementwise_max),
]
