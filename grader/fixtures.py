"""Expected values for the checks, generated from the reference solutions and stored as JSON.

`grade fixtures` runs each reference solution in a worker (the same way a learner's code runs),
on the cases in graders/cases/exerciseN.py, and writes:

    fixtures/exerciseN.json          public cases: shipped to learners, graded at home
    fixtures/hidden/exerciseN.json   hidden cases: stay with the instructor

Each file records the SHA-256 of the solution and of the cases file it came from, so stale
fixtures (a solution or a case changed since) are detected.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import time
from pathlib import Path

from grader.cases import Case, CaseBook
from grader.course import Course, Exercise
from grader.errors import CatalogError, CourseError
from grader.protocol import from_json, to_json
from grader.sandbox import Limits, Worker

FORMAT_VERSION = 1


def public_path(course: Course, exercise: Exercise) -> Path:
    return course.root / "fixtures" / f"{exercise.id}.json"


def hidden_path(course: Course, exercise: Exercise) -> Path:
    return course.root / "fixtures" / "hidden" / f"{exercise.id}.json"


def cases_path(course: Course, exercise: Exercise) -> Path:
    return course.root / "graders" / "cases" / f"{exercise.id}.py"


# --- reading -----------------------------------------------------------------------------------


def _read_fixture(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogError(path, None, f"cannot read the fixture file ({exc}): run `grade fixtures`") from None
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        raise CatalogError(path, "format_version", f"expected {FORMAT_VERSION}: regenerate with `grade fixtures`")
    return data


def _cases_from(data: dict, hidden: bool) -> list[Case]:
    cases = []
    for raw in data.get("cases", []):
        cases.append(Case(
            name=raw["name"], function=raw["function"], args=tuple(from_json(raw["args"])),
            kwargs=from_json(raw["kwargs"]), hidden=hidden, m=raw.get("m"),
            expected=from_json(raw["expected"]),
            mistakes=[(mk["message"], from_json(mk["value"])) for mk in raw.get("mistakes", [])],
            data={k: from_json(v) for k, v in raw.get("data", {}).items()},
        ))
    return cases


def load_casebook(course: Course, exercise: Exercise, hidden: bool | None = None) -> CaseBook:
    """The cases a grader sees. `hidden`: None = include hidden cases when present; False = public only."""
    path = public_path(course, exercise)
    if not path.is_file():
        return CaseBook([], 0, False)
    data = _read_fixture(path)
    cases = _cases_from(data, hidden=False)
    hidden_count = int(data.get("hidden_cases", 0))
    hpath = hidden_path(course, exercise)
    loaded = False
    if hidden is not False and hpath.is_file():
        cases += _cases_from(_read_fixture(hpath), hidden=True)
        loaded = True
    elif hidden is True:
        raise CourseError(f"no hidden cases for {exercise.id} here ({hpath.relative_to(course.root)} is missing)")
    return CaseBook(cases, hidden_count, loaded)


# --- generating --------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_cases_module(course: Course, exercise: Exercise):
    path = cases_path(course, exercise)
    if not path.is_file():
        raise CourseError(f"{exercise.id} has no cases file ({path.relative_to(course.root)})")
    spec = importlib.util.spec_from_file_location(f"_grade_cases_{exercise.id}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stale_reason(course: Course, exercise: Exercise) -> str | None:
    """Why the fixtures of `exercise` are out of date, or None when they are fresh."""
    path = public_path(course, exercise)
    if not path.is_file():
        return f"{path.relative_to(course.root)} is missing"
    data = _read_fixture(path)
    solution = course.path(exercise.solution)
    if solution.is_file() and data.get("solution_sha256") != _sha256(solution):
        return f"{exercise.solution} changed since the fixtures were generated"
    cases = cases_path(course, exercise)
    if cases.is_file() and data.get("cases_sha256") != _sha256(cases):
        return f"{cases.relative_to(course.root)} changed since the fixtures were generated"
    return None


def build_fixtures(course: Course, exercise: Exercise) -> tuple[dict, dict]:
    """Run the reference solution on every case; returns the public and hidden fixture documents."""
    module = load_cases_module(course, exercise)
    cases: list[Case] = list(module.cases())
    mistakes = getattr(module, "MISTAKES", [])
    solution = course.path(exercise.solution)
    source = solution.read_text(encoding="utf-8")
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        raise CourseError(f"{exercise.id}: two cases share a name in {cases_path(course, exercise).name}")
    limits = Limits(time=max(60.0, exercise.time_limit * 6))
    deadline = time.monotonic() + limits.time
    stored = {False: [], True: []}
    with Worker(limits) as worker:
        reply = worker.request({"op": "load", "source": source, "filename": solution.name, "module": exercise.id},
                               deadline)
        if not reply.get("ok"):
            raise CourseError(f"the reference solution {exercise.solution} does not load: {reply.get('error')}")
        for case in cases:
            reply = worker.request({"op": "call", "function": case.function, "args": list(case.args),
                                    "kwargs": dict(case.kwargs)}, deadline)
            if not reply.get("ok"):
                raise CourseError(f"the reference solution fails on case {case.name!r} of {exercise.id}: "
                                  f"{reply.get('error')}")
            stored[case.hidden].append(_case_document(case, reply["value"], mistakes))
    common = {"format_version": FORMAT_VERSION, "exercise": exercise.id,
              "solution_sha256": _sha256(solution), "cases_sha256": _sha256(cases_path(course, exercise)),
              "hidden_cases": len(stored[True])}
    return {**common, "cases": stored[False]}, {**common, "cases": stored[True]}


def _case_document(case: Case, expected, mistakes) -> dict:
    found = []
    for mistake in mistakes:
        if mistake.function != case.function:
            continue
        try:
            value = mistake.compute(*case.args, **case.kwargs)
        except Exception:  # a mistake that makes no sense for these inputs (shapes, say) is not offered
            continue
        if value is not None:
            found.append({"message": mistake.message, "value": to_json(value)})
    return {
        "name": case.name, "function": case.function, "m": case.m,
        "args": to_json(list(case.args)), "kwargs": to_json(dict(case.kwargs)),
        "expected": to_json(expected), "mistakes": found,
        "data": {key: to_json(fn(*case.args, **case.kwargs)) for key, fn in case.extras.items()},
    }


def _write_json(path: Path, document: dict):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    # One case per line: compact, and a diff still shows which case changed.
    head = {k: v for k, v in document.items() if k != "cases"}
    lines = [json.dumps(case, allow_nan=True) for case in document["cases"]]
    body = ",\n  ".join(lines)
    text = json.dumps(head, indent=1)[:-2] + ',\n "cases": [\n  ' + body + "\n ]\n}\n"
    json.loads(text)  # never write a file that does not read back
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def generate_fixtures(course: Course, names: list[str] | None = None):
    """Regenerate the fixtures of the named exercises (all with a cases file when None); yields progress lines."""
    if course.is_release:
        raise CourseError("this is a learner's copy of the course: fixtures come from the reference solutions, "
                          "which only the course source has")
    exercises = [course.catalog.exercise(n) for n in names] if names else [
        e for e in course.catalog.exercises if cases_path(course, e).is_file()]
    for exercise in exercises:
        public, hidden = build_fixtures(course, exercise)
        _write_json(public_path(course, exercise), public)
        _write_json(hidden_path(course, exercise), hidden)
        yield (f"{exercise.id}: {len(public['cases'])} public and {len(hidden['cases'])} hidden cases "
               f"-> {public_path(course, exercise).relative_to(course.root)}")
