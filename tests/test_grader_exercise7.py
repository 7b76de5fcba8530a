"""exercise7's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

THETA = '''    theta = np.concatenate([parameters[name].reshape(-1, 1) for name in names], axis=0)
'''
GRAD = '''    return np.concatenate([grads["d" + name].reshape(-1, 1) for name in names], axis=0)
'''
CENTRED = "        gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)\n"
NORMS = '''    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
'''
J_PLUS = "        J_plus = forward_cost(X, Y, vector_to_dictionary(theta_plus, layer_dims))\n"
CHECKS = {"gradient_check_correct_gradient", "gradient_check_wrong_gradient", "gradient_check_values"}


def with_changes(*changes):
    source = solution("exercise7")
    for old, new in changes:
        source = mutate(source, old, new)
    return source


def test_reference_solution_earns_full_marks():
    result = grade("exercise7", solution("exercise7"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 20
    assert "included 9 hidden cases" in " ".join(result.notes)


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise7", stub("exercise7"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise7 yet" in result.summary


def test_theta_flattened_column_by_column():
    result = grade("exercise7", with_changes((THETA, THETA.replace(".reshape(-1, 1)", ".reshape(-1, 1, order='F')"))))
    assert {"dictionary_to_vector_values", "round_trip"} <= lost(result)
    assert "dictionary_to_vector_keys" not in lost(result)
    assert "flattened column by column" in by_id(result)["dictionary_to_vector_values"].output
    assert "must use the same order" in by_id(result)["round_trip"].output


def test_gradients_in_the_dicts_order():
    dict_order = '''    return np.concatenate([value.reshape(-1, 1) for key, value in grads.items()
                           if not key.startswith("dA")], axis=0)
'''
    result = grade("exercise7", with_changes((GRAD, dict_order)))
    assert {"gradients_to_vector_values"} | CHECKS <= lost(result)
    assert "dictionary_to_vector_values" not in lost(result)
    assert "in the dict's own order, which is backward_pass's" in by_id(result)["gradients_to_vector_values"].output


def test_gradients_with_the_extra_keys():
    every_key = "    return np.concatenate([value.reshape(-1, 1) for value in grads.values()], axis=0)\n"
    result = grade("exercise7", with_changes((GRAD, every_key)))
    assert "gradients_to_vector_values" in lost(result)
    assert "the keys dA" in by_id(result)["gradients_to_vector_values"].output


def test_one_sided_difference():
    result = grade("exercise7", with_changes(
        ("        J_minus = forward_cost(X, Y, vector_to_dictionary(theta_minus, layer_dims))\n",
         "        J_minus = forward_cost(X, Y, vector_to_dictionary(theta, layer_dims))\n"),
        (CENTRED, "        gradapprox[i, 0] = (J_plus - J_minus) / epsilon\n")))
    # With the default epsilon = 1e-7 a one-sided difference still passes a correct gradient: only
    # the epsilon = 1e-3 cases tell it apart, and the feedback says what it is.
    assert lost(result) == with_gated("exercise7", {"gradient_check_values"})
    assert "It matches a one-sided difference" in by_id(result)["gradient_check_values"].output


def test_divided_by_epsilon():
    result = grade("exercise7", with_changes((CENTRED, "        gradapprox[i, 0] = (J_plus - J_minus) / epsilon\n")))
    assert lost(result) == with_gated("exercise7", CHECKS)
    assert "twice or half grad" in by_id(result)["gradient_check_correct_gradient"].output
    assert "divided by epsilon: divide by 2 * epsilon" in by_id(result)["gradient_check_wrong_gradient"].output


def test_nudging_theta_itself():
    result = grade("exercise7", with_changes(("        theta_plus = theta.copy()\n", "        theta_plus = theta\n"),
                                             ("        theta_minus = theta.copy()\n", "        theta_minus = theta\n")))
    assert lost(result) == with_gated("exercise7", CHECKS)
    assert "twice or half grad" in by_id(result)["gradient_check_correct_gradient"].output
    assert "the same array (no .copy())" in by_id(result)["gradient_check_values"].output
    assert "the same array (no .copy())" in by_id(result)["gradient_check_wrong_gradient"].output


def test_both_nudges_before_the_costs():
    result = grade("exercise7", with_changes(
        ("        theta_plus = theta.copy()\n", "        theta_plus = theta_minus = theta\n"),
        ("        theta_minus = theta.copy()\n", ""),
        (J_PLUS, ""),
        ("        J_minus = forward_cost(X, Y, vector_to_dictionary(theta_minus, layer_dims))\n",
         J_PLUS + "        J_minus = forward_cost(X, Y, vector_to_dictionary(theta_minus, layer_dims))\n")))
    assert CHECKS <= lost(result)
    assert "A difference of 1 means gradapprox is all zeros" in by_id(result)["gradient_check_values"].output


def test_sum_of_absolute_values_and_parameters_overwritten():
    result = grade("exercise7", with_changes(
        (NORMS, '''    numerator = np.sum(np.abs(grad - gradapprox))
    denominator = np.sum(np.abs(grad)) + np.sum(np.abs(gradapprox))
'''),
        (J_PLUS, "        parameters.update(vector_to_dictionary(theta_plus, layer_dims))\n"
                 "        J_plus = forward_cost(X, Y, parameters)\n")))
    assert lost(result) == with_gated("exercise7", {"gradient_check_wrong_gradient", "gradient_check_values", "inputs_unchanged"})
    assert "sums of absolute values" in by_id(result)["gradient_check_wrong_gradient"].output
    assert "changed its input `parameters[" in by_id(result)["inputs_unchanged"].output
