"""`grade` with no arguments: where the learner stands and the exact next command."""

import re

import pytest

from grader.cli import cli
from grader.course import Course
from grader.status import current_exercise, learner_status
from workspace import make_workspace, record


@pytest.fixture
def course_dir(tmp_path, monkeypatch):
    make_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRADE_LEARNER", "ada")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def line_of(output: str, label: str) -> str:
    """The row of the table for `label` (an exercise id or "sessionK quiz")."""
    [line] = [line for line in output.splitlines() if line.startswith("  ") and re.search(rf"\s{label}\s", line)]
    return line


def test_a_new_learner_starts_with_the_first_quiz(runner, course_dir):
    result = runner.invoke(cli, [], catch_exceptions=False)
    assert result.exit_code == 0
    assert "where ada stands" in result.output
    assert "Next: `grade quiz session1`" in result.output
    assert "you are here" in line_of(result.output, "session1 quiz")
    assert "not started" in line_of(result.output, "exercise1")
    assert "Exercises: 0 of 3 done. Quizzes: 0 of 6 passed." in result.output


def test_next_is_the_exercise_in_progress_with_its_best_score(runner, course_dir):
    record(course_dir, "quiz", "session1", 8, 10)
    record(course_dir, "exercise", "exercise1", 5, 15)
    record(course_dir, "exercise", "exercise1", 3, 15)
    result = runner.invoke(cli, [], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Next: open exercises/exercise1.py and run `grade exercise1`" in result.output
    assert "`grade hint exercise1`" in result.output
    row = line_of(result.output, "exercise1")
    assert "in progress" in row and "5 / 15" in row and "you are here" in row
    assert "passed" in line_of(result.output, "session1 quiz")
    assert "Exercises: 0 of 3 done, 1 in progress. Quizzes: 1 of 6 passed." in result.output


def test_a_sessions_quiz_comes_after_its_exercises(runner, course_dir):
    record(course_dir, "quiz", "session1", 10, 10)
    record(course_dir, "exercise", "exercise1", 15, 15)
    result = runner.invoke(cli, [], catch_exceptions=False)
    assert "Next: `grade quiz session2`" in result.output
    assert "done" in line_of(result.output, "exercise1")


def test_a_quiz_below_its_pass_mark_is_next_again(runner, course_dir):
    record(course_dir, "quiz", "session1", 5, 10)  # the pass mark is 70%
    result = runner.invoke(cli, [], catch_exceptions=False)
    assert "not passed" in line_of(result.output, "session1 quiz")
    assert "Next: `grade quiz session1`" in result.output


def test_the_notebook_is_named_when_the_learner_works_in_it(runner, course_dir):
    record(course_dir, "quiz", "session1", 10, 10)
    notebook = course_dir / "exercises" / "exercise1.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    py = course_dir / "exercises" / "exercise1.py"
    stamp = py.stat().st_mtime
    import os

    os.utime(notebook, (stamp + 10, stamp + 10))
    result = runner.invoke(cli, [], catch_exceptions=False)
    assert "Next: open exercises/exercise1.ipynb and run `grade exercise1`" in result.output


def test_everything_done_says_so(runner, course_dir):
    for k in range(1, 7):
        record(course_dir, "quiz", f"session{k}", 10, 10)
    for name, points in (("exercise1", 15), ("exercise2", 15), ("exercise3", 10)):
        record(course_dir, "exercise", name, points, points)
    result = runner.invoke(cli, [], catch_exceptions=False)
    assert result.exit_code == 0
    assert "the course is done" in result.output
    assert "you are here" not in result.output


def test_other_learners_attempts_do_not_count(runner, course_dir):
    record(course_dir, "quiz", "session1", 10, 10, learner="bob")
    result = runner.invoke(cli, [], catch_exceptions=False)
    assert "Next: `grade quiz session1`" in result.output


def test_help_is_still_help(runner, course_dir):
    result = runner.invoke(cli, ["--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Usage:" in result.output and "where ada stands" not in result.output


def test_outside_a_course_prints_the_help_and_a_note(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, [], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("No course here: run `grade` inside a course folder")


def test_a_broken_catalog_is_one_line_and_exit_2(runner, course_dir):
    (course_dir / "course.yaml").write_text("format_version: [", encoding="utf-8")
    result = runner.invoke(cli, [])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "course.yaml" in result.output


def test_an_unreadable_gradebook_warns_and_still_shows_the_course(runner, course_dir):
    (course_dir / ".grade").mkdir()
    (course_dir / ".grade" / "gradebook.sqlite").write_bytes(b"not a database at all" * 100)
    result = runner.invoke(cli, [], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Warning: the gradebook cannot be read" in result.output
    assert "Next: `grade quiz session1`" in result.output


def test_current_exercise_is_the_first_without_full_marks(course_dir):
    course = Course(course_dir)
    assert current_exercise(course).id == "exercise1"
    record(course_dir, "exercise", "exercise1", 15, 15)
    record(course_dir, "exercise", "exercise2", 10, 15)
    assert current_exercise(course).id == "exercise2"
    assert current_exercise(course, after="exercise2").id == "exercise3"
    record(course_dir, "exercise", "exercise3", 10, 10)
    assert current_exercise(course, after="exercise3").id == "exercise2"  # wraps around
    assert current_exercise(course, after="exercise2") is None
    record(course_dir, "exercise", "exercise2", 15, 15)
    assert current_exercise(course) is None


def test_status_steps_follow_course_order(course_dir):
    status = learner_status(Course(course_dir))
    assert [s.item.label for s in status.steps][:5] == [
        "session1 quiz", "exercise1", "session2 quiz", "exercise2", "exercise3"]


@pytest.mark.parametrize("command", ["hint", "watch", "reset"])
def test_learner_loop_commands_have_help(runner, command):
    result = runner.invoke(cli, [command, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: cli {command}") or result.output.startswith(f"Usage: grade {command}")
