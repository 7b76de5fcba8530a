"""Session quizzes: the variant a learner sees, their answers, the score, and the record.

The flow of `grade quiz sessionK`:

    quiz    = find_quiz(course, "session3")            # quizzes/session3.yaml, checked (quiz_schema)
    variant = make_variant(quiz, seed)                 # numbers drawn and choices shuffled for this seed
    answers = run_interactive(variant, Terminal())     # or read_answers(path, variant)
    result  = grade_answers(variant, answers)          # a QuizResult; result.to_json() is the --json object
    record(gradebook, result)                          # a finished quiz only; never a half one

`take_quiz` does all of it and is what the CLI calls. Without an explicit seed the variant
comes from the learner and their attempt number, so each new attempt draws new numbers
and the same attempt (answer key, answers file, terminal) always sees the same ones.

A locked quiz (a learner's copy, grader/quiz_lock.py) is taken the same way: its answers are
checked by hash, and a question's explanation is shown once the learner's answer is right.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass, field

import click

from grader.errors import CatalogError, CourseError, UnknownName
from grader.formula import FormulaError
from grader.quiz_schema import (
    MULTIPLE,
    NUMERIC,
    SINGLE,
    TEXT,
    TRUE_FALSE,
    VARIANT_POOL,
    Question,
    Quiz,
    draw_values,
    is_number,
    load_quiz,
    normalise_text,
    render,
    validate_quiz,
)

__all__ = [
    "QuizInterrupted", "AnswersError", "InvalidAnswer", "Posed", "Variant", "QuizResult", "QuestionResult",
    "find_quiz", "list_quizzes", "make_variant", "learner_seed", "read_answers", "grade_answers",
    "run_interactive", "take_quiz", "answer_key", "record", "render_result", "render_listing",
    "load_quiz", "validate_quiz", "explanation_after",
]

KIND = "quiz"  # the gradebook's kind for quiz attempts
_TRUE = {"true", "t", "yes", "y"}
_FALSE = {"false", "f", "no", "n"}
LOCKED_EXPLANATION = ("In this copy of the course the answer is locked: answer this question right "
                      "(take the quiz again) to read its explanation.")


class QuizInterrupted(Exception):
    """The learner left the quiz (Ctrl-C or end of input) before the last question."""


class AnswersError(CourseError):
    """An answers file that cannot be graded: not a mapping, an unknown question, an unusable answer."""


class InvalidAnswer(ValueError):
    """An answer that cannot be read as an answer to this question (asked again in the terminal)."""


# --- the variant a learner sees -------------------------------------------------------------


@dataclass(frozen=True)
class Posed:
    """One question as posed in a variant: numbers drawn, text filled in, choices shuffled."""

    question: Question
    prompt: str
    explanation: str
    choices: tuple[tuple[str, str], ...]  # (key, text) in the order shown
    expected: object  # choice key | tuple of keys | bool | number | None for short_text and locked questions
    values: dict = field(default_factory=dict)  # the numbers drawn for a parameterised question
    lock: object = None  # a locked question: its grader.quiz_lock.Lock for this variant

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def type(self) -> str:
        return self.question.type

    def expected_text(self) -> str:
        """The right answer, for feedback; "" when it is locked."""
        q = self.question
        if self.lock is not None:
            return ""
        if q.type == SINGLE:
            return q.choice_text(self.expected)
        if q.type == MULTIPLE:
            return "; ".join(text for key, text in self.choices if key in self.expected)
        if q.type == TRUE_FALSE:
            return "true" if self.expected else "false"
        if q.type == NUMERIC:
            return format_number(self.expected) + (f" (give or take {format_number(q.tolerance)})" if q.tolerance else "")
        return q.accept[0]


@dataclass(frozen=True)
class Variant:
    quiz: Quiz
    seed: int
    questions: tuple[Posed, ...]

    def posed(self, question_id: str) -> Posed | None:
        return next((p for p in self.questions if p.id == question_id), None)


def make_variant(quiz: Quiz, seed: int) -> Variant:
    """The questions of `quiz` for `seed`: the same seed always gives the same variant."""
    posed = []
    for i, q in enumerate(quiz.questions):
        values = draw_values(q, random.Random(f"{seed % VARIANT_POOL}:{quiz.name}:{q.id}:values"))
        expected, lock = q.answer, q.lock
        prompt, explanation = q.prompt, q.explanation
        if q.pool:  # locked: the precomputed variant of this seed
            values, lock = q.pool[seed % len(q.pool)]
            prompt = render(q.prompt, values)
        elif q.formula is not None:
            try:
                expected = _tidy(q.formula.evaluate(values))
            except FormulaError as exc:  # load_quiz tries a sample of variants; `grade validate` tries them all
                raise CatalogError(quiz.path, f"questions[{i}] (id: {q.id}).formula", str(exc)) from None
            prompt, explanation = render(q.prompt, values), render(q.explanation, {**values, "answer": expected})
        choices = list(q.choices)
        random.Random(f"{seed}:{quiz.name}:{q.id}:choices").shuffle(choices)
        posed.append(Posed(q, prompt, explanation, tuple(choices), expected, values, lock))
    return Variant(quiz, seed, tuple(posed))


def learner_seed(learner: str, quiz_name: str, attempt: int) -> int:
    """The variant seed of a learner's attempt (1 for their first) at a quiz."""
    digest = hashlib.sha256(f"{learner}\0{quiz_name}\0{attempt}".encode()).hexdigest()
    return int(digest[:12], 16)


def _tidy(value):
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**53 else value


def format_number(value) -> str:
    value = _tidy(value)
    return str(value) if isinstance(value, int) else f"{value:.6g}"


# --- reading answers ------------------------------------------------------------------------


def interpret(posed: Posed, raw):
    """An answer from an answers file (a YAML value) in canonical form; None for unanswered.

    Canonical forms: a choice key (single_choice), a sorted tuple of keys (multiple_select),
    a bool, a number, or the text as given (short_text).
    """
    if raw is None:
        return None
    kind = posed.type
    if kind == SINGLE:
        return _choice(posed, raw)
    if kind == MULTIPLE:
        items = raw if isinstance(raw, list) else [raw]
        return tuple(sorted({_choice(posed, item) for item in items}))
    if kind == TRUE_FALSE:
        return _true_false(raw)
    if kind == NUMERIC:
        return _number(raw)
    if isinstance(raw, (dict, list)):
        raise InvalidAnswer("expected a short text answer")
    if not normalise_text(raw):
        raise InvalidAnswer("the answer is empty")
    return str(raw).strip()


def parse_typed(posed: Posed, text: str):
    """An answer typed in the terminal: choices are picked by the number shown before them."""
    text = text.strip()
    if not text:
        raise InvalidAnswer("Please type an answer.")
    if posed.type == SINGLE:
        return _choice(posed, text, by_position=True)
    if posed.type == MULTIPLE:
        pieces = [p for p in re.split(r"[,;]", text) if p.strip()]
        if len(pieces) == 1 and re.fullmatch(r"[\d\s]+", text):
            pieces = text.split()  # "1 3" as well as "1,3"
        return tuple(sorted({_choice(posed, p, by_position=True) for p in pieces}))
    return interpret(posed, text)


def _choice(posed: Posed, raw, by_position=False) -> str:
    if isinstance(raw, (dict, list, bool)) or raw is None:
        raise InvalidAnswer("expected a choice: its key or its text")
    text = str(raw).strip()
    if by_position and text.isdigit():
        if 1 <= int(text) <= len(posed.choices):
            return posed.choices[int(text) - 1][0]
        raise InvalidAnswer(f"Choose a number from 1 to {len(posed.choices)}.")
    keys = {key: key for key, _ in posed.choices}
    if text.casefold() in keys:
        return text.casefold()
    by_text = {normalise_text(t): key for key, t in posed.choices}
    if normalise_text(text) in by_text:
        return by_text[normalise_text(text)]
    if by_position:
        raise InvalidAnswer(f"'{text}' is not one of the choices: type its number, from 1 to {len(posed.choices)}.")
    raise InvalidAnswer(f"'{text}' is not one of the choices (answer with a key, {', '.join(sorted(keys))}, or a choice's text)")


def _true_false(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidAnswer("Please answer true or false.")


def _number(raw):
    value = None
    if is_number(raw):
        if isinstance(raw, int) and raw.bit_length() > 1000:
            raise InvalidAnswer("That number is too large to be the answer.")
        value = raw
    elif isinstance(raw, str):
        text = raw.strip().replace("_", "")
        if "," in text:
            raise InvalidAnswer("Write the number without commas, with a dot for decimals (e.g. 270000 or 0.25).")
        try:
            value = float(text)
        except ValueError:
            pass
    if value is None or not math.isfinite(value):
        raise InvalidAnswer("Please answer with a number (e.g. 42, 0.25 or 1e-3).")
    return _tidy(value)


def read_answers(path, variant: Variant) -> dict:
    """The answers in a YAML file (question id -> answer), in canonical form; AnswersError if unusable."""
    from grader.course import read_yaml

    try:
        data = read_yaml(path)
    except CatalogError as exc:
        raise AnswersError(f"answers file {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AnswersError(f"answers file {path}: expected a mapping from question id to answer, got {type(data).__name__}")
    answers = {}
    for qid, raw in data.items():
        posed = variant.posed(qid) if isinstance(qid, str) else None
        if posed is None:
            raise AnswersError(f"answers file {path}: {qid}: {variant.quiz.name} has no question with this id")
        try:
            answers[qid] = interpret(posed, raw)
        except InvalidAnswer as exc:
            raise AnswersError(f"answers file {path}: {qid}: {exc}") from None
    return answers


# --- scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    id: str
    score: float
    max_score: float
    explanation: str
    prompt: str = ""
    expected: str = ""
    answered: bool = True

    @property
    def correct(self) -> bool:
        return self.score >= self.max_score - 1e-9

    def to_json(self) -> dict:
        return {"id": self.id, "score": self.score, "max_score": self.max_score, "correct": self.correct, "explanation": self.explanation}


@dataclass
class QuizResult:
    quiz: str
    title: str
    pass_mark: float
    seed: int
    questions: list[QuestionResult]
    answers: dict = field(default_factory=dict)  # question id -> canonical answer
    not_recorded: str = ""  # why the attempt is not in the gradebook ("" once recorded)

    @property
    def score(self) -> float:
        return round(sum(q.score for q in self.questions), 6)

    @property
    def max_score(self) -> float:
        return round(sum(q.max_score for q in self.questions), 6)

    @property
    def full_marks(self) -> bool:
        return self.score >= self.max_score - 1e-9

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_mark * self.max_score - 1e-9

    @property
    def submission_hash(self) -> str:
        canonical = {qid: list(a) if isinstance(a, tuple) else a for qid, a in self.answers.items() if a is not None}
        return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()

    def to_json(self) -> dict:
        """Exactly the `--json` object of COURSE.md (and what the gradebook records)."""
        return {"quiz": self.quiz, "score": self.score, "max_score": self.max_score, "questions": [q.to_json() for q in self.questions]}


def score_question(posed: Posed, answer, partial_credit: str) -> float:
    """Points earned by `answer` (canonical form, None = unanswered)."""
    q = posed.question
    if answer is None:
        return 0.0
    if q.type == MULTIPLE:
        if posed.lock is not None:
            right = sum(posed.lock.right_choice(key) for key in set(answer))
            right_count = posed.lock.right_count
        else:
            right, right_count = len(set(answer) & set(posed.expected)), len(posed.expected)
        wrong = len(set(answer)) - right
        if partial_credit == "all_or_nothing":
            fraction = 1.0 if right == right_count and not wrong else 0.0
        else:
            wrong_choices = len(posed.choices) - right_count
            fraction = max(0.0, right / right_count - (wrong / wrong_choices if wrong else 0.0))
        return round(q.points * fraction, 6)
    if posed.lock is not None:
        return q.points if posed.lock.accepts(answer) else 0.0
    if q.type == NUMERIC:
        slack = q.tolerance + 1e-9 * max(1.0, abs(posed.expected))
        return q.points if abs(answer - posed.expected) <= slack else 0.0
    if q.type == TEXT:
        return q.points if normalise_text(answer) in {normalise_text(a) for a in q.accept} else 0.0
    return q.points if answer == posed.expected else 0.0


def explanation_after(posed: Posed, answer) -> str:
    """The explanation shown once `answer` is given: a locked one only after a right answer."""
    if posed.lock is None:
        return posed.explanation
    return posed.lock.explanation(answer) or LOCKED_EXPLANATION


def grade_answers(variant: Variant, answers: dict) -> QuizResult:
    """Score canonical answers (question id -> answer; missing = unanswered) against a variant."""
    quiz = variant.quiz
    results = []
    for posed in variant.questions:
        answer = answers.get(posed.id)
        results.append(
            QuestionResult(
                id=posed.id,
                score=score_question(posed, answer, quiz.partial_credit),
                max_score=posed.question.points,
                explanation=explanation_after(posed, answer),
                prompt=posed.prompt,
                expected=posed.expected_text(),
                answered=answer is not None,
            )
        )
    return QuizResult(quiz.name, quiz.title, quiz.pass_mark, variant.seed, results, dict(answers))


# --- the terminal dialogue ----------------------------------------------------------------------


class Terminal:
    """Where the dialogue reads and writes; `err=True` keeps stdout for --json."""

    def __init__(self, err: bool = False):
        self.err = err

    def show(self, text: str = "") -> None:
        click.echo(text, err=self.err)

    def ask(self, prompt: str) -> str:
        try:
            return click.prompt(prompt, default="", show_default=False, err=self.err)
        except click.exceptions.Abort:  # click's name for Ctrl-C and end of input at a prompt
            click.echo(err=self.err)  # end the half-typed line
            raise QuizInterrupted() from None


_HOW_TO_ANSWER = {
    SINGLE: "Type the number of your choice.",
    TRUE_FALSE: "Type true or false.",
    TEXT: "Type a short answer (case and spaces do not matter).",
}


def _how_to_answer(posed: Posed, partial_credit: str) -> str:
    if posed.type == MULTIPLE:
        rule = (
            "only the exact set of right choices scores" if partial_credit == "all_or_nothing"
            else "each right choice earns part of the points, each wrong one takes part away"
        )
        return f"Select all that apply: type their numbers separated by commas, e.g. 1,3 ({rule})."
    if posed.type == NUMERIC:
        within = f" Answers within {format_number(posed.question.tolerance)} of the exact value count." if posed.question.tolerance else ""
        return "Type a number." + within
    return _HOW_TO_ANSWER[posed.type]


def run_interactive(variant: Variant, terminal: Terminal) -> dict:
    """Ask every question in turn; invalid input is asked again. Raises QuizInterrupted if left."""
    quiz = variant.quiz
    n = len(variant.questions)
    terminal.show(f"{quiz.name}: {quiz.title}")
    terminal.show(f"{n} questions, {format_number(quiz.max_score)} points; pass mark {_percent(quiz.pass_mark)}. Ctrl-C leaves without recording.")
    answers = {}
    try:
        for i, posed in enumerate(variant.questions, start=1):
            terminal.show()
            terminal.show(f"Question {i} of {n} ({_points(posed.question.points)})")
            terminal.show(wrap(posed.prompt))
            for number, (_, text) in enumerate(posed.choices, start=1):
                terminal.show(wrap(text, f"  {number}) ", "     "))
            terminal.show(wrap(_how_to_answer(posed, quiz.partial_credit)))
            answers[posed.id] = _ask_until_valid(posed, terminal)
            _show_feedback(posed, answers[posed.id], quiz.partial_credit, terminal)
    except KeyboardInterrupt:
        raise QuizInterrupted() from None
    return answers


def _ask_until_valid(posed: Posed, terminal: Terminal):
    while True:
        try:
            return parse_typed(posed, terminal.ask("Your answer"))
        except InvalidAnswer as exc:
            terminal.show(str(exc))


def _show_feedback(posed: Posed, answer, partial_credit: str, terminal: Terminal) -> None:
    score, points = score_question(posed, answer, partial_credit), posed.question.points
    expected = posed.expected_text()
    the_answer = f" The answer: {expected}" if expected else ""
    if score >= points:
        terminal.show("Correct.")
    elif score > 0:
        terminal.show(wrap(f"Partly right ({format_number(score)} of {_points(points)}).{the_answer}"))
    else:
        terminal.show(wrap(f"Not quite.{the_answer}"))
    terminal.show(wrap(explanation_after(posed, answer)))


# --- the whole command ----------------------------------------------------------------------------


def find_quiz(course, session: str) -> Quiz:
    """The checked quiz of a session; UnknownName for a session without one."""
    sessions = [s.id for s in course.catalog.sessions]
    if session not in sessions:
        with_quiz = [s for s in sessions if course.quiz_path(s).is_file()]
        raise UnknownName(f"unknown quiz '{session}' (this course has quizzes for: {', '.join(with_quiz) or 'no session yet'})")
    path = course.quiz_path(session)
    if not path.is_file():
        raise UnknownName(f"{session} has no quiz yet (no file quizzes/{session}.yaml)")
    return load_quiz(path)


def open_gradebook(course):
    """The course's gradebook, or None while this installation has no grader.gradebook."""
    try:
        from grader.gradebook import Gradebook
    except ModuleNotFoundError as exc:
        if exc.name != "grader.gradebook":
            raise
        return None
    return Gradebook.open(course)


def current_learner() -> str:
    try:
        from grader.gradebook import current_learner as learner
    except ModuleNotFoundError as exc:
        if exc.name != "grader.gradebook":
            raise
        import getpass

        return getpass.getuser()
    return learner()


def _variant_for(quiz: Quiz, seed: int | None, gradebook) -> Variant:
    if seed is None:
        attempt = (gradebook.attempt_count(KIND, quiz.name) if gradebook is not None else 0) + 1
        seed = learner_seed(current_learner(), quiz.name, attempt)
    return make_variant(quiz, seed)


NOT_RECORDED = "this attempt was not recorded in the gradebook"


@contextmanager
def _gradebook_for(course, gradebook):
    """(gradebook, problem): the one passed in (tests pass a fake) or the course's, closed when
    done; or None and why not, when there is none to use. The quiz is graded either way."""
    if gradebook is not None:
        yield gradebook, ""
        return
    try:
        book = open_gradebook(course)
    except CourseError as exc:  # e.g. a file that is not a gradebook: it is never written to
        book, problem = None, f"{NOT_RECORDED}: {exc}"
    else:
        problem = "" if book is not None else f"{NOT_RECORDED}: this installation has no gradebook"
    try:
        yield book, problem
    finally:
        if book is not None:
            book.close()


def take_quiz(course, session: str, *, answers_file=None, seed: int | None = None, terminal: Terminal | None = None, gradebook=None) -> QuizResult:
    """Pose the quiz (in the terminal, or from an answers file), score it and record it.

    A quiz left before its end raises QuizInterrupted and records nothing.
    """
    quiz = find_quiz(course, session)
    with _gradebook_for(course, gradebook) as (book, problem):
        variant = _variant_for(quiz, seed, book)
        if answers_file is not None:
            answers = read_answers(answers_file, variant)
        else:
            answers = run_interactive(variant, terminal or Terminal())
        result = grade_answers(variant, answers)
        if book is not None:
            try:
                record(book, result)
            except CourseError as exc:
                problem = f"{NOT_RECORDED}: {exc}"
    result.not_recorded = problem
    return result


def record(gradebook, result: QuizResult) -> int:
    """Record a finished quiz (never call it for a half one); returns the attempt's id."""
    return gradebook.record(KIND, result.quiz, result.to_json(), result.submission_hash)


def answer_key(course, session: str, *, seed: int | None = None, gradebook=None) -> str:
    """An answers file (YAML text) that earns full marks on the variant `--answers` would see."""
    if course.is_release:
        raise CourseError("--answer-key is for instructors: this is a learner's copy of the course (it has no solutions/ folder)")
    quiz = find_quiz(course, session)
    if quiz.locked:
        raise CourseError(f"quizzes/{session}.yaml is locked (its answers are hashed): no answer key can be made from it")
    with _gradebook_for(course, gradebook) as (book, _):
        variant = _variant_for(quiz, seed, book)
    import yaml

    lines = [f"# Answer key for {quiz.name} ({quiz.title}), variant seed {variant.seed}.", "# Instructors only: it earns full marks."]
    for posed in variant.questions:
        value, note = posed.expected, ""
        if posed.type == SINGLE:
            note = posed.expected_text()
        elif posed.type == MULTIPLE:  # in file order, so a key's lines change only with the numbers
            value = list(posed.expected)
            note = "; ".join(text for key, text in posed.question.choices if key in posed.expected)
        elif posed.type == TEXT:
            value = posed.question.accept[0]
        # Dumping a one-item list in flow style gives "[value]": a value YAML reads back as it is.
        flow = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**6).strip()[1:-1]
        lines.append(f"{posed.id}: {flow}" + (f"  # {' '.join(note.split())}" if note else ""))
    return "\n".join(lines) + "\n"


# --- rendering ---------------------------------------------------------------------------------


WIDTH = 88  # columns of text in the terminal


def wrap(text: str, first: str = "", rest: str | None = None) -> str:
    """A paragraph folded to WIDTH columns; `first` and `rest` indent its first and later lines."""
    indent = first if rest is None else rest
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=first, subsequent_indent=indent, break_on_hyphens=False)


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.0f}%"


def _points(points: float) -> str:
    return f"{format_number(points)} point" + ("" if points == 1 else "s")


def render_result(result: QuizResult) -> str:
    """The end of a quiz for a learner: score, what was missed and why, pass or not."""
    lines = [f"{result.quiz}: {result.title}"]
    for q in result.questions:
        status = "ok" if q.correct else ("partly" if q.score > 0 else ("missed" if q.answered else "no answer"))
        lines.append(f"  {status:<9} {q.id:<28} {format_number(q.score)}/{format_number(q.max_score)}")
    missed = [q for q in result.questions if not q.correct]
    if missed:
        lines += ["", "To review:"]
        for q in missed:
            lines.append(wrap(f"- {q.id}: {q.prompt}", "", "  "))
            if q.expected:
                lines.append(wrap(f"The answer: {q.expected}", "  "))
            lines.append(wrap(q.explanation, "  "))
    share = result.score / result.max_score if result.max_score else 0.0
    lines += ["", f"Score: {format_number(result.score)}/{format_number(result.max_score)} ({_percent(share)})."]
    if result.passed:
        lines.append(f"Passed (pass mark {_percent(result.pass_mark)}).")
    else:
        lines.append(f"Not passed yet: the pass mark is {_percent(result.pass_mark)}. Review the explanations and try again: grade quiz {result.quiz}")
    return "\n".join(lines)


@dataclass(frozen=True)
class QuizSummary:
    name: str
    title: str
    questions: int
    best: tuple[float, float] | None
    problem: str = ""


def list_quizzes(course, gradebook=None) -> list[QuizSummary]:
    """One summary per session that has a quizzes/<session>.yaml, with the learner's best score."""
    sessions = [s for s in course.catalog.sessions if course.quiz_path(s.id).is_file()]
    summaries = []
    with _gradebook_for(course, gradebook) as (book, _):
        for session in sessions:
            best = book.best(KIND, session.id) if book is not None else None
            try:
                quiz = load_quiz(course.quiz_path(session.id))
            except CatalogError as exc:
                summaries.append(QuizSummary(session.id, session.title, 0, best, problem=str(exc)))
                continue
            summaries.append(QuizSummary(session.id, session.title, len(quiz.questions), best))
    return summaries


def render_listing(summaries: list[QuizSummary]) -> str:
    if not summaries:
        return "This course has no quizzes yet."
    lines = ["Quizzes (take one with `grade quiz <session>`):"]
    for s in summaries:
        if s.problem:
            status = f"cannot be taken: {s.problem}"
        elif s.best is None:
            status = f"{s.questions} questions, not taken yet"
        else:
            status = f"{s.questions} questions, best {format_number(s.best[0])}/{format_number(s.best[1])}"
        lines.append(f"  {s.name:<10} {s.title}: {status}")
    return "\n".join(lines)
