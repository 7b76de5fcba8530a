"""Output that reads well in a terminal: colour and alignment on a terminal, plain text otherwise,
NO_COLOR honoured, --json never coloured; compact array differences in expect_close."""

import json
import re

import numpy as np
import pytest

from grader import terminal
from grader.checks import CheckFailed, expect_close
from grader.cli import cli
from grader.feedback import render_text
from grader.results import CheckResult, ExerciseResult
from workspace import make_workspace, solution_text

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def course_dir(tmp_path, monkeypatch):
    make_workspace(tmp_path)
    # exercise3 with a mistake (the cost is m times too large): a result with failures and feedback.
    source = solution_text("exercise3")
    assert source.count("/ m") == 1
    (tmp_path / "exercises" / "exercise3.py").write_text(source.replace("/ m", ""), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRADE_LEARNER", "ada")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


@pytest.fixture
def tty(monkeypatch):
    """Make the CLI believe stdout is a terminal (CliRunner's is not)."""
    monkeypatch.setattr(terminal, "is_terminal", lambda stream=None: True)


# color=True: CliRunner keeps the escape codes we print, so their absence is ours, not click's stripping.
COMMANDS = [["exercise3"], [], ["hint", "exercise3"]]


@pytest.mark.parametrize("args", COMMANDS, ids=["exercise", "status", "hint"])
def test_plain_text_when_not_a_terminal(runner, course_dir, args):
    result = runner.invoke(cli, args, color=True, catch_exceptions=False)
    assert result.output and "\x1b[" not in result.output


@pytest.mark.parametrize("args", COMMANDS, ids=["exercise", "status", "hint"])
def test_colour_on_a_terminal(runner, course_dir, tty, args):
    result = runner.invoke(cli, args, color=True, catch_exceptions=False)
    assert ANSI.search(result.output)


@pytest.mark.parametrize("args", COMMANDS, ids=["exercise", "status", "hint"])
def test_no_color_turns_colour_off_on_a_terminal(runner, course_dir, tty, monkeypatch, args):
    monkeypatch.setenv("NO_COLOR", "1")
    result = runner.invoke(cli, args, color=True, catch_exceptions=False)
    assert "\x1b[" not in result.output


def test_an_empty_no_color_does_not_turn_colour_off(runner, course_dir, tty, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "")  # no-color.org: only a non-empty value counts
    result = runner.invoke(cli, ["exercise3"], color=True, catch_exceptions=False)
    assert ANSI.search(result.output)


def test_json_is_never_coloured(runner, course_dir, tty):
    result = runner.invoke(cli, ["exercise3", "--json"], color=True, catch_exceptions=False)
    assert result.exit_code == 1
    assert "\x1b[" not in result.stdout
    data = json.loads(result.stdout)
    assert data["score"] < data["max_score"]
    assert any(test["output"] for test in data["tests"])
    assert all("\x1b[" not in test["output"] for test in data["tests"])


def _columns(output: str) -> list[int]:
    """Where each check line's points column ends (the lines starting with a status)."""
    rows = [line for line in output.splitlines() if re.match(r"^(PASS|FAIL|ERROR|TIMEOUT)\s", line)]
    assert rows
    return [len(line) for line in rows]


def test_columns_line_up_with_and_without_colour(runner, course_dir, tty):
    coloured = runner.invoke(cli, ["exercise3"], color=True, catch_exceptions=False).output
    plain = runner.invoke(cli, ["exercise3"], catch_exceptions=False).output
    without_codes = ANSI.sub("", coloured)
    assert len(set(_columns(without_codes))) == 1
    assert _columns(without_codes) == _columns(plain)


def test_status_columns_line_up_with_colour(runner, course_dir, tty):
    output = ANSI.sub("", runner.invoke(cli, [], color=True, catch_exceptions=False).output)
    rows = [line for line in output.splitlines() if re.search(r"\s(exercise\d|session\d quiz)\s", line)
            and line.startswith("  ")]
    starts = {line.index("exercise") if "exercise" in line else line.index("session") for line in rows}
    assert len(starts) == 1


def test_render_text_colours_each_status():
    result = ExerciseResult("exercise9", "Title", "exercises/exercise9.py", [
        CheckResult("a", "first", 1.0, "passed", "", 1.0),
        CheckResult("b", "second check", 2.0, "failed", "Wrong value.", 0.0),
        CheckResult("c", "third", 1.0, "timeout", "Too slow.", 0.0),
    ])
    coloured = render_text(result, color=True)
    assert "\x1b[32m" in coloured and "\x1b[31m" in coloured and "\x1b[33m" in coloured  # green, red, yellow
    assert ANSI.sub("", coloured) == render_text(result, color=False)


# --- array differences, compactly ------------------------------------------------------------


def failure(got, expected) -> str:
    with pytest.raises(CheckFailed) as info:
        expect_close("A", got, expected)
    return str(info.value)


def test_expect_close_names_the_first_difference_and_the_largest():
    expected = np.arange(12.0).reshape(3, 4)
    got = expected.copy()
    got[0, 1] += 0.1
    got[2, 3] += 0.5
    message = failure(got, expected)
    assert "2 of 12 values differ; the first is at index (0, 1): expected 1, got 1.1" in message
    assert "the largest difference is at index (2, 3): expected 11, got 11.5 (off by 0.5)" in message
    lines = message.splitlines()
    assert len(lines) <= 6 and max(len(line) for line in lines) <= 100


def test_expect_close_says_once_when_the_first_difference_is_the_largest():
    expected = np.arange(12.0).reshape(3, 4)
    got = expected.copy()
    got[1, 1] += 3
    got[2, 0] += 0.01
    message = failure(got, expected)
    assert ("2 of 12 values differ; the largest difference is at index (1, 1), also the first that differs: "
            "expected 5, got 8 (off by 3)") in message
    assert "the first is at" not in message


def test_expect_close_with_one_wrong_value():
    expected = np.zeros((2, 2))
    got = expected.copy()
    got[1, 0] = 2.0
    message = failure(got, expected)
    assert "1 of 4 values differ; the largest difference is at index (1, 0): expected 0, got 2 (off by 2)" in message


def test_expect_close_on_a_long_vector_stays_short():
    expected = np.linspace(0, 1, 1000).reshape(1, 1000)
    got = expected * 1.5
    message = failure(got, expected)
    assert "(1000 values)" in message
    assert "the first is at index (0, 1):" in message
    assert "the largest difference is at index (0, 999)" in message
    assert "Every value is 1.5 times the expected one" in message
    assert len(message.splitlines()) <= 6
