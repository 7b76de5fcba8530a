"""exercise5's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

BODY = (
    "    L = len(parameters) // 2  # two entries, W and b, per layer\n"
    "    new_parameters = {}\n"
    "    for l in range(1, L + 1):\n"
    "        for key in (f\"W{l}\", f\"b{l}\"):\n"
    "            # `-` makes a new array; `-=` would write into the caller's array, which its dict still holds.\n"
    "            new_parameters[key] = parameters[key] - learning_rate * grads[\"d\" + key]\n"
    "    return new_parameters\n"
)


def with_body(body: str) -> str:
    return mutate(solution("exercise5"), BODY, body)


def loop(update: str, start: str = "new_parameters = {}", layers: str = "range(1, L + 1)",
         end: str = "return new_parameters") -> str:
    """A solution body whose loop does `update` for each key of layer l."""
    return with_body(
        f"    L = len(parameters) // 2\n    {start}\n    for l in {layers}:\n"
        f"        for key in (f\"W{{l}}\", f\"b{{l}}\"):\n            {update}\n    {end}\n")


def test_reference_solution_earns_full_marks():
    result = grade("exercise5", solution("exercise5"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 12


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise5", stub("exercise5"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise5 yet" in result.summary


def test_gradient_ascent():
    result = grade("exercise5", loop("new_parameters[key] = parameters[key] + learning_rate * grads['d' + key]"))
    assert lost(result) == with_gated("exercise5", {"values", "lowers_the_cost"})
    assert "It matches gradient ascent" in by_id(result)["values"].output
    output = by_id(result)["lowers_the_cost"].output
    assert "The cost went up: your step is gradient ascent, W + learning_rate * dW" in output


def test_arrays_updated_in_place_on_a_shallow_copy():
    result = grade("exercise5", loop("new_parameters[key] -= learning_rate * grads['d' + key]",
                                     start="new_parameters = parameters.copy()"))
    assert lost(result) == with_gated("exercise5", {"inputs_unchanged"})
    output = by_id(result)["inputs_unchanged"].output
    assert "changed the arrays inside `parameters` in place" in output
    assert "parameters.copy() (or dict(parameters)) copies the dict, not the arrays in it" in output


def test_dict_passed_in_updated_and_returned():
    result = grade("exercise5", loop("parameters[key] = parameters[key] - learning_rate * grads['d' + key]",
                                     start="pass", end="return parameters"))
    assert lost(result) == with_gated("exercise5", {"inputs_unchanged"})
    output = by_id(result)["inputs_unchanged"].output
    assert "changed the dict `parameters` passed in" in output and "Build a new dict for the result" in output


def test_biases_not_updated():
    result = grade("exercise5", with_body(
        "    new = {}\n    for l in range(1, len(parameters) // 2 + 1):\n"
        "        new[f'W{l}'] = parameters[f'W{l}'] - learning_rate * grads[f'dW{l}']\n"
        "        new[f'b{l}'] = parameters[f'b{l}']\n    return new\n"))
    assert lost(result) == with_gated("exercise5", {"values"})
    assert "The biases were not updated" in by_id(result)["values"].output


def test_loop_stops_one_layer_early():
    result = grade("exercise5", loop("new_parameters[key] = parameters[key] - learning_rate * grads['d' + key]",
                                     start="new_parameters = dict(parameters)", layers="range(1, L)"))
    assert lost(result) == with_gated("exercise5", {"values"})
    assert "The last layer was not updated: range(1, L) stops at L - 1" in by_id(result)["values"].output


def test_only_first_layer_updated():
    result = grade("exercise5", loop("new_parameters[key] = parameters[key] - learning_rate * grads['d' + key]",
                                     start="new_parameters = dict(parameters)", layers="range(1, 2)"))
    assert lost(result) == with_gated("exercise5", {"values"})
    assert "Only layer 1 was updated" in by_id(result)["values"].output


def test_learning_rate_applied_twice():
    result = grade("exercise5", loop(
        "new_parameters[key] = parameters[key] - learning_rate * learning_rate * grads['d' + key]"))
    assert lost(result) == with_gated("exercise5", {"values"})
    assert "the learning rate is applied twice" in by_id(result)["values"].output


def test_learning_rate_left_out():
    result = grade("exercise5", loop("new_parameters[key] = parameters[key] - grads['d' + key]"))
    assert lost(result) == with_gated("exercise5", {"values", "zero_learning_rate"})
    assert "It matches W - dW" in by_id(result)["values"].output
    assert "the step must be scaled by the learning rate" in by_id(result)["zero_learning_rate"].output


def test_gradient_keys_leak_into_the_result():
    result = grade("exercise5", with_body(
        "    new = dict(grads)\n    for key in parameters:\n"
        "        new[key] = parameters[key] - learning_rate * grads['d' + key]\n    return new\n"))
    assert lost(result) == with_gated("exercise5", {"returns_parameter_keys"})
    assert "are gradients, not parameters" in by_id(result)["returns_parameter_keys"].output


def test_loop_from_layer_zero_is_explained():
    result = grade("exercise5", loop("new_parameters[key] = parameters[key] - learning_rate * grads['d' + key]",
                                     layers="range(L)"))
    assert result.score == 0
    assert by_id(result)["values"].status == "error"
    assert "The layers are numbered from 1: there is no W0" in by_id(result)["values"].output


def test_forgotten_return():
    result = grade("exercise5", loop("parameters[key] -= learning_rate * grads['d' + key]", start="pass", end="pass"))
    assert result.score == 0
    assert "did you forget `return`?" in by_id(result)["values"].output


def test_gradients_changed_in_place():
    result = grade("exercise5", loop("g = grads['d' + key]; g *= learning_rate; new_parameters[key] = parameters[key] - g"))
    assert lost(result) == with_gated("exercise5", {"inputs_unchanged"})
    assert "changed `grads`" in by_id(result)["inputs_unchanged"].output
