"""Grader for exercise5: update_parameters. Each test is one check of course.yaml (test_<check id>)."""

import re

import numpy as np

from grader.checks import describe_type, expect_keys, fail, fmt_array, fmt_number
from grader.engine import LearnerError

FUNCTION = "update_parameters"
TWO_LAYERS = "2 layers (4 -> 3 -> 1), learning rate 0.01"
FOUR_LAYERS = "4 layers (5 -> 4 -> 3 -> 2 -> 1), learning rate 0.5"


# --- calling the learner, with feedback for the crashes typical of this exercise ----------------


def _explain_crash(exc: LearnerError, parameters) -> LearnerError:
    if exc.kind != "exception":
        return exc
    text = str(exc)
    L = len(parameters) // 2
    found = re.search(r"KeyError: '(d?)([A-Za-z]+)(\d+)'", text)
    if not found:
        return exc
    prefix, letter, layer = found.group(1), found.group(2), int(found.group(3))
    if layer == 0:
        extra = ("The layers are numbered from 1: there is no W0 or b0. Loop over range(1, L + 1), not range(L).")
    elif layer > L:
        extra = (f"This network has L = {L} layer(s), so there is no layer {layer}. parameters holds two entries "
                 "per layer (W and b): L = len(parameters) // 2, and the loop is range(1, L + 1).")
    elif not prefix and letter not in ("W", "b"):
        extra = (f"`{letter}{layer}` is not a parameter: it comes from a gradient key such as d{letter}{layer}. "
                 "grads holds other keys too: loop over the layers (l = 1, ..., L), not over grads.")
    else:
        return exc
    return LearnerError(f"{text}\n{extra}", exc.kind)


def _call(learner, parameters, grads, learning_rate):
    try:
        return learner.call(FUNCTION, parameters, grads, learning_rate)
    except LearnerError as exc:
        raise _explain_crash(exc, parameters) from None


def _call_checked(learner, parameters, grads, learning_rate):
    try:
        return learner.call_checked(FUNCTION, parameters, grads, learning_rate)
    except LearnerError as exc:
        raise _explain_crash(exc, parameters) from None


# --- comparing -----------------------------------------------------------------------------------


def _where(case) -> str:
    return f' on case "{case.name}"' if case is not None else ""


def _expect_dict_with_keys(got, keys, case=None) -> dict:
    if got is None:
        fail(f"`{FUNCTION}` should return the new parameters as a dict{_where(case)}.",
             "  got: None: did you forget `return`?")
    return expect_keys("new_parameters", got, keys, case)


def _expect_shapes(got: dict, parameters: dict, case=None):
    for key, before in parameters.items():
        value = got[key]
        if not isinstance(value, np.ndarray):
            fail(f"`{key}` should be a numpy array{_where(case)}.", f"  got: {describe_type(value)}")
        if value.shape == before.shape:
            continue
        lines = [f"Wrong shape for `{key}`{_where(case)}: expected {before.shape} (its shape before the step), "
                 f"got {value.shape}."]
        other = ("W" if key[0] == "b" else "b") + key[1:]
        if other in parameters and value.shape == parameters[other].shape:
            lines.append(f"That is the shape of {other}: is `{key}` updated with the gradient d{other} "
                         f"instead of its own d{key}?")
        fail(*lines)


def _close(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))


def _step_factor(got, before, gradient):
    """c such that got = before + c * gradient, if there is one."""
    step, g = np.asarray(got, dtype=float) - before, np.asarray(gradient, dtype=float)
    if step.shape != g.shape or not np.abs(g).max() > 1e-12:
        return None
    c = float(np.sum(step * g) / np.sum(g * g))
    return c if np.allclose(step, c * g, rtol=1e-6, atol=1e-9) else None


def _matches(got: dict, value, keys) -> bool:
    return isinstance(value, dict) and all(k in value and _close(got[k], value[k]) for k in keys)


def _expect_values(got: dict, case, others=()):
    """`others`: (case, got) pairs of the other cases, to tell apart mistakes that agree on this one."""
    parameters, grads, rate = case.args
    expected = case.expected
    wrong = [k for k in expected if not _close(got[k], expected[k])]
    if not wrong:
        return
    key = wrong[0]
    lines = [f"Wrong value for `{key}`{_where(case)}:",
             f"  expected: {fmt_array(expected[key])}",
             f"  got:      {fmt_array(got[key])}"]
    right = [k for k in expected if k not in wrong]
    lines.append(f"  wrong: {', '.join(wrong)}" + (f"; right: {', '.join(right)}" if right else ""))
    explains = [(n, message) for n, (message, value) in enumerate(case.mistakes) if _matches(got, value, expected)]
    everywhere = [(n, message) for n, message in explains
                  if all(n < len(c.mistakes) and _matches(g, c.mistakes[n][1], c.expected) for c, g in others)]
    if explains:
        lines.append((everywhere or explains)[0][1])
        fail(*lines)
    factor = _step_factor(got[key], parameters[key], grads["d" + key])
    if factor is not None and np.isclose(factor, 0.0):
        lines.append(f"`{key}` did not move: it is still the value passed in.")
    elif factor is not None:
        lines.append(f"Your step was {fmt_number(factor)} * d{key}; one gradient-descent step is "
                     f"-learning_rate * d{key} = {fmt_number(-rate)} * d{key}.")
    fail(*lines)


def _changes(before: dict, after) -> list[str]:
    """What happened to a dict passed in, one fact per line (empty when nothing did)."""
    if not isinstance(after, dict):
        return [f"it is now {describe_type(after)}"]
    lines = []
    added, removed = [k for k in after if k not in before], [k for k in before if k not in after]
    if added:
        lines.append(f"keys added: {', '.join(added)}")
    if removed:
        lines.append(f"keys removed: {', '.join(removed)}")
    changed = [k for k in before if k in after and not (isinstance(after[k], np.ndarray)
                                                        and after[k].shape == before[k].shape
                                                        and np.array_equal(after[k], before[k]))]
    if changed:
        lines.append(f"values changed: {', '.join(changed)}")
        first = changed[0]
        shown = fmt_array(after[first]) if isinstance(after[first], np.ndarray) else describe_type(after[first])
        lines += [f"{first} before the call: {fmt_array(before[first])}", f"{first} after the call:  {shown}"]
    return lines


# --- the checks ------------------------------------------------------------------------------------


def test_values(learner, cases):
    answers = []
    for case in cases(FUNCTION):
        got = _expect_dict_with_keys(_call(learner, *case.args), list(case.expected), case)
        _expect_shapes(got, case.args[0], case)
        answers.append((case, got))
    for case, got in answers:
        _expect_values(got, case, others=[(c, g) for c, g in answers if c is not case])


def test_returns_parameter_keys(learner, cases):
    for case in cases(FUNCTION):
        keys = list(case.args[0])
        got = _expect_dict_with_keys(_call(learner, *case.args), keys, case)
        extra = [k for k in got if k not in keys]
        if not extra:
            continue
        lines = [f"`new_parameters` should hold exactly the parameters{_where(case)}.",
                 f"  expected keys: {', '.join(keys)}",
                 f"  got keys:      {', '.join(got)}"]
        if any(k.startswith("d") for k in extra):
            lines.append(f"{', '.join(k for k in extra if k.startswith('d'))} are gradients, not parameters: "
                         "build the result from the parameters' keys only (W1, b1, ..., WL, bL).")
        else:
            what = f"`{extra[0]}` is not a parameter" if len(extra) == 1 else f"{', '.join(extra)} are not parameters"
            lines.append(f"{what}: grads holds other keys too (dA1, ...), so loop "
                         "over the layers l = 1, ..., L with L = len(parameters) // 2, not over grads.")
        fail(*lines)


def test_shapes(learner, cases):
    for case in cases(FUNCTION):
        got = _expect_dict_with_keys(_call(learner, *case.args), list(case.args[0]), case)
        _expect_shapes(got, case.args[0], case)


def _probe_rebinding(learner) -> bool | None:
    """Does update_parameters assign to the keys of the dict it is given?

    With immutable numpy scalars as parameters no array can change in place: if the dict passed in
    changes anyway, the function assigned to its keys. None when the probe cannot tell (it crashed).
    """
    parameters = {"W1": np.float64(0.5), "b1": np.float64(-0.25), "W2": np.float64(1.5), "b2": np.float64(0.75)}
    grads = {"dW1": np.float64(0.1), "db1": np.float64(0.2), "dW2": np.float64(-0.3), "db2": np.float64(0.4)}
    try:
        _, (after, _, _), _ = learner.call_checked(FUNCTION, dict(parameters), grads, 0.1)
    except LearnerError:
        return None
    return after != parameters


def test_inputs_unchanged(learner, cases):
    for name in (TWO_LAYERS, FOUR_LAYERS):
        case = cases.named(name)
        parameters, grads, rate = case.args
        _, (parameters_after, grads_after, _), _ = _call_checked(learner, parameters, grads, rate)
        changed = _changes(parameters, parameters_after)
        if changed:
            lines = [f"`{FUNCTION}` changed the dict `parameters` passed in{_where(case)}:"]
            lines += ["  " + line for line in changed]
            rebinding = _probe_rebinding(learner) if not any(
                line.startswith("keys") for line in changed) else True
            if rebinding:
                lines.append("Assigning to parameters[...] (or using -= on it) changes the caller's dict. "
                             "Build a new dict for the result: new_parameters = {}, then "
                             "new_parameters[key] = parameters[key] - learning_rate * grads[\"d\" + key].")
            elif rebinding is False:
                lines[0] = f"`{FUNCTION}` changed the arrays inside `parameters` in place{_where(case)}:"
                lines.append("parameters.copy() (or dict(parameters)) copies the dict, not the arrays in it: "
                             "W -= ... on the copy still writes into the caller's arrays. Write "
                             "new_parameters[key] = parameters[key] - learning_rate * grads[\"d\" + key], "
                             "which makes a new array.")
            else:
                lines.append("Either the dict was changed (parameters[key] = ...) or the arrays in it "
                             "(W -= ...): build a new dict of new arrays, "
                             "new_parameters[key] = parameters[key] - learning_rate * grads[\"d\" + key].")
            fail(*lines)
        changed = _changes(grads, grads_after)
        if changed:
            fail(f"`{FUNCTION}` changed `grads`{_where(case)}:", *("  " + line for line in changed),
                 "The gradients are only read: learning_rate * grads[...] makes a new array; "
                 "grads[...] *= learning_rate changes the caller's.")


def _cost(parameters: dict, targets: dict) -> float:
    """J(P) = sum over the parameters of 0.5 * ||P - T||²: its gradient with respect to P is P - T."""
    return float(sum(0.5 * np.sum((np.asarray(parameters[k], dtype=float) - t) ** 2) for k, t in targets.items()))


def test_lowers_the_cost(learner):
    rng = np.random.default_rng(2024)
    dims, rate = [4, 3, 2, 1], 0.1
    parameters, targets, grads = {}, {}, {}
    for l in range(1, len(dims)):
        for key, shape in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1))):
            parameters[key] = rng.normal(0.0, 1.0, size=shape)
            targets[key] = rng.normal(0.0, 1.0, size=shape)
            grads["d" + key] = parameters[key] - targets[key]
    got = _expect_dict_with_keys(_call(learner, parameters, grads, rate), list(parameters))
    _expect_shapes(got, parameters)
    before, after = _cost(parameters, targets), _cost(got, targets)
    if np.isfinite(after) and after < before:
        return
    lines = ["One gradient-descent step with a small learning rate (0.1) should lower the cost:",
             f"  expected: a cost below {fmt_number(before)}, the cost before the step",
             f"  got:      {fmt_number(after)} after your step",
             "(The grader uses J = sum over the parameters of 0.5 * ||P - T||², whose gradient is P - T, "
             "for targets T of its own.)"]
    ascent = all(_close(got[k], parameters[k] + rate * grads["d" + k]) for k in parameters)
    if ascent:
        lines.append("The cost went up: your step is gradient ascent, W + learning_rate * dW. The gradient points "
                     "uphill, so gradient descent subtracts it: W - learning_rate * dW.")
    elif after == before:
        lines.append("The cost did not change: no parameter moved. Is the new dict filled with the updated "
                     "arrays (and is it the one returned)?")
    else:
        lines.append("The cost went up: look at the sign of the step (W - learning_rate * dW) and which gradient "
                     "goes with which parameter.")
    fail(*lines)


def test_zero_learning_rate(learner, cases):
    parameters, grads, _ = cases.named(TWO_LAYERS).args
    got = _expect_dict_with_keys(_call(learner, parameters, grads, 0.0), list(parameters))
    _expect_shapes(got, parameters)
    for key, before in parameters.items():
        if np.array_equal(got[key], before):
            continue
        lines = [f"With learning_rate = 0, `{key}` should not move (network 4 -> 3 -> 1):",
                 f"  expected: {fmt_array(before)} (the value passed in)",
                 f"  got:      {fmt_array(got[key])}"]
        factor = _step_factor(got[key], before, grads["d" + key])
        if factor is not None and np.isclose(factor, -1.0):
            lines.append(f"It moved by a whole -d{key}: the step must be scaled by the learning rate, "
                         f"{key} - learning_rate * d{key}.")
        fail(*lines)
