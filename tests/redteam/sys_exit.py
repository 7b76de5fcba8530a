# attack: SystemExit(0) from the graded function and at exit
# max_score: 0
import atexit
import sys

atexit.register(lambda: sys.stdout.write("10/10 passed\n"))


def compute_cost(AL, Y):
    sys.exit(0)
