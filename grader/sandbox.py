"""Runs the worker (grader.worker) as a separate, limited process and talks to it with plain data.

Limits: a wall-clock deadline per request (and a CPU-time limit as a backstop), an address-space
limit for memory, a cap on what the process writes to its stdout/stderr, a file-size limit; the
worker starts in its own session so the whole group can be killed, in an empty scratch folder
that is removed afterwards.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

from grader import protocol

GiB = 1024**3


@dataclass(frozen=True)
class Limits:
    time: float = 10.0          # wall-clock seconds for the whole exercise
    memory: int = 1 * GiB       # bytes of address space
    output: int = 64 * 1024     # bytes of stdout/stderr kept; the rest is counted
    file_size: int = 64 * 1024 * 1024
    processes: int = 64


class WorkerTimeout(Exception):
    pass


class WorkerCrashed(Exception):
    """The worker process died (segfault, os._exit, killed by a limit) before answering."""

    def __init__(self, message, returncode=None):
        super().__init__(message)
        self.returncode = returncode


class _Drain(threading.Thread):
    """Reads a stream to its end, keeping the first `limit` bytes and counting the rest."""

    def __init__(self, stream, limit):
        super().__init__(daemon=True)
        self.stream, self.limit = stream, limit
        self.kept = bytearray()
        self.dropped = 0

    def run(self):
        try:
            while chunk := self.stream.read1(65536):
                room = self.limit - len(self.kept)
                if room > 0:
                    self.kept += chunk[:room]
                self.dropped += max(0, len(chunk) - max(room, 0))
        except (OSError, ValueError):
            pass


def _worker_env(scratch: str) -> dict:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": scratch,
        "TMPDIR": scratch,
        "LANG": "C.UTF-8",
        # One thread per numerical library: predictable memory use and fair sharing in batch runs.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    return env


def _apply_limits(limits: Limits, cpu_seconds: int):
    import resource

    def setup():
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size, limits.file_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return setup


class Worker:
    """One worker process. Start it early: it imports numpy while the grader gets ready."""

    def __init__(self, limits: Limits = Limits()):
        self.limits = limits
        self.scratch = tempfile.mkdtemp(prefix="grade-worker-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        cpu = int(limits.time) + 2
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-B", "-m", "grader.worker", str(to_child_r), str(from_child_w)],
            pass_fds=(to_child_r, from_child_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=self.scratch,
            env=_worker_env(self.scratch),
            start_new_session=True,
            preexec_fn=_apply_limits(limits, cpu),
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._drains = [_Drain(self.process.stdout, limits.output), _Drain(self.process.stderr, limits.output)]
        for d in self._drains:
            d.start()
        self._ready = False
        self.closed = False

    def request(self, message: dict, deadline: float) -> dict:
        """Send one request and wait for its reply until `deadline` (a time.monotonic() value)."""
        if self.closed:
            raise WorkerCrashed("the worker was already stopped")
        if not self._ready:
            self._receive(deadline)  # the worker says it is ready once numpy is imported
            self._ready = True
        try:
            protocol.send(self._to_child, message)
        except (BrokenPipeError, OSError):
            raise self._crashed() from None
        reply = self._receive(deadline)
        if not isinstance(reply, dict):
            raise WorkerCrashed("the worker answered with something that is not a reply")
        return reply

    def _receive(self, deadline: float):
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                raise WorkerTimeout()
            ready, _, _ = select.select([self._from_child], [], [], remaining)
            if ready:
                break
        try:
            return self._receive_ready(deadline)
        except (EOFError, OSError):
            raise self._crashed() from None
        except protocol.ProtocolError as exc:
            self.kill()
            raise WorkerCrashed(f"the worker sent a malformed message ({exc})") from None

    def _receive_ready(self, deadline):
        # The length header is there; read the rest, still within the deadline.
        header = protocol.read_exact(self._from_child, protocol._HEADER.size)
        (size,) = protocol._HEADER.unpack(header)
        if size > protocol.MAX_MESSAGE:
            raise protocol.ProtocolError("message too large")
        chunks, remaining = [], size
        while remaining:
            if time.monotonic() > deadline:
                self.kill()
                raise WorkerTimeout()
            ready, _, _ = select.select([self._from_child], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                continue
            chunk = os.read(self._from_child, min(remaining, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            remaining -= len(chunk)
        return protocol.decode(b"".join(chunks))

    def _crashed(self) -> WorkerCrashed:
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.process.returncode
        return WorkerCrashed(describe_exit(code, self.limits), code)

    def output(self) -> tuple[str, int]:
        """What the process itself wrote to stdout/stderr (outside the captured calls): text and bytes dropped."""
        kept = b"".join(bytes(d.kept) for d in self._drains)
        return kept.decode("utf-8", "replace"), sum(d.dropped for d in self._drains)

    def kill(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.wait()

    def close(self):
        if self.closed:
            return
        self.closed = True
        if self.process.poll() is None:
            try:
                protocol.send(self._to_child, {"op": "bye"})
                self.process.wait(timeout=0.5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()
        # Anything the submission left running in its process group goes too.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        for d in self._drains:
            d.join(timeout=1)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def describe_exit(code, limits: Limits) -> str:
    if code is None:
        return "the worker stopped answering"
    if code < 0:
        sig = -code
        if sig == signal.SIGSEGV:
            return "the process crashed with a segmentation fault"
        if sig in (signal.SIGXCPU,):
            return f"used more than its {limits.time:g} s of CPU time"
        if sig == signal.SIGKILL:
            return "the process was killed (it may have used more than its memory or time)"
        try:
            return f"the process was killed by signal {signal.Signals(sig).name}"
        except ValueError:
            return f"the process was killed by signal {sig}"
    return f"the process exited with status {code} while it was being graded (os._exit or a crash)"
