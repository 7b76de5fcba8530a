"""Cases for exercise8 (softmax, categorical_cross_entropy, softmax_cross_entropy_backward) and the
typical mistakes its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results. The
numerical gradients the grader compares dZ with are computed here, by centred differences of the
cost with respect to Z, and stored in the fixtures (case.data["numerical_dZ"]).
"""

import numpy as np

from grader.cases import Case, Mistake


def _softmax(Z):
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def one_hot(labels, C):
    Y = np.zeros((C, len(labels)))
    Y[labels, np.arange(len(labels))] = 1.0
    return Y


def _cost_of_scores(Z, Y):
    # log softmax without forming softmax: log(AL) = Z - max - log(sum(exp(Z - max)))
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_AL = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return -np.sum(Y * log_AL) / Y.shape[1]


def numerical_gradient(Z, Y, epsilon=1e-6):
    grad = np.zeros_like(Z)
    for index in np.ndindex(Z.shape):
        plus, minus = Z.copy(), Z.copy()
        plus[index] += epsilon
        minus[index] -= epsilon
        grad[index] = (_cost_of_scores(plus, Y) - _cost_of_scores(minus, Y)) / (2 * epsilon)
    return grad


def _scores(rng, C, m, scale=2.0):
    return rng.standard_normal((C, m)) * scale


def _labelled(rng, C, m):
    Z = _scores(rng, C, m)
    return Z, one_hot(rng.integers(0, C, m), C)


def _backward_case(name, Z, Y, hidden=False):
    return Case(name, "softmax_cross_entropy_backward", (_softmax(Z), Y), hidden=hidden, m=Y.shape[1],
                extras={"Z": lambda AL, Y: Z, "numerical_dZ": lambda AL, Y: numerical_gradient(Z, Y)})


def cases():
    rng = np.random.default_rng(8)
    yield Case("softmax: docstring example", "softmax", (np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 1000.0]]),))
    for C, m, hidden in ((3, 4, False), (5, 1, False), (2, 6, False), (10, 7, False), (4, 9, True), (6, 2, True)):
        yield Case(f"softmax: {C} classes, {m} example(s)" + (" (hidden)" if hidden else ""), "softmax",
                   (_scores(rng, C, m),), hidden=hidden)
    yield Case("softmax: one row (C = 1)", "softmax", (_scores(rng, 1, 5),))
    yield Case("softmax: integer scores", "softmax", (np.array([[1, 2, 3], [3, 2, 1], [0, 0, 0]]),))
    # Stability: every column has its own large scores; a single max for the whole matrix is not enough.
    yield Case("softmax: scores of +-1000", "softmax",
               (np.array([[1000.0, -1000.0, 1000.0], [999.0, -1000.0, -1000.0], [998.0, -1001.0, 0.0]]),))
    yield Case("softmax: columns far apart", "softmax",
               (np.array([[1000.0, -1000.0, 3.0], [1001.0, -999.0, 1.0], [1002.0, -1003.0, 2.0]]),))
    yield Case("softmax: large scores (hidden)", "softmax", (_scores(rng, 4, 6) * 300,), hidden=True)

    AL, Y = np.array([[0.7, 0.1], [0.2, 0.3], [0.1, 0.6]]), np.array([[1, 0], [0, 0], [0, 1]])
    yield Case("cost: docstring example", "categorical_cross_entropy", (AL, Y), m=2)
    for C, m, hidden in ((3, 5, False), (4, 1, False), (10, 8, False), (2, 6, False), (5, 30, True), (7, 3, True)):
        Z, Y = _labelled(rng, C, m)
        yield Case(f"cost: {C} classes, {m} example(s)" + (" (hidden)" if hidden else ""),
                   "categorical_cross_entropy", (_softmax(Z), Y), hidden=hidden, m=m)
    Z, Y = _labelled(rng, 3, 4)
    yield Case("cost: integer labels", "categorical_cross_entropy", (_softmax(Z), Y.astype(int)), m=4)

    yield Case("backward: docstring example", "softmax_cross_entropy_backward",
               (np.array([[0.7, 0.1], [0.2, 0.3], [0.1, 0.6]]), np.array([[1, 0], [0, 0], [0, 1]])), m=2)
    for C, m, hidden in ((3, 4, False), (5, 1, False), (10, 6, False), (4, 12, True), (2, 5, True)):
        Z, Y = _labelled(rng, C, m)
        yield _backward_case(f"backward: {C} classes, {m} example(s)" + (" (hidden)" if hidden else ""), Z, Y, hidden)


# --- typical mistakes ---------------------------------------------------------------------------


def _softmax_over_rows(Z):
    e = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def _mean_over_all_entries(AL, Y):
    return float(-np.mean(Y * np.log(AL)))


def _binary_formula(AL, Y):
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL + 1e-300)) / Y.shape[1])


def _log10(AL, Y):
    return float(-np.sum(Y * np.log10(AL)) / Y.shape[1])


def _through_sigmoid_derivative(AL, Y):
    return (AL - Y) * AL * (1 - AL) / Y.shape[1]


def _divided_by_all_entries(AL, Y):
    return (AL - Y) / Y.size


MISTAKES = [
    Mistake("softmax", "It matches a softmax over the rows (axis=1): each example is a column, so take the max "
            "and the sum over axis=0, with keepdims=True.", _softmax_over_rows),
    Mistake("categorical_cross_entropy", "It matches the mean over all C * m entries (np.mean): the cost averages "
            "over the m examples only, so sum everything and divide by m = Y.shape[1].", _mean_over_all_entries),
    Mistake("categorical_cross_entropy", "It matches the binary cross-entropy's formula, with a (1 - Y) * log(1 - AL) "
            "term: with one-hot labels and softmax, only Y * log(AL) counts.", _binary_formula),
    Mistake("categorical_cross_entropy", "It matches the cost computed with log10: the cross-entropy uses the "
            "natural logarithm, np.log.", _log10),
    Mistake("softmax_cross_entropy_backward", "It matches (AL - Y) * AL * (1 - AL) / m, the sigmoid's derivative "
            "on top: through softmax and the cross-entropy everything cancels into (AL - Y) / m.",
            _through_sigmoid_derivative),
    Mistake("softmax_cross_entropy_backward", "It matches (AL - Y) divided by C * m: divide by the number of "
            "examples m = Y.shape[1] only (Y.size is C * m).", _divided_by_all_entries),
]
