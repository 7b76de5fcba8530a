"""`grade reset exerciseN`: the untouched stub back, the learner's work kept in a backup."""

import shutil
import stat
import subprocess
from datetime import datetime, timezone

import pytest

from grader.cli import cli
from grader.course import Course
from grader.errors import CourseError
from grader.reset import pristine_stub, reset_exercise, write_stub_copies
from helpers import ROOT
from workspace import make_workspace

MINE = "import numpy as np\n\n# my work in progress\n"


@pytest.fixture
def course_dir(tmp_path, monkeypatch):
    """A learner's copy (as `grade release` makes it: untouched stubs in .stubs/) with exercise3 edited."""
    make_workspace(tmp_path)
    write_stub_copies(Course(tmp_path), tmp_path)
    (tmp_path / "exercises" / "exercise3.py").write_text(MINE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRADE_LEARNER", "ada")
    return tmp_path


def stub_text(name="exercise3"):
    return (ROOT / "exercises" / f"{name}.py").read_text(encoding="utf-8")


def backups(course_dir):
    folder = course_dir / ".grade" / "backups"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_reset_with_yes_restores_the_stub_and_keeps_a_backup(runner, course_dir):
    result = runner.invoke(cli, ["reset", "exercise3", "--yes"], catch_exceptions=False)
    assert result.exit_code == 0
    assert (course_dir / "exercises" / "exercise3.py").read_text(encoding="utf-8") == stub_text()
    [backup] = backups(course_dir)
    assert backup.name.startswith("exercise3-") and backup.suffix == ".py"
    assert backup.read_text(encoding="utf-8") == MINE
    assert f"Your exercises/exercise3.py is kept in .grade/backups/{backup.name}." in result.output
    assert "Start again with `grade exercise3`." in result.output


def test_reset_asks_first_and_no_changes_nothing(runner, course_dir):
    result = runner.invoke(cli, ["reset", "exercise3"], input="n\n")
    assert result.exit_code == 1
    assert "Replace exercises/exercise3.py with the untouched stub" in result.output
    assert (course_dir / "exercises" / "exercise3.py").read_text(encoding="utf-8") == MINE
    assert backups(course_dir) == []


def test_reset_asks_first_and_yes_resets(runner, course_dir):
    result = runner.invoke(cli, ["reset", "exercise3"], input="y\n", catch_exceptions=False)
    assert result.exit_code == 0
    assert (course_dir / "exercises" / "exercise3.py").read_text(encoding="utf-8") == stub_text()
    assert len(backups(course_dir)) == 1


def test_the_restored_stub_grades_as_not_started(runner, course_dir):
    runner.invoke(cli, ["reset", "exercise3", "--yes"], catch_exceptions=False)
    result = runner.invoke(cli, ["exercise3"], catch_exceptions=False)
    assert "You have not started exercise3 yet" in result.output


def test_the_notebook_is_moved_to_the_backups(runner, course_dir):
    notebook = course_dir / "exercises" / "exercise3.ipynb"
    notebook.write_text('{"cells": []}', encoding="utf-8")
    result = runner.invoke(cli, ["reset", "exercise3", "--yes"], catch_exceptions=False)
    assert result.exit_code == 0
    assert not notebook.exists()
    names = sorted(p.suffix for p in backups(course_dir))
    assert names == [".ipynb", ".py"]
    [kept] = [p for p in backups(course_dir) if p.suffix == ".ipynb"]
    assert kept.read_text(encoding="utf-8") == '{"cells": []}'
    assert "Your exercises/exercise3.ipynb is kept in .grade/backups/" in result.output
    assert "`grade notebook exercise3`" in result.output


def test_an_untouched_exercise_needs_no_reset_and_no_question(runner, course_dir):
    result = runner.invoke(cli, ["reset", "exercise1"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "exercises/exercise1.py is already the untouched stub: nothing to reset." in result.output
    assert backups(course_dir) == []


def test_a_deleted_file_is_restored_without_a_backup(runner, course_dir):
    (course_dir / "exercises" / "exercise3.py").unlink()
    result = runner.invoke(cli, ["reset", "exercise3", "--yes"], catch_exceptions=False)
    assert result.exit_code == 0
    assert (course_dir / "exercises" / "exercise3.py").read_text(encoding="utf-8") == stub_text()
    assert backups(course_dir) == []


def test_two_resets_in_the_same_second_keep_both_backups(course_dir):
    course = Course(course_dir)
    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
    reset_exercise(course, "exercise3", now=now)
    (course_dir / "exercises" / "exercise3.py").write_text(MINE + "# second try\n", encoding="utf-8")
    reset_exercise(course, "exercise3", now=now)
    assert [p.name for p in backups(course_dir)] == ["exercise3-20240501T120000Z-2.py", "exercise3-20240501T120000Z.py"]


def test_without_stubs_or_git_it_fails_clearly_and_changes_nothing(runner, course_dir):
    shutil.rmtree(course_dir / ".stubs")
    result = runner.invoke(cli, ["reset", "exercise3", "--yes"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "no untouched copy of exercises/exercise3.py here" in result.output
    assert (course_dir / "exercises" / "exercise3.py").read_text(encoding="utf-8") == MINE
    assert backups(course_dir) == []


def test_unknown_exercise_exits_2(runner, course_dir):
    result = runner.invoke(cli, ["reset", "exercise99", "--yes"])
    assert result.exit_code == 2 and "unknown exercise 'exercise99'" in result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_in_a_git_checkout_the_stub_comes_from_head(runner, course_dir):
    shutil.rmtree(course_dir / ".stubs")
    (course_dir / "exercises" / "exercise3.py").write_text(stub_text(), encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(git + ["init", "-q"], cwd=course_dir, check=True)
    subprocess.run(git + ["add", "exercises"], cwd=course_dir, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "stubs"], cwd=course_dir, check=True)
    (course_dir / "exercises" / "exercise3.py").write_text(MINE, encoding="utf-8")
    result = runner.invoke(cli, ["reset", "exercise3", "--yes"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (course_dir / "exercises" / "exercise3.py").read_text(encoding="utf-8") == stub_text()


@pytest.mark.skipif(not (ROOT / ".git").exists() or shutil.which("git") is None, reason="needs the course's git checkout")
def test_the_course_source_has_its_stubs_from_git():
    course = Course(ROOT)
    exercise = course.catalog.exercise("exercise1")
    head = subprocess.run(["git", "show", "HEAD:exercises/exercise1.py"], cwd=ROOT, capture_output=True, text=True)
    assert pristine_stub(course, exercise) == head.stdout


def test_release_stub_copies_are_read_only_and_untouched(tmp_path):
    make_workspace(tmp_path)
    written = write_stub_copies(Course(tmp_path), tmp_path)
    assert written == [".stubs/exercise1.py", ".stubs/exercise2.py", ".stubs/exercise3.py"]
    for name in ("exercise1", "exercise2", "exercise3"):
        copy = tmp_path / ".stubs" / f"{name}.py"
        assert copy.read_text(encoding="utf-8") == stub_text(name)
        assert not copy.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert write_stub_copies(Course(tmp_path), tmp_path) == written  # a second release over it works


def test_grade_release_ships_the_stubs(tmp_path, monkeypatch):
    from grader import release

    monkeypatch.setattr(release, "_lock_quizzes", lambda *args: None)  # not what this test is about

    (tmp_path / "source").mkdir()
    source = make_workspace(tmp_path / "source", exercises=("exercise1", "exercise3"))
    (source / "solutions").mkdir()
    for name in ("exercise1", "exercise3"):
        shutil.copy(ROOT / "solutions" / f"{name}.py", source / "solutions" / f"{name}.py")
    report = release.make_release(Course(source), tmp_path / "release")
    assert ".stubs/exercise3.py" in report.files
    released = Course(tmp_path / "release")
    assert pristine_stub(released, released.catalog.exercise("exercise3")) == stub_text()


def test_a_missing_stub_copy_is_a_course_error(course_dir):
    course = Course(course_dir)
    (course_dir / ".stubs" / "exercise2.py").chmod(0o600)
    (course_dir / ".stubs" / "exercise2.py").unlink()
    with pytest.raises(CourseError, match="no untouched copy of exercises/exercise2.py"):
        pristine_stub(course, course.catalog.exercise("exercise2"))
