"""Grader for exercise11: zero_pad, conv_single_step, conv_forward, pool_forward.
Each test is one check of course.yaml (test_<check id>)."""

import dataclasses

import numpy as np

from grader.checks import CheckFailed, describe_type, expect_array, expect_close, expect_python_float, fail, fmt_array


def _quiet(case):
    """The case without its recorded mistakes: the grader picks the part of each mistake that applies."""
    return dataclasses.replace(case, mistakes=[])


def _where(case):
    return f' on case "{case.name}"'


def _same(a, b) -> bool:
    return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
            and bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-6, atol=1e-9)))


def _pair(got, function, names, where):
    """(output, cache) from what conv_forward or pool_forward returned."""
    if isinstance(got, np.ndarray):
        fail(f"{function} should return the pair ({names[0]}, cache){where}.", f"  got: {describe_type(got)}",
             f"Return both: `return {names[0]}, cache`.")
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        fail(f"{function} should return the pair ({names[0]}, cache){where}.", f"  got: {describe_type(got)}"
             + (f" of {len(got)} items" if isinstance(got, (tuple, list)) else ""))
    return got[0], got[1]


# --- zero_pad ----------------------------------------------------------------------------------------


def _expect_padded_shape(got, X, pad, where):
    m, n_H, n_W, n_C = X.shape
    want = (m, n_H + 2 * pad, n_W + 2 * pad, n_C)
    got = expect_array("X_pad", got)
    if got.shape == want:
        return got
    lines = [f"Wrong shape for `X_pad`{where}: expected {want}, got {got.shape}.",
             f"  X has shape {X.shape}: (m, n_H, n_W, n_C); pad = {pad} adds {2 * pad} rows and {2 * pad} columns."]
    if got.shape == tuple(n + 2 * pad for n in X.shape):
        lines.append("Every axis got padded, the examples and channels too: np.pad(X, pad) pads all four axes. "
                     "Give one (before, after) pair per axis: ((0, 0), (pad, pad), (pad, pad), (0, 0)).")
    elif got.shape == (m, n_H + pad, n_W + pad, n_C):
        lines.append("Only one side of each axis got padded: pad rows above AND below, columns left AND right, "
                     "(pad, pad) on axes 1 and 2.")
    elif got.ndim == 4 and got.shape[0] == m and got.shape[3] == n_C:
        lines.append("Pad both the height (axis 1) and the width (axis 2) by pad on each side.")
    fail(*lines)


def test_zero_pad_shapes(learner, cases):
    for case in cases("zero_pad"):
        _expect_padded_shape(learner.run(case), *case.args, _where(case))


def test_zero_pad_values(learner, cases):
    for case in cases("zero_pad"):
        X, pad = case.args
        got = _expect_padded_shape(learner.run(case), X, pad, _where(case))
        inside = got[:, pad:pad + X.shape[1], pad:pad + X.shape[2], :]
        if not _same(inside, X):
            fail(f"`X_pad` should hold X in its middle{_where(case)}:",
                 f"  expected: X_pad[:, {pad}:{pad + X.shape[1]}, {pad}:{pad + X.shape[2]}, :] equal to X, "
                 f"{fmt_array(X)}",
                 f"  got:      {fmt_array(inside)}",
                 "Padding adds zeros around the images; it does not move or change the pixels.")
        border = np.ones(got.shape, dtype=bool)
        border[:, pad:pad + X.shape[1], pad:pad + X.shape[2], :] = False
        if np.any(np.asarray(got, dtype=float)[border] != 0):
            fail(f"The border of `X_pad` should be zeros{_where(case)}:",
                 f"  got: {fmt_array(np.asarray(got, dtype=float)[border])}",
                 "Pad with zeros: np.pad(..., mode=\"constant\", constant_values=0).")
        expect_close("X_pad", got, case.expected, case)


# --- conv_single_step ----------------------------------------------------------------------------------


def test_conv_single_step_values(learner, cases):
    for case in cases("conv_single_step"):
        expect_close("Z", learner.run(case), case.expected, case)


def test_conv_single_step_returns_float(learner, cases):
    for case in cases("conv_single_step"):
        got = learner.run(case)
        if isinstance(got, np.ndarray):
            fail(f"`Z` should be a Python float{_where(case)}, not a numpy array.",
                 f"  got: a numpy array of shape {got.shape}",
                 "b has shape (1, 1, 1), so np.sum(a_slice_prev * W) + b is an array of shape (1, 1, 1): "
                 "conv_forward stores Z in one cell of an array, so return a number, float(...) of it.")
        expect_python_float("Z", got, case)


# --- conv_forward ------------------------------------------------------------------------------------------


def _out_size(n, f, stride, pad):
    return (n + 2 * pad - f) // stride + 1


def _size_mistake(got_sizes, sizes, f, stride, pad):
    """What the wrong output size (n_H, n_W) comes from, when a typical formula gives it."""
    candidates = [
        (lambda n: (n + 2 * pad - f) // stride, "You left out the + 1: a window of size f fits in "
         "floor((n + 2 * pad - f) / stride) + 1 positions (the first one, then one per step)."),
        (lambda n: n + 2 * pad - f + 1, "That is the size with a stride of 1: divide by the stride, "
         "floor((n + 2 * pad - f) / stride) + 1."),
        (lambda n: (n - f) // stride + 1, "That is the size without the padding: the window slides over the padded "
         "image, n + 2 * pad pixels."),
        (lambda n: (n + pad - f) // stride + 1, "That is the size with the padding counted once: it is added on "
         "both sides, 2 * pad."),
        (lambda n: -(-(n + 2 * pad - f) // stride) + 1, "The division rounds up: round down, with // (or "
         "int(...)), since a window that does not fit does not count."),
        (lambda n: n, "The output has the size of the input: that is true only for stride 1 and "
         "pad = (f - 1) / 2; use the formula."),
    ]
    for formula, message in candidates:
        guessed = tuple(formula(n) for n in sizes)
        if guessed == tuple(got_sizes) and guessed != tuple(_out_size(n, f, stride, pad) for n in sizes):
            return message
    return None


def _expect_conv_shape(Z, case):
    A_prev, W, _, hparameters = case.args
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, n_C = W.shape[0], W.shape[3]
    stride, pad = (hparameters[key] for key in ("stride", "pad"))
    n_H, n_W = _out_size(n_H_prev, f, stride, pad), _out_size(n_W_prev, f, stride, pad)
    want = (m, n_H, n_W, n_C)
    Z = expect_array("Z", Z)
    if Z.shape == want:
        return Z
    lines = [f"Wrong shape for `Z`{_where(case)}: expected {want}, got {Z.shape}.",
             f"  n_H = floor((n_H_prev + 2 * pad - f) / stride) + 1 = floor(({n_H_prev} + 2 * {pad} - {f}) / {stride})"
             f" + 1 = {n_H}, and n_W = floor(({n_W_prev} + 2 * {pad} - {f}) / {stride}) + 1 = {n_W}"]
    if Z.ndim == 4 and Z.shape[0] == m and Z.shape[3] == n_C:
        message = _size_mistake(Z.shape[1:3], (n_H_prev, n_W_prev), f, stride, pad)
        if message:
            lines.append(message)
        elif Z.shape[1:3] == (n_W, n_H):
            lines.append("Height and width are swapped: n_H comes from A_prev.shape[1], n_W from A_prev.shape[2].")
    elif Z.ndim == 4 and Z.shape[:3] == want[:3] and Z.shape[3] == n_C_prev:
        lines.append(f"The output has one channel per filter, n_C = W.shape[3] = {n_C}, not the input's "
                     f"n_C_prev = {n_C_prev}.")
    fail(*lines)


def test_conv_forward_shapes(learner, cases):
    for case in cases("conv_forward"):
        Z, _ = _pair(learner.run(case), "conv_forward", ("Z",), _where(case))
        _expect_conv_shape(Z, case)


def _isolate(failed, results):
    """What the b = 0 and W = 0 variants of a failed case say about where the mistake is."""
    ok_without_b, ok_without_W = results.get(f"{failed}, with b = 0"), results.get(f"{failed}, with W = 0")
    if ok_without_b is None or ok_without_W is None:
        return []
    if ok_without_b and not ok_without_W:
        return ["On the same inputs with b = 0, Z is right; with W = 0 (Z = the bias of each filter), it is wrong.",
                "Z is wrong only when b is non-zero: check how the bias is added, once per position, filter c "
                "adding b[:, :, :, c]."]
    if ok_without_W and not ok_without_b:
        return ["On the same inputs with W = 0, Z is right; with b = 0, it is wrong.",
                "Z is wrong only when W is non-zero: check the window you slice (h * stride, w * stride, f x f, all "
                "the channels, example i) and the filter you use, W[:, :, :, c]."]
    return []


def test_conv_forward_values(learner, cases):
    results, failures = {}, []
    for case in cases("conv_forward"):
        Z, _ = _pair(learner.run(case), "conv_forward", ("Z",), _where(case))
        try:
            _expect_conv_shape(Z, case)
            mistakes = [(message, value[0]) for message, value in case.mistakes]
            expect_close("Z", Z, case.expected[0], _quiet(case), mistakes=mistakes)
            results[case.name] = True
        except CheckFailed as exc:
            results[case.name] = False
            failures.append((case.name, str(exc)))
    if failures:
        # Report a case with both terms when one failed: its variants locate the mistake.
        name, message = next((f for f in failures if ", with " not in f[0]), failures[0])
        fail(message, *_isolate(name.replace(" (hidden)", ""), {k.replace(" (hidden)", ""): v
                                                                 for k, v in results.items()}))


def _expect_cache(cache, expected_items, names, function, where, padded=None):
    if not isinstance(cache, (tuple, list)) or len(cache) != len(names):
        fail(f"The cache of {function} should be the tuple ({', '.join(names)}){where}.",
             f"  got: {describe_type(cache)}" + (f" of {len(cache)} items" if isinstance(cache, (tuple, list)) else ""),
             f"End it with `return ..., ({', '.join(names)})`.")
    for k, (name, got, want) in enumerate(zip(names, cache, expected_items)):
        if isinstance(want, dict):
            if not isinstance(got, dict) or got != want:
                fail(f"`cache[{k}]` should be `{name}`, the dict you were given{where}.",
                     f"  expected: {want}", f"  got:      {describe_type(got) if not isinstance(got, dict) else got}")
            continue
        if _same(got, want):
            continue
        lines = [f"`cache[{k}]` should be `{name}` as it was given{where}.",
                 f"  expected: an array of shape {want.shape}",
                 f"  got:      {describe_type(got)}"]
        if padded is not None and k == 0 and _same(got, padded):
            lines.append("It is the padded A_prev: keep A_prev itself in the cache (the backward pass pads it again).")
        else:
            for j, (other_name, other) in enumerate(zip(names, expected_items)):
                if j != k and not isinstance(other, dict) and _same(got, other):
                    lines.append(f"It holds `{other_name}`: the cache is ({', '.join(names)}), in that order.")
        fail(*lines)


def test_conv_forward_cache(learner, cases):
    for case in cases("conv_forward"):
        _, cache = _pair(learner.run(case), "conv_forward", ("Z",), _where(case))
        A_prev, pad = case.args[0], case.args[3]["pad"]
        padded = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
        _expect_cache(cache, case.args, ("A_prev", "W", "b", "hparameters"), "conv_forward", _where(case), padded)


# --- pool_forward ------------------------------------------------------------------------------------------


def _expect_pool_shape(A, case):
    A_prev, hparameters = case.args
    (m, n_H_prev, n_W_prev, n_C), f, stride = A_prev.shape, hparameters["f"], hparameters["stride"]
    n_H, n_W = _out_size(n_H_prev, f, stride, 0), _out_size(n_W_prev, f, stride, 0)
    want = (m, n_H, n_W, n_C)
    A = expect_array("A", A)
    if A.shape == want:
        return A
    lines = [f"Wrong shape for `A`{_where(case)}: expected {want}, got {A.shape}.",
             f"  n_H = floor((n_H_prev - f) / stride) + 1 = floor(({n_H_prev} - {f}) / {stride}) + 1 = {n_H}, and "
             f"n_W = floor(({n_W_prev} - {f}) / {stride}) + 1 = {n_W}"]
    if A.ndim == 4 and A.shape[0] == m and A.shape[3] == n_C:
        message = _size_mistake(A.shape[1:3], (n_H_prev, n_W_prev), f, stride, 0)
        if message:
            lines.append(message)
    elif A.ndim == 3 and A.shape == want[:3]:
        lines.append("The channels axis is gone: pooling keeps every channel, n_C = n_C_prev; pool each channel on "
                     "its own.")
    elif A.ndim == 4 and A.shape[:3] == want[:3]:
        lines.append(f"Pooling keeps the number of channels: n_C = n_C_prev = {n_C}.")
    fail(*lines)


def test_pool_forward_shapes(learner, cases):
    for case in cases("pool_forward"):
        A, _ = _pair(learner.run(case), "pool_forward", ("A",), _where(case))
        _expect_pool_shape(A, case)


def test_pool_forward_values(learner, cases):
    for case in cases("pool_forward"):
        A, _ = _pair(learner.run(case), "pool_forward", ("A",), _where(case))
        _expect_pool_shape(A, case)
        mistakes = [(message, value[0]) for message, value in case.mistakes if not _same(value[0], case.expected[0])]
        expect_close("A", A, case.expected[0], _quiet(case), mistakes=mistakes)


def test_pool_forward_cache(learner, cases):
    for case in cases("pool_forward"):
        _, cache = _pair(learner.run(case), "pool_forward", ("A",), _where(case))
        _expect_cache(cache, case.args, ("A_prev", "hparameters"), "pool_forward", _where(case))


# --- all functions -----------------------------------------------------------------------------------


def _expect_unchanged(function, name, before, after):
    if isinstance(before, dict):
        if after != before:
            fail(f"{function} changed its input `{name}`.", f"  expected: {before}", f"  got:      {after}")
    elif isinstance(before, np.ndarray) and not (
            isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before)):
        fail(f"{function} changed its input `{name}` in place.",
             "Read the inputs and write into new arrays (np.pad returns a new one; Z and A start as np.zeros): "
             "the caller, and the cache, still need them as they were.")


def test_inputs_unchanged(learner, cases):
    for function, names in (("zero_pad", ("X",)), ("conv_forward", ("A_prev", "W", "b", "hparameters")),
                            ("pool_forward", ("A_prev", "hparameters"))):
        case = next(c for c in cases(function) if "example" not in c.name)
        _, after, _ = learner.call_checked(function, *case.args, **case.kwargs)
        for name, before, now in zip(names, case.args, after):
            _expect_unchanged(function, name, before, now)
