"""`grade reset exerciseN`: put the untouched stub back, keeping the learner's work in a backup.

The untouched stub comes from `<root>/.stubs/<file name>` (read-only copies that `grade release`
ships, see `write_stub_copies`), else from git (`git show HEAD:exercises/<file>`) when the course
folder is a git checkout, as the course source is. The learner's file, and their notebook of the
exercise if there is one, go to `.grade/backups/<exercise>-<UTC time>.<suffix>` first; the notebook
is moved there, not copied, so that it is the restored stub that gets graded.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from grader.course import Course, Exercise
from grader.errors import CourseError

STUBS_DIR = ".stubs"
BACKUPS_DIR = "backups"


class ResetError(CourseError):
    """The stub cannot be found or written, or the learner's work cannot be backed up."""


def pristine_stub(course: Course, exercise: Exercise) -> str:
    """The text of the exercise's untouched stub."""
    copy = course.root / STUBS_DIR / Path(exercise.file).name
    if copy.is_file():
        try:
            return copy.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ResetError(f"cannot read the untouched copy {STUBS_DIR}/{copy.name}: {exc}") from None
    text = _from_git(course, exercise.file)
    if text is not None:
        return text
    raise ResetError(
        f"no untouched copy of {exercise.file} here: the course folder has no {STUBS_DIR}/{copy.name} "
        f"(a copy made by `grade release` has one) and is not a git checkout that holds it; "
        "ask your instructor for the file"
    )


def _from_git(course: Course, relative: str) -> str | None:
    try:
        done = subprocess.run(["git", "show", f"HEAD:./{relative}"], cwd=course.root, capture_output=True,
                              timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):  # no git, or it hung
        return None
    if done.returncode != 0:
        return None
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass
class ResetReport:
    exercise: Exercise
    restored: str                                            # the file rewritten, relative to the root
    backups: list[tuple[str, Path]] = field(default_factory=list)  # (what it was, where it is now)
    unchanged: bool = False                                  # it already was the untouched stub


def _timestamp(now: datetime | None) -> str:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _backup_path(folder: Path, stem: str, suffix: str) -> Path:
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def is_pristine(course: Course, exercise: Exercise, stub: str) -> bool:
    """True when the learner's file is the stub and there is no notebook of the exercise."""
    from grader.notebook import notebook_path

    try:
        mine = course.path(exercise.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return mine == stub and not course.path(notebook_path(exercise)).exists()


def reset_exercise(course: Course, name: str, now: datetime | None = None) -> ResetReport:
    """Back up the learner's file (and notebook) of exercise `name`, then write the untouched stub."""
    from grader.notebook import notebook_path

    exercise = course.catalog.exercise(name)
    stub = pristine_stub(course, exercise)
    report = ResetReport(exercise, exercise.file)
    if is_pristine(course, exercise, stub):
        report.unchanged = True
        return report
    folder = course.state_dir / BACKUPS_DIR
    stem = f"{exercise.id}-{_timestamp(now)}"
    target = course.path(exercise.file)
    notebook = course.path(notebook_path(exercise))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if target.exists():
            backup = _backup_path(folder, stem, target.suffix)
            shutil.copy2(target, backup)
            report.backups.append((exercise.file, backup))
        if notebook.exists():
            backup = _backup_path(folder, stem, notebook.suffix)
            shutil.move(notebook, backup)
            report.backups.append((notebook_path(exercise), backup))
    except OSError as exc:
        raise ResetError(f"cannot back up your work to {folder}: {exc.strerror or exc} (nothing was changed)") from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and not os.access(target, os.W_OK):
            target.chmod(target.stat().st_mode | stat.S_IWUSR)
        target.write_text(stub, encoding="utf-8")
    except OSError as exc:
        raise ResetError(f"cannot write {exercise.file}: {exc.strerror or exc} (your work is in {folder})") from None
    return report


def render_reset(course: Course, report: ResetReport) -> str:
    ex = report.exercise
    if report.unchanged:
        return f"{report.restored} is already the untouched stub: nothing to reset."
    lines = [f"Restored the untouched {report.restored}."]
    for what, where in report.backups:
        lines.append(f"Your {what} is kept in {where.relative_to(course.root).as_posix()}.")
    if any(what.endswith(".ipynb") for what, _ in report.backups):
        lines.append(f"`grade notebook {ex.id}` writes a fresh notebook if you want one.")
    lines.append(f"Start again with `grade {ex.id}`.")
    return "\n".join(lines)


# --- releases ------------------------------------------------------------------------------------


def write_stub_copies(course: Course, outdir: Path) -> list[str]:
    """Read-only copies of the exercise files as shipped in `outdir` (a release), in outdir/.stubs/.

    Returns the paths written, relative to outdir."""
    written = []
    for exercise in course.catalog.exercises:
        source = Path(outdir) / exercise.file
        if not source.is_file():
            continue
        target = Path(outdir) / STUBS_DIR / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.chmod(stat.S_IRUSR | stat.S_IWUSR)
        shutil.copyfile(source, target)
        target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        written.append(target.relative_to(outdir).as_posix())
    return written
