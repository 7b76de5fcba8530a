"""Grader for exercise1: sigmoid and relu. Each test is one check of course.yaml (test_<check id>)."""

import numpy as np

from grader.checks import describe_type, expect_close, expect_finite, expect_shape, fail, fmt_array, fmt_number
from grader.engine import LearnerError

EXTREMES = ("sigmoid at -1000 and 1000", "sigmoid of the number -1000.0", "sigmoid of the number 1000.0")
SPECIAL = {"sigmoid at -1000 and 1000", "relu at 0 and around it"}
ACCURACY_PREFIX = "sigmoid from -35 to 35"
ACCURACY_RTOL, ACCURACY_ATOL = 1e-6, 1e-12


# --- calling the learner, with feedback for the crashes typical of this exercise ----------------


def _explain_crash(exc: LearnerError, function: str, z) -> LearnerError:
    """The worker's error, with a line on what usually causes it here."""
    if exc.kind != "exception":
        return exc
    text = str(exc)
    if "OverflowError" in text:
        extra = ("math.exp overflows for a large argument (math.exp(1000) is too large for a float) and raises "
                 "instead of returning inf. Use np.exp, and only ever exponentiate -|z|, which is never positive.")
    elif "0-dimensional arrays can be converted" in text or "length-1 arrays" in text or "size-1 arrays" in text:
        extra = (f"The math module works on one number at a time, not on arrays: use np.exp (and other numpy "
                 f"functions), which work elementwise on a whole array. `{function}` gets arrays of any shape.")
    elif "truth value of an array" in text:
        instead = "np.maximum(z, 0)" if function == "relu" else "np.where(z >= 0, ..., ...) or a boolean mask"
        extra = ("An `if`, max(...) or min(...) needs one True or False, but a comparison on an array gives one per "
                 f"element. Work elementwise instead: {instead}.")
    elif "Cannot cast ufunc" in text or "cannot cast" in text.lower():
        extra = ("Here z is an integer array, and your code writes floats into it (z *= ..., np.exp(z, out=z) "
                 "or z[...] = ...): compute into a new array instead. Changing z in place is also a mistake of "
                 "its own: the caller's Z is still needed later.")
    elif isinstance(z, float) and "'float' object" in text:
        extra = ("`" + function + "` is also called with a plain Python number (like 2.0), which has no shape, "
                 "no .copy() and no [...] indexing. Start with z = np.array(z, dtype=float) (a new array), or use numpy functions "
                 "that accept numbers and arrays alike (np.exp, np.maximum, np.where).")
    else:
        return exc
    return LearnerError(f"{text}\n{extra}", exc.kind)


def _call(learner, case):
    try:
        return learner.run(case)
    except LearnerError as exc:
        raise _explain_crash(exc, case.function, case.args[0]) from None


def _call_checked(learner, case):
    try:
        return learner.call_checked(case.function, *case.args)
    except LearnerError as exc:
        raise _explain_crash(exc, case.function, case.args[0]) from None


# --- comparing -----------------------------------------------------------------------------------


def _z(case):
    return case.args[0]


def _name(case) -> str:
    return f"{case.function}(z)"


def _is_number(value) -> bool:
    """A number: a Python or numpy int/float (not a bool), or a 0-d numeric array."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (int, float, np.integer, np.floating)):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"


def _reduced_mistake(got, case):
    """A typical mistake whose result has another shape than z (np.max(z, 0) reduces an axis)."""
    if not isinstance(got, (np.ndarray, float, int, np.generic)) or isinstance(got, bool):
        return None
    got_shape = np.shape(got)
    if got_shape == np.shape(case.expected):
        return None
    for message, value in case.mistakes:
        if np.shape(value) == got_shape and np.allclose(np.asarray(got, dtype=float), np.asarray(value, dtype=float),
                                                        rtol=1e-5, atol=1e-7):
            return message
    return None


MASK = "A comparison such as z > 0 gives a mask, not an activation: relu keeps the value itself, np.maximum(z, 0)."


def _expect_not_a_mask(got, case):
    if isinstance(got, (bool, np.bool_)):
        fail(f"`{_name(case)}` should be a number on case \"{case.name}\", not True or False.",
             f"  got: {got!r}", MASK)
    if isinstance(got, np.ndarray) and got.dtype == bool:
        fail(f"`{_name(case)}` should hold numbers on case \"{case.name}\", not True/False values.",
             f"  got: an array of dtype bool, {fmt_array(got)}", MASK)


def _expect_shape(got, case):
    """The shape of z, recognising the mistakes that change it."""
    message = _reduced_mistake(got, case)
    if message:
        fail(f"Wrong shape for `{_name(case)}` on case \"{case.name}\": expected {np.shape(_z(case))} "
             f"(the shape of z), got {np.shape(got)}.", message)
    if isinstance(_z(case), np.ndarray):
        return expect_shape(_name(case), got, _z(case).shape, case)
    return got


def _expect_values(got, case, rtol=1e-5, atol=1e-7):
    _expect_shape(got, case)
    _expect_not_a_mask(got, case)
    expect_close(_name(case), got, case.expected, case, rtol=rtol, atol=atol)


def _expect_same_shape_and_float(got, case):
    z = _z(case)
    got = _expect_shape(got, case)
    _expect_not_a_mask(got, case)
    if z.dtype.kind == "f" and got.dtype.kind != "f" or case.function == "sigmoid" and got.dtype.kind != "f":
        fail(f"`{_name(case)}` should be an array of floats on case \"{case.name}\".",
             f"  expected dtype: float64 (z has dtype {z.dtype})",
             f"  got dtype:      {got.dtype}",
             "Integers cannot hold the activations: look for .astype(int), or a result array made with "
             "np.zeros_like(z) / np.empty_like(z) from an integer z (they copy its dtype).")


# --- the checks ------------------------------------------------------------------------------------


def _value_cases(cases, function):
    return [c for c in cases(function) if isinstance(_z(c), np.ndarray) and _z(c).dtype.kind == "f"
            and c.name not in SPECIAL and not c.name.startswith(ACCURACY_PREFIX)]


def test_sigmoid_values(learner, cases):
    for case in _value_cases(cases, "sigmoid"):
        _expect_values(_call(learner, case), case)


def test_relu_values(learner, cases):
    for case in _value_cases(cases, "relu"):
        _expect_values(_call(learner, case), case)


def test_scalars(learner, cases):
    for function in ("sigmoid", "relu"):
        for case in cases(function):
            z = _z(case)
            if not isinstance(z, float) or case.name in EXTREMES:
                continue
            got = _call(learner, case)
            if not _is_number(got):
                _expect_not_a_mask(got, case)
                lines = [f"`{function}({z!r})` should be a number: a number in, a number out.",
                         f"  got: {describe_type(got)}"]
                if isinstance(got, np.ndarray) and got.size == 1:
                    lines.append("A 1-element array is not a number: do not wrap the value in np.array([...]) "
                                 "or reshape it; np.exp and np.maximum already return a number for a number.")
                elif isinstance(got, (list, tuple)):
                    lines.append("Return the value itself, not a list: numpy functions give a number for a number.")
                fail(*lines)
            _expect_values(got, case)


def test_shapes_and_dtypes(learner, cases):
    for function in ("sigmoid", "relu"):
        for case in _value_cases(cases, function):
            _expect_same_shape_and_float(_call(learner, case), case)


def test_sigmoid_extremes(learner, cases):
    for name in EXTREMES:
        case = cases.named(name)
        got = _call(learner, case)
        z = _z(case)
        if isinstance(z, np.ndarray):
            got = expect_shape(_name(case), got, z.shape, case)
        elif not _is_number(got):
            fail(f"`sigmoid({z!r})` should be a number.", f"  got: {describe_type(got)}")
        values = np.asarray(got, dtype=float)
        bad = ~np.isfinite(values)
        if bad.any():
            zs = np.asarray(z, dtype=float)[bad]
            lines = [f"`sigmoid(z)` should be 0 for z = -1000 and 1 for z = 1000 on case \"{case.name}\".",
                     f"  got: {fmt_array(values)}",
                     f"  nan or inf at z = {', '.join(fmt_number(v) for v in zs[:4])}"]
            if (zs > 0).all():
                lines.append("For a large positive z, np.exp(z) overflows to inf, and inf / (1 + inf) is nan: "
                             "for z >= 0 use 1 / (1 + np.exp(-z)), which only exponentiates a negative number.")
            elif (zs < 0).all():
                lines.append("For a large negative z, np.exp(-z) overflows to inf, and inf / (1 + inf) is nan: "
                             "for z < 0 use np.exp(z) / (1 + np.exp(z)), which only exponentiates a negative number.")
            else:
                lines.append("np.exp overflows to inf for |z| that large: only ever exponentiate -|z|.")
            fail(*lines)
        far = np.abs(np.asarray(z, dtype=float)) >= 800
        off = far & ~np.isclose(values, np.asarray(case.expected, dtype=float), rtol=0.0, atol=1e-12)
        if off.any() and not any(np.shape(v) == values.shape and np.allclose(v, values) for _, v in case.mistakes):
            zf = np.asarray(z, dtype=float)[off].ravel()[0]
            fail(f"`sigmoid(z)` should be {0 if zf < 0 else 1} for z = {fmt_number(zf)} on case \"{case.name}\".",
                 f"  expected: {0 if zf < 0 else 1}",
                 f"  got:      {np.asarray(values)[off].ravel()[0]:.10g}",
                 "The true value rounds to exactly 0 (or 1) in float64. Clipping z to a small range to avoid "
                 "overflow changes the answer: only ever exponentiate -|z| instead.")
        expect_close(_name(case), got, case.expected, case, rtol=0.0, atol=1e-12)


def test_sigmoid_accuracy(learner, cases):
    for case in cases("sigmoid"):
        if not case.name.startswith(ACCURACY_PREFIX):
            continue
        got = expect_shape(_name(case), _call(learner, case), _z(case).shape, case)
        expect_finite(_name(case), got, case)
        g, e, z = np.asarray(got, dtype=float), case.expected, _z(case)
        wrong = ~np.isclose(g, e, rtol=ACCURACY_RTOL, atol=ACCURACY_ATOL)
        if not wrong.any():
            continue
        message = next((m for m, v in case.mistakes if np.shape(v) == g.shape and np.allclose(v, g)), None)
        if message:
            expect_close(_name(case), got, e, case)  # shows expected and got, then the mistake
        smallest = float(np.abs(z[wrong]).min())
        idx = tuple(int(i) for i in np.argwhere(wrong)[np.argmin(np.abs(z[wrong]))])
        lines = [f"`sigmoid(z)` is not accurate enough on case \"{case.name}\" (z from -35 to 35):",
                 f"  at z = {fmt_number(z[idx])}: expected {e[idx]:.10g}, got {g[idx]:.10g}",
                 f"  {int(wrong.sum())} of {z.size} values are off by more than a relative {ACCURACY_RTOL:g}"]
        if smallest >= 5:
            lines.append(f"Only values for |z| >= {fmt_number(smallest)} are off: is z clipped to a small range "
                         "(np.clip), or the result rounded? The sigmoid of 20 is 0.999999998, not the sigmoid of 10.")
        else:
            lines.append("Use 1 / (1 + np.exp(-z)) in float64 (or its rearrangement e^z / (1 + e^z) for z < 0), "
                         "not an approximation.")
        fail(*lines)


def test_relu_zero_and_negatives(learner, cases):
    for name in ("relu at 0 and around it", "relu of the number 0.0", "relu of the number -1.5"):
        case = cases.named(name)
        got = _call(learner, case)
        z = np.asarray(_z(case), dtype=float)
        if np.shape(got) != z.shape or not isinstance(got, (np.ndarray, float, int, np.generic)):
            _expect_values(got, case)  # explains the shape or the type, if they are wrong
            continue  # a 1-element array for a number: the scalars check says so
        g = np.asarray(got, dtype=float)
        for idx in zip(*np.nonzero(np.atleast_1d(z <= 0))) if z.ndim else [()]:
            if g[idx] != 0:
                where = f"at index {tuple(int(i) for i in idx)}, " if z.ndim else ""
                what = "relu(0)" if z[idx] == 0 else "relu of a negative value"
                lines = [f"{what} should be exactly 0 on case \"{case.name}\":",
                         f"  {where}z = {fmt_number(z[idx])}: expected 0, got {fmt_number(g[idx])}"]
                message = next((m for m, v in case.mistakes if np.shape(v) == g.shape and np.allclose(v, g)), None)
                lines.append(message or ("Every value of z that is 0 or below becomes 0: np.maximum(z, 0) "
                                         "(or np.where(z > 0, z, 0))."))
                fail(*lines)
        _expect_values(got, case)


def test_inputs_unchanged(learner, cases):
    for name in ("sigmoid of a matrix (4, 5)", "relu of a matrix (4, 5)", "relu at 0 and around it",
                 "relu of an integer array"):
        case = cases.named(name)
        _, (z_after,), _ = _call_checked(learner, case)
        z = _z(case)
        if isinstance(z_after, np.ndarray) and z_after.shape == z.shape and np.array_equal(z_after, z):
            continue
        lines = [f"`{case.function}` changed its input `z` in place on case \"{case.name}\":",
                 f"  z before the call: {fmt_array(z)}",
                 f"  z after the call:  {fmt_array(z_after) if isinstance(z_after, np.ndarray) else describe_type(z_after)}"]
        if case.function == "relu":
            lines.append("z[z < 0] = 0 (or z *= ..., np.maximum(z, 0, out=z)) writes into the caller's array, "
                         "and the network still needs Z for backpropagation. np.maximum(z, 0) returns a new array.")
        else:
            lines.append("An update such as z *= -1 or np.exp(z, out=z) writes into the caller's array, which "
                         "the network still needs. Compute into new arrays: np.exp(-z) leaves z alone.")
        fail(*lines)


def test_integer_inputs(learner, cases):
    for name in ("relu of an integer array", "sigmoid of an integer array"):
        case = cases.named(name)
        got = _call(learner, case)
        z = _z(case)
        got = _expect_shape(got, case)
        _expect_not_a_mask(got, case)
        if case.function == "sigmoid" and got.dtype.kind != "f":
            lines = [f"`sigmoid(z)` of an integer array should be an array of floats on case \"{case.name}\".",
                     f"  z:   {fmt_array(z)} (dtype {z.dtype})",
                     f"  got: {fmt_array(got)} (dtype {got.dtype})",
                     "Probabilities between 0 and 1 do not fit in integers: a result array made with "
                     "np.zeros_like(z) or np.empty_like(z) copies z's integer dtype and cuts every value to 0 or 1. "
                     "Use np.zeros(z.shape) (floats), or convert first: z = np.asarray(z, dtype=float)."]
            fail(*lines)
        expect_finite(_name(case), got, case)
        _expect_values(got, case, rtol=1e-5, atol=1e-12 if case.function == "sigmoid" else 0.0)
