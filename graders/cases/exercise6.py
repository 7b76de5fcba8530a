"""Cases for exercise6 (predict, train) and the typical mistakes its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
The mistakes replay the training loop with one thing wrong, using the helpers the stub gives
the learner (they are not the point of the exercise, and they ship with it anyway).
"""

import importlib.util
from pathlib import Path

import numpy as np

from grader.cases import Case, Mistake


def _given():
    """The stub's given helpers (initialize_parameters, forward_pass, ...), loaded from its file."""
    path = Path(__file__).resolve().parents[2] / "exercises" / "exercise6.py"
    spec = importlib.util.spec_from_file_location("_exercise6_given", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NET = _given()


# --- data ------------------------------------------------------------------------------------


def ring(rng, m):
    """Class 0 near the centre, class 1 on a ring around it: a hidden layer is needed, and enough."""
    Y = (np.arange(m) % 2).reshape(1, m).astype(float)
    radius = np.where(Y[0] == 1, 2.0, 0.7) + rng.normal(0, 0.15, m)
    angle = rng.uniform(0, 2 * np.pi, m)
    return np.vstack([radius * np.cos(angle), radius * np.sin(angle)]), Y


def blobs(rng, m, n_x=2, gap=1.5):
    """Two clouds of points, one per class: linearly separable, give or take a few."""
    Y = (np.arange(m) % 2).reshape(1, m).astype(float)
    X = rng.standard_normal((n_x, m)) * 0.6
    centre = np.where(Y[0] == 1, 1.0, -1.0)
    X[0] += gap * centre
    X[1] -= gap / 2 * centre
    return X, Y


def random_parameters(rng, layer_dims, scale=1.0):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * scale
        parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.5
    return parameters


def _predict_case(name, rng, layer_dims, m, hidden=False):
    while True:  # draw until both labels appear and no probability is fragile-close to 0.5
        X = rng.standard_normal((layer_dims[0], m)) * 1.5
        parameters = random_parameters(rng, layer_dims)
        AL, _ = NET.forward_pass(X, parameters)
        if np.abs(AL - 0.5).min() > 1e-6 and (m == 1 or 0 < (AL > 0.5).sum() < m):
            break
    return Case(name, "predict", (X, parameters), hidden=hidden, m=m)


def _train_case(name, X, Y, layer_dims, hidden=False, test=None, **kwargs):
    extras = {"initial_cost": _initial_cost}
    if test is not None:
        extras["X_test"] = lambda *a, **k: test[0]
        extras["Y_test"] = lambda *a, **k: test[1]
    return Case(name, "train", (X, Y, layer_dims), kwargs, hidden=hidden, m=X.shape[1], extras=extras)


def cases():
    rng = np.random.default_rng(6)
    parameters = {"W1": np.array([[1.0, -1.0], [0.5, 2.0]]), "b1": np.array([[0.0], [-1.0]]),
                  "W2": np.array([[1.0, -1.0]]), "b2": np.array([[0.5]])}
    yield Case("predict: docstring example", "predict",
               (np.array([[1.0, -2.0, 0.5, 3.0], [2.0, 1.0, 0.5, -1.0]]), parameters), m=4)
    # Z = X[0]: examples 0 and 3 have Z = 0 exactly, so AL = 0.5 exactly, which is a 0.
    yield Case("predict: probabilities of exactly 0.5", "predict",
               (np.array([[0.0, 1.0, -1.0, 0.0, 2.0, -0.25], [3.0, -2.0, 5.0, 1.0, 0.0, 4.0]]),
                {"W1": np.array([[1.0, 0.0]]), "b1": np.zeros((1, 1))}), m=6)
    yield _predict_case("predict: one layer, 5 examples", rng, [2, 1], 5)
    yield _predict_case("predict: [3, 4, 1], 7 examples", rng, [3, 4, 1], 7)
    yield _predict_case("predict: [5, 6, 3, 1], 10 examples", rng, [5, 6, 3, 1], 10)
    yield Case("predict: one example", "predict", (np.array([[0.5], [-1.0]]), parameters), m=1)
    yield _predict_case("predict: [4, 5, 2, 1], 12 examples (hidden)", rng, [4, 5, 2, 1], 12, hidden=True)
    yield _predict_case("predict: [6, 3, 1], 30 examples (hidden)", rng, [6, 3, 1], 30, hidden=True)

    X = np.array([[1.0, 2.0, -1.0, -2.0], [0.5, 1.5, -0.5, -1.0]])
    Y = np.array([[1, 1, 0, 0]])
    yield _train_case("train: docstring example", X, Y, [2, 3, 1], learning_rate=0.1, num_iterations=300, seed=1)
    X, Y = ring(rng, 200)
    yield _train_case("train: ring, [2, 8, 1], the default hyperparameters", X, Y, [2, 8, 1], test=ring(rng, 200))
    X, Y = blobs(rng, 120)
    yield _train_case("train: two clouds, [2, 5, 3, 1], 750 iterations, seed 3", X, Y, [2, 5, 3, 1],
                      learning_rate=0.05, num_iterations=750, seed=3)
    X, Y = blobs(rng, 60, n_x=3)
    yield _train_case("train: one layer [3, 1], 400 iterations, seed 7", X, Y, [3, 1],
                      learning_rate=0.5, num_iterations=400, seed=7)
    X, Y = ring(rng, 150)
    yield _train_case("train: ring, [2, 6, 4, 1], 1050 iterations, seed 11 (hidden)", X, Y, [2, 6, 4, 1],
                      hidden=True, learning_rate=0.02, num_iterations=1050, seed=11)
    X, Y = blobs(rng, 80, n_x=4)
    yield _train_case("train: two clouds, [4, 3, 1], 201 iterations, seed 5 (hidden)", X, Y, [4, 3, 1],
                      hidden=True, learning_rate=0.1, num_iterations=201, seed=5)


# --- typical mistakes ---------------------------------------------------------------------------


def _initial_cost(X, Y, layer_dims, learning_rate=0.0075, num_iterations=2500, seed=0, print_every=0):
    AL, _ = NET.forward_pass(X, NET.initialize_parameters(layer_dims, seed))
    return NET.compute_cost(AL, Y)


def _costs(X, Y, layer_dims, learning_rate=0.0075, num_iterations=2500, seed=0, *,
           record=lambda i: i % 100 == 0, update=True, after_update=False):
    """The costs a training loop records, with one thing changed."""
    parameters = NET.initialize_parameters(layer_dims, seed)
    costs = []
    for i in range(num_iterations):
        AL, caches = NET.forward_pass(X, parameters)
        cost = NET.compute_cost(AL, Y)
        if update:
            parameters = NET.update_parameters(parameters, NET.backward_pass(AL, Y, caches), learning_rate)
        if after_update:
            cost = NET.compute_cost(NET.forward_pass(X, parameters)[0], Y)
        if record(i):
            costs.append(cost)
    return np.array(costs)


def _seed_ignored(X, Y, layer_dims, learning_rate=0.0075, num_iterations=2500, seed=0, print_every=0):
    return _costs(X, Y, layer_dims, learning_rate, num_iterations, 0)


def _learning_rate_ignored(X, Y, layer_dims, learning_rate=0.0075, num_iterations=2500, seed=0, print_every=0):
    return _costs(X, Y, layer_dims, 0.0075, num_iterations, seed)


def _never_updated(X, Y, layer_dims, learning_rate=0.0075, num_iterations=2500, seed=0, print_every=0):
    return _costs(X, Y, layer_dims, learning_rate, num_iterations, seed, update=False)


def _one_late(X, Y, layer_dims, learning_rate=0.0075, num_iterations=2500, seed=0, print_every=0):
    return _costs(X, Y, layer_dims, learning_rate, num_iterations, seed, record=lambda i: i % 100 == 99)


def _after_update(X, Y, layer_dims, learning_rate=0.0075, num_iterations=2500, seed=0, print_every=0):
    return _costs(X, Y, layer_dims, learning_rate, num_iterations, seed, after_update=True)


def _probabilities(X, parameters):
    return NET.forward_pass(X, parameters)[0]


def _at_least_half(X, parameters):
    return (NET.forward_pass(X, parameters)[0] >= 0.5).astype(int)


SEED_IGNORED = ("It matches a training that always starts from seed 0: pass the seed on, "
                "initialize_parameters(layer_dims, seed).")
NEVER_UPDATED = ("The cost never changes, so the parameters never change: update_parameters returns a NEW dict, "
                 "keep it with parameters = update_parameters(parameters, grads, learning_rate), and initialise "
                 "the parameters once, before the loop.")

MISTAKES = [
    Mistake("predict", "It returned the probabilities AL themselves: a prediction is a label, "
            "1 where AL > 0.5 and 0 elsewhere.", _probabilities),
    Mistake("predict", "It predicts 1 where AL is exactly 0.5: the threshold is strict, AL > 0.5 (not >=).",
            _at_least_half),
    Mistake("train", SEED_IGNORED, _seed_ignored),
    Mistake("train", "It matches a training with the default learning rate 0.0075: use the learning_rate "
            "argument in update_parameters.", _learning_rate_ignored),
    Mistake("train", NEVER_UPDATED, _never_updated),
    Mistake("train", "It matches the costs of iterations 99, 199, 299, ...: record when i % 100 == 0 "
            "(iterations 0, 100, 200, ...), counting from i = 0.", _one_late),
    Mistake("train", "It matches the cost after each update: record the cost computed in that iteration, "
            "from the parameters before the update.", _after_update),
]
