"""Helpers for the platform's tests: grade a source text as a learner's submission."""

from __future__ import annotations

from pathlib import Path

from grader.course import Course
from grader.engine import grade_source
from grader.sandbox import Limits

ROOT = Path(__file__).resolve().parents[1]
COURSE = Course(ROOT)


def source_of(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


def solution(exercise: str) -> str:
    return source_of(COURSE.catalog.exercise(exercise).solution)


def stub(exercise: str) -> str:
    return source_of(COURSE.catalog.exercise(exercise).file)


def mutate(source: str, old: str, new: str) -> str:
    """The source with one exact snippet replaced (fails loudly if the snippet is not there)."""
    assert source.count(old) == 1, f"snippet not found exactly once: {old!r}"
    return source.replace(old, new)


def grade(exercise: str, source: str, time_limit: float | None = None, hidden: bool | None = None):
    ex = COURSE.catalog.exercise(exercise)
    limits = Limits(time=time_limit or ex.time_limit)
    return grade_source(COURSE, ex, source, Path(ex.file).name, limits, hidden)


def by_id(result) -> dict:
    return {c.id: c for c in result.checks}


def lost(result) -> set[str]:
    """The ids of the checks that did not pass."""
    return {c.id for c in result.checks if c.status != "passed"}


def with_gated(exercise: str, ids: set[str]) -> set[str]:
    """`ids` plus the checks that require one of them (they cannot count while it fails)."""
    ex = COURSE.catalog.exercise(exercise)
    return set(ids) | {c.id for c in ex.checks if set(c.requires) & set(ids)}
