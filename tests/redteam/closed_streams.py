# attack: close sys.stdout/sys.stderr and the file descriptors 1 and 2, yet answer honestly
# max_score: 10
# min_score: 10
import os
import sys

import numpy as np

sys.stdout.close()
os.close(1)
os.close(2)


def compute_cost(AL, Y):
    sys.stdout.close()
    sys.stderr.close()
    sys.__stdout__.close()
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)
