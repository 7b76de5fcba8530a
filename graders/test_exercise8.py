"""Grader for exercise8: softmax and the categorical cross-entropy. Each test is one check of course.yaml
(test_<check id>)."""

import numpy as np

from grader.checks import (expect_array, expect_close, expect_python_float, expect_shape, fail, fmt_array, fmt_number,
                           gradient_verdict)

_SHAPES = [(3, 5), (1, 4), (7, 2), (2, 9)]


def _softmax_cases(cases):
    return [c for c in cases("softmax") if c.name not in ("softmax: scores of +-1000", "softmax: columns far apart",
                                                          "softmax: large scores (hidden)")]


def _norm_difference(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300))


def _expect_softmax(got, case):
    """softmax's result matches the reference; nan or inf get the diagnosis of what overflowed."""
    got = expect_shape("AL", got, case.expected.shape, case)
    bad = ~np.isfinite(np.asarray(got, dtype=float))
    if bad.any():
        columns = sorted({int(i) for i in np.argwhere(bad)[:, 1]})
        lines = [f'`AL` has nan or inf values on case "{case.name}", in column(s) {columns}:',
                 f"  expected: {fmt_array(case.expected)}", f"  got:      {fmt_array(got)}"]
        Z = case.args[0]
        top = int(np.unravel_index(int(np.argmax(Z)), Z.shape)[1])  # the column holding the largest score
        if not bad[:, top].any():
            lines.append("The column holding the largest score is fine, the others are not: each column needs "
                         "its own max, np.max(Z, axis=0, keepdims=True). One max for the whole matrix leaves "
                         "the columns far below it at exp(-2000) = 0, and 0 / 0 is nan.")
        else:
            lines.append("np.exp(1000) overflows to inf and inf / inf is nan: subtract each column's max "
                         "before exponentiating (softmax(Z - c) = softmax(Z)).")
        fail(*lines)
    expect_close("AL", got, case.expected, case)


# --- softmax ---------------------------------------------------------------------------------


def test_softmax_example(learner, cases):
    case = cases.named("softmax: docstring example")
    _expect_softmax(learner.run(case), case)


def test_softmax_values(learner, cases):
    for case in _softmax_cases(cases):
        if case.name != "softmax: docstring example":
            expect_close("AL", learner.run(case), case.expected, case)


def test_softmax_columns_sum_to_one(learner):
    rng = np.random.default_rng(2024)
    for shape in _SHAPES:
        Z = rng.standard_normal(shape) * 3
        AL = expect_shape("AL", learner.call("softmax", Z), shape)
        sums = np.asarray(AL, dtype=float).sum(axis=0)
        if np.allclose(sums, 1.0):
            if (AL > 0).all():
                continue
            fail(f"Every probability of softmax should be positive, for scores Z of shape {shape}:",
                 f"  got: {fmt_array(AL)}", "exp is positive everywhere: divide exp(Z - max) by its column's sum.")
        lines = [f"Each column of softmax(Z) should sum to 1, for scores Z of shape {shape}:",
                 f"  expected: column sums {fmt_array(np.ones(shape[1]))}",
                 f"  got:      column sums {fmt_array(sums)}"]
        if np.allclose(np.asarray(AL, dtype=float).sum(axis=1), 1.0):
            lines.append("Its rows sum to 1 instead: each example is a column, so sum over axis=0 (keepdims=True).")
        fail(*lines)


def test_softmax_stable(learner, cases):
    for name in ("softmax: scores of +-1000", "softmax: columns far apart", "softmax: large scores (hidden)"):
        try:
            case = cases.named(name)
        except LookupError:
            if name.endswith("(hidden)"):
                continue  # the public fixtures do not hold the hidden cases
            raise
        _expect_softmax(learner.run(case), case)


def test_softmax_shift_invariant(learner):
    Z = np.random.default_rng(2025).standard_normal((4, 5)) * 2
    shift = np.array([[3.0, -50.0, 0.5, 120.0, -7.0]])
    before = expect_array("softmax(Z)", learner.call("softmax", Z))
    after = expect_array("softmax(Z + c)", learner.call("softmax", Z + shift))
    if not (before.shape == after.shape and np.allclose(before, after, rtol=1e-6, atol=1e-9)):
        fail("Adding a constant to each column of Z should not change softmax(Z):",
             f"  softmax(Z):     {fmt_array(before)}",
             f"  softmax(Z + c): {fmt_array(after)}",
             "The constant's factor exp(c) is on top and below: divide exp of every score of a column by the sum "
             "of that same column.")


# --- the cost ----------------------------------------------------------------------------------


def test_cost_example(learner, cases):
    case = cases.named("cost: docstring example")
    expect_close("cost", learner.run(case), case.expected, case)


def test_cost_values(learner, cases):
    for case in cases("categorical_cross_entropy"):
        if case.name != "cost: docstring example":
            expect_close("cost", learner.run(case), case.expected, case)


def test_cost_returns_python_float(learner, cases):
    for case in cases("categorical_cross_entropy")[:3]:
        expect_python_float("cost", learner.run(case), case)


# --- the gradient ------------------------------------------------------------------------------


def test_backward_values(learner, cases):
    for case in cases("softmax_cross_entropy_backward"):
        expect_close("dZ", learner.run(case), case.expected, case)


def test_backward_matches_numerical_gradient(learner, cases):
    for case in cases("softmax_cross_entropy_backward"):
        if "numerical_dZ" not in case.data:
            continue
        numerical = case.data["numerical_dZ"]
        got = expect_shape("dZ", learner.run(case), numerical.shape, case)
        difference = _norm_difference(got, numerical)
        if difference < 1e-7:
            continue
        fail(f'`dZ` should match the numerical gradient of the cost with respect to Z, on case "{case.name}":',
             "  expected: ||dZ - numerical|| / (||dZ|| + ||numerical||) below 1e-7",
             f"  got:      {fmt_number(difference)} ({gradient_verdict(difference)})",
             f"  numerical gradient: {fmt_array(numerical)}",
             f"  your dZ:            {fmt_array(got)}",
             _gradient_hint(got, numerical, case.m))


def _gradient_hint(got, numerical, m):
    got = np.asarray(got, dtype=float)
    if m > 1 and np.allclose(got, numerical * m, rtol=1e-4, atol=1e-9):
        return f"It is m = {m} times too large: the cost is an average, so its gradient carries the 1/m, (AL - Y) / m."
    if np.allclose(got, -numerical, rtol=1e-4, atol=1e-9):
        return "It has the opposite sign: (AL - Y) / m, not (Y - AL) / m."
    return "Through softmax and the cross-entropy, everything cancels into (AL - Y) / m."


def test_inputs_unchanged(learner, cases):
    checks = [("softmax", cases("softmax")[1], ("Z",)),
              ("categorical_cross_entropy", cases("categorical_cross_entropy")[1], ("AL", "Y")),
              ("softmax_cross_entropy_backward", cases("softmax_cross_entropy_backward")[1], ("AL", "Y"))]
    for function, case, names in checks:
        _, after, _ = learner.call_checked(function, *case.args)
        for name, before, now in zip(names, case.args, after):
            if not (isinstance(now, np.ndarray) and now.shape == before.shape and np.array_equal(now, before)):
                fail(f"{function} changed its input `{name}` in place.",
                     f"Compute into new arrays: Z - np.max(...) makes a new one, Z -= np.max(...) overwrites "
                     f"the caller's `{name}`." if function == "softmax" else
                     "Compute into new arrays (AL - Y, np.log(AL)); never assign into the inputs.")
