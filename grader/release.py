"""`grade release OUTDIR`: the learner's copy of the course.

It holds what a learner needs to run `grade exerciseN` and `grade quiz sessionK` at home (the
platform, the catalog, the stubs, the graders, the public fixtures, the data of the learner's split
and the quizzes with their answers locked) and none of the instructor's material: no reference
solution, no hidden case, no case generator, no plain-text quiz answer. After writing it, the release
is scanned for any line of solution code, and refused if one is found.
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
    try:
        from grader.quiz_lock import lock_quiz_file
    except ImportError:
        raise CourseError("this platform cannot lock quiz answers yet, so it will not release plain-text "
                          "answers") from None

    salt = course_salt(course)
    for path in sorted((outdir / "quizzes").glob("*.yaml")):
        lock_quiz_file(path, salt)
        report.quizzes_locked += 1


def course_salt(course: Course) -> str:
    """A per-course secret kept in the course source (.grade-salt, created once), never shipped as such."""
    import secrets

    path = course.root / ".grade-salt"
    if not path.is_file():
        path.write_text(secrets.token_hex(16) + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


def solution_lines(course: Course) -> dict[str, set[str]]:
    """The distinctive lines of each reference solution: code lines that are not also in the stub."""
    found = {}
    for exercise in course.catalog.exercises:
        solution = course.path(exercise.solution)
        stub = course.path(exercise.file)
        if not solution.is_file():
            continue
        stub_lines = {line.strip() for line in stub.read_text(encoding="utf-8").splitlines()} if stub.is_file() else set()
        lines = set()
        for line in solution.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if len(text) < 20 or text.startswith(("#", '"', "'", "def ", "import ", "from ", "return ")):
                continue
            if text not in stub_lines:
                lines.add(text)
        found[exercise.solution] = lines
    return found


def find_leaks(course: Course, outdir: Path) -> list[str]:
    """Lines of solution code found anywhere in the release (file: line)."""
    wanted = solution_lines(course)
    leaks = []
    for path in sorted(p for p in outdir.rglob("*") if p.is_file()):
        relative = path.relative_to(outdir).as_posix()
        if relative.startswith("solutions/"):
            leaks.append(f"{relative}: a solutions file")
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        present = {line.strip() for line in text.splitlines()}
        for solution, lines in wanted.items():
            for line in sorted(lines & present):
                leaks.append(f"{relative}: a line of {solution}: {line}")
    return leaks


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
    _lock_quizzes(course, outdir, report)
    leaks = find_leaks(course, outdir)
    if leaks:
        shutil.rmtree(outdir)
        raise CourseError(f"release refused: solution code would ship ({leaks[0]}; {len(leaks)} in all)")
    return report
