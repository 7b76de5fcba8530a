"""Cases for exercise3 (compute_cost) and the typical mistakes its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
"""

import numpy as np

from grader.cases import Case, Mistake


def _labels_and_probs(rng, m):
    Y = (rng.random((1, m)) > 0.5).astype(float)
    AL = rng.uniform(0.02, 0.98, size=(1, m))
    return AL, Y


def cases():
    rng = np.random.default_rng(3)
    yield Case("docstring example", "compute_cost",
               (np.array([[0.8, 0.9, 0.4]]), np.array([[1.0, 1.0, 0.0]])), m=3)
    yield Case("one example (m = 1)", "compute_cost", (np.array([[0.3]]), np.array([[1.0]])), m=1)
    for m in (5, 40):
        yield Case(f"{m} random examples", "compute_cost", _labels_and_probs(rng, m), m=m)
    yield Case("confident and wrong", "compute_cost",
               (np.array([[0.01, 0.99, 0.02, 0.97]]), np.array([[1.0, 0.0, 1.0, 0.0]])), m=4)
    yield Case("integer labels", "compute_cost",
               (np.array([[0.6, 0.2, 0.7, 0.1, 0.5, 0.9]]), np.array([[1, 0, 1, 0, 1, 1]])), m=6)
    for m in (7, 123):
        yield Case(f"{m} random examples (hidden)", "compute_cost", _labels_and_probs(rng, m), m=m, hidden=True)
    yield Case("all labels 0 (hidden)", "compute_cost", (np.array([[0.1, 0.3, 0.2]]), np.zeros((1, 3))),
               m=3, hidden=True)


def _only_positive_term(AL, Y):
    return float(-np.sum(Y * np.log(AL)) / Y.shape[1])


def _log10(AL, Y):
    return float(-np.sum(Y * np.log10(AL) + (1 - Y) * np.log10(1 - AL)) / Y.shape[1])


def _swapped(AL, Y):
    return float(-np.sum(AL * np.log(Y + 1e-300) + (1 - AL) * np.log(1 - Y + 1e-300)) / Y.shape[1])


def _mean_squared(AL, Y):
    return float(np.sum((AL - Y) ** 2) / Y.shape[1])


MISTAKES = [
    Mistake("compute_cost", "It matches the cost without the (1 - Y) * log(1 - AL) term: "
            "examples whose label is 0 must cost something too.", _only_positive_term),
    Mistake("compute_cost", "It matches the cost computed with log10: the cross-entropy uses the natural "
            "logarithm, np.log.", _log10),
    Mistake("compute_cost", "It matches a squared error, not the cross-entropy: use the log formula "
            "in the docstring.", _mean_squared),
    Mistake("compute_cost", "It looks as if AL and Y were swapped: the logs are of the predictions AL, "
            "and Y weighs them.", _swapped),
]
