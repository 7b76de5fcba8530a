"""Quiz files (`quizzes/<session>.yaml`): their schema, loading and validation.

A quiz file is data, versioned with `format_version`. Every problem is a CatalogError
naming the file, the question and the key, e.g.
``quizzes/session3.yaml: questions[3] (id: w2_shape).tolerance: missing``.
`validate_quiz` returns all the problems of a file (for `grade validate`);
`load_quiz` raises the first one.

The format, by example::

    format_version: 1
    session: session3
    title: Writing your first neural network
    pass_mark: 0.7                      # fraction of the maximum score needed to pass
    partial_credit: right_minus_wrong   # how multiple_select questions earn part of their points
    questions:
      - id: w2_shape
        type: single_choice             # single_choice | multiple_select | true_false | numeric | short_text
        points: 1                       # optional, default 1
        prompt: ...
        choices: {a: "(5, 3)", b: "(3, 5)"}
        answer: b                       # the key of the right choice (a list of keys for multiple_select)
        explanation: ...                # shown once the question is answered: it should teach
      - id: flatten_rgb
        type: numeric
        prompt: "An {n} x {n} RGB image is flattened ..."
        params: {n: {min: 32, max: 320, step: 4}}   # or {values: [...]}
        formula: "3 * n ** 2"           # or a fixed `answer: 270000`
        tolerance: 0                    # absolute
        explanation: "... 3 x {n} x {n} = {answer} ..."

A learner's copy of the course holds the same files *locked* (`locked: true`, see
grader/quiz_lock.py): answers hashed, explanations sealed, parameterised questions as a pool
of VARIANT_POOL precomputed variants. `load_quiz` and `validate_quiz` read both forms.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import string
from dataclasses import dataclass
from pathlib import Path

from grader.errors import CatalogError
from grader.formula import CONSTANTS, FUNCTIONS, Formula, FormulaError, parse_formula

FORMAT_VERSION = 1

SINGLE, MULTIPLE, TRUE_FALSE, NUMERIC, TEXT = "single_choice", "multiple_select", "true_false", "numeric", "short_text"
QUESTION_TYPES = (SINGLE, MULTIPLE, TRUE_FALSE, NUMERIC, TEXT)

# How a multiple_select question earns part of its points (the quiz file names one):
#   right_minus_wrong: each right choice ticked earns points/R and each wrong choice ticked
#                      takes points/W away (R right and W wrong choices in the question);
#                      never below 0, so ticking every choice earns 0, like ticking none.
#   all_or_nothing:    full points for exactly the right set, else 0.
PARTIAL_CREDIT_RULES = ("right_minus_wrong", "all_or_nothing")

# `validate_quiz` evaluates every variant of a parameterised question when there are at most
# VALIDATED_VARIANTS of them, else the all-min and all-max ones and that many drawn at random.
# `load_quiz`, run each time a learner takes a quiz, checks LOADED_VARIANTS the same way.
VALIDATED_VARIANTS = 5000
LOADED_VARIANTS = 50

# A parameterised question has VARIANT_POOL variants: the numbers of seed s are those of
# seed s % VARIANT_POOL. A locked quiz stores exactly these variants precomputed, so a learner's
# copy poses, for any seed, the variant the course source poses.
VARIANT_POOL = 64

_TOP_KEYS = ("format_version", "session", "title", "pass_mark", "partial_credit", "questions")
_LOCKED_KEYS = ("locked", "salt")  # top-level keys of a locked file (grader/quiz_lock.py)
_COMMON_KEYS = ("id", "type", "points", "prompt", "explanation")
_TYPE_KEYS = {
    SINGLE: ("choices", "answer"),
    MULTIPLE: ("choices", "answer"),
    TRUE_FALSE: ("answer",),
    NUMERIC: ("answer", "formula", "params", "tolerance"),
    TEXT: ("accept",),
}
_QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CHOICE_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_SPACES = re.compile(r"\s+")


def normalise_text(text) -> str:
    """How short answers and choice texts are compared: case- and space-insensitive."""
    return _SPACES.sub("", str(text)).casefold()


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass(frozen=True)
class Param:
    """A value drawn per variant: one of `values`, or low + k * step up to high."""

    name: str
    values: tuple = ()
    low: float = 0
    high: float = 0
    step: float = 1

    @property
    def count(self) -> int:
        """How many different values the parameter can take."""
        return len(self.values) or math.floor((self.high - self.low) / self.step + 1e-9) + 1

    def value(self, index: int):
        if self.values:
            return self.values[index]
        value = self.low + index * self.step
        if all(isinstance(v, int) for v in (self.low, self.high, self.step)):
            return value
        return round(value, 10)  # 0.1 + 2 * 0.05 shows as 0.2, not 0.20000000000000004

    def draw(self, rng: random.Random):
        return self.value(rng.randrange(self.count))


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: str
    explanation: str
    points: float = 1.0
    choices: tuple[tuple[str, str], ...] = ()  # (key, text) in file order
    answer: object = None  # choice key | tuple of keys | bool | number (numeric without formula)
    accept: tuple[str, ...] = ()
    tolerance: float = 0.0
    formula: Formula | None = None
    params: tuple[Param, ...] = ()
    # Locked (grader/quiz_lock.py): the answer's lock, or for a parameterised question a pool
    # of (values, lock) pairs; `answer`, `accept`, `formula` and `explanation` are then empty.
    lock: object = None
    pool: tuple = ()

    @property
    def locked(self) -> bool:
        return self.lock is not None or bool(self.pool)

    def choice_text(self, key: str) -> str:
        return dict(self.choices)[key]


@dataclass(frozen=True)
class Quiz:
    path: Path
    name: str  # the session id, e.g. "session3"
    title: str
    pass_mark: float  # fraction of max_score
    partial_credit: str
    questions: tuple[Question, ...]
    locked: bool = False  # a learner's copy: answers hashed (grader/quiz_lock.py)

    @property
    def max_score(self) -> float:
        return float(sum(q.points for q in self.questions))

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def load_quiz(path) -> Quiz:
    """Read and check a quiz file; raise the first problem as a CatalogError."""
    quiz, problems = _read(Path(path), LOADED_VARIANTS)
    if problems:
        raise problems[0]
    return quiz


def validate_quiz(path) -> list[str]:
    """All the problems of a quiz file, one line each (empty when the file is valid)."""
    return [str(problem) for problem in _read(Path(path), VALIDATED_VARIANTS)[1]]


# --- reading ------------------------------------------------------------------------------

_BAD = object()  # a field that was reported as a problem


class _Reader:
    """Collects problems instead of stopping at the first, so a validator can list them all."""

    def __init__(self, path: Path, variants: int):
        self.path = path
        self.variants = variants  # how many variants of a parameterised question to try
        self.problems: list[CatalogError] = []

    def problem(self, key, text):
        self.problems.append(CatalogError(self.path, key, text))
        return _BAD

    def field(self, data: dict, where: str, name: str, kinds, *, required=True, default=None):
        key = f"{where}.{name}" if where else name
        if name not in data:
            return self.problem(key, "missing") if required else default
        value = data[name]
        if isinstance(kinds, type):
            kinds = (kinds,)
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if not ok:
            want = "number" if set(kinds) == set(_NUMBER) else _type_name(kinds[0])
            return self.problem(key, f"expected {want}, got {_type_name(type(value))}")
        return value

    def unknown_keys(self, data: dict, where: str, allowed, what: str):
        for name in data:
            if name not in allowed:
                key = f"{where}.{name}" if where else str(name)
                self.problem(key, f"unknown key for {what} (allowed: {', '.join(allowed)})")


_TYPE_NAMES = {dict: "mapping", list: "list", str: "text", bool: "true/false", int: "integer", float: "number", type(None): "nothing"}
_NUMBER = (int, float)


def _type_name(kind: type) -> str:
    return _TYPE_NAMES.get(kind, kind.__name__)


def _read(path: Path, variants: int) -> tuple[Quiz | None, list[CatalogError]]:
    from grader.course import read_yaml

    try:
        data = read_yaml(path)
    except CatalogError as exc:
        return None, [exc]
    r = _Reader(path, variants)
    if not isinstance(data, dict):
        r.problem(None, f"expected a mapping with format_version, session, title, pass_mark and questions, got {_type_name(type(data))}")
        return None, r.problems
    locked = data.get("locked", False)
    if locked not in (True, False):
        r.problem("locked", f"expected true/false, got {_type_name(type(locked))}")
    r.unknown_keys(data, "", _TOP_KEYS + _LOCKED_KEYS if locked is True else _TOP_KEYS + ("locked",), "a quiz file")
    if locked is True:
        from grader.quiz_lock import read_locked_question

        salt = r.field(data, "", "salt", str)
        session_name = data.get("session") if isinstance(data.get("session"), str) else ""

        def read_question(r, where, raw):
            return read_locked_question(r, where, raw, salt if isinstance(salt, str) else "", session_name)
    else:
        read_question = _read_question
    version = r.field(data, "", "format_version", int)
    if version is not _BAD and version > FORMAT_VERSION:
        r.problem("format_version", f"is {version}, but this platform reads up to {FORMAT_VERSION}: upgrade it")
    elif version is not _BAD and version < 1:
        r.problem("format_version", f"must be 1 or more, got {version}")
    session = r.field(data, "", "session", str)
    if session is not _BAD and session != path.stem:
        r.problem("session", f"is '{session}', but the file is named {path.name}: they must match")
    title = r.field(data, "", "title", str)
    pass_mark = r.field(data, "", "pass_mark", _NUMBER)
    if pass_mark is not _BAD and not 0 < pass_mark <= 1:
        r.problem("pass_mark", f"must be a fraction of the maximum score, above 0 and at most 1 (got {pass_mark})")
    rule = r.field(data, "", "partial_credit", str, required=False)
    if rule not in (None, _BAD) and rule not in PARTIAL_CREDIT_RULES:
        r.problem("partial_credit", f"unknown rule '{rule}' (one of: {', '.join(PARTIAL_CREDIT_RULES)})")

    questions = []
    raw_questions = r.field(data, "", "questions", list)
    if raw_questions is not _BAD and not raw_questions:
        r.problem("questions", "a quiz needs at least one question")
    first_use: dict[str, str] = {}
    for i, raw in enumerate(raw_questions if raw_questions is not _BAD else []):
        question = read_question(r, f"questions[{i}]", raw)
        if question is None:
            continue
        if question.id in first_use:
            r.problem(f"questions[{i}] (id: {question.id}).id", f"duplicate question id '{question.id}' (first used by {first_use[question.id]})")
            continue
        first_use[question.id] = f"questions[{i}]"
        questions.append(question)
    if rule is None and any(q.type == MULTIPLE for q in questions):
        r.problem("partial_credit", f"missing: this quiz has multiple_select questions, so it must state its rule (one of: {', '.join(PARTIAL_CREDIT_RULES)})")
    if r.problems:
        return None, r.problems
    quiz = Quiz(path=path, name=session, title=title, pass_mark=float(pass_mark), partial_credit=rule or PARTIAL_CREDIT_RULES[0],
                questions=tuple(questions), locked=locked is True)
    return quiz, []


def read_question_head(r: _Reader, where: str, raw):
    """The id and type of a question (plain or locked), checked: (where naming the id, id, type or _BAD)."""
    qid = raw.get("id")
    if isinstance(qid, str) and _QUESTION_ID.match(qid):
        where = f"{where} (id: {qid})"
    else:
        r.field(raw, where, "id", str)
        if isinstance(qid, str):
            r.problem(f"{where}.id", f"'{qid}' is not a lower-case identifier (letters, digits, _)")
    kind = r.field(raw, where, "type", str)
    if kind is not _BAD and kind not in QUESTION_TYPES:
        r.problem(f"{where}.type", f"unknown question type '{kind}' (one of: {', '.join(QUESTION_TYPES)})")
        kind = _BAD
    return where, qid, kind


def read_points(r: _Reader, where: str, raw):
    points = r.field(raw, where, "points", _NUMBER, required=False, default=1)
    if points is not _BAD and points <= 0:
        r.problem(f"{where}.points", f"must be greater than 0 (got {points})")
    return points


def _read_question(r: _Reader, where: str, raw) -> Question | None:
    if not isinstance(raw, dict):
        r.problem(where, f"expected a mapping (a question), got {_type_name(type(raw))}")
        return None
    before = len(r.problems)
    where, qid, kind = read_question_head(r, where, raw)
    if kind is not _BAD:
        r.unknown_keys(raw, where, _COMMON_KEYS + _TYPE_KEYS[kind], f"a {kind} question")
    prompt = r.field(raw, where, "prompt", str)
    if prompt is not _BAD and not prompt.strip():
        r.problem(f"{where}.prompt", "is empty")
    explanation = r.field(raw, where, "explanation", str)
    if explanation is not _BAD and not explanation.strip():
        r.problem(f"{where}.explanation", "is empty: say why the answer is right, it is what the learner reads")
    points = read_points(r, where, raw)
    if kind is _BAD:
        return None
    details = _READERS[kind](r, where, raw)
    if len(r.problems) > before:
        return None
    question = Question(id=qid, type=kind, prompt=prompt.strip(), explanation=explanation.strip(), points=float(points), **details)
    if question.params or question.formula:
        _check_variants(r, where, question)
    return None if len(r.problems) > before else question


def _read_choices(r: _Reader, where: str, raw):
    choices = r.field(raw, where, "choices", dict)
    if choices is _BAD:
        return _BAD
    if len(choices) < 2:
        return r.problem(f"{where}.choices", "a choice question needs at least two choices")
    seen_texts: dict[str, str] = {}
    for key, text in choices.items():
        if not isinstance(key, str) or not _CHOICE_KEY.match(key):
            r.problem(f"{where}.choices", f"choice key {key!r} must be lower-case text such as a, b, c (quote yes/no/true/false/on/off)")
        elif not isinstance(text, str) or not text.strip():
            r.problem(f"{where}.choices.{key}", "expected the non-empty text of the choice")
        elif text.strip().isdigit():
            r.problem(f"{where}.choices.{key}", f"'{text.strip()}' would read as the number of a choice in the terminal: say what it counts (e.g. '10 units')")
        elif normalise_text(text) in seen_texts:
            r.problem(f"{where}.choices.{key}", f"same text as choice '{seen_texts[normalise_text(text)]}': learners answer by text, so texts must differ")
        else:
            seen_texts[normalise_text(text)] = key
    for text, key in seen_texts.items():
        if text in choices and text != key:
            r.problem(f"{where}.choices.{key}", f"its text is the key of choice '{text}': an answer '{text}' would be ambiguous")
    return tuple((str(k), str(v).strip()) for k, v in choices.items())


def _read_single(r, where, raw):
    choices = _read_choices(r, where, raw)
    answer = r.field(raw, where, "answer", str)
    if choices is _BAD or answer is _BAD:
        return {}
    if answer not in dict(choices):
        r.problem(f"{where}.answer", f"'{answer}' is not among the choices ({', '.join(k for k, _ in choices)})")
    return {"choices": choices, "answer": answer}


def _read_multiple(r, where, raw):
    choices = _read_choices(r, where, raw)
    answer = r.field(raw, where, "answer", list)
    if choices is _BAD or answer is _BAD:
        return {}
    if not answer:
        r.problem(f"{where}.answer", "list at least one right choice")
    keys = dict(choices)
    for j, key in enumerate(answer):
        if not isinstance(key, str) or key not in keys:
            r.problem(f"{where}.answer[{j}]", f"{key!r} is not among the choices ({', '.join(keys)})")
    if len(set(map(str, answer))) != len(answer):
        r.problem(f"{where}.answer", "lists a choice twice")
    return {"choices": choices, "answer": tuple(sorted(map(str, answer)))}


def _read_true_false(r, where, raw):
    answer = r.field(raw, where, "answer", bool)
    return {} if answer is _BAD else {"answer": answer}


def _read_text(r, where, raw):
    accept = r.field(raw, where, "accept", list)
    if accept is _BAD:
        return {}
    if not accept:
        r.problem(f"{where}.accept", "list at least one accepted answer")
    for j, text in enumerate(accept):
        if not isinstance(text, (str, int, float)) or isinstance(text, bool) or not normalise_text(text):
            r.problem(f"{where}.accept[{j}]", f"expected a non-empty answer text, got {text!r}")
    return {"accept": tuple(str(a).strip() for a in accept)}


def _read_numeric(r, where, raw):
    tolerance = r.field(raw, where, "tolerance", _NUMBER)
    if tolerance is _BAD:
        pass
    elif tolerance < 0:
        r.problem(f"{where}.tolerance", f"must be 0 or more (got {tolerance})")
    has_answer, has_formula = "answer" in raw, "formula" in raw
    if has_answer == has_formula:
        r.problem(f"{where}.answer", "a numeric question needs exactly one of `answer` (a fixed number) or `formula`")
        return {}
    if has_answer:
        if "params" in raw:
            r.problem(f"{where}.params", "parameters need a `formula` for the answer, not a fixed `answer`")
        answer = r.field(raw, where, "answer", _NUMBER)
        return {} if answer is _BAD else {"answer": answer, "tolerance": float(tolerance) if tolerance is not _BAD else 0.0}
    text = r.field(raw, where, "formula", str)
    if text is _BAD:
        return {}
    try:
        formula = parse_formula(text)
    except FormulaError as exc:
        r.problem(f"{where}.formula", str(exc))
        return {}
    params = _read_params(r, where, raw)
    if params is _BAD:
        return {}
    names = {p.name for p in params}
    for name in sorted(formula.names - names):
        r.problem(f"{where}.formula", f"uses `{name}`, which is not a parameter (defined: {', '.join(sorted(names)) or 'none'}; constants: {', '.join(CONSTANTS)})")
    for name in sorted(names - formula.names):
        r.problem(f"{where}.params.{name}", "is drawn but the formula does not use it")
    return {"formula": formula, "params": params, "tolerance": float(tolerance) if tolerance is not _BAD else 0.0}


def _read_params(r, where, raw):
    specs = r.field(raw, where, "params", dict, required=False, default={})
    if specs is _BAD:
        return _BAD
    before = len(r.problems)
    params = []
    for name, spec in specs.items():
        key = f"{where}.params.{name}"
        if not isinstance(name, str) or not name.isidentifier() or name in FUNCTIONS or name in CONSTANTS or name == "answer":
            r.problem(key, f"{name!r} cannot be a parameter name (use a plain name that is not a function, a constant or `answer`)")
            continue
        if not isinstance(spec, dict):
            r.problem(key, "expected a mapping: {min: .., max: .., step: ..} or {values: [...]}")
            continue
        r.unknown_keys(spec, key, ("min", "max", "step", "values"), "a parameter")
        if "values" in spec:
            values = r.field(spec, key, "values", list)
            if values is not _BAD and (not values or not all(is_number(v) for v in values)):
                r.problem(f"{key}.values", "expected a non-empty list of numbers")
            elif values is not _BAD:
                params.append(Param(name, values=tuple(values)))
            continue
        low, high = r.field(spec, key, "min", _NUMBER), r.field(spec, key, "max", _NUMBER)
        step = r.field(spec, key, "step", _NUMBER, required=False, default=1)
        if _BAD in (low, high, step):
            continue
        if step <= 0:
            r.problem(f"{key}.step", f"must be greater than 0 (got {step})")
        elif low > high:
            r.problem(f"{key}.max", f"is below min ({high} < {low})")
        else:
            params.append(Param(name, low=low, high=high, step=step))
    return _BAD if len(r.problems) > before else tuple(params)  # a bad parameter is reported once


_READERS = {SINGLE: _read_single, MULTIPLE: _read_multiple, TRUE_FALSE: _read_true_false, NUMERIC: _read_numeric, TEXT: _read_text}


# --- checking parameterised questions against sample variants -----------------------------


def draw_values(question: Question, rng: random.Random) -> dict:
    return {p.name: p.draw(rng) for p in question.params}


def render(template: str, values: dict) -> str:
    """Fill {name} placeholders (format specs allowed, e.g. {p:.2f}); no attribute or index access."""
    return template.format_map(values) if values else template


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _check_variants(r: _Reader, where: str, question: Question) -> None:
    names = {p.name for p in question.params}
    for part, allowed in (("prompt", names), ("explanation", names | {"answer"})):
        template = getattr(question, part)
        try:
            fields = _fields(template)
        except ValueError as exc:
            r.problem(f"{where}.{part}", f"bad placeholder ({exc}); write a literal brace as {{{{ or }}}}")
            continue
        for name in sorted(fields - allowed):
            r.problem(f"{where}.{part}", f"placeholder {{{name}}} is not a parameter (defined: {', '.join(sorted(allowed))})")
        if part == "prompt":
            for name in sorted(names - fields):
                r.problem(f"{where}.prompt", f"never shows parameter `{name}`: learners could not compute the answer")
    if r.problems:
        return
    for values in _variants_to_check(question, r.variants):
        try:
            answer = question.formula.evaluate(values)
            render(question.prompt, values)
            render(question.explanation, {**values, "answer": answer})
        except FormulaError as exc:
            r.problem(f"{where}.formula", str(exc))
            return
        except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:
            r.problem(f"{where}.prompt", f"cannot fill the placeholders for {values}: {exc}")
            return


def _variants_to_check(question: Question, budget: int):
    params = question.params
    if math.prod(p.count for p in params) <= budget:
        for indexes in itertools.product(*(range(p.count) for p in params)):
            yield {p.name: p.value(i) for p, i in zip(params, indexes)}
        return
    yield {p.name: p.value(0) for p in params}
    yield {p.name: p.value(p.count - 1) for p in params}
    rng = random.Random(f"validate:{question.id}")
    for _ in range(budget):
        yield draw_values(question, rng)
