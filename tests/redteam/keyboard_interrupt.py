# attack: raise KeyboardInterrupt, as if the learner had pressed Ctrl-C
# max_score: 0
def compute_cost(AL, Y):
    raise KeyboardInterrupt
