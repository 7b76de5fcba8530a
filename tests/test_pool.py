"""The fork server (grader.pool) with real processes: the same answers, limits and clean-up as a
Worker, and nothing of one submission reaching the next one forked by the same server."""

from __future__ import annotations

import os
import secrets
import signal
import time
from pathlib import Path

import pytest

from grader import sandbox
from grader.engine import grade_source
from grader.pool import ForkServer, ForkWorker, WorkerPool
from grader.sandbox import Limits, WorkerCrashed, WorkerTimeout, child_scratch
from helpers import COURSE, ROOT

LEVELS = [sandbox.NAMESPACES, sandbox.RLIMITS]


@pytest.fixture(scope="module", params=LEVELS)
def server(request):
    if request.param == sandbox.NAMESPACES and sandbox.isolation_level() != sandbox.NAMESPACES:
        pytest.skip(f"namespaces are not available here: {sandbox.isolation().reason}")
    with ForkServer(Limits(time=3), level=request.param) as server:
        yield server


def run(server, source, function="f", args=(), limits=Limits(time=3)):
    """Load `source` in a freshly forked worker and call `function`: the reply, or the exception."""
    worker = server.worker(limits)
    deadline = time.monotonic() + limits.time
    try:
        loaded = worker.request({"op": "load", "source": source, "filename": "s.py", "module": "s"}, deadline)
        if not loaded.get("ok"):
            return loaded
        return worker.request({"op": "call", "function": function, "args": list(args)}, deadline)
    except (WorkerTimeout, WorkerCrashed) as exc:
        return exc
    finally:
        worker.close()


def test_a_forked_worker_answers_like_a_worker(server):
    reply = run(server, "import numpy as np\ndef f(x):\n    print('hi')\n    return np.asarray(x) * 2\n", args=[[1, 2]])
    assert reply["ok"] and list(reply["value"]) == [2, 4] and reply["stdout"] == "hi\n"
    assert isinstance(server.worker(), ForkWorker)


def test_limits_apply_to_each_forked_worker(server):
    started = time.monotonic()
    assert isinstance(run(server, "def f():\n    while True: pass\n", limits=Limits(time=1)), WorkerTimeout)
    assert time.monotonic() - started < 3
    reply = run(server, "def f():\n    return bytearray(2 * 1024**3)\n", limits=Limits(time=3, memory=512 * 1024**2))
    assert reply["error"]["kind"] == "memory"


@pytest.mark.parametrize("body, expected", [
    ("import ctypes\n    ctypes.string_at(0)", "segmentation fault"),
    ("import os\n    os._exit(3)", "exited with status 3"),
    ("import os, signal\n    os.kill(os.getpid(), signal.SIGKILL)", "killed"),
])
def test_crashes_are_described_as_for_a_worker(server, body, expected):
    outcome = run(server, f"def f():\n    {body}\n")
    assert isinstance(outcome, WorkerCrashed) and expected in str(outcome)
    assert run(server, "def f():\n    return 1\n")["value"] == 1  # the server carries on


def _marked(marker):
    found = []
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            comm = Path(f"/proc/{name}/comm").read_text()
            cmd = Path(f"/proc/{name}/cmdline").read_bytes().decode(errors="replace")
            state = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and (marker in comm or marker in cmd):
            found.append(int(name))
    return found


LEAVE_TRACES = """
import ctypes, os, subprocess, sys, time
def f(marker, shared):
    import tempfile
    written = set()
    for folder in [os.getcwd(), tempfile.gettempdir(), os.environ["HOME"], *shared]:
        try:
            with open(os.path.join(folder, "left-" + marker), "w") as fh:
                fh.write("secret")
            written.add(folder)
        except OSError:
            pass
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", marker], start_new_session=True)
    if os.fork() == 0:  # a daemon that keeps writing files, to catch the next submission's folder
        os.setsid()
        if os.fork() == 0:
            ctypes.CDLL(None).prctl(15, marker.encode(), 0, 0, 0)
            while True:
                for folder in (tempfile.gettempdir(), os.getcwd()):
                    try:
                        open(os.path.join(folder, "daemon-" + marker), "w").close()
                    except OSError:
                        pass
                time.sleep(0.01)
        os._exit(0)
    libc = ctypes.CDLL(None, use_errno=True)
    queue = libc.msgget(0x5EC2E7, 0o1666)  # a System V message queue outlives its process
    time.sleep(0.2)
    return os.getcwd(), queue, sorted(written)
"""

LOOK_AROUND = """
import ctypes, os
def f(marker, shared):
    import tempfile
    seen = []
    for folder in {os.getcwd(), tempfile.gettempdir(), os.environ["HOME"], *shared}:
        try:
            seen += [os.path.join(folder, n) for n in os.listdir(folder) if marker in n]
        except OSError:
            pass
    queue = ctypes.CDLL(None, use_errno=True).msgget(0x5EC2E7, 0)
    return os.getcwd(), seen, queue
"""


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
def test_nothing_of_one_submission_reaches_the_next(server):
    marker = f"fsx{os.getpid() % 100000}{secrets.token_hex(2)}"
    # At the rlimits level /tmp and /dev/shm are the machine's own (docs/security.md): only the
    # submission's scratch folder is its own there. Nested, its scratch is /tmp (or /sandbox-scratch when
    # the Python installation lives under /tmp, as in CI's virtual environment).
    shared = [child_scratch(), "/dev/shm"] if server.nested else []
    first = run(server, LEAVE_TRACES, args=[marker, shared])
    assert first["ok"], first
    assert _marked(marker) == []  # every process it started is gone once it is closed
    second = run(server, LOOK_AROUND, args=[marker, shared])
    assert second["ok"], second
    cwd, seen, queue = second["value"]
    assert seen == []
    written = first["value"][2]
    assert first["value"][0] in written and all(folder in written for folder in shared)  # the traces were left
    if server.nested:  # its own /tmp and IPC namespace; at the rlimits level, its own scratch folder
        assert first["value"][1] >= 0 and queue == -1
    else:
        assert cwd != first["value"][0] and not os.path.exists(first["value"][0])


def test_the_server_itself_cannot_be_read_or_traced(server):
    if not server.nested:
        pytest.skip("at the rlimits level a submission has the learner's own rights (docs/security.md)")
    source = """
import os
def f():
    me = os.path.realpath("/proc/self")
    readable = []
    for name in filter(str.isdigit, os.listdir("/proc")):
        if "/proc/" + name == me:
            continue
        try:
            cmd = open(f"/proc/{name}/cmdline", "rb").read()
        except OSError:
            continue
        if b"grader.forkserver" in cmd:
            for what in ("environ", "mem", "maps"):
                try:
                    open(f"/proc/{name}/{what}", "rb").read(1)
                    readable.append((name, what))
                except OSError:
                    pass
    caps = open("/proc/self/status").read().split("CapEff:")[1].split()[0]
    return readable, caps, os.getpid()
"""
    readable, caps, pid = run(server, source)["value"]
    assert readable == [] and int(caps, 16) == 0 and pid == 2


def test_the_pool_replaces_a_server_that_died():
    with WorkerPool(Limits(time=3)) as pool:
        worker = pool(Limits(time=3))
        worker.close()
        first = pool.server
        if first is None:
            pytest.skip(f"no fork server here: {pool.fallback_reason}")
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait()
        worker = pool(Limits(time=3))
        try:
            deadline = time.monotonic() + 3
            worker.request({"op": "load", "source": "def f():\n    return 5\n", "filename": "s.py", "module": "s"},
                           deadline)
            assert worker.request({"op": "call", "function": "f", "args": []}, deadline)["value"] == 5
        finally:
            worker.close()
        assert pool.server is not first and pool.server.alive


def test_the_pool_starts_plain_workers_where_no_fork_server_can_run(monkeypatch):
    import grader.pool

    def refuse(*args, **kwargs):
        raise grader.pool.ForkServerUnavailable("nested namespaces are refused here: a test")

    monkeypatch.setattr(grader.pool, "ForkServer", refuse)
    with WorkerPool(Limits(time=3)) as pool:
        for _ in range(2):
            worker = pool(Limits(time=3))
            assert type(worker) is sandbox.Worker and "a test" in pool.fallback_reason
            worker.close()


# --- the red team's attacks, graded through the pool --------------------------------------------

# Those that concern processes, files and the pipes: the ones a shared server could let through.
ATTACKS = ["double_fork_daemon", "subprocess_new_session", "kill_everything", "process_flood", "plant_conftest",
           "plant_sitecustomize", "rewrite_grader_files", "read_solutions", "read_fixtures", "forge_protocol",
           "closed_streams", "exit_zero_in_call", "segfault", "background_thread", "frames_and_gc"]


@pytest.fixture(scope="module")
def pool():
    if sandbox.isolation_level() != sandbox.NAMESPACES:
        pytest.skip("the attacks that need namespaces are only contained there")
    with WorkerPool(Limits(time=3)) as pool:
        yield pool


@pytest.mark.parametrize("attack", ATTACKS)
def test_attacks_earn_no_more_through_the_pool(pool, attack, tmp_path):
    import test_redteam as redteam

    path = redteam.REDTEAM / f"{attack}.py"
    info = redteam.header(path)
    other = tmp_path / "alice_exercise3.py"
    other.write_text((ROOT / "solutions/exercise3.py").read_text())
    marker = "rt" + secrets.token_hex(4)
    source = (path.read_text().replace("@@ROOT@@", str(ROOT)).replace("@@MARKER@@", marker)
              .replace("@@SITE@@", redteam.site.getsitepackages()[0]).replace("@@OTHER@@", str(other)))
    before = redteam.snapshot()
    exercise = COURSE.catalog.exercise("exercise3")
    result = grade_source(COURSE, exercise, source, "exercise3.py", Limits(time=redteam.TIME_LIMIT),
                          worker_factory=pool)
    assert info["min"] <= result.score <= info["max"], [(c.id, c.status, c.output[:200]) for c in result.checks]
    assert _marked(marker) == []
    assert redteam.snapshot() == before
    # and the next submission is graded as if nothing had happened
    honest = grade_source(COURSE, exercise, (ROOT / "solutions/exercise3.py").read_text(), "exercise3.py",
                          Limits(time=redteam.TIME_LIMIT), worker_factory=pool)
    assert honest.full_marks
