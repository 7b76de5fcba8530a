"""`grade` with no arguments: where the learner stands and the exact command to run next.

The course's steps are its items in course order (reports.course_items: a session's exercises,
then its quiz). An exercise is done at full marks; a quiz once passed (its pass mark). The next
step is the first one not done; the current exercise (the one `grade watch` follows) is the first
exercise without full marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.course import Course, Exercise, read_yaml
from grader.errors import CourseError
from grader.gradebook import Gradebook, current_learner
from grader.reports import Item, Scores, course_items, format_points
from grader.terminal import Painter

DONE, IN_PROGRESS, NOT_STARTED = "done", "in progress", "not started"
PASSED, NOT_PASSED, NOT_TAKEN = "passed", "not passed", "not taken"


@dataclass(frozen=True)
class Step:
    """One exercise or quiz with the learner's standing on it."""

    item: Item
    attempts: int
    best: float | None
    max_score: float | None
    done: bool

    @property
    def status(self) -> str:
        if self.item.kind == "exercise":
            return DONE if self.done else IN_PROGRESS if self.attempts else NOT_STARTED
        return PASSED if self.done else NOT_PASSED if self.attempts else NOT_TAKEN


@dataclass(frozen=True)
class Status:
    title: str
    learner: str
    session_titles: dict[str, str]
    steps: tuple[Step, ...]
    warning: str = ""  # the gradebook could not be read: every step shows as not started

    @property
    def next_step(self) -> Step | None:
        return next((s for s in self.steps if not s.done), None)

    def of_kind(self, kind: str) -> list[Step]:
        return [s for s in self.steps if s.item.kind == kind]


def _scores(course: Course) -> tuple[Scores | None, str]:
    try:
        with Gradebook.open(course) as gradebook:
            return Scores(gradebook), ""
    except CourseError as exc:
        return None, f"the gradebook cannot be read ({exc})"


def _pass_mark(course: Course, session: str) -> float:
    """The quiz's pass mark (fraction of its max score); 1.0 when the quiz file does not say."""
    try:
        data = read_yaml(course.quiz_path(session))
        mark = data.get("pass_mark") if isinstance(data, dict) else None
    except CourseError:
        return 1.0
    return float(mark) if isinstance(mark, (int, float)) and 0 < mark <= 1 else 1.0


def learner_status(course: Course, learner: str | None = None) -> Status:
    learner = learner or current_learner()
    scores, warning = _scores(course)
    steps = []
    for item in course_items(course):
        if scores is None:
            steps.append(Step(item, 0, None, item.max_score, False))
            continue
        progress = scores.item_progress(item, learner)
        best, max_score = progress.best, progress.max_score
        if best is None or max_score is None:
            done = False
        elif item.kind == "exercise":
            done = best >= max_score
        else:
            done = best >= _pass_mark(course, item.name) * max_score - 1e-9
        steps.append(Step(item, progress.attempts, best, max_score, done))
    titles = {s.id: s.title for s in course.catalog.sessions}
    return Status(course.catalog.title, learner, titles, tuple(steps), warning)


def current_exercise(course: Course, learner: str | None = None, after: str | None = None) -> Exercise | None:
    """The first exercise in course order without full marks in the gradebook (None when all have them).

    With `after`, the first such exercise that comes after it, else the first one before it."""
    exercises = course.catalog.exercises
    done = {s.item.name for s in learner_status(course, learner).of_kind("exercise") if s.done}
    order = exercises
    if after is not None:
        position = next((i for i, ex in enumerate(exercises) if ex.id == after), -1)
        order = exercises[position + 1:] + exercises[:position + 1]
    return next((ex for ex in order if ex.id not in done and ex.id != after), None)


def exercise_file(course: Course, exercise: Exercise) -> str:
    """The file the learner works in: the notebook when it was saved after the .py file."""
    from grader.notebook import working_notebook

    return working_notebook(course, exercise) or exercise.file


def next_command(course: Course, step: Step | None) -> str:
    if step is None:
        return "Every exercise has full marks and every quiz is passed: the course is done. Well done!"
    if step.item.kind == "quiz":
        return f"Next: `grade quiz {step.item.name}`"
    exercise = course.catalog.exercise(step.item.name)
    return f"Next: open {exercise_file(course, exercise)} and run `grade {exercise.id}`"


# --- rendering ---------------------------------------------------------------------------------

_COLOUR = {DONE: "green", PASSED: "green", IN_PROGRESS: "yellow", NOT_PASSED: "yellow"}


def _score(step: Step) -> str:
    if step.best is None:
        return "-" if step.max_score is None else f"- / {format_points(step.max_score)}"
    return f"{format_points(step.best)} / {format_points(step.max_score)}"


def render_status(course: Course, status: Status, color: bool = False) -> str:
    paint = Painter(color)
    lines = [paint(f"{status.title}: where {status.learner} stands", bold=True), ""]
    if status.warning:
        lines += [f"Warning: {status.warning}.", ""]
    steps = status.steps
    if not steps:
        return "\n".join(lines + ["This course has no exercises or quizzes yet."])
    here = status.next_step
    label_w = max(len(s.item.label) for s in steps)
    title_w = max(len(s.item.title) for s in steps)
    score_w = max(len(_score(s)) for s in steps)
    status_w = max(len(s.status) for s in steps)
    session = None
    for step in steps:
        if step.item.session != session:
            session = step.item.session
            lines.append(paint(f"{session}  {status.session_titles.get(session, '')}".rstrip(), bold=True))
        mark = paint(f"{step.status:<{status_w}}", fg=_COLOUR.get(step.status), dim=step.status in (NOT_STARTED, NOT_TAKEN))
        row = f"  {mark}  {step.item.label:<{label_w}}  {step.item.title:<{title_w}}  {_score(step):>{score_w}}"
        if step is here:
            row += "  " + paint("<- you are here", fg="cyan", bold=True)
        lines.append(row.rstrip())
    exercises, quizzes = status.of_kind("exercise"), status.of_kind("quiz")
    started = sum(s.status == IN_PROGRESS for s in exercises)
    summary = f"Exercises: {sum(s.done for s in exercises)} of {len(exercises)} done"
    summary += f", {started} in progress." if started else "."
    if quizzes:
        summary += f" Quizzes: {sum(s.done for s in quizzes)} of {len(quizzes)} passed."
    lines += ["", summary, "", paint(next_command(course, here), bold=True)]
    if here is not None and here.item.kind == "exercise":
        lines.append(f"  Stuck? `grade hint {here.item.name}`. `grade watch` re-grades it each time you save.")
    return "\n".join(lines)


def status_text(course: Course, learner: str | None = None, color: bool = False) -> str:
    return render_status(course, learner_status(course, learner), color=color)
