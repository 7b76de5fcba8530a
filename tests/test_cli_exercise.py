"""`grade exerciseN` from the command line: output, JSON shape and exit codes (COURSE.md)."""

import json
import shutil

import pytest

from grader.cli import cli
from helpers import ROOT


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A learner's copy of the course in tmp_path, with the current directory inside exercises/."""
    for name in ("course.yaml",):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("exercises", "graders", "fixtures"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("hidden", "cases"))
    monkeypatch.chdir(tmp_path / "exercises")
    return tmp_path


def test_untouched_stub_exits_1_and_says_not_started(runner, workspace):
    result = runner.invoke(cli, ["exercise3"])
    assert result.exit_code == 1
    assert "You have not started exercise3 yet" in result.output
    assert "Score: 0/10" in result.output


def test_solution_submission_exits_0_with_full_marks(runner, workspace):
    result = runner.invoke(cli, ["exercise3", "--submission", str(ROOT / "solutions" / "exercise3.py")])
    assert result.exit_code == 0, result.output
    assert "Score: 10/10" in result.output
    assert "Every check passed on the public cases." in result.output
    assert "hidden cases" in result.output


def test_json_is_exactly_the_results_object(runner, workspace):
    result = runner.invoke(cli, ["exercise3", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"exercise", "score", "max_score", "tests"}
    assert data["exercise"] == "exercise3" and data["score"] == 0.0 and data["max_score"] == 10.0
    for test in data["tests"]:
        assert set(test) == {"name", "score", "max_score", "status", "output"}
        assert test["status"] in {"passed", "failed", "error", "timeout"}
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float)


def test_unknown_exercise_exits_2_with_one_line(runner, workspace):
    result = runner.invoke(cli, ["exercise99"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "unknown exercise 'exercise99'" in result.output


def test_unknown_command_exits_2(runner, workspace):
    result = runner.invoke(cli, ["exercize3"])
    assert result.exit_code == 2
    assert "unknown command or exercise 'exercize3'" in result.output


def test_missing_submission_path_exits_2(runner, workspace):
    result = runner.invoke(cli, ["exercise3", "--submission", "nowhere.py"])
    assert result.exit_code == 2
    assert "nowhere.py does not exist" in result.output
    assert "Traceback" not in result.output


def test_missing_own_file_exits_2(runner, workspace):
    (workspace / "exercises" / "exercise3.py").unlink()
    result = runner.invoke(cli, ["exercise3"])
    assert result.exit_code == 2
    assert "exercises/exercise3.py does not exist" in result.output


def test_binary_submission_exits_2(runner, workspace, tmp_path):
    junk = tmp_path / "junk.py"
    junk.write_bytes(b"\xff\xfe\x00\x81binary")
    result = runner.invoke(cli, ["exercise3", "--submission", str(junk)])
    assert result.exit_code == 2
    assert "not UTF-8 text" in result.output


def test_bad_option_exits_2(runner, workspace):
    result = runner.invoke(cli, ["exercise3", "--timeout", "-4"])
    assert result.exit_code == 2


def test_outside_a_course_exits_2(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["exercise3"])
    assert result.exit_code == 2
    assert "no course here" in result.output


def test_malformed_catalog_names_file_and_key(runner, workspace):
    catalog = workspace / "course.yaml"
    catalog.write_text(catalog.read_text().replace("points: 2}", "points: two}", 1))
    result = runner.invoke(cli, ["exercise3"])
    assert result.exit_code == 2
    assert "course.yaml: exercises[" in result.output and "points: expected float, got str" in result.output


def test_broken_yaml_is_one_line(runner, workspace):
    (workspace / "course.yaml").write_text("format_version: 1\nsessions: [\n")
    result = runner.invoke(cli, ["exercise3"])
    assert result.exit_code == 2
    assert "malformed YAML" in result.output


def _commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_exercise_command_has_help(runner):
    result = runner.invoke(cli, ["exercise3", "--help"])
    assert result.exit_code == 0 and "--submission" in result.output


def test_attempt_is_recorded_in_the_gradebook(runner, workspace):
    from grader.course import Course
    from grader.gradebook import Gradebook

    runner.invoke(cli, ["exercise3"])
    runner.invoke(cli, ["exercise3", "--submission", str(ROOT / "solutions" / "exercise3.py")])
    with Gradebook.open(Course(workspace)) as gradebook:
        assert gradebook.attempt_count("exercise", "exercise3") == 2
        assert gradebook.best("exercise", "exercise3") == (10.0, 10.0)


def test_corrupt_gradebook_is_reported_and_left_alone(runner, workspace):
    book = workspace / ".grade" / "gradebook.sqlite"
    book.parent.mkdir()
    book.write_bytes(b"not a database at all" * 100)
    before = book.read_bytes()
    result = runner.invoke(cli, ["exercise3"])
    assert result.exit_code == 1  # the grade stands
    assert "this attempt was not recorded in the gradebook" in result.output
    assert book.read_bytes() == before
