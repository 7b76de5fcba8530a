"""`grade release OUTDIR`: the learner's copy of the course.

It holds what a learner needs to run `grade exerciseN` and `grade quiz sessionK` at home (the
platform, the catalog, the stubs, the graders, the public fixtures, the data of the learner's split
and the quizzes with their answers locked) and none of the instructor's material: no reference
solution, no hidden case, no case generator, no plain-text quiz answer. After writing it, the release
is scanned for the functions of the reference solutions, and refused if one is found anywhere but
in the stub of a later exercise (which carries earlier exercises' functions as ready-made helpers).
"""

from __future__ import annotations

import fnmatch
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from grader.course import Course
from grader.errors import CourseError

# What a learner's copy holds, relative to the course root.
SHIPPED = ["course.yaml", "pyproject.toml", "README.md", ".gitignore", "grader", "exercises", "graders",
           "fixtures", "quizzes", "data"]
# What never leaves the instructor, wherever it sits inside a shipped folder.
WITHHELD = ["solutions", "graders/cases", "fixtures/hidden", "data/hidden", "data/*held_out*", "__pycache__",
            "*.pyc", ".grade", "*.egg-info", "*.sqlite"]


@dataclass
class ReleaseReport:
    outdir: Path
    files: list[str] = field(default_factory=list)
    quizzes_locked: int = 0
    helpers: list[str] = field(default_factory=list)  # earlier solutions carried by later stubs


def _withheld(relative: str) -> bool:
    parts = relative.split("/")
    for pattern in WITHHELD:
        if "/" in pattern:
            if relative == pattern or relative.startswith(pattern + "/") or fnmatch.fnmatch(relative, pattern):
                return True
        elif any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
    return False


def _copy_tree(course: Course, outdir: Path, report: ReleaseReport):
    for name in SHIPPED:
        source = course.root / name
        if not source.exists():
            continue
        paths = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
        for path in paths:
            relative = path.relative_to(course.root).as_posix()
            if _withheld(relative):
                continue
            target = outdir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            report.files.append(relative)


def _lock_quizzes(course: Course, outdir: Path, report: ReleaseReport):
    from grader.quiz_lock import lock_quiz_file

    salt = course_salt(course)
    for path in sorted((outdir / "quizzes").glob("*.yaml")):
        lock_quiz_file(path, salt)
        report.quizzes_locked += 1


def course_salt(course: Course) -> str:
    """The course's salt for locking quiz answers: .grade-salt in the course source, created once.

    It is no secret: every locked quiz file holds it, since a learner's copy needs it to hash the
    learner's answers (grader/quiz_lock.py). It is committed with the course, so that every
    instructor's clone makes the same release from the same source (identical quiz files).
    """
    import secrets

    path = course.root / ".grade-salt"
    if not path.is_file():
        path.write_text(secrets.token_hex(16) + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


def _function_bodies(source: str) -> dict[str, str]:
    """Each non-trivial function of a Python source, by name: its body as an AST dump (docstring
    dropped), so copies are found whatever their comments, blank lines or formatting."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    bodies = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
                body = body[1:]
            trivial = all(isinstance(stmt, (ast.Pass, ast.Raise, ast.Expr)) for stmt in body)
            if body and not trivial:
                bodies[node.name] = "\n".join(ast.dump(stmt) for stmt in body)
    return bodies


def _python_sources(path: Path) -> str | None:
    """The Python code of a released file (.py, or a notebook's code cells), or None."""
    import json

    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    if path.suffix == ".py":
        return text
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(text).get("cells", [])
        except (ValueError, AttributeError):
            return None
        return "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
    return None


def find_leaks(course: Course, outdir: Path) -> tuple[list[str], list[str]]:
    """Functions of reference solutions found in the release: (leaks, helpers).

    A leak is a solution function anywhere it does not belong. The one allowed place: the stub of a
    *later* exercise, which carries earlier exercises' functions as ready-made helpers (COURSE.md:
    every exercise file stands alone); those are returned as `helpers`, for the release summary.
    """
    order = {e.id: i for i, e in enumerate(course.catalog.exercises)}
    stub_of = {Path(e.file).name: e.id for e in course.catalog.exercises}
    solutions = {}
    for exercise in course.catalog.exercises:
        path, stub = course.path(exercise.solution), course.path(exercise.file)
        if not path.is_file():
            continue
        given = set(_function_bodies(stub.read_text(encoding="utf-8")).values()) if stub.is_file() else set()
        for name, body in _function_bodies(path.read_text(encoding="utf-8")).items():
            if body not in given:  # helpers the stub already hands out are not the solution
                solutions.setdefault(body, []).append((exercise.id, name))
    leaks, helpers = [], []
    for path in sorted(p for p in outdir.rglob("*") if p.is_file()):
        relative = path.relative_to(outdir).as_posix()
        if relative.startswith("solutions/"):
            leaks.append(f"{relative}: a solutions file")
            continue
        source = _python_sources(path)
        if source is None:
            continue
        carrier = stub_of.get(path.name) if relative.split("/")[0] in ("exercises", ".stubs") else None
        for name, body in _function_bodies(source).items():
            for owner, function in solutions.get(body, []):
                if carrier is not None and order[owner] < order[carrier]:
                    helpers.append(f"{relative}: `{name}` (the solution of {owner}'s `{function}`)")
                else:
                    leaks.append(f"{relative}: `{name}` is the reference solution of {owner}'s `{function}`")
    return leaks, helpers


def make_release(course: Course, outdir: Path, force: bool = False) -> ReleaseReport:
    if course.is_release:
        raise CourseError("this is already a learner's copy: release from the course source")
    outdir = Path(outdir).resolve()
    if outdir == course.root or course.root in outdir.parents:
        raise CourseError(f"the release must go outside the course folder, not into {outdir}")
    if outdir.exists() and any(outdir.iterdir()):
        if not force:
            raise CourseError(f"{outdir} is not empty: choose a new folder or pass --force to replace it")
        if not (outdir / "course.yaml").is_file():
            raise CourseError(f"{outdir} does not look like an earlier release (no course.yaml): not replacing it")
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    report = ReleaseReport(outdir)
    _copy_tree(course, outdir, report)
    from grader.reset import write_stub_copies  # read-only untouched stubs for `grade reset`

    report.files += write_stub_copies(course, outdir)
    try:
        _lock_quizzes(course, outdir, report)
    except CourseError as exc:  # never leave a half-locked copy behind: its other quizzes are plain text
        shutil.rmtree(outdir)
        raise CourseError(f"release refused: a quiz cannot be locked ({exc})") from None
    leaks, report.helpers = find_leaks(course, outdir)
    if leaks:
        shutil.rmtree(outdir)
        raise CourseError(f"release refused: solution code would ship ({leaks[0]}; {len(leaks)} in all)")
    return report
