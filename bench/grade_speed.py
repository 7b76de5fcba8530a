"""How long a learner waits for `grade exercise3`, next to `python -c "import numpy"` on the same machine.

Usage: python bench/grade_speed.py [--runs N]
Grades the reference solution of exercise3 (a correct submission) with the public cases, as a
learner's copy would, and reports the median wall time of each command and their ratio
(the target is at most 4x).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(command: list[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
        median_seconds([grade, "exercise3"], 2, course)  # warm the file cache
        numpy_s = median_seconds([sys.executable, "-c", "import numpy"], args.runs, course)
        grade_s = median_seconds([grade, "exercise3"], args.runs, course)
    print(f"python -c 'import numpy'   {numpy_s * 1000:7.0f} ms (median of {args.runs})")
    print(f"grade exercise3 (correct)  {grade_s * 1000:7.0f} ms (median of {args.runs})")
    print(f"ratio                      {grade_s / numpy_s:7.2f}x   (target: at most 4x)")


if __name__ == "__main__":
    main()
