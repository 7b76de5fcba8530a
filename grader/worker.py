"""The worker: the only process where a learner's code runs.

Started by grader.sandbox as `python -I -B -m grader.worker READ_FD WRITE_FD`. It receives
requests as plain data over a pipe, loads the submission from the source text it is sent
(it never needs to find the file itself), calls the learner's functions and answers with
plain data. It knows nothing of the expected values: every comparison happens in the
grader's process.

Keep this module small and its imports light: it is on the path of every `grade` run.
"""

from __future__ import annotations

import io
import sys
import time
import traceback
import types

import numpy  # noqa: F401  (imported before the learner's code so its import time is not theirs)

from grader import protocol

PRINT_LIMIT = 2000


class CappedText(io.TextIOBase):
    """Stands in for sys.stdout/sys.stderr during a call: keeps the first characters, counts the rest."""

    def __init__(self, limit=PRINT_LIMIT):
        self.limit, self.parts, self.kept, self.dropped = limit, [], 0, 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = self.limit - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def text(self):
        out = "".join(self.parts)
        return out + (f"\n... ({self.dropped} more characters not shown)" if self.dropped else "")


class Submission:
    def __init__(self):
        self.module = None
        self.filename = "submission.py"
        self.lines: list[str] = []

    def load(self, source: str, filename: str, module_name: str) -> dict:
        self.filename, self.lines = filename, source.splitlines()
        if not source.strip():
            return {"ok": False, "error": {"kind": "empty"}}
        try:
            code = compile(source, filename, "exec", dont_inherit=True)
        except SyntaxError as exc:
            return {"ok": False, "error": {
                "kind": "syntax",
                "type": type(exc).__name__,
                "message": exc.msg or "invalid syntax",
                "line": exc.lineno,
                "column": exc.offset,
                "text": (exc.text or "").rstrip("\n"),
            }}
        module = types.ModuleType(module_name)
        module.__file__ = filename
        sys.modules[module_name] = module
        outcome = self._run(lambda: exec(code, module.__dict__))
        if "error" in outcome:
            error = outcome["error"]
            error["kind"] = "import_missing" if error.get("type") == "ModuleNotFoundError" else "import"
            if error["kind"] == "import_missing":
                error["module"] = getattr(outcome.get("exception"), "name", None)
            outcome.pop("exception", None)
            return {"ok": False, "error": error, "stdout": outcome["stdout"]}
        self.module = module
        functions = sorted(
            name for name, value in vars(module).items() if callable(value) and not name.startswith("__")
        )
        return {"ok": True, "functions": functions, "stdout": outcome["stdout"]}

    def call(self, name: str, args, kwargs, return_args: bool) -> dict:
        if self.module is None:
            return {"ok": False, "error": {"kind": "not_loaded"}}
        fn = vars(self.module).get(name)
        if fn is None or not callable(fn):
            defined = sorted(n for n, v in vars(self.module).items() if callable(v) and not n.startswith("_"))
            return {"ok": False, "error": {"kind": "missing", "name": name, "defined": defined}}
        started = time.perf_counter()
        outcome = self._run(lambda: fn(*args, **kwargs))
        outcome.pop("exception", None)
        outcome["seconds"] = time.perf_counter() - started
        if "error" in outcome:
            outcome["ok"] = False
            if outcome["error"].get("type") == "NotImplementedError" and self._raised_here(outcome["error"], name):
                outcome["error"]["kind"] = "not_implemented"
            return outcome
        value = outcome.pop("value")
        outcome["ok"] = True
        outcome["value"] = value
        if return_args:  # the very objects the function received (a tuple: its items cannot be swapped)
            outcome["args_after"] = list(args)
            outcome["kwargs_after"] = dict(kwargs)
        return outcome

    def _raised_here(self, error, name):
        frames = error.get("frames") or []
        return bool(frames) and frames[-1]["function"] == name

    def _run(self, thunk) -> dict:
        capture = CappedText()
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = capture
        try:
            value = thunk()
        except BaseException as exc:  # the learner's code may raise anything, SystemExit included
            return {"error": self._describe(exc), "stdout": capture.text(), "exception": exc}
        finally:
            sys.stdout, sys.stderr = saved
        return {"value": value, "stdout": capture.text()}

    def _describe(self, exc: BaseException) -> dict:
        frames = []
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename == self.filename:
                text = self.lines[frame.lineno - 1].strip() if frame.lineno and frame.lineno <= len(self.lines) else ""
                frames.append({"line": frame.lineno, "function": frame.name, "text": text})
        try:
            message = str(exc)
        except Exception:
            message = "<message could not be shown>"
        kind = "exit" if isinstance(exc, (SystemExit, KeyboardInterrupt)) else "exception"
        if isinstance(exc, MemoryError):
            kind = "memory"
        if isinstance(exc, RecursionError):
            kind = "recursion"
        return {"kind": kind, "type": type(exc).__name__, "message": message[:1000], "frames": frames[-8:]}


def _warning_printer(submission: Submission):
    """Warnings (numpy's overflow, say) told in the learner's terms: their line, not numpy's file."""

    def show(message, category, filename, lineno, file=None, line=None):
        where = ""
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == submission.filename:
                number = frame.f_lineno
                text = submission.lines[number - 1].strip() if 0 < number <= len(submission.lines) else ""
                where = f" ({submission.filename}, line {number}: {text})"
                break
            frame = frame.f_back
        try:
            sys.stderr.write(f"{category.__name__}: {message}{where}\n")
        except Exception:  # a closed or replaced stream must not turn a warning into a crash
            pass

    return show


def serve(read_fd: int, write_fd: int) -> None:
    import warnings

    submission = Submission()
    warnings.showwarning = _warning_printer(submission)
    protocol.send(write_fd, {"ready": True})
    while True:
        try:
            request = protocol.receive(read_fd)
        except EOFError:
            return
        op = request.get("op")
        if op == "load":
            reply = submission.load(request["source"], request["filename"], request["module"])
        elif op == "call":
            reply = submission.call(request["function"], tuple(request.get("args", [])),
                                    request.get("kwargs", {}), request.get("return_args", False))
        elif op == "bye":
            return
        else:
            reply = {"ok": False, "error": {"kind": "protocol", "message": f"unknown op {op!r}"}}
        try:
            protocol.send(write_fd, reply)
        except Exception as exc:  # a value that cannot be encoded is described, not fatal
            protocol.send(write_fd, {"ok": False, "error": {"kind": "encode", "message": str(exc)[:300]}})


def become_subreaper() -> None:
    """Orphans of the learner's processes (double fork, setsid) are re-parented here, not to init,
    so the grader finds and ends them (the "rlimits" level; under bubblewrap the PID namespace does it)."""
    try:
        import ctypes

        PR_SET_CHILD_SUBREAPER = 36
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--reaper" in argv[2:]:
        become_subreaper()
    serve(int(argv[0]), int(argv[1]))


if __name__ == "__main__":
    main()
