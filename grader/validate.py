"""The course linter behind `grade validate`: proves the course holds together.

For every exercise: its files exist, its grader has exactly one test per catalog check, its fixtures
are fresh, the reference solution earns full marks (hidden cases included) and the untouched stub
earns 0 without breaking the grader. Every quiz file is valid.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from grader.course import Course, Exercise
from grader.errors import CourseError

GRADER_FAILED = "The grader itself failed"


@dataclass
class Finding:
    subject: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def grader_test_ids(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.name[5:] for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_")]


def check_exercise(course: Course, exercise: Exercise) -> Finding:
    from grader.engine import grade_source
    from grader.fixtures import stale_reason
    from grader.sandbox import Limits

    finding = Finding(exercise.id)
    problems = finding.problems
    for label, relative in (("stub", exercise.file), ("solution", exercise.solution), ("grader", exercise.grader)):
        if not course.path(relative).is_file():
            problems.append(f"the {label} {relative} is missing")
    if problems:
        return finding
    try:
        tests = grader_test_ids(course.path(exercise.grader))
    except SyntaxError as exc:
        problems.append(f"{exercise.grader} does not parse (line {exc.lineno}): {exc.msg}")
        return finding
    catalog_ids = [c.id for c in exercise.checks]
    for missing in sorted(set(catalog_ids) - set(tests)):
        problems.append(f"{exercise.grader} has no test_{missing} for the catalog check '{missing}'")
    for extra in sorted(set(tests) - set(catalog_ids)):
        problems.append(f"{exercise.grader} has test_{extra}, which is not a check in course.yaml")
    try:
        stale = stale_reason(course, exercise)
    except CourseError as exc:
        stale = str(exc)
    if stale:
        problems.append(f"fixtures are stale: {stale} (run `grade fixtures {exercise.id}`)")

    limits = Limits(time=exercise.time_limit)
    for label, relative, wanted in (("reference solution", exercise.solution, "full"),
                                    ("untouched stub", exercise.file, "zero")):
        source = course.path(relative).read_text(encoding="utf-8")
        result = grade_source(course, exercise, source, Path(relative).name, limits, hidden=None)
        broken = [c for c in result.checks if GRADER_FAILED in c.output]
        for check in broken:
            problems.append(f"the grader broke on the {label}, check '{check.id}': {check.output.splitlines()[0]}")
        if wanted == "full" and not result.full_marks:
            for check in result.checks:
                if check.status != "passed" and check not in broken:
                    first = check.output.splitlines()[0] if check.output else check.status
                    problems.append(f"the {label} does not pass '{check.id}' ({check.status}): {first}")
        if wanted == "zero" and result.score != 0:
            passing = ", ".join(c.id for c in result.checks if c.score)
            problems.append(f"the {label} earns {result.score:g} points (checks that pass: {passing})")
    return finding


def check_quiz(path: Path) -> Finding:
    from grader.quiz_schema import validate_quiz

    return Finding(f"quiz {path.stem}", list(validate_quiz(path)))


def validate_course(course: Course, names: list[str] | None = None):
    """Yields one Finding per exercise and quiz checked."""
    exercises = [course.catalog.exercise(n) for n in names] if names else course.catalog.exercises
    for exercise in exercises:
        yield check_exercise(course, exercise)
    if not names:
        for session in course.catalog.sessions:
            path = course.quiz_path(session.id)
            if path.is_file():
                yield check_quiz(path)
