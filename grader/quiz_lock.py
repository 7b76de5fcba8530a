"""Locked quizzes: the form a quiz file takes in a learner's copy of the course.

`grade release` rewrites each quizzes/<session>.yaml of the copy with `lock_quiz_file`, so that
the copy holds no plain-text answer, the way okpy locks its tests: the learner's answer is hashed
the same way and the hashes are compared. What is kept of each question:

- single_choice, multiple_select: the hash of each right choice key (a multiple_select question
  keeps one hash per right choice, in hash order, so that partial credit can be computed);
- true_false: the hash of "true" or "false";
- short_text: the hash of each accepted answer, normalised as answers are compared
  (quiz_schema.normalise_text: case and spaces ignored);
- numeric, tolerance 0: the hash of the number written canonically (`canonical_number`: an
  integer exactly, else 10 significant digits);
- numeric, tolerance t > 0: the answer's band is cut into a grid of step t / GRID_DIVISIONS and
  the hashes of the grid points in [answer - t, answer + t] are kept in grid order; an answer x
  counts when the grid point nearest to x is one of them. So x counts whenever |x - answer| <=
  t - step/2 and never when |x - answer| > t + step/2: the band's edges move by at most step/2
  (a twentieth of the tolerance);
- a parameterised question (params + formula): the formula is the answer, so it does not ship.
  The VARIANT_POOL variants the source poses (seed s poses variant s % VARIANT_POOL, in the
  source as in the copy) are stored instead: each one's drawn values and its locked answer.

A hash is sha256 of (salt, session, question id, answer form), its first HASH_CHARS hex digits.
The salt is the course's (.grade-salt, see grader/release.py) and is written in the locked file:
the learner's copy needs it to hash answers, so it is no secret.

An explanation teaches the answer, so it is sealed too: XORed with a sha256 keystream (counter
mode) under a key derived from the salt, the question and the right answer, and shown once the
learner's answer is right. A short_text question has several right answers: its key is stored
once per accepted answer, XORed with a pad derived from that answer. A numeric band's key comes
from its first grid point, which an accepted answer gives away through its place in the band.

This makes the answers not readable as plain text; it is not secrecy against a learner who
brute-forces them: a 4-choice question has 4 candidate answers to hash, and a numeric band a few
thousand grid points. The learner's copy must be able to check an answer offline, so anything it
can check, a determined learner can search for.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from pathlib import Path

from grader.errors import CourseError
from grader.quiz_schema import (
    _BAD,
    _NUMBER,
    MULTIPLE,
    NUMERIC,
    SINGLE,
    TEXT,
    TRUE_FALSE,
    VARIANT_POOL,
    Question,
    _fields,
    _read_choices,
    _Reader,
    _type_name,
    load_quiz,
    normalise_text,
    read_points,
    read_question_head,
)

HASH_CHARS = 32  # hex digits kept of each sha256 (128 bits)
GRID_DIVISIONS = 10  # a numeric tolerance t is checked on a grid of step t / GRID_DIVISIONS
_HEX = re.compile(rf"^[0-9a-f]{{{HASH_CHARS}}}$")
_WRAP = re.compile(r"^[0-9a-f]{64}$")

HEADER = """\
# Locked by `grade release`: the answers are hashed and the explanations sealed, so that this file
# holds no plain-text answer (grader/quiz_lock.py explains how). Take the quiz with `grade quiz {session}`.
"""


# --- hashing and sealing -------------------------------------------------------------------------


def _context(salt: str, session: str, question_id: str) -> str:
    return f"{salt}\0{session}\0{question_id}"


def answer_hash(context: str, form: str) -> str:
    return hashlib.sha256(f"answer\0{context}\0{form}".encode()).hexdigest()[:HASH_CHARS]


def _key(context: str, form: str) -> bytes:
    return hashlib.sha256(f"explain\0{context}\0{form}".encode()).digest()


def _pad(context: str, form: str) -> bytes:
    return hashlib.sha256(f"wrap\0{context}\0{form}".encode()).digest()


def _xor(data: bytes, key: bytes) -> bytes:
    """XOR with a sha256 keystream in counter mode (the same call seals and unseals)."""
    stream = b"".join(hashlib.sha256(key + i.to_bytes(8, "big")).digest() for i in range(len(data) // 32 + 1))
    return bytes(a ^ b for a, b in zip(data, stream))


def seal(text: str, key: bytes) -> str:
    return base64.b64encode(_xor(text.encode("utf-8"), key)).decode("ascii")


def unseal(token: str, key: bytes) -> str:
    return _xor(base64.b64decode(token), key).decode("utf-8", errors="replace")


def canonical_number(value) -> str:
    """How a number is written before hashing: an integer exactly, else to 10 significant digits."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    if isinstance(value, int) and abs(value) < 2**53:
        return str(value)
    try:
        return format(float(value), ".10g")
    except OverflowError:
        return str(value)


def grid_band(answer: float, tolerance: float, step: float) -> range:
    """The grid points (as multiples of `step`) within `tolerance` of `answer`."""
    low = math.ceil((answer - tolerance) / step - 1e-6)
    high = math.floor((answer + tolerance) / step + 1e-6)
    return range(low, high + 1)


def grid_point(value: float, step: float) -> int | None:
    try:
        return round(value / step)
    except (OverflowError, ValueError):
        return None


def answer_form(kind: str, answer, step: float = 0.0) -> str | None:
    """The text hashed for a canonical answer (quiz.interpret); None for a number off any grid."""
    if kind == MULTIPLE:
        return ",".join(sorted(answer))
    if kind == TRUE_FALSE:
        return "true" if answer else "false"
    if kind == TEXT:
        return normalise_text(answer)
    if kind == NUMERIC and step:
        point = grid_point(answer, step)
        return None if point is None else f"grid:{point}"
    if kind == NUMERIC:
        return canonical_number(answer)
    return str(answer)  # a choice key


# --- a question's lock -------------------------------------------------------------------------------


class Lock:
    """What a locked question keeps of its answer (one per variant of a parameterised question)."""

    def __init__(self, kind: str, context: str, hashes, sealed: str, wraps=(), step: float = 0.0):
        self.kind, self.context, self.step = kind, context, step
        self.hashes = tuple(hashes)  # in grid order for a numeric band
        self.sealed = sealed  # the explanation
        self.wraps = tuple(wraps)  # short_text: the explanation's key, wrapped for each accepted answer
        self._index = {h: i for i, h in enumerate(self.hashes)}

    @property
    def right_count(self) -> int:
        """multiple_select: how many choices are right."""
        return len(self.hashes)

    def right_choice(self, key: str) -> bool:
        return answer_hash(self.context, key) in self._index

    def accepts(self, answer) -> bool:
        """Whether a canonical answer (quiz.interpret) is right; never for None (unanswered)."""
        if answer is None:
            return False
        if self.kind == MULTIPLE:
            return len(set(answer)) == self.right_count and all(self.right_choice(key) for key in answer)
        form = answer_form(self.kind, answer, self.step)
        return form is not None and answer_hash(self.context, form) in self._index

    def explanation(self, answer) -> str | None:
        """The explanation, unsealed with a right answer; None for any other answer."""
        if not self.accepts(answer):
            return None
        form = answer_form(self.kind, answer, self.step)
        if self.kind == TEXT:
            index = self._index[answer_hash(self.context, form)]
            key = bytes(a ^ b for a, b in zip(bytes.fromhex(self.wraps[index]), _pad(self.context, form)))
        elif self.kind == NUMERIC and self.step:
            first = int(form.split(":")[1]) - self._index[answer_hash(self.context, form)]
            key = _key(self.context, f"grid:{first}")
        else:
            key = _key(self.context, form)
        return unseal(self.sealed, key)


def lock_answer(context: str, kind: str, expected, explanation: str, *, accept=(), tolerance: float = 0.0) -> dict:
    """The locked form (a YAML mapping) of one answer and its explanation."""
    if kind == TEXT:
        forms = list(dict.fromkeys(normalise_text(a) for a in accept))
        key = _key(context, forms[0])
        return {"hashes": " ".join(answer_hash(context, f) for f in forms),
                "keys": " ".join(bytes(a ^ b for a, b in zip(key, _pad(context, f))).hex() for f in forms),
                "explanation": seal(explanation, key)}
    if kind == NUMERIC and tolerance:
        step = tolerance / GRID_DIVISIONS
        band = grid_band(expected, tolerance, step)
        return {"step": step, "hashes": " ".join(answer_hash(context, f"grid:{n}") for n in band),
                "explanation": seal(explanation, _key(context, f"grid:{band[0]}"))}
    form = answer_form(kind, expected)
    if kind == MULTIPLE:  # one hash per right choice, so that partial credit can be counted
        hashes = sorted(answer_hash(context, key) for key in expected)
    else:
        hashes = [answer_hash(context, form)]
    return {"hashes": " ".join(hashes), "explanation": seal(explanation, _key(context, form))}


# --- writing a locked file -------------------------------------------------------------------------


def locked_quiz(path, salt: str) -> dict:
    """The locked form of the quiz file at `path` (checked first), as YAML data."""
    from grader.quiz import make_variant  # quiz imports quiz_schema, which reads locked files with this module

    quiz = load_quiz(path)
    if quiz.locked:
        raise CourseError(f"{path} is already locked")
    variants = [make_variant(quiz, seed) for seed in range(VARIANT_POOL)]
    questions = []
    for q in quiz.questions:
        entry = {"id": q.id, "type": q.type, "points": q.points, "prompt": q.prompt}
        if q.choices:
            entry["choices"] = dict(q.choices)
        if q.type == NUMERIC:
            entry["tolerance"] = q.tolerance
        context = _context(salt, quiz.name, q.id)

        def locked(posed):
            return lock_answer(context, q.type, posed.expected, posed.explanation, accept=q.accept, tolerance=q.tolerance)

        if q.formula is not None:
            entry["variants"] = [{"values": v.posed(q.id).values, "lock": locked(v.posed(q.id))} for v in variants]
        else:
            entry["lock"] = locked(variants[0].posed(q.id))
        questions.append(entry)
    return {"format_version": 1, "locked": True, "salt": salt, "session": quiz.name, "title": quiz.title,
            "pass_mark": quiz.pass_mark, "partial_credit": quiz.partial_credit, "questions": questions}


def lock_quiz_file(path, salt: str) -> None:
    """Rewrite the quiz file at `path` in place in its locked form."""
    import yaml

    path = Path(path)
    data = locked_quiz(path, salt)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(HEADER.format(session=data["session"]) + text, encoding="utf-8")


# --- reading a locked file (called by quiz_schema for files with `locked: true`) ---------------------------

_LOCKED_TYPE_KEYS = {
    SINGLE: ("choices", "lock"),
    MULTIPLE: ("choices", "lock"),
    TRUE_FALSE: ("lock",),
    TEXT: ("lock",),
    NUMERIC: ("tolerance", "lock", "variants"),
}


def read_locked_question(r: _Reader, where: str, raw, salt: str, session: str) -> Question | None:
    if not isinstance(raw, dict):
        r.problem(where, f"expected a mapping (a question), got {_type_name(type(raw))}")
        return None
    before = len(r.problems)
    where, qid, kind = read_question_head(r, where, raw)
    if kind is _BAD:
        return None
    r.unknown_keys(raw, where, ("id", "type", "points", "prompt") + _LOCKED_TYPE_KEYS[kind], f"a locked {kind} question")
    prompt = r.field(raw, where, "prompt", str)
    points = read_points(r, where, raw)
    choices = _read_choices(r, where, raw) if kind in (SINGLE, MULTIPLE) else ()
    tolerance = r.field(raw, where, "tolerance", _NUMBER) if kind == NUMERIC else 0.0
    if tolerance is not _BAD and tolerance < 0:
        r.problem(f"{where}.tolerance", f"must be 0 or more (got {tolerance})")
    if len(r.problems) > before:
        return None
    context = _context(salt, session, qid)
    lock, pool = None, ()
    if kind == NUMERIC and "variants" in raw:
        if "lock" in raw:
            r.problem(f"{where}.lock", "a question with `variants` keeps a lock per variant, not one of its own")
        pool = _read_pool(r, where, raw, prompt, context, tolerance)
    else:
        lock = _read_lock(r, f"{where}.lock", raw.get("lock"), kind, context, tolerance, len(choices))
    if len(r.problems) > before:
        return None
    return Question(id=qid, type=kind, prompt=prompt.strip(), explanation="", points=float(points), choices=choices,
                    tolerance=float(tolerance), lock=lock, pool=pool)


def _read_pool(r, where, raw, prompt, context, tolerance):
    variants = r.field(raw, where, "variants", list)
    if variants is _BAD:
        return ()
    if not variants:
        r.problem(f"{where}.variants", "list at least one variant")
    try:
        placeholders = _fields(prompt)
    except ValueError as exc:
        r.problem(f"{where}.prompt", f"bad placeholder ({exc})")
        return ()
    pool = []
    for j, variant in enumerate(variants):
        key = f"{where}.variants[{j}]"
        if not isinstance(variant, dict):
            r.problem(key, f"expected a mapping with values and lock, got {_type_name(type(variant))}")
            continue
        r.unknown_keys(variant, key, ("values", "lock"), "a variant")
        values = r.field(variant, key, "values", dict)
        if values is _BAD:
            continue
        if not all(isinstance(v, _NUMBER) and not isinstance(v, bool) for v in values.values()):
            r.problem(f"{key}.values", "expected a mapping from parameter name to number")
            continue
        missing = sorted(placeholders - set(values))
        if missing:
            r.problem(f"{key}.values", f"no value for {', '.join(missing)}, which the prompt shows")
            continue
        lock = _read_lock(r, f"{key}.lock", variant.get("lock"), NUMERIC, context, tolerance, 0)
        if lock is not None:
            pool.append((values, lock))
    return tuple(pool)


def _read_lock(r, key, lock, kind, context, tolerance, n_choices) -> Lock | None:
    if not isinstance(lock, dict):
        r.problem(key, "missing: a locked question keeps its hashed answer here" if lock is None
                  else f"expected a mapping, got {_type_name(type(lock))}")
        return None
    before = len(r.problems)
    allowed = ("hashes", "explanation") + {TEXT: ("keys",), NUMERIC: ("step",) if tolerance else ()}.get(kind, ())
    r.unknown_keys(lock, key, allowed, "a lock")
    hashes = _tokens(r, lock, key, "hashes", _HEX)
    explanation = r.field(lock, key, "explanation", str)
    if explanation is not _BAD:
        try:
            base64.b64decode(explanation, validate=True)
        except ValueError:
            r.problem(f"{key}.explanation", "is not a sealed explanation (base64)")
    wraps, step = (), 0.0
    if kind == TEXT:
        wraps = _tokens(r, lock, key, "keys", _WRAP)
        if hashes and wraps and len(wraps) != len(hashes):
            r.problem(f"{key}.keys", f"expected one key per hash ({len(hashes)}), got {len(wraps)}")
    if kind == NUMERIC and tolerance:
        step = r.field(lock, key, "step", _NUMBER)
        if step is not _BAD and not 0 < step <= tolerance:
            r.problem(f"{key}.step", f"must be above 0 and at most the tolerance {tolerance} (got {step})")
    if kind == SINGLE and hashes and len(hashes) != 1:
        r.problem(f"{key}.hashes", f"a single_choice question has one right choice, got {len(hashes)} hashes")
    if kind == MULTIPLE and hashes and len(hashes) > n_choices:
        r.problem(f"{key}.hashes", f"more right choices ({len(hashes)}) than choices ({n_choices})")
    if len(r.problems) > before:
        return None
    return Lock(kind, context, hashes, explanation, wraps, float(step))


def _tokens(r, lock, key, name, pattern) -> tuple:
    text = r.field(lock, key, name, str)
    if text is _BAD:
        return ()
    tokens = tuple(text.split())
    if not tokens or not all(pattern.match(t) for t in tokens):
        r.problem(f"{key}.{name}", "expected hex digests separated by spaces")
        return ()
    return tokens

