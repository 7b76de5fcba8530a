"""exercise4's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

import pytest

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

OUTPUT_DZ = "    dZ = AL - Y\n"
DW = '        grads[f"dW{l}"] = dZ @ A_prev.T / m\n'
DB = '        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m\n'
HIDDEN_DZ = "            dZ = relu_backward(dA_prev, caches[l - 2][3])\n"
VALUES = {"docstring_example", "output_layer", "hidden_layers", "gradient_check"}


def with_change(old: str, new: str) -> str:
    return mutate(solution("exercise4"), old, new)


def test_reference_solution_earns_full_marks():
    result = grade("exercise4", solution("exercise4"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 12


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise4", stub("exercise4"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise4 yet" in result.summary


def test_sigmoid_backward_on_the_output_is_accepted():
    source = with_change(OUTPUT_DZ, "    dAL = -(Y / AL - (1 - Y) / (1 - AL))\n"
                                    "    dZ = sigmoid_backward(dAL, caches[-1][3])\n")
    result = grade("exercise4", source)
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]


def test_missing_one_over_m():
    source = with_change(DW, DW.replace(" / m", ""))
    result = grade("exercise4", mutate(source, DB, DB.replace(" / m", "")))
    assert lost(result) == with_gated("exercise4", VALUES)
    assert "It is m = 2 times too large: divide by the number of examples m" in by_id(result)["docstring_example"].output


def test_missing_one_over_m_in_db_only():
    result = grade("exercise4", with_change(DB, DB.replace(" / m", "")))
    assert lost(result) == with_gated("exercise4", VALUES)
    output = by_id(result)["gradient_check"].output
    assert "Gradient check failed for `db2`" in output
    assert "relative error" in output and "wrong: the gradient does not match the numerical one" in output
    assert "Only the bias gradients are off" in output


def test_sign_error():
    result = grade("exercise4", with_change(OUTPUT_DZ, "    dZ = Y - AL\n"))
    assert lost(result) == with_gated("exercise4", VALUES)
    assert "the sign is flipped, dZL = AL - Y" in by_id(result)["output_layer"].output


def test_output_dz_without_the_sigmoid_derivative():
    result = grade("exercise4", with_change(OUTPUT_DZ, "    dZ = -(Y / AL - (1 - Y) / (1 - AL))\n"))
    assert lost(result) == with_gated("exercise4", VALUES)
    assert "without the sigmoid's derivative" in by_id(result)["output_layer"].output


def test_hidden_layers_without_the_relu_derivative():
    result = grade("exercise4", with_change(HIDDEN_DZ, "            dZ = dA_prev\n"))
    assert lost(result) == with_gated("exercise4", {"docstring_example", "hidden_layers", "gradient_check"})
    output = by_id(result)["hidden_layers"].output
    assert "without the ReLU derivative on the hidden layers" in output
    assert "The output layer's gradients (dW2, db2) are right" in output
    assert "The output layer's gradients pass and the ones below do not" in by_id(result)["gradient_check"].output


def test_sigmoid_derivative_on_hidden_layers():
    result = grade("exercise4", with_change(HIDDEN_DZ, "            dZ = sigmoid_backward(dA_prev, caches[l - 2][3])\n"))
    assert lost(result) == with_gated("exercise4", {"docstring_example", "hidden_layers", "gradient_check"})
    assert "uses the sigmoid's derivative on the hidden layers" in by_id(result)["hidden_layers"].output


def test_db_without_keepdims_loses_only_the_shapes():
    result = grade("exercise4", with_change(DB, DB.replace(", keepdims=True", "")))
    assert lost(result) == with_gated("exercise4", {"shapes"})
    output = by_id(result)["shapes"].output
    assert "Wrong shape for `db1`" in output and "expected (2, 1), got (2,)" in output and "keepdims=True" in output


def test_transposed_dw():
    result = grade("exercise4", with_change(DW, '        grads[f"dW{l}"] = A_prev @ dZ.T / m\n'))
    # Non-square dW are judged on shape only; the docstring example's square dW1 is a wrong value too.
    assert lost(result) == with_gated("exercise4", {"shapes", "docstring_example", "hidden_layers", "gradient_check"})
    output = by_id(result)["shapes"].output
    assert "Wrong shape for `dW2`" in output and "It is transposed" in output
    assert "It is the transpose of the right `dW1`" in by_id(result)["docstring_example"].output
    assert "yours is the transpose of the numerical `dW1`" in by_id(result)["gradient_check"].output


def test_layers_numbered_from_zero():
    source = with_change(DW, DW.replace('f"dW{l}"', 'f"dW{l - 1}"'))
    result = grade("exercise4", mutate(source, DB, DB.replace('f"db{l}"', 'f"db{l - 1}"')))
    assert lost(result) == with_gated("exercise4", VALUES | {"returns_grads_dict", "shapes"})
    assert "Layers are numbered from 1" in by_id(result)["returns_grads_dict"].output


def test_caches_changed_in_place():
    result = grade("exercise4", with_change(HIDDEN_DZ, "            Z = caches[l - 2][3]\n            Z[Z < 0] = 0\n"
                                                       "            dZ = dA_prev * (Z > 0)\n"))
    assert lost(result) == with_gated("exercise4", {"inputs_unchanged"})
    assert "backward_pass changed its input `caches[0][3]` in place" in by_id(result)["inputs_unchanged"].output


@pytest.mark.parametrize("hidden", [False, True])
def test_hidden_cases_are_announced(hidden):
    result = grade("exercise4", solution("exercise4"), hidden=None if hidden else False)
    text = " ".join(result.notes)
    assert ("included 3 hidden cases" in text) if hidden else (result.hidden_pending and "3 hidden cases" in text)
