"""The worker sandbox with real processes: limits, crashes, clean-up, isolation and the strict decoder."""

from __future__ import annotations

import json
import os
import struct
import time

import numpy as np
import pytest

from grader import protocol, sandbox
from grader.sandbox import Limits, Worker, WorkerCrashed, WorkerTimeout

LEVELS = [sandbox.NAMESPACES, sandbox.RLIMITS]


@pytest.fixture(params=LEVELS)
def level(request):
    if request.param == sandbox.NAMESPACES and sandbox.isolation_level() != sandbox.NAMESPACES:
        pytest.skip(f"namespaces are not available here: {sandbox.isolation().reason}")
    return request.param


def run(level, source, function="f", args=(), limits=Limits(time=3)):
    """Load `source` in a fresh worker and call `function`: (reply or exception, worker after close)."""
    worker = Worker(limits, level=level)
    deadline = time.monotonic() + limits.time
    try:
        loaded = worker.request({"op": "load", "source": source, "filename": "s.py", "module": "s"}, deadline)
        if not loaded.get("ok"):
            return loaded, worker
        return worker.request({"op": "call", "function": function, "args": list(args)}, deadline), worker
    except (WorkerTimeout, WorkerCrashed) as exc:
        return exc, worker
    finally:
        worker.close()


def test_isolation_level_is_reported_and_cached():
    assert sandbox.isolation_level() in LEVELS
    assert sandbox.isolation() is sandbox.isolation()
    assert sandbox.isolation_note().startswith("Sandbox: ")


def test_wall_clock_limit(level):
    started = time.monotonic()
    outcome, _ = run(level, "def f():\n    while True: pass\n", limits=Limits(time=1.5))
    assert isinstance(outcome, WorkerTimeout)
    assert time.monotonic() - started < 4


def test_memory_limit_is_an_error_not_a_crash_of_the_grader(level):
    outcome, _ = run(level, "def f():\n    return bytearray(2 * 1024**3)\n", limits=Limits(time=3, memory=512 * 1024**2))
    assert isinstance(outcome, dict) and outcome["error"]["kind"] == "memory"


def test_output_is_capped_and_counted(level):
    source = "import os\nos.write(1, b'x' * 1_000_000)\ndef f():\n    print('y' * 100_000)\n    return 1\n"
    worker = Worker(Limits(time=3, output=1000), level=level)
    deadline = time.monotonic() + 3
    worker.request({"op": "load", "source": source, "filename": "s.py", "module": "s"}, deadline)
    reply = worker.request({"op": "call", "function": "f"}, deadline)
    worker.close()
    assert reply["value"] == 1 and len(reply["stdout"]) < 2100 and "more characters not shown" in reply["stdout"]
    text, dropped = worker.output()
    assert len(text) <= 2000 and dropped >= 1_000_000 - 1000


def test_file_size_limit(level):
    source = "def f():\n    with open('big', 'wb') as fh:\n        fh.write(b'x' * 4_000_000)\n"
    outcome, _ = run(level, source, limits=Limits(time=3, file_size=1_000_000))
    assert isinstance(outcome, (dict, WorkerCrashed))
    assert not (isinstance(outcome, dict) and outcome.get("ok"))


@pytest.mark.parametrize("body, expected", [
    ("import ctypes\n    ctypes.string_at(0)", "segmentation fault"),
    ("import os\n    os._exit(0)", "exited with status 0"),
    ("import os, signal\n    os.kill(os.getpid(), signal.SIGKILL)", "killed"),
])
def test_crashes_are_described(level, body, expected):
    outcome, _ = run(level, f"def f():\n    {body}\n")
    assert isinstance(outcome, WorkerCrashed) and expected in str(outcome)


@pytest.mark.parametrize("body, kind", [
    ("raise SystemExit(0)", "exit"),
    ("raise KeyboardInterrupt", "exit"),
    ("import sys\n    sys.setrecursionlimit(100_000)\n    return f()", "recursion"),
    ("import sys, os\n    sys.stdout.close(); os.close(1); os.close(2)\n    return 7", None),
])
def test_exceptions_and_closed_streams_are_answers(level, body, kind):
    outcome, _ = run(level, f"def f():\n    {body}\n")
    if kind is None:
        assert outcome["ok"] and outcome["value"] == 7
    elif isinstance(outcome, dict):
        assert outcome["error"]["kind"] == kind
    else:  # a C-stack overflow can also end the process (or take long on a busy machine): still graded
        assert kind == "recursion" and isinstance(outcome, (WorkerCrashed, WorkerTimeout))


def _marked(marker):
    found = []
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            comm = open(f"/proc/{name}/comm").read()
            cmd = open(f"/proc/{name}/cmdline", "rb").read().decode(errors="replace")
            state = open(f"/proc/{name}/stat").read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and (marker in comm or marker in cmd):
            found.append(int(name))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
def test_no_process_survives_the_worker_setsid_and_double_fork_included(level):
    marker = f"sbx{os.getpid() % 100000}"
    source = f"""
import ctypes, os, subprocess, sys, time
def f():
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "{marker}"], start_new_session=True)
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            ctypes.CDLL(None).prctl(15, b"{marker}", 0, 0, 0)
            time.sleep(600)
        os._exit(0)
    time.sleep(0.3)
    return 1
"""
    outcome, worker = run(level, source)
    assert outcome["value"] == 1
    assert _marked(marker) == []
    assert not os.path.exists(worker.scratch)


def test_process_count_is_limited(level):
    probe = sandbox._PidsCgroup.create(4)
    if probe is not None:
        probe.remove()
    elif os.getuid() == 0:
        pytest.skip("root without a pids cgroup: only the time limit and the teardown bound a fork bomb")
    source = """
import os, time
def f():
    n = 0
    for _ in range(200):
        try:
            if os.fork() == 0:
                time.sleep(30); os._exit(0)
        except OSError:
            break
        n += 1
    return n
"""
    outcome, _ = run(level, source, limits=Limits(time=5, processes=16))
    assert outcome["ok"] and outcome["value"] < 20


def test_namespaces_hide_the_course_and_the_network():
    if sandbox.isolation_level() != sandbox.NAMESPACES:
        pytest.skip("namespaces are not available here")
    root = os.path.dirname(os.path.dirname(os.path.abspath(sandbox.__file__)))
    source = f"""
import os, socket
def f():
    seen = sorted(os.listdir({root!r}))
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=0.5); net = True
    except OSError:
        net = False
    try:
        open({root!r} + "/grader/x", "w"); writable = True
    except OSError:
        writable = False
    open("/tmp/scratch", "w").write("ok")
    return seen, net, writable, os.getpid()
"""
    outcome, _ = run(sandbox.NAMESPACES, source)
    seen, net, writable, pid = outcome["value"]
    assert seen == ["grader"] and not net and not writable and pid < 10


# --- the trusted side's decoder --------------------------------------------------------------


def _frame(header, blobs=b""):
    head = json.dumps(header).encode()
    return struct.pack("<Q", len(head)) + head + blobs


@pytest.mark.parametrize("header", [
    {"v": {"$": "nd", "dtype": "<f8", "shape": [2**32, 2**32], "i": 0}, "n": [0]},
    {"v": {"$": "nd", "dtype": "|O", "shape": [1], "i": 0}, "n": [8]},
    {"v": {"$": "npscalar", "dtype": "<i1", "v": 10**30}, "n": []},
    {"v": {"$": "npscalar", "dtype": "<f8", "v": "1.0"}, "n": []},
    {"v": {"$": "dict", "v": 5}, "n": []},
    {"v": {"$": "dict", "v": [[1, 2]]}, "n": []},
    {"v": {"$": "tuple", "v": {"a": 1}}, "n": []},
    {"v": {"$": "float", "v": [1]}, "n": []},
    {"v": {"$": "nd"}, "n": []},
    {"v": {"$": "what"}, "n": []},
    {"v": 1, "n": [-1]},
])
def test_decode_turns_every_malformed_message_into_a_protocol_error(header):
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(_frame(header, b"\0" * 8))


def test_decode_refuses_deep_nesting_and_bad_json():
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(_frame_raw(b"[" * 100_000))
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(_frame_raw(b"{not json"))


def _frame_raw(head):
    return struct.pack("<Q", len(head)) + head


def test_decoded_arrays_are_plain_copies():
    class Sneaky(np.ndarray):
        def __eq__(self, other):
            return True

    value = protocol.decode(protocol.encode(np.arange(4.0).view(Sneaky)))
    assert type(value) is np.ndarray and value.flags.writeable and list(value) == [0, 1, 2, 3]
