"""`grade list`, `grade report` and `grade export` in a workspace, through the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3

import pytest

from grader.cli import cli
from grader.course import Course
from grader.gradebook import SCHEMA_VERSION, Gradebook

CATALOG = """\
format_version: 1
title: Tiny course
sessions:
  - {id: session1, title: Basics}
  - {id: session2, title: Networks}
exercises:
  - id: exercise1
    title: Activations
    session: session2
    functions: [sigmoid, relu]
    checks:
      - {id: shape, name: Shape, points: 4}
      - {id: values, name: Values, points: 6}
"""


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    (tmp_path / "course.yaml").write_text(CATALOG)
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "session1.yaml").write_text("questions: []\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRADE_LEARNER", "alice")
    return tmp_path


@pytest.fixture
def graded(workspace):
    with Gradebook.open(Course(workspace)) as gb:
        tests = [
            {"name": "Shape", "score": 4.0, "max_score": 4.0, "status": "passed", "output": ""},
            {"name": "Values", "score": 2.0, "max_score": 6.0, "status": "failed", "output": "Wrong value for `s`."},
        ]
        gb.record("exercise", "exercise1", {"score": 6.0, "max_score": 10.0, "tests": tests}, "h1")
        gb.record("quiz", "session1", {"score": 3.0, "max_score": 3.0, "questions": []}, None)
        gb.record("quiz", "session1", {"score": 1.0, "max_score": 3.0, "questions": []}, None, learner="bob")
    return workspace


def grade(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", ["list", "report", "export"])
def test_every_gradebook_command_has_help(runner, command):
    result = grade(runner, command, "--help")
    assert result.exit_code == 0
    assert "Usage: " in result.stdout


def test_list_creates_the_gradebook_and_shows_every_item(runner, workspace):
    result = grade(runner, "list")
    assert result.exit_code == 0, result.stderr
    assert (workspace / ".grade" / "gradebook.sqlite").is_file()
    assert result.stdout.splitlines() == [
        "Tiny course: progress of alice",
        "",
        "session1  Basics",
        "  session1 quiz  Session quiz  not started   - / ?  0 attempts",
        "session2  Networks",
        "  exercise1      Activations   not started  - / 10  0 attempts",
        "",
        "Progress: 0 of 2 done, 0 in progress; 0 / 10 points (plus a quiz nobody has taken yet).",
    ]


def test_list_shows_the_learners_attempts(runner, graded):
    result = grade(runner, "list")
    assert result.exit_code == 0, result.stderr
    assert "  session1 quiz  Session quiz  done          3 / 3  1 attempt" in result.stdout.splitlines()
    assert "  exercise1      Activations   in progress  6 / 10  1 attempt" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == "Progress: 1 of 2 done, 1 in progress; 9 / 13 points."


def test_list_of_another_learner(runner, graded):
    result = grade(runner, "list", "--learner", "bob")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Tiny course: progress of bob"
    assert "  session1 quiz  Session quiz  in progress   1 / 3  1 attempt" in result.stdout.splitlines()


def test_report_table_of_the_current_learner(runner, graded):
    result = grade(runner, "report")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2:] == [
        "learner  session1  session2  overall",
        "alice    3 / 3     6 / 10    9 / 13 (69%)",
    ]


def test_report_all_learners_as_csv(runner, graded):
    result = grade(runner, "report", "--all", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [
        ["learner", "session", "score", "max_score"],
        ["alice", "session1", "3", "3"],
        ["alice", "session2", "6", "10"],
        ["alice", "overall", "9", "13"],
        ["bob", "session1", "1", "3"],
        ["bob", "session2", "0", "10"],
        ["bob", "overall", "1", "13"],
    ]


def test_report_json_for_a_named_learner(runner, graded):
    result = grade(runner, "report", "--format", "json", "--learner", "bob")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(l["learner"], l["score"], l["max_score"]) for l in data["learners"]] == [("bob", 1.0, 13.0)]


def test_report_refuses_learner_with_all(runner, graded):
    result = grade(runner, "report", "--all", "--learner", "bob")
    assert result.exit_code == 2
    assert "--learner and --all cannot be combined" in result.stderr


def test_report_refuses_an_unknown_format(runner, graded):
    result = grade(runner, "report", "--format", "xml")
    assert result.exit_code == 2


def test_export_canvas_writes_the_csv(runner, graded):
    result = grade(runner, "export", "--lms", "canvas", "-o", "grades.csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "Wrote the canvas gradebook CSV of 2 learner(s) to grades.csv"
    with open(graded / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "session1 quiz", "exercise1"],
        ["Points Possible", "", "", "", "", "3", "10"],
        ["alice", "", "", "alice", "", "3", "6"],
        ["bob", "", "", "bob", "", "1", ""],
    ]


def test_export_moodle_to_stdout(runner, graded):
    result = grade(runner, "export", "--lms", "moodle")
    assert result.exit_code == 0, result.stderr
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["Username", "session1 quiz", "exercise1"],
        ["alice", "3", "6"],
        ["bob", "1", ""],
    ]


def test_export_gradescope_results_json(runner, graded):
    result = grade(runner, "export", "--gradescope", "exercise1", "-o", "results.json")
    assert result.exit_code == 0, result.stderr
    data = json.loads((graded / "results.json").read_text())
    assert data["score"] == 6.0
    assert [(t["name"], t["score"], t["max_score"], t["status"]) for t in data["tests"]] == [
        ("Shape", 4.0, 4.0, "passed"),
        ("Values", 2.0, 6.0, "failed"),
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "give exactly one of --lms canvas|moodle or --gradescope EXERCISE"),
        (["--lms", "canvas", "--gradescope", "exercise1"], "give exactly one of"),
        (["--lms", "moodle", "--learner", "bob"], "--learner goes with --gradescope"),
        (["--lms", "blackboard"], "'blackboard' is not one of"),
    ],
)
def test_export_option_mistakes_exit_2(runner, graded, args, message):
    result = grade(runner, "export", *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--gradescope", "exercise1", "--learner", "carol"], "grade: carol has no attempt at exercise1 in the gradebook"),
        (["--gradescope", "exercise7"], "grade: unknown exercise 'exercise7'"),
        (["--lms", "canvas", "-o", "no/such/folder/grades.csv"], "grade: cannot write no/such/folder/grades.csv"),
    ],
)
def test_export_that_cannot_be_made_is_one_line_and_exit_2(runner, graded, args, message):
    result = grade(runner, "export", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def _random_bytes(path):
    path.write_bytes(os.urandom(4096))


def _foreign_database(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()


def _newer_schema(path):
    Gradebook(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


@pytest.mark.parametrize(
    "make, message",
    [
        (_random_bytes, "is not a gradebook or is damaged"),
        (_foreign_database, "is another program's SQLite database"),
        (_newer_schema, f"has gradebook schema version {SCHEMA_VERSION + 5}"),
    ],
    ids=["random bytes", "foreign database", "newer schema"],
)
@pytest.mark.parametrize("command", [["list"], ["report", "--all"], ["export", "--lms", "canvas"]])
def test_a_bad_gradebook_file_is_a_one_line_error_and_stays_untouched(runner, workspace, make, message, command):
    path = workspace / ".grade" / "gradebook.sqlite"
    path.parent.mkdir()
    make(path)
    before = path.read_bytes()
    result = grade(runner, *command)
    assert result.exit_code == 2
    assert result.stderr.startswith("grade: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert path.read_bytes() == before


def test_outside_a_course_the_commands_say_so(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = grade(runner, "list")
    assert result.exit_code == 2
    assert result.stderr.startswith("grade: no course here")
