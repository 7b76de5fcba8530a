"""Check cases: the inputs a grader calls the learner's functions on, and what comes back from the
reference solution.

Instructors write them in `graders/cases/exerciseN.py` (never shipped to learners; hidden cases live
there too) as `Case(...)` objects; `grade fixtures` runs the reference solution on them and stores
the results in `fixtures/exerciseN.json` (public cases) and `fixtures/hidden/exerciseN.json`.
Graders read only the fixtures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class Mistake:
    """A typical mistake, as a function of the case's inputs, and what to tell a learner who made it.

    Runs only when fixtures are generated; the fixture keeps its value and message.
    """

    function: str
    message: str
    compute: Callable[..., Any]


@dataclass
class Case:
    name: str
    function: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    hidden: bool = False
    m: int | None = None                       # number of examples, for "missing 1/m" diagnoses
    extras: dict[str, Callable[..., Any]] = field(default_factory=dict)  # computed from the inputs at fixture time
    # Filled from the fixture file:
    expected: Any = None
    mistakes: list[tuple[str, Any]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        self.args = tuple(self.args)


class CaseBook:
    """The cases a grader sees: `cases("compute_cost")` lists that function's cases, public then hidden."""

    def __init__(self, cases: list[Case], hidden_count: int = 0, hidden_loaded: bool = False):
        self._cases = cases
        self.hidden_count = hidden_count
        self.hidden_loaded = hidden_loaded

    def __call__(self, function: str) -> list[Case]:
        found = [c for c in self._cases if c.function == function]
        if not found:
            raise LookupError(f"the fixtures have no case for `{function}`: run `grade fixtures`")
        return found

    def named(self, name: str) -> Case:
        for case in self._cases:
            if case.name == name:
                return case
        raise LookupError(f"the fixtures have no case named {name!r}: run `grade fixtures`")

    def __iter__(self):
        return iter(self._cases)

    def __len__(self):
        return len(self._cases)
