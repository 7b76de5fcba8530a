"""exercise12's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

SCALE = "    return X / PIXEL_MAX\n"
TRAIN_SCALE = "    X, Y = normalize_digits(X_train), one_hot(Y_train)\n"
PREDICT_FORWARD = "    AL, _ = forward(normalize_digits(X), parameters)\n"
ARGMAX = "    return np.argmax(AL, axis=0).reshape(1, -1)\n"
UPDATE = "            parameters = adam_update(parameters, backward(AL, Y_batch, caches), adam, learning_rate)\n"


def with_change(old: str, new: str) -> str:
    return mutate(solution("exercise12"), old, new)


def test_reference_solution_earns_full_marks():
    result = grade("exercise12", solution("exercise12"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 14
    assert "included 3 hidden cases" in " ".join(result.notes)


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise12", stub("exercise12"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise12 yet" in result.summary


def test_divided_by_255():
    result = grade("exercise12", with_change(SCALE, "    return X / 255\n"))
    assert {"normalize_values", "predict_values"} <= lost(result)
    assert "not 0 to 255" in by_id(result)["normalize_values"].output
    assert "X / 255" in by_id(result)["predict_values"].output


def test_integer_division():
    result = grade("exercise12", with_change(SCALE, "    return X // PIXEL_MAX\n"))
    assert "normalize_values" in lost(result)
    assert "X // 16, an integer division" in by_id(result)["normalize_values"].output


def test_predict_forgets_to_scale():
    # The trained network hardly notices (a ReLU network with small biases gives nearly the same argmax
    # for X and 16 X), so the accuracy checks may pass: the given networks of predict_values catch it.
    result = grade("exercise12", with_change(PREDICT_FORWARD, "    AL, _ = forward(X, parameters)\n"))
    assert "predict_values" in lost(result)
    assert {"normalize_values", "train_returns_network_and_costs", "cost_falls"}.isdisjoint(lost(result))
    assert "the unscaled pixels: scale X with normalize_digits" in by_id(result)["predict_values"].output


RECIPE = "    layer_dims, learning_rate, batch_size, epochs = [64, 128, N_CLASSES], 0.003, 32, 30\n"


def test_learning_rate_far_too_small():
    result = grade("exercise12", with_change(
        RECIPE, "    layer_dims, learning_rate, batch_size, epochs = [64, 128, N_CLASSES], 0.00001, 32, 3\n"))
    assert lost(result) == with_gated("exercise12", {"cost_falls", "validation_accuracy", "held_out_accuracy"})
    assert "It hardly moved: is the learning rate too small" in by_id(result)["cost_falls"].output
    output = by_id(result)["validation_accuracy"].output
    assert output.startswith("Accuracy on the validation split: expected at least 95%, got ")
    assert "has not learnt even the images it trained on" in output


def test_learning_rate_far_too_large():
    result = grade("exercise12", with_change(
        RECIPE, "    layer_dims, learning_rate, batch_size, epochs = [64, 128, N_CLASSES], 5.0, 32, 10\n"))
    assert {"cost_falls", "validation_accuracy", "held_out_accuracy"} <= lost(result)
    assert "learning rate" in by_id(result)["cost_falls"].output


def test_new_parameters_thrown_away():
    result = grade("exercise12", with_change(
        UPDATE, "            adam_update(parameters, backward(AL, Y_batch, caches), adam, learning_rate)\n"))
    assert {"cost_falls", "validation_accuracy", "held_out_accuracy"} <= lost(result)
    assert "parameters = adam_update(parameters, grads, adam, learning_rate)" in by_id(result)["cost_falls"].output
    assert "has not learnt even the images it trained on" in by_id(result)["validation_accuracy"].output


def test_argmax_over_the_examples():
    result = grade("exercise12", with_change(ARGMAX, "    return np.argmax(AL, axis=1).reshape(1, -1)\n"))
    assert {"predict_values", "validation_accuracy"} <= lost(result)
    output = by_id(result)["predict_values"].output
    assert output.startswith("Wrong shape for `predictions`: expected (1, 6), got (1, 10).")
    assert "not axis 1 (the examples)" in output


def test_probabilities_returned():
    result = grade("exercise12", with_change(ARGMAX, "    return AL\n"))
    assert "predict_values" in lost(result)
    assert "return the most likely class" in by_id(result)["predict_values"].output


def test_costs_not_returned():
    result = grade("exercise12", with_change("    return parameters, costs\n", "    return parameters\n"))
    assert lost(result) == with_gated("exercise12", {"train_returns_network_and_costs", "cost_falls", "validation_accuracy",
                            "held_out_accuracy"})
    assert "End it with `return parameters, costs`" in by_id(result)["train_returns_network_and_costs"].output


def test_training_scales_the_callers_images_in_place():
    result = grade("exercise12", with_change(TRAIN_SCALE, "    X_train /= PIXEL_MAX\n    X, Y = X_train, one_hot(Y_train)\n"))
    assert lost(result) == with_gated("exercise12", {"inputs_unchanged"})
    assert "train_digits changed its input `X_train` in place" in by_id(result)["inputs_unchanged"].output


def test_public_copy_uses_the_validation_split_for_the_held_out_check():
    result = grade("exercise12", with_change(
        RECIPE, "    layer_dims, learning_rate, batch_size, epochs = [64, 128, N_CLASSES], 0.00001, 32, 3\n"),
        hidden=False)
    assert result.hidden_pending
    output = by_id(result)["held_out_accuracy"].output
    assert "validation split in its place" in output
