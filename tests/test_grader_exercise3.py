"""exercise3's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

import pytest

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

BODY = "    log_likelihood = Y * np.log(AL) + (1 - Y) * np.log(1 - AL)\n    return float(-np.sum(log_likelihood) / m)\n"


def with_body(body: str) -> str:
    return mutate(solution("exercise3"), BODY, body)


def test_reference_solution_earns_full_marks():
    result = grade("exercise3", solution("exercise3"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 10


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise3", stub("exercise3"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise3 yet" in result.summary


def test_missing_one_over_m():
    result = grade("exercise3", with_body(
        "    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))\n"))
    assert lost(result) == with_gated("exercise3", {"docstring_example", "values"})
    assert "m = 3 times too large: divide by the number of examples m" in by_id(result)["docstring_example"].output


def test_sign_error():
    result = grade("exercise3", with_body(
        "    return float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)\n"))
    assert {"docstring_example", "values", "perfect_predictions_cost_almost_nothing"} <= lost(result)
    assert "opposite sign" in by_id(result)["values"].output


def test_cost_returned_as_array():
    result = grade("exercise3", with_body(
        "    return -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL), keepdims=True) / m\n"))
    assert lost(result) == with_gated("exercise3", {"returns_python_float"})
    output = by_id(result)["returns_python_float"].output
    assert "should be a Python float" in output and "shape (1, 1)" in output


def test_forgotten_negative_class_term():
    result = grade("exercise3", with_body("    return float(-np.sum(Y * np.log(AL)) / m)\n"))
    assert "docstring_example" in lost(result)
    assert "without the (1 - Y) * log(1 - AL) term" in by_id(result)["docstring_example"].output


def test_log10_recognised():
    result = grade("exercise3", with_body(
        "    return float(-np.sum(Y * np.log10(AL) + (1 - Y) * np.log10(1 - AL)) / m)\n"))
    assert "natural logarithm" in by_id(result)["values"].output


def test_input_mutated_in_place():
    result = grade("exercise3", with_body(
        "    AL[...] = np.clip(AL, 1e-12, 1 - 1e-12) * 1.0\n    AL += 0.0\n    Y *= 1\n    AL[0, 0] = AL[0, 0] + 0.0\n"
        "    AL -= 0.0\n    np.log(AL, out=AL)\n    return float(-np.sum(Y * AL + (1 - Y) * np.log(1 - np.exp(AL))) / m)\n"))
    assert "inputs_unchanged" in lost(result)
    assert "changed its input `AL` in place" in by_id(result)["inputs_unchanged"].output


@pytest.mark.parametrize("hidden", [False, True])
def test_hidden_cases_are_announced_never_all_passed(hidden):
    result = grade("exercise3", solution("exercise3"), hidden=None if hidden else False)
    text = " ".join(result.notes)
    if hidden:
        assert "included 3 hidden cases" in text
    else:
        assert result.hidden_pending and "3 hidden cases" in text


def test_sign_error_and_missing_one_over_m_together():
    result = grade("exercise3", with_body(
        "    return float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))\n"))
    assert ("It is m = 3 times too large and has the opposite sign: divide by the number of examples m "
            "(the 1/m in the average), and check the minus sign.") in by_id(result)["docstring_example"].output
