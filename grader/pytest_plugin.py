"""The pytest plugin that turns a grader's tests into scored checks.

Each catalog check `id` is the test function `test_<id>` in the exercise's grader file. A check is
"passed" only when this plugin saw its call phase run and pass; a crash, a skip, an error in setup
or a test that never ran scores 0 with a message saying why.
"""

from __future__ import annotations

import pytest

from grader.checks import CheckFailed
from grader.results import CheckResult

PRINT_SHOWN = 500


class GradingPlugin:
    def __init__(self, exercise, learner, casebook):
        self.exercise, self._learner, self._casebook = exercise, learner, casebook
        self._results = {c.id: CheckResult(c.id, c.name, c.points) for c in exercise.checks}
        self.unknown_tests: list[str] = []
        self.collection_errors: list[str] = []
        self._failed_ids: set[str] = set()   # a parametrized check passes only if every variant does

    # Fixtures the grader's tests ask for.
    @pytest.fixture
    def learner(self):
        return self._learner

    @pytest.fixture
    def cases(self):
        return self._casebook

    def pytest_collection_modifyitems(self, session, config, items):
        known = [i for i in items if self._check_id(i) in self._results]
        self.unknown_tests = [i.name for i in items if self._check_id(i) not in self._results]
        order = {c.id: n for n, c in enumerate(self.exercise.checks)}
        items[:] = sorted(known, key=lambda i: order[self._check_id(i)])

    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(str(report.longrepr)[-2000:])

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        result = self._results.get(self._check_id(item))
        if result is None:
            return
        if call.when == "setup" and report.passed:
            return
        if call.when == "teardown":
            if report.failed and result.status == "passed":
                self._set(result, "error", "The check's clean-up failed, so it cannot count: tell your instructor.")
            return
        if call.when == "call" and report.passed:
            self._set(result, "passed", "")
            return
        self._set(result, *self._classify(call.excinfo))

    def _classify(self, excinfo):
        from grader.engine import LearnerError, LearnerTimeout

        if excinfo is None:
            return "error", "This check did not finish."
        exc = excinfo.value
        if isinstance(exc, LearnerTimeout):
            return "timeout", str(exc)
        if isinstance(exc, LearnerError):
            return "error", str(exc)
        if isinstance(exc, CheckFailed):
            return "failed", str(exc)
        if isinstance(exc, AssertionError):
            return "failed", str(exc) or "A check of the grader failed."
        if excinfo.errisinstance(pytest.skip.Exception):
            return "failed", "This check was skipped, so it earns no points."
        if isinstance(exc, LookupError) and "grade fixtures" in str(exc):
            return "error", f"The grader is missing expected values ({exc}): tell your instructor."
        where = excinfo.traceback[-1] if excinfo.traceback else None
        detail = f"{type(exc).__name__}: {exc}"
        if where is not None:
            detail += f" (grader line {where.lineno + 1})"
        return "error", f"The grader itself failed on this check ({detail}). This is not your fault: tell your instructor."

    def _set(self, result, status, output):
        if result.id in self._failed_ids:
            return
        if status != "passed":
            self._failed_ids.add(result.id)
        result.status = status
        result.score = result.max_score if status == "passed" else 0.0
        printed = self._learner.last_printed.strip() if status != "passed" else ""
        if printed:
            cut = printed[:PRINT_SHOWN] + ("\n..." if len(printed) > PRINT_SHOWN else "")
            output = f"{output}\nYour code printed:\n{cut}"
        result.output = output

    @staticmethod
    def _check_id(item) -> str:
        name = getattr(item, "originalname", None) or item.name
        return name[5:] if name.startswith("test_") else name

    def fail_all(self, message: str):
        for result in self._results.values():
            result.status, result.output, result.score = "error", message, 0.0

    def results(self) -> list[CheckResult]:
        if self.collection_errors and all(r.status == "error" and r.output == "This check did not run."
                                          for r in self._results.values()):
            self.fail_all("The grader for this exercise could not be loaded: tell your instructor.")
        self._apply_requirements()
        return [self._results[c.id] for c in self.exercise.checks]

    def _apply_requirements(self):
        for check in self.exercise.checks:
            result = self._results[check.id]
            unmet = [r for r in check.requires if self._results[r].status != "passed"]
            if result.status == "passed" and unmet:
                names = ", ".join(f"'{self._results[r].name}'" for r in unmet)
                result.status, result.score = "failed", 0.0
                result.output = (f"Not counted yet: this check counts once {names} passes. A function that "
                                 "does not compute the right values earns nothing for its other properties.")
