"""`grade watch [exerciseN]`: grade the exercise the learner is on each time its file is saved.

It follows one exercise (the one named, else the first without full marks), grades it at once and
again whenever its .py file or its notebook changes (file times polled every 0.3 s: no extra
dependency), and moves on to the next exercise without full marks when it earns them. Grading is
`grade exerciseN`'s: the same library call, the same sandbox, the attempt recorded in the gradebook.
Ctrl-C stops it (a Ctrl-C while grading lets that grading finish first, unless pressed twice).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable

import click

from grader.course import Course, Exercise
from grader.errors import CourseError
from grader.status import current_exercise, exercise_file, learner_status, next_command

INTERVAL = 0.3


class _Interrupts:
    """SIGINT stops the watch at once when idle; while grading, it is noted and acted on afterwards."""

    def __init__(self):
        self.busy = False
        self.requested = False
        self._previous = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc_info):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum, frame):
        if self.busy and not self.requested:
            self.requested = True
            return
        raise KeyboardInterrupt


def _shown(course: Course, relative: str) -> str:
    """A course file's path as the learner can type it from where they are."""
    path = course.path(relative)
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def _signature(course: Course, exercise: Exercise):
    """What changes when the learner saves: the size and time of the .py file and of the notebook."""
    from grader.notebook import notebook_path

    found = []
    for relative in (exercise.file, notebook_path(exercise)):
        try:
            stat = course.path(relative).stat()
            found.append((stat.st_mtime_ns, stat.st_size))
        except OSError:
            found.append(None)
    return tuple(found)


class Watcher:
    def __init__(self, course: Course, *, echo: Callable[[str], None] = click.echo, clear: bool = False,
                 color: bool = False, interval: float = INTERVAL, learner: str | None = None,
                 time_limit: float | None = None):
        self.course, self.echo, self.clear, self.color = course, echo, clear, color
        self.interval, self.learner, self.time_limit = interval, learner, time_limit
        self.interrupts = _Interrupts()
        self.shown = 0  # results shown so far

    def run(self, name: str | None = None) -> None:
        """Watch until every exercise has full marks or Ctrl-C."""
        exercise = self.course.catalog.exercise(name) if name else current_exercise(self.course, self.learner)
        if exercise is None:
            self.echo("Every exercise already has full marks: there is nothing to watch.")
            self.echo(next_command(self.course, learner_status(self.course, self.learner).next_step))
            return
        banner = ""
        try:
            with self.interrupts:
                while exercise is not None:
                    saved = _signature(self.course, exercise)
                    if self._grade_and_show(exercise, banner):
                        exercise, banner = self._move_on(exercise)
                        continue
                    banner = ""
                    self._wait_for_change(exercise, saved)
        except KeyboardInterrupt:
            self.echo(("\n" if self.clear else "") + "Stopped watching.")

    def _grade_and_show(self, exercise: Exercise, banner: str) -> bool:
        """Grade the exercise once and show the result; True when it has full marks."""
        from grader.engine import grade_exercise, record_attempt
        from grader.feedback import render_text

        self.interrupts.busy = True
        warning, full_marks = "", False
        try:
            try:
                result = grade_exercise(self.course, exercise.id, time_limit=self.time_limit)
            except CourseError as exc:
                text = f"grade: {exc}"
            else:
                warning = record_attempt(self.course, result, self.learner)
                text = render_text(result, color=self.color)
                full_marks = result.full_marks
        finally:
            self.interrupts.busy = False
        if self.interrupts.requested:
            raise KeyboardInterrupt
        if self.clear:
            click.clear()
        elif self.shown:  # the screen is not cleared: set each result apart from the one before
            self.echo("\n" + "=" * 72 + "\n")
        self.shown += 1
        if banner:
            self.echo(banner + "\n")
        self.echo(text)
        if warning:
            self.echo(f"grade: warning: {warning}")
        if not full_marks:
            self.echo(f"\nWatching {_shown(self.course, exercise_file(self.course, exercise))}: save it to grade again. "
                      f"`grade hint {exercise.id}` gives a hint; Ctrl-C stops.")
        return full_marks

    def _move_on(self, done: Exercise) -> tuple[Exercise | None, str]:
        upcoming = current_exercise(self.course, self.learner, after=done.id)
        quiz = self._quiz_unlocked(done)
        if upcoming is None:
            self.echo(f"\n{done.id} has full marks, and so has every exercise: nothing left to watch.")
            self.echo(next_command(self.course, learner_status(self.course, self.learner).next_step))
            return None, ""
        file = _shown(self.course, exercise_file(self.course, upcoming))
        lines = [f"{done.id} has full marks. Moving on to {upcoming.id}: {upcoming.title}.",
                 f"Open {file} in your editor (or `cat {file}` to read it here)."]
        if quiz:
            lines.append(f"Every exercise of {done.session} is done: take its quiz with `grade quiz {done.session}`.")
        banner = "\n".join(lines)
        if not self.clear:  # the screen is not cleared: say it now, before the next result
            self.echo("\n" + banner)
            banner = ""
        return upcoming, banner

    def _quiz_unlocked(self, done: Exercise) -> bool:
        steps = [s for s in learner_status(self.course, self.learner).steps if s.item.session == done.session]
        exercises_done = all(s.done for s in steps if s.item.kind == "exercise")
        return exercises_done and any(s.item.kind == "quiz" and not s.done for s in steps)

    def _wait_for_change(self, exercise: Exercise, saved) -> None:
        while True:
            time.sleep(self.interval)
            now = _signature(self.course, exercise)
            if now == saved:
                continue
            # Let an editor finish writing: wait until two polls agree.
            while True:
                time.sleep(self.interval)
                settled = _signature(self.course, exercise)
                if settled == now:
                    return
                now = settled


def watch(course: Course, name: str | None = None, **options) -> None:
    Watcher(course, **options).run(name)
