# attack: ignore every catchable signal, then sleep in the import and spin in the call
# max_score: 0
import signal
import time

for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU, signal.SIGALRM, signal.SIGUSR1):
    signal.signal(sig, signal.SIG_IGN)
time.sleep(1)


def compute_cost(AL, Y):
    while True:
        time.sleep(0.01)
