"""The course workspace: where it is and what its catalog (`course.yaml`) holds.

A course is found like git finds a repository: the nearest folder, from the current
one upward, that holds `course.yaml`. The catalog is data, versioned with
`format_version`, and validated with errors that name the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import CatalogError, CourseNotFound, UnknownName

CATALOG_NAME = "course.yaml"
FORMAT_VERSION = 1
STATE_DIR = ".grade"
DEFAULT_TIME_LIMIT = 10.0

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Check:
    id: str
    name: str
    points: float
    # Checks that must pass for this one to count: a side property (shapes, inputs left unchanged)
    # earns nothing for a function that does not compute the right values.
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Session:
    id: str
    title: str


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    session: str
    file: str
    grader: str
    functions: tuple[str, ...]
    checks: tuple[Check, ...]
    hints: tuple[str, ...] = ()
    explanation: str = ""
    time_limit: float = DEFAULT_TIME_LIMIT

    @property
    def max_score(self) -> float:
        return float(sum(c.points for c in self.checks))

    @property
    def solution(self) -> str:
        return "solutions/" + Path(self.file).name


@dataclass
class Catalog:
    path: Path
    title: str
    sessions: list[Session]
    exercises: list[Exercise] = field(default_factory=list)

    def exercise(self, name: str) -> Exercise:
        for ex in self.exercises:
            if ex.id == name:
                return ex
        known = ", ".join(e.id for e in self.exercises)
        raise UnknownName(f"unknown exercise '{name}' (this course has: {known})")

    def session(self, name: str) -> Session:
        for s in self.sessions:
            if s.id == name:
                return s
        known = ", ".join(s.id for s in self.sessions)
        raise UnknownName(f"unknown session '{name}' (this course has: {known})")


class Course:
    """A course workspace rooted at `root` (the folder holding course.yaml)."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self._catalog: Catalog | None = None

    @classmethod
    def find(cls, start: Path | None = None) -> "Course":
        here = Path(start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CATALOG_NAME).is_file():
                return cls(folder)
        raise CourseNotFound(
            f"no course here: neither {here} nor any folder above it holds {CATALOG_NAME} "
            "(run grade inside the course folder)"
        )

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = load_catalog(self.root / CATALOG_NAME)
        return self._catalog

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def is_release(self) -> bool:
        """A learner's copy made by `grade release` has no solutions/ folder."""
        return not (self.root / "solutions").is_dir()

    def path(self, relative: str) -> Path:
        return self.root / relative

    def quiz_path(self, session: str) -> Path:
        return self.root / "quizzes" / f"{session}.yaml"


# --- loading and validation -------------------------------------------------------------


def read_yaml(path: Path):
    """Parse a YAML file with the safe loader; any problem is a CatalogError naming the file."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError(path, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(path, None, f"cannot read it ({exc})") from None
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CatalogError(path, None, f"malformed YAML{where}: {problem}") from None


class _Fields:
    """Typed access to a mapping with errors that name the file and the key path."""

    def __init__(self, path: Path, key: str, data):
        if not isinstance(data, dict):
            raise CatalogError(path, key or None, f"expected a mapping, got {type(data).__name__}")
        self.path, self.key, self.data = path, key, data

    def _where(self, name):
        return f"{self.key}.{name}" if self.key else name

    def get(self, name, kind, default=..., check=None):
        if name not in self.data:
            if default is ...:
                raise CatalogError(self.path, self._where(name), "missing")
            return default
        value = self.data[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind in (int, float) and isinstance(value, bool)):
            want = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise CatalogError(self.path, self._where(name), f"expected {want}, got {type(value).__name__}")
        if check is not None:
            problem = check(value)
            if problem:
                raise CatalogError(self.path, self._where(name), problem)
        return value

    def unknown_keys(self, allowed):
        extra = sorted(set(self.data) - set(allowed))
        if extra:
            raise CatalogError(self.path, self._where(extra[0]), f"unknown key (allowed: {', '.join(allowed)})")


def _identifier(value):
    return None if _ID.match(value) else f"'{value}' is not a lower-case identifier"


def _positive(value):
    return None if value > 0 else "must be greater than 0"


def load_catalog(path: Path) -> Catalog:
    data = read_yaml(path)
    top = _Fields(path, "", data)
    version = top.get("format_version", int)
    if version > FORMAT_VERSION:
        raise CatalogError(
            path, "format_version", f"is {version}, but this platform reads up to {FORMAT_VERSION}: upgrade it"
        )
    if version < 1:
        raise CatalogError(path, "format_version", f"must be 1 or more, got {version}")
    top.unknown_keys(["format_version", "title", "sessions", "exercises"])
    sessions = []
    for i, raw in enumerate(top.get("sessions", list)):
        f = _Fields(path, f"sessions[{i}]", raw)
        f.unknown_keys(["id", "title"])
        sessions.append(Session(f.get("id", str, check=_identifier), f.get("title", str)))
    session_ids = {s.id for s in sessions}
    if len(session_ids) != len(sessions):
        raise CatalogError(path, "sessions", "duplicate session id")

    exercises, seen = [], set()
    for i, raw in enumerate(top.get("exercises", list)):
        exercises.append(_load_exercise(path, f"exercises[{i}]", raw, session_ids))
        if exercises[-1].id in seen:
            raise CatalogError(path, f"exercises[{i}].id", f"duplicate exercise id '{exercises[-1].id}'")
        seen.add(exercises[-1].id)
    return Catalog(path=Path(path), title=top.get("title", str), sessions=sessions, exercises=exercises)


_EXERCISE_KEYS = ["id", "title", "session", "file", "grader", "functions", "checks", "hints", "explanation", "time_limit"]


def _load_exercise(path, key, raw, session_ids) -> Exercise:
    f = _Fields(path, key, raw)
    f.unknown_keys(_EXERCISE_KEYS)
    ex_id = f.get("id", str, check=_identifier)
    session = f.get("session", str, check=lambda s: None if s in session_ids else f"unknown session '{s}'")
    functions = f.get("functions", list)
    for j, name in enumerate(functions):
        if not isinstance(name, str) or not name.isidentifier():
            raise CatalogError(path, f"{key}.functions[{j}]", f"'{name}' is not a function name")
    checks, check_ids = [], set()
    raw_checks = f.get("checks", list, check=lambda v: None if v else "an exercise needs at least one check")
    for j, rc in enumerate(raw_checks):
        cf = _Fields(path, f"{key}.checks[{j}]", rc)
        cf.unknown_keys(["id", "name", "points", "requires"])
        requires = cf.get("requires", list, default=[])
        check = Check(cf.get("id", str, check=_identifier), cf.get("name", str),
                      cf.get("points", float, check=_positive), tuple(requires))
        if check.id in check_ids:
            raise CatalogError(path, f"{key}.checks[{j}].id", f"duplicate check id '{check.id}'")
        check_ids.add(check.id)
        checks.append(check)
    for j, check in enumerate(checks):
        for required in check.requires:
            if required not in check_ids or required == check.id:
                raise CatalogError(path, f"{key}.checks[{j}].requires",
                                   f"'{required}' is not another check of this exercise")
    hints = f.get("hints", list, default=[])
    for j, hint in enumerate(hints):
        if not isinstance(hint, str):
            raise CatalogError(path, f"{key}.hints[{j}]", "expected text")
    return Exercise(
        id=ex_id,
        title=f.get("title", str),
        session=session,
        file=f.get("file", str, default=f"exercises/{ex_id}.py"),
        grader=f.get("grader", str, default=f"graders/test_{ex_id}.py"),
        functions=tuple(functions),
        checks=tuple(checks),
        hints=tuple(hints),
        explanation=f.get("explanation", str, default=""),
        time_limit=f.get("time_limit", float, default=DEFAULT_TIME_LIMIT, check=_positive),
    )
