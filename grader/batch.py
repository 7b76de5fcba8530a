"""`grade batch SUBMISSIONS_DIR`: grade a whole class, in parallel, and resume where it stopped.

SUBMISSIONS_DIR holds one folder per learner; the folder's name is the learner in the gradebook.
`run_batch` does four things:

1. Plan. Read every learner's folder (grader.learner_task: `discover`, `read_item`) and pick what
   to grade: a file whose hash is not the one of the learner's latest attempt in the gradebook, or
   whose feedback is not kept in OUT/results yet (every file with `regrade=True`).
2. Grade. `jobs` grading processes (`python -m grader.batch --serve`) each import pytest and numpy
   once, keep one fork server (grader.pool.WorkerPool) and run `grade_learner` on one learner at a
   time, sending each file's result back as a JSON line as soon as it is graded.
3. Record. This process is the only writer. Each result is recorded in the course's gradebook in
   its own transaction as it arrives, then kept with its feedback in OUT/results/<learner>.json.
4. Report. OUT/feedback/<learner>.txt and OUT/grades.csv are rebuilt from the gradebook and
   OUT/results: one row per learner, one column per exercise and quiz, the total and the problems.

Stopped half-way (Ctrl-C, a killed process), nothing recorded is lost and nothing is recorded
twice: the same command grades only what is missing or changed. See docs/batch.md.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from grader.errors import CourseError
from grader.learner_task import Plan, discover, grade_learner, read_item

DEFAULT_QUIZ_SEED = 0
CSV_NAME = "grades.csv"
RULE = "=" * 78


@dataclass
class BatchReport:
    out: Path
    learners: int = 0          # learner folders in SUBMISSIONS_DIR
    submissions: int = 0       # files to grade in them (exercises and quiz answers)
    graded: int = 0            # graded in this run
    recorded: int = 0          # new attempts in the gradebook
    failed: int = 0            # files the platform could not grade (see grades.csv)
    with_problems: int = 0     # rows of grades.csv with something in `problems`
    jobs: int = 0
    seconds: float = 0.0

    @property
    def csv(self) -> Path:
        return self.out / CSV_NAME

    def summary(self) -> str:
        unchanged = self.submissions - self.graded - self.failed
        rate = f" ({self.graded / self.seconds:.1f}/s)" if self.graded and self.seconds else ""
        lines = [f"Graded {self.graded} of {self.submissions} submissions of {self.learners} learners in "
                 f"{self.seconds:.1f} s{rate} with {self.jobs} job(s); {max(unchanged, 0)} unchanged since the "
                 f"last run, {self.recorded} new attempts recorded."]
        if self.failed:
            lines.append(f"{self.failed} submission(s) could not be graded: see the `problems` column.")
        if self.with_problems:
            lines.append(f"{self.with_problems} learner(s) have problems noted in {self.csv}.")
        lines.append(f"Grades: {self.csv}")
        lines.append(f"Feedback: {self.out / 'feedback'}/<learner>.txt")
        return "\n".join(lines)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_batch(course, submissions, *, jobs: int | None = None, out=None, public_only: bool = False,
              regrade: bool = False, timeout: float | None = None, memory: int | None = None,
              quiz_seed: int = DEFAULT_QUIZ_SEED, progress=None) -> BatchReport:
    """Grade every learner folder of `submissions`; see the module docstring.

    jobs: grading processes (default: the CPUs); out: where grades.csv, feedback/ and results/ go
    (default: SUBMISSIONS-grades beside it); timeout: seconds per exercise (default: the catalog's);
    memory: MiB per submission; quiz_seed: the quizzes' variant for the whole class; progress: a
    text stream for the progress bar (default: stderr). Ctrl-C raises KeyboardInterrupt once every
    grading process is stopped.
    """
    from grader.gradebook import Gradebook

    started = time.monotonic()
    root = Path(submissions).resolve()
    if not root.is_dir():
        raise CourseError(f"{submissions} is not a folder: give the folder that holds one folder per learner")
    out = Path(out).resolve() if out else root.parent / f"{root.name}-grades"
    folders = [p for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".") and p != out]
    if not folders:
        raise CourseError(f"{submissions} holds no learner folder: put each learner's files in a folder "
                          "named after the learner")
    try:
        for sub in ("results", "feedback"):
            (out / sub).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CourseError(f"cannot write the results to {out}: {exc.strerror or exc}") from None
    options = {"timeout": timeout, "memory_mib": memory, "public_only": public_only, "quiz_seed": quiz_seed}
    jobs = jobs or default_jobs()
    report = BatchReport(out=out, learners=len(folders), jobs=jobs)
    with Gradebook.open(course) as gradebook:
        book = _Records(course, gradebook, out, regrade)
        tasks = []
        for folder in folders:
            skip = book.plan(folder, quiz_seed)
            todo = len(book.plans[folder.name].items) - len(skip)
            if todo:
                tasks.append({"learner": folder.name, "learner_dir": str(folder), "todo": todo,
                              "options": {**options, "skip": skip}})
        report.submissions = sum(len(p.items) for p in book.plans.values())
        bar = Progress(sum(t["todo"] for t in tasks), progress if progress is not None else sys.stderr)
        bar.start(report.learners, len(tasks), min(jobs, len(tasks)))

        def received(message):
            graded = book.receive(message)
            bar.advance(graded)

        try:
            _grade_in_processes(course.root, tasks, jobs, out / "batch.log", received, bar)
        except KeyboardInterrupt:
            bar.interrupted(book.graded)
            raise
        finally:
            report.graded, report.recorded = book.graded, book.recorded
        bar.finish()
        for name in book.plans:
            book.write_feedback(name)
        rows = book.write_csv()
    report.failed = sum(len(f) for f in book.failures.values())
    report.with_problems = sum(1 for row in rows if row[-1])
    report.seconds = time.monotonic() - started
    return report


# --- the records: gradebook, kept results, feedback and CSV ---------------------------------------


class _Records:
    """What the batch knows about each learner, and the only code that writes anything."""

    def __init__(self, course, gradebook, out: Path, regrade: bool):
        self.course, self.gradebook, self.out, self.regrade = course, gradebook, out, regrade
        self.plans: dict[str, Plan] = {}
        self.hashes: dict[str, dict[str, str]] = {}        # learner -> item key -> current hash
        self.kept: dict[str, dict] = {}                    # learner -> OUT/results/<learner>.json
        self.failures: dict[str, dict[str, str]] = {}      # learner -> item key -> why it was not graded
        self.latest: dict[tuple, str | None] = {}          # (learner, kind, name) -> latest recorded hash
        for attempt in gradebook.attempts(all_learners=True, with_checks=False):  # oldest first
            self.latest[(attempt.learner, attempt.kind, attempt.name)] = attempt.submission_hash
        self.graded = self.recorded = 0

    def plan(self, folder: Path, quiz_seed: int) -> dict[str, str]:
        """Read a learner's folder; returns the items to skip (key -> hash): graded and kept already."""
        plan = discover(self.course, folder)
        self.plans[plan.learner] = plan
        self.kept[plan.learner] = kept = self._load(plan.learner)
        self.failures[plan.learner] = {}
        self.hashes[plan.learner] = hashes = {}
        skip = {}
        for item in plan.items:
            hashes[item.key] = current = read_item(self.course, folder, item, quiz_seed).hash
            recorded = self.latest.get((plan.learner, item.kind, item.name))
            if current and not self.regrade and recorded == current and kept.get(item.key, {}).get("hash") == current:
                skip[item.key] = current
        return skip

    def receive(self, message: dict) -> int:
        """Handle one message of a grading process; returns how many files it finished."""
        learner = message["learner"]
        if message["type"] == "failed":  # the whole learner failed (a grading process died, or a bug)
            missing = [i.key for i in self.plans[learner].items if i.key not in self.kept[learner]
                       or self.kept[learner][i.key].get("hash") != self.hashes[learner].get(i.key)]
            for key in missing:
                self.failures[learner].setdefault(key, message["error"])
            return 0
        if message["type"] == "done":
            self.write_feedback(learner)
            return 0
        item = message["item"]
        key = f"{item['kind']}:{item['name']}"
        if item["status"] == "unchanged":
            return 0
        if item["status"] == "failed":
            self.failures[learner][key] = item["error"]
            return 1
        index = (learner, item["kind"], item["name"])
        if self.regrade or self.latest.get(index) != item["hash"]:
            self.gradebook.record(item["kind"], item["name"], item["result"], item["hash"], learner)
            self.latest[index] = item["hash"]
            self.recorded += 1
        self.failures[learner].pop(key, None)
        self.hashes[learner][key] = item["hash"]
        self.kept[learner][key] = {k: item[k] for k in ("kind", "name", "file", "hash", "error", "feedback")} | {
            "score": item["result"]["score"], "max_score": item["result"]["max_score"], "result": item["result"]}
        self._save(learner)
        self.graded += 1
        return 1

    # --- OUT/results/<learner>.json: each graded file's result and feedback, by item key -----------

    def _path(self, learner: str) -> Path:
        return self.out / "results" / f"{learner}.json"

    def _load(self, learner: str) -> dict:
        try:
            data = json.loads(self._path(learner).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data.get("items", {}) if isinstance(data, dict) and isinstance(data.get("items"), dict) else {}

    def _save(self, learner: str) -> None:
        path = self._path(learner)
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps({"learner": learner, "items": self.kept[learner]}, indent=1), encoding="utf-8")
        os.replace(temporary, path)

    def _current(self, learner: str, key: str) -> dict | None:
        entry = self.kept[learner].get(key)
        return entry if entry and entry.get("hash") == self.hashes[learner].get(key) else None

    # --- OUT/feedback/<learner>.txt --------------------------------------------------------------

    def write_feedback(self, learner: str) -> None:
        plan = self.plans[learner]
        lines = [f"Feedback for {learner}: {self.course.catalog.title}", ""]
        if plan.items:
            lines.append("Graded: " + ", ".join(i.file for i in plan.items))
        if plan.ignored:
            lines.append("Ignored (not files this course grades): " + ", ".join(plan.ignored))
        if plan.problems:
            lines += ["Problems:"] + [f"  - {p}" for p in plan.problems]
        for item in plan.items:
            lines += ["", RULE, ""]
            entry = self._current(learner, item.key)
            if entry is not None:
                lines.append(entry["feedback"].rstrip("\n"))
            else:
                why = self.failures[learner].get(item.key, "not graded yet: run the same `grade batch` again")
                lines.append(f"{item.file}: {why}")
        text = "\n".join(lines).rstrip("\n") + "\n"
        (self.out / "feedback" / f"{learner}.txt").write_text(text, encoding="utf-8")

    # --- OUT/grades.csv ---------------------------------------------------------------------------

    def write_csv(self) -> list[list[str]]:
        from grader.reports import course_items, format_points

        items = course_items(self.course)
        scores: dict[tuple, float] = {}  # the latest attempt of each (learner, kind, name, hash)
        for attempt in self.gradebook.attempts(all_learners=True, with_checks=False):
            scores[(attempt.learner, attempt.kind, attempt.name, attempt.submission_hash)] = attempt.score
        rows = []
        for learner in sorted(self.plans):
            plan, hashes = self.plans[learner], self.hashes[learner]
            present = {i.key: i for i in plan.items}
            cells, total, problems = [], 0.0, list(plan.problems)
            for item in items:
                key = f"{item.kind}:{item.name}"
                score = scores.get((learner, item.kind, item.name, hashes.get(key))) if key in present else None
                cells.append("" if score is None else format_points(score))
                total += score or 0.0
                if key in present:
                    entry = self._current(learner, key)
                    if key in self.failures[learner]:
                        problems.append(self.failures[learner][key])
                    elif entry is not None and entry.get("error"):
                        problems.append(entry["error"])
                    elif score is None:
                        problems.append(f"{present[key].file}: not graded yet")
            rows.append([learner, *cells, format_points(total), " | ".join(problems)])
        text = io.StringIO()
        writer = csv.writer(text)  # RFC 4180 like grade export: quoted as needed, CRLF line ends
        writer.writerow(["learner", *(i.label for i in items), "total", "problems"])
        writer.writerows(rows)
        temporary = self.out / (CSV_NAME + ".tmp")
        temporary.write_text(text.getvalue(), encoding="utf-8", newline="")
        os.replace(temporary, self.out / CSV_NAME)
        return rows


# --- progress on stderr -------------------------------------------------------------------------


class Progress:
    """A progress bar with the rate and ETA on a terminal; a plain line every tenth otherwise."""

    def __init__(self, total: int, stream):
        from grader.terminal import is_terminal

        self.total, self.stream, self.tty = total, stream, is_terminal(stream)
        self.done, self.started, self.shown_at, self.next_line = 0, time.monotonic(), 0.0, 0
        self.shown = -1  # how many were done when the bar was last drawn

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def start(self, learners: int, busy: int, jobs: int) -> None:
        if not self.total:
            self._write(f"Nothing new to grade: the {learners} learners' submissions are unchanged since the last run.\n")
            return
        idle = learners - busy
        others = f"; {idle} other learner{' has' if idle == 1 else 's have'} nothing new" if idle else ""
        self._write(f"Grading {self.total} submission(s) of {busy} learner(s) with {jobs} job(s){others}.\n")

    def advance(self, n: int = 1) -> None:
        self.done += n
        self.refresh()

    def _status(self) -> str:
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate else None
        eta = "" if left is None else f", ETA {_duration(left)}"
        return f"{self.done}/{self.total} ({self.done * 100 // max(self.total, 1)}%), {rate:.1f}/s{eta}"

    def refresh(self) -> None:
        if not self.total:
            return
        now = time.monotonic()
        if self.tty:
            changed = self.done != self.shown
            if (changed and (now - self.shown_at >= 0.1 or self.done >= self.total)) or now - self.shown_at >= 1:
                self.shown = self.done
                width = 30
                filled = width * self.done // max(self.total, 1)
                self._write(f"\r[{'#' * filled}{'-' * (width - filled)}] {self._status()}\033[K")
                self.shown_at = now
        elif self.done >= self.next_line:
            if self.done:
                self._write(f"graded {self._status()}\n")
            self.next_line = self.done + max(1, self.total // 10)

    def finish(self) -> None:
        if self.tty and self.total:
            self._write("\n")

    def interrupted(self, graded: int) -> None:
        self._write(("\n" if self.tty else "") + f"Stopped: {graded} submissions were graded and recorded. "
                    "Run the same command again to grade the rest.\n")


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


# --- the grading processes ----------------------------------------------------------------------


class _GradingProcess:
    """One `python -m grader.batch --serve`: learner tasks in on stdin, JSON lines out on a pipe."""

    def __init__(self, course_root: Path, log):
        read_fd, write_fd = os.pipe()
        package_parent = str(Path(__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])),
               # one thread per numerical library: the jobs share the CPUs
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "grader.batch", "--serve", str(course_root), str(write_fd), str(os.getpid())],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log, pass_fds=(write_fd,),
                start_new_session=True, env=env)  # Ctrl-C is this process's to handle, not theirs
        finally:
            os.close(write_fd)
        self.fd, self._buffer, self.task = read_fd, b"", None

    def give(self, task: dict) -> None:
        self.task = task
        try:
            self.process.stdin.write((json.dumps(task) + "\n").encode())
            self.process.stdin.flush()
        except OSError:
            pass  # it died: read() will report it

    def read(self) -> tuple[list[dict], bool]:
        """The complete messages that arrived, and whether the process has ended."""
        chunk = os.read(self.fd, 1 << 20)
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        return [json.loads(line) for line in lines if line.strip()], not chunk

    def stop(self, kill: bool) -> None:
        """Let it finish (stdin closed, it ends its fork server) or, with kill, end it now."""
        if kill:
            _signal(self.process, signal.SIGTERM)  # it closes its fork server, then exits
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5 if kill else 30)
        except subprocess.TimeoutExpired:
            _signal(self.process, signal.SIGKILL)
            self.process.wait()
        os.close(self.fd)


def _signal(process, sig) -> None:
    try:
        process.send_signal(sig)
    except (ProcessLookupError, OSError):
        pass


def _grade_in_processes(course_root: Path, tasks: list[dict], jobs: int, log_path: Path, received, bar) -> None:
    pending = deque(tasks)
    retried: set[str] = set()
    processes: list[_GradingProcess] = []
    with open(log_path, "ab") as log:
        clean = False
        try:
            for _ in range(min(jobs, len(pending))):
                processes.append(_GradingProcess(course_root, log))
                processes[-1].give(pending.popleft())
            while any(p.task is not None for p in processes):
                busy = {p.fd: p for p in processes if p.task is not None}
                ready, _, _ = select.select(list(busy), [], [], 0.5)
                for fd in ready:
                    process = busy[fd]
                    messages, ended = process.read()
                    for message in messages:
                        received(message)
                        if message["type"] in ("done", "failed") and message["learner"] == process.task["learner"]:
                            process.task = pending.popleft() if pending else None
                            if process.task is not None:
                                process.give(process.task)
                    if ended and process.task is not None:
                        task = process.task
                        process.task = None
                        process.stop(kill=True)
                        processes.remove(process)
                        if task["learner"] not in retried:  # once more, in a new grading process
                            retried.add(task["learner"])
                            pending.appendleft(task)
                        else:
                            received({"type": "failed", "learner": task["learner"],
                                      "error": f"the grading process stopped unexpectedly (see {log_path})"})
                        if pending:
                            processes.append(_GradingProcess(course_root, log))
                            processes[-1].give(pending.popleft())
                bar.refresh()
            clean = True
        finally:
            for process in processes:
                process.stop(kill=not clean)


# --- the grading process's side ------------------------------------------------------------------


def _end_with_parent(parent: int) -> None:
    """SIGTERM this process when the batch that started it dies (even by SIGKILL)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def serve(course_root: str, result_fd: int, parent: int) -> None:
    """The loop of a grading process: one learner task per line of stdin, until stdin closes."""
    from grader.pool import WorkerPool

    pool = WorkerPool()

    def stop(signum, _frame):
        pool.close()  # the fork server and every submission's process go with it
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent(parent)
    results = os.fdopen(result_fd, "w", encoding="utf-8")

    def emit(message: dict) -> None:
        results.write(json.dumps(message) + "\n")
        results.flush()

    for line in sys.stdin:
        task = json.loads(line)
        learner = task["learner"]
        try:
            grade_learner(course_root, task["learner_dir"], task["options"], worker_factory=pool,
                          on_item=lambda item: emit({"type": "item", "learner": learner, "item": item}))
            emit({"type": "done", "learner": learner})
        except Exception as exc:  # the folder vanished, or a bug: this learner fails, the batch goes on
            emit({"type": "failed", "learner": learner, "error": f"could not be graded: {type(exc).__name__}: {exc}"})
        # What the grader imported and built so far stays: the collector need not walk it again. pytest
        # keeps the last failed check's exception in sys.last_value (for post-mortems): drop it first,
        # or the whole pytest session it holds would be frozen for good.
        for name in ("last_type", "last_value", "last_traceback", "last_exc"):
            sys.__dict__.pop(name, None)
        gc.collect()
        gc.freeze()
    pool.close()


if __name__ == "__main__" and sys.argv[1:2] == ["--serve"]:
    serve(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
