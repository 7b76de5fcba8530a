"""Grader for exercise7: gradient checking. Each test is one check of course.yaml (test_<check id>)."""

import numpy as np

from grader.checks import (describe_type, expect_close, expect_keys, expect_python_float, expect_shape, fail,
                           fmt_number, gradient_verdict)


def _layer_dims(parameters):
    depth = len(parameters) // 2
    return [parameters["W1"].shape[1]] + [parameters[f"W{l}"].shape[0] for l in range(1, depth + 1)]


def _pair(result, case):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(f'dictionary_to_vector should return a tuple (theta, keys) on case "{case.name}".',
             f"  got: {describe_type(result)}", "End the function with: return theta, keys")
    return result


def _grad_size_hint(got, case):
    """gradients_to_vector's result has the wrong length: say whether the extra keys explain it."""
    grads, layer_dims = case.args
    if isinstance(got, np.ndarray) and got.ndim == 2 and got.shape[1] == 1:
        if got.shape[0] == sum(np.size(value) for value in grads.values()) and len(grads) > 2 * (len(layer_dims) - 1):
            fail(f'Wrong shape for `grad` on case "{case.name}": expected {case.expected.shape}, got {got.shape}.',
                 f"It holds every entry of grads, the keys {', '.join(k for k in grads if k.startswith('dA'))} "
                 "too: take only dW1, db1, ..., dWL, dbL.")


def _expect_difference(got, case, rtol, atol, note=""):
    """The difference matches the reference; if not, name the typical mistake whose value it matches."""
    if np.isclose(got, case.expected, rtol=rtol, atol=atol):
        return
    # The closest typical mistake first: two of them can differ by less than a percent.
    close = [(abs(got - value), message) for message, value in case.mistakes
             if np.isclose(got, value, rtol=rtol, atol=atol)]
    known = [message for _, message in sorted(close)]
    if np.isclose(got, 1.0, rtol=1e-6):
        known.append("A difference of 1 means gradapprox is all zeros: J_plus and J_minus came out equal. Compute "
                     "each cost right after its own nudge, on its own copy of theta.")
    fail(f'Wrong value for `difference` on case "{case.name}"{note}:',
         f"  expected: {fmt_number(case.expected)}", f"  got:      {fmt_number(got)}",
         known[0] if known else "Compare your steps with the docstring: the centred difference for each i, "
                                "then the norms.")


def _gradient_check(learner, case):
    got = learner.run(case)
    if isinstance(got, (np.ndarray, np.generic)) and np.size(got) == 1:
        return float(np.asarray(got).ravel()[0])  # the type has its own check
    return expect_python_float("difference", got, case)


# --- dictionary_to_vector and back -----------------------------------------------------------


def test_dictionary_to_vector_values(learner, cases):
    for case in cases("dictionary_to_vector"):
        theta, _ = _pair(learner.run(case), case)
        expect_close("theta", theta, case.expected[0], case)


def test_dictionary_to_vector_keys(learner, cases):
    for case in cases("dictionary_to_vector"):
        _, keys = _pair(learner.run(case), case)
        expected = case.expected[1]
        if not isinstance(keys, (list, tuple)):
            fail(f'`keys` should be a list of strings on case "{case.name}".', f"  got: {describe_type(keys)}")
        if len(keys) != len(expected):
            fail(f'Wrong length for `keys` on case "{case.name}": expected {len(expected)} (one per value of theta), '
                 f"got {len(keys)}.",
                 "keys[i] names the parameter theta[i] comes from: add [name] * parameters[name].size for each one.")
        for i, (want, got) in enumerate(zip(expected, keys)):
            if want != got:
                fail(f'Wrong value for `keys[{i}]` on case "{case.name}":', f"  expected: {want!r}",
                     f"  got:      {got!r}",
                     "keys[i] is the name of the parameter theta[i] comes from, in the order W1, b1, W2, b2, ...")


def test_vector_to_dictionary_values(learner, cases):
    for case in cases("vector_to_dictionary"):
        got = expect_keys("parameters", learner.run(case), list(case.expected), case, extra_allowed=False)
        for key, value in case.expected.items():
            mistakes = [(message, wrong[key]) for message, wrong in case.mistakes if isinstance(wrong, dict)]
            expect_close(key, got[key], value, case, mistakes=mistakes)


def test_round_trip(learner, cases):
    for case in cases("dictionary_to_vector")[:4]:
        parameters = case.args[0]
        theta, _ = _pair(learner.run(case), case)
        back = learner.call("vector_to_dictionary", theta, _layer_dims(parameters))
        back = expect_keys("vector_to_dictionary(theta, layer_dims)", back, list(parameters), case)
        for key, original in parameters.items():
            got = expect_shape(key, back[key], original.shape, case)
            if not np.array_equal(got, original):
                fail(f'vector_to_dictionary(dictionary_to_vector(parameters)[0], layer_dims) should give back '
                     f'`parameters` exactly, on case "{case.name}":',
                     f"  `{key}` comes back different.",
                     "The two functions must use the same order: W1, b1, W2, b2, ..., each one row by row.")


def test_gradients_to_vector_values(learner, cases):
    for case in cases("gradients_to_vector"):
        got = learner.run(case)
        _grad_size_hint(got, case)
        expect_close("grad", got, case.expected, case)


# --- gradient_check --------------------------------------------------------------------------


def test_gradient_check_correct_gradient(learner, cases):
    for case in cases("gradient_check"):
        if not case.name.startswith("correct gradient"):
            continue
        got = _gradient_check(learner, case)
        if 0 <= got < 1e-7:
            continue
        lines = [f'gradient_check should pass a correct gradient on case "{case.name}":',
                 "  expected: a difference below 1e-7", f"  got:      {fmt_number(got)} ({gradient_verdict(got)})"]
        if 1e-7 <= got < 1e-4:
            lines.append("A small difference like this is what a one-sided difference (J(theta + epsilon) - J(theta)) "
                         "/ epsilon gives: use the centred one, divided by 2 * epsilon.")
        elif abs(got - 1 / 3) < 1e-3:
            lines.append("A difference of 1/3 means gradapprox is twice or half grad: divide by 2 * epsilon, and "
                         "nudge two separate copies of theta for each i (theta_plus is not theta_minus).")
        else:
            lines.append("Check dictionary_to_vector and gradients_to_vector first: theta and grad must line up, "
                         "W1, b1, W2, b2, ... on both sides.")
        fail(*lines)


def test_gradient_check_wrong_gradient(learner, cases):
    for case in cases("gradient_check"):
        if not case.name.startswith("wrong gradient"):
            continue
        got = _gradient_check(learner, case)
        if got < 1e-3:
            fail(f'gradient_check should catch the wrong gradient of case "{case.name}":',
                 f"  expected: {fmt_number(case.expected)} (above 1e-3)", f"  got:      {fmt_number(got)}",
                 "grad must come from the `grads` argument (gradients_to_vector(grads, layer_dims)) and gradapprox "
                 "from the cost: comparing a vector with itself always looks perfect.")
        _expect_difference(got, case, rtol=1e-5, atol=0)


def test_gradient_check_values(learner, cases):
    for case in cases("gradient_check"):
        if not case.name.startswith("epsilon 1e-3"):
            continue
        # With epsilon = 1e-3 the difference is reproducible to many digits: it tells how it was computed.
        _expect_difference(_gradient_check(learner, case), case, rtol=1e-6, atol=1e-12, note=" (epsilon = 1e-3)")


def test_returns_python_float(learner, cases):
    for case in cases("gradient_check")[:2]:
        expect_python_float("difference", learner.run(case), case)


def test_inputs_unchanged(learner, cases):
    case = cases("gradient_check")[0]
    _, args_after, _ = learner.call_checked("gradient_check", *case.args, **case.kwargs)
    names = ("parameters", "grads", "X", "Y")
    for name, before, after in zip(names, case.args, args_after):
        pairs = [(f"{name}[{key!r}]", value, after.get(key) if isinstance(after, dict) else None)
                 for key, value in before.items()] if isinstance(before, dict) else [(name, before, after)]
        for label, value, now in pairs:
            if not (isinstance(now, np.ndarray) and now.shape == value.shape and np.array_equal(now, value)):
                fail(f"gradient_check changed its input `{label}` in place.",
                     "Nudge copies of theta (theta.copy()), never the arrays of `parameters` or `grads` themselves.")
