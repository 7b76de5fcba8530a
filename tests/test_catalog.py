"""The catalog (course.yaml) is validated with errors that name the file and the key."""

import pytest

from grader.course import Course, load_catalog
from grader.errors import CatalogError
from helpers import ROOT

GOOD = """format_version: 1
title: T
sessions: [{id: session1, title: S}]
exercises:
  - id: exercise1
    title: E
    session: session1
    functions: [f]
    checks:
      - {id: values, name: V, points: 2}
      - {id: shapes, name: S, points: 1, requires: [values]}
"""


def load(tmp_path, text):
    path = tmp_path / "course.yaml"
    path.write_text(text)
    return load_catalog(path)


def test_the_course_catalog_loads_in_course_order():
    catalog = Course(ROOT).catalog
    ids = [e.id for e in catalog.exercises]
    assert ids[:5] == ["exercise1", "exercise2", "exercise3", "exercise4", "exercise5"]
    assert ids == sorted(ids, key=lambda i: int(i[8:]))
    assert [s.id for s in catalog.sessions] == [f"session{k}" for k in range(1, 7)]


def test_requires_is_read(tmp_path):
    exercise = load(tmp_path, GOOD).exercise("exercise1")
    assert exercise.checks[1].requires == ("values",)
    assert exercise.max_score == 3


@pytest.mark.parametrize("change, key, problem", [
    (("points: 2}", "points: -1}"), "exercises[0].checks[0].points", "must be greater than 0"),
    (("requires: [values]", "requires: [nothing]"), "exercises[0].checks[1].requires", "'nothing' is not another check"),
    (("requires: [values]", "requires: [shapes]"), "exercises[0].checks[1].requires", "'shapes' is not another check"),
    (("session: session1", "session: session9"), "exercises[0].session", "unknown session 'session9'"),
    (("format_version: 1", "format_version: 7"), "format_version", "upgrade it"),
    (("id: values", "id: Values"), "exercises[0].checks[0].id", "not a lower-case identifier"),
    (("    functions: [f]\n", "    functions: [f]\n    colour: red\n"), "exercises[0].colour", "unknown key"),
    (("id: shapes", "id: values"), "exercises[0].checks[1].id", "duplicate check id 'values'"),
])
def test_errors_name_the_file_and_the_key(tmp_path, change, key, problem):
    with pytest.raises(CatalogError) as error:
        load(tmp_path, GOOD.replace(*change))
    assert str(error.value).startswith(f"{tmp_path / 'course.yaml'}: {key}: ")
    assert problem in str(error.value)
