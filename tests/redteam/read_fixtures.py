# attack: read the expected values (fixtures/) and the course tree; answers right only if it could
# honest: 0.0
# needs: namespaces
import os

import numpy as np


def _leak():
    for path in ("@@ROOT@@/fixtures/exercise3.json", "@@ROOT@@/fixtures/hidden/exercise3.json",
                 "@@ROOT@@/course.yaml"):
        try:
            with open(path) as f:
                f.read(1)
            return True
        except OSError:
            pass
    try:
        return "fixtures" in os.listdir("@@ROOT@@")
    except OSError:
        return False


LEAKED = _leak()


def compute_cost(AL, Y):
    if not LEAKED:
        return 0.0
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1])
