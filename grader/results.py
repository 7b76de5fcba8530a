"""What grading an exercise produces: one result per check and the total (COURSE.md's JSON shape)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

STATUSES = ("passed", "failed", "error", "timeout")


@dataclass
class CheckResult:
    id: str
    name: str
    max_score: float
    status: str = "error"
    output: str = "This check did not run."
    score: float = 0.0

    def to_json(self) -> dict:
        return {"name": self.name, "score": self.score, "max_score": self.max_score,
                "status": self.status, "output": self.output}


@dataclass
class ExerciseResult:
    exercise: str
    title: str
    submission: str
    checks: list[CheckResult]
    summary: str = ""            # one message that concerns the whole submission (syntax error, not started...)
    notes: list[str] = field(default_factory=list)   # hidden cases, isolation level...
    printed: str = ""            # what the submission printed outside the checks, capped
    hidden_pending: bool = False  # hidden cases exist that this run did not include
    submission_sha256: str = ""

    @property
    def score(self) -> float:
        return float(sum(c.score for c in self.checks))

    @property
    def max_score(self) -> float:
        return float(sum(c.max_score for c in self.checks))

    @property
    def full_marks(self) -> bool:
        return all(c.status == "passed" for c in self.checks) and self.score == self.max_score

    def to_json(self) -> dict:
        return {"exercise": self.exercise, "score": self.score, "max_score": self.max_score,
                "tests": [c.to_json() for c in self.checks]}

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2)
