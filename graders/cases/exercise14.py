"""Cases for exercise14 (rnn_cell_forward, rnn_forward) and the typical mistakes its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
The cell and the loop below (with the mistakes built in) stay here, never in the grader. A mistake
that needs square matrices (Waa and Wax swapped) or m == T_x (time and examples confused) can only
happen on cases of those sizes; elsewhere its value is None and the grader skips it.
"""

import numpy as np

from grader.cases import Case, Mistake


def _parameters(rng, n_x, n_a, n_y):
    return {"Waa": rng.standard_normal((n_a, n_a)).round(3) * 0.7, "Wax": rng.standard_normal((n_a, n_x)).round(3),
            "Wya": rng.standard_normal((n_y, n_a)).round(3) * 2, "ba": rng.standard_normal((n_a, 1)).round(3),
            "by": rng.standard_normal((n_y, 1)).round(3)}


def _cell_case(rng, name, n_x, n_a, n_y, m, hidden=False):
    args = (rng.standard_normal((n_x, m)).round(3), rng.standard_normal((n_a, m)).round(3),
            _parameters(rng, n_x, n_a, n_y))
    return Case(name, "rnn_cell_forward", args, m=m, hidden=hidden)


def _forward_case(rng, name, n_x, n_a, n_y, m, T_x, hidden=False):
    args = (rng.standard_normal((n_x, m, T_x)).round(3), rng.standard_normal((n_a, m)).round(3),
            _parameters(rng, n_x, n_a, n_y))
    return Case(name, "rnn_forward", args, m=m, hidden=hidden)


def cases():
    rng = np.random.default_rng(14)
    yield Case("docstring example", "rnn_cell_forward",
               (np.array([[2.0], [1.0]]), np.array([[0.4]]),
                {"Waa": np.array([[0.5]]), "Wax": np.array([[1.0, -1.0]]), "Wya": np.array([[1.0], [-1.0]]),
                 "ba": np.array([[0.1]]), "by": np.array([[0.0], [0.0]])}), m=1)
    yield _cell_case(rng, "n_x = 3, n_a = 5, n_y = 2, 10 examples", 3, 5, 2, 10)
    yield _cell_case(rng, "n_x = 4, n_a = 3, n_y = 6, one example (m = 1)", 4, 3, 6, 1)
    yield _cell_case(rng, "n_x = n_a = 4, n_y = 3, 5 examples", 4, 4, 3, 5)
    yield _cell_case(rng, "n_x = 6, n_a = 7, n_y = 4, 3 examples (hidden)", 6, 7, 4, 3, hidden=True)
    yield _cell_case(rng, "n_x = n_a = 2, n_y = 2, 4 examples (hidden)", 2, 2, 2, 4, hidden=True)

    yield _forward_case(rng, "n_x = 3, n_a = 5, n_y = 2, 10 examples, T_x = 4", 3, 5, 2, 10, 4)
    yield _forward_case(rng, "one step (T_x = 1), n_x = 2, n_a = 3, n_y = 4, 6 examples", 2, 3, 4, 6, 1)
    yield _forward_case(rng, "one example (m = 1), T_x = 7, n_x = 4, n_a = 2, n_y = 3", 4, 2, 3, 1, 7)
    yield _forward_case(rng, "as many examples as steps (m = T_x = 3), n_x = n_a = 3, n_y = 2", 3, 3, 2, 3, 3)
    yield _forward_case(rng, "n_x = 5, n_a = 6, n_y = 3, 4 examples, T_x = 9 (hidden)", 5, 6, 3, 4, 9, hidden=True)
    yield _forward_case(rng, "m = T_x = 5, n_x = n_a = 2, n_y = 3 (hidden)", 2, 2, 3, 5, 5, hidden=True)


# --- typical mistakes: (a_next, yt) of a wrong cell, (a, y) of a wrong loop ------------------------


def _softmax(z, axis=0):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _cell(xt, a_prev, p, activation=np.tanh, swapped=False, bias=True, softmax_axis=0, y_from_prev=False):
    if swapped:
        if p["Waa"].shape != p["Wax"].shape:
            return None
        z = p["Wax"] @ a_prev + p["Waa"] @ xt
    else:
        z = p["Waa"] @ a_prev + p["Wax"] @ xt
    a_next = activation(z + (p["ba"] if bias else 0))
    yt = _softmax(p["Wya"] @ (a_prev if y_from_prev else a_next) + p["by"], axis=softmax_axis)
    return a_next, yt


def _loop(x, a0, p, same_a0=False, time_axis=2, store_prev=False, **cell):
    n_x, m, T_x = x.shape
    if time_axis == 1 and m != T_x:
        return None
    a = np.zeros((p["Waa"].shape[0], m, T_x))
    y = np.zeros((p["Wya"].shape[0], m, T_x))
    a_next = a0
    for t in range(T_x):
        xt = x[:, t, :] if time_axis == 1 else x[:, :, t]
        a_prev = a0 if same_a0 else a_next
        step = _cell(xt, a_prev, p, **cell)
        if step is None:
            return None
        a_next, yt = step
        a[:, :, t], y[:, :, t] = (a_prev if store_prev else a_next), yt
    return a, y


# (what the wrong answer is, how to put it right)
CELL_MISTAKES = [
    ("a sigmoid where the hidden state needs tanh", "a_next = np.tanh(...), which keeps the state between -1 and 1.",
     dict(activation=_sigmoid)),
    ("ReLU where the hidden state needs tanh", "a_next = np.tanh(...).", dict(activation=lambda z: np.maximum(0, z))),
    ("Waa and Wax swapped", "Waa (n_a, n_a) reads the previous state a_prev, Wax (n_a, n_x) reads the input xt.",
     dict(swapped=True)),
    ("the hidden state without the bias ba", "add it inside the tanh.", dict(bias=False)),
    ("a softmax over the examples (axis=1)", "each column, one example, must sum to 1 over the classes, so the "
     "softmax runs over axis 0 (the softmax given in the file does).", dict(softmax_axis=1)),
    ("yt computed from a_prev", "the prediction reads the new state: Wya @ a_next + by.", dict(y_from_prev=True)),
]

LOOP_MISTAKES = [
    ("It matches feeding a0 to every step: each step must read the state the previous step returned "
     "(the a_next of step t is the a_prev of step t + 1).", dict(same_a0=True)),
    ("It matches x[:, t, :] as the input of step t: time is the last axis, so the input at step t is "
     "x[:, :, t] (the middle axis holds the examples).", dict(time_axis=1)),
    ("It matches storing the state *before* each step: a[:, :, t] must hold a_next, the state after step t.",
     dict(store_prev=True)),
] + [(f"It matches {what} at every step (rnn_forward runs rnn_cell_forward: put the cell right first): {fix}",
      options) for what, fix, options in CELL_MISTAKES]


def _cell_mistake(options):
    return lambda xt, a_prev, parameters: _cell(xt, a_prev, parameters, **options)


def _loop_mistake(options):
    return lambda x, a0, parameters: _loop(x, a0, parameters, **options)


MISTAKES = ([Mistake("rnn_cell_forward", f"It matches {what}: {fix}", _cell_mistake(options))
             for what, fix, options in CELL_MISTAKES]
            + [Mistake("rnn_forward", message, _loop_mistake(options)) for message, options in LOOP_MISTAKES])
