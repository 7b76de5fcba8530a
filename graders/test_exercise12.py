"""Grader for exercise12: normalize_digits, predict_digits, train_digits on the UCI handwritten digits.
Each test is one check of course.yaml (test_<check id>).

train_digits is the slow part, so it runs once per grading (`_training`) and every check that needs
the trained network shares that run. The training split reaches the grader inside the fixtures (the
"validation split" case's data) and the learner's code receives it as plain arrays.
"""

import math

import numpy as np

from grader.checks import describe_type, expect_array, expect_close, expect_finite, fail, fmt_number

TARGET = 0.95
N_PIXELS, N_CLASSES = 64, 10
GUESSING = math.log(N_CLASSES)  # the cost of a network that gives every digit the same probability

_runs = {}


# --- shared helpers --------------------------------------------------------------------------------


def _training(learner, cases):
    """What train_digits returned, and the arrays it was given: (parameters, costs, X, Y, X_after, Y_after).

    The call runs once per grading; its failure (an error, a timeout) is kept and raised again in
    every check that needs the trained network.
    """
    if _runs.get("learner") is not learner:
        case = cases.named("validation split")
        X, Y = case.data["X_train"].astype(float), case.data["Y_train"]
        _runs.clear()
        _runs["learner"] = learner
        try:
            value, args_after, _ = learner.call_checked("train_digits", X, Y, seed=0)
            _runs["result"] = (value, X, Y, args_after)
        except Exception as exc:  # a LearnerError or LearnerTimeout: every check that needs it reports it
            _runs["error"] = exc
    if "error" in _runs:
        raise _runs["error"]
    return _runs["result"]


def _parameters_and_costs(value):
    """(parameters, costs) from what train_digits returned, with the likely mistake named when it is not that."""
    if isinstance(value, dict):
        fail("train_digits should return the pair (parameters, costs).", "  got: only a dict (the parameters?)",
             "End it with `return parameters, costs`: the grader draws nothing, but checks the costs fall.")
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        fail("train_digits should return the pair (parameters, costs).", f"  got: {describe_type(value)}",
             "End it with `return parameters, costs`.")
    parameters, costs = value
    if isinstance(costs, dict) and not isinstance(parameters, dict):
        fail("train_digits returned (costs, parameters): the contract is (parameters, costs), in that order.")
    if not isinstance(parameters, dict):
        fail("The first value train_digits returns should be the parameters dict.",
             f"  got: {describe_type(parameters)}")
    return parameters, costs


def _expect_network(parameters):
    """A dict W1, b1, ..., WL, bL whose shapes chain from 64 inputs to 10 outputs."""
    weights = sorted((k for k in parameters if k[:1] == "W" and k[1:].isdigit()), key=lambda k: int(k[1:]))
    L = len(weights)
    expected_keys = [f"{kind}{l}" for l in range(1, L + 1) for kind in ("W", "b")]
    if L == 0 or weights != [f"W{l}" for l in range(1, L + 1)]:
        fail("`parameters` should hold W1, b1, ..., WL, bL, numbered from 1 with no gap.",
             f"  got keys: {', '.join(repr(k) for k in parameters) or '(none)'}")
    missing = [k for k in expected_keys if k not in parameters]
    extra = [k for k in parameters if k not in expected_keys]
    if missing or extra:
        fail(f"`parameters` should hold exactly {', '.join(expected_keys)}.",
             f"  missing: {', '.join(missing) or '(none)'}", f"  unexpected: {', '.join(extra) or '(none)'}",
             "predict_digits and forward count the layers as len(parameters) // 2: keep only the weights and biases.")
    n_prev = N_PIXELS
    for l in range(1, L + 1):
        W = expect_array(f"W{l}", parameters[f"W{l}"])
        b = expect_array(f"b{l}", parameters[f"b{l}"])
        if W.ndim != 2 or W.shape[1] != n_prev:
            reads = "the 64 pixels" if l == 1 else f"the {n_prev} outputs of layer {l - 1}"
            fail(f"Wrong shape for `W{l}`: expected ({W.shape[0] if W.ndim == 2 else 'n'}, {n_prev}), got {W.shape}.",
                 f"Layer {l} reads {reads}, so W{l} needs {n_prev} columns.")
        if b.shape != (W.shape[0], 1):
            fail(f"Wrong shape for `b{l}`: expected ({W.shape[0]}, 1), got {b.shape}.", "A bias is a column.")
        n_prev = W.shape[0]
    if n_prev != N_CLASSES:
        fail(f"The last layer should have {N_CLASSES} neurons, one per digit: W{L} has shape "
             f"{parameters[f'W{L}'].shape}.", f"End layer_dims with {N_CLASSES}.")
    for key in expected_keys:
        expect_finite(key, parameters[key])


def _network(learner, cases):
    parameters, _ = _parameters_and_costs(_training(learner, cases)[0])
    _expect_network(parameters)
    return parameters


def _labels(name, got, m):
    """`got` as predictions of shape (1, m), integer values 0..9, with the likely mistake named."""
    if isinstance(got, np.ndarray) and got.shape != (1, m):
        if got.shape == (m,):
            fail(f"Wrong shape for `{name}`: expected (1, {m}), got ({m},).",
                 "np.argmax(AL, axis=0) drops the class axis: return it with .reshape(1, -1).")
        if got.shape == (N_CLASSES, m):
            fail(f"Wrong shape for `{name}`: expected (1, {m}), got ({N_CLASSES}, {m}).",
                 "These look like the 10 probabilities of each image: return the most likely class, "
                 "np.argmax(AL, axis=0), not AL.")
        if got.shape in ((N_CLASSES,), (1, N_CLASSES), (N_CLASSES, 1)):
            fail(f"Wrong shape for `{name}`: expected (1, {m}), got {got.shape}.",
                 "That is one value per class, not per image: take np.argmax over axis 0 (the classes), "
                 "not axis 1 (the examples).")
        if got.shape == (m, 1):
            fail(f"Wrong shape for `{name}`: expected (1, {m}), got ({m}, 1).",
                 "Predictions are a row, one column per example: .reshape(1, -1).")
        fail(f"Wrong shape for `{name}`: expected (1, {m}), got {got.shape}.")
    got = expect_array(name, got)
    if got.dtype.kind not in "iuf" or not np.all(np.isfinite(got)) or np.any(got != np.round(got)):
        fail(f"`{name}` should hold whole digits 0..9.", f"  got values like: {fmt_number(got.ravel()[0])}",
             "Return np.argmax(AL, axis=0): the index of the most likely class, not its probability.")
    if got.size and (got.min() < 0 or got.max() > N_CLASSES - 1):
        fail(f"`{name}` should hold digits 0..9.", f"  got values from {fmt_number(got.min())} "
             f"to {fmt_number(got.max())}")
    return got


def _accuracy(learner, parameters, X, Y):
    predictions = _labels("predictions", learner.call("predict_digits", X, parameters), X.shape[1])
    return float(np.mean(predictions.ravel() == Y.ravel()))


def _expect_accuracy(learner, cases, X, Y, split, note=""):
    parameters = _network(learner, cases)
    accuracy = _accuracy(learner, parameters, X, Y)
    if accuracy >= TARGET:
        return
    lines = [f"Accuracy on the {split}: expected at least {TARGET:.0%}, got {accuracy:.2%} "
             f"({int(round(accuracy * Y.size))} of {Y.size} images right).", note]
    # (Scaling in training but not in prediction hardly shows here: a ReLU network with small biases gives
    # nearly the same argmax for X and 16 X. predict_values catches it on networks with large biases.)
    _, X_train, Y_train, _ = _training(learner, cases)
    on_train = _accuracy(learner, parameters, X_train, Y_train)
    lines.append(f"On the training split itself it scores {on_train:.2%}.")
    if on_train < 0.97:
        lines.append("The network has not learnt even the images it trained on: train longer (more epochs), "
                     "or adjust the learning rate (try 0.001 to 0.01 with Adam), and check that the cost falls.")
    else:
        lines.append("It learnt the training images but does not do as well on new ones: try fewer epochs, "
                     "a smaller learning rate, or a hidden layer of 64 to 128 neurons, and compare the "
                     "validation accuracy of each recipe (python exercises/exercise12.py prints it).")
    fail(*lines)


# --- normalize_digits ------------------------------------------------------------------------------


def test_normalize_values(learner, cases):
    for case in cases("normalize_digits"):
        got = learner.run(case)
        expect_close("X_scaled", got, case.expected, case)
        if got.dtype.kind != "f":
            fail(f"`X_scaled` should hold floats on case \"{case.name}\".", f"  got: dtype {got.dtype}",
                 "X / PIXEL_MAX gives floats; X // PIXEL_MAX or .astype(int) does not.")


# --- predict_digits --------------------------------------------------------------------------------


def test_predict_values(learner, cases):
    for case in cases("predict_digits"):
        got = _labels("predictions", learner.run(case), case.args[0].shape[1])
        expect_close("predictions", got, case.expected, case)


# --- train_digits ----------------------------------------------------------------------------------


def test_train_returns_network_and_costs(learner, cases):
    parameters, costs = _parameters_and_costs(_training(learner, cases)[0])
    _expect_network(parameters)
    if isinstance(costs, np.ndarray):
        values = costs
    elif isinstance(costs, (list, tuple)) and all(isinstance(c, (int, float, np.generic)) and not isinstance(c, bool)
                                                  for c in costs):
        values = np.array(costs, dtype=float)
    else:
        fail("`costs` should be a list of numbers (the cost recorded during training).",
             f"  got: {describe_type(costs)}",
             "Append float(cost) to a list at each epoch (or every few iterations).")
    if values.dtype.kind not in "iuf" or values.ndim != 1 or values.size < 2:
        fail("`costs` should be a flat list of at least 2 numbers.",
             f"  got: {describe_type(costs)} with {values.size} value(s)")


def test_cost_falls(learner, cases):
    _, costs = _parameters_and_costs(_training(learner, cases)[0])
    try:
        values = np.asarray(costs, dtype=float).ravel()
    except (TypeError, ValueError):
        fail("`costs` should be a list of numbers.", f"  got: {describe_type(costs)}")
    if values.size < 2:
        fail(f"`costs` should record at least 2 values to show the cost falling; got {values.size}.")
    if not np.all(np.isfinite(values)):
        first = int(np.flatnonzero(~np.isfinite(values))[0])
        fail(f"The cost became nan or inf (first at costs[{first}]).",
             "The learning rate is probably too large, or the pixels were not scaled (0..16 inputs make huge scores).")
    k = max(1, values.size // 10)
    start, end = float(values[:k].mean()), float(values[-k:].mean())
    if end >= start:
        fail("The cost should fall during training:", f"  first values: {fmt_number(start)}",
             f"  last values:  {fmt_number(end)}",
             "A cost that rises or jumps about points at a learning rate that is too large.")
    if end > 0.5 * start:
        fail("The cost should fall well during training (to less than half its first value):",
             f"  first values: {fmt_number(start)}", f"  last values:  {fmt_number(end)}",
             "It hardly moved: is the learning rate too small, or are the new parameters thrown away? "
             "adam_update returns them: `parameters = adam_update(parameters, grads, adam, learning_rate)`.")
    if end >= 1.0:
        peak = float(values.max())
        fail("The cost should end well below the cost of guessing:",
             f"  expected: less than 1 (guessing among {N_CLASSES} digits costs ln({N_CLASSES}) = {GUESSING:.2f})",
             f"  got:      {fmt_number(end)} at the end",
             f"It climbed to {fmt_number(peak)} on the way: the learning rate is probably too large."
             if peak > 2 * GUESSING else "Train longer (more epochs) or raise the learning rate.")


def test_validation_accuracy(learner, cases):
    case = cases.named("validation split")
    _expect_accuracy(learner, cases, case.args[0].astype(float), case.data["Y_valid"], "validation split")


def test_held_out_accuracy(learner, cases):
    held_out = [c for c in cases("predict_digits") if "Y_held_out" in c.data]
    if held_out:
        case = held_out[0]
        _expect_accuracy(learner, cases, case.args[0].astype(float), case.data["Y_held_out"], "held-out split")
    else:
        # A learner's copy has no held-out split: the validation split stands in, so the score at home
        # is what the final one will likely be. The instructor's grading uses the held-out split.
        case = cases.named("validation split")
        _expect_accuracy(learner, cases, case.args[0].astype(float), case.data["Y_valid"], "validation split",
                         note="(Your copy of the course has no held-out split, so this check used the validation "
                              "split in its place; your instructor's grading uses the held-out split.)")


def test_inputs_unchanged(learner, cases):
    _, X, Y, (X_after, Y_after) = _training(learner, cases)
    for name, before, after in (("X_train", X, X_after), ("Y_train", Y, Y_after)):
        if not (isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before)):
            fail(f"train_digits changed its input `{name}` in place.",
                 "Scale into a new array (X = normalize_digits(X_train)), never X_train /= 16: the caller's "
                 "data must stay as it was.")
    case = cases("normalize_digits")[1]
    _, (X_after,), _ = learner.call_checked("normalize_digits", *case.args)
    if not np.array_equal(X_after, case.args[0]):
        fail("normalize_digits changed its input `X` in place.",
             "Return X / PIXEL_MAX, a new array; X /= PIXEL_MAX changes the caller's images.")
    case = cases("predict_digits")[1]
    _, (X_after, parameters_after), _ = learner.call_checked("predict_digits", *case.args)
    if not np.array_equal(X_after, case.args[0]):
        fail("predict_digits changed its input `X` in place.", "Scale into a new array with normalize_digits(X).")
    for key, value in case.args[1].items():
        if not (isinstance(parameters_after, dict) and np.array_equal(parameters_after.get(key), value)):
            fail(f"predict_digits changed `parameters[{key!r}]` in place.", "Predicting must only read the network.")
