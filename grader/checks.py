"""The assertions graders use. Each failure raises `CheckFailed` with feedback in the learner's terms:
expected first, one fact per line, the variable named, shapes, a few values and the worst element,
and, when the answer matches a typical mistake, what that mistake is.

All comparisons run here, in the grader's process, on plain arrays decoded from the worker.
"""

from __future__ import annotations

import math

import numpy as np

from grader.protocol import Opaque

RTOL = 1e-5
ATOL = 1e-7


class CheckFailed(AssertionError):
    """A wrong answer: the message is the feedback shown to the learner."""


def fail(*lines: str):
    raise CheckFailed("\n".join(line for line in lines if line))


# --- describing values ---------------------------------------------------------------------


def describe_type(value) -> str:
    if isinstance(value, Opaque):
        return f"a {value.type_name} ({value.text})"
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if isinstance(value, np.generic):
        return f"a numpy {value.dtype} scalar"
    if value is None:
        return "None (did you forget `return`?)"
    return f"a {type(value).__name__}"


def fmt_number(x) -> str:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return repr(x)
    if math.isnan(x) or math.isinf(x):
        return str(x)
    return f"{x:.6g}"


def fmt_array(a: np.ndarray, limit: int = 6) -> str:
    flat = np.asarray(a).ravel()
    shown = ", ".join(fmt_number(v) for v in flat[:limit])
    more = f", ... ({flat.size} values)" if flat.size > limit else ""
    return f"[{shown}{more}]"


def _where(case) -> str:
    return f' on case "{case.name}"' if case is not None else ""


def as_float_array(value) -> np.ndarray:
    return np.asarray(value, dtype=float)


# --- contracts on types and shapes ---------------------------------------------------------


def expect_array(name: str, got, case=None) -> np.ndarray:
    """`got` must be a numpy array (not a list, a scalar or None)."""
    if isinstance(got, np.ndarray):
        return got
    fail(f"`{name}` should be a numpy array{_where(case)}.", f"  got: {describe_type(got)}")


def expect_shape(name: str, got, shape, case=None) -> np.ndarray:
    got = expect_array(name, got, case)
    shape = tuple(shape)
    if got.shape == shape:
        return got
    lines = [f"Wrong shape for `{name}`{_where(case)}: expected {shape}, got {got.shape}."]
    if len(shape) == 2 and shape[1] == 1 and got.shape == (shape[0],):
        lines.append(f"It lost its second axis: a column of {shape[0]} values must stay ({shape[0]}, 1); "
                     "use keepdims=True in np.sum, or reshape(-1, 1).")
    elif len(shape) == 2 and got.shape == shape[::-1]:
        lines.append("It is the transposed shape: check the order of the operands of the matrix product "
                     "and any .T.")
    elif len(shape) == 2 and shape[1] == 1 and got.ndim == 2 and got.shape[0] == shape[0]:
        lines.append(f"It has {got.shape[1]} columns where one is expected: a sum or mean over the examples "
                     "needs axis=1, keepdims=True; otherwise look for an (n,) array broadcast against an (n, 1) one.")
    elif got.size == int(np.prod(shape)):
        lines.append(f"It holds the right number of values ({got.size}) in the wrong arrangement.")
    fail(*lines)


def expect_finite(name: str, got: np.ndarray, case=None):
    bad = ~np.isfinite(as_float_array(got))
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        fail(f"`{name}` has {int(bad.sum())} value(s) that are nan or inf{_where(case)}.",
             f"  first at index {idx}: {fmt_number(as_float_array(got)[idx])}")


def expect_python_float(name: str, got, case=None) -> float:
    """A Python float (numpy's float64 scalar is one too); a (1, 1) or 0-d array is not."""
    if isinstance(got, float):
        return float(got)
    if isinstance(got, np.ndarray):
        fail(f"`{name}` should be a Python float{_where(case)}, not a numpy array.",
             f"  got: a numpy array of shape {got.shape}",
             "Turn it into a number before returning it: float(cost) (or np.squeeze(cost).item()).")
    if isinstance(got, np.generic):
        fail(f"`{name}` should be a Python float{_where(case)}.", f"  got: {describe_type(got)}",
             "Return float(...) of it.")
    fail(f"`{name}` should be a Python float{_where(case)}.", f"  got: {describe_type(got)}")


def expect_keys(name: str, got, keys, case=None, extra_allowed=True) -> dict:
    if not isinstance(got, dict):
        fail(f"`{name}` should be a dict{_where(case)}.", f"  got: {describe_type(got)}")
    missing = [k for k in keys if k not in got]
    if missing:
        fail(f"`{name}` is missing the key(s) {', '.join(repr(k) for k in missing)}{_where(case)}.",
             f"  expected keys: {', '.join(repr(k) for k in keys)}",
             f"  got keys:      {', '.join(repr(k) for k in got) or '(none)'}")
    if not extra_allowed:
        extra = [k for k in got if k not in keys]
        if extra:
            fail(f"`{name}` has unexpected key(s) {', '.join(repr(k) for k in extra)}{_where(case)}.")
    return got


# --- values ----------------------------------------------------------------------------------


def close(a, b, rtol=RTOL, atol=ATOL) -> bool:
    a, b = as_float_array(a), as_float_array(b)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=False))


def expect_close(name: str, got, expected, case=None, rtol=RTOL, atol=ATOL, mistakes=()):
    """Values of `got` (array or number) match `expected`, with a diagnosis when they do not.

    `mistakes` are (message, value) pairs: what a typical mistake would have returned.
    The case's own recorded mistakes (from the fixtures) are tried too.
    """
    if isinstance(expected, np.ndarray):
        got = expect_shape(name, got, expected.shape, case)
    elif not isinstance(got, (int, float, np.generic)) or isinstance(got, bool):
        if not (isinstance(got, np.ndarray) and got.size == 1):
            fail(f"`{name}` should be a number{_where(case)}.", f"  got: {describe_type(got)}")
    g, e = as_float_array(got), as_float_array(expected)
    if g.shape != e.shape:
        g = g.reshape(e.shape)
    expect_finite(name, g, case)
    if np.allclose(g, e, rtol=rtol, atol=atol):
        return
    lines = [f"Wrong value for `{name}`{_where(case)}:"]
    if e.ndim == 0:
        lines += [f"  expected: {fmt_number(e)}", f"  got:      {fmt_number(g)}"]
    else:
        diff = np.abs(g - e)
        worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape))
        differs = ~np.isclose(g, e, rtol=rtol, atol=atol)
        wrong = int(differs.sum())
        first = tuple(int(i) for i in np.argwhere(differs)[0]) if wrong else worst

        def at(idx):
            return f"expected {fmt_number(e[idx])}, got {fmt_number(g[idx])}"

        off = f" (off by {fmt_number(diff[worst])})"
        lines += [f"  expected: {fmt_array(e)}", f"  got:      {fmt_array(g)}"]
        if first == worst:
            also_first = ", also the first that differs" if wrong > 1 else ""
            lines.append(f"  {wrong} of {e.size} values differ; the largest difference is at index {worst}"
                         f"{also_first}: {at(worst)}{off}")
        else:
            lines += [f"  {wrong} of {e.size} values differ; the first is at index {first}: {at(first)}",
                      f"  the largest difference is at index {worst}: {at(worst)}{off}"]
    lines += diagnose(g, e, case, list(mistakes), rtol=rtol, atol=atol)
    fail(*lines)


def diagnose(got: np.ndarray, expected: np.ndarray, case=None, mistakes=(), rtol=RTOL, atol=ATOL) -> list[str]:
    """Name the typical mistake that explains `got`, if one does."""
    known = list(mistakes) + list(getattr(case, "mistakes", ()) or ())
    for message, value in known:
        try:
            if close(got, value, rtol=rtol, atol=atol):
                return [message]
        except (TypeError, ValueError):
            continue
    if np.allclose(got, -expected, rtol=rtol, atol=atol) and np.abs(expected).max() > atol:
        return ["Every value has the opposite sign: look for a minus sign missing or one too many."]
    if expected.ndim == 2 and expected.shape[0] == expected.shape[1] and np.allclose(got, expected.T, rtol=rtol, atol=atol):
        return ["You returned the transpose of the expected matrix: check the order of the operands (W @ A) and any .T."]
    nonzero = np.abs(expected) > 1e-12
    if nonzero.any():
        ratios = got[nonzero] / expected[nonzero]
        ratio = float(np.median(ratios))
        if np.allclose(ratios, ratio, rtol=1e-4) and not math.isclose(ratio, 1.0, rel_tol=1e-4):
            m = getattr(case, "m", None)
            flipped = ratio < 0
            sign = " and has the opposite sign" if flipped else ""
            check_sign = ", and check the minus sign" if flipped else ""
            if m and m > 1 and math.isclose(abs(ratio), m, rel_tol=1e-4):
                return [f"It is m = {m} times too large{sign}: divide by the number of examples m "
                        f"(the 1/m in the average){check_sign}."]
            if m and m > 1 and math.isclose(abs(ratio), 1 / m, rel_tol=1e-4):
                return [f"It is m = {m} times too small{sign}: you divided by m twice "
                        f"(or by m where none was needed){check_sign}."]
            what = "It is" if expected.size == 1 else "Every value is"
            return [f"{what} {fmt_number(ratio)} times the expected one: look for a constant factor."]
    return []


def rel_error(a, b) -> float:
    """cs231n's relative error: |a - b| / max(|a| + |b|, tiny), the largest over all elements."""
    a, b = as_float_array(a), as_float_array(b)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def gradient_verdict(rel: float) -> str:
    """The bands cs231n uses to read a relative error between analytic and numerical gradients."""
    if rel < 1e-7:
        return "excellent"
    if rel < 1e-5:
        return "fine for smooth functions; ReLU kinks can explain it"
    if rel < 1e-3:
        return "suspicious: usually a small bug"
    return "wrong: the gradient does not match the numerical one"
