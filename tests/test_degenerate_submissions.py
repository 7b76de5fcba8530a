"""A grader that cannot be fooled: submissions that compute nothing earn nothing, on every exercise.

Each untouched stub is turned into a do-nothing submission by replacing every
`raise NotImplementedError` with a return of a constant, None or the first argument.
Checks of side properties (shapes, inputs left unchanged...) only count through `requires:`
once the values are right, so none of these may earn a point.
"""

import re

import pytest

from helpers import COURSE, grade, stub

BODIES = {
    "zero": lambda first: "return 0.0",
    "none": lambda first: "return None",
    "first argument": lambda first: f"return {first}",
}


def do_nothing(source: str, body) -> str:
    out, first = [], "None"
    for line in source.splitlines():
        match = re.match(r"\s*def \w+\((\w+)", line)
        if match:
            first = match.group(1)
        if line.strip() == "raise NotImplementedError":
            line = line.replace("raise NotImplementedError", body(first))
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind", list(BODIES))
@pytest.mark.parametrize("exercise", [e.id for e in COURSE.catalog.exercises])
def test_do_nothing_submission_earns_nothing(exercise, kind):
    result = grade(exercise, do_nothing(stub(exercise), BODIES[kind]))
    earned = {c.id: c.score for c in result.checks if c.score}
    assert result.score == 0, f"{exercise} gives points to a submission that returns {kind}: {earned}"


def test_unmet_requirement_says_why():
    source = do_nothing(stub("exercise3"), BODIES["zero"])
    checks = {c.id: c for c in grade("exercise3", source).checks}
    assert checks["inputs_unchanged"].status == "failed"
    assert checks["inputs_unchanged"].output.startswith(
        "Not counted yet: this check counts once 'compute_cost on examples of several sizes' passes.")
