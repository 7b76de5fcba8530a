"""How fast `grade batch` grades a class, next to `python -c "import numpy"` on the same machine.

Usage: python bench/batch_speed.py [--learners 200] [--timeout 0.5] [--jobs N] [--runs 7]

Builds, in a temporary folder, a copy of the course and a class of LEARNERS learners who each
submit exercise1..exercise5: 70% correct (the reference solutions), 15% with a typical mistake,
10% crashing (raising, segfaulting or calling os._exit) and 5% hanging (an endless loop), shuffled
with a fixed seed. It grades the class once with `grade batch` (default jobs, --timeout for the
hanging ones) and reports the wall-clock and CPU seconds per submission (the CPU of every process
involved: the batch, its grading processes, the fork servers and the learners' code), next to the
median cost of starting `python -c "import numpy"`. The target: the wall time per submission is
below half of that process start.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ["exercise1", "exercise2", "exercise3", "exercise4", "exercise5"]
MIX = {"correct": 0.70, "wrong": 0.15, "crashing": 0.10, "hanging": 0.05}
# A typical mistake per exercise: (snippet of the reference solution, what the learner wrote instead).
MISTAKES = {
    "exercise1": ("1 / (1 + e), e / (1 + e)", "e / (1 + e), 1 / (1 + e)"),   # sigmoid(-z): a sign
    "exercise2": ("return W @ A_prev + b", "return W @ A_prev"),              # the bias forgotten
    "exercise3": ("-np.sum(log_likelihood) / m", "-np.sum(log_likelihood)"),  # no 1/m
    "exercise4": ('grads[f"dW{l}"] = dZ @ A_prev.T / m', 'grads[f"dW{l}"] = dZ @ A_prev.T'),  # no 1/m
    "exercise5": ("parameters[key] - learning_rate", "parameters[key] + learning_rate"),  # uphill
}
FIRST_FUNCTION = {"exercise1": "sigmoid", "exercise2": "initialize_parameters", "exercise3": "compute_cost",
                  "exercise4": "backward_pass", "exercise5": "update_parameters"}
CRASHES = [
    "    raise ValueError('shapes do not match')",
    "    import ctypes\n    ctypes.string_at(0)",
    "    import os\n    os._exit(1)",
]


def course_copy(target: Path) -> Path:
    shutil.copy(ROOT / "course.yaml", target / "course.yaml")
    for folder in ("graders", "fixtures", "quizzes"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "solutions").mkdir()  # an instructor's workspace: hidden cases run
    return target


def submission(exercise: str, kind: str, n: int) -> str:
    source = (ROOT / "solutions" / f"{exercise}.py").read_text(encoding="utf-8")
    function = FIRST_FUNCTION[exercise]
    if kind == "wrong":
        old, new = MISTAKES[exercise]
        if source.count(old) != 1:
            sys.exit(f"bench: the mistake snippet for {exercise} is no longer in its solution: {old!r}")
        return source.replace(old, new)
    if kind == "crashing":
        return source + f"\n\ndef {function}(*args, **kwargs):\n{CRASHES[n % len(CRASHES)]}\n"
    if kind == "hanging":
        return source + f"\n\ndef {function}(*args, **kwargs):\n    while True:\n        pass\n"
    return source


def make_class(folder: Path, learners: int, seed: int = 8) -> Counter:
    total = learners * len(EXERCISES)
    kinds = [kind for kind, share in MIX.items() for _ in range(round(share * total))]
    kinds += ["correct"] * (total - len(kinds))
    random.Random(seed).shuffle(kinds)
    for i in range(learners):
        learner = folder / f"learner{i:03d}"
        learner.mkdir(parents=True)
        for j, exercise in enumerate(EXERCISES):
            kind = kinds[i * len(EXERCISES) + j]
            (learner / f"{exercise}.py").write_text(submission(exercise, kind, i), encoding="utf-8")
    return Counter(kinds)


class CpuMeter:
    """CPU seconds of a command and of every process it starts.

    The processes in a bubblewrap sandbox are not counted in the rusage of the command that started
    them, so the command runs in a CPU-accounting cgroup of its own when one can be made (root, or a
    delegated cgroup); otherwise the rusage of the reaped children is the (lower) estimate.
    """

    def __init__(self):
        self.folder, self.how = None, "rusage of the processes it reaped: sandboxed processes not counted"
        try:
            lines = Path("/proc/self/cgroup").read_text().splitlines()
        except OSError:
            return
        for line in lines:
            _, controllers, path = line.split(":", 2)
            if "cpuacct" in controllers.split(","):
                bases = [Path("/sys/fs/cgroup/cpuacct") / path.lstrip("/")]
            elif controllers == "":
                bases = [Path(root) / path.lstrip("/") for root in ("/sys/fs/cgroup/unified", "/sys/fs/cgroup")]
            else:
                continue
            for base in bases:
                try:
                    self.folder = Path(tempfile.mkdtemp(prefix="batch-speed-", dir=base))
                except OSError:
                    continue
                self.how = "a cgroup's CPU accounting, sandboxes included"
                return

    def _usage(self) -> float:
        if self.folder is None:
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            return usage.ru_utime + usage.ru_stime
        if (self.folder / "cpuacct.usage").exists():
            return int((self.folder / "cpuacct.usage").read_text()) / 1e9
        stat = dict(line.split() for line in (self.folder / "cpu.stat").read_text().splitlines())
        return int(stat["usage_usec"]) / 1e6

    def run(self, command, **kwargs) -> tuple[subprocess.CompletedProcess, float, float]:
        """Run `command`: (its result, wall seconds, CPU seconds)."""
        def join():
            (self.folder / "cgroup.procs").write_text(str(os.getpid()))

        before, started = self._usage(), time.perf_counter()
        done = subprocess.run(command, preexec_fn=join if self.folder else None, **kwargs)
        return done, time.perf_counter() - started, self._usage() - before

    def remove(self):
        if self.folder is not None:
            for _ in range(100):
                try:
                    self.folder.rmdir()
                    return
                except OSError:  # its last processes are still leaving
                    time.sleep(0.05)


def numpy_start(meter: CpuMeter, runs: int) -> tuple[float, float]:
    """Median wall seconds and mean CPU seconds of `python -c "import numpy"`."""
    walls, cpus = [], []
    for _ in range(runs):
        _, wall, cpu = meter.run([sys.executable, "-c", "import numpy"], check=True)
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.mean(cpus)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=0.5, help="--timeout of grade batch (per exercise)")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs of grade batch (default: its own)")
    parser.add_argument("--runs", type=int, default=7, help="runs of `python -c 'import numpy'`")
    args = parser.parse_args()
    meter = CpuMeter()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            course = course_copy(Path(tmp))
            mix = make_class(course / "class", args.learners)
            numpy_wall, numpy_cpu = numpy_start(meter, args.runs)
            command = [sys.executable, "-m", "grader", "batch", "class", "--timeout", str(args.timeout),
                       "--out", "out"]
            if args.jobs:
                command += ["--jobs", str(args.jobs)]
            done, wall, cpu = meter.run(command, cwd=course, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True)
            if done.returncode not in (0, 1):
                sys.exit(f"bench: grade batch failed (exit {done.returncode}):\n{done.stdout}")
            with open(course / "out" / "grades.csv", newline="", encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            numpy_again, numpy_cpu_again = numpy_start(meter, args.runs)
    finally:
        meter.remove()
    submissions = args.learners * len(EXERCISES)
    maxima = {e: max(float(row[e]) for row in rows if row[e]) for e in EXERCISES}
    full = sum(1 for row in rows for e in EXERCISES if row[e] and float(row[e]) == maxima[e])
    numpy_wall = statistics.median([numpy_wall, numpy_again])
    numpy_cpu = (numpy_cpu + numpy_cpu_again) / 2
    print(f"class: {args.learners} learners x {len(EXERCISES)} exercises = {submissions} submissions "
          f"({', '.join(f'{n} {k}' for k, n in mix.items())}), --timeout {args.timeout:g}")
    print(f"grade batch: {done.stdout.splitlines()[0] if done.stdout else ''}")
    print(f"  full marks: {full} submissions (the correct ones: {mix['correct']})")
    print(f"  wall {wall:.1f} s, CPU {cpu:.1f} s ({meter.how})")
    print(f"  {submissions / wall:.1f} submissions/s; per submission: {wall / submissions * 1000:.0f} ms wall, "
          f"{cpu / submissions * 1000:.0f} ms CPU")
    print(f"python -c 'import numpy': {numpy_wall * 1000:.0f} ms wall (median of {2 * args.runs}, before and "
          f"after), {numpy_cpu * 1000:.0f} ms CPU")
    ratio, cpu_ratio = (wall / submissions) / numpy_wall, (cpu / submissions) / numpy_cpu
    print(f"per submission / numpy start: {ratio:.2f} wall, {cpu_ratio:.2f} CPU "
          f"(target: wall below 0.5) -> {'OK' if ratio < 0.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
