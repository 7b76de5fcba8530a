"""Grader for exercise4: backward_pass. Each test is one check of course.yaml (test_<check id>).

The expected gradients come from the reference solution, and the numerical ones (centred differences
of the cost) from the cases file, both through the fixtures."""

import dataclasses

import numpy as np

from grader.checks import CheckFailed, describe_type, expect_array, expect_close, expect_keys, expect_shape, fail, \
    fmt_array, gradient_verdict, rel_error

GRADIENT_CHECK_PASS = 1e-5   # cs231n: below 1e-7 excellent, below 1e-5 fine with ReLU kinks


def _names(case):
    """dW1, db1, ..., dWL, dbL for the case's network."""
    return [f"{kind}{l}" for l in range(1, len(case.args[2]) + 1) for kind in ("dW", "db")]


def _backward_order(names):
    """dWL, dbL, ..., dW1, db1: the order backpropagation computes them in."""
    return sorted(names, key=lambda k: (-int(k[2:]), k[:2] != "dW"))


def _grads(learner, case):
    """The learner's grads for the case: a dict holding every key, or a failure that says what is missing."""
    got = learner.run(case)
    names = _names(case)
    if isinstance(got, dict) and any(k in got for k in ("dW0", "db0")) and not all(k in got for k in names):
        fail(f"`grads` has the key 'dW0' or 'db0' on case \"{case.name}\", and no {names[-2]!r}.",
             f"Layers are numbered from 1: caches[l - 1] is layer l's cache, and its gradients are dW{{l}} and "
             f"db{{l}} (here dW1 ... dW{len(case.args[2])}).")
    return expect_keys("grads", got, names, case)


def _comparable(got, expected):
    """The learner's array arranged like the expected one when only its arrangement differs, so that the
    value checks judge values (the shapes check judges shapes)."""
    if not isinstance(got, np.ndarray) or got.shape == expected.shape:
        return got
    if got.ndim == 2 and got.shape == expected.shape[::-1] and got.shape[0] != got.shape[1]:
        return got.T
    if got.size == expected.size and got.ndim == 1 and expected.shape[1] == 1:
        return got.reshape(expected.shape)
    return got


def _mistakes_for(case, name):
    return [(message, value[name]) for message, value in case.mistakes if isinstance(value, dict) and name in value]


def _expect_gradient(got, case, name):
    """Values of grads[name] against the reference, with the typical mistakes for that gradient."""
    expected = case.expected[name]
    quiet = dataclasses.replace(case, mistakes=[])
    mistakes = _mistakes_for(case, name)
    if name.startswith("dW") and expected.shape[0] == expected.shape[1]:
        mistakes.append((f"It is the transpose of the right `{name}`: dW = dZ @ A_prev.T / m, with dZ first "
                         "(not A_prev @ dZ.T).", expected.T))
    expect_close(name, _comparable(got[name], expected), expected, quiet, mistakes=mistakes)


# --- the checks ------------------------------------------------------------------------------------


def test_returns_grads_dict(learner, cases):
    for case in cases("backward_pass"):
        _grads(learner, case)


def test_shapes(learner, cases):
    for case in cases("backward_pass"):
        grads = _grads(learner, case)
        for name in _names(case):
            expected = case.expected[name]
            got = expect_array(name, grads[name], case)
            l = name[2:]
            if name.startswith("dW") and got.shape == expected.shape[::-1] and got.shape != expected.shape:
                fail(f"Wrong shape for `{name}` on case \"{case.name}\": expected {expected.shape} (the shape of "
                     f"W{l}), got {got.shape}.",
                     f"It is transposed: dW{l} = dZ{l} @ A_prev.T / m, with dZ{l} of shape ({expected.shape[0]}, m) "
                     "first; not A_prev @ dZ.T.")
            if name.startswith("db") and got.shape == ():
                fail(f"Wrong shape for `{name}` on case \"{case.name}\": expected {expected.shape} (the shape of "
                     f"b{l}), got a single number.",
                     "Sum over the examples only: np.sum(dZ, axis=1, keepdims=True) / m, one value per neuron.")
            expect_shape(name, got, expected.shape, case)
            if got.dtype.kind != "f":
                fail(f"`{name}` should hold floats on case \"{case.name}\".", f"  got: dtype {got.dtype}")


def test_docstring_example(learner, cases):
    case = cases.named("docstring example")
    grads = _grads(learner, case)
    for name in _backward_order(_names(case)):
        _expect_gradient(grads, case, name)


def test_output_layer(learner, cases):
    for case in cases("backward_pass"):
        grads = _grads(learner, case)
        L = len(case.args[2])
        for name in (f"dW{L}", f"db{L}"):
            _expect_gradient(grads, case, name)


def test_hidden_layers(learner, cases):
    for case in cases("backward_pass"):
        L = len(case.args[2])
        if L < 2:
            continue
        grads = _grads(learner, case)
        output_right = True
        for name in (f"dW{L}", f"db{L}"):
            try:
                _expect_gradient(grads, case, name)
            except CheckFailed:
                output_right = False
        for name in _backward_order(_names(case)[:-2]):
            try:
                _expect_gradient(grads, case, name)
            except CheckFailed as exc:
                if not output_right:
                    raise
                fail(str(exc),
                     f"The output layer's gradients (dW{L}, db{L}) are right, so dZ{L} is: the mistake is in what is "
                     "handed down. Look at dA_prev = W.T @ dZ (W of the layer above, transposed) and at the ReLU "
                     "derivative (dZ = dA_prev where the Z of the layer below is > 0).")


def _relative_errors(grads, numerical):
    """{name: relative error} for the gradients the learner returned in a comparable shape, else None."""
    errors = {}
    for name, num in numerical.items():
        got = _comparable(grads.get(name), num)
        errors[name] = rel_error(got, num) if isinstance(got, np.ndarray) and got.shape == num.shape else None
    return errors


def test_gradient_check(learner, cases):
    for case in cases("backward_pass"):
        grads = _grads(learner, case)
        numerical = case.data["numerical"]
        errors = _relative_errors(grads, numerical)
        bad = [name for name, err in errors.items() if err is None or err >= GRADIENT_CHECK_PASS]
        if not bad:
            continue
        # Report the first wrong gradient from the output layer down: backpropagation's own order.
        order = _backward_order(numerical)
        worst = next(name for name in order if name in bad)
        lines = [f"Gradient check failed for `{worst}` on case \"{case.name}\":"]
        if errors[worst] is None:
            lines.append(f"  `{worst}` has shape {describe_type(grads[worst])}, expected {numerical[worst].shape}, "
                         "so it cannot be compared.")
        else:
            got = _comparable(grads[worst], numerical[worst])
            lines += [f"  numerical: {fmt_array(numerical[worst])}",
                      f"  yours:     {fmt_array(got)}",
                      f"  relative error {errors[worst]:.1e}: {gradient_verdict(errors[worst])}"]
            if got.ndim == 2 and got.shape[0] == got.shape[1] and rel_error(got.T, numerical[worst]) < GRADIENT_CHECK_PASS:
                lines.append(f"  yours is the transpose of the numerical `{worst}`: dW = dZ @ A_prev.T / m, dZ first.")
        lines.append("Relative errors of every gradient (max over entries of |yours - numerical| / "
                     "(|yours| + |numerical|)):")
        for name in order:
            err = errors[name]
            lines.append(f"  {name}: " + ("wrong shape" if err is None else f"{err:.1e} ({gradient_verdict(err)})"))
        lines += _gradient_diagnosis(order, bad, len(case.args[2]))
        lines.append(f"The numerical gradient nudges each entry of a parameter by ±1e-5 and measures the change in "
                     f"the cost; a right backward pass agrees with it to better than {GRADIENT_CHECK_PASS:g}.")
        fail(*lines)


def _gradient_diagnosis(order, bad, L):
    bad = set(bad)
    if bad and all(name.startswith("db") for name in bad):
        return ["Only the bias gradients are off: db = np.sum(dZ, axis=1, keepdims=True) / m (a sum over the "
                "examples, for each neuron)."]
    if bad and all(name.startswith("dW") for name in bad):
        return ["Only the weight gradients are off, the biases are right, so dZ is: look at dW = dZ @ A_prev.T / m, "
                "with A_prev from the same layer's cache."]
    if L > 1 and not bad & {f"dW{L}", f"db{L}"}:
        return [f"The output layer's gradients pass and the ones below do not: look at how dZ is handed down "
                "(dA_prev = W.T @ dZ, then the ReLU derivative with the Z of the layer below)."]
    return []


def _expect_unchanged(name, before, after):
    if isinstance(before, (list, tuple)):
        if not isinstance(after, (list, tuple)) or len(after) != len(before):
            fail(f"backward_pass changed its input `{name}` (its length or type).")
        for i, (b, a) in enumerate(zip(before, after)):
            _expect_unchanged(f"{name}[{i}]", b, a)
        return
    if not (isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before)):
        fail(f"backward_pass changed its input `{name}` in place.",
             "The caches belong to the forward pass; compute into new arrays (dZ = dA * (Z > 0), not "
             "dA[Z <= 0] = 0 on an array you were given, nor Z[...] = ...).")


def test_inputs_unchanged(learner, cases):
    for case in cases("backward_pass")[:4]:
        _, after, _ = learner.call_checked("backward_pass", *case.args)
        for name, before, now in zip(("AL", "Y", "caches"), case.args, after):
            _expect_unchanged(name, before, now)
