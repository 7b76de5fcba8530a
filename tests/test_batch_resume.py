"""`grade batch` stopped half-way by Ctrl-C or SIGKILL, with real processes, then run again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.sandbox import descendants
from helpers import ROOT, solution
from test_batch import make_course, read_csv

HANG = "\n\ndef compute_cost(AL, Y):\n    while True:\n        pass\n"


def recorded(course: Path) -> dict[tuple, int]:
    try:
        with sqlite3.connect(course / ".grade" / "gradebook.sqlite", timeout=5) as db:
            rows = db.execute("SELECT learner, name, count(*) FROM attempts GROUP BY learner, name").fetchall()
    except sqlite3.Error:  # not created yet
        return {}
    return {(learner, name): n for learner, name, n in rows}


def start_batch(course: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(course / "batch.out", "wb") as out, open(course / "batch.err", "wb") as err:
        return subprocess.Popen([sys.executable, "-m", "grader", "batch", "class", "--jobs", "1", "--timeout", "1"],
                                cwd=course, stdout=out, stderr=err, env=env)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "sigkill"])
def test_an_interrupted_batch_resumes_where_it_stopped(tmp_path, sig):
    course = make_course(tmp_path)
    for name in ("a1", "a2", "z1", "z2", "z3"):  # graded in this order with one job
        folder = course / "class" / name
        folder.mkdir(parents=True)
        (folder / "exercise1.py").write_text(solution("exercise1"))
        (folder / "exercise3.py").write_text(solution("exercise3") + (HANG if name.startswith("z") else ""))

    batch = start_batch(course)
    deadline = time.monotonic() + 120
    while sum(recorded(course).values()) < 5:  # a1 and a2 done, z1 under way
        assert batch.poll() is None, (course / "batch.err").read_text()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    below = descendants(batch.pid)
    assert below  # its grading process and fork server
    os.kill(batch.pid, sig)
    batch.wait(timeout=30)
    if sig == signal.SIGINT:
        assert batch.returncode == 130
        assert "Run the same command again to grade the rest" in (course / "batch.err").read_text()
    end = time.monotonic() + 10
    while any(_alive(pid) for pid in below) and time.monotonic() < end:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in below), "a grading process or fork server outlived the batch"

    first = recorded(course)
    assert first[("a1", "exercise1")] == first[("a1", "exercise3")] == 1
    assert first[("a2", "exercise1")] == first[("a2", "exercise3")] == 1
    assert sum(first.values()) < 10

    again = start_batch(course)
    assert again.wait(timeout=120) in (0, 1), (course / "batch.err").read_text()
    assert recorded(course) == {(learner, exercise): 1 for learner in ("a1", "a2", "z1", "z2", "z3")
                                for exercise in ("exercise1", "exercise3")}
    rows = read_csv(course / "class-grades" / "grades.csv")
    assert [rows[n]["total"] for n in ("a1", "a2", "z1", "z2", "z3")] == ["25", "25", "15", "15", "15"]
    assert all(rows[n]["exercise3"] == "0" for n in ("z1", "z2", "z3"))
    assert "TIMEOUT" in (course / "class-grades" / "feedback" / "z2.txt").read_text()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
