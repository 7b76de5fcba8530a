"""exercise9's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

SOLUTION = solution("exercise9")


def mutated(old: str, new: str) -> str:
    return mutate(SOLUTION, old, new)


def test_reference_solution_earns_full_marks():
    result = grade("exercise9", SOLUTION)
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 16


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise9", stub("exercise9"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise9 yet" in result.summary


def test_x_and_y_shuffled_with_different_permutations():
    result = grade("exercise9", mutated("Y[:, permutation]", "Y[:, np.random.default_rng(seed + 1).permutation(m)]"))
    assert lost(result) == with_gated("exercise9", {"mini_batches_pairs_kept", "mini_batches_values"})
    assert "X and Y were shuffled differently: draw ONE permutation" in by_id(result)["mini_batches_pairs_kept"].output


def test_last_partial_batch_dropped():
    result = grade("exercise9", mutated("for start in range(0, m, mini_batch_size)]",
                                        "for start in range(0, m - m % mini_batch_size, mini_batch_size)]"))
    assert lost(result) == with_gated("exercise9", {"mini_batches_count_and_sizes", "mini_batches_every_example_once", "mini_batches_values"})
    checks = by_id(result)
    assert "The last, smaller mini-batch is missing" in checks["mini_batches_count_and_sizes"].output
    assert "expected: 3 (ceil(5 / 2))" in checks["mini_batches_count_and_sizes"].output
    assert "They are the 22 examples left over" in checks["mini_batches_every_example_once"].output


def test_sampling_with_replacement_and_legacy_generator():
    result = grade("exercise9", mutated("permutation = np.random.default_rng(seed).permutation(m)",
                                        "permutation = np.random.default_rng(seed).integers(0, m, m)"))
    assert lost(result) == with_gated("exercise9", {"mini_batches_every_example_once", "mini_batches_values"})
    assert "draw with replacement" in by_id(result)["mini_batches_every_example_once"].output
    result = grade("exercise9", mutated("permutation = np.random.default_rng(seed).permutation(m)",
                                        "np.random.seed(seed)\n    permutation = np.random.permutation(m)"))
    assert lost(result) == with_gated("exercise9", {"mini_batches_values"})
    assert "old global generator" in by_id(result)["mini_batches_values"].output


def test_momentum_mistakes():
    result = grade("exercise9", mutated("beta * v[grad_key] + (1 - beta) * grads[grad_key]",
                                        "beta * v[grad_key] + beta * grads[grad_key]"))
    assert lost(result) == with_gated("exercise9", {"momentum_values"})
    assert "It matches v = beta * v + beta * dW" in by_id(result)["momentum_values"].output
    result = grade("exercise9", mutated("value - learning_rate * new_v[grad_key]",
                                        "value - learning_rate * grads[grad_key]"))
    assert lost(result) == with_gated("exercise9", {"momentum_values"})
    assert "plain gradient-descent step" in by_id(result)["momentum_values"].output


def test_adam_without_bias_correction():
    result = grade("exercise9", mutated("v_corrected = new_v[grad_key] / (1 - beta1 ** t)\n"
                                        "        s_corrected = new_s[grad_key] / (1 - beta2 ** t)",
                                        "v_corrected = new_v[grad_key]\n        s_corrected = new_s[grad_key]"))
    assert lost(result) == with_gated("exercise9", {"adam_values", "adam_bias_correction"})
    checks = by_id(result)
    assert "It matches Adam without the bias correction" in checks["adam_values"].output
    assert "3.16228 times too large" in checks["adam_bias_correction"].output


def test_adam_bias_correction_from_t_minus_one():
    source = mutated("(1 - beta1 ** t)", "(1 - beta1 ** (t - 1))").replace("(1 - beta2 ** t)", "(1 - beta2 ** (t - 1))")
    result = grade("exercise9", source)
    assert lost(result) == with_gated("exercise9", {"adam_values", "adam_bias_correction"})
    assert "1 - beta1 ** 0 = 0" in by_id(result)["adam_values"].output


def test_adam_epsilon_inside_the_square_root():
    result = grade("exercise9", mutated("np.sqrt(s_corrected) + epsilon", "np.sqrt(s_corrected + epsilon)"))
    assert lost(result) == with_gated("exercise9", {"adam_values", "adam_bias_correction"})
    assert "It matches epsilon inside the square root" in by_id(result)["adam_values"].output


def test_adam_beta_instead_of_one_minus_beta():
    result = grade("exercise9", mutated("beta1 * v[grad_key] + (1 - beta1) * grad",
                                        "beta1 * v[grad_key] + beta1 * grad"))
    assert "adam_values" in lost(result)
    assert "the gradient's weight is (1 - beta1)" in by_id(result)["adam_values"].output


def test_updating_in_place():
    result = grade("exercise9", mutated("new_parameters, new_v = {}, {}", "new_parameters, new_v = parameters, v"))
    assert lost(result) == with_gated("exercise9", {"inputs_unchanged"})
    assert "changed its input `parameters[\"W1\"]` in place" in by_id(result)["inputs_unchanged"].output


def test_velocity_keyed_like_the_parameters():
    result = grade("exercise9", mutated('return {"d" + key', "return {key"))
    assert "initialize_velocity_and_adam" in lost(result)
    assert "uses the gradients' keys" in by_id(result)["initialize_velocity_and_adam"].output
