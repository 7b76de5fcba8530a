"""exercise1's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

import pytest

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

SIGMOID_BODY = (
    "    z = np.asarray(z, dtype=float)  # numbers and integer arrays alike become float arrays\n"
    "    # np.exp of a large positive number overflows, so only ever exponentiate -|z| (at most 0):\n"
    "    # for z >= 0 the sigmoid is 1 / (1 + e^-z); for z < 0 the same value is e^z / (1 + e^z).\n"
    "    e = np.exp(-np.abs(z))\n"
    "    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n"
    "    return s[()]  # a 0-d result comes back as a numpy float; an array stays an array\n"
)
RELU_BODY = "    return np.maximum(z, 0)\n"


def with_sigmoid(body: str) -> str:
    return mutate(solution("exercise1"), SIGMOID_BODY, body)


def with_relu(body: str) -> str:
    return mutate(solution("exercise1"), RELU_BODY, body)


def test_reference_solution_earns_full_marks():
    result = grade("exercise1", solution("exercise1"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 15


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise1", stub("exercise1"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise1 yet" in result.summary


def test_textbook_sigmoid_is_accepted():
    # 1 / (1 + np.exp(-z)) overflows to 1 / (1 + inf) = 0 at z = -1000: the right value, with a warning.
    result = grade("exercise1", with_sigmoid("    return 1 / (1 + np.exp(-z))\n"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]


def test_sigmoid_sign_error():
    result = grade("exercise1", with_sigmoid("    return 1 / (1 + np.exp(z))\n"))
    assert lost(result) == with_gated("exercise1", {"sigmoid_values", "scalars", "sigmoid_extremes", "sigmoid_accuracy", "integer_inputs"})
    assert "the exponent has the wrong sign" in by_id(result)["sigmoid_values"].output


def test_sigmoid_that_overflows_to_nan():
    result = grade("exercise1", with_sigmoid("    return np.exp(z) / (1 + np.exp(z))\n"))
    assert lost(result) == with_gated("exercise1", {"sigmoid_extremes"})
    output = by_id(result)["sigmoid_extremes"].output
    assert "nan or inf at z = 800, 1000" in output and "np.exp(z) overflows to inf" in output


def test_sigmoid_with_math_exp():
    result = grade("exercise1", with_sigmoid("    import math\n    return 1 / (1 + math.exp(-z))\n"))
    assert lost(result) == {"sigmoid_values", "shapes_and_dtypes", "sigmoid_extremes", "sigmoid_accuracy",
                            "inputs_unchanged", "integer_inputs"}
    assert by_id(result)["sigmoid_values"].status == "error"
    assert "The math module works on one number at a time" in by_id(result)["sigmoid_values"].output


def test_math_exp_overflow_at_minus_1000_is_explained():
    result = grade("exercise1", with_sigmoid(
        "    import math\n    if np.ndim(z):\n        return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))\n"
        "    return 1 / (1 + math.exp(-z))\n"))
    assert lost(result) == with_gated("exercise1", {"sigmoid_extremes"})
    assert "math.exp overflows for a large argument" in by_id(result)["sigmoid_extremes"].output


def test_sigmoid_clipped_to_a_small_range():
    result = grade("exercise1", with_sigmoid("    return 1 / (1 + np.exp(-np.clip(z, -10, 10)))\n"))
    assert lost(result) == with_gated("exercise1", {"sigmoid_extremes", "sigmoid_accuracy"})
    assert "is z clipped to a small range" in by_id(result)["sigmoid_accuracy"].output


def test_sigmoid_result_made_with_zeros_like_truncates_integers():
    result = grade("exercise1", with_sigmoid(
        "    z = np.asarray(z)\n    s = np.zeros_like(z)\n    p = z >= 0\n    s[p] = 1 / (1 + np.exp(-z[p]))\n"
        "    s[~p] = np.exp(z[~p]) / (1 + np.exp(z[~p]))\n    return s[()]\n"))
    assert lost(result) == with_gated("exercise1", {"integer_inputs"})
    assert "np.zeros_like(z) or np.empty_like(z) copies z's integer dtype" in by_id(result)["integer_inputs"].output


def test_relu_returning_a_mask():
    result = grade("exercise1", with_relu("    return z > 0\n"))
    assert lost(result) == with_gated("exercise1", {"relu_values", "scalars", "shapes_and_dtypes", "relu_zero_and_negatives", "integer_inputs"})
    assert "gives a mask, not an activation" in by_id(result)["relu_values"].output


def test_relu_with_np_max_instead_of_np_maximum():
    result = grade("exercise1", with_relu("    return np.max(z, 0)\n"))
    assert lost(result) == with_gated("exercise1", {"relu_values", "scalars", "shapes_and_dtypes", "relu_zero_and_negatives", "integer_inputs"})
    output = by_id(result)["relu_values"].output
    assert "Wrong shape for `relu(z)`" in output and "It matches np.max(z, 0)" in output


def test_relu_with_builtin_max():
    result = grade("exercise1", with_relu("    return max(0, z)\n"))
    assert lost(result) == {"relu_values", "shapes_and_dtypes", "relu_zero_and_negatives", "inputs_unchanged",
                            "integer_inputs"}
    assert by_id(result)["relu_values"].status == "error"
    assert "Work elementwise instead: np.maximum(z, 0)" in by_id(result)["relu_values"].output


def test_relu_in_place():
    result = grade("exercise1", with_relu("    z = np.asarray(z)\n    z[z < 0] = 0\n    return z[()]\n"))
    assert lost(result) == with_gated("exercise1", {"inputs_unchanged"})
    output = by_id(result)["inputs_unchanged"].output
    assert "`relu` changed its input `z` in place" in output and "z[z < 0] = 0" in output


def test_leaky_relu():
    result = grade("exercise1", with_relu("    return np.where(z > 0, z, 0.01 * z)\n"))
    assert lost(result) == with_gated("exercise1", {"relu_values", "scalars", "relu_zero_and_negatives", "integer_inputs"})
    assert "It matches a leaky ReLU" in by_id(result)["relu_zero_and_negatives"].output


@pytest.mark.parametrize("body, message", [
    ("    r = np.maximum(z, 0)\n    return r if np.ndim(z) else [r]\n", "Return the value itself, not a list"),
    ("    return np.maximum(np.array(z, ndmin=1, dtype=float), 0)\n", "A 1-element array is not a number"),
])
def test_scalar_returned_in_a_container(body, message):
    result = grade("exercise1", with_relu(body))
    assert "scalars" in lost(result) and "relu_values" not in lost(result)
    assert message in by_id(result)["scalars"].output


def test_relu_cast_to_int():
    result = grade("exercise1", with_relu("    return np.maximum(z, 0).astype(int)\n"))
    assert {"relu_values", "shapes_and_dtypes"} <= lost(result)
    assert "expected dtype: float64" in by_id(result)["shapes_and_dtypes"].output
