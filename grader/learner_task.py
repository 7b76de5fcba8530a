"""One learner's folder of a class, graded: the unit of work of `grade batch`.

    plan   = discover(course, learner_dir)         # which files are exercises, quizzes, ignored
    result = grade_learner(course_root, learner_dir, options)

`grade_learner` is a pure function of the course files, the learner's folder and JSON options:
it reads, grades in the sandbox and returns plain JSON; it writes nothing (no gradebook, no
output files), so the caller records. `grade batch` runs it in its grading processes; a
distributed engine can run it unchanged on another machine (docs/batch.md).

A learner's folder holds `exerciseN.py` or `exerciseN.ipynb` files and quiz answer files
`sessionK.yaml` (a mapping from question id to answer, as `grade quiz --answers` reads). A file
that cannot be read (not UTF-8, binary, an invalid notebook or answers file) is still graded: it
scores 0 and its result says why, so every learner has a row.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from grader.course import Course
from grader.errors import CourseError

EXERCISE, QUIZ = "exercise", "quiz"
_EXERCISE_FILE = re.compile(r"^(exercise\d+)\.(py|ipynb)$")
_QUIZ_FILE = re.compile(r"^(session\d+)\.yaml$")
_NEAR_MISS = re.compile(r"^(exercise|session)0*(\d+)")
# Editors', notebooks' and operating systems' own files are skipped without a word.
_NOISE = {"__pycache__", ".ipynb_checkpoints", "Thumbs.db", "desktop.ini"}

DEFAULT_OPTIONS = {
    "timeout": None,       # seconds per exercise; None: the catalog's time limit
    "memory_mib": None,    # memory limit of the learner's code; None: the sandbox's default
    "public_only": False,  # True: skip the hidden cases
    "quiz_seed": 0,        # the variant of the quizzes' parameterised questions, the same for the class
    "skip": {},            # item key -> hash: items whose file still has this hash are not graded again
}


@dataclass(frozen=True)
class Item:
    """One file of the learner's that this course grades."""

    kind: str   # "exercise" or "quiz"
    name: str   # "exercise3" or "session2"
    file: str   # its name in the learner's folder

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.name}"


@dataclass
class Plan:
    """What a learner's folder holds, before anything is graded."""

    learner: str
    items: list[Item] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)    # files and folders this course does not grade
    problems: list[str] = field(default_factory=list)   # what is wrong with the folder as a whole


def discover(course: Course, learner_dir) -> Plan:
    folder = Path(learner_dir)
    plan = Plan(folder.name)
    exercises = {e.id for e in course.catalog.exercises}
    quizzes = {s.id for s in course.catalog.sessions if course.quiz_path(s.id).is_file()}
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith(".") and p.name not in _NOISE)
    found: dict[str, list[str]] = {}
    for name in names:
        path = folder / name
        exercise, quiz = _EXERCISE_FILE.match(name), _QUIZ_FILE.match(name)
        if path.is_file() and exercise and exercise.group(1) in exercises:
            found.setdefault(exercise.group(1), []).append(name)
        elif path.is_file() and quiz and quiz.group(1) in quizzes:
            plan.items.append(Item(QUIZ, quiz.group(1), name))
        else:
            plan.ignored.append(name + ("/" if path.is_dir() else ""))
            if hint := _rename_hint(name, exercises, quizzes, is_file=path.is_file()):
                plan.problems.append(hint)
    for exercise in exercises:
        files = sorted(found.get(exercise, []), key=lambda n: not n.endswith(".py"))
        if files:
            plan.items.append(Item(EXERCISE, exercise, files[0]))
        if len(files) > 1:  # both a .py file and a notebook: the .py file is graded
            plan.ignored.append(files[1])
            plan.problems.append(f"both {files[0]} and {files[1]} are here: {files[0]} was graded.")
    order = {e.id: i for i, e in enumerate(course.catalog.exercises)}
    plan.items.sort(key=lambda i: (i.kind != EXERCISE, order.get(i.name, 0), i.name))
    if not names:
        plan.problems.append("the folder is empty: there is nothing to grade.")
    elif not plan.items:
        plan.problems.append("no file to grade: expected files named like exercise1.py, exercise1.ipynb "
                             "or session1.yaml.")
    return plan


def _rename_hint(name: str, exercises: set[str], quizzes: set[str], is_file: bool) -> str:
    """For a file that looks like an exercise or quiz under the wrong name: what to call it."""
    stem, _, suffix = name.lower().rpartition(".")
    match = _NEAR_MISS.match(re.sub(r"[^a-z0-9]", "", stem))
    if not is_file or not match:
        return ""
    wanted = f"{match.group(1)}{match.group(2)}"
    if wanted in exercises and suffix in ("py", "ipynb"):
        return f"{name} was not graded: name it {wanted}.{suffix}."
    if wanted in quizzes and suffix in ("yaml", "yml"):
        return f"{name} was not graded: name it {wanted}.yaml."
    if wanted not in exercises | quizzes and suffix in ("py", "ipynb", "yaml", "yml"):
        return f"{name} was not graded: this course has no {wanted}."
    return ""


# --- reading one file ---------------------------------------------------------------------------


@dataclass
class Submission:
    text: str | None   # the code (a notebook's graded cells) or the answers file; None if unreadable
    hash: str          # what a regrade is decided on: the code's hash, or the raw bytes' when unreadable
    error: str = ""    # why it cannot be graded


def read_item(course: Course, learner_dir, item: Item, quiz_seed: int = 0) -> Submission:
    from grader.engine import decode_source, submission_hash
    from grader.errors import SubmissionError

    path = Path(learner_dir) / item.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Submission(None, "", f"cannot read {item.file}: {exc.strerror or exc}")
    raw_hash = hashlib.sha256(data).hexdigest()
    if item.kind == QUIZ:  # the same answers mean something else in another variant
        return Submission(data.decode("utf-8", "replace"),
                          hashlib.sha256(f"quiz seed {quiz_seed}\n".encode() + data).hexdigest())
    if item.file.endswith(".ipynb"):
        from grader.notebook import notebook_source

        try:
            source = notebook_source(path, item.file)
        except SubmissionError as exc:
            return Submission(None, raw_hash, str(exc))
        return Submission(source, submission_hash(str(source)))
    if b"\0" in data:
        return Submission(None, raw_hash, f"cannot grade {item.file}: it holds binary data, not Python code "
                                          "(is it the right file?)")
    try:
        source = decode_source(data, item.file)
    except SubmissionError as exc:
        return Submission(None, raw_hash, str(exc))
    return Submission(source, submission_hash(source))


# --- grading ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _course(root: str) -> Course:
    return Course(Path(root))  # its catalog is read once per process


def grade_learner(course_root, learner_dir, options: dict | None = None, *, worker_factory=None,
                  on_item=None) -> dict:
    """Grade every file of one learner's folder; returns plain JSON and writes nothing.

    `options`: see DEFAULT_OPTIONS. `worker_factory(limits)` starts the sandboxed worker of each
    exercise (default: a new grader.sandbox.Worker each time). `on_item(item_result)` is called as
    soon as each file is graded, so a caller can record it at once.

    Returns {"learner", "ignored", "problems", "items": [item result, ...]}, where an item result
    is {"kind", "name", "file", "hash", "status", "error", "result", "feedback", "seconds"}:
    status "graded" (result: the COURSE.md results object, feedback: the text `grade exerciseN`
    or `grade quiz` shows), "unchanged" (its hash is in options["skip"]: not graded again) or
    "failed" (the platform could not grade it: error says why; nothing to record).
    """
    options = {**DEFAULT_OPTIONS, **(options or {})}
    course = _course(str(Path(course_root).resolve()))
    plan = discover(course, learner_dir)
    items = []
    for item in plan.items:
        outcome = _grade_item(course, Path(learner_dir), item, options, worker_factory)
        items.append(outcome)
        if on_item is not None:
            on_item(outcome)
    return {"learner": plan.learner, "ignored": plan.ignored, "problems": plan.problems, "items": items}


def _grade_item(course: Course, learner_dir: Path, item: Item, options: dict, worker_factory) -> dict:
    started = time.perf_counter()
    outcome = {**asdict(item), "hash": "", "status": "failed", "error": "", "result": None, "feedback": None}
    try:
        submission = read_item(course, learner_dir, item, options["quiz_seed"])
        outcome["hash"], outcome["error"] = submission.hash, submission.error
        if not submission.hash:  # not even its bytes could be read: nothing to record
            outcome["status"] = "failed"
        elif options["skip"].get(item.key) == submission.hash:
            outcome["status"] = "unchanged"
        elif item.kind == EXERCISE:
            result, outcome["feedback"] = _grade_exercise(course, item, submission, options, worker_factory)
            outcome["result"], outcome["status"] = result, "graded"
        else:
            result, outcome["feedback"], problem = _grade_quiz(course, learner_dir, item, options)
            outcome["result"], outcome["status"], outcome["error"] = result, "graded", problem
    except (CourseError, OSError) as exc:  # the course's own files (a quiz, a fixture) are broken
        outcome["status"], outcome["error"] = "failed", f"{item.file} could not be graded: {exc}"
    except Exception as exc:  # a bug of the platform: this file fails, the others are graded
        where = traceback.extract_tb(exc.__traceback__)[-1]
        outcome["status"] = "failed"
        outcome["error"] = (f"{item.file} could not be graded: internal error {type(exc).__name__}: {exc} "
                            f"({Path(where.filename).name}:{where.lineno})")
    outcome["seconds"] = round(time.perf_counter() - started, 4)
    return outcome


def _grade_exercise(course: Course, item: Item, submission: Submission, options: dict, worker_factory):
    from grader.engine import grade_source
    from grader.feedback import render_text
    from grader.sandbox import MiB, Limits

    exercise = course.catalog.exercise(item.name)
    limits = Limits(time=options["timeout"] or exercise.time_limit)
    if options["memory_mib"]:
        limits = Limits(time=limits.time, memory=options["memory_mib"] * MiB)
    if submission.text is None:
        result = _unreadable(exercise, item, submission)
    else:
        hidden = False if options["public_only"] else None
        result = grade_source(course, exercise, submission.text, item.file, limits, hidden, shown=item.file,
                              worker_factory=worker_factory)
    return result.to_json(), render_text(result)


def _unreadable(exercise, item: Item, submission: Submission):
    """The result of a file that cannot be graded at all: every check an error that says why."""
    from grader.results import CheckResult, ExerciseResult

    checks = [CheckResult(c.id, c.name, c.points, "error", submission.error) for c in exercise.checks]
    return ExerciseResult(exercise=exercise.id, title=exercise.title, submission=item.file, checks=checks,
                          summary=submission.error, submission_sha256=submission.hash)


def _grade_quiz(course: Course, learner_dir: Path, item: Item, options: dict):
    from grader import quiz

    variant = quiz.make_variant(quiz.find_quiz(course, item.name), options["quiz_seed"])
    path = learner_dir / item.file
    try:
        answers = quiz.read_answers(path, variant)
        problem = ""
    except quiz.AnswersError as exc:  # unreadable answers score as unanswered, and say why
        answers, problem = {}, str(exc).replace(str(path), item.file)
    result = quiz.grade_answers(variant, answers)
    text = quiz.render_result(result)
    if problem:
        text = f"Your answers could not be read, so every question counts as unanswered:\n  {problem}\n\n{text}"
    return result.to_json(), text, problem
