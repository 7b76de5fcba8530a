"""Split the UCI handwritten digits once, with a fixed seed, into the course's three parts (instructor-only).

    python graders/cases/exercise12_splits.py PATH/TO/digits.csv.gz

The source file is the copy scikit-learn ships (sklearn/datasets/data/digits.csv.gz: 1797 rows of
64 pixels 0..16 then the label); get it without installing scikit-learn:

    pip download --no-deps scikit-learn -d /tmp/sk && cd /tmp/sk && unzip -o *.whl 'sklearn/datasets/data/digits.csv.gz'

Writes, with the same rows every time (stratified: 20% of each digit held out, 20% for validation):

    data/digits_train.csv.gz                  the learner's training split      (shipped)
    data/digits_validation.csv.gz             the learner's validation split    (shipped)
    graders/cases/exercise12_held_out.csv.gz  the held-out test split: hidden checks only, never shipped
"""

import gzip
import sys
from pathlib import Path

import numpy as np

SEED = 12
ROOT = Path(__file__).resolve().parents[2]
HEADER = "# one image per row: 64 pixel values (the 8x8 image row by row, each 0..16), then the digit label 0..9"


def split(labels, seed=SEED, fraction=0.2):
    """Row indices of the training, validation and held-out parts, each in the source's order."""
    rng = np.random.default_rng(seed)
    parts = {"train": [], "validation": [], "held_out": []}
    for digit in range(10):
        rows = rng.permutation(np.flatnonzero(labels == digit))
        n = int(round(fraction * len(rows)))
        parts["held_out"] += list(rows[:n])
        parts["validation"] += list(rows[n:2 * n])
        parts["train"] += list(rows[2 * n:])
    return {name: np.sort(np.array(rows)) for name, rows in parts.items()}


def write(path, rows):
    text = HEADER + "\n" + "\n".join(",".join(str(int(v)) for v in row) for row in rows) + "\n"
    # mtime=0: the same rows give the same bytes, so re-running the script changes nothing in git.
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        f.write(text.encode("ascii"))


def main(source):
    table = np.loadtxt(source, delimiter=",", dtype=np.int64)
    assert table.shape == (1797, 65), table.shape
    parts = split(table[:, -1])
    targets = {"train": ROOT / "data" / "digits_train.csv.gz",
               "validation": ROOT / "data" / "digits_validation.csv.gz",
               "held_out": ROOT / "graders" / "cases" / "exercise12_held_out.csv.gz"}
    for name, path in targets.items():
        write(path, table[parts[name]])
        print(f"{path.relative_to(ROOT)}: {len(parts[name])} images")


if __name__ == "__main__":
    main(sys.argv[1])
