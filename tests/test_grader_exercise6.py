"""exercise6's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

UPDATE = "        parameters = update_parameters(parameters, grads, learning_rate)\n"
RECORD = "        if i % 100 == 0:\n"
INIT = "    parameters = initialize_parameters(layer_dims, seed)\n"
PREDICT = "    return (AL > 0.5).astype(int)\n"


def test_reference_solution_earns_full_marks():
    result = grade("exercise6", solution("exercise6"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 20
    assert "included 4 hidden cases" in " ".join(result.notes)


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise6", stub("exercise6"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise6 yet" in result.summary


def test_parameters_never_updated():
    result = grade("exercise6", mutate(solution("exercise6"), UPDATE,
                                       "        update_parameters(parameters, grads, learning_rate)\n"))
    assert lost(result) == with_gated("exercise6", {"cost_falls", "matches_reference", "accuracy"})
    assert "The cost never changes" in by_id(result)["cost_falls"].output
    assert "keep it with parameters = update_parameters" in by_id(result)["matches_reference"].output


def test_costs_recorded_one_iteration_late():
    result = grade("exercise6", mutate(solution("exercise6"), RECORD, "        if (i + 1) % 100 == 0:\n"))
    assert lost(result) == with_gated("exercise6", {"costs_every_100_iterations", "initial_cost_and_seed", "matches_reference"})
    assert "expected: 8 (iterations 0, 100, ..., 700)" in by_id(result)["costs_every_100_iterations"].output
    assert "iterations 99, 199, 299" in by_id(result)["initial_cost_and_seed"].output


def test_costs_of_every_iteration_and_boolean_predictions():
    source = mutate(solution("exercise6"), RECORD, "        if True:\n")
    result = grade("exercise6", mutate(source, PREDICT, "    return AL > 0.5\n"))
    assert lost(result) == with_gated("exercise6", {"costs_every_100_iterations", "matches_reference", "predict_shape_and_dtype"})
    assert "You recorded the cost of every iteration" in by_id(result)["costs_every_100_iterations"].output
    assert "holds True/False" in by_id(result)["predict_shape_and_dtype"].output


def test_seed_ignored_and_threshold_not_strict():
    source = mutate(solution("exercise6"), INIT, "    parameters = initialize_parameters(layer_dims)\n")
    result = grade("exercise6", mutate(source, PREDICT, "    return (AL >= 0.5).astype(int)\n"))
    assert lost(result) == with_gated("exercise6", {"initial_cost_and_seed", "matches_reference", "predict_threshold"})
    assert "always starts from seed 0" in by_id(result)["initial_cost_and_seed"].output
    assert "always starts from seed 0" in by_id(result)["matches_reference"].output
    assert "exactly 0.5 (examples 0 and 3)" in by_id(result)["predict_threshold"].output


def test_probabilities_returned_instead_of_labels():
    result = grade("exercise6", mutate(solution("exercise6"), PREDICT, "    return AL\n"))
    assert lost(result) == with_gated("exercise6", {"predict_example", "predict_values", "predict_threshold", "predict_shape_and_dtype",
                            "accuracy"})
    assert "returned the probabilities AL themselves" in by_id(result)["predict_values"].output
    assert "should hold integers" in by_id(result)["predict_shape_and_dtype"].output
    assert "values other than 0 and 1" in by_id(result)["accuracy"].output
