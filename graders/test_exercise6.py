"""Grader for exercise6: predict and train. Each test is one check of course.yaml (test_<check id>)."""

import math

import numpy as np

from grader.checks import describe_type, expect_close, expect_keys, expect_shape, fail, fmt_array, fmt_number

_trained = {}


def _train(learner, case):
    """train(...) on the case, once per grading: the checks below look at the same training."""
    key = (id(learner), case.name)
    if key not in _trained:
        _trained[key] = learner.run(case)
    return _trained[key]


def _iterations(case):
    return case.kwargs.get("num_iterations", 2500)


def _unpack(result, case):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        length = f" of length {len(result)}" if isinstance(result, (tuple, list)) else ""
        fail(f'train should return a tuple (parameters, costs) on case "{case.name}".',
             f"  got: {describe_type(result)}{length}", "End the function with: return parameters, costs")
    return result


def _costs(result, case) -> np.ndarray:
    """The costs as a 1-D float array, whatever numbers they were stored as."""
    costs = _unpack(result, case)[1]
    if isinstance(costs, np.ndarray):
        costs = list(costs.ravel())
    if not isinstance(costs, (list, tuple)):
        fail(f'`costs` should be a list of numbers on case "{case.name}".', f"  got: {describe_type(costs)}")
    values = []
    for k, cost in enumerate(costs):
        if isinstance(cost, bool) or not isinstance(cost, (int, float, np.generic, np.ndarray)) or np.size(cost) != 1:
            fail(f'`costs[{k}]` should be a number on case "{case.name}".', f"  got: {describe_type(cost)}")
        values.append(float(np.asarray(cost, dtype=float).ravel()[0]))
    return np.array(values)


def _keys(layer_dims):
    return [f"{p}{l}" for l in range(1, len(layer_dims)) for p in ("W", "b")]


# --- predict ---------------------------------------------------------------------------------


def test_predict_example(learner, cases):
    case = cases.named("predict: docstring example")
    expect_close("predictions", learner.run(case), case.expected, case)


def test_predict_values(learner, cases):
    for case in cases("predict"):
        if case.name in ("predict: docstring example", "predict: probabilities of exactly 0.5"):
            continue
        expect_close("predictions", learner.run(case), case.expected, case)


def test_predict_threshold(learner, cases):
    case = cases.named("predict: probabilities of exactly 0.5")
    got = expect_shape("predictions", learner.run(case), case.expected.shape, case)
    exact = [0, 3]  # the examples whose probability AL is exactly 0.5
    if np.allclose(np.asarray(got, dtype=float), case.expected):
        return
    if np.allclose(np.delete(np.asarray(got, dtype=float), exact, axis=1), np.delete(case.expected, exact, axis=1)):
        fail("Wrong prediction where the probability AL is exactly 0.5 (examples 0 and 3):",
             "  expected: 0 (the threshold is strict: 1 only when AL > 0.5)",
             f"  got:      {fmt_array(np.asarray(got)[0, exact])}",
             "Use AL > 0.5, not AL >= 0.5 (np.round(AL) would round 0.5 to 0 too, but say what you mean).")
    expect_close("predictions", got, case.expected, case)


def test_predict_shape_and_dtype(learner, cases):
    for case in cases("predict")[:4]:
        got = expect_shape("predictions", learner.run(case), (1, case.m), case)
        if got.dtype.kind == "b":
            fail(f'`predictions` holds True/False on case "{case.name}": the labels should be the integers 0 and 1.',
                 "  expected dtype: int",
                 f"  got dtype:      {got.dtype}",
                 "Turn the comparison into integers: (AL > 0.5).astype(int).")
        if got.dtype.kind not in "iu":
            fail(f'`predictions` should hold integers on case "{case.name}".',
                 "  expected dtype: int",
                 f"  got dtype:      {got.dtype}",
                 "Labels are whole numbers: build them with (AL > 0.5).astype(int).")


# --- train -----------------------------------------------------------------------------------


def test_train_returns(learner, cases):
    case = cases.named("train: docstring example")
    parameters, costs = _unpack(_train(learner, case), case)
    layer_dims = case.args[2]
    expect_keys("parameters", parameters, _keys(layer_dims), case, extra_allowed=False)
    for l, (n_prev, n) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        expect_shape(f"W{l}", parameters[f"W{l}"], (n, n_prev), case)
        expect_shape(f"b{l}", parameters[f"b{l}"], (n, 1), case)
    if not isinstance(costs, list):
        fail(f'`costs` should be a list on case "{case.name}".', f"  got: {describe_type(costs)}",
             "Start with costs = [] and append to it.")
    for k, cost in enumerate(costs):
        if not isinstance(cost, float):
            extra = (" (of shape " + str(cost.shape) + ")") if isinstance(cost, np.ndarray) else ""
            fail(f'`costs[{k}]` should be a Python float on case "{case.name}".',
                 f"  got: {describe_type(cost)}{extra}",
                 "Append the number compute_cost returns, as it is (or float(...) of it).")


def test_costs_every_100_iterations(learner, cases):
    for case in cases("train"):
        costs = _costs(_train(learner, case), case)
        n = _iterations(case)
        wanted = math.ceil(n / 100)
        if len(costs) == wanted:
            continue
        lines = [f'Wrong number of costs on case "{case.name}" ({n} iterations):',
                 f"  expected: {wanted} (iterations 0, 100, ..., {100 * (wanted - 1)})",
                 f"  got:      {len(costs)}"]
        if len(costs) == n:
            lines.append("You recorded the cost of every iteration: keep it only when i % 100 == 0.")
        elif len(costs) == 0:
            lines.append("`costs` is empty: append the cost to it inside the loop, when i % 100 == 0.")
        elif len(costs) == wanted + 1:
            lines.append("One cost too many: record only when i % 100 == 0 (not the last iteration as well).")
        elif len(costs) == n // 100:
            lines.append("Iteration 0 counts: loop with for i in range(num_iterations) and record when i % 100 == 0.")
        fail(*lines)


def test_initial_cost_and_seed(learner, cases):
    for case in cases("train"):
        costs = _costs(_train(learner, case), case)
        if len(costs) == 0:
            fail(f'`costs` is empty on case "{case.name}": costs[0] should be the cost of iteration 0.')
        expected = case.data["initial_cost"]
        if np.isclose(costs[0], expected, rtol=1e-5, atol=1e-7):
            continue
        seed = case.kwargs.get("seed", 0)
        known = [message for message, value in case.mistakes
                 if np.size(value) and np.isclose(costs[0], np.asarray(value).ravel()[0], rtol=1e-5, atol=1e-7)]
        fail(f'Wrong value for `costs[0]` on case "{case.name}":',
             f"  expected: {fmt_number(expected)}",
             f"  got:      {fmt_number(costs[0])}",
             known[0] if known else f"costs[0] should be the cost computed in iteration 0, before the first update, "
                                    f"from the parameters initialize_parameters(layer_dims, {seed}) returns.")


def test_cost_falls(learner, cases):
    for case in cases("train")[:3]:
        costs = _costs(_train(learner, case), case)
        if len(costs) < 2:
            fail(f'Only {len(costs)} cost(s) on case "{case.name}": there should be one every 100 iterations.')
        if not np.isfinite(costs).all():
            fail(f'Some costs are nan or inf on case "{case.name}":', f"  costs: {fmt_array(costs)}",
                 "The network's probabilities reached exactly 0 or 1: is the learning rate the one passed in?")
        if np.allclose(costs, costs[0], rtol=1e-12, atol=0):
            fail(f'The cost never changes on case "{case.name}":', f"  costs: {fmt_array(costs)}",
                 "The parameters are never updated: update_parameters returns a NEW dict, keep it with "
                 "parameters = update_parameters(parameters, grads, learning_rate), and initialise the parameters "
                 "once, before the loop.")
        if costs[-1] >= costs[0]:
            fail(f'The cost should fall during training on case "{case.name}":',
                 f"  expected: the last cost below the first, {fmt_number(costs[0])}",
                 f"  got:      {fmt_number(costs[-1])}  (costs: {fmt_array(costs)})",
                 "Gradient descent steps against the gradient: use the given update_parameters, "
                 "with the learning_rate passed in.")
        rises = int((np.diff(costs) > 0).sum())
        if rises > 0.1 * (len(costs) - 1):
            fail(f'The cost went up in {rises} of the {len(costs) - 1} steps between recorded costs '
                 f'on case "{case.name}":', f"  costs: {fmt_array(costs, limit=10)}",
                 "With the learning rate passed in, it should fall almost every time: check that each iteration "
                 "uses the parameters the previous one updated.")


def test_matches_reference(learner, cases):
    for case in cases("train"):
        result = _train(learner, case)
        costs = _costs(result, case)
        expected = np.asarray(case.expected[1], dtype=float)
        if costs.shape != expected.shape:
            fail(f'Wrong number of costs on case "{case.name}": expected {len(expected)}, got {len(costs)}.',
                 "The check of the number of costs says more.")
        expect_close("costs", costs, expected, case)
        parameters = result[0]
        expect_keys("parameters", parameters, list(case.expected[0]), case)
        for key, value in case.expected[0].items():
            expect_close(key, parameters[key], value, case)


def test_accuracy(learner, cases):
    case = cases.named("train: ring, [2, 8, 1], the default hyperparameters")
    parameters = _unpack(_train(learner, case), case)[0]
    X, Y = case.args[0], case.args[1]
    for label, inputs, labels in (("training", X, Y), ("test", case.data["X_test"], case.data["Y_test"])):
        predictions = expect_shape("predictions", learner.call("predict", inputs, parameters), labels.shape, case)
        values = np.asarray(predictions, dtype=float)
        if not np.isin(values, (0.0, 1.0)).all():
            fail(f'predict returned values other than 0 and 1 on the {label} set of case "{case.name}":',
                 f"  got: {fmt_array(values)}",
                 "Accuracy counts the predictions equal to the labels: predict must return 0/1 labels.")
        accuracy = float(np.mean(values == labels))
        if accuracy < 0.9:
            fail(f'Accuracy on the {label} set of case "{case.name}" is too low:',
                 "  expected: at least 0.9 (the reference reaches 0.99)",
                 f"  got:      {accuracy:.3f}",
                 "Check the other checks first: a cost that does not fall, or predict returning something "
                 "other than 0/1 labels, explains it.")
