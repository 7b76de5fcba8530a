# attack: never return (busy loop)
# max_score: 0
def compute_cost(AL, Y):
    while True:
        pass
