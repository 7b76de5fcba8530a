# attack: flood stdout and stderr (tens of MB), yet answer honestly: the grader must carry on
# max_score: 10
# min_score: 10
import os

import numpy as np

os.write(1, b"x" * 20_000_000)


def compute_cost(AL, Y):
    print("y" * 5_000_000)
    os.write(2, b"z" * 5_000_000)
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)
