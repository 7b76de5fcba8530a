"""Progress, per-session reports and exports, computed from a small course and its gradebook."""

from __future__ import annotations

import csv
import io
import json

import pytest

from grader.course import Course
from grader.errors import UnknownName
from grader.exports import gradescope_results, lms_csv
from grader.gradebook import Gradebook, GradebookError
from grader.reports import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    Scores,
    course_items,
    format_points,
    learner_progress,
    render_csv,
    render_json,
    render_progress,
    render_table,
)

CATALOG = """\
format_version: 1
title: Tiny course
sessions:
  - {id: session1, title: Basics}
  - {id: session2, title: Networks}
  - {id: session3, title: Later}
exercises:
  - id: exercise2
    title: Forward pass
    session: session2
    functions: [forward_pass]
    checks:
      - {id: fwd, name: Forward, points: 5}
  - id: exercise1
    title: Activations
    session: session2
    functions: [sigmoid, relu]
    checks:
      - {id: shape, name: Shape, points: 4}
      - {id: values, name: Values, points: 6}
"""


def exercise(score, max_score, status="failed"):
    return {
        "score": score,
        "max_score": max_score,
        "tests": [{"name": "Forward", "score": score, "max_score": max_score, "status": status, "output": "feedback"}],
    }


def quiz(score, max_score):
    return {"score": score, "max_score": max_score, "questions": [{"id": "q1", "score": score, "max_score": max_score, "correct": score == max_score, "explanation": "why"}]}


@pytest.fixture
def course(tmp_path):
    (tmp_path / "course.yaml").write_text(CATALOG)
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "session1.yaml").write_text("questions: []\n")
    (tmp_path / "quizzes" / "session2.yaml").write_text("questions: []\n")
    return Course(tmp_path)


@pytest.fixture
def gb(course):
    with Gradebook.open(course) as book:
        yield book


@pytest.fixture
def graded(gb):
    """alice: exercise1 done in two tries, exercise2 half done, quiz session1 2/3; bob: quiz session1 3/3."""
    gb.record("exercise", "exercise1", exercise(4.0, 10.0), "a1", learner="alice")
    gb.record("exercise", "exercise1", exercise(10.0, 10.0, "passed"), "a2", learner="alice")
    gb.record("exercise", "exercise2", exercise(2.5, 5.0), "a3", learner="alice")
    gb.record("quiz", "session1", quiz(2.0, 3.0), None, learner="alice")
    gb.record("quiz", "session1", quiz(3.0, 3.0), None, learner="bob")
    return gb


def test_items_are_grouped_by_session_in_course_order(course):
    items = [(i.kind, i.name, i.session, i.max_score) for i in course_items(course)]
    assert items == [
        ("quiz", "session1", "session1", None),
        ("exercise", "exercise2", "session2", 5.0),
        ("exercise", "exercise1", "session2", 10.0),
        ("quiz", "session2", "session2", None),
    ]


def test_a_session_without_a_quiz_file_has_no_quiz(course):
    assert "session3" not in [i.name for i in course_items(course) if i.kind == "quiz"]


def test_progress_statuses_best_scores_and_attempts(course, graded):
    progress = learner_progress(course, Scores(graded), "alice")
    rows = {(p.item.kind, p.item.name): (p.status, p.best, p.max_score, p.attempts) for p in progress.items}
    assert rows == {
        ("quiz", "session1"): (IN_PROGRESS, 2.0, 3.0, 1),
        ("exercise", "exercise2"): (IN_PROGRESS, 2.5, 5.0, 1),
        ("exercise", "exercise1"): (DONE, 10.0, 10.0, 2),
        ("quiz", "session2"): (NOT_STARTED, None, None, 0),
    }
    assert (progress.score, progress.max_score) == (14.5, 18.0)
    assert [(s.session, s.score, s.max_score) for s in progress.sessions] == [
        ("session1", 2.0, 3.0),
        ("session2", 12.5, 15.0),
        ("session3", 0.0, 0.0),
    ]


def test_an_untaken_quiz_takes_its_max_from_other_learners(course, graded):
    progress = learner_progress(course, Scores(graded), "carol")
    quiz1 = progress.items[0]
    assert (quiz1.item.name, quiz1.status, quiz1.best, quiz1.max_score) == ("session1", NOT_STARTED, None, 3.0)


def test_exercise_max_comes_from_the_catalog_not_the_attempt(course, gb):
    gb.record("exercise", "exercise2", exercise(5.0, 5.0, "passed"), "old", learner="alice")
    gb.record("exercise", "exercise2", exercise(6.0, 8.0), "new", learner="dave")  # recorded under another catalog
    by_name = {p.item.name: p for p in learner_progress(course, Scores(gb), "dave").items}
    assert (by_name["exercise2"].max_score, by_name["exercise2"].status) == (5.0, DONE)


def test_progress_text_lists_every_item_and_an_overall_line(course, graded):
    text = render_progress("Tiny course", learner_progress(course, Scores(graded), "alice"))
    assert text.splitlines() == [
        "Tiny course: progress of alice",
        "",
        "session1  Basics",
        "  session1 quiz  Session quiz  in progress    2 / 3  1 attempt",
        "session2  Networks",
        "  exercise2      Forward pass  in progress  2.5 / 5  1 attempt",
        "  exercise1      Activations   done         10 / 10  2 attempts",
        "  session2 quiz  Session quiz  not started    - / ?  0 attempts",
        "",
        "Progress: 1 of 4 done, 2 in progress; 14.5 / 18 points (plus a quiz nobody has taken yet).",
    ]


def test_progress_text_of_an_empty_course(tmp_path):
    (tmp_path / "course.yaml").write_text("format_version: 1\ntitle: Empty\nsessions: []\nexercises: []\n")
    course = Course(tmp_path)
    with Gradebook.open(course) as book:
        text = render_progress("Empty", learner_progress(course, Scores(book), "alice"))
    assert text.endswith("This course has no exercises or quizzes yet.")


def test_report_table_has_a_row_per_learner_and_a_column_per_session(course, graded):
    scores = Scores(graded)
    progress = [learner_progress(course, scores, name) for name in graded.learners()]
    assert render_table("Tiny course", progress).splitlines() == [
        "Tiny course: scores per session",
        "",
        "learner  session1  session2   session3  overall",
        "alice    2 / 3     12.5 / 15  -         14.5 / 18 (81%)",
        "bob      3 / 3     0 / 15     -         3 / 18 (17%)",
    ]


def test_report_table_without_learners(course):
    assert render_table("Tiny course", []) == "Tiny course: no learner has an attempt in the gradebook yet."


def test_report_csv_has_a_row_per_session_and_overall(course, graded):
    progress = [learner_progress(course, Scores(graded), "alice")]
    rows = list(csv.reader(io.StringIO(render_csv("Tiny course", progress))))
    assert rows == [
        ["learner", "session", "score", "max_score"],
        ["alice", "session1", "2", "3"],
        ["alice", "session2", "12.5", "15"],
        ["alice", "session3", "0", "0"],
        ["alice", "overall", "14.5", "18"],
    ]


def test_report_json_holds_sessions_and_items(course, graded):
    progress = [learner_progress(course, Scores(graded), "bob")]
    data = json.loads(render_json("Tiny course", progress))
    assert data["course"] == "Tiny course"
    [bob] = data["learners"]
    assert (bob["learner"], bob["score"], bob["max_score"]) == ("bob", 3.0, 18.0)
    session1 = bob["sessions"][0]
    assert (session1["session"], session1["title"], session1["score"], session1["max_score"]) == ("session1", "Basics", 3.0, 3.0)
    assert session1["items"] == [
        {"kind": "quiz", "name": "session1", "title": "Session quiz", "status": DONE, "attempts": 1, "score": 3.0, "max_score": 3.0}
    ]


@pytest.mark.parametrize("value, text", [(10.0, "10"), (2.5, "2.5"), (7.25, "7.25"), (1 / 3, "0.33"), (0.0, "0")])
def test_points_are_shown_without_trailing_zeros(value, text):
    assert format_points(value) == text


# --- exports ------------------------------------------------------------------------------


def test_canvas_csv_has_canvas_identity_columns_points_possible_and_best_scores(course, graded):
    rows = list(csv.reader(io.StringIO(lms_csv(course, graded, "canvas"))))
    assert rows == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "session1 quiz", "exercise2", "exercise1", "session2 quiz"],
        ["Points Possible", "", "", "", "", "3", "5", "10", ""],
        ["alice", "", "", "alice", "", "2", "2.5", "10", ""],
        ["bob", "", "", "bob", "", "3", "", "", ""],
    ]


def test_lms_csv_uses_crlf_line_ends_and_quotes_commas(course, gb):
    gb.record("quiz", "session1", quiz(1.0, 3.0), None, learner="Doe, Jane")
    text = lms_csv(course, gb, "moodle")
    assert text.split("\r\n")[1] == '"Doe, Jane",1,,,'


def test_moodle_csv_has_a_username_column_and_best_scores(course, graded):
    rows = list(csv.reader(io.StringIO(lms_csv(course, graded, "moodle"))))
    assert rows == [
        ["Username", "session1 quiz", "exercise2", "exercise1", "session2 quiz"],
        ["alice", "2", "2.5", "10", ""],
        ["bob", "3", "", "", ""],
    ]


def test_an_unknown_lms_is_refused(course, gb):
    with pytest.raises(GradebookError, match="unknown LMS 'blackboard'"):
        lms_csv(course, gb, "blackboard")


def test_gradescope_results_of_the_best_attempt(course, graded):
    results = gradescope_results(course, graded, "exercise1", learner="alice")
    assert results["score"] == 10.0
    assert results["tests"] == [{"name": "Forward", "score": 10.0, "max_score": 10.0, "status": "passed", "output": "feedback"}]
    assert results["extra_data"]["submission_hash"] == "a2"
    assert results["extra_data"]["learner"] == "alice"


def test_gradescope_results_of_the_latest_attempt(course, gb):
    gb.record("exercise", "exercise1", exercise(10.0, 10.0, "passed"), "best", learner="alice")
    gb.record("exercise", "exercise1", exercise(3.0, 10.0, "timeout"), "last", learner="alice")
    results = gradescope_results(course, gb, "exercise1", learner="alice", attempt="latest")
    assert results["score"] == 3.0
    assert results["extra_data"]["submission_hash"] == "last"
    # Gradescope knows only passed and failed: the real outcome goes in front of the output.
    assert results["tests"][0]["status"] == "failed"
    assert results["tests"][0]["output"] == "[timeout] feedback"


def test_gradescope_results_default_to_the_current_learner(course, graded, monkeypatch):
    monkeypatch.setenv("GRADE_LEARNER", "alice")
    assert gradescope_results(course, graded, "exercise2")["extra_data"]["submission_hash"] == "a3"


def test_gradescope_results_need_an_attempt(course, graded):
    with pytest.raises(GradebookError, match="bob has no attempt at exercise1 in the gradebook"):
        gradescope_results(course, graded, "exercise1", learner="bob")


def test_gradescope_results_of_an_unknown_exercise(course, graded):
    with pytest.raises(UnknownName, match="unknown exercise 'exercise9'"):
        gradescope_results(course, graded, "exercise9", learner="alice")
