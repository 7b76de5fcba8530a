"""Split the course's sentiment sentences once, with a fixed seed, into three parts (instructor-only).

    python graders/cases/exercise13_splits.py

Reads graders/cases/exercise13_corpus.tsv (all 200 sentences, written for the course, CC0) and
writes, with the same sentences every time (stratified: 20% of each label held out, 20% for
validation):

    data/sentiment_train.tsv                the learner's training split     (shipped)
    data/sentiment_validation.tsv           the learner's validation split   (shipped)
    graders/cases/exercise13_held_out.tsv   the held-out split: hidden checks only, never shipped
"""

from pathlib import Path

import numpy as np

SEED = 13
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
HEADER = "# label TAB sentence; 1 = positive, 0 = negative. Written for this course: public domain (CC0 1.0)."


def read(path):
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t")
            rows.append((int(label), text))
    return rows


def split(rows, seed=SEED, fraction=0.2):
    rng = np.random.default_rng(seed)
    parts = {"train": [], "validation": [], "held_out": []}
    labels = np.array([label for label, _ in rows])
    for label in (0, 1):
        order = rng.permutation(np.flatnonzero(labels == label))
        n = int(round(fraction * len(order)))
        parts["held_out"] += list(order[:n])
        parts["validation"] += list(order[n:2 * n])
        parts["train"] += list(order[2 * n:])
    return {name: [rows[i] for i in sorted(found)] for name, found in parts.items()}


def write(path, rows):
    Path(path).write_text(HEADER + "\n" + "".join(f"{label}\t{text}\n" for label, text in rows), encoding="utf-8")


def main():
    parts = split(read(HERE / "exercise13_corpus.tsv"))
    targets = {"train": ROOT / "data" / "sentiment_train.tsv",
               "validation": ROOT / "data" / "sentiment_validation.tsv",
               "held_out": HERE / "exercise13_held_out.tsv"}
    for name, path in targets.items():
        write(path, parts[name])
        print(f"{path.relative_to(ROOT)}: {len(parts[name])} sentences")


if __name__ == "__main__":
    main()
