"""Grader for exercise10: compute_cost_with_l2, backward_with_l2, dropout_forward, dropout_backward.
Each test is one check of course.yaml (test_<check id>)."""

import dataclasses

import numpy as np

from grader.checks import (close, describe_type, expect_array, expect_close, expect_python_float, expect_shape, fail,
                           fmt_array, fmt_number)


def _quiet(case):
    """The case without its recorded mistakes: the grader picks the part of each mistake that applies."""
    return dataclasses.replace(case, mistakes=[])


def _where(case):
    return f' on case "{case.name}"'


def _number(name, got, where):
    if isinstance(got, bool) or not isinstance(got, (int, float, np.generic, np.ndarray)) or np.size(got) != 1:
        fail(f"`{name}` should be a number{where}.", f"  got: {describe_type(got)}")
    return float(np.asarray(got, dtype=float).ravel()[0])


# --- compute_cost_with_l2 ---------------------------------------------------------------------------


def test_l2_cost_values(learner, cases):
    for case in cases("compute_cost_with_l2"):
        got = learner.run(case)
        expect_close("cost", got, case.expected, case)
        expect_python_float("cost", got, case)


def test_l2_cost_excludes_biases(learner, cases):
    case = next(c for c in cases("compute_cost_with_l2") if c.args[3] > 0 and len(c.args[2]) >= 4)
    AL, Y, parameters, lambd = case.args
    moved = {key: (value * 10 + 5 if key.startswith("b") else value) for key, value in parameters.items()}
    where = f" (the inputs of case \"{case.name}\")"
    before = _number("cost", learner.call("compute_cost_with_l2", AL, Y, parameters, lambd), where)
    after = _number("cost", learner.call("compute_cost_with_l2", AL, Y, moved, lambd), where)
    if not np.isclose(before, after, rtol=1e-9, atol=1e-12):
        fail(f"Changing only the biases changed the cost{where}:",
             f"  expected: the same cost twice, {fmt_number(before)}",
             f"  got:      {fmt_number(before)}, then {fmt_number(after)} with every b = 10 * b + 5",
             "The penalty adds up the squared WEIGHTS only: sum np.sum(np.square(parameters[f\"W{l}\"])) over the "
             "layers l = 1 .. L; a loop over every key of parameters takes the biases too.")


# --- backward_with_l2 ---------------------------------------------------------------------------------


def _grads(got, keys, where):
    if not isinstance(got, dict):
        fail(f"backward_with_l2 should return the dict of gradients{where}.", f"  got: {describe_type(got)}",
             "Start from grads = backward_pass(AL, Y, caches), change its dW entries and return it.")
    missing = [k for k in keys if k not in got]
    if missing:
        fail(f"`grads` is missing the key(s) {', '.join(repr(k) for k in missing)}{where}.",
             f"  expected keys: {', '.join(keys)}", f"  got keys:      {', '.join(got) or '(none)'}")
    return got


def test_backward_l2_values(learner, cases):
    for case in cases("backward_with_l2"):
        got = _grads(learner.run(case), list(case.expected), _where(case))
        for key, want in case.expected.items():
            mistakes = [(message, value[key]) for message, value in case.mistakes
                        if isinstance(value, dict) and key in value]
            expect_close(f"grads[\"{key}\"]", got[key], want, _quiet(case), mistakes=mistakes)


def test_backward_l2_term(learner, cases):
    case = next(c for c in cases("backward_with_l2") if c.args[3] > 0 and len(c.args[2]) >= 3)
    AL, Y, caches, lambd = case.args
    m = AL.shape[1]
    where = f" (the inputs of case \"{case.name}\", m = {m})"
    keys = list(case.expected)
    regularised = _grads(learner.call("backward_with_l2", AL, Y, caches, lambd), keys, where)
    plain = _grads(learner.call("backward_with_l2", AL, Y, caches, 0.0), keys, where + " with lambd = 0")
    for l, (_, W, b, _) in enumerate(caches, start=1):
        for key, shape in ((f"dW{l}", W.shape), (f"db{l}", b.shape)):
            for grads in (regularised, plain):
                expect_shape(f"grads[\"{key}\"]", grads[key], shape)
        added_b = np.asarray(regularised[f"db{l}"], dtype=float) - np.asarray(plain[f"db{l}"], dtype=float)
        if not np.allclose(added_b, 0, atol=1e-12):
            fail(f"With lambd = {lambd}, `grads[\"db{l}\"]` differs from lambd = 0{where}:",
                 "  expected: no change (the penalty has no bias in it)",
                 f"  got:      a change of {fmt_array(added_b)}",
                 "Add the L2 term to the dW entries only; every db stays as backward_pass gives it.")
        added = np.asarray(regularised[f"dW{l}"], dtype=float) - np.asarray(plain[f"dW{l}"], dtype=float)
        want = lambd / m * W
        if np.allclose(added, want, rtol=1e-6, atol=1e-12):
            continue
        lines = [f"The L2 term added to `grads[\"dW{l}\"]` (with lambd = {lambd}, minus with lambd = 0) is "
                 f"wrong{where}:",
                 f"  expected: (lambd / m) * W{l} = {fmt_array(want)}", f"  got:      {fmt_array(added)}"]
        ratios = {0.5: "That is (lambd / (2 * m)) * W: the 2 of the cost's lambd / (2m) cancels with the 2 of the "
                       "derivative of W ** 2, so the term is (lambd / m) * W.",
                  float(m): "That is lambd * W, without the 1 / m: add (lambd / m) * W.",
                  2.0: "That is (2 * lambd / m) * W: the derivative of (lambd / (2m)) * W ** 2 is (lambd / m) * W.",
                  -1.0: "That is minus (lambd / m) * W: the penalty's gradient is added, dW + (lambd / m) * W."}
        for ratio, message in ratios.items():
            if np.allclose(added, ratio * want, rtol=1e-6, atol=1e-12):
                lines.append(message)
                break
        else:
            if np.allclose(added, 0, atol=1e-12):
                lines.append(f"Nothing was added to dW{l}: every layer's dW gets its own (lambd / m) * W, "
                             "with the W from that layer's cache, caches[l - 1].")
            else:
                lines.append("Each dWl gets (lambd / m) * Wl with the Wl of the same layer (caches[l - 1][1]).")
        fail(*lines)


# --- dropout_forward --------------------------------------------------------------------------------


def _dropped(got, where, shape):
    """(A_dropped, mask) from what dropout_forward returned, both arrays of A's shape."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        fail(f"dropout_forward should return the pair (A_dropped, mask){where}.", f"  got: {describe_type(got)}",
             "End it with `return A_dropped, mask`: backward needs the mask.")
    A_dropped = expect_array("A_dropped", got[0])
    mask = expect_array("mask", got[1])
    for name, value in (("A_dropped", A_dropped), ("mask", mask)):
        if value.shape != shape:
            fail(f"Wrong shape for `{name}`{where}: expected {shape} (the shape of A), got {value.shape}.",
                 "The mask has one draw per unit and example: rng.random(A.shape).")
    return A_dropped, mask


def test_dropout_forward_values(learner, cases):
    for case in cases("dropout_forward"):
        A, keep_prob, seed = case.args
        A_dropped, mask = _dropped(learner.run(case), _where(case), A.shape)
        mask_mistakes = [(message, value[1]) for message, value in case.mistakes]
        expected_A, expected_mask = case.expected
        if not close(mask, expected_mask):
            if close(mask, expected_mask / keep_prob):
                mask_mistakes.insert(0, ("Your mask holds 1 / keep_prob where a unit is kept: keep the mask boolean, "
                                         "rng.random(A.shape) < keep_prob, and put the 1 / keep_prob into A_dropped "
                                         "only.", expected_mask / keep_prob))
            for message, value in mask_mistakes:
                if close(mask, value):
                    fail(f"Wrong `mask`{_where(case)} (seed {seed}, keep_prob = {keep_prob}):",
                         f"  expected: {fmt_array(expected_mask.astype(int), 10)}",
                         f"  got:      {fmt_array(np.asarray(mask, dtype=float), 10)}", message)
            fail(f"Wrong `mask`{_where(case)} (seed {seed}, keep_prob = {keep_prob}):",
                 f"  expected: {fmt_array(expected_mask.astype(int), 10)}",
                 f"  got:      {fmt_array(np.asarray(mask, dtype=float), 10)}",
                 "Draw it with exactly: rng = np.random.default_rng(seed); mask = rng.random(A.shape) < keep_prob.")
        mistakes = [(message, value[0]) for message, value in case.mistakes if close(value[1], expected_mask)]
        expect_close("A_dropped", A_dropped, expected_A, _quiet(case), mistakes=mistakes)


def test_dropout_mask(learner, cases):
    for case in cases("dropout_forward"):
        A, keep_prob, _ = case.args
        A_dropped, mask = _dropped(learner.run(case), _where(case), A.shape)
        if mask.dtype.kind != "b":
            values = np.unique(mask)
            if not np.all(np.isin(values, (0, 1))):
                fail(f"`mask` should hold only True and False{_where(case)}.",
                     f"  got the values: {fmt_array(values)}",
                     "Keep the mask boolean, rng.random(A.shape) < keep_prob; the 1 / keep_prob goes into A_dropped "
                     "(and into dropout_backward), not into the mask.")
        kept = np.asarray(mask, dtype=bool)
        dropped_but_nonzero = ~kept & (np.asarray(A_dropped, dtype=float) != 0)
        kept_but_zero = kept & (np.asarray(A_dropped, dtype=float) == 0) & (A != 0)
        if dropped_but_nonzero.any() or kept_but_zero.any():
            where = tuple(int(i) for i in np.argwhere(dropped_but_nonzero | kept_but_zero)[0])
            fail(f"`mask` does not say which units `A_dropped` kept{_where(case)}:",
                 "  expected: A_dropped is 0 exactly where mask is False",
                 f"  got:      at index {where}, mask is {bool(kept[where])} and A_dropped is "
                 f"{fmt_number(A_dropped[where])}",
                 "Return the mask you multiplied A by: the backward pass needs the same one.")


def test_dropout_keeps_expected_value(learner):
    rng = np.random.default_rng(100)
    A = rng.uniform(0.5, 1.5, size=(200, 500))
    for keep_prob, seed in ((0.8, 21), (0.5, 22)):
        where = f" (A of shape {A.shape} with values in [0.5, 1.5], keep_prob = {keep_prob})"
        A_dropped, _ = _dropped(learner.call("dropout_forward", A, keep_prob, seed), where, A.shape)
        A_dropped = np.asarray(A_dropped, dtype=float)
        kept = float(np.mean(A_dropped != 0))
        ratio = float(A_dropped.mean() / A.mean())
        if abs(kept - keep_prob) > 0.01:
            lines = [f"Dropout should keep a fraction keep_prob of the units{where}:",
                     f"  expected: about {fmt_number(keep_prob)} of the units kept", f"  got:      {kept:.3f}"]
            if abs(kept - (1 - keep_prob)) < 0.01:
                lines.append("You keep 1 - keep_prob of them: a unit is kept when its draw is BELOW keep_prob, "
                             "mask = rng.random(A.shape) < keep_prob (not >).")
            fail(*lines)
        if abs(ratio - 1) > 0.02:
            lines = [f"Inverted dropout should keep the mean of the activations{where}:",
                     f"  expected: mean(A_dropped) about mean(A) = {fmt_number(A.mean())}",
                     f"  got:      mean(A_dropped) = {fmt_number(A_dropped.mean())} ({ratio:.3f} times mean(A))"]
            if abs(ratio - keep_prob) < 0.02:
                lines.append("That is A * mask alone: divide the units kept by keep_prob, A * mask / keep_prob, so "
                             "that the next layer sees activations of the same size with or without dropout.")
            elif abs(ratio - keep_prob ** 2) < 0.02:
                lines.append("That is A * mask * keep_prob: divide by keep_prob instead of multiplying.")
            fail(*lines)


def test_dropout_keep_prob_one_identity(learner):
    A = np.random.default_rng(7).standard_normal((4, 6))
    where = f" (A of shape {A.shape}, seed 5)"
    A_dropped, mask = _dropped(learner.call("dropout_forward", A, 1.0, 5), where, A.shape)
    if not np.all(np.asarray(mask, dtype=bool)):
        fail(f"With keep_prob = 1.0 every unit should be kept{where}:",
             "  expected: mask all True",
             f"  got:      {int(np.sum(~np.asarray(mask, dtype=bool)))} of {mask.size} units dropped",
             "rng.random gives values in [0, 1), always below 1: mask = rng.random(A.shape) < keep_prob keeps "
             "them all.")
    if not np.allclose(np.asarray(A_dropped, dtype=float), A, rtol=1e-12, atol=1e-15):
        fail(f"With keep_prob = 1.0 dropout should change nothing{where}:",
             f"  expected: A_dropped equal to A, {fmt_array(A)}", f"  got:      {fmt_array(A_dropped)}")


def test_dropout_seeded(learner):
    A = np.ones((5, 8))
    masks = {}
    for call, seed in (("first", 3), ("again", 3), ("other", 4)):
        _, mask = _dropped(learner.call("dropout_forward", A, 0.5, seed), f" (seed {seed})", A.shape)
        masks[call] = np.asarray(mask, dtype=bool)
    if not np.array_equal(masks["first"], masks["again"]):
        fail("Two calls with seed = 3 gave different masks.",
             "The same seed must give the same mask, so that a run can be repeated: draw it from "
             "rng = np.random.default_rng(seed), not from np.random.rand or a generator made elsewhere.")
    if np.array_equal(masks["first"], masks["other"]):
        fail("seed = 3 and seed = 4 gave the same mask.",
             "The mask must depend on the `seed` argument: np.random.default_rng(seed), not a fixed seed.")


# --- dropout_backward ------------------------------------------------------------------------------


def test_dropout_backward_values(learner, cases):
    for case in cases("dropout_backward"):
        dA, mask, keep_prob = case.args
        got = expect_shape("dA_prev", learner.run(case), dA.shape, case)
        got_values = np.asarray(got, dtype=float)
        if not any(close(got_values, value) for _, value in case.mistakes):
            zero_where_kept = mask & (got_values == 0)
            nonzero_where_dropped = ~mask & (got_values != 0)
            if zero_where_kept.any() or nonzero_where_dropped.any():
                index = tuple(int(i) for i in np.argwhere(zero_where_kept | nonzero_where_dropped)[0])
                fail(f"`dA_prev` does not follow the mask you were given{_where(case)}:",
                     "  expected: 0 exactly where mask is False",
                     f"  got:      at index {index}, mask is {bool(mask[index])} and dA_prev is "
                     f"{fmt_number(got_values[index])}",
                     "Use the `mask` argument, the one of the forward pass: a new random mask would send gradient "
                     "to units that were switched off.")
        expect_close("dA_prev", got, case.expected, case)


# --- all functions -----------------------------------------------------------------------------------


def _expect_unchanged(function, name, before, after):
    if isinstance(before, dict):
        if not isinstance(after, dict):
            fail(f"{function} replaced its input `{name}`.")
        for key, value in before.items():
            _expect_unchanged(function, f'{name}["{key}"]', value, after.get(key))
    elif isinstance(before, (list, tuple)):
        if not isinstance(after, (list, tuple)) or len(after) != len(before):
            fail(f"{function} changed its input `{name}`.")
        for k, (value, now) in enumerate(zip(before, after)):
            _expect_unchanged(function, f"{name}[{k}]", value, now)
    elif isinstance(before, np.ndarray) and not (
            isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before)):
        fail(f"{function} changed its input `{name}` in place.",
             "Compute into new arrays (A * mask / keep_prob, grads[key] + lambd / m * W) instead of *=, += or "
             "A[...] = ... on what you were given: the caller still needs it.")


def test_inputs_unchanged(learner, cases):
    for function, names in (("compute_cost_with_l2", ("AL", "Y", "parameters")),
                            ("backward_with_l2", ("AL", "Y", "caches")),
                            ("dropout_forward", ("A",)),
                            ("dropout_backward", ("dA", "mask"))):
        case = next(c for c in cases(function) if not c.name.endswith("example"))
        _, after, _ = learner.call_checked(function, *case.args, **case.kwargs)
        for name, before, now in zip(names, case.args, after):
            _expect_unchanged(function, name, before, now)
