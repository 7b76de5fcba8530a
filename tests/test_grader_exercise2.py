"""exercise2's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

import pytest

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

HE = "rng.standard_normal((n, n_prev)) * np.sqrt(2.0 / n_prev)"
ACTIVATION = "        A = sigmoid(Z) if l == L else relu(Z)\n"
CACHE = "        caches.append((A, W, b, Z))\n"


def with_change(old: str, new: str) -> str:
    return mutate(solution("exercise2"), old, new)


def test_reference_solution_earns_full_marks():
    result = grade("exercise2", solution("exercise2"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 15


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise2", stub("exercise2"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise2 yet" in result.summary


def test_scaled_by_division_by_sqrt_fan_in_is_accepted():
    result = grade("exercise2", with_change(HE, "rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]


def test_global_numpy_seed_is_accepted():
    source = with_change("    rng = np.random.default_rng(seed)\n", "    np.random.seed(seed)\n")
    result = grade("exercise2", mutate(source, HE, "np.random.randn(n, n_prev) * np.sqrt(2.0 / n_prev)"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]


@pytest.mark.parametrize("weights, message", [
    ("rng.standard_normal((n, n_prev)) * 0.01", "That is a fixed 0.01 scale"),
    ("rng.standard_normal((n, n_prev))", "That is randn without any scale"),
    ("rng.standard_normal((n, n_prev)) * np.sqrt(2.0 / n)", "scale by the layer's own size n_l = 150"),
    ("rng.random((n, n_prev)) * np.sqrt(2.0 / n_prev)", "not centred on 0"),
])
def test_badly_scaled_weights(weights, message):
    result = grade("exercise2", with_change(HE, weights))
    assert lost(result) == with_gated("exercise2", {"initialize_scaled_by_fan_in"})
    output = by_id(result)["initialize_scaled_by_fan_in"].output
    assert message in output and "`W1`" in output


def test_symmetric_weights():
    result = grade("exercise2", with_change(HE, "np.ones((n, 1)) * rng.standard_normal((1, n_prev))"))
    assert "initialize_random" in lost(result)
    assert "Some rows of `W1` are identical" in by_id(result)["initialize_random"].output


def test_seed_ignored():
    result = grade("exercise2", with_change("    rng = np.random.default_rng(seed)\n",
                                            "    rng = np.random.default_rng()\n"))
    assert lost(result) == with_gated("exercise2", {"initialize_random"})
    assert "Two calls with seed=1 gave different `W1`" in by_id(result)["initialize_random"].output


def test_bias_without_second_axis():
    result = grade("exercise2", with_change("np.zeros((n, 1))", "np.zeros(n)"))
    assert lost(result) == with_gated("exercise2", {"initialize_shapes"})
    output = by_id(result)["initialize_shapes"].output
    assert "Wrong shape for `b1`" in output and "expected (4, 1)" in output and "not np.zeros(4)" in output


def test_transposed_weights():
    result = grade("exercise2", with_change(HE, "rng.standard_normal((n_prev, n)) * np.sqrt(2.0 / n_prev)"))
    assert {"initialize_shapes", "initialize_random", "initialize_scaled_by_fan_in"} <= lost(result)
    assert "It is transposed" in by_id(result)["initialize_shapes"].output


def test_linear_forward_without_bias_is_isolated():
    result = grade("exercise2", with_change("    return W @ A_prev + b\n", "    return W @ A_prev\n"))
    assert lost(result) == with_gated("exercise2", {"linear_forward_example", "linear_forward_values", "forward_pass_values",
                            "forward_pass_caches"})
    output = by_id(result)["linear_forward_values"].output
    assert "Z is wrong only when b is non-zero: check how the bias `b` is added" in output
    assert "It matches W @ A_prev without the bias" in output


def test_linear_forward_with_transposed_weights_shows_the_crash_in_the_learners_code():
    result = grade("exercise2", with_change("    return W @ A_prev + b\n", "    return W.T @ A_prev + b\n"))
    assert {"linear_forward_example", "linear_forward_values"} <= lost(result)
    output = by_id(result)["linear_forward_values"].output
    assert "`linear_forward` raised ValueError" in output and "return W.T @ A_prev + b" in output


def test_linear_forward_with_wrong_product_is_isolated():
    result = grade("exercise2", with_change("    return W @ A_prev + b\n", "    return np.abs(W) @ A_prev + b\n"))
    assert {"linear_forward_example", "linear_forward_values"} <= lost(result)
    assert "Z is wrong only when W is non-zero" in by_id(result)["linear_forward_values"].output


def test_sigmoid_on_hidden_layers():
    result = grade("exercise2", with_change(ACTIVATION, "        A = sigmoid(Z)\n"))
    assert lost(result) == with_gated("exercise2", {"forward_pass_values", "forward_pass_caches"})
    assert "sigmoid on every layer" in by_id(result)["forward_pass_values"].output


def test_relu_on_output_layer():
    result = grade("exercise2", with_change(ACTIVATION, "        A = relu(Z)\n"))
    assert lost(result) == with_gated("exercise2", {"forward_pass_values"})
    assert "relu on the output layer too" in by_id(result)["forward_pass_values"].output


def test_cache_keeps_the_output_instead_of_the_input():
    source = with_change(CACHE, "")
    source = mutate(source, ACTIVATION, ACTIVATION + CACHE)
    result = grade("exercise2", source)
    assert lost(result) == with_gated("exercise2", {"forward_pass_caches"})
    assert "`caches[0][0]` holds the output of layer 1, not its input" in by_id(result)["forward_pass_caches"].output


def test_caches_in_reverse_order():
    result = grade("exercise2", with_change(CACHE, "        caches.insert(0, (A, W, b, Z))\n"))
    assert lost(result) == with_gated("exercise2", {"forward_pass_caches"})
    assert "caches must be in layer order" in by_id(result)["forward_pass_caches"].output


def test_relu_in_place_overwrites_the_cached_z():
    result = grade("exercise2", with_change(ACTIVATION,
                                            "        A = sigmoid(Z) if l == L else np.maximum(Z, 0, out=Z)\n"))
    assert lost(result) == with_gated("exercise2", {"forward_pass_caches"})
    assert "Z was changed in place by the ReLU" in by_id(result)["forward_pass_caches"].output


def test_caches_as_lists():
    result = grade("exercise2", with_change(CACHE, "        caches.append([A, W, b, Z])\n"))
    assert lost(result) == with_gated("exercise2", {"forward_pass_returns_tuple"})
    assert "Make it a tuple" in by_id(result)["forward_pass_returns_tuple"].output


def test_output_layer_cache_missing():
    result = grade("exercise2", with_change(CACHE, "        if l < L:\n    " + CACHE))
    assert lost(result) == with_gated("exercise2", {"forward_pass_returns_tuple", "forward_pass_caches"})
    assert "The output layer L needs its cache too" in by_id(result)["forward_pass_returns_tuple"].output


def test_forward_pass_changes_parameters_in_place():
    result = grade("exercise2", with_change("        W, b = parameters[f\"W{l}\"], parameters[f\"b{l}\"]\n",
                                            "        W, b = parameters[f\"W{l}\"], parameters[f\"b{l}\"]\n"
                                            "        b += 0.0\n        W *= 1.0\n        W[0, 0] += 1e-3\n"))
    assert "inputs_unchanged" in lost(result)
    assert 'forward_pass changed its input `parameters["W1"]` in place' in by_id(result)["inputs_unchanged"].output
