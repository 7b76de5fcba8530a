# attack: change the inputs in place, then try to hide it by swapping the caller's argument objects
# max_score: 9
import sys

import numpy as np


def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)
    originals = AL.copy(), Y.copy()
    AL[...] = 0.5
    frame = sys._getframe(1)
    while frame is not None:
        for name in ("args", "inputs"):
            held = frame.f_locals.get(name)
            if isinstance(held, list) and len(held) == 2:
                held[:] = originals
        frame = frame.f_back
    return cost
