"""`grade hint exerciseN`: the catalog's hints, one more each time they are asked for.

The hints an exercise has are in the catalog (`hints:` in course.yaml), easiest first. The
gradebook remembers which ones a learner has seen (`record_hint`, `hints_used`), so asking
again shows every hint unlocked so far plus the next one, until all are shown.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from grader.course import Course, Exercise
from grader.errors import CourseError
from grader.gradebook import Gradebook
from grader.terminal import Painter

WIDTH = 88


@dataclass(frozen=True)
class Hints:
    exercise: Exercise
    unlocked: int        # how many of the exercise's hints the learner has now seen
    new: bool            # whether this request unlocked one
    warning: str = ""    # the gradebook could not remember this request

    @property
    def total(self) -> int:
        return len(self.exercise.hints)

    @property
    def shown(self) -> tuple[str, ...]:
        return self.exercise.hints[: self.unlocked]

    @property
    def all_shown(self) -> bool:
        return self.unlocked >= self.total


def next_hint(course: Course, name: str, learner: str | None = None) -> Hints:
    """Unlock the learner's next hint of exercise `name` (if one is left) and return what they may see."""
    exercise = course.catalog.exercise(name)
    total = len(exercise.hints)
    try:
        with Gradebook.open(course) as gradebook:
            seen = min(gradebook.hints_used(name, learner), total)
            if seen < total:
                gradebook.record_hint(name, seen, learner)
                return Hints(exercise, seen + 1, new=True)
            return Hints(exercise, seen, new=False)
    except CourseError as exc:
        # Without a gradebook the hints are still worth showing: the first one, each time.
        return Hints(exercise, min(1, total), new=bool(total),
                     warning=f"hints cannot be remembered, so only the first is shown: {exc}")


def render_hints(hints: Hints, color: bool = False) -> str:
    paint = Painter(color)
    ex = hints.exercise
    if not hints.total:
        return (f"{ex.id} has no hints. The docstrings in {ex.file} give every argument's shape and the idea "
                f"of each function, and `grade {ex.id}` says what is still wrong.")
    lines = [paint(f"{ex.id}: {ex.title}", bold=True), ""]
    for number, text in enumerate(hints.shown, start=1):
        heading = f"Hint {number} of {hints.total}"
        latest = hints.new and number == hints.unlocked
        lines.append(paint(heading + (" (new)" if latest else ""), fg="cyan" if latest else None, bold=latest))
        lines += textwrap.wrap(text, WIDTH, initial_indent="  ", subsequent_indent="  ",
                               break_long_words=False, break_on_hyphens=False)
        lines.append("")
    if hints.all_shown:
        closing = (f"That was the last hint: all {hints.total} are shown. The docstrings in {ex.file} and the "
                   f"README's learner's guide say the rest; `grade {ex.id}` shows which checks still fail and why.")
    else:
        left = hints.total - hints.unlocked
        closing = f"{left} more hint{'s' if left > 1 else ''}: run `grade hint {ex.id}` again for the next one."
    lines += textwrap.wrap(closing, WIDTH, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines)
