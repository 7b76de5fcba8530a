"""Cases for exercise2 (initialize_parameters, linear_forward, forward_pass) and the typical mistakes
its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
The forward passes below (with the mistakes built in) stay here, never in the grader.
"""

import numpy as np

from grader.cases import Case, Mistake


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def _relu(Z):
    return np.maximum(0, Z)


def _network(rng, layer_dims):
    """Parameters of unit scale with non-zero biases, so every activation and bias matters."""
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.5
    return parameters


def _forward_case(rng, name, layer_dims, m, hidden=False):
    X = rng.standard_normal((layer_dims[0], m))
    return Case(name, "forward_pass", (X, _network(rng, layer_dims)), m=m, hidden=hidden)


def _linear_cases(rng, name, n, n_prev, m, hidden=False):
    A_prev = rng.standard_normal((n_prev, m))
    W = rng.standard_normal((n, n_prev))
    b = rng.standard_normal((n, 1))
    yield Case(name, "linear_forward", (A_prev, W, b), m=m, hidden=hidden)
    # The same inputs with one term zeroed: which of the two is right tells the learner where to look.
    yield Case(f"{name}, with b = 0", "linear_forward", (A_prev, W, np.zeros_like(b)), m=m, hidden=hidden)
    yield Case(f"{name}, with W = 0", "linear_forward", (A_prev, np.zeros_like(W), b), m=m, hidden=hidden)


def cases():
    rng = np.random.default_rng(2)
    for dims in ([5, 4, 1], [3, 1], [4, 7, 3, 1], [2, 3, 3, 2, 1]):
        yield Case(f"layer_dims {dims}", "initialize_parameters", (dims,))
    for dims in ([6, 2, 5, 1], [12, 9, 1]):
        yield Case(f"layer_dims {dims} (hidden)", "initialize_parameters", (dims,), hidden=True)

    yield Case("linear_forward docstring example", "linear_forward",
               (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]]),
                np.array([[0.5], [-1.0]])), m=2)
    yield from _linear_cases(rng, "W (4, 3), 5 examples", 4, 3, 5)
    yield from _linear_cases(rng, "W (2, 6), one example (m = 1)", 2, 6, 1)
    yield from _linear_cases(rng, "W (3, 3), 3 examples", 3, 3, 3)
    yield from _linear_cases(rng, "W (1, 10), 7 examples (hidden)", 1, 10, 7, hidden=True)
    yield from _linear_cases(rng, "W (6, 2), 9 examples (hidden)", 6, 2, 9, hidden=True)

    X = np.array([[1.0, -2.0], [0.5, 3.0]])
    parameters = {"W1": np.array([[1.0, 1.0], [-1.0, 2.0], [0.5, -0.5]]), "b1": np.array([[0.0], [0.5], [-1.0]]),
                  "W2": np.array([[1.0, -1.0, 2.0]]), "b2": np.array([[0.25]])}
    yield Case("forward_pass docstring example", "forward_pass", (X, parameters), m=2)
    yield _forward_case(rng, "one hidden layer [3, 5, 1], 4 examples", [3, 5, 1], 4)
    yield _forward_case(rng, "one example (m = 1), [4, 3, 1]", [4, 3, 1], 1)
    yield _forward_case(rng, "three layers [5, 4, 3, 1], 6 examples", [5, 4, 3, 1], 6)
    yield _forward_case(rng, "four layers [2, 6, 3, 4, 1], 3 examples", [2, 6, 3, 4, 1], 3)
    yield _forward_case(rng, "no hidden layer [4, 1], 5 examples", [4, 1], 5)
    yield _forward_case(rng, "[8, 5, 5, 2, 1], 10 examples (hidden)", [8, 5, 5, 2, 1], 10, hidden=True)
    yield _forward_case(rng, "[3, 2, 1], one example (hidden)", [3, 2, 1], 1, hidden=True)


# --- typical mistakes -------------------------------------------------------------------------------


def _no_bias(A_prev, W, b):
    return W @ A_prev


def _bias_subtracted(A_prev, W, b):
    return W @ A_prev - b


def _transposed_W(A_prev, W, b):
    return W.T @ A_prev + b if W.shape[0] == W.shape[1] else None


def _forward_AL(hidden_activation, output_activation, with_bias=True):
    """AL of a forward pass with the given activations: what a learner who chose them returns."""
    def forward(X, parameters):
        L = len(parameters) // 2
        A = X
        for l in range(1, L + 1):
            Z = parameters[f"W{l}"] @ A + (parameters[f"b{l}"] if with_bias else 0)
            A = output_activation(Z) if l == L else hidden_activation(Z)
        return A
    return forward


MISTAKES = [
    Mistake("linear_forward", "It matches W @ A_prev without the bias: add b (shape (n, 1), it broadcasts "
            "over the m columns).", _no_bias),
    Mistake("linear_forward", "It matches W @ A_prev - b: the bias is added, not subtracted.", _bias_subtracted),
    Mistake("linear_forward", "It matches W.T @ A_prev + b: W already has shape (n, n_prev), so use W @ A_prev, "
            "without .T.", _transposed_W),
    Mistake("forward_pass", "It matches a forward pass with sigmoid on every layer: the hidden layers use relu, "
            "only the output layer L uses sigmoid.", _forward_AL(_sigmoid, _sigmoid)),
    Mistake("forward_pass", "It matches a forward pass with relu on the output layer too: the last layer L uses "
            "sigmoid, so that AL holds probabilities in (0, 1).", _forward_AL(_relu, _relu)),
    Mistake("forward_pass", "It matches a forward pass whose output layer has no activation (AL = ZL): apply "
            "sigmoid to the last Z.", _forward_AL(_relu, lambda Z: Z)),
    Mistake("forward_pass", "It matches a forward pass with the activations swapped (sigmoid on the hidden layers, "
            "relu on the output): relu for layers 1 .. L - 1, sigmoid for layer L.", _forward_AL(_sigmoid, _relu)),
    Mistake("forward_pass", "It matches a forward pass without the biases: each layer's Z is W @ A_prev + b "
            "(call your linear_forward).", _forward_AL(_relu, _sigmoid, with_bias=False)),
]
