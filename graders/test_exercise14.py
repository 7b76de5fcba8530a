"""Grader for exercise14: rnn_cell_forward and rnn_forward. Each test is one check of course.yaml (test_<check id>).

Most cases' typical mistakes are recorded as pairs (a_next, yt) or (a, y); each output is compared with
its own half. Properties that need no reference (softmax columns sum to 1, the hidden state carries
information forward and never backward) are checked here directly.
"""

import dataclasses

import numpy as np

from grader.checks import describe_type, expect_array, expect_close, expect_shape, fail, fmt_number
from grader.engine import LearnerError

CELL_OUTPUTS = ("a_next", "yt", "cache")
FORWARD_OUTPUTS = ("a", "y", "caches")


def _quiet(case):
    """The case without its recorded mistakes: they are pairs, and each check passes on its own half."""
    return dataclasses.replace(case, mistakes=[])


def _half(case, index):
    return [(message, value[index]) for message, value in case.mistakes if isinstance(value, tuple)]


def _sizes(case):
    parameters = case.args[2]
    return parameters["Wax"].shape[1], parameters["Waa"].shape[0], parameters["Wya"].shape[0]


def _run(learner, case, outputs):
    """The learner's answer as a tuple of the named outputs; a clash of shapes in W @ ... is explained."""
    function = case.function
    try:
        got = learner.run(case)
    except LearnerError as exc:
        text = str(exc)
        if "raised ValueError" in text and ("matmul" in text or "align" in text or "broadcast" in text):
            fail(f"`{function}` crashed on case \"{case.name}\":", text,
                 "Check which weight reads what: Waa (n_a, n_a) @ a_prev (n_a, m), Wax (n_a, n_x) @ xt (n_x, m), "
                 "Wya (n_y, n_a) @ a_next (n_a, m)" + (", and that the input of step t is x[:, :, t]."
                                                       if function == "rnn_forward" else "."))
        raise
    if not isinstance(got, (tuple, list)) or len(got) != len(outputs):
        fail(f"{function} should return the tuple ({', '.join(outputs)}) on case \"{case.name}\".",
             f"  got: {describe_type(got)}" + (f" of length {len(got)}" if isinstance(got, (tuple, list)) else ""),
             f"End it with `return {', '.join(outputs)}`.")
    return tuple(got)


def _cell_shapes(got, case):
    n_x, n_a, n_y = _sizes(case)
    m = case.args[0].shape[1]
    expect_shape("a_next", got[0], (n_a, m), case)
    expect_shape("yt", got[1], (n_y, m), case)


def _forward_shapes(got, case):
    x = case.args[0]
    n_x, n_a, n_y = _sizes(case)
    _, m, T_x = x.shape
    for name, value, n in (("a", got[0], n_a), ("y", got[1], n_y)):
        value = expect_array(name, value, case)
        if value.shape == (n, m):
            fail(f"Wrong shape for `{name}` on case \"{case.name}\": expected {(n, m, T_x)}, got {value.shape}.",
                 f"That is one step's worth: {name} keeps every step, {name}[:, :, t] for t in range(T_x).")
        if value.shape == (n, T_x, m) and m != T_x:
            fail(f"Wrong shape for `{name}` on case \"{case.name}\": expected {(n, m, T_x)}, got {value.shape}.",
                 "The time steps are on the middle axis: time is the last axis, examples the middle one.")
        expect_shape(name, value, (n, m, T_x), case)
    if not isinstance(got[2], (list, tuple)) or len(got[2]) != T_x:
        fail(f"`caches` should be a list of T_x = {T_x} caches, one per step, on case \"{case.name}\".",
             f"  got: {describe_type(got[2])}" + (f" of length {len(got[2])}" if isinstance(got[2], (list, tuple))
                                                  else ""))


def _same(a, b) -> bool:
    return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape and np.allclose(a, b)


def _expect_cache(cache, parts, where, meanings=("", "", "", "")):
    """`cache` is (a_next, a_prev, xt, parameters) with the given values; `meanings` say what each should be."""
    names = ("a_next", "a_prev", "xt", "parameters")
    if not isinstance(cache, (tuple, list)) or len(cache) != 4:
        fail(f"The cache {where} should be the tuple (a_next, a_prev, xt, parameters).",
             f"  got: {describe_type(cache)}" + (f" of length {len(cache)}" if isinstance(cache, (tuple, list)) else ""))
    for position, (name, got, expected, meaning) in enumerate(zip(names, cache, parts, meanings)):
        if name == "parameters":
            ok = isinstance(got, dict) and all(k in got and _same(got[k], v) for k, v in expected.items())
        else:
            ok = _same(got, expected)
        if not ok:
            swapped = [n for n, e in zip(names[:3], parts[:3]) if n != name and _same(got, e)]
            fail(f"Item {position} of the cache {where} should be `{name}`{meaning}.", f"  got: {describe_type(got)}",
                 f"It holds {swapped[0]} instead: the order is (a_next, a_prev, xt, parameters)." if swapped else "")


# --- rnn_cell_forward ----------------------------------------------------------------------------------


def test_cell_shapes(learner, cases):
    for case in cases("rnn_cell_forward"):
        _cell_shapes(_run(learner, case, CELL_OUTPUTS), case)


def test_cell_values(learner, cases):
    for case in cases("rnn_cell_forward"):
        got = _run(learner, case, CELL_OUTPUTS)
        _cell_shapes(got, case)
        expect_close("a_next", got[0], case.expected[0], _quiet(case), mistakes=_half(case, 0))
        expect_close("yt", got[1], case.expected[1], _quiet(case), mistakes=_half(case, 1))


def test_cell_cache(learner, cases):
    for case in cases("rnn_cell_forward")[:3]:
        got = _run(learner, case, CELL_OUTPUTS)
        xt, a_prev, parameters = case.args
        _expect_cache(got[2], (got[0], a_prev, xt, parameters), f"on case \"{case.name}\"")


def test_softmax_columns_sum_to_one(learner, cases):
    for case in cases("rnn_cell_forward")[1:3] + cases("rnn_forward")[:2]:
        got = _run(learner, case, CELL_OUTPUTS if case.function == "rnn_cell_forward" else FORWARD_OUTPUTS)
        name = "yt" if case.function == "rnn_cell_forward" else "y"
        value = expect_array(name, got[1], case)
        if value.ndim < 2 or value.shape[0] != _sizes(case)[2]:
            fail(f"`{name}` should have one row per class (n_y = {_sizes(case)[2]}) on case \"{case.name}\".",
                 f"  got shape {value.shape}")
        sums = value.sum(axis=0)
        if not np.allclose(sums, 1.0, atol=1e-6) or value.min() < 0:
            lines = [f"Each column of `{name}` (one example) should hold probabilities that sum to 1, "
                     f"on case \"{case.name}\":", f"  got column sums from {fmt_number(sums.min())} "
                     f"to {fmt_number(sums.max())}"]
            if value.ndim == 2 and value.shape[1] > 1 and np.allclose(value.sum(axis=1), 1.0, atol=1e-6):
                lines.append("The rows sum to 1 instead: the softmax ran over the examples (axis=1). "
                             "Use the softmax given in the file, which works on axis 0, the classes.")
            else:
                lines.append("Apply softmax to Wya @ a_next + by: it turns each column of scores into probabilities.")
            fail(*lines)


# --- rnn_forward --------------------------------------------------------------------------------------


def test_forward_shapes(learner, cases):
    for case in cases("rnn_forward"):
        _forward_shapes(_run(learner, case, FORWARD_OUTPUTS), case)


def test_forward_values(learner, cases):
    for case in cases("rnn_forward"):
        got = _run(learner, case, FORWARD_OUTPUTS)
        _forward_shapes(got, case)
        expect_close("a", got[0], case.expected[0], _quiet(case), mistakes=_half(case, 0))
        expect_close("y", got[1], case.expected[1], _quiet(case), mistakes=_half(case, 1))


def test_hidden_state_carried(learner, cases):
    case = cases("rnn_forward")[0]
    x, a0, parameters = case.args
    T_x = x.shape[2]
    got = _run(learner, case, FORWARD_OUTPUTS)
    _forward_shapes(got, case)
    a = got[0]
    first = x.copy()
    first[:, :, 0] += 1.0
    a_first = learner.call("rnn_forward", first, a0, parameters)[0]
    changed = [t for t in range(T_x) if not np.allclose(a_first[:, :, t], a[:, :, t])]
    if not any(t >= 1 for t in changed):
        fail("Changing the input of the first step, x[:, :, 0], should change every later hidden state a[:, :, t]:",
             f"  the states that changed: {', '.join(f't = {t}' for t in changed) or 'none'}",
             "The network forgets from one step to the next: each step must read the a_next the previous step "
             "returned, not a0.")
    last = x.copy()
    last[:, :, T_x - 1] += 1.0
    a_last = learner.call("rnn_forward", last, a0, parameters)[0]
    early = [t for t in range(T_x - 1) if not np.allclose(a_last[:, :, t], a[:, :, t])]
    if early:
        fail(f"Changing the input of the last step, x[:, :, {T_x - 1}], changed the earlier hidden states "
             f"a[:, :, t] for t = {', '.join(map(str, early))}.",
             "A step may only read the inputs up to its own time: the input of step t is x[:, :, t].")
    start = a0 + 0.5
    a_start = learner.call("rnn_forward", x, start, parameters)[0]
    if np.allclose(a_start[:, :, 0], a[:, :, 0]):
        fail("Changing a0 should change the first hidden state a[:, :, 0]:",
             "the first step reads a0 as its a_prev.")


def test_forward_caches(learner, cases):
    for case in cases("rnn_forward")[:3]:
        a, y, caches = _run(learner, case, FORWARD_OUTPUTS)
        _forward_shapes((a, y, caches), case)
        x, a0, parameters = case.args
        for t, cache in enumerate(caches):
            a_prev = a0 if t == 0 else a[:, :, t - 1]
            if t >= 1 and isinstance(cache, (tuple, list)) and len(cache) == 4 and _same(cache[1], a0) \
                    and not _same(a0, a_prev):
                fail(f"The a_prev of step t = {t} (caches[{t}][1]) on case \"{case.name}\" is a0:",
                     f"  expected: the state of the step before, a[:, :, {t - 1}]",
                     "Each step must read the a_next the previous step returned: a0 is only for step 0.")
            _expect_cache(cache, (a[:, :, t], a_prev, x[:, :, t], parameters),
                          f"of step t = {t} (caches[{t}]) on case \"{case.name}\"",
                          (f", the same as a[:, :, {t}]", ", a0" if t == 0 else f", the state of the step before, a[:, :, {t - 1}]",
                           f", the input of this step, x[:, :, {t}]", ""))


def test_inputs_unchanged(learner, cases):
    for function in ("rnn_cell_forward", "rnn_forward"):
        case = cases(function)[1]
        _, after, _ = learner.call_checked(function, *case.args)
        names = ("xt", "a_prev", "parameters") if function == "rnn_cell_forward" else ("x", "a0", "parameters")
        for name, before, now in zip(names, case.args, after):
            if name == "parameters":
                same = isinstance(now, dict) and all(k in now and np.array_equal(now[k], v) for k, v in before.items())
            else:
                same = isinstance(now, np.ndarray) and np.array_equal(now, before)
            if not same:
                fail(f"{function} changed its input `{name}` in place.",
                     "Compute into new arrays (a = np.zeros(...)); never write into the inputs.")
