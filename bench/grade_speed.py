"""How long a learner waits for `grade exercise3`, next to `python -c "import numpy"` on the same machine.

Usage: python bench/grade_speed.py [--runs N]
Grades the reference solution of exercise3 (a correct submission) with the public cases, as a
learner's copy would, and reports the median wall time of each command and their ratio
(the target is at most 4x).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(commands: dict[str, tuple[list[str], dict | None]], runs: int, cwd: Path) -> dict[str, float]:
    """Median wall time of each command, run in turn (one of each per round) so that the load of the
    machine weighs on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                           env=env)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def learner_copy(target: Path) -> Path:
    shutil.copy(ROOT / "course.yaml", target / "course.yaml")
    for folder in ("exercises", "graders", "fixtures"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("hidden", "cases"))
    shutil.copy(ROOT / "solutions" / "exercise3.py", target / "exercises" / "exercise3.py")
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    grade = shutil.which("grade") or sys.exit("`grade` is not installed: pip install -e .")
    with tempfile.TemporaryDirectory() as tmp:
        course = learner_copy(Path(tmp))
        weak_env = {**os.environ, "GRADE_ISOLATION": "rlimits"}
        median_seconds({"warm": ([grade, "exercise3"], None)}, 2, course)  # warm the file cache
        medians = median_seconds({
            "numpy": ([sys.executable, "-c", "import numpy"], None),
            "grade": ([grade, "exercise3"], None),
            "weak": ([grade, "exercise3"], weak_env),
        }, args.runs, course)
    numpy_s, grade_s, weak_s = medians["numpy"], medians["grade"], medians["weak"]
    from grader.sandbox import isolation_level

    print(f"python -c 'import numpy'          {numpy_s * 1000:7.0f} ms (median of {args.runs})")
    print(f"grade exercise3 (correct)         {grade_s * 1000:7.0f} ms   sandbox: {isolation_level()}")
    print(f"  same, resource limits only      {weak_s * 1000:7.0f} ms   (GRADE_ISOLATION=rlimits)")
    print(f"  cost of the namespaces sandbox  {(grade_s - weak_s) * 1000:7.0f} ms")
    print(f"ratio                             {grade_s / numpy_s:7.2f}x   (target: at most 4x)")


if __name__ == "__main__":
    main()
