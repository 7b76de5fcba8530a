"""Grader for exercise3: compute_cost. Each test is one check of course.yaml (test_<check id>)."""

import numpy as np

from grader.checks import expect_close, expect_python_float, fail


def test_docstring_example(learner, cases):
    case = cases.named("docstring example")
    got = learner.run(case)
    expect_close("cost", got, case.expected, case)


def test_values(learner, cases):
    for case in cases("compute_cost"):
        if case.name == "docstring example":
            continue
        expect_close("cost", learner.run(case), case.expected, case)


def test_returns_python_float(learner, cases):
    for case in cases("compute_cost")[:3]:
        expect_python_float("cost", learner.run(case), case)


def test_perfect_predictions_cost_almost_nothing(learner):
    Y = np.array([[1.0, 0.0, 1.0, 1.0]])
    AL = np.array([[1 - 1e-9, 1e-9, 1 - 1e-9, 1 - 1e-9]])
    got = learner.call("compute_cost", AL, Y)
    if not isinstance(got, (float, int, np.ndarray, np.generic)):
        fail("`cost` should be a number.")
    value = float(np.asarray(got, dtype=float).ravel()[0]) if np.size(got) == 1 else None
    if value is None or not (0 <= value < 1e-6):
        fail("Predictions that match the labels almost exactly should cost almost nothing:",
             "  expected: a cost between 0 and 1e-6",
             f"  got:      {got!r}",
             "A cost that is negative or large here points at a sign or a swapped term.")


def test_inputs_unchanged(learner, cases):
    case = cases("compute_cost")[2]
    _, (AL_after, Y_after), _ = learner.call_checked("compute_cost", *case.args)
    for name, before, after in (("AL", case.args[0], AL_after), ("Y", case.args[1], Y_after)):
        if not (isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before)):
            fail(f"compute_cost changed its input `{name}` in place.",
                 "A cost function must only read its inputs: compute into new arrays (np.log(AL), not AL[...] = ...).")
