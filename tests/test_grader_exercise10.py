"""exercise10's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

SOLUTION = solution("exercise10")
PENALTY = 'penalty = sum(np.sum(np.square(parameters[f"W{l}"])) for l in layers)'
L2_TERM = '        grads[f"dW{l}"] = grads[f"dW{l}"] + lambd / m * W\n'
DROPPED = "return A * mask / keep_prob, mask"


def mutated(old: str, new: str) -> str:
    return mutate(SOLUTION, old, new)


def test_reference_solution_earns_full_marks():
    result = grade("exercise10", SOLUTION)
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 18


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise10", stub("exercise10"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise10 yet" in result.summary


def test_biases_in_the_penalty():
    result = grade("exercise10", mutated(PENALTY, "penalty = sum(np.sum(np.square(p)) for p in parameters.values())"))
    assert lost(result) == with_gated("exercise10", {"l2_cost_values", "l2_cost_excludes_biases"})
    assert "It matches the penalty with the biases included" in by_id(result)["l2_cost_values"].output
    assert "Changing only the biases changed the cost" in by_id(result)["l2_cost_excludes_biases"].output


def test_lambd_over_m_in_the_cost():
    result = grade("exercise10", mutated("lambd / (2 * m) * penalty", "lambd / m * penalty"))
    assert lost(result) == with_gated("exercise10", {"l2_cost_values"})
    assert "the factor is lambd / (2 * m)" in by_id(result)["l2_cost_values"].output


def test_backward_term_over_2m_and_on_the_biases():
    result = grade("exercise10", mutated(L2_TERM, L2_TERM.replace("lambd / m * W", "lambd / (2 * m) * W")))
    assert lost(result) == with_gated("exercise10", {"backward_l2_values", "backward_l2_term"})
    assert "the 2 cancels" in by_id(result)["backward_l2_values"].output
    assert "That is (lambd / (2 * m)) * W" in by_id(result)["backward_l2_term"].output
    result = grade("exercise10", mutated(L2_TERM, L2_TERM + '        grads[f"db{l}"] = grads[f"db{l}"] + lambd / m * '
                                                           "caches[l - 1][2]\n"))
    assert lost(result) == with_gated("exercise10", {"backward_l2_values", "backward_l2_term"})
    assert "(lambd / m) * b added to db" in by_id(result)["backward_l2_values"].output


def test_non_inverted_dropout():
    result = grade("exercise10", mutated(DROPPED, "return A * mask, mask"))
    assert lost(result) == with_gated("exercise10", {"dropout_forward_values", "dropout_keeps_expected_value"})
    assert "without the division by keep_prob" in by_id(result)["dropout_forward_values"].output
    assert "That is A * mask alone" in by_id(result)["dropout_keeps_expected_value"].output


def test_mask_with_greater_than():
    result = grade("exercise10", mutated("random(A.shape) < keep_prob", "random(A.shape) > keep_prob"))
    assert lost(result) == with_gated("exercise10", {"dropout_forward_values", "dropout_keeps_expected_value", "dropout_keep_prob_one_identity"})
    assert "keep it when the draw is BELOW keep_prob" in by_id(result)["dropout_forward_values"].output
    assert "You keep 1 - keep_prob of them" in by_id(result)["dropout_keeps_expected_value"].output


def test_mask_regenerated_in_backward():
    result = grade("exercise10", mutated("return dA * mask / keep_prob",
                                         "return dA * (np.random.rand(*dA.shape) < keep_prob) / keep_prob"))
    assert lost(result) == with_gated("exercise10", {"dropout_backward_values"})
    assert "does not follow the mask you were given" in by_id(result)["dropout_backward_values"].output


def test_scaled_mask_and_dropout_in_place():
    result = grade("exercise10", mutated(DROPPED, "return A * mask / keep_prob, mask / keep_prob"))
    assert lost(result) == with_gated("exercise10", {"dropout_forward_values", "dropout_mask"})
    assert "should hold only True and False" in by_id(result)["dropout_mask"].output
    result = grade("exercise10", mutated(DROPPED, "A *= mask / keep_prob\n    return A, mask"))
    assert lost(result) == with_gated("exercise10", {"inputs_unchanged"})
    assert "dropout_forward changed its input `A` in place" in by_id(result)["inputs_unchanged"].output
