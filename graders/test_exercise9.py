"""Grader for exercise9: random_mini_batches, initialize_velocity, update_parameters_with_momentum,
initialize_adam, update_parameters_with_adam. Each test is one check of course.yaml (test_<check id>)."""

import dataclasses

import numpy as np

from grader.checks import describe_type, expect_array, expect_close, fail, fmt_array, fmt_number


def _quiet(case):
    """The case without its recorded mistakes: the grader picks the part of each mistake that applies."""
    return dataclasses.replace(case, mistakes=[])


def _where(case):
    return f' on case "{case.name}"'


def _same(a, b) -> bool:
    return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
            and bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-6, atol=1e-9)))


# --- random_mini_batches ---------------------------------------------------------------------------


def _mini_batches(got, where):
    """The learner's list of (mini_batch_X, mini_batch_Y) pairs, checked for its structure."""
    if not isinstance(got, (list, tuple)):
        fail(f"random_mini_batches should return a list of (mini_batch_X, mini_batch_Y) tuples{where}.",
             f"  got: {describe_type(got)}",
             "Start with mini_batches = [], append one tuple per mini-batch and return the list.")
    for k, pair in enumerate(got):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            fail(f"`mini_batches[{k}]` should be a tuple (mini_batch_X, mini_batch_Y){where}.",
                 f"  got: {describe_type(pair)}"
                 + (f" of {len(pair)} items" if isinstance(pair, (list, tuple)) else ""),
                 "Append both arrays together: mini_batches.append((mini_batch_X, mini_batch_Y)).")
        for name, value in zip(("mini_batch_X", "mini_batch_Y"), pair):
            expect_array(f"mini_batches[{k}] ({name})", value)
    return list(got)


def _examples(n):
    return f"{n} example" + ("" if n == 1 else "s")


def _expected_sizes(m, size):
    return [size] * (m // size) + ([m % size] if m % size else [])


def _expect_sizes(got, n_x, m, size, where):
    want = _expected_sizes(m, size)
    sizes = [pair[0].shape[1] if pair[0].ndim == 2 else None for pair in got]
    setting = f"m = {m} examples in mini-batches of {size}"
    if len(got) != len(want):
        lines = [f"Wrong number of mini-batches{where} ({setting}):",
                 f"  expected: {len(want)} (ceil({m} / {size}))" + (
                     f": {m // size} full and one of the {m % size} left over" if m % size and m > size else ""),
                 f"  got:      {len(got)}"]
        if len(got) == len(want) - 1 and m % size:
            lines.append(f"The last, smaller mini-batch is missing: it holds the {_examples(m % size)} left over "
                         "after the full mini-batches (m % mini_batch_size); without it they never train.")
        elif len(got) == len(want) + 1 and sizes[-1] == 0:
            lines.append(f"The last mini-batch is empty: {m} is a multiple of {size}, so there is no partial "
                         "mini-batch; add one only when m % mini_batch_size is not 0.")
        elif len(got) == size and size != len(want):
            lines.append("You made mini_batch_size mini-batches: mini_batch_size is the number of examples "
                         "in each one.")
        fail(*lines)
    for k, ((bx, by), n) in enumerate(zip(got, want)):
        for name, arr, shape in (("mini_batch_X", bx, (n_x, n)), ("mini_batch_Y", by, (1, n))):
            if arr.shape == shape:
                continue
            lines = [f"Wrong shape for `{name}` of mini-batch {k}{where} ({setting}): expected {shape}, "
                     f"got {arr.shape}."]
            if arr.ndim == 2 and arr.shape[1] == shape[0] and arr.shape[0] == n:
                lines.append("It is transposed: examples are columns, so a mini-batch takes columns, "
                             "X[:, start:end], and keeps the rows.")
            elif arr.ndim == 2 and arr.shape[0] == shape[0] and n < size and arr.shape[1] == size:
                lines.append(f"The last mini-batch holds the {_examples(m % size)} left over, not a full {size}.")
            elif arr.ndim == 2 and arr.shape[0] != shape[0]:
                lines.append("A mini-batch keeps every row (feature) and takes a slice of the columns (examples): "
                             "X[:, start:end], not X[start:end].")
            fail(*lines)


def test_mini_batches_count_and_sizes(learner, cases):
    for case in cases("random_mini_batches"):
        X, _ = case.args
        got = _mini_batches(learner.run(case), _where(case))
        _expect_sizes(got, X.shape[0], X.shape[1], case.kwargs.get("mini_batch_size", 64), _where(case))


# The pair and coverage checks use inputs whose columns say which example they are:
# X[0, i] = i, X[1, i] = 1000 + i and Y[0, i] = a label fixed by i.
def _labelled(m):
    ids = np.arange(m, dtype=float)
    X = np.vstack([ids, 1000 + ids])
    Y = (((np.arange(m) * 37) % 5) < 2).astype(float).reshape(1, m)
    return X, Y


def _ids_of(got, m, where):
    """The example number of every column of every mini-batch, after checking the columns are whole.
    The number and sizes of the mini-batches are another check's business."""
    got = _mini_batches(got, where)
    if not got:
        fail(f"random_mini_batches returned no mini-batches{where}.",
             "  expected: ceil(m / mini_batch_size) of them", "  got:      an empty list")
    ids = []
    for k, (bx, by) in enumerate(got):
        bx = np.asarray(bx, dtype=float)
        if bx.ndim != 2 or bx.shape[0] != 2 or np.shape(by) != (1, bx.shape[1]):
            fail(f"Mini-batch {k} should be (mini_batch_X, mini_batch_Y) of shapes (2, k) and (1, k) with X of "
                 f"shape (2, {m}){where}.", f"  got: {bx.shape} and {np.shape(by)}",
                 "A mini-batch keeps every row and takes a slice of the columns (examples): X[:, start:end].")
        column_ids = bx[0]
        if not (np.all(column_ids == np.round(column_ids)) and np.all((0 <= column_ids) & (column_ids < m))
                and np.array_equal(bx[1], 1000 + column_ids)):
            fail(f"`mini_batch_X` of mini-batch {k} holds columns that are not columns of X{where}.",
                 f"  X is ids = 0 .. {m - 1} stacked over 1000 + ids; got: {fmt_array(bx)}",
                 "Shuffle whole columns, X[:, permutation], so that each example's features stay together.")
        ids.append(column_ids.astype(int))
    return got, ids


def test_mini_batches_pairs_kept(learner):
    m, size = 150, 64
    X, Y = _labelled(m)
    where = f" (m = {m}, mini-batches of {size}, seed 7)"
    got, ids = _ids_of(learner.call("random_mini_batches", X, Y, mini_batch_size=size, seed=7), m, where)
    order = np.concatenate(ids)
    got_Y = np.concatenate([np.asarray(by, dtype=float).reshape(-1) for _, by in got])
    wrong = int(np.sum(got_Y != Y[0, order]))
    if wrong == 0:
        return
    lines = [f"{wrong} of {m} examples lost their label{where}: mini_batch_Y does not hold the labels of the "
             "examples in mini_batch_X.",
             "  expected: mini-batch 0 labels " + fmt_array(Y[0, ids[0]], 10),
             "  got:      mini-batch 0 labels " + fmt_array(np.asarray(got[0][1]), 10)]
    if np.array_equal(got_Y, Y[0, :got_Y.size]) and not np.array_equal(order, np.arange(m)):
        lines.append("Y was not shuffled at all: index it with the same permutation as X, Y[:, permutation].")
    else:
        lines.append("X and Y were shuffled differently: draw ONE permutation and index both with it, "
                     "X[:, permutation] and Y[:, permutation] (two calls to rng.permutation give two different "
                     "orders).")
    fail(*lines)


def test_mini_batches_every_example_once(learner):
    for m, size, seed in ((150, 64, 11), (96, 32, 12)):
        X, Y = _labelled(m)
        where = f" (m = {m}, mini-batches of {size}, seed {seed})"
        _, ids = _ids_of(learner.call("random_mini_batches", X, Y, mini_batch_size=size, seed=seed), m, where)
        seen = np.bincount(np.concatenate(ids) if ids else np.zeros(0, int), minlength=m)
        missing, repeated = int(np.sum(seen == 0)), int(np.sum(seen > 1))
        if missing and not repeated and missing == m % size and len(ids) == m // size:
            fail(f"Every example should be in exactly one mini-batch{where}:",
                 f"  expected: each of the {m} examples once",
                 f"  got:      {_examples(missing)} missing",
                 f"They are the {_examples(m % size)} left over after the {m // size} full mini-batches: keep the "
                 "last, smaller mini-batch, or they never train.")
        if missing or repeated:
            fail(f"Every example should be in exactly one mini-batch{where}:",
                 f"  expected: each of the {m} examples once",
                 f"  got:      {missing} example(s) missing, {repeated} example(s) in more than one place",
                 "The order must be a permutation of the examples, rng.permutation(m), which takes each example "
                 "once; rng.choice(m, m) or rng.integers(...) draw with replacement and repeat some.")


def test_mini_batches_values(learner, cases):
    for case in cases("random_mini_batches"):
        where = _where(case)
        got = _mini_batches(learner.run(case), where)
        expected = case.expected
        if len(got) == len(expected) and all(_same(g[0], e[0]) and _same(g[1], e[1])
                                             for g, e in zip(got, expected)):
            continue
        seed = case.kwargs.get("seed", 0)
        lines = [f"Your mini-batches are not the expected ones{where} (seed = {seed}):"]
        for message, value in case.mistakes:
            if len(got) == len(value) and all(_same(g[0], e[0]) and _same(g[1], e[1]) for g, e in zip(got, value)):
                fail(*lines, message)
        if len(got) != len(expected):
            fail(*lines, f"  expected: {len(expected)} mini-batches", f"  got:      {len(got)}",
                 "The check of the number and sizes of the mini-batches says more.")
        k = next(k for k, (g, e) in enumerate(zip(got, expected)) if not (_same(g[0], e[0]) and _same(g[1], e[1])))
        for j, name in enumerate(("mini_batch_X", "mini_batch_Y")):
            if not _same(got[k][j], expected[k][j]):
                lines += [f"  first difference: `{name}` of mini-batch {k}",
                          f"  expected: {fmt_array(expected[k][j])}", f"  got:      {fmt_array(got[k][j])}"]
                break
        lines.append("Shuffle with exactly: rng = np.random.default_rng(seed); permutation = rng.permutation(m); "
                     "then take X[:, permutation] and Y[:, permutation] and slice them in order, "
                     "[0:size], [size:2 * size], ...")
        fail(*lines)


# --- initialisation -----------------------------------------------------------------------------


def _expect_zero_dict(name, got, parameters, where):
    keys = ["d" + key for key in parameters]
    if not isinstance(got, dict):
        fail(f"`{name}` should be a dict keyed like the gradients{where}.", f"  got: {describe_type(got)}")
    if set(got) != set(keys):
        lines = [f"`{name}` has the wrong keys{where}:", f"  expected: {', '.join(keys)}",
                 f"  got:      {', '.join(got) or '(none)'}"]
        if set(got) == set(parameters):
            lines.append(f"`{name}` uses the gradients' keys: \"dW1\", \"db1\", ... (\"d\" + the parameter's key), "
                         "so that v[\"dW1\"] goes with grads[\"dW1\"].")
        fail(*lines)
    for key in keys:
        value = expect_array(f'{name}["{key}"]', got[key])
        shape = parameters[key[1:]].shape
        if value.shape != shape:
            fail(f'Wrong shape for `{name}["{key}"]`{where}: expected {shape} (the shape of {key[1:]}), '
                 f"got {value.shape}.", "np.zeros_like(parameters[key]) has the right shape.")
        if value.dtype.kind != "f":
            fail(f'`{name}["{key}"]` should hold floats{where}.', f"  got: dtype {value.dtype}",
                 "The averages will hold fractions: np.zeros(shape) gives floats.")
        if np.any(value != 0):
            fail(f'`{name}["{key}"]` should start at zero{where}:', f"  got: {fmt_array(value)}",
                 "The averages start from nothing: np.zeros_like(parameters[key]).")


def test_initialize_velocity_and_adam(learner, cases):
    for case in cases("initialize_velocity"):
        _expect_zero_dict("v", learner.run(case), case.args[0], _where(case))
    for case in cases("initialize_adam"):
        got = learner.run(case)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            fail(f"initialize_adam should return the pair (v, s){_where(case)}.", f"  got: {describe_type(got)}",
                 "End it with `return v, s`.")
        for name, value in zip(("v", "s"), got):
            _expect_zero_dict(name, value, case.args[0], _where(case))


# --- momentum and Adam ------------------------------------------------------------------------------


def _dicts(got, names, function, where):
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        fail(f"{function} should return the tuple ({', '.join(names)}){where}.", f"  got: {describe_type(got)}"
             + (f" of {len(got)} items" if isinstance(got, (tuple, list)) else ""),
             f"End it with `return {', '.join(names)}`.")
    for name, value in zip(names, got):
        if not isinstance(value, dict):
            fail(f"`{name}` should be a dict{where}.", f"  got: {describe_type(value)}")
    return got


def _agrees(value, expected, indexes):
    """A mistake's returned dicts equal the expected ones at `indexes` (the parts already found right)."""
    return all(isinstance(value[i], dict) and all(_same(value[i].get(k), e) for k, e in expected[i].items())
               for i in indexes)


def _expect_entries(name, got, expected, index, case, right=()):
    """Each array of the dict `got` against `expected`, naming the mistake when one explains it.
    `right`: the indexes of the returned dicts already checked: only mistakes that get those right apply."""
    for key, want in expected.items():
        if key not in got:
            fail(f"`{name}` has no key {key!r}{_where(case)}.", f"  expected keys: {', '.join(expected)}",
                 f"  got keys:      {', '.join(got) or '(none)'}")
        mistakes = [(message, value[index][key]) for message, value in case.mistakes
                    if isinstance(value, (tuple, list)) and len(value) > max((index, *right))
                    and isinstance(value[index], dict) and key in value[index]
                    and _agrees(value, case.expected, right)]
        expect_close(f'{name}["{key}"]', got[key], want, _quiet(case), mistakes=mistakes)


def test_momentum_values(learner, cases):
    for case in cases("update_parameters_with_momentum"):
        parameters, v = _dicts(learner.run(case), ("parameters", "v"), "update_parameters_with_momentum",
                               _where(case))
        _expect_entries("v", v, case.expected[1], 1, case)
        _expect_entries("parameters", parameters, case.expected[0], 0, case, right=(1,))


def _t_of(case):
    return case.args[4]


def test_adam_values(learner, cases):
    for case in cases("update_parameters_with_adam"):
        where = _where(case)
        got = _dicts(learner.run(case), ("parameters", "v", "s"), "update_parameters_with_adam", where)
        t = _t_of(case)
        for name, values in zip(("parameters", "v", "s"), got):
            for key, value in values.items():
                if t == 1 and isinstance(value, np.ndarray) and not np.all(np.isfinite(np.asarray(value, float))):
                    fail(f'`{name}["{key}"]` holds nan or inf at the first step, t = 1{where}.',
                         "Something divided by zero: with t - 1 in the bias correction, 1 - beta1 ** 0 = 0. "
                         "t counts from 1, so the correction divides by 1 - beta1 ** t = 1 - beta1.")
        _expect_entries("v", got[1], case.expected[1], 1, case)
        _expect_entries("s", got[2], case.expected[2], 2, case, right=(1,))
        _expect_entries("parameters", got[0], case.expected[0], 0, case, right=(1, 2))


def test_adam_bias_correction(learner):
    rng = np.random.default_rng(42)
    parameters = {"W1": rng.standard_normal((4, 3)), "b1": rng.standard_normal((4, 1)),
                  "W2": rng.standard_normal((1, 4)), "b2": rng.standard_normal((1, 1))}
    # Gradients of very different sizes: Adam's first step moves every parameter by about learning_rate.
    scales = {"W1": 10.0, "b1": 1e-3, "W2": 1.0, "b2": 0.05}
    grads = {"d" + k: rng.standard_normal(p.shape) * scales[k] for k, p in parameters.items()}
    zeros = {"d" + k: np.zeros(p.shape) for k, p in parameters.items()}
    lr, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8
    where = " (t = 1, v = s = 0, learning_rate = 0.01)"
    got = _dicts(learner.call("update_parameters_with_adam", parameters, grads, zeros, zeros, 1, lr, beta1, beta2, eps),
                 ("parameters", "v", "s"), "update_parameters_with_adam", where)
    steps, wanted = [], []
    for key in parameters:
        value = parameters[key]
        if key not in got[0]:
            fail(f"`parameters` has no key {key!r}{where}.")
        new = expect_array(f'parameters["{key}"]', got[0][key])
        if new.shape != value.shape:
            fail(f'Wrong shape for `parameters["{key}"]`{where}: expected {value.shape}, got {new.shape}.')
        g = grads["d" + key]
        steps.append((value - np.asarray(new, dtype=float)).ravel())
        wanted.append((lr * g / (np.abs(g) + eps)).ravel())
    step, want = np.concatenate(steps), np.concatenate(wanted)
    if not np.all(np.isfinite(step)):
        fail(f"The first Adam step gives nan or inf{where}.",
             "With t - 1 in the bias correction, 1 - beta1 ** 0 = 0 and the step divides by zero: t counts from 1.")
    if np.allclose(step, want, rtol=1e-4, atol=1e-9):
        return
    ratio = float(np.median(step / want))
    lines = [f"At the first step, Adam should move every parameter by about learning_rate = {lr}, whatever the "
             f"size of its gradient{where}:",
             f"  expected: steps of size {fmt_number(lr)} ({fmt_array(want)})",
             f"  got:      {fmt_array(step)}"]
    # The first step's size for each way of getting the correction wrong, relative to the right one.
    uncorrected_v, uncorrected_s = 1 - beta1, np.sqrt(1 - beta2)
    shifted = ((1 - beta1) / (1 - beta1 ** 2)) / np.sqrt((1 - beta2) / (1 - beta2 ** 2))
    beta_weighted = (beta1 / (1 - beta1)) / np.sqrt(beta2 / (1 - beta2))
    g = np.concatenate([grads["d" + key].ravel() for key in parameters])
    if np.allclose(step, lr * g / np.sqrt(g ** 2 + eps), rtol=1e-4, atol=1e-12):
        fail(*lines, "The steps of the parameters with tiny gradients are too small: that is epsilon inside the "
             "square root, np.sqrt(s_corrected + epsilon). Add it after: np.sqrt(s_corrected) + epsilon.")
    known = [
        (uncorrected_v / uncorrected_s, "That is the step without the bias correction: at t = 1, v = (1 - beta1) * "
         "dW is 10 times too small and s = (1 - beta2) * dW ** 2 is 1000 times too small. Divide them by "
         "(1 - beta1 ** t) and (1 - beta2 ** t) before the update."),
        (uncorrected_v, "That is the step with s corrected but not v: v_corrected = v / (1 - beta1 ** t)."),
        (1 / uncorrected_s, "That is the step with v corrected but not s: s_corrected = s / (1 - beta2 ** t)."),
        (shifted, "That is the step with t + 1 in the bias correction: t counts from 1, so use beta ** t as it is."),
        (beta_weighted, "That is the step with beta1 * dW and beta2 * dW ** 2 added to the averages: the gradient's "
         "weight is (1 - beta1) in v and (1 - beta2) in s."),
    ]
    for factor, message in known:
        if np.isclose(ratio, factor, rtol=1e-3):
            fail(*lines, f"Your steps are {fmt_number(ratio)} times too large." if ratio > 1 else
                 f"Your steps are {fmt_number(ratio)} times the right size.", message)
    if np.isclose(ratio, -1, rtol=1e-3):
        fail(*lines, "Every step goes the wrong way: subtract the update, W - learning_rate * ... .")
    fail(*lines, "Check the bias correction (divide v by 1 - beta1 ** t and s by 1 - beta2 ** t) and "
         "the update, W - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon).")


# --- all functions -----------------------------------------------------------------------------------


def _expect_unchanged(function, name, before, after, advice):
    if isinstance(before, dict):
        if not isinstance(after, dict):
            fail(f"{function} replaced its input `{name}`.", advice)
        for key, value in before.items():
            _expect_unchanged(function, f'{name}["{key}"]', value, after.get(key), advice)
        return
    if isinstance(before, np.ndarray) and not (
            isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before)):
        fail(f"{function} changed its input `{name}` in place.", advice)


def test_inputs_unchanged(learner, cases):
    case = cases.named("m = 150 in mini-batches of 64")
    _, after, _ = learner.call_checked("random_mini_batches", *case.args, **case.kwargs)
    for name, before, now in zip(("X", "Y"), case.args, after):
        _expect_unchanged("random_mini_batches", name, before, now,
                          "rng.shuffle(X) shuffles the caller's array in place: index a copy instead, "
                          "X[:, permutation] (a new array).")
    advice = ("Build new dicts (new_v = {}; new_v[key] = beta * v[key] + ...) instead of assigning into the "
              "ones you were given, and never use +=, -= on their arrays: the caller may still need them.")
    for function, names in (("update_parameters_with_momentum", ("parameters", "grads", "v")),
                            ("update_parameters_with_adam", ("parameters", "grads", "v", "s"))):
        case = next(c for c in cases(function) if any(np.any(a != 0) for a in c.args[2].values()))
        _, after, _ = learner.call_checked(function, *case.args, **case.kwargs)
        for name, before, now in zip(names, case.args, after):
            _expect_unchanged(function, name, before, now, advice)
