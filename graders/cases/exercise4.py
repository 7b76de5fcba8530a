"""Cases for exercise4 (backward_pass) and the typical mistakes its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
Each case also stores, as `numerical`, the gradients of the cost measured by centred differences
on its own small forward pass and cost (float64, EPS below), so the grader can run a gradient
check without holding any of this code.
"""

import numpy as np

from grader.cases import Case, Mistake

EPS = 1e-5   # in float64 this step gives the smallest total error here (truncation vs rounding)
KINK_MARGIN = 1e-3   # no hidden Z this close to 0, so that EPS never crosses a ReLU kink


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def _relu(Z):
    return np.maximum(0, Z)


def _forward(X, parameters):
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = W @ A + b
        caches.append((A, W, b, Z))
        A = _sigmoid(Z) if l == L else _relu(Z)
    return A, caches


def _cost(AL, Y):
    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


def _parameters_of(caches):
    parameters = {}
    for l, (_, W, b, _) in enumerate(caches, start=1):
        parameters[f"W{l}"], parameters[f"b{l}"] = np.array(W, dtype=float), np.array(b, dtype=float)
    return parameters


def numerical_gradients(AL, Y, caches):
    """dJ/dp for every entry p of every parameter, by centred differences: (J(p + eps) - J(p - eps)) / (2 eps)."""
    X, parameters = np.asarray(caches[0][0], dtype=float), _parameters_of(caches)
    Y = np.asarray(Y, dtype=float)
    grads = {}
    for name, value in parameters.items():
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            saved = value[index]
            value[index] = saved + EPS
            plus = _cost(_forward(X, parameters)[0], Y)
            value[index] = saved - EPS
            minus = _cost(_forward(X, parameters)[0], Y)
            value[index] = saved
            grad[index] = (plus - minus) / (2 * EPS)
        grads["d" + name] = grad
    return grads


def _case(rng, name, layer_dims, m, hidden=False, integer_labels=False):
    while True:
        parameters = {}
        for l in range(1, len(layer_dims)):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * 1.2 / np.sqrt(n_prev)
            parameters[f"b{l}"] = rng.standard_normal((n, 1)) * 0.3
        X = rng.standard_normal((layer_dims[0], m))
        AL, caches = _forward(X, parameters)
        hidden_Z = [cache[3] for cache in caches[:-1]]
        if all(np.abs(Z).min() > KINK_MARGIN for Z in hidden_Z) and all((Z > 0).any() for Z in hidden_Z):
            break
    Y = (rng.random((1, m)) > 0.5).astype(int if integer_labels else float)
    if m > 1:
        Y[0, :2] = [1, 0]   # both classes present
    return Case(name, "backward_pass", (AL, Y, caches), m=m, hidden=hidden,
                extras={"numerical": numerical_gradients})


def cases():
    rng = np.random.default_rng(4)
    X = np.array([[1.0, -2.0], [0.5, 3.0]])
    W1, b1 = np.array([[1.0, 1.0], [2.0, -1.0]]), np.array([[0.0], [0.5]])
    W2, b2 = np.array([[0.5, -1.0]]), np.array([[1.0]])
    Z1 = W1 @ X + b1
    Z2 = W2 @ _relu(Z1) + b2
    yield Case("docstring example", "backward_pass",
               (_sigmoid(Z2), np.array([[1, 0]]), [(X, W1, b1, Z1), (_relu(Z1), W2, b2, Z2)]), m=2,
               extras={"numerical": numerical_gradients})
    yield _case(rng, "one hidden layer [3, 4, 1], 5 examples", [3, 4, 1], 5)
    yield _case(rng, "one example (m = 1), [4, 3, 1]", [4, 3, 1], 1)
    yield _case(rng, "three layers [5, 4, 3, 1], 6 examples", [5, 4, 3, 1], 6)
    yield _case(rng, "four layers [2, 6, 3, 4, 1], 8 examples, integer labels", [2, 6, 3, 4, 1], 8,
                integer_labels=True)
    yield _case(rng, "no hidden layer [4, 1], 5 examples", [4, 1], 5)
    yield _case(rng, "[7, 5, 5, 2, 1], 10 examples (hidden)", [7, 5, 5, 2, 1], 10, hidden=True)
    yield _case(rng, "[3, 2, 1], one example (hidden)", [3, 2, 1], 1, hidden=True)
    yield _case(rng, "[6, 3, 1], 20 examples (hidden)", [6, 3, 1], 20, hidden=True)


# --- typical mistakes: backward passes with one thing done wrong ----------------------------------


def _backward(output_dZ=lambda AL, Y, Z: AL - Y, hidden_dZ=lambda dA, Z: dA * (Z > 0)):
    def backward(AL, Y, caches):
        Y = np.asarray(Y, dtype=float).reshape(AL.shape)
        m, L = AL.shape[1], len(caches)
        grads = {}
        dZ = output_dZ(AL, Y, caches[-1][3])
        for l in range(L, 0, -1):
            A_prev, W, _, _ = caches[l - 1]
            grads[f"dW{l}"] = dZ @ A_prev.T / m
            grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
            if l > 1:
                dZ = hidden_dZ(W.T @ dZ, caches[l - 2][3])
        return grads
    return backward


def _dAL(AL, Y, Z):
    return -(Y / AL - (1 - Y) / (1 - AL))


def _sigmoid_derivative(dA, Z):
    s = _sigmoid(Z)
    return dA * s * (1 - s)


MISTAKES = [
    Mistake("backward_pass", "It matches a backward pass whose output layer uses dZL = dAL = -(Y / AL - (1 - Y) / (1 - AL)), "
            "without the sigmoid's derivative: multiply by AL * (1 - AL), or use dZL = AL - Y directly.",
            _backward(output_dZ=_dAL)),
    Mistake("backward_pass", "It matches a backward pass without the ReLU derivative on the hidden layers (dZ = dA): "
            "keep dA only where that layer's Z > 0 (relu_backward(dA, Z)).",
            _backward(hidden_dZ=lambda dA, Z: dA)),
    Mistake("backward_pass", "It matches a backward pass that multiplies by Z instead of ReLU's derivative: the "
            "derivative of relu is 1 where Z > 0 and 0 elsewhere, so dZ = dA * (Z > 0).",
            _backward(hidden_dZ=lambda dA, Z: dA * np.maximum(Z, 0))),
    Mistake("backward_pass", "It matches a backward pass that uses the sigmoid's derivative on the hidden layers: they "
            "are ReLU layers, so dZ = dA * (Z > 0) (relu_backward); only the output layer is a sigmoid.",
            _backward(hidden_dZ=_sigmoid_derivative)),
    Mistake("backward_pass", "It matches a backward pass with dZL = Y - AL: the sign is flipped, dZL = AL - Y.",
            _backward(output_dZ=lambda AL, Y, Z: Y - AL)),
]
