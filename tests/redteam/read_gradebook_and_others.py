# attack: read the gradebook (.grade/) and another learner's submission; answers right only if it could
# honest: 0.0
# needs: namespaces
import os

import numpy as np

LEAKED = False
for path in ("@@OTHER@@", "@@ROOT@@/.grade"):
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            open(path).read()
        LEAKED = True
    except OSError:
        pass


def compute_cost(AL, Y):
    if not LEAKED:
        return 0.0
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1])
