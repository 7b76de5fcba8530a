"""Grades one submission of one exercise.

The grader's checks are pytest tests (graders/test_exerciseN.py) run in this, the trusted,
process. They reach the learner's code only through the `learner` fixture, which forwards each
call to a worker process (grader.sandbox) and gets plain data back; the `cases` fixture holds
the inputs and expected values read from the fixtures. A check earns its points only if this
process saw it run and pass.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

from grader import feedback
from grader.course import Course, Exercise
from grader.errors import SubmissionError
from grader.results import CheckResult, ExerciseResult
from grader.sandbox import Limits, Worker, WorkerCrashed, WorkerTimeout, format_bytes, isolation_note


class LearnerError(Exception):
    """The learner's code could not answer: it raised, is missing a function, or did not load."""

    def __init__(self, message: str, kind: str = "exception"):
        super().__init__(message)
        self.kind = kind


class LearnerTimeout(Exception):
    pass


class Learner:
    """The submission as a grader sees it. `learner.call("sigmoid", z)` runs in the worker.

    `worker_factory(limits)` starts the worker (default: a new `Worker`; `grade batch` passes a
    grader.pool.WorkerPool, whose workers are forked from a pre-warmed server)."""

    def __init__(self, source: str, filename: str, module_name: str, limits: Limits, worker_factory=None):
        self.source, self.filename, self.module_name = source, filename, module_name
        self.worker_factory = worker_factory or Worker
        self.where = getattr(source, "where", None)  # a notebook's code names its cells: "cell 3, line 2"
        self.limits = limits
        self.deadline = time.monotonic() + limits.time
        self.worker: Worker | None = None
        self.load_error: str | None = None
        self.load_kind: str | None = None
        self.functions: list[str] = []
        self.hung: set[str] = set()
        self.printed = ""          # what the submission printed while it was imported
        self.last_printed = ""     # what the last call printed
        self.not_started: set[str] = set()

    # The worker is started as early as possible: it imports numpy while pytest gets ready.
    def start(self):
        if self.worker is None:
            self.worker = self.worker_factory(self.limits)

    def _ensure_loaded(self, function: str):
        if self.load_error:
            raise LearnerError(self.load_error, self.load_kind or "load")
        if function in self.hung:
            raise LearnerTimeout(f"`{function}` did not return within the time limit earlier in this run.")
        if self.worker is not None and not self.worker.closed and self.functions:
            return
        if time.monotonic() >= self.deadline:
            raise LearnerTimeout(f"Not run: the {self.limits.time:g} s time limit for this exercise was used up.")
        self.start()
        try:
            reply = self.worker.request(
                {"op": "load", "source": str(self.source), "filename": self.filename, "module": self.module_name},
                self.deadline,
            )
        except WorkerTimeout:
            self.load_error = (f"{self.filename} did not finish loading within {self.limits.time:g} s: "
                               "is there a loop or a long computation outside the functions?")
            self.load_kind = "timeout"
            raise LearnerTimeout(self.load_error) from None
        except WorkerCrashed as exc:
            self.load_error = f"{self.filename} could not be loaded: {exc}."
            self.load_kind = "crash"
            raise LearnerError(self.load_error, "crash") from None
        self.printed = reply.get("stdout", "")
        if not reply.get("ok"):
            self.load_error = feedback.explain_load_error(reply.get("error", {}), self.filename, where=self.where)
            self.load_kind = reply.get("error", {}).get("kind", "load")
            raise LearnerError(self.load_error, self.load_kind)
        self.functions = list(reply.get("functions", []))

    def _request(self, function, args, kwargs, return_args):
        self._ensure_loaded(function)
        try:
            reply = self.worker.request(
                {"op": "call", "function": function, "args": list(args), "kwargs": dict(kwargs),
                 "return_args": return_args},
                self.deadline,
            )
        except WorkerTimeout:
            self.hung.add(function)
            self.worker.close()
            raise LearnerTimeout(
                f"`{function}` did not return within the {self.limits.time:g} s time limit: "
                "look for a loop that never ends (a while loop whose condition never changes?)."
            ) from None
        except WorkerCrashed as exc:
            self.worker.close()
            raise LearnerError(f"Calling `{function}` stopped the program: {exc}.", "crash") from None
        self.last_printed = reply.get("stdout", "")
        if not reply.get("ok"):
            error = reply.get("error", {})
            if error.get("kind") == "not_implemented":
                self.not_started.add(function)
            raise LearnerError(feedback.explain_call_error(error, function, self.filename, self.functions,
                                                           where=self.where,
                                                           memory_limit=format_bytes(self.limits.memory)),
                               error.get("kind", "exception"))
        return reply

    def call(self, function: str, *args, **kwargs):
        """Call the learner's `function` on plain data; returns plain data."""
        return self._request(function, args, kwargs, False)["value"]

    def call_checked(self, function: str, *args, **kwargs):
        """Like call, and also returns the arguments as the function left them (to catch in-place changes)."""
        reply = self._request(function, args, kwargs, True)
        return reply["value"], tuple(reply.get("args_after", ())), dict(reply.get("kwargs_after", {}))

    def run(self, case):
        """Call the case's function on the case's inputs."""
        return self.call(case.function, *case.args, **case.kwargs)

    def close(self):
        if self.worker is not None:
            self.worker.close()


# --- reading the submission ------------------------------------------------------------------


def read_submission(course: Course, exercise: Exercise, submission: str | None) -> tuple[str, Path]:
    """The submission's source text and path. Problems reading it are exit-2 errors, not grades."""
    path = Path(submission) if submission else course.path(exercise.file)
    shown = submission or exercise.file
    if not submission and path.with_suffix(".ipynb").exists():
        from grader.notebook import working_notebook  # compares the two files' times, imports no nbformat

        if notebook := working_notebook(course, exercise):
            path, shown = course.path(notebook), notebook
    if not path.exists():
        hint = "" if submission else f" (get the untouched exercise back with `grade reset {exercise.id}`)"
        raise SubmissionError(f"no submission to grade: {shown} does not exist{hint}")
    if path.is_dir():
        raise SubmissionError(f"cannot grade {shown}: it is a folder, not a .py file")
    if path.suffix == ".ipynb":
        from grader.notebook import notebook_source

        return notebook_source(path, shown), path
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"cannot read {shown}: {exc.strerror or exc}") from None
    return decode_source(data, shown), path


def decode_source(data: bytes, shown: str) -> str:
    """A submission's bytes as source text (a UTF-8 byte-order mark is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError(f"cannot grade {shown}: it is not UTF-8 text (is it the right file?)") from None


def submission_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


# --- running the checks --------------------------------------------------------------------


def grade_exercise(course: Course, name: str, submission: str | None = None, time_limit: float | None = None,
                   hidden: bool | None = None, limits: Limits | None = None) -> ExerciseResult:
    exercise = course.catalog.exercise(name)
    source, path = read_submission(course, exercise, submission)
    limits = limits or Limits()
    limits = Limits(**{**limits.__dict__, "time": time_limit or exercise.time_limit})
    return grade_source(course, exercise, source, path.name, limits, hidden,
                        shown=submission or path.relative_to(course.root).as_posix())


def grade_source(course: Course, exercise: Exercise, source: str, filename: str, limits: Limits,
                 hidden: bool | None = None, shown: str | None = None, worker_factory=None) -> ExerciseResult:
    """Grade `source` (the text of a submission named `filename`); `shown` is the path the learner knows."""
    from grader.fixtures import load_casebook

    learner = Learner(source, filename, exercise.id, limits, worker_factory)
    if source.strip():
        learner.start()
    try:
        casebook = load_casebook(course, exercise, hidden)
        checks = run_grader(course.path(exercise.grader), exercise, learner, casebook)
    finally:
        learner.close()
    result = ExerciseResult(exercise=exercise.id, title=exercise.title, submission=shown or filename, checks=checks,
                            printed=learner.printed, submission_sha256=submission_hash(source))
    feedback.summarise(result, learner, casebook)
    result.notes.append(isolation_note())
    return result


def _focus_plugin(grader_path: Path):
    """A plugin that keeps pytest's work to the grader: it collects no file but the grader (pytest
    otherwise looks at every file beside it), and it formats no traceback for the reports (pytest
    parses the grader's source for every frame of a failure; a check's result comes from the
    exception itself, not from the report). Both cost milliseconds per check run."""
    import pytest

    keep = {str(p) for path in (grader_path, grader_path.resolve()) for p in (path, *path.parents)}

    class Focus:
        @pytest.hookimpl(tryfirst=True)
        def pytest_ignore_collect(self, collection_path):
            return None if str(collection_path) in keep else True

        def pytest_configure(self, config):
            config.option.tbstyle = "no"

    return Focus()


def run_grader(grader_path: Path, exercise: Exercise, learner: Learner, casebook) -> list[CheckResult]:
    import pytest

    from grader.pytest_plugin import GradingPlugin

    plugin = GradingPlugin(exercise, learner, casebook)
    if not grader_path.is_file():
        plugin.fail_all(f"The grader file {grader_path.name} is missing: tell your instructor.")
        return plugin.results()
    args = [str(grader_path), "-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:pastebin",
            "-p", "no:junitxml", "-p", "no:doctest", "-p", "no:legacypath", "--noconftest", "--assert=plain",
            # These two collect garbage around every test phase: half of pytest's cost here, of no use to grading.
            "-p", "no:unraisableexception", "-p", "no:threadexception",
            "--import-mode=importlib", "-s", "--rootdir", str(grader_path.parent), "-c", os.devnull,
            "-W", "ignore"]
    saved = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    # pytest names the grader's module after its file; a module of that name imported earlier in this
    # process (another run, or a test file of the same name) must not stand in for it.
    shadowed = {name: sys.modules.pop(name) for name in list(sys.modules)
                if name == grader_path.stem or name.endswith("." + grader_path.stem)}
    try:
        pytest.main(args, plugins=[plugin, _focus_plugin(grader_path)])
    finally:
        for name in [n for n in sys.modules if n == grader_path.stem or n.endswith("." + grader_path.stem)]:
            del sys.modules[name]
        sys.modules.update(shadowed)
        if saved is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = saved
    return plugin.results()


def record_attempt(course: Course, result: ExerciseResult, learner: str | None = None) -> str | None:
    """Keep the attempt in the course's gradebook. Returns a warning when it could not be recorded:
    the grade itself stands either way, and a gradebook that is not ours is never overwritten."""
    from grader.errors import CourseError
    from grader.gradebook import Gradebook

    try:
        with Gradebook.open(course) as gradebook:
            gradebook.record("exercise", result.exercise, result.to_json(), result.submission_sha256, learner)
    except CourseError as exc:
        return f"this attempt was not recorded in the gradebook: {exc}"
    return None
