"""Progress and score reports, built from the catalog and the gradebook.

The course's items are its exercises and its quizzes (one per session whose
`quizzes/<session>.yaml` exists), grouped by session in course order: a session's
exercises, then its quiz. An exercise's max score comes from the catalog; a quiz's
from the learner's best attempt, else from the latest attempt anyone made (a quiz
nobody has taken has no known max yet: it counts once taken).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from grader.gradebook import Gradebook, current_learner

FORMATS = ("table", "csv", "json")
NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"


@dataclass(frozen=True)
class Item:
    """An exercise or a session's quiz; `name` is the exercise id or the session id."""

    kind: str
    name: str
    title: str
    session: str
    max_score: float | None = None  # from the catalog; None for a quiz

    @property
    def label(self) -> str:
        return self.name if self.kind == "exercise" else f"{self.name} quiz"


def course_items(course) -> list[Item]:
    catalog = course.catalog
    items = []
    for session in catalog.sessions:
        for ex in catalog.exercises:
            if ex.session == session.id:
                items.append(Item("exercise", ex.id, ex.title, session.id, ex.max_score))
        if course.quiz_path(session.id).is_file():
            items.append(Item("quiz", session.id, "Session quiz", session.id))
    return items


@dataclass(frozen=True)
class ItemProgress:
    item: Item
    attempts: int
    best: float | None
    max_score: float | None

    @property
    def status(self) -> str:
        if not self.attempts:
            return NOT_STARTED
        if self.best is not None and self.max_score is not None and self.best >= self.max_score:
            return DONE
        return IN_PROGRESS


@dataclass(frozen=True)
class SessionScore:
    session: str
    title: str
    items: tuple[ItemProgress, ...]

    @property
    def score(self) -> float:
        return sum(p.best or 0.0 for p in self.items)

    @property
    def max_score(self) -> float:
        return sum(p.max_score or 0.0 for p in self.items)


@dataclass(frozen=True)
class LearnerProgress:
    learner: str
    sessions: tuple[SessionScore, ...]

    @property
    def items(self) -> list[ItemProgress]:
        return [p for s in self.sessions for p in s.items]

    @property
    def score(self) -> float:
        return sum(s.score for s in self.sessions)

    @property
    def max_score(self) -> float:
        return sum(s.max_score for s in self.sessions)

    def count(self, status: str) -> int:
        return sum(p.status == status for p in self.items)


class Scores:
    """Every learner's attempt counts and best scores, read from the gradebook in one query."""

    def __init__(self, gradebook: Gradebook):
        self._best: dict[tuple, tuple[float, float]] = {}
        self._count: dict[tuple, int] = {}
        self._latest_max: dict[tuple, float] = {}
        for a in gradebook.attempts(all_learners=True, with_checks=False):  # oldest first
            key = (a.learner, a.kind, a.name)
            self._count[key] = self._count.get(key, 0) + 1
            if key not in self._best or a.score >= self._best[key][0]:
                self._best[key] = (a.score, a.max_score)
            self._latest_max[(a.kind, a.name)] = a.max_score

    def item_progress(self, item: Item, learner: str) -> ItemProgress:
        key = (learner, item.kind, item.name)
        best = self._best.get(key)
        max_score = item.max_score
        if max_score is None:
            max_score = best[1] if best else self._latest_max.get((item.kind, item.name))
        return ItemProgress(item, self._count.get(key, 0), best[0] if best else None, max_score)

    def known_max(self, item: Item) -> float | None:
        return item.max_score if item.max_score is not None else self._latest_max.get((item.kind, item.name))

    def best(self, item: Item, learner: str) -> float | None:
        best = self._best.get((learner, item.kind, item.name))
        return best[0] if best else None


def learner_progress(course, scores: Scores, learner: str, items: list[Item] | None = None) -> LearnerProgress:
    items = course_items(course) if items is None else items
    sessions = []
    for session in course.catalog.sessions:
        mine = tuple(scores.item_progress(i, learner) for i in items if i.session == session.id)
        sessions.append(SessionScore(session.id, session.title, mine))
    return LearnerProgress(learner, tuple(sessions))


# --- `grade list` -------------------------------------------------------------------------


def progress_text(course, learner: str | None = None) -> str:
    """Every exercise and quiz with status, best score and attempts, then an overall line."""
    learner = learner or current_learner()
    with Gradebook.open(course) as gradebook:
        progress = learner_progress(course, Scores(gradebook), learner)
    return render_progress(course.catalog.title, progress)


def render_progress(title: str, progress: LearnerProgress) -> str:
    lines = [f"{title}: progress of {progress.learner}", ""]
    items = progress.items
    if not items:
        return "\n".join(lines + ["This course has no exercises or quizzes yet."])
    label_w = max(len(p.item.label) for p in items)
    title_w = max(len(p.item.title) for p in items)
    score_w = max(len(_fraction(p.best, p.max_score)) for p in items)
    for session in progress.sessions:
        if not session.items:
            continue
        lines.append(f"{session.session}  {session.title}")
        for p in session.items:
            attempts = f"{p.attempts} attempt" + ("" if p.attempts == 1 else "s")
            lines.append(
                f"  {p.item.label:<{label_w}}  {p.item.title:<{title_w}}  {p.status:<11}  "
                f"{_fraction(p.best, p.max_score):>{score_w}}  {attempts}"
            )
    lines += ["", _overall_line(progress)]
    return "\n".join(lines)


def _overall_line(progress: LearnerProgress) -> str:
    done, started = progress.count(DONE), progress.count(IN_PROGRESS)
    line = (
        f"Progress: {done} of {len(progress.items)} done, {started} in progress; "
        f"{format_points(progress.score)} / {format_points(progress.max_score)} points"
    )
    unknown = sum(p.max_score is None for p in progress.items)
    if unknown:
        quizzes = "a quiz" if unknown == 1 else f"{unknown} quizzes"
        line += f" (plus {quizzes} nobody has taken yet)"
    return line + "."


# --- `grade report` -----------------------------------------------------------------------


def report_text(course, fmt: str = "table", learner: str | None = None, all_learners: bool = False) -> str:
    """Scores per session and overall, for one learner (default: the current one) or all of them."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    with Gradebook.open(course) as gradebook:
        learners = gradebook.learners() if all_learners else [learner or current_learner()]
        scores = Scores(gradebook)
    items = course_items(course)
    progress = [learner_progress(course, scores, name, items) for name in learners]
    render = {"table": render_table, "csv": render_csv, "json": render_json}[fmt]
    return render(course.catalog.title, progress)


def render_table(title: str, progress: list[LearnerProgress]) -> str:
    if not progress:
        return f"{title}: no learner has an attempt in the gradebook yet."
    sessions = [s.session for s in progress[0].sessions]
    header = ["learner", *sessions, "overall"]
    rows = [header]
    for p in progress:
        overall = _fraction(p.score, p.max_score)
        if p.max_score:
            overall += f" ({p.score / p.max_score:.0%})"
        rows.append([p.learner, *(_session_cell(s) for s in p.sessions), overall])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [f"{title}: scores per session", ""]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def _session_cell(session: SessionScore) -> str:
    if not session.max_score and not session.score:
        return "-"
    return _fraction(session.score, session.max_score)


def render_csv(title: str, progress: list[LearnerProgress]) -> str:
    """One row per learner and session, then the learner's `overall` row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "session", "score", "max_score"])
    for p in progress:
        for s in p.sessions:
            writer.writerow([p.learner, s.session, format_points(s.score), format_points(s.max_score)])
        writer.writerow([p.learner, "overall", format_points(p.score), format_points(p.max_score)])
    return out.getvalue().rstrip("\n")


def render_json(title: str, progress: list[LearnerProgress]) -> str:
    return json.dumps({"course": title, "learners": [_learner_json(p) for p in progress]}, indent=2)


def _learner_json(p: LearnerProgress) -> dict:
    return {
        "learner": p.learner,
        "score": p.score,
        "max_score": p.max_score,
        "sessions": [
            {
                "session": s.session,
                "title": s.title,
                "score": s.score,
                "max_score": s.max_score,
                "items": [
                    {
                        "kind": i.item.kind,
                        "name": i.item.name,
                        "title": i.item.title,
                        "status": i.status,
                        "attempts": i.attempts,
                        "score": i.best,
                        "max_score": i.max_score,
                    }
                    for i in s.items
                ],
            }
            for s in p.sessions
        ],
    }


# --- number formatting --------------------------------------------------------------------


def format_points(value: float) -> str:
    """10.0 -> "10", 7.25 -> "7.25": scores are points, at most two decimals."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _fraction(score: float | None, max_score: float | None) -> str:
    return f"{'-' if score is None else format_points(score)} / {'?' if max_score is None else format_points(max_score)}"
