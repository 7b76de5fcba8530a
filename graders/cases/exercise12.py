"""Cases for exercise12 (normalize_digits, predict_digits, train_digits) and the typical mistakes its
feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
The digits come from data/ (the learner's training and validation splits) and from
graders/cases/exercise12_held_out.csv.gz, the held-out split, which only the hidden fixture holds
(exercise12_splits.py made all three). The training split travels in the "validation split"
case's extras, so the grader hands it to train_digits without reading any file.
"""

from pathlib import Path

import numpy as np

from grader.cases import Case, Mistake

ROOT = Path(__file__).resolve().parents[2]
PIXEL_MAX = 16


def _load(path):
    """X of shape (64, m) and Y of shape (1, m), both integers, as in the data files."""
    table = np.loadtxt(path, delimiter=",", dtype=np.int64)
    return table[:, :-1].T.copy(), table[:, -1].reshape(1, -1)


def _network(rng, layer_dims):
    """Random weights and biases. Non-zero biases matter: without them a ReLU network gives the same
    argmax for X and for X / 16, and forgetting to scale in predict_digits would go unnoticed.
    (Pixels are never negative, so a random network still favours a few digits: 5 to 7 of the 10.)"""
    parameters = {}
    for l in range(1, len(layer_dims)):
        # Weights 4 times the He scale: with inputs in [0, 1] the images, not the biases, decide the digit.
        W = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1]) * 4
        b = rng.standard_normal((layer_dims[l], 1))
        # Three decimals are plenty for a test network, and keep the fixture files small.
        parameters[f"W{l}"], parameters[f"b{l}"] = W.round(3), b.round(3)
    return parameters


def cases():
    rng = np.random.default_rng(12)
    X_train, Y_train = _load(ROOT / "data" / "digits_train.csv.gz")
    X_valid, Y_valid = _load(ROOT / "data" / "digits_validation.csv.gz")
    X_held, Y_held = _load(ROOT / "graders" / "cases" / "exercise12_held_out.csv.gz")

    yield Case("docstring example", "normalize_digits", (np.array([[0, 8], [16, 4]]),), m=2)
    yield Case("5 training images (floats)", "normalize_digits", (X_train[:, :5].astype(float),), m=5)
    yield Case("one image (m = 1), integer pixels", "normalize_digits", (X_train[:, 7:8],), m=1)
    # No pixel reaches 16 here, so X / X.max() (a typical mistake) gives a different answer.
    faint = np.minimum(X_train[:, 10:14], 11).astype(float)
    yield Case("4 faint images (no pixel above 11)", "normalize_digits", (faint,), m=4)
    yield Case("12 validation images (hidden)", "normalize_digits", (X_valid[:, 20:32].astype(float),), m=12,
               hidden=True)

    yield Case("a softmax on the pixels (one layer), 6 images", "predict_digits",
               (X_train[:, :6], _network(rng, [64, 10])), m=6)
    yield Case("network [64, 16, 10], 10 images", "predict_digits",
               (X_train[:, 100:110].astype(float), _network(rng, [64, 16, 10])), m=10)
    yield Case("network [64, 32, 16, 10], one image (m = 1)", "predict_digits",
               (X_train[:, 50:51].astype(float), _network(rng, [64, 32, 16, 10])), m=1)
    yield Case("validation split", "predict_digits", (X_valid, _network(rng, [64, 20, 10])), m=X_valid.shape[1],
               extras={"Y_valid": lambda X, parameters: Y_valid,
                       "X_train": lambda X, parameters: X_train,
                       "Y_train": lambda X, parameters: Y_train})
    yield Case("network [64, 24, 10], 15 images (hidden)", "predict_digits",
               (X_valid[:, 40:55].astype(float), _network(rng, [64, 24, 10])), m=15, hidden=True)
    yield Case("held-out split (hidden)", "predict_digits", (X_held, _network(rng, [64, 20, 10])),
               m=X_held.shape[1], hidden=True, extras={"Y_held_out": lambda X, parameters: Y_held})


# --- typical mistakes ------------------------------------------------------------------------------


def _softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def _scores(X, parameters):
    L = len(parameters) // 2
    A = X
    for l in range(1, L + 1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        A = _softmax(Z) if l == L else np.maximum(0, Z)
    return A


def _predict_unscaled(X, parameters):
    return np.argmax(_scores(np.asarray(X, dtype=float), parameters), axis=0).reshape(1, -1)


def _predict_divided_by_255(X, parameters):
    return np.argmax(_scores(X / 255, parameters), axis=0).reshape(1, -1)


MISTAKES = [
    Mistake("normalize_digits", "It matches X / 255: the pixels of this dataset go from 0 to 16, not 0 to 255 "
            "as in photos. Divide by PIXEL_MAX (16).", lambda X: X / 255),
    Mistake("normalize_digits", "It matches X // 16, an integer division that rounds every pixel down to 0 or 1: "
            "use the true division X / PIXEL_MAX.", lambda X: X // 16),
    Mistake("normalize_digits", "It matches X / X.max(): divide by PIXEL_MAX (16), the largest pixel possible, "
            "not by the largest pixel of these images, or the same image would be scaled differently in "
            "another batch.", lambda X: X / X.max()),
    Mistake("normalize_digits", "It matches X unchanged: the pixels were not scaled at all.",
            lambda X: np.asarray(X, dtype=float)),
    Mistake("predict_digits", "It matches the digits the network gives for the unscaled pixels: scale X with "
            "normalize_digits before the forward pass, as in training.", _predict_unscaled),
    Mistake("predict_digits", "It matches the digits for X / 255: scale with normalize_digits (X / 16).",
            _predict_divided_by_255),
]
