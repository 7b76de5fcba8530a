# attack: crash the interpreter with a segmentation fault (ctypes)
# max_score: 0
import ctypes


def compute_cost(AL, Y):
    return ctypes.string_at(0)
