"""Hostile submissions (tests/redteam/, one attack per file) graded on exercise3.

Each file's header says what it may earn: `# honest: EXPR` means no more than an honest submission
that simply returns EXPR (exercise3's structural checks give `return 0.0` some points), otherwise
`# max_score:` (default 0); what an honest-but-nasty one must still earn (`# min_score:`); and whether the attack is only contained by the namespaces level
(`# needs: namespaces`: reading or writing course files, the network, killing the parent).
Every attack must finish within its limits, leave no process behind and change no course file.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import site
import time
from pathlib import Path

import pytest

from grader import sandbox
from helpers import COURSE, ROOT, grade

REDTEAM = Path(__file__).parent / "redteam"
ATTACKS = sorted(REDTEAM.glob("*.py"))
TIME_LIMIT = 3.0
# Hashed before and after each attack (files nobody else edits while the tests run)...
PROTECTED = ["graders/test_exercise3.py", "fixtures/exercise3.json", "fixtures/hidden/exercise3.json",
             "solutions/exercise3.py", "grader/worker.py", "grader/sandbox.py"]
# ...and searched for the attacks' signature (in a shared working tree, these change for other reasons).
TARGETED = [*PROTECTED, "grader/checks.py", "grader/pytest_plugin.py", "course.yaml"]
PLANTED = ["conftest.py", "sitecustomize.py", "usercustomize.py", "zz_redteam.pth"]
PLANT_SITES = [ROOT, ROOT / "graders", ROOT / "tests", ROOT / "grader", Path(os.__file__).parent,
               *map(Path, site.getsitepackages())]


def header(path: Path) -> dict:
    fields = dict(re.findall(r"^# (\w+): (.+)$", path.read_text(), flags=re.M))
    most = honest_score(fields["honest"]) if "honest" in fields else float(fields.get("max_score", 0))
    return {"attack": fields.get("attack", path.stem), "max": most,
            "min": float(fields.get("min_score", 0)), "needs": fields.get("needs", "")}


@functools.lru_cache(maxsize=None)
def honest_score(expression: str) -> float:
    source = f"import numpy as np\n\n\ndef compute_cost(AL, Y):\n    return {expression}\n"
    return grade("exercise3", source, time_limit=TIME_LIMIT).score


def snapshot() -> dict:
    hashes = {p: hashlib.sha256((ROOT / p).read_bytes()).hexdigest() for p in PROTECTED if (ROOT / p).exists()}
    planted = sorted(str(d / n) for d in PLANT_SITES for n in PLANTED if (d / n).exists())
    return {"hashes": hashes, "planted": planted}


def processes_marked(marker: str) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            comm = Path(f"/proc/{name}/comm").read_text()
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes().decode(errors="replace")
            state = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and (marker in comm or marker in cmdline):
            found.append(int(name))
    return found


@pytest.fixture(params=[sandbox.NAMESPACES, sandbox.RLIMITS])
def level(request, monkeypatch):
    best = sandbox.isolation()
    if request.param == sandbox.NAMESPACES:
        if best.level != sandbox.NAMESPACES:
            pytest.skip(f"namespaces are not available here: {best.reason}")
    else:
        monkeypatch.setattr(sandbox, "isolation", lambda: sandbox.Isolation(sandbox.RLIMITS, reason="test"))
    return request.param


@pytest.fixture(scope="module")
def other_learner(tmp_path_factory):
    path = tmp_path_factory.mktemp("learners") / "alice_exercise3.py"
    path.write_text((ROOT / "solutions/exercise3.py").read_text())
    return path


def test_there_are_enough_attacks():
    assert len(ATTACKS) >= 25


@pytest.mark.parametrize("path", ATTACKS, ids=[p.stem for p in ATTACKS])
def test_attack_earns_nothing_it_did_not_honestly_earn(path, level, other_learner):
    info = header(path)
    assert info["max"] < 10 or info["min"] == 10, "an attack must not be allowed full marks"
    if info["needs"] == sandbox.NAMESPACES and level != sandbox.NAMESPACES:
        pytest.skip("only the namespaces level contains this attack (see docs/security.md)")
    marker = "rt" + secrets.token_hex(4)
    source = (path.read_text().replace("@@ROOT@@", str(ROOT)).replace("@@MARKER@@", marker)
              .replace("@@SITE@@", site.getsitepackages()[0]).replace("@@OTHER@@", str(other_learner)))
    before = snapshot()
    started = time.monotonic()
    result = grade("exercise3", source, time_limit=TIME_LIMIT)
    elapsed = time.monotonic() - started

    assert info["min"] <= result.score <= info["max"], (info["attack"], [(c.id, c.status, c.output[:200])
                                                                        for c in result.checks])
    assert elapsed < TIME_LIMIT + 5, f"grading took {elapsed:.1f} s"
    assert processes_marked(marker) == [], "a process of the submission outlived grading"
    assert snapshot() == before
    assert not any("# pwned" in (ROOT / p).read_text() for p in TARGETED if (ROOT / p).exists())
    assert all(c.status in ("passed", "failed", "error", "timeout") for c in result.checks)
    if level == sandbox.NAMESPACES:
        assert "Sandbox: bubblewrap namespaces" in result.notes[-1]
    else:
        assert result.notes[-1].startswith("Sandbox: resource limits only")


def test_the_reference_solution_still_earns_full_marks_in_both_levels(level):
    result = grade("exercise3", (ROOT / "solutions/exercise3.py").read_text(), time_limit=TIME_LIMIT)
    assert result.full_marks


def test_the_worker_never_holds_the_expected_values():
    """Search every object and frame of the worker, after it has answered a call, for an expected cost."""
    from grader.engine import Learner
    from grader.fixtures import load_casebook

    exercise = COURSE.catalog.exercise("exercise3")
    casebook = load_casebook(COURSE, exercise, None)
    cases = casebook("compute_cost")
    harvest = (
        "import gc, sys\n"
        "def compute_cost(AL, Y):\n    return 0.0\n"
        "def harvest():\n"
        "    seen = [v for o in gc.get_objects() if isinstance(o, (dict, list, tuple))\n"
        "            for v in (o.values() if isinstance(o, dict) else o) if type(v) is float]\n"
        "    for frame in sys._current_frames().values():\n"
        "        while frame is not None:\n"
        "            seen += [v for v in frame.f_locals.values() if type(v) is float]\n"
        "            frame = frame.f_back\n"
        "    return seen\n"
    )
    learner = Learner(harvest, "exercise3.py", "exercise3", sandbox.Limits(time=TIME_LIMIT))
    try:
        for case in cases:
            learner.run(case)
        seen = learner.call("harvest")
    finally:
        learner.close()
    assert len(seen) > 10  # the search itself worked
    for case in cases:
        assert not any(abs(v - case.expected) <= 1e-9 * max(1.0, abs(case.expected)) for v in seen), case.name
