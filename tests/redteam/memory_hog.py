# attack: allocate far more than the memory limit (Python and numpy), touching the pages
# max_score: 0
import numpy as np


def compute_cost(AL, Y):
    hoard = []
    try:
        hoard.append(bytearray(4 * 1024**3))
    except MemoryError:
        pass
    while True:
        hoard.append(np.ones(50_000_000))
