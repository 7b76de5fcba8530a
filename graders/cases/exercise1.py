"""Cases for exercise1 (sigmoid, relu) and the typical mistakes its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
Case names are read by graders/test_exercise1.py: keep them in step.
"""

import numpy as np

from grader.cases import Case, Mistake

# Array cases: one per shape the values checks cover (scalars have their own cases below).
SHAPES = [("a vector", (1,)), ("a column", (3, 1)), ("a matrix", (4, 5)), ("a 3-D array", (2, 3, 4))]
HIDDEN_SHAPES = [("a long vector", (7,)), ("a wide matrix", (3, 8)), ("a 4-D array", (2, 2, 3, 2))]


def _values(rng, shape):
    # Moderate values of both signs, some of them large enough to be near 0 or 1 after a sigmoid.
    return rng.normal(0.0, 3.0, size=shape)


def cases():
    rng = np.random.default_rng(1)
    for function in ("sigmoid", "relu"):
        for label, shape in SHAPES:
            yield Case(f"{function} of {label} {shape}", function, (_values(rng, shape),))
        for z in (2.0, -1.5):
            yield Case(f"{function} of the number {z}", function, (z,))
        yield Case(f"{function} of an integer array", function, (np.array([[-3, -1, 0, 1, 2, 5]]),))
        for label, shape in HIDDEN_SHAPES:
            yield Case(f"{function} of {label} {shape} (hidden)", function, (_values(rng, shape),), hidden=True)
        yield Case(f"{function} of the number 0.3 (hidden)", function, (0.3,), hidden=True)
    yield Case("sigmoid of the number 0.0", "sigmoid", (0.0,))
    yield Case("sigmoid at -1000 and 1000", "sigmoid", (np.array([[-1000.0, -800.0, -50.0, 0.0, 50.0, 800.0, 1000.0]]),))
    yield Case("sigmoid of the number -1000.0", "sigmoid", (-1000.0,))
    yield Case("sigmoid of the number 1000.0", "sigmoid", (1000.0,))
    yield Case("sigmoid from -35 to 35", "sigmoid", (np.linspace(-35.0, 35.0, 29).reshape(1, 29),))
    yield Case("relu at 0 and around it", "relu", (np.array([[-3.0, -0.5, -1e-8, 0.0, 1e-8, 2.0]]),))
    yield Case("relu of the number 0.0", "relu", (0.0,))
    yield Case("sigmoid from -35 to 35, shuffled (hidden)", "sigmoid",
               (rng.permutation(np.linspace(-35.0, 35.0, 36)).reshape(6, 6),), hidden=True)


# --- typical mistakes, computed without overflow so that every stored value is finite ------------


def _stable_sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))[()]


def _sign_flipped(z):
    return _stable_sigmoid(-np.asarray(z, dtype=float))


def _tanh(z):
    return np.tanh(np.asarray(z, dtype=float))[()]


def _exp_only(z):
    # 1 / np.exp(-z), the sigmoid without its "1 +": capped so the fixture stays finite.
    return np.exp(np.minimum(np.asarray(z, dtype=float), 700.0))[()]


def _mask(z):
    return (np.asarray(z) > 0).astype(float)[()]


def _reduced_max(z):
    z = np.asarray(z, dtype=float)
    return np.max(z, 0) if z.ndim else z[()]  # np.max(z, 0): the largest value of each column


def _absolute(z):
    return np.abs(np.asarray(z, dtype=float))[()]


def _leaky(z):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, 0.01 * z)[()]


def _minimum(z):
    return np.minimum(np.asarray(z, dtype=float), 0)[()]


MISTAKES = [
    Mistake("sigmoid", "It matches 1 / (1 + np.exp(z)): the exponent has the wrong sign. "
            "The sigmoid is 1 / (1 + np.exp(-z)), which grows with z.", _sign_flipped),
    Mistake("sigmoid", "It matches np.tanh(z), which goes from -1 to 1: the sigmoid is 1 / (1 + np.exp(-z)), "
            "between 0 and 1.", _tanh),
    Mistake("sigmoid", "It matches np.exp(z) (1 / np.exp(-z)): the 1 + in the denominator is missing: "
            "1 / (1 + np.exp(-z)).", _exp_only),
    Mistake("relu", "It matches the mask z > 0 (1 where z is positive, 0 elsewhere): relu keeps the value "
            "itself where z is positive. Use np.maximum(z, 0).", _mask),
    Mistake("relu", "It matches np.max(z, 0), which finds the largest value of each column (it reduces an axis). "
            "The elementwise maximum of z and 0 is np.maximum(z, 0).", _reduced_max),
    Mistake("relu", "It matches np.abs(z): relu does not flip the sign of negative values, it replaces them by 0.",
            _absolute),
    Mistake("relu", "It matches a leaky ReLU (0.01 * z for negative z): this course's relu gives exactly 0 "
            "for every negative value.", _leaky),
    Mistake("relu", "It matches np.minimum(z, 0), which keeps the negative values: relu keeps the positive ones, "
            "np.maximum(z, 0).", _minimum),
]
