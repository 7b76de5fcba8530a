"""`grade new exercise` and `grade new quiz`: everything a new exercise or quiz needs, ready to fill in.

A new exercise gets its catalog entry (appended to course.yaml, comments kept), a stub, a reference
solution to write, a cases file with public and hidden cases, and a grader whose checks show the
helpers (values, shapes, inputs left unchanged with a custom message, and a numerical gradient check).
Once the reference solution is written and `grade fixtures NAME` run, `grade validate NAME` passes.
"""

from __future__ import annotations

import re

from grader.course import Course
from grader.errors import CourseError

STUB = '''"""{title} ({session}).

TODO (instructor): explain the idea in the course's voice: what it is, why a network needs it,
and the formula the learner implements.

Run `grade {id}` to check your work.
"""

import numpy as np


def {function}(x):
    """TODO (instructor): one line saying what {function} computes.

    Arguments:
    x -- numpy array of any shape

    Returns:
    y -- numpy array of the same shape as x
    """
    # TODO: compute y from x.
    raise NotImplementedError
'''

SOLUTION = '''"""Reference solution for {id}: {title}."""

import numpy as np


def {function}(x):
    # TODO (instructor): write the reference solution, then run `grade fixtures {id}`.
    raise NotImplementedError
'''

CASES = '''"""Cases for {id} ({function}) and the typical mistakes its feedback recognises.

Instructor-only: `grade fixtures {id}` runs the reference solution on these and stores the results.
"""

import numpy as np

from grader.cases import Case, Mistake


def cases():
    rng = np.random.default_rng({seed})
    yield Case("small example", "{function}", (np.array([[0.5, -1.0, 2.0]]),))
    yield Case("a column", "{function}", (rng.standard_normal((4, 1)),))
    yield Case("a matrix", "{function}", (rng.standard_normal((3, 5)),))
    yield Case("a bigger matrix (hidden)", "{function}", (rng.standard_normal((6, 9)),), hidden=True)
    # Two probes on either side of the same points: the grader compares the learner's slope with the
    # reference's slope, a numerical gradient check that needs no solution code in the grader.
    probe = np.linspace(-2.0, 2.0, 9).reshape(1, -1)
    yield Case("slope probe +", "{function}", (probe + EPSILON,))
    yield Case("slope probe -", "{function}", (probe - EPSILON,))


EPSILON = 1e-5


# What a typical mistake returns, computed from the same inputs; the message is shown when a
# learner's answer matches it. Example: a sign error.
MISTAKES = [
    Mistake("{function}", "Every value has the opposite sign: check the sign of your formula.",
            lambda x: -x),
]
'''

GRADER = '''"""Grader for {id}: {function}. Each test is one check of course.yaml (test_<check id>)."""

import numpy as np

from grader.checks import expect_close, expect_shape, fail, gradient_verdict, rel_error


def test_values(learner, cases):
    # Values against the fixtures, public then hidden cases; wrong values are diagnosed
    # (sign, transpose, a constant factor, the MISTAKES of the cases file).
    for case in cases("{function}"):
        expect_close("y", learner.run(case), case.expected, case)


def test_shape(learner, cases):
    for case in cases("{function}"):
        expect_shape("y", learner.run(case), case.args[0].shape, case)


def test_inputs_unchanged(learner, cases):
    # A custom message: say what is wrong and where to look, in the learner's terms.
    case = cases("{function}")[-1]
    _, (x_after,), _ = learner.call_checked("{function}", *case.args)
    if not np.array_equal(x_after, case.args[0]):
        fail("`{function}` changed its input `x` in place.",
             "Compute into a new array (y = ...), do not assign into x.")


def test_gradient(learner, cases):
    # A gradient check: the learner's slope (a centred difference of their function) against the
    # reference's slope from the fixtures, read with cs231n's relative-error bands.
    plus, minus = cases.named("slope probe +"), cases.named("slope probe -")
    width = plus.args[0] - minus.args[0]
    got = (np.asarray(learner.run(plus), dtype=float) - np.asarray(learner.run(minus), dtype=float)) / width
    expected = (plus.expected - minus.expected) / width
    error = rel_error(got, expected)
    if error > 1e-5:
        fail("The slope of `{function}` does not match the expected slope:",
             f"  relative error: {{error:.2e}} ({{gradient_verdict(error)}})",
             "Check the formula where the slope is steepest.")
'''

CATALOG_ENTRY = '''  - id: {id}
    title: {title}
    session: {session}
    functions: [{function}]
    checks:
      - {{id: values, name: "{function} gives the right values", points: 4}}
      - {{id: shape, name: "{function} keeps the shape of its input", points: 2}}
      - {{id: inputs_unchanged, name: "the input is left unchanged", points: 1}}
      - {{id: gradient, name: "{function} has the right slope (gradient check)", points: 2}}
    hints:
      - "TODO (instructor): a gentle first hint."
      - "TODO (instructor): a hint that names the numpy function to use."
      - "TODO (instructor): nearly the answer."
'''

QUIZ = '''# Quiz for {session} (read by grader/quiz_schema.py; check it with `grade validate`).
format_version: 1
title: "{title}"
pass_mark: 0.7
session: {session}
partial_credit: right_minus_wrong
questions:
  - id: example_single
    type: single_choice
    prompt: "TODO (instructor): a question with one right choice?"
    choices:
      a: "the right answer"
      b: "a plausible wrong answer"
      c: "another wrong answer"
    answer: a
    explanation: "TODO (instructor): why it is right, and why the others are not."
'''

def new_exercise(course: Course, exercise_id: str, session: str, title: str | None = None,
                 function: str | None = None) -> list[str]:
    if course.is_release:
        raise CourseError("scaffolding needs the course source (it writes a reference solution)")
    if not re.match(r"^exercise\d+$", exercise_id):
        raise CourseError(f"'{exercise_id}' is not an exercise id: use exerciseN, for example exercise15")
    course.catalog.session(session)
    if any(e.id == exercise_id for e in course.catalog.exercises):
        raise CourseError(f"{exercise_id} is already in course.yaml")
    function = function or "transform"
    if not function.isidentifier():
        raise CourseError(f"'{function}' is not a Python function name")
    values = {"id": exercise_id, "session": session, "title": title or f"New exercise {exercise_id}",
              "function": function, "seed": int(exercise_id[8:])}
    files = {
        f"exercises/{exercise_id}.py": STUB,
        f"solutions/{exercise_id}.py": SOLUTION,
        f"graders/cases/{exercise_id}.py": CASES,
        f"graders/test_{exercise_id}.py": GRADER,
    }
    for relative in files:
        if course.path(relative).exists():
            raise CourseError(f"{relative} already exists: not overwriting it")
    for relative, template in files.items():
        path = course.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values), encoding="utf-8")
    catalog = course.root / "course.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.rstrip("\n") + "\n" + CATALOG_ENTRY.format(**values), encoding="utf-8")
    return ["course.yaml"] + list(files)


def new_quiz(course: Course, session: str) -> list[str]:
    if course.is_release:
        raise CourseError("scaffolding belongs in the course source")
    found = course.catalog.session(session)
    path = course.quiz_path(session)
    if path.exists():
        raise CourseError(f"{path.relative_to(course.root)} already exists: not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(QUIZ.format(session=session, title=found.title.replace('"', "'")), encoding="utf-8")
    return [str(path.relative_to(course.root))]

