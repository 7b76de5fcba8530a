"""exercise8's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

SHIFT = "    exponentials = np.exp(Z - np.max(Z, axis=0, keepdims=True))\n"
NORMALISE = "    return exponentials / np.sum(exponentials, axis=0, keepdims=True)\n"
COST = "    return float(-np.sum(Y * np.log(AL)) / m)\n"
BACKWARD = "    return (AL - Y) / Y.shape[1]\n"


def with_changes(*changes):
    source = solution("exercise8")
    for old, new in changes:
        source = mutate(source, old, new)
    return source


def test_reference_solution_earns_full_marks():
    result = grade("exercise8", solution("exercise8"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 20
    assert "included 7 hidden cases" in " ".join(result.notes)


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise8", stub("exercise8"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise8 yet" in result.summary


def test_softmax_over_the_rows():
    result = grade("exercise8", with_changes((SHIFT, SHIFT.replace("axis=0", "axis=1")),
                                             (NORMALISE, NORMALISE.replace("axis=0", "axis=1"))))
    assert lost(result) == with_gated("exercise8", {"softmax_example", "softmax_values", "softmax_columns_sum_to_one", "softmax_stable",
                            "softmax_shift_invariant"})
    assert "softmax over the rows (axis=1)" in by_id(result)["softmax_values"].output
    assert "Its rows sum to 1 instead" in by_id(result)["softmax_columns_sum_to_one"].output


def test_no_max_subtracted_then_one_max_for_the_whole_matrix():
    result = grade("exercise8", with_changes((SHIFT, "    exponentials = np.exp(Z)\n")))
    assert lost(result) == with_gated("exercise8", {"softmax_example", "softmax_stable"})
    assert "np.exp(1000) overflows to inf" in by_id(result)["softmax_stable"].output
    result = grade("exercise8", with_changes((SHIFT, "    exponentials = np.exp(Z - np.max(Z))\n")))
    assert lost(result) == with_gated("exercise8", {"softmax_example", "softmax_stable"})
    assert "each column needs its own max" in by_id(result)["softmax_stable"].output
    assert "each column needs its own max" in by_id(result)["softmax_example"].output


def test_max_subtracted_in_place():
    result = grade("exercise8", with_changes(
        (SHIFT, "    Z -= np.max(Z, axis=0, keepdims=True)\n    exponentials = np.exp(Z)\n")))
    assert lost(result) == with_gated("exercise8", {"inputs_unchanged"})
    assert "softmax changed its input `Z` in place" in by_id(result)["inputs_unchanged"].output


def test_cost_averaged_over_every_entry_and_gradient_without_one_over_m():
    result = grade("exercise8", with_changes((COST, "    return float(-np.mean(Y * np.log(AL)))\n"),
                                             (BACKWARD, "    return AL - Y\n")))
    assert lost(result) == with_gated("exercise8", {"cost_example", "cost_values", "backward_values", "backward_matches_numerical_gradient"})
    assert "mean over all C * m entries" in by_id(result)["cost_values"].output
    assert "times too large: divide by the number of examples m" in by_id(result)["backward_values"].output
    output = by_id(result)["backward_matches_numerical_gradient"].output
    assert "m = 4 times too large: the cost is an average" in output


def test_binary_cross_entropy_formula_and_cost_as_array():
    result = grade("exercise8", with_changes(
        (COST, "    return -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL), keepdims=True) / m\n")))
    assert lost(result) == with_gated("exercise8", {"cost_example", "cost_values", "cost_returns_python_float"})
    assert "binary cross-entropy's formula" in by_id(result)["cost_example"].output
    assert "should be a Python float" in by_id(result)["cost_returns_python_float"].output
