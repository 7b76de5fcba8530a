"""Cases for exercise10 (compute_cost_with_l2, backward_with_l2, dropout_forward, dropout_backward)
and the typical mistakes its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
The computations below (with the mistakes built in) stay here, never in the grader.
"""

import numpy as np

from grader.cases import Case, Mistake

# --- inputs ------------------------------------------------------------------------------------------


def _network(rng, layer_dims):
    """Unit-scale weights and large biases, so that penalising the biases would show."""
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) + 2.0
    return parameters


def _labels_and_probs(rng, m):
    Y = (rng.random((1, m)) > 0.5).astype(float)
    return rng.uniform(0.05, 0.95, size=(1, m)), Y


def _forward(X, parameters):
    """AL and the caches [(A_prev, W, b, Z), ...] of the course's network (ReLU hidden, sigmoid output)."""
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = W @ A + b
        caches.append((A, W, b, Z))
        A = 1 / (1 + np.exp(-Z)) if l == L else np.maximum(0, Z)
    return A, caches


def _backward_case(rng, name, layer_dims, m, lambd, hidden=False):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * 0.8
        parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.3
    X = rng.standard_normal((layer_dims[0], m))
    AL, caches = _forward(X, parameters)
    Y = (rng.random((1, m)) > 0.5).astype(float)
    return Case(name, "backward_with_l2", (AL, Y, caches, lambd), m=m, hidden=hidden)


def _activations(rng, shape):
    """Positive activations (like a ReLU layer's, without exact zeros), so the zeros show the mask."""
    return np.abs(rng.standard_normal(shape)) + 0.1


def cases():
    rng = np.random.default_rng(10)

    yield Case("docstring example", "compute_cost_with_l2",
               (np.array([[0.8, 0.9, 0.4]]), np.array([[1.0, 1.0, 0.0]]),
                {"W1": np.array([[1.0, -2.0]]), "b1": np.array([[5.0]])}, 0.6))
    for dims, m, lambd, hidden in (([3, 4, 1], 5, 0.7, False), ([4, 5, 3, 1], 8, 0.1, False),
                                   ([3, 2, 1], 1, 1.5, False), ([5, 3, 1], 6, 0.0, False),
                                   ([6, 4, 4, 2, 1], 10, 0.3, True), ([2, 1], 4, 2.0, True)):
        name = f"layer sizes {dims}, {m} example{'s' if m > 1 else ''}, lambd = {lambd}"
        yield Case(name + (" (hidden)" if hidden else ""), "compute_cost_with_l2",
                   (*_labels_and_probs(rng, m), _network(rng, dims), lambd), hidden=hidden)

    yield _backward_case(rng, "one hidden layer [3, 4, 1], 5 examples, lambd = 0.7", [3, 4, 1], 5, 0.7)
    yield _backward_case(rng, "two hidden layers [4, 5, 3, 1], 6 examples, lambd = 0.2", [4, 5, 3, 1], 6, 0.2)
    yield _backward_case(rng, "no hidden layer [3, 1], 4 examples, lambd = 1.0", [3, 1], 4, 1.0)
    yield _backward_case(rng, "lambd = 0: the plain gradients, [2, 3, 1], 3 examples", [2, 3, 1], 3, 0.0)
    yield _backward_case(rng, "[5, 4, 4, 1], 7 examples, lambd = 0.5 (hidden)", [5, 4, 4, 1], 7, 0.5, hidden=True)
    yield _backward_case(rng, "[3, 2, 1], one example, lambd = 2.0 (hidden)", [3, 2, 1], 1, 2.0, hidden=True)

    yield Case("dropout_forward docstring example", "dropout_forward", (np.ones((2, 3)), 0.5, 0))
    for shape, keep_prob, seed, hidden in (((4, 5), 0.8, 1, False), ((3, 7), 0.6, 2, False),
                                           ((1, 10), 0.9, 3, False), ((5, 4), 0.7, 4, True),
                                           ((6, 6), 0.5, 5, True)):
        name = f"A {shape}, keep_prob = {keep_prob}, seed {seed}" + (" (hidden)" if hidden else "")
        yield Case(name, "dropout_forward", (_activations(rng, shape), keep_prob, seed), hidden=hidden)

    for shape, keep_prob, hidden in (((4, 5), 0.8, False), ((3, 6), 0.5, False), ((2, 9), 0.7, True)):
        mask = rng.random(shape) < keep_prob
        name = f"dA {shape}, keep_prob = {keep_prob}" + (" (hidden)" if hidden else "")
        yield Case(name, "dropout_backward", (rng.standard_normal(shape), mask, keep_prob), hidden=hidden)


# --- the typical mistakes ------------------------------------------------------------------------------


def _cross_entropy(AL, Y):
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1])


def _sum_over(parameters, letter, layers=None, term=np.square):
    layers = range(1, len(parameters) // 2 + 1) if layers is None else layers
    return float(sum(np.sum(term(parameters[f"{letter}{l}"])) for l in layers))


def _cost(AL, Y, parameters, lambd, factor=0.5, with_biases=False, layers=None, term=np.square,
          cross_entropy=True):
    m = Y.shape[1]
    penalty = _sum_over(parameters, "W", layers, term)
    if with_biases:
        penalty += _sum_over(parameters, "b", layers, term)
    return (_cross_entropy(AL, Y) if cross_entropy else 0.0) + factor * lambd / m * penalty


def _norm(W):
    return np.linalg.norm(W)


def _backward(AL, Y, caches, lambd, factor=1.0, on_biases=False, sign=1.0):
    m = AL.shape[1]
    L = len(caches)
    grads, dZ = {}, AL - Y
    for l in range(L, 0, -1):
        A_prev, W, b, Z = caches[l - 1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m + sign * factor * lambd / m * W
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m + (lambd / m * b if on_biases else 0)
        if l > 1:
            dZ = (W.T @ dZ) * (caches[l - 2][3] > 0)
    return grads


def _dropout(A, keep_prob, seed, draw="default", keep="<", scale="divide"):
    if draw == "legacy":
        r = np.random.RandomState(seed).rand(*A.shape)
    else:
        r = np.random.default_rng(seed).random(A.shape)
    if draw == "binomial":
        mask = np.random.default_rng(seed).binomial(1, keep_prob, A.shape).astype(bool)
    else:
        mask = r < keep_prob if keep == "<" else r > keep_prob
    factor = {"divide": 1 / keep_prob, "none": 1.0, "multiply": keep_prob}[scale]
    return A * mask * factor, mask


MISTAKES = [
    Mistake("compute_cost_with_l2", "It matches the penalty with the biases included: only the weights W1, "
            "..., WL are penalised, never b1, ..., bL.", lambda *a: _cost(*a, with_biases=True)),
    Mistake("compute_cost_with_l2", "It matches (lambd / m) * sum of the squared weights, twice the penalty: "
            "the factor is lambd / (2 * m).", lambda *a: _cost(*a, factor=1.0)),
    Mistake("compute_cost_with_l2", "It matches (lambd / 2) * sum of the squared weights, without the m: the "
            "penalty is averaged over the examples too, lambd / (2 * m).",
            lambda AL, Y, p, lambd: _cost(AL, Y, p, lambd, factor=0.5 * Y.shape[1])),
    Mistake("compute_cost_with_l2", "It matches the penalty alone, without the cross-entropy: add it to "
            "compute_cost(AL, Y).", lambda *a: _cost(*a, cross_entropy=False)),
    Mistake("compute_cost_with_l2", "It matches the penalty without the last layer's weights: the layers go "
            "from 1 to L included, range(1, L + 1).",
            lambda AL, Y, p, lambd: _cost(AL, Y, p, lambd, layers=range(1, len(p) // 2))),
    Mistake("compute_cost_with_l2", "It matches the sum of the absolute values of the weights (L1): L2 "
            "squares them, np.sum(np.square(W)).", lambda *a: _cost(*a, term=np.abs)),
    Mistake("compute_cost_with_l2", "It matches the norm of each W, np.linalg.norm(W), not squared: the "
            "penalty adds the squares of the weights, np.sum(np.square(W)).", lambda *a: _cost(*a, term=_norm)),
    Mistake("backward_with_l2", "It matches dW plus (lambd / (2 * m)) * W: the derivative of "
            "(lambd / (2m)) * W ** 2 is (lambd / m) * W, the 2 cancels.", lambda *a: _backward(*a, factor=0.5)),
    Mistake("backward_with_l2", "It matches dW plus lambd * W, without the 1 / m: add (lambd / m) * W.",
            lambda AL, Y, caches, lambd: _backward(AL, Y, caches, lambd, factor=AL.shape[1])),
    Mistake("backward_with_l2", "It matches dW plus (2 * lambd / m) * W: the cost's penalty is "
            "(lambd / (2m)) * sum(W ** 2), whose derivative is (lambd / m) * W.",
            lambda *a: _backward(*a, factor=2.0)),
    Mistake("backward_with_l2", "It matches dW minus (lambd / m) * W: the penalty's gradient is added, "
            "dW + (lambd / m) * W (gradient descent then subtracts it).", lambda *a: _backward(*a, sign=-1.0)),
    Mistake("backward_with_l2", "It matches (lambd / m) * b added to db: the penalty has no bias in it, so "
            "every db stays as backward_pass gave it.", lambda *a: _backward(*a, on_biases=True)),
    Mistake("dropout_forward", "It matches the mask rng.random(A.shape) > keep_prob, which keeps a unit with "
            "probability 1 - keep_prob: keep it when the draw is BELOW keep_prob, rng.random(A.shape) < keep_prob.",
            lambda *a: _dropout(*a, keep=">")),
    Mistake("dropout_forward", "It matches the old global generator (np.random.seed(seed) and np.random.rand): "
            "use rng = np.random.default_rng(seed) and rng.random(A.shape).", lambda *a: _dropout(*a, draw="legacy")),
    Mistake("dropout_forward", "It matches a mask drawn with rng.binomial: draw the mask as "
            "rng.random(A.shape) < keep_prob, so that a seed gives the course's mask.",
            lambda *a: _dropout(*a, draw="binomial")),
    Mistake("dropout_forward", "It matches A * mask without the division by keep_prob: inverted dropout "
            "scales the units kept by 1 / keep_prob, so the expected value of A stays the same.",
            lambda *a: _dropout(*a, scale="none")),
    Mistake("dropout_forward", "It matches A * mask * keep_prob: divide by keep_prob instead, A * mask / keep_prob.",
            lambda *a: _dropout(*a, scale="multiply")),
    Mistake("dropout_backward", "It matches dA * mask without the division by keep_prob: the forward pass "
            "scaled the units kept by 1 / keep_prob, so their gradients are scaled the same way.",
            lambda dA, mask, keep_prob: dA * mask),
    Mistake("dropout_backward", "It matches dA * mask * keep_prob: divide by keep_prob, as the forward pass did.",
            lambda dA, mask, keep_prob: dA * mask * keep_prob),
    Mistake("dropout_backward", "It matches dA / keep_prob without the mask: the units dropped forward passed "
            "nothing on, so their gradient is 0 (multiply by mask).", lambda dA, mask, keep_prob: dA / keep_prob),
]
