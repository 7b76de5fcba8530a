"""`grade batch`: a small class with known scores, bad folders, quizzes, resuming and regrading."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from grader.cli import cli
from grader.course import Course
from grader.learner_task import grade_learner
from helpers import COURSE, ROOT, grade, mutate, solution, stub

MISTAKE = ("return W @ A_prev + b", "return W @ A_prev")  # exercise2: the bias forgotten
SEED = 7


def quiz_key(course: Path, session: str, seed: int = SEED) -> str:
    from grader.quiz import answer_key

    return answer_key(Course(course), session, seed=seed)


def make_course(folder: Path) -> Path:
    """An instructor's workspace: catalog, graders, fixtures (hidden ones too), quizzes, solutions/."""
    shutil.copy(ROOT / "course.yaml", folder / "course.yaml")
    for name in ("graders", "fixtures", "quizzes"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "solutions").mkdir()
    return folder


def notebook(code: str) -> str:
    cell = {"cell_type": "code", "id": "answer", "metadata": {"tags": ["answer"]}, "execution_count": None,
            "outputs": [], "source": code}
    intro = {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": "# My work\n"}
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [intro, cell]})


def make_class(course: Path) -> Path:
    """ada: full marks (a notebook too) and a quiz; bob: a mistake; cyd: the stub; dan: malformed; eve: empty."""
    learners = course / "class"
    for name in ("ada", "bob", "cyd", "dan", "eve"):
        (learners / name).mkdir(parents=True)
    (learners / "ada" / "exercise1.py").write_text(solution("exercise1"))
    (learners / "ada" / "exercise5.ipynb").write_text(notebook(solution("exercise5")))
    (learners / "ada" / "exercise3.py").write_text(solution("exercise3"))
    (learners / "ada" / "session1.yaml").write_text(quiz_key(course, "session1"))
    (learners / "bob" / "exercise2.py").write_text(mutate(solution("exercise2"), *MISTAKE))
    (learners / "bob" / "exercise3.py").write_text(solution("exercise3"))
    (learners / "cyd" / "exercise3.py").write_text(stub("exercise3"))
    (learners / "dan" / "exercise2.py").write_bytes(b"\xff\xfe\x00junk\x89PNG")
    (learners / "dan" / "Exercise1.py").write_text(solution("exercise1"))
    (learners / "dan" / "exercise4.ipynb").write_text('{"not": "a notebook"}')
    (learners / "dan" / "notes.txt").write_text("hello")
    return learners


@pytest.fixture
def course(tmp_path, monkeypatch):
    make_course(tmp_path)
    make_class(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def batch(runner, *args):
    result = runner.invoke(cli, ["batch", "class", "--timeout", "5", "--quiz-seed", str(SEED), *args],
                           catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return {row["learner"]: row for row in csv.DictReader(f)}


def attempts(course: Path) -> dict[tuple, int]:
    with sqlite3.connect(course / ".grade" / "gradebook.sqlite") as db:
        rows = db.execute("SELECT learner, name, count(*) FROM attempts GROUP BY learner, name").fetchall()
    return {(learner, name): n for learner, name, n in rows}


def points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def test_the_csv_of_a_small_class(runner, course):
    result = batch(runner, "--jobs", "2")
    assert result.exit_code == 1  # graded, with problems noted for dan and eve
    assert "Graded 9 of 9 submissions of 5 learners" in result.stdout
    assert "Grading 9 submission(s) of 4 learner(s) with 2 job(s)" in result.stderr
    rows = read_csv(course / "class-grades" / "grades.csv")
    assert list(rows) == ["ada", "bob", "cyd", "dan", "eve"]
    header = list(rows["ada"])
    assert header[0] == "learner" and header[-2:] == ["total", "problems"]
    assert "exercise1" in header and "session1 quiz" in header and "exercise14" in header

    quiz_max = sum(q.points for q in __import__("grader.quiz", fromlist=["x"]).find_quiz(Course(course), "session1").questions)
    mistaken = grade("exercise2", mutate(solution("exercise2"), *MISTAKE)).score
    assert 0 < mistaken < 15
    expected = {
        "ada": {"exercise1": "15", "exercise3": "10", "exercise5": "12", "session1 quiz": points(quiz_max),
                "total": points(37 + quiz_max)},
        "bob": {"exercise2": points(mistaken), "exercise3": "10", "total": points(mistaken + 10)},
        "cyd": {"exercise3": "0", "total": "0"},
        "dan": {"exercise2": "0", "exercise4": "0", "total": "0"},
        "eve": {"total": "0"},
    }
    for learner, cells in expected.items():
        row = rows[learner]
        assert {k: v for k, v in row.items() if v and k not in ("learner", "problems")} == cells, learner
    assert rows["ada"]["problems"] == rows["bob"]["problems"] == rows["cyd"]["problems"] == ""
    assert "name it exercise1.py" in rows["dan"]["problems"]
    assert "exercise2.py: it is not UTF-8 text" in rows["dan"]["problems"] or "binary" in rows["dan"]["problems"]
    assert "exercise4.ipynb" in rows["dan"]["problems"]
    assert "empty" in rows["eve"]["problems"]

    assert attempts(course) == {("ada", "exercise1"): 1, ("ada", "exercise3"): 1, ("ada", "exercise5"): 1,
                                ("ada", "session1"): 1,
                                ("bob", "exercise2"): 1, ("bob", "exercise3"): 1, ("cyd", "exercise3"): 1,
                                ("dan", "exercise2"): 1, ("dan", "exercise4"): 1}


def test_feedback_files_render_like_grade_and_list_what_was_ignored(runner, course):
    batch(runner)
    feedback = course / "class-grades" / "feedback"
    assert sorted(p.name for p in feedback.iterdir()) == [f"{n}.txt" for n in ("ada", "bob", "cyd", "dan", "eve")]
    ada = (feedback / "ada.txt").read_text()
    assert "exercise1: " in ada and "(exercise1.py)" in ada and "Score: 15/15" in ada
    assert "(exercise5.ipynb)" in ada and "Score: 12/12" in ada
    assert "These checks included" in ada  # hidden cases ran
    assert "session1:" in ada and "Passed" in ada
    cyd = (feedback / "cyd.txt").read_text()
    assert "You have not started exercise3 yet" in cyd
    bob = (feedback / "bob.txt").read_text()
    assert "FAIL" in bob and "bias" in bob.lower()
    dan = (feedback / "dan.txt").read_text()
    assert "Ignored (not files this course grades): Exercise1.py, notes.txt" in dan
    assert "name it exercise1.py" in dan and "not UTF-8" in dan or "binary" in dan
    assert "nothing to grade" in (feedback / "eve.txt").read_text()
    kept = json.loads((course / "class-grades" / "results" / "ada.json").read_text())
    assert kept["items"]["exercise:exercise1"]["result"]["score"] == 15


def test_unchanged_submissions_are_not_graded_again_changed_ones_are(runner, course):
    batch(runner)
    before = attempts(course)
    again = batch(runner)
    assert "Nothing new to grade" in again.stderr and attempts(course) == before

    bob = course / "class" / "bob" / "exercise2.py"
    bob.write_text(solution("exercise2"))  # bob fixes his mistake
    (course / "class" / "ada" / "exercise1.py").touch()  # a new time, the same text: unchanged
    ada_notebook = course / "class" / "ada" / "exercise5.ipynb"  # new notes, the same code: unchanged
    ada_notebook.write_text(ada_notebook.read_text().replace("# My work", "# My work, tidied up"))
    (course / "class" / "cyd" / "exercise5.py").write_text(solution("exercise5"))  # a new file
    batch(runner)
    after = attempts(course)
    assert after.pop(("bob", "exercise2")) == 2 and after.pop(("cyd", "exercise5")) == 1
    before.pop(("bob", "exercise2"))
    assert after == before
    rows = read_csv(course / "class-grades" / "grades.csv")
    assert rows["bob"]["exercise2"] == "15" and rows["bob"]["total"] == "25" and rows["cyd"]["exercise5"] == "12"

    batch(runner, "--regrade")
    assert all(n >= 2 for n in attempts(course).values())


def test_jobs_1_and_jobs_2_write_the_same_csv(runner, course):
    batch(runner, "--jobs", "1", "--out", "one")
    batch(runner, "--jobs", "2", "--out", "two", "--regrade")
    assert (course / "one" / "grades.csv").read_bytes() == (course / "two" / "grades.csv").read_bytes()


def test_the_quiz_seed_picks_the_variant(runner, course):
    key = quiz_key(course, "session3", seed=SEED)
    (course / "class" / "bob" / "session3.yaml").write_text(key)
    batch(runner)
    rows = read_csv(course / "class-grades" / "grades.csv")
    full = rows["bob"]["session3 quiz"]
    assert full and float(full) > 0
    # the same answers in another variant are graded again, and lose the numeric questions' points
    batch(runner, "--quiz-seed", "12345")
    assert attempts(course)[("bob", "session3")] == 2
    assert float(read_csv(course / "class-grades" / "grades.csv")["bob"]["session3 quiz"]) < float(full)


def test_a_folder_that_is_not_there_is_a_one_line_error(runner, course):
    result = runner.invoke(cli, ["batch", "nowhere"])
    assert result.exit_code == 2 and "nowhere is not a folder" in result.output
    (course / "empty").mkdir()
    result = runner.invoke(cli, ["batch", "empty"])
    assert result.exit_code == 2 and "holds no learner folder" in result.output


def test_grade_learner_is_a_pure_function_of_its_inputs(tmp_path):
    learners = make_class(make_course(tmp_path))

    def files():
        return {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if "__pycache__" not in p.parts}

    before = files()
    result = grade_learner(tmp_path, learners / "bob", {"timeout": 5})
    json.dumps(result)  # plain JSON
    assert files() == before  # it writes nothing, the gradebook included: the caller records
    assert [i["name"] for i in result["items"]] == ["exercise2", "exercise3"]
    assert [i["status"] for i in result["items"]] == ["graded", "graded"]
    assert result["items"][1]["result"]["score"] == 10 and "Score: 10/10" in result["items"][1]["feedback"]
    skip = {"exercise:exercise3": result["items"][1]["hash"]}
    again = grade_learner(tmp_path, learners / "bob", {"timeout": 5, "skip": skip})
    assert [i["status"] for i in again["items"]] == ["graded", "unchanged"]
    assert again["items"][1]["result"] is None


def test_the_learner_task_uses_the_catalog_of_its_course_root():
    assert COURSE.root == ROOT  # the helpers' course is the repository's
