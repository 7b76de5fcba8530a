"""Pre-warmed workers for grading many submissions: a fork server, and the pool that uses it.

Starting a worker (grader.sandbox.Worker) costs a Python start and numpy's import, about the
time of `python -c "import numpy"`. `grade batch` grades hundreds of submissions, so each of
its grading processes keeps one `ForkServer`: a long-lived process (grader/forkserver.py),
started under the same sandbox as a worker, with numpy and grader.worker already imported,
that forks one fresh worker per submission. A forked worker is a `ForkWorker`: it has the
interface of `Worker` (request, kill, close) and the same limits, and the trusted side talks
to it over its own pipes exactly as to a worker.

Isolation is never weaker than a `Worker`'s:

- at the "namespaces" level each submission gets new user, mount, IPC and PID namespaces
  inside the server's bubblewrap sandbox, with its own fresh /tmp and /dev/shm, no
  capabilities, and an init whose death ends every process it left; the server's own
  sandbox has nothing writable. Where the kernel refuses nested namespaces, `WorkerPool`
  falls back to a plain `Worker` per submission;
- at the "rlimits" level each submission gets its own session and scratch folder, and its
  whole process tree is frozen and killed before the next one starts (what a `Worker` gives).

`WorkerPool` is the worker factory a grading process hands to `grader.engine.Learner`:
`pool(limits)` returns a forked worker, restarting a server that died, and a plain `Worker`
when no fork server can run here.
"""

from __future__ import annotations

import json
import os
import resource
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from grader.sandbox import (
    NAMESPACES,
    RLIMITS,
    Isolation,
    Limits,
    Worker,
    WorkerCrashed,
    _bwrap_command,
    child_scratch,
    _Drain,
    _PidsCgroup,
    _signal_all,
    _user_process_count,
    _worker_env,
    describe_exit,
    freeze_tree,
    isolation,
)

START_TIMEOUT = 20.0   # seconds for a fork server to import numpy and say it is ready
REPLY_TIMEOUT = 20.0   # seconds for any other answer of the server (a kill waits for a whole tree)


class ForkServerError(Exception):
    """The fork server died or answered something unexpected."""


class ForkServerUnavailable(ForkServerError):
    """This machine cannot run a fork server with the isolation a Worker would have."""


class ForkServer:
    """One long-lived sandboxed process that forks a fresh worker per submission (grader/forkserver.py)."""

    def __init__(self, limits: Limits = Limits(), level: str | None = None):
        iso = isolation()
        if level == RLIMITS and iso.level != RLIMITS:
            iso = Isolation(RLIMITS, reason="asked for")
        self.isolation = iso
        self.nested = iso.level == NAMESPACES
        self.limits = limits
        self.closed = False
        self.spawned = 0
        self.scratch = tempfile.mkdtemp(prefix="grade-forkserver-")
        self._sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        argv = [sys.executable, "-I", "-B", "-m", "grader.forkserver", str(theirs.fileno()),
                "nested" if self.nested else "plain"]
        if self.nested:
            argv = _bwrap_command(iso, limits, argv, shared=True)
            if os.geteuid() == 0:
                # Root's own uid may be mapped into a nested user namespace only by a process that
                # holds CAP_SETFCAP. The server keeps just that one; every worker drops all.
                after = argv.index("--cap-drop") + 2
                argv[after:after] = ["--cap-add", "CAP_SETFCAP"]
        self._cgroup = _PidsCgroup.create(limits.processes + 6) if sys.platform.startswith("linux") else None
        try:
            self.process = subprocess.Popen(
                argv, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, cwd=self.scratch,
                env=_worker_env(child_scratch() if self.nested else self.scratch),
                start_new_session=True, preexec_fn=self._preexec,
            )
        except BaseException:
            self._sock.close()
            self._remove_files()
            raise
        finally:
            theirs.close()
        self._stderr = _Drain(self.process.stderr, 16 * 1024)
        self._stderr.start()
        try:
            hello = self._receive(time.monotonic() + START_TIMEOUT)
        except ForkServerError:
            self.close()
            raise
        if not hello.get("ready") or (self.nested and not hello.get("nested")):
            self.close()
            raise ForkServerUnavailable(f"nested namespaces are refused here: {hello.get('reason') or hello}")

    def _preexec(self):
        if self._cgroup is not None:
            self._cgroup.join()
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    @property
    def alive(self) -> bool:
        return not self.closed and self.process.poll() is None

    # --- talking to the server ---------------------------------------------------------------

    def _send(self, message: dict, fds=()):
        try:
            socket.send_fds(self._sock, [json.dumps(message).encode()], list(fds))
        except OSError as exc:
            raise ForkServerError(f"the fork server is gone ({exc})") from None

    def _receive(self, deadline: float) -> dict:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ForkServerError("the fork server did not answer in time")
            if select.select([self._sock], [], [], remaining)[0]:
                break
        try:
            data = self._sock.recv(65536)
        except OSError as exc:
            raise ForkServerError(f"the fork server is gone ({exc})") from None
        if not data:
            raise ForkServerError(f"the fork server is gone: {self.output().strip()[-300:] or 'no message'}")
        try:
            reply = json.loads(data)
        except ValueError:
            raise ForkServerError("the fork server sent a malformed message") from None
        if not isinstance(reply, dict):
            raise ForkServerError("the fork server sent a malformed message")
        return reply

    def _request(self, message: dict, fds=(), timeout: float = REPLY_TIMEOUT) -> dict:
        if not self.alive:
            raise ForkServerError("the fork server is not running")
        self._send(message, fds)
        reply = self._receive(time.monotonic() + timeout)
        if not reply.get("ok"):
            raise ForkServerError(f"the fork server could not {message['op']}: {reply.get('error')}")
        return reply

    # --- what a ForkWorker asks for ----------------------------------------------------------

    def worker(self, limits: Limits | None = None) -> ForkWorker:
        """A freshly forked worker with `limits` (default: the server's)."""
        return ForkWorker(self, limits or self.limits)

    def spawn(self, limits: Limits, read_fd: int, write_fd: int) -> int:
        if not sys.platform.startswith("linux") or os.getuid() == 0:
            nproc = None  # root ignores RLIMIT_NPROC: the server's pids cgroup caps it
        elif self.nested:
            # RLIMIT_NPROC counts per user namespace: the submission's own holds just its entry
            # process, its init and its worker when the worker starts.
            nproc = limits.processes + 3
        else:
            nproc = _user_process_count() + limits.processes  # all the user's processes count
        wanted = {"memory": limits.memory, "cpu": int(limits.time) + 2, "file_size": limits.file_size,
                  "nproc": nproc, "scratch": limits.scratch}
        reply = self._request({"op": "spawn", "limits": wanted}, (read_fd, write_fd))
        self.spawned += 1
        return int(reply["pid"])

    def wait(self, timeout: float) -> int | None:
        """The current worker's exit code once it has ended (None: still running after `timeout`)."""
        return self._request({"op": "wait", "timeout": timeout}, timeout=timeout + REPLY_TIMEOUT).get("status")

    def kill(self) -> int | None:
        """End the current worker and everything it started; returns once they are all gone."""
        return self._request({"op": "kill"}).get("status")

    def output(self) -> str:
        """What the server itself wrote on stderr (for diagnosing a server that failed)."""
        return bytes(self._stderr.kept).decode("utf-8", "replace")

    # --- ending the server -------------------------------------------------------------------

    def close(self):
        """Stop the server and every process below it, and wait until they are gone."""
        if self.closed:
            return
        if self.alive:  # asked first, it ends its submission and exits: every process is reaped and counted
            try:
                self._send({"op": "bye"})
                self.process.wait(timeout=2)
            except (ForkServerError, subprocess.TimeoutExpired):
                pass
        self.closed = True
        _signal_all(freeze_tree(self.process, self._cgroup), signal.SIGKILL)
        self.process.wait()
        self._sock.close()
        self._stderr.join(timeout=1)
        self._remove_files()

    def _remove_files(self):
        if self._cgroup is not None:
            self._cgroup.remove()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class ForkWorker(Worker):
    """A worker forked by a ForkServer: the interface and limits of `Worker`, without its start-up cost."""

    def __init__(self, server: ForkServer, limits: Limits = Limits()):
        self.server, self.limits, self.isolation = server, limits, server.isolation
        self.scratch = None
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        try:
            self.pid = server.spawn(limits, to_child_r, from_child_w)
        except BaseException:
            for fd in (self._to_child, self._from_child):
                os.close(fd)
            raise
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._ready = False
        self.closed = False
        self._ended = False

    def _crashed(self) -> WorkerCrashed:
        try:
            code = self.server.wait(2.0)
        except ForkServerError:
            code = None
        self.kill()
        return WorkerCrashed(describe_exit(code, self.limits), code)

    def kill(self):
        """Stop the worker and every process it started, and wait until they are gone."""
        if self._ended:
            return
        self._ended = True
        try:
            self.server.kill()
        except ForkServerError:
            self.server.close()  # a server that cannot kill is ended itself, with all its processes

    def output(self) -> tuple[str, int]:
        """A forked worker's own stdout and stderr go to /dev/null: what the calls print is in their replies."""
        return "", 0

    def close(self):
        if self.closed:
            return
        self.closed = True
        self.kill()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass


class WorkerPool:
    """The worker factory of one grading process: `pool(limits)` is a fresh, isolated worker.

    Workers are forked from one ForkServer, started on first use and restarted if it dies;
    where no fork server can give a Worker's isolation, each call starts a plain Worker.
    """

    def __init__(self, limits: Limits = Limits(), level: str | None = None):
        self.limits, self.level = limits, level
        self.server: ForkServer | None = None
        self.fallback_reason = ""   # why plain Workers are used, once they are

    def __call__(self, limits: Limits | None = None) -> Worker:
        limits = limits or self.limits
        if not self.fallback_reason:
            for _ in range(2):  # a server that died is replaced once per call
                try:
                    if self.server is None or not self.server.alive:
                        self._close_server()
                        self.server = ForkServer(self.limits, self.level)
                    return self.server.worker(limits)
                except ForkServerUnavailable as exc:
                    self.fallback_reason = str(exc)
                    break
                except (ForkServerError, OSError):
                    self._close_server()
        return Worker(limits, level=self.level)

    def _close_server(self):
        if self.server is not None:
            self.server.close()
            self.server = None

    def close(self):
        self._close_server()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
