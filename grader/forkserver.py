"""The fork server: a long-lived sandboxed process that forks one fresh worker per submission.

Started by grader.pool as `python -I -B -m grader.forkserver CONTROL_FD MODE`, under the same
bubblewrap sandbox as a worker but with nothing in it writable (sandbox._bwrap_command(shared=True)),
or, at the "rlimits" level, as a plain process in its own session. It imports numpy and
grader.worker once. For each submission the trusted side sends a "spawn" request over the
control socket with the two pipe ends of the new worker, and the server forks:

- MODE "nested" (under bubblewrap): the child enters new user, mount, IPC and PID namespaces of
  its own and mounts a fresh tmpfs on /tmp and /dev/shm; a tiny init, pid 1 of the new PID
  namespace, forks the worker. When the worker ends or the trusted side says "kill", the init
  dies and the kernel ends every process of that namespace; the tmpfs and any IPC objects go
  with the namespaces. What one submission writes or starts cannot reach the next. (Its /proc
  is the server sandbox's, read-only: bubblewrap's /proc cannot be mounted again in a nested
  namespace. The pids it shows belong to another PID namespace and cannot be signalled from
  this one; the server is not dumpable.)
- MODE "plain" (the "rlimits" level): the worker gets its own session and a scratch folder;
  this server is a child subreaper, so whatever the worker starts stays below it, and on "kill"
  the whole tree is frozen, killed and reaped and the scratch folder removed.

The worker sets its resource limits after the fork, drops every capability (nested mode) and
keeps no descriptor but its two pipes and /dev/null. The server never runs learner code, is not
dumpable (a submission can neither ptrace it nor read its memory) and ignores Ctrl-C: the trusted
side ends it. Keep this module's imports light and free of the trusted side's modules.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import select
import shutil
import signal
import socket
import sys
import time

import numpy  # noqa: F401  (imported once here, so a forked worker starts with it)

from grader import worker

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID = 0x00020000, 0x08000000, 0x10000000, 0x20000000
MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x4000, 0x40000
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP = 1, 4, 24
PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 36, 38, 47, 4
MAX_MESSAGE = 65536
NESTED, PLAIN = "nested", "plain"

_libc = ctypes.CDLL(None, use_errno=True)


def _call(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _prctl(option: int, arg: int = 0) -> None:
    _call(_libc.prctl(option, ctypes.c_ulong(arg), 0, 0, 0), f"prctl({option})")


# --- what the forked processes do ------------------------------------------------------------


def scratch_dir() -> str:
    """The private scratch of a forked worker: TMPDIR as the pool set it (grader.sandbox.child_scratch)."""
    return os.environ.get("TMPDIR") or "/tmp"


def enter_namespaces(scratch_size: int) -> None:
    """New user, mount, IPC and PID namespaces (the PID one for the children), fresh /tmp and /dev/shm."""
    uid, gid = os.getuid(), os.getgid()
    _call(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWPID), "unshare")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)
    _libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None)  # nothing propagates out (best effort)
    options = f"size={scratch_size},mode=0755".encode()
    for target in (scratch_dir().encode(), b"/dev/shm"):
        if os.path.isdir(target):
            _call(_libc.mount(b"tmpfs", target, b"tmpfs", MS_NOSUID | MS_NODEV, options), f"mount {target.decode()}")


def drop_capabilities() -> None:
    """No capability left, in any set, and none to be regained by exec (the learner runs unprivileged)."""
    try:
        last = int(open("/proc/sys/kernel/cap_last_cap").read())
    except (OSError, ValueError):
        last = 40
    for cap in range(last + 1):
        _libc.prctl(PR_CAPBSET_DROP, ctypes.c_ulong(cap), 0, 0, 0)
    _libc.prctl(PR_CAP_AMBIENT, ctypes.c_ulong(PR_CAP_AMBIENT_CLEAR_ALL), 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()                 # effective, permitted, inheritable: all empty
    _call(_libc.capset(header, data), "capset")
    _prctl(PR_SET_NO_NEW_PRIVS, 1)


def set_limits(limits: dict) -> None:
    import resource

    memory, cpu, file_size = limits["memory"], limits["cpu"], limits["file_size"]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if limits.get("nproc") is not None:
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["nproc"], limits["nproc"]))


def _only_pipes(read_fd: int, write_fd: int) -> None:
    """Descriptors 3 and 4 are the worker's pipes, 0-2 are /dev/null, and nothing else is open."""
    high_r = fcntl.fcntl(read_fd, fcntl.F_DUPFD, 64)
    high_w = fcntl.fcntl(write_fd, fcntl.F_DUPFD, 64)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.dup2(high_r, 3)
    os.dup2(high_w, 4)
    os.closerange(5, 1 << 20)


def run_worker(read_fd: int, write_fd: int, limits: dict, nested: bool, home: str) -> None:
    """The forked worker: limits, a clean process state, then grader.worker's loop. Never returns."""
    try:
        os.setsid()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for sig in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        if nested:
            drop_capabilities()
        else:
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        _prctl(PR_SET_DUMPABLE, 1)  # like any process; the server stays undumpable
        os.chdir(home)
        os.environ["HOME"] = os.environ["TMPDIR"] = home
        _only_pipes(read_fd, write_fd)
        sys.argv = [worker.__file__, "3", "4"]  # what a worker started by grader.sandbox sees
        set_limits(limits)
        if "numpy.random" in sys.modules:  # a fork shares the server's random state: draw a fresh one
            sys.modules["numpy.random"].seed()
        worker.serve(3, 4)
    finally:
        os._exit(0)


def run_init(read_fd: int, write_fd: int, status_fd: int, limits: dict) -> None:
    """Pid 1 of the submission's PID namespace: forks the worker, reaps orphans, reports the worker's
    wait status, and exits, which ends every process left in the namespace. Never returns."""
    try:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)  # pid 1 ignores default-action signals sent from inside
        child = os.fork()
        if child == 0:
            os.close(status_fd)
            run_worker(read_fd, write_fd, limits, nested=True, home=scratch_dir())
        os.close(read_fd)
        os.close(write_fd)
        status = None
        while True:
            try:
                pid, wait_status = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            if pid == child:
                status = wait_status
                break
        if status is not None:
            os.write(status_fd, f"status {status}\n".encode())
    finally:
        os._exit(0)


def run_nested_child(read_fd: int, write_fd: int, status_fd: int, limits: dict) -> None:
    """Enters the submission's namespaces, starts its init, says the init's pid, waits. Never returns."""
    try:
        try:
            enter_namespaces(limits["scratch"])
            init = os.fork()
        except OSError as exc:
            os.write(status_fd, f"error {exc.strerror or exc}\n".encode())
            os._exit(1)
        if init == 0:
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            run_init(read_fd, write_fd, status_fd, limits)
        os.write(status_fd, f"pid {init}\n".encode())
        os.close(read_fd)
        os.close(write_fd)
        os.close(status_fd)
        os.waitpid(init, 0)
    finally:
        os._exit(0)


# --- the server ------------------------------------------------------------------------------


class Child:
    """The submission being graded: the forked process, and in nested mode its init and status pipe."""

    def __init__(self, pid: int, status_fd: int | None = None, home: str | None = None):
        self.pid, self.status_fd, self.home = pid, status_fd, home
        self.init: int | None = None          # nested mode: pid 1 of its namespace, as this server sees it
        self.wait_status: int | None = None   # the worker's wait status once known
        self.exited = False                   # the forked child (and so the submission) is gone
        self._buffer = b""

    def read_line(self, deadline: float) -> str:
        """The next line the submission's side wrote on the status pipe ("" if none came in time)."""
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.status_fd], [], [], remaining)[0]:
                break
            chunk = os.read(self.status_fd, 256)
            if not chunk:
                break
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode("utf-8", "replace")


class Server:
    def __init__(self, sock: socket.socket, mode: str):
        self.sock, self.mode = sock, mode
        self.child: Child | None = None
        self.count = 0

    def serve(self) -> None:
        self.reply(self.hello())
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(self.sock, MAX_MESSAGE, 4)
            except (ConnectionError, OSError):
                break
            if not data:
                break
            request = json.loads(data)
            op = request.get("op")
            try:
                if op == "spawn":
                    reply = self.spawn(request, fds)
                elif op == "wait":
                    reply = {"ok": True, "status": self.wait(float(request.get("timeout", 2.0)))}
                elif op == "kill":
                    reply = {"ok": True, "status": self.kill()}
                elif op == "bye":
                    break
                else:
                    reply = {"ok": False, "error": f"unknown op {op!r}"}
            except OSError as exc:
                reply = {"ok": False, "error": f"{op}: {exc.strerror or exc}"}
            finally:
                for fd in fds:
                    _close(fd)
            self.reply(reply)
        self.kill()

    def reply(self, message: dict) -> None:
        self.sock.send(json.dumps(message).encode())

    def hello(self) -> dict:
        if self.mode != NESTED:
            return {"ready": True, "mode": self.mode}
        # Try the namespaces once: a kernel or bwrap that refuses nested ones means no fork server.
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read_fd)
                enter_namespaces(1 << 20)
                drop_capabilities()
            except OSError as exc:
                os.write(write_fd, (exc.strerror or str(exc)).encode())
                os._exit(1)
            os._exit(0)
        os.close(write_fd)
        _, status = os.waitpid(pid, 0)
        reason = _read_all(read_fd).decode("utf-8", "replace")
        os.close(read_fd)
        ok = os.waitstatus_to_exitcode(status) == 0
        return {"ready": True, "mode": self.mode, "nested": ok, "reason": "" if ok else reason or "failed"}

    def spawn(self, request: dict, fds: list[int]) -> dict:
        if len(fds) != 2:
            return {"ok": False, "error": "spawn needs the worker's two pipe ends"}
        self.kill()
        read_fd, write_fd = fds
        limits = request["limits"]
        self.count += 1
        if self.mode == NESTED:
            status_r, status_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                self.sock.close()
                os.close(status_r)
                run_nested_child(read_fd, write_fd, status_w, limits)
            os.close(status_w)
            self.child = Child(pid, status_fd=status_r)
            line = self.child.read_line(time.monotonic() + 10)
            if not line.startswith("pid "):
                self.kill()
                return {"ok": False, "error": line.removeprefix("error ").strip() or "the sandbox did not start"}
            self.child.init = int(line.split()[1])
        else:
            home = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"submission-{self.count}")
            os.mkdir(home, 0o700)
            pid = os.fork()
            if pid == 0:
                self.sock.close()
                run_worker(read_fd, write_fd, limits, nested=False, home=home)
            self.child = Child(pid, home=home)
        return {"ok": True, "pid": pid}

    def _reap(self, child: Child, block: bool) -> bool:
        """Whether the forked child has exited; collects the worker's wait status when it has."""
        if child.exited:
            return True
        try:
            pid, status = os.waitpid(child.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            pid, status = child.pid, None
        if pid == 0:
            return False
        child.exited = True
        if self.mode == NESTED:
            line = child.read_line(time.monotonic() + 0.5)
            if line.startswith("status "):
                child.wait_status = int(line.split()[1])
        else:
            child.wait_status = status
        return True

    def wait(self, timeout: float) -> int | None:
        """The worker's exit code (negative: killed by that signal) once it ends, else None after `timeout`."""
        child = self.child
        if child is None:
            return None
        end = time.monotonic() + timeout
        while not self._reap(child, block=False) and time.monotonic() < end:
            time.sleep(0.002)
        return _exit_code(child.wait_status)

    def kill(self) -> int | None:
        """End the current submission and everything it started; returns its exit code if it had one."""
        child = self.child
        if child is None:
            return None
        if self.mode == NESTED:
            if not child.exited and child.init is not None:
                _kill(child.init)  # pid 1 of the submission's namespace: the kernel ends the rest
            self._reap(child, block=True)
            _close(child.status_fd)
        else:
            _kill_tree()
            self._reap(child, block=True)
            while True:  # orphans re-parented to this subreaper
                try:
                    os.waitpid(-1, 0)
                except ChildProcessError:
                    break
            if child.home:
                shutil.rmtree(child.home, onerror=_force_remove)
        self.child = None
        return _exit_code(child.wait_status)


def _exit_code(wait_status: int | None) -> int | None:
    return os.waitstatus_to_exitcode(wait_status) if wait_status is not None else None


def _kill_tree() -> None:
    """Freeze, then kill, every process below this one (all of them belong to the current submission)."""
    from grader.sandbox import descendants

    stopped: set[int] = set()
    for _ in range(100):
        found = descendants(os.getpid()) - stopped
        if not found:
            break
        for pid in found:
            _kill(pid, signal.SIGSTOP)
        stopped |= found
    for pid in stopped:
        _kill(pid)


def _kill(pid: int, sig=signal.SIGKILL) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _close(fd) -> None:
    if fd is not None:
        try:
            os.close(fd)
        except OSError:
            pass


def _force_remove(function, path, _exc_info) -> None:
    # A submission may leave folders it made unreadable: give them back to us and try again.
    try:
        os.chmod(os.path.dirname(path), 0o700)
        os.chmod(path, 0o700)
        function(path)
    except OSError:
        pass


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
    return b"".join(chunks)


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole terminal group: the trusted side decides
    _prctl(PR_SET_DUMPABLE, 0)
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    sock = socket.socket(fileno=int(argv[0]))
    Server(sock, argv[1] if len(argv) > 1 else PLAIN).serve()


if __name__ == "__main__":
    main()
