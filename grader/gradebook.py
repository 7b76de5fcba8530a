"""The gradebook: every exercise and quiz attempt, kept in one SQLite file in the workspace.

The file is `<course root>/.grade/gradebook.sqlite`. It carries an `application_id` so a
foreign SQLite file is recognised as "not ours", and a schema version in `user_version`
that `MIGRATIONS` brings up to date, one transaction for all the steps. It runs in WAL
mode with a busy timeout, and every write is one `BEGIN IMMEDIATE` transaction, so
several `grade` processes can record at the same time without losing an attempt.

A file that is not a gradebook (random bytes, another program's database, a newer
schema) is never written to: opening it raises `GradebookError`, one line for the CLI.
"""

from __future__ import annotations

import dataclasses
import getpass
import math
import os
import sqlite3
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from grader.errors import CourseError

FILE_NAME = "gradebook.sqlite"
APPLICATION_ID = 0x444C4742  # "DLGB": marks the file as this platform's gradebook
BUSY_TIMEOUT_MS = 30_000
KINDS = ("exercise", "quiz")
# Which list of the result holds the per-check results, and which of its keys names a check.
_ITEMS_KEY = {"exercise": "tests", "quiz": "questions"}

# MIGRATIONS[i] takes the schema from version i to version i + 1. Append, never edit.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            recorded_at TEXT NOT NULL,
            learner TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('exercise', 'quiz')),
            name TEXT NOT NULL,
            score REAL NOT NULL,
            max_score REAL NOT NULL,
            submission_hash TEXT
        )""",
        "CREATE INDEX attempts_by_item ON attempts (learner, kind, name)",
        # One row per test of an exercise or question of a quiz, in the result's order.
        """CREATE TABLE attempt_checks (
            attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            check_name TEXT NOT NULL,
            score REAL NOT NULL,
            max_score REAL NOT NULL,
            status TEXT NOT NULL,
            feedback TEXT NOT NULL,
            PRIMARY KEY (attempt_id, position)
        )""",
        """CREATE TABLE hints (
            id INTEGER PRIMARY KEY,
            shown_at TEXT NOT NULL,
            learner TEXT NOT NULL,
            name TEXT NOT NULL,
            hint_index INTEGER NOT NULL
        )""",
        "CREATE INDEX hints_by_item ON hints (learner, name)",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)


class GradebookError(CourseError):
    """The gradebook file cannot be used, or a record handed to it is malformed."""


def current_learner() -> str:
    """Who is grading: $GRADE_LEARNER if set, else the login name, else "learner"."""
    name = os.environ.get("GRADE_LEARNER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "learner"
    except (OSError, KeyError, ImportError):  # no login name in some containers
        return "learner"


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Attempt:
    """One recorded attempt; `checks` is the result's `tests` or `questions` list, as recorded."""

    id: int
    recorded_at: str
    learner: str
    kind: str
    name: str
    score: float
    max_score: float
    submission_hash: str | None
    checks: tuple[dict, ...] = ()

    @property
    def full_marks(self) -> bool:
        return self.score >= self.max_score

    def to_result(self) -> dict:
        """The COURSE.md results object this attempt was recorded from."""
        key = "exercise" if self.kind == "exercise" else "quiz"
        return {
            key: self.name,
            "score": self.score,
            "max_score": self.max_score,
            _ITEMS_KEY[self.kind]: [dict(c) for c in self.checks],
        }


class Gradebook:
    """Every attempt of every learner in one course workspace.

    `Gradebook.open(course)` uses the workspace's file; `Gradebook(path)` any file.
    Methods that take `learner=None` mean the current learner (`current_learner()`).
    """

    def __init__(self, path):
        self.path = Path(path)
        self._conn = self._connect()

    @classmethod
    def open(cls, course) -> "Gradebook":
        state_dir = Path(course.state_dir)
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise GradebookError(f"cannot create {state_dir} for the gradebook: {exc.strerror or exc}") from None
        return cls(state_dir / FILE_NAME)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __repr__(self):
        return f"Gradebook({str(self.path)!r})"

    # --- opening, recognising and migrating the file ------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise GradebookError(f"cannot open the gradebook {self.path}: {exc}") from None
        try:
            with self._errors("open"):
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                conn.execute("PRAGMA foreign_keys = ON")
                if self._schema_state(conn) != "current":
                    self._migrate(conn)
                conn.execute("PRAGMA journal_mode = WAL")
                # In WAL mode NORMAL never corrupts the file; a power cut may lose the last attempt, and
                # each commit skips an fsync (tens of milliseconds of every `grade` run).
                conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            conn.close()
            raise
        return conn

    def _schema_state(self, conn) -> str:
        """"current", "new" (empty file), "old" (ours, to migrate); anything else raises."""
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id == 0 and version == 0:
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                return "new"
        if app_id != APPLICATION_ID:
            raise GradebookError(
                f"{self.path} is another program's SQLite database, not a gradebook: "
                "move it away (it was left untouched)"
            )
        if version > SCHEMA_VERSION:
            raise GradebookError(
                f"{self.path} has gradebook schema version {version}, but this platform reads up to "
                f"{SCHEMA_VERSION}: upgrade dl-course-grader (the file was left untouched)"
            )
        return "current" if version == SCHEMA_VERSION else "old"

    def _migrate(self, conn) -> None:
        # Another process may be migrating too: decide again once we hold the write lock.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if self._schema_state(conn) == "new":
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _errors(self, doing: str):
        """Turn SQLite's exceptions into one-line GradebookErrors that name the file."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorname", "") in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
                raise GradebookError(
                    f"{self.path} is not a gradebook or is damaged ({exc}): move it away (it was left untouched)"
                ) from None
            raise GradebookError(f"cannot {doing} the gradebook {self.path}: {exc}") from None

    @contextmanager
    def _write(self):
        """One write transaction; taking the write lock up front lets busy_timeout queue writers."""
        with self._errors("write to"):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params=()) -> list[tuple]:
        with self._errors("read"):
            return self._conn.execute(sql, params).fetchall()

    # --- attempts ----------------------------------------------------------------------

    def record(self, kind: str, name: str, result, submission_hash: str | None, learner: str | None = None) -> int:
        """Store one graded attempt with its per-check results; returns the attempt's id.

        `result` is the JSON results object of COURSE.md (a dict, or a dataclass of that shape):
        an exercise's has `tests`, a quiz's `questions`.
        """
        kind = _check_kind(kind)
        learner = _learner(learner)
        result = _as_mapping(result)
        score = _number(result, "score", f"{kind} result")
        max_score = _number(result, "max_score", f"{kind} result")
        rows = [_check_row(kind, i, item) for i, item in enumerate(result.get(_ITEMS_KEY[kind]) or [])]
        with self._write() as conn:
            attempt_id = conn.execute(
                "INSERT INTO attempts (recorded_at, learner, kind, name, score, max_score, submission_hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (now_utc(), learner, kind, name, score, max_score, submission_hash),
            ).lastrowid
            conn.executemany(
                "INSERT INTO attempt_checks (attempt_id, position, check_name, score, max_score, status, feedback) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(attempt_id, *row) for row in rows],
            )
        return attempt_id

    def attempt_count(self, kind: str, name: str, learner: str | None = None) -> int:
        [(count,)] = self._read(
            "SELECT count(*) FROM attempts WHERE kind = ? AND name = ? AND learner = ?",
            (_check_kind(kind), name, _learner(learner)),
        )
        return count

    def best(self, kind: str, name: str, learner: str | None = None) -> tuple[float, float] | None:
        """(best score, that attempt's max_score), or None before the first attempt.

        Ties go to the latest attempt, so its max_score is the current one."""
        rows = self._read(
            "SELECT score, max_score FROM attempts WHERE kind = ? AND name = ? AND learner = ? "
            "ORDER BY score DESC, id DESC LIMIT 1",
            (_check_kind(kind), name, _learner(learner)),
        )
        return (rows[0][0], rows[0][1]) if rows else None

    def latest_hash(self, kind: str, name: str, learner: str | None) -> str | None:
        """The submission hash of the learner's latest attempt (batch grading skips unchanged files)."""
        rows = self._read(
            "SELECT submission_hash FROM attempts WHERE kind = ? AND name = ? AND learner = ? "
            "ORDER BY id DESC LIMIT 1",
            (_check_kind(kind), name, _learner(learner)),
        )
        return rows[0][0] if rows else None

    def attempts(
        self,
        kind: str | None = None,
        name: str | None = None,
        learner: str | None = None,
        *,
        all_learners: bool = False,
        with_checks: bool = True,
    ) -> list[Attempt]:
        """The attempts that match, oldest first; `all_learners=True` ignores `learner`."""
        where, params = [], []
        if kind is not None:
            where.append("kind = ?")
            params.append(_check_kind(kind))
        if name is not None:
            where.append("name = ?")
            params.append(name)
        if not all_learners:
            where.append("learner = ?")
            params.append(_learner(learner))
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._read(
            "SELECT id, recorded_at, learner, kind, name, score, max_score, submission_hash "
            f"FROM attempts {clause} ORDER BY id",
            params,
        )
        attempts = [Attempt(*row) for row in rows]
        if not with_checks or not attempts:
            return attempts
        checks = self._checks_of(clause, params)
        return [dataclasses.replace(a, checks=tuple(checks.get(a.id, ()))) for a in attempts]

    def _checks_of(self, clause: str, params) -> dict[int, list[dict]]:
        rows = self._read(
            "SELECT c.attempt_id, a.kind, c.check_name, c.score, c.max_score, c.status, c.feedback "
            f"FROM attempt_checks c JOIN attempts a ON a.id = c.attempt_id {clause} "
            "ORDER BY c.attempt_id, c.position",
            params,
        )
        checks: dict[int, list[dict]] = {}
        for attempt_id, kind, *fields in rows:
            checks.setdefault(attempt_id, []).append(_check_dict(kind, *fields))
        return checks

    def learners(self) -> list[str]:
        """Everyone with an attempt or a hint in this gradebook, sorted."""
        rows = self._read("SELECT learner FROM attempts UNION SELECT learner FROM hints ORDER BY learner")
        return [learner for (learner,) in rows]

    # --- hints -------------------------------------------------------------------------

    def record_hint(self, name: str, hint_index: int, learner: str | None = None) -> None:
        """Note that hint number `hint_index` of exercise `name` was shown (again) to the learner."""
        if isinstance(hint_index, bool) or not isinstance(hint_index, int) or hint_index < 0:
            raise GradebookError(f"hint_index must be a whole number >= 0, got {hint_index!r}")
        with self._write() as conn:
            conn.execute(
                "INSERT INTO hints (shown_at, learner, name, hint_index) VALUES (?, ?, ?, ?)",
                (now_utc(), _learner(learner), name, hint_index),
            )

    def hints_used(self, name: str, learner: str | None = None) -> int:
        """How many different hints of `name` the learner has seen (showing one again counts once)."""
        [(count,)] = self._read(
            "SELECT count(DISTINCT hint_index) FROM hints WHERE name = ? AND learner = ?",
            (name, _learner(learner)),
        )
        return count


# --- checking what callers hand in --------------------------------------------------------


def _check_kind(kind) -> str:
    if kind not in KINDS:
        raise GradebookError(f"unknown attempt kind {kind!r} (expected one of: {', '.join(KINDS)})")
    return kind


def _learner(learner) -> str:
    if learner is None:
        return current_learner()
    if not isinstance(learner, str) or not learner.strip():
        raise GradebookError(f"a learner is a non-empty name, got {learner!r}")
    return learner


def _as_mapping(result) -> Mapping:
    if isinstance(result, Mapping):
        return result
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    raise GradebookError(f"a result to record is a results object (dict), got {type(result).__name__}")


def _number(mapping: Mapping, key: str, what: str) -> float:
    value = mapping.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise GradebookError(f"{what}: `{key}` must be a finite number, got {value!r}")
    return float(value)


def _check_row(kind: str, position: int, item) -> tuple:
    """(position, name, score, max_score, status, feedback) for one test or question."""
    item = _as_mapping(item)
    what = f"{kind} result: {_ITEMS_KEY[kind]}[{position}]"
    score, max_score = _number(item, "score", what), _number(item, "max_score", what)
    if kind == "exercise":
        return position, str(item.get("name", "")), score, max_score, str(item.get("status", "")), str(item.get("output") or "")
    status = "correct" if item.get("correct") else "incorrect"
    return position, str(item.get("id", "")), score, max_score, status, str(item.get("explanation") or "")


def _check_dict(kind: str, check_name, score, max_score, status, feedback) -> dict:
    """A stored check row back in the shape of the result list it came from."""
    if kind == "exercise":
        return {"name": check_name, "score": score, "max_score": max_score, "status": status, "output": feedback}
    return {"id": check_name, "score": score, "max_score": max_score, "correct": status == "correct", "explanation": feedback}
