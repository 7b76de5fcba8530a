"""exercise14's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

import pytest

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

A_NEXT = '    a_next = np.tanh(p["Waa"] @ a_prev + p["Wax"] @ xt + p["ba"])\n'
Y_T = '    yt = softmax(p["Wya"] @ a_next + p["by"])  # the prediction reads the *new* state\n'
STEP = "        a_next, yt, cache = rnn_cell_forward(x[:, :, t], a_next, parameters)\n"


def with_change(old: str, new: str) -> str:
    return mutate(solution("exercise14"), old, new)


def test_reference_solution_earns_full_marks():
    result = grade("exercise14", solution("exercise14"))
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 14
    assert "included 4 hidden cases" in " ".join(result.notes)


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise14", stub("exercise14"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise14 yet" in result.summary


@pytest.mark.parametrize("line, message", [
    ('    a_next = 1 / (1 + np.exp(-(p["Waa"] @ a_prev + p["Wax"] @ xt + p["ba"])))\n', "a sigmoid where the hidden state needs tanh"),
    ('    a_next = np.maximum(0, p["Waa"] @ a_prev + p["Wax"] @ xt + p["ba"])\n', "ReLU where the hidden state needs tanh"),
    ('    a_next = np.tanh(p["Waa"] @ a_prev + p["Wax"] @ xt)\n', "without the bias ba"),
])
def test_cell_activation_and_bias_mistakes(line, message):
    result = grade("exercise14", with_change(A_NEXT, line))
    assert {"cell_values", "forward_values"} <= lost(result)
    assert {"cell_shapes", "forward_shapes", "softmax_columns_sum_to_one"}.isdisjoint(lost(result))
    assert message in by_id(result)["cell_values"].output
    assert message + " at every step" in by_id(result)["forward_values"].output


def test_waa_and_wax_swapped():
    result = grade("exercise14", with_change(A_NEXT, '    a_next = np.tanh(p["Wax"] @ a_prev + p["Waa"] @ xt + p["ba"])\n'))
    assert {"cell_shapes", "cell_values", "forward_values"} <= lost(result)
    # Where the shapes clash, the crash itself is explained...
    assert "Waa (n_a, n_a) @ a_prev (n_a, m)" in by_id(result)["cell_shapes"].output
    # ...and where they do not (n_x = n_a), the values are recognised.
    source = with_change(A_NEXT, '    a_next = np.tanh(p["Wax"] @ a_prev + p["Waa"] @ xt + p["ba"]) '
                                 'if p["Wax"].shape == p["Waa"].shape else np.tanh(p["Waa"] @ a_prev + p["Wax"] @ xt + p["ba"])\n')
    result = grade("exercise14", source)
    assert "cell_values" in lost(result)
    assert "Waa and Wax swapped" in by_id(result)["cell_values"].output


def test_softmax_over_the_examples():
    result = grade("exercise14", with_change(
        Y_T, '    z = p["Wya"] @ a_next + p["by"]\n    yt = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)\n'))
    assert {"cell_values", "softmax_columns_sum_to_one", "forward_values"} <= lost(result)
    assert "a softmax over the examples (axis=1)" in by_id(result)["cell_values"].output
    assert "The rows sum to 1 instead" in by_id(result)["softmax_columns_sum_to_one"].output


def test_a0_at_every_step():
    result = grade("exercise14", with_change(STEP, "        a_next, yt, cache = rnn_cell_forward(x[:, :, t], a0, parameters)\n"))
    assert {"forward_values", "hidden_state_carried", "forward_caches"} <= lost(result)
    assert {"cell_values", "forward_shapes"}.isdisjoint(lost(result))
    assert "feeding a0 to every step" in by_id(result)["forward_values"].output
    assert "The network forgets from one step to the next" in by_id(result)["hidden_state_carried"].output
    assert "a0 is only for step 0" in by_id(result)["forward_caches"].output


def test_time_and_examples_confused():
    result = grade("exercise14", with_change(STEP, "        a_next, yt, cache = rnn_cell_forward(x[:, t, :], a_next, parameters)\n"))
    assert {"forward_shapes", "forward_values"} <= lost(result)
    assert "cell_values" not in lost(result)
    # Most sizes crash (the slice has T_x columns, not m)...
    assert "the input of step t is x[:, :, t]" in by_id(result)["forward_shapes"].output


def test_time_and_examples_confused_when_m_equals_t_x():
    source = with_change(STEP, "        a_next, yt, cache = rnn_cell_forward(x[:, t, :] if m == T_x else x[:, :, t], "
                               "a_next, parameters)\n")
    result = grade("exercise14", source)
    assert "forward_values" in lost(result)
    assert "x[:, t, :] as the input of step t" in by_id(result)["forward_values"].output


def test_state_stored_before_the_step():
    source = with_change(STEP, "        a[:, :, t] = a_next\n" + STEP)
    source = mutate(source, "        a[:, :, t], y[:, :, t] = a_next, yt\n", "        y[:, :, t] = yt\n")
    result = grade("exercise14", source)
    assert {"forward_values", "forward_caches"} <= lost(result)
    assert "storing the state *before* each step" in by_id(result)["forward_values"].output


def test_only_the_last_state_returned():
    result = grade("exercise14", with_change("    return a, y, caches\n", "    return a_next, y, caches\n"))
    assert "forward_shapes" in lost(result)
    assert "That is one step's worth" in by_id(result)["forward_shapes"].output


def test_cache_in_the_wrong_order():
    result = grade("exercise14", with_change("    return a_next, yt, (a_next, a_prev, xt, parameters)\n",
                                             "    return a_next, yt, (a_prev, a_next, xt, parameters)\n"))
    assert lost(result) == with_gated("exercise14", {"cell_cache", "forward_caches"})
    assert "It holds a_prev instead" in by_id(result)["cell_cache"].output
