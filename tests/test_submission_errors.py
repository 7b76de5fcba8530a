"""Submissions that cannot run are graded 0 with a clear message and no platform traceback."""

import pytest

from helpers import grade, solution


def assert_no_platform_traceback(result):
    for check in result.checks:
        assert "Traceback" not in check.output
        assert "grader/" not in check.output and "site-packages" not in check.output


CASES = {
    "syntax error": (
        "import numpy as np\n\ndef compute_cost(AL, Y):\n    m = Y.shape[1]\n    return float(-np.sum(Y * np.log(AL) / m\n",
        ["exercise3.py has a syntax error on line 5", "return float(-np.sum(Y * np.log(AL) / m"],
    ),
    "missing function": (
        "import numpy as np\n\ndef compute_costs(AL, Y):\n    return 0.0\n",
        ["exercise3.py has no function `compute_cost` (it has `compute_costs`: a typo?)"],
    ),
    "empty file": ("\n   \n", ["exercise3.py is empty"]),
    "import nonexistent": (
        "import numpy as np\nimport nonexistent\n\ndef compute_cost(AL, Y):\n    return 0.0\n",
        ["it imports `nonexistent` (line 2), which is not installed", "needs only numpy"],
    ),
    "crash at import": (
        "import numpy as np\nx = 1 / 0\n\ndef compute_cost(AL, Y):\n    return 0.0\n",
        ["could not be imported: its top-level code raised ZeroDivisionError", "line 2"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_broken_submission_scores_zero_with_its_own_message(name):
    source, phrases = CASES[name]
    result = grade("exercise3", source)
    assert result.score == 0
    assert {c.status for c in result.checks} == {"error"}
    for phrase in phrases:
        assert phrase in result.checks[0].output, result.checks[0].output
    assert_no_platform_traceback(result)


def test_exception_in_learner_code_names_the_learners_line():
    source = solution("exercise3").replace("m = Y.shape[1]", "m = Y.shape[1]\n    AL = AL.reshape(2, -1)")
    result = grade("exercise3", source)
    output = result.checks[0].output
    assert result.checks[0].status == "error"
    assert "`compute_cost` raised ValueError" in output
    assert "exercise3.py, line 8, in compute_cost" in output and "AL = AL.reshape(2, -1)" in output
    assert_no_platform_traceback(result)


def test_hanging_submission_times_out_and_grading_goes_on():
    source = ("import numpy as np\n\ndef compute_cost(AL, Y):\n    while True:\n        pass\n")
    result = grade("exercise3", source, time_limit=1.5)
    statuses = [c.status for c in result.checks]
    assert statuses[0] == "timeout"
    assert set(statuses) == {"timeout"}
    assert "did not return within the 1.5 s time limit" in result.checks[0].output


def test_partly_hanging_submission_keeps_what_it_earned():
    # Hangs only on the one-example case: the other checks still run in a fresh worker.
    source = solution("exercise3").replace(
        "    m = Y.shape[1]\n", "    m = Y.shape[1]\n    while m == 1:\n        pass\n")
    result = grade("exercise3", source, time_limit=3)
    by = {c.id: c for c in result.checks}
    assert by["docstring_example"].status == "passed"
    assert by["values"].status == "timeout"


def test_printing_submission_shows_a_capped_excerpt():
    source = solution("exercise3").replace("    m = Y.shape[1]\n", "    m = Y.shape[1]\n    print('x' * 100000)\n    m = m + 1\n")
    result = grade("exercise3", source)
    output = result.checks[0].output
    assert "Your code printed:" in output
    assert len(output) < 2000


def test_memory_hog_is_graded_with_the_limit_named():
    source = ("import numpy as np\n\ndef compute_cost(AL, Y):\n"
              "    big = np.ones((1024, 1024, 1024), dtype=np.float64)\n    return float(big.sum())\n")
    result = grade("exercise3", source)
    assert result.score == 0
    assert "used more than 1 GiB of memory (MemoryError)" in result.checks[0].output
