"""Grader for exercise2: initialize_parameters, linear_forward, forward_pass.
Each test is one check of course.yaml (test_<check id>)."""

import dataclasses

import numpy as np

from grader.checks import CheckFailed, describe_type, expect_array, expect_close, expect_keys, fail, fmt_array, \
    fmt_number

CACHE_ITEMS = ("A_prev", "W", "b", "Z")


def _quiet(case):
    """The case without its recorded mistakes (they describe AL, not the arrays inside the caches)."""
    return dataclasses.replace(case, mistakes=[])


def _parameter_names(layer_count):
    return [f"{kind}{l}" for l in range(1, layer_count + 1) for kind in ("W", "b")]


def _expect_parameters(got, layer_dims, case=None, kinds=("W", "b")):
    """`got` is a dict W1, b1, ..., WL, bL; its arrays of the given kinds have the right shapes and hold floats."""
    where = f' on case "{case.name}"' if case is not None else f" for layer_dims {layer_dims}"
    names = _parameter_names(len(layer_dims) - 1)
    expect_keys("parameters", got, names, case)
    if "W0" in got or "b0" in got:
        fail(f"`parameters` has a key 'W0' or 'b0'{where}.",
             "Layers are numbered from 1: W1 and b1 belong to the first layer, which reads the input X.",
             "Loop with `for l in range(1, len(layer_dims))`.")
    extra = [k for k in got if k not in names]
    if extra:
        fail(f"`parameters` has unexpected key(s) {', '.join(repr(k) for k in extra)}{where}.",
             f"  expected exactly: {', '.join(names)}",
             "forward_pass counts the layers as len(parameters) // 2, so extra keys would add a layer.")
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        for key, shape, meaning in ((f"W{l}", (n, n_prev), f"(layer_dims[{l}], layer_dims[{l - 1}])"),
                                    (f"b{l}", (n, 1), f"(layer_dims[{l}], 1)")):
            if key[0] not in kinds:
                continue
            value = expect_array(key, got[key], case)
            if value.shape != shape:
                lines = [f"Wrong shape for `{key}`{where}: expected {shape} = {meaning}, got {value.shape}."]
                if key.startswith("W") and value.shape == shape[::-1]:
                    lines.append(f"It is transposed: W{l} has one row per neuron of layer {l} ({n}) and one column "
                                 f"per input it reads ({n_prev}).")
                elif key.startswith("b") and value.shape == (n,):
                    lines.append(f"A bias is a column: np.zeros(({n}, 1)), not np.zeros({n}).")
                elif key.startswith("b") and value.shape == (1, n):
                    lines.append(f"A bias is a column: np.zeros(({n}, 1)), not a row.")
                fail(*lines)
            if value.dtype.kind != "f":
                fail(f"`{key}` should hold floats{where}.", f"  got: dtype {value.dtype}",
                     "np.zeros(shape) and rng.standard_normal(shape) give floats; do not pass dtype=int.")


def _pair(got, case):
    """(AL, caches) from what forward_pass returned, leniently: the values checks judge values, not types."""
    if isinstance(got, (tuple, list)) and len(got) == 2:
        return got[0], got[1]
    if isinstance(got, np.ndarray):
        return got, None
    fail(f"forward_pass should return the pair (AL, caches) on case \"{case.name}\".", f"  got: {describe_type(got)}",
         "End it with `return AL, caches`.")


# --- initialize_parameters -------------------------------------------------------------------------


def test_initialize_shapes(learner, cases):
    for case in cases("initialize_parameters"):
        _expect_parameters(learner.run(case), case.args[0], case)


def test_initialize_zero_biases(learner, cases):
    for case in cases("initialize_parameters"):
        got = learner.run(case)
        expect_keys("parameters", got, _parameter_names(len(case.args[0]) - 1), case)
        for l in range(1, len(case.args[0])):
            b = expect_array(f"b{l}", got[f"b{l}"], case)
            if b.size == 0 or np.any(np.asarray(b, dtype=float) != 0):
                fail(f"`b{l}` should start as zeros on case \"{case.name}\":",
                     f"  expected: all {case.args[0][l]} values 0",
                     f"  got:      {fmt_array(b)}",
                     "The random weights already make the neurons differ; the biases start at np.zeros((n, 1)).")


def test_initialize_random(learner):
    layer_dims = [4, 6, 3, 1]
    first = learner.call("initialize_parameters", layer_dims, seed=1)
    again = learner.call("initialize_parameters", layer_dims, seed=1)
    other = learner.call("initialize_parameters", layer_dims, seed=2)
    for got in (first, again, other):
        _expect_parameters(got, layer_dims, kinds=("W",))
    for l in range(1, len(layer_dims)):
        W = np.asarray(first[f"W{l}"], dtype=float)
        if np.all(W == W.flat[0]):
            fail(f"Every value of `W{l}` is {fmt_number(W.flat[0])} (layer_dims {layer_dims}, seed=1).",
                 f"Neurons that start with the same weights compute the same thing, get the same gradient and "
                 f"stay identical: layer {l} would act like a single neuron.",
                 f"Draw the weights at random: rng.standard_normal(({layer_dims[l]}, {layer_dims[l - 1]})), scaled.")
        if W.shape[0] > 1 and np.unique(W, axis=0).shape[0] < W.shape[0]:
            fail(f"Some rows of `W{l}` are identical (layer_dims {layer_dims}, seed=1):",
                 f"  got: {fmt_array(W)}",
                 f"Each row holds one neuron's weights; identical rows make identical neurons, which never learn "
                 f"to differ. Draw the whole ({layer_dims[l]}, {layer_dims[l - 1]}) matrix at random, not one row "
                 "repeated.")
    for l in range(1, len(layer_dims)):
        if not np.array_equal(first[f"W{l}"], again[f"W{l}"]):
            fail(f"Two calls with seed=1 gave different `W{l}`.",
                 "The same seed must give the same weights, so that a run can be repeated: start "
                 "initialize_parameters with rng = np.random.default_rng(seed) and draw every weight from rng.")
    if all(np.array_equal(first[f"W{l}"], other[f"W{l}"]) for l in range(1, len(layer_dims))):
        fail("seed=1 and seed=2 gave the same weights.",
             "The weights must depend on the `seed` argument: use np.random.default_rng(seed), "
             "not a fixed seed written in the code.")


def test_initialize_scaled_by_fan_in(learner):
    layer_dims = [600, 150, 80, 1]
    got = learner.call("initialize_parameters", layer_dims)
    _expect_parameters(got, layer_dims, kinds=("W",))
    low, high = 0.8, 1.65
    # Only the two big layers: with 90000 and 12000 weights, their spread is measured to about 1%.
    for l in (1, 2):
        W = np.asarray(got[f"W{l}"], dtype=float)
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        std, mean = float(W.std()), float(W.mean())
        if abs(mean) > 0.5 * std:
            fail(f"The weights of `W{l}` are not centred on 0 (layer_dims {layer_dims}):",
                 "  expected: a mean near 0",
                 f"  got:      mean {fmt_number(mean)}, standard deviation {fmt_number(std)}",
                 "rng.random / np.random.rand draw from [0, 1), all positive: use rng.standard_normal "
                 "(np.random.randn), centred on 0.")
        ratio = std * np.sqrt(n_prev)
        if low <= ratio <= high:
            continue
        lines = [f"`W{l}` (shape ({n}, {n_prev}), fan-in n_prev = {n_prev}) is not scaled by the fan-in:",
                 f"  expected: std(W{l}) * sqrt({n_prev}) between {low} and {high} "
                 "(1 for randn / sqrt(n_prev), 1.41 for He's randn * sqrt(2 / n_prev))",
                 f"  got:      std(W{l}) * sqrt({n_prev}) = {fmt_number(ratio)} (std(W{l}) = {fmt_number(std)})"]
        if abs(std / 0.01 - 1) < 0.15:
            lines.append(f"That is a fixed 0.01 scale: it ignores the layer, so a neuron adding {n_prev} inputs gets "
                         f"sums too small, and they shrink further at every layer. Use np.sqrt(2 / {n_prev}) "
                         "(np.sqrt(2 / layer_dims[l - 1])).")
        elif abs(std - 1) < 0.15:
            lines.append(f"That is randn without any scale (std 1): a neuron adding {n_prev} such terms gets sums of "
                         f"size about {fmt_number(np.sqrt(n_prev))}, which saturate the sigmoid. Multiply by "
                         "np.sqrt(2 / layer_dims[l - 1]).")
        elif low <= std * np.sqrt(n) <= high:
            lines.append(f"That matches a scale by the layer's own size n_l = {n}: the fan-in is the number of "
                         f"inputs each neuron reads, n_prev = layer_dims[l - 1] = {n_prev}.")
        elif min(abs(std * n_prev - 1), abs(std * n_prev - 2)) < 0.3:
            lines.append(f"It looks like a division by n_prev without the square root: use np.sqrt(2 / {n_prev}).")
        fail(*lines)


# --- linear_forward ---------------------------------------------------------------------------------


def test_linear_forward_example(learner, cases):
    case = cases.named("linear_forward docstring example")
    expect_close("Z", learner.run(case), case.expected, case)


def _isolate(failed, results):
    """What the b = 0 and W = 0 variants of a failed case say about where the mistake is."""
    ok_without_b, ok_without_W = results.get(f"{failed}, with b = 0"), results.get(f"{failed}, with W = 0")
    if ok_without_b is None or ok_without_W is None:
        return []
    if ok_without_b and not ok_without_W:
        return ["On the same inputs with b = 0, Z is right; with W = 0 (Z = b in every column), it is wrong.",
                "Z is wrong only when b is non-zero: check how the bias `b` is added (W @ A_prev + b; b has shape "
                "(n, 1) and broadcasts over the m columns)."]
    if ok_without_W and not ok_without_b:
        return ["On the same inputs with W = 0, Z is right; with b = 0 (Z = W @ A_prev), it is wrong.",
                "Z is wrong only when W is non-zero: check the product W @ A_prev (a matrix product, W first; "
                "not W * A_prev, not A_prev @ W)."]
    return []


def test_linear_forward_values(learner, cases):
    results, failures = {}, []
    for case in cases("linear_forward"):
        if case.name == "linear_forward docstring example":
            continue
        try:
            expect_close("Z", learner.run(case), case.expected, case)
            results[case.name] = True
        except CheckFailed as exc:
            results[case.name] = False
            failures.append((case.name, str(exc)))
    if failures:
        # Report a case with both terms when one failed: its variants locate the mistake.
        name, message = next((f for f in failures if ", with " not in f[0]), failures[0])
        fail(message, *_isolate(name, results))


# --- forward_pass -----------------------------------------------------------------------------------


def test_forward_pass_returns_tuple(learner, cases):
    for case in cases("forward_pass"):
        got = learner.run(case)
        layer_count = len(case.args[1]) // 2
        where = f' on case "{case.name}"'
        if isinstance(got, np.ndarray):
            fail(f"forward_pass should return a tuple (AL, caches){where}.", f"  got: {describe_type(got)}",
                 "Return both: `return AL, caches`.")
        if not isinstance(got, tuple):
            extra = " (`return AL, caches` makes the tuple)" if isinstance(got, list) else ""
            fail(f"forward_pass should return a tuple (AL, caches){where}.", f"  got: {describe_type(got)}{extra}")
        if len(got) != 2:
            fail(f"forward_pass should return 2 values (AL, caches){where}.", f"  got: a tuple of {len(got)}")
        AL, caches = got
        AL = expect_array("AL", AL, case)
        if AL.dtype.kind != "f":
            fail(f"`AL` should hold floats{where}.", f"  got: dtype {AL.dtype}")
        if not isinstance(caches, list):
            fail(f"`caches` should be a list, one tuple per layer{where}.", f"  got: {describe_type(caches)}",
                 "Start with caches = [] and caches.append((A_prev, W, b, Z)) at each layer.")
        if len(caches) != layer_count:
            fail(f"`caches` should hold one tuple per layer{where}:",
                 f"  expected: {layer_count} tuples (the network has L = len(parameters) // 2 = {layer_count} layers)",
                 f"  got:      {len(caches)}",
                 "The output layer L needs its cache too: append one in the loop and one for the last layer."
                 if len(caches) == layer_count - 1 else "")
        for l, cache in enumerate(caches):
            if isinstance(cache, tuple) and len(cache) == 4:
                continue
            lines = [f"`caches[{l}]` should be a tuple of 4, (A_prev, W, b, Z){where}.",
                     f"  got: {describe_type(cache)}" + (f" of {len(cache)} items" if isinstance(cache, (list, tuple))
                                                          else "")]
            if isinstance(cache, list) and len(cache) == 4:
                lines.append("Make it a tuple: caches.append((A_prev, W, b, Z)), with round brackets.")
            elif isinstance(cache, tuple) and len(cache) == 2 and isinstance(cache[0], tuple):
                lines.append("It looks like a nested ((A_prev, W, b), Z): this course keeps one flat tuple, "
                             "(A_prev, W, b, Z).")
            fail(*lines)


def test_forward_pass_values(learner, cases):
    for case in cases("forward_pass"):
        AL, _ = _pair(learner.run(case), case)
        expect_close("AL", AL, case.expected[0], case)


def _same(a, b) -> bool:
    return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape and bool(
        np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-5, atol=1e-7))


def _misplaced(l, j, got, expected_caches, AL):
    """Why caches[l][j] (already known to be wrong) holds something else, when it is another known array."""
    item, layer = CACHE_ITEMS[j], l + 1
    Z = expected_caches[l][3]
    output = expected_caches[l + 1][0] if l + 1 < len(expected_caches) else AL
    for k, other in enumerate(expected_caches[l]):
        if k != j and _same(got, other):
            return (f"`caches[{l}][{j}]` holds {CACHE_ITEMS[k]} of layer {layer}, not {item}: each cache is "
                    "(A_prev, W, b, Z), in that order.")
    if j == 0 and _same(got, output):
        return (f"`caches[{l}][0]` holds the output of layer {layer}, not its input: the cache keeps A_prev, the A from "
                f"before the layer ({'X' if l == 0 else f'the output of layer {l}'}).")
    for k, cache in enumerate(expected_caches):
        if k != l and _same(got, cache[j]):
            return _out_of_order(l, k, item)
    if j == 3 and _same(got, np.maximum(Z, 0)) and (Z < 0).any():
        return (f"`caches[{l}][3]` has the negative values of Z set to 0: Z was changed in place by the ReLU "
                "(Z[Z < 0] = 0, or np.maximum(Z, 0, out=Z)) after it went into the cache. Compute A = relu(Z), "
                "a new array, and leave Z as it is.")
    if j == 3 and _same(got, output):
        return f"`caches[{l}][3]` holds the activation A of layer {layer}, not Z: the cache keeps Z, before the activation."
    return None


def _out_of_order(l, k, item):
    return (f"`caches[{l}]` holds layer {k + 1}'s {item}, not layer {l + 1}'s: caches must be in layer order, "
            "caches[0] for layer 1 (append each layer's cache as you go forward).")


def test_forward_pass_caches(learner, cases):
    for case in cases("forward_pass"):
        AL, caches = _pair(learner.run(case), case)
        expected_AL, expected = case.expected
        where = f' on case "{case.name}"'
        if not isinstance(caches, (list, tuple)) or len(caches) != len(expected):
            fail(f"`caches` should hold one (A_prev, W, b, Z) per layer{where}:",
                 f"  expected: a list of {len(expected)} tuples",
                 f"  got:      {describe_type(caches)}" + (f" of {len(caches)}" if isinstance(caches, (list, tuple))
                                                           else ""))
        for l, cache in enumerate(caches):
            if not isinstance(cache, (list, tuple)) or len(cache) != 4:
                fail(f"`caches[{l}]` should be (A_prev, W, b, Z){where}.", f"  got: {describe_type(cache)}")
            # The weights say best which layer a cache belongs to.
            for k, other in enumerate(expected):
                if k != l and not _same(cache[1], expected[l][1]) and _same(cache[1], other[1]):
                    fail(f"Wrong `caches[{l}]`{where}.", _out_of_order(l, k, "W"))
        for l, cache in enumerate(caches):
            for j, want in enumerate(expected[l]):
                if _same(cache[j], want):
                    continue
                reason = _misplaced(l, j, cache[j], expected, expected_AL)
                if reason:
                    fail(f"Wrong `caches[{l}][{j}]` ({CACHE_ITEMS[j]} of layer {l + 1}){where}.", reason)
                try:
                    expect_close(f"caches[{l}][{j}]", cache[j], want, _quiet(case))
                except CheckFailed as exc:
                    fail(str(exc), f"caches[{l}] is the cache of layer {l + 1}; its item {j} is {CACHE_ITEMS[j]}.")


# --- all functions -----------------------------------------------------------------------------------


def _expect_unchanged(function, name, before, after):
    if isinstance(before, dict):
        if not isinstance(after, dict):
            fail(f"{function} replaced its input `{name}`.")
        for key, value in before.items():
            _expect_unchanged(function, f'{name}["{key}"]', value, after.get(key))
        return
    if not (isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before)):
        fail(f"{function} changed its input `{name}` in place.",
             "Compute into new arrays (Z = W @ A_prev + b, A = relu(Z)) and leave what you were given as it was: "
             "the caller still needs it.")


def test_inputs_unchanged(learner, cases):
    case = next(c for c in cases("linear_forward") if c.name == "W (4, 3), 5 examples")
    _, after, _ = learner.call_checked("linear_forward", *case.args)
    for name, before, now in zip(("A_prev", "W", "b"), case.args, after):
        _expect_unchanged("linear_forward", name, before, now)
    case = next(c for c in cases("forward_pass") if len(c.args[1]) >= 6)
    _, after, _ = learner.call_checked("forward_pass", *case.args)
    for name, before, now in zip(("X", "parameters"), case.args, after):
        _expect_unchanged("forward_pass", name, before, now)
