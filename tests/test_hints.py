"""`grade hint exerciseN`: progressive hints from the catalog, remembered in the gradebook."""

import pytest
import yaml

from grader.cli import cli
from grader.course import Course
from grader.gradebook import Gradebook
from workspace import make_workspace, record


@pytest.fixture
def course_dir(tmp_path, monkeypatch):
    make_workspace(tmp_path)
    monkeypatch.chdir(tmp_path / "exercises")
    monkeypatch.setenv("GRADE_LEARNER", "ada")
    return tmp_path


def flat(text: str) -> str:
    """The output with its line wrapping undone."""
    return " ".join(text.split())


def catalog_hints(course_dir, exercise):
    return Course(course_dir).catalog.exercise(exercise).hints


def test_each_request_unlocks_one_more_hint(runner, course_dir):
    hints = catalog_hints(course_dir, "exercise3")
    assert len(hints) == 3
    first = runner.invoke(cli, ["hint", "exercise3"], catch_exceptions=False)
    assert first.exit_code == 0
    assert "Hint 1 of 3 (new)" in first.output and "Hint 2 of 3" not in first.output
    assert hints[0] in flat(first.output) and hints[1] not in flat(first.output)
    assert "2 more hints: run `grade hint exercise3` again" in first.output

    second = runner.invoke(cli, ["hint", "exercise3"], catch_exceptions=False)
    assert "Hint 1 of 3\n" in second.output and "Hint 2 of 3 (new)" in second.output
    assert hints[0] in flat(second.output) and hints[1] in flat(second.output)
    assert "1 more hint: run `grade hint exercise3` again" in second.output

    third = runner.invoke(cli, ["hint", "exercise3"], catch_exceptions=False)
    assert "Hint 3 of 3 (new)" in third.output
    assert all(h in flat(third.output) for h in hints)
    assert "That was the last hint: all 3 are shown." in flat(third.output)
    assert "exercises/exercise3.py" in third.output and "README" in third.output


def test_after_the_last_hint_all_stay_shown_and_none_is_new(runner, course_dir):
    for _ in range(3):
        runner.invoke(cli, ["hint", "exercise3"], catch_exceptions=False)
    again = runner.invoke(cli, ["hint", "exercise3"], catch_exceptions=False)
    assert again.exit_code == 0
    assert "(new)" not in again.output
    assert [f"Hint {n} of 3" in again.output for n in (1, 2, 3)] == [True] * 3
    assert "That was the last hint" in again.output


def test_hints_used_are_recorded_per_learner_and_exercise(runner, course_dir, monkeypatch):
    runner.invoke(cli, ["hint", "exercise3"], catch_exceptions=False)
    runner.invoke(cli, ["hint", "exercise3"], catch_exceptions=False)
    runner.invoke(cli, ["hint", "exercise1"], catch_exceptions=False)
    with Gradebook.open(Course(course_dir)) as gradebook:
        assert gradebook.hints_used("exercise3", "ada") == 2
        assert gradebook.hints_used("exercise1", "ada") == 1
        assert gradebook.hints_used("exercise3", "bob") == 0
    monkeypatch.setenv("GRADE_LEARNER", "bob")
    result = runner.invoke(cli, ["hint", "exercise3"], catch_exceptions=False)
    assert "Hint 1 of 3 (new)" in result.output and "Hint 2 of 3" not in result.output


def test_without_a_name_it_is_the_exercise_the_learner_is_on(runner, course_dir):
    record(course_dir, "exercise", "exercise1", 15, 15)
    result = runner.invoke(cli, ["hint"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.startswith("exercise2: ")


def test_without_a_name_when_all_are_done_exits_2(runner, course_dir):
    for name, points in (("exercise1", 15), ("exercise2", 15), ("exercise3", 10)):
        record(course_dir, "exercise", name, points, points)
    result = runner.invoke(cli, ["hint"])
    assert result.exit_code == 2
    assert "every exercise has full marks" in result.output


def test_an_exercise_without_hints_points_to_its_docstrings(runner, course_dir):
    path = course_dir / "course.yaml"
    catalog = yaml.safe_load(path.read_text(encoding="utf-8"))
    del catalog["exercises"][1]["hints"]
    path.write_text(yaml.safe_dump(catalog, sort_keys=False), encoding="utf-8")
    result = runner.invoke(cli, ["hint", "exercise2"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "exercise2 has no hints" in result.output and "exercises/exercise2.py" in result.output


def test_unknown_exercise_exits_2_with_one_line(runner, course_dir):
    result = runner.invoke(cli, ["hint", "exercise99"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "unknown exercise 'exercise99'" in result.output


def test_an_unusable_gradebook_still_gives_the_first_hint_with_a_warning(runner, course_dir):
    (course_dir / ".grade").mkdir()
    (course_dir / ".grade" / "gradebook.sqlite").write_bytes(b"garbage" * 200)
    result = runner.invoke(cli, ["hint", "exercise3"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Hint 1 of 3" in result.stdout
    assert "grade: warning: hints cannot be remembered" in result.stderr
    assert (course_dir / ".grade" / "gradebook.sqlite").read_bytes() == b"garbage" * 200


def test_long_hints_are_wrapped_to_a_readable_width(runner, course_dir):
    for _ in range(4):
        result = runner.invoke(cli, ["hint", "exercise1"], catch_exceptions=False)
    assert max(len(line) for line in result.output.splitlines()) <= 90
