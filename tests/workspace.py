"""A learner's workspace for the tests of the learner's loop (status, hints, watch, reset).

It is a copy of the course in a temporary folder holding exercises 1 to 3 only (their stubs,
graders and public fixtures) and the quizzes, so the tests do not depend on exercises that are
still being written. The learner is "ada"; the gradebook is the workspace's own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from helpers import ROOT

EXERCISES = ("exercise1", "exercise2", "exercise3")


def make_workspace(folder: Path, exercises=EXERCISES) -> Path:
    catalog = yaml.safe_load((ROOT / "course.yaml").read_text(encoding="utf-8"))
    catalog["exercises"] = [e for e in catalog["exercises"] if e["id"] in exercises]
    (folder / "course.yaml").write_text(yaml.safe_dump(catalog, sort_keys=False), encoding="utf-8")
    for sub in ("exercises", "graders", "fixtures"):
        (folder / sub).mkdir()
    for name in exercises:
        shutil.copy(ROOT / "exercises" / f"{name}.py", folder / "exercises" / f"{name}.py")
        shutil.copy(ROOT / "graders" / f"test_{name}.py", folder / "graders" / f"test_{name}.py")
        shutil.copy(ROOT / "fixtures" / f"{name}.json", folder / "fixtures" / f"{name}.json")
    shutil.copytree(ROOT / "quizzes", folder / "quizzes")
    return folder


def solution_text(exercise: str) -> str:
    return (ROOT / "solutions" / f"{exercise}.py").read_text(encoding="utf-8")


def record(folder: Path, kind: str, name: str, score: float, max_score: float, learner: str = "ada") -> None:
    """Put an attempt in the workspace's gradebook without grading anything."""
    from grader.course import Course
    from grader.gradebook import Gradebook

    key = "tests" if kind == "exercise" else "questions"
    with Gradebook.open(Course(folder)) as gradebook:
        gradebook.record(kind, name, {"score": score, "max_score": max_score, key: []}, None, learner)
