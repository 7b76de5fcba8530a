"""exercise11's grader: the reference earns full marks, the stub 0, typical mistakes lose the right checks."""

from helpers import by_id, grade, lost, mutate, solution, stub, with_gated

SOLUTION = solution("exercise11")
PAD = 'np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=0)'
SINGLE_STEP = "return float(np.sum(a_slice_prev * W) + np.sum(b))"
CONV_SIZES = ("n_H = (n_H_prev + 2 * pad - f) // stride + 1\n    n_W = (n_W_prev + 2 * pad - f) // stride + 1")
CONV_STARTS = ("            vert_start = h * stride\n            for w in range(n_W):\n"
               "                horiz_start = w * stride\n                # Every")
POOL_WINDOW = "pool(A_prev[i, vert_start:vert_start + f, horiz_start:horiz_start + f, c])"


def mutated(old: str, new: str) -> str:
    return mutate(SOLUTION, old, new)


def test_reference_solution_earns_full_marks():
    result = grade("exercise11", SOLUTION)
    assert result.full_marks, [c.output for c in result.checks if c.status != "passed"]
    assert result.score == result.max_score == 18


def test_untouched_stub_earns_zero_and_says_not_started():
    result = grade("exercise11", stub("exercise11"))
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    assert "You have not started exercise11 yet" in result.summary


def test_padding_every_axis():
    result = grade("exercise11", mutated(PAD, "np.pad(X, pad)"))
    assert {"zero_pad_shapes", "zero_pad_values"} <= lost(result)
    assert "Every axis got padded, the examples and channels too" in by_id(result)["zero_pad_shapes"].output
    assert by_id(result)["pool_forward_values"].status == "passed"


def test_single_step_returning_an_array_and_bias_per_weight():
    result = grade("exercise11", mutated(SINGLE_STEP, "return np.sum(a_slice_prev * W) + b"))
    assert "conv_single_step_returns_float" in lost(result) and "conv_single_step_values" not in lost(result)
    assert "not a numpy array" in by_id(result)["conv_single_step_returns_float"].output
    result = grade("exercise11", mutated(SINGLE_STEP, "return float(np.sum(a_slice_prev * W + b))"))
    assert lost(result) == with_gated("exercise11", {"conv_single_step_values", "conv_forward_values"})
    assert "adds the bias once per weight" in by_id(result)["conv_single_step_values"].output


def test_stride_forgotten_when_slicing():
    result = grade("exercise11", mutated(CONV_STARTS, CONV_STARTS.replace(" * stride", "")))
    assert lost(result) == with_gated("exercise11", {"conv_forward_values"})
    output = by_id(result)["conv_forward_values"].output
    assert "vert_start = h * stride" in output and "Z is wrong only when W is non-zero" in output


def test_output_size_off_by_one():
    result = grade("exercise11", mutated(CONV_SIZES, CONV_SIZES.replace(" + 1", "")))
    assert lost(result) == with_gated("exercise11", {"conv_forward_shapes", "conv_forward_values"})
    output = by_id(result)["conv_forward_shapes"].output
    assert "expected (2, 5, 5, 4), got (2, 4, 4, 4)" in output and "You left out the + 1" in output


def test_bias_of_the_wrong_filter():
    result = grade("exercise11", mutated("b[:, :, :, c])", "b[:, :, :, 0])"))
    assert lost(result) == with_gated("exercise11", {"conv_forward_values"})
    assert "the bias of filter 0" in by_id(result)["conv_forward_values"].output


def test_pooling_across_channels_and_mode_ignored():
    result = grade("exercise11", mutated(POOL_WINDOW, POOL_WINDOW.replace(", c])", ", :])")))
    assert lost(result) == with_gated("exercise11", {"pool_forward_values"})
    assert "pooled across all its channels" in by_id(result)["pool_forward_values"].output
    result = grade("exercise11", mutated('pool = np.max if mode == "max" else np.mean', "pool = np.max"))
    assert lost(result) == with_gated("exercise11", {"pool_forward_values"})
    assert 'It matches max pooling: for mode="average"' in by_id(result)["pool_forward_values"].output


def test_padded_input_in_the_cache():
    result = grade("exercise11", mutated("return Z, (A_prev, W, b, hparameters)",
                                         "return Z, (A_prev_pad, W, b, hparameters)"))
    assert lost(result) == with_gated("exercise11", {"conv_forward_cache"})
    assert "It is the padded A_prev" in by_id(result)["conv_forward_cache"].output
