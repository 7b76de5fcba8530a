"""Cases for exercise9 (random_mini_batches, initialize_velocity, update_parameters_with_momentum,
initialize_adam, update_parameters_with_adam) and the typical mistakes its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
The optimisers below (with the mistakes built in) stay here, never in the grader.
"""

import numpy as np

from grader.cases import Case, Mistake

# --- inputs ------------------------------------------------------------------------------------------


def _network(rng, layer_dims, scale=1.0):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.5
    return parameters


def _like(rng, parameters, scale=1.0):
    """A random dict keyed like the gradients, each array the shape of its parameter."""
    return {"d" + key: rng.standard_normal(value.shape) * scale for key, value in parameters.items()}


def _zeros(parameters):
    return {"d" + key: np.zeros(value.shape) for key, value in parameters.items()}


def _adam_state(rng, parameters, steps, scale=1.0):
    """v and s as they are after `steps` real Adam steps on random gradients (s stays >= 0)."""
    v, s = _zeros(parameters), _zeros(parameters)
    for _ in range(steps):
        _, v, s = _adam(parameters, _like(rng, parameters, scale), v, s, 1)
    return v, s


def _batches_case(rng, name, n_x, m, size, seed, hidden=False):
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    return Case(name, "random_mini_batches", (X, Y), {"mini_batch_size": size, "seed": seed}, m=m, hidden=hidden)


def cases():
    rng = np.random.default_rng(9)

    yield Case("docstring example", "random_mini_batches",
               (np.arange(10.0).reshape(2, 5), np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])), {"mini_batch_size": 2}, m=5)
    yield _batches_case(rng, "m = 150 in mini-batches of 64", 3, 150, 64, 0)
    yield _batches_case(rng, "m = 128 in mini-batches of 32 (a multiple)", 2, 128, 32, 1)
    yield _batches_case(rng, "m = 7, fewer than one mini-batch of 64", 4, 7, 64, 2)
    yield _batches_case(rng, "m = 50 in mini-batches of 1", 1, 50, 1, 3)
    yield _batches_case(rng, "m = 100 in mini-batches of 16 (hidden)", 3, 100, 16, 4, hidden=True)
    yield _batches_case(rng, "m = 33 in mini-batches of 10 (hidden)", 2, 33, 10, 5, hidden=True)

    for dims, hidden in (([3, 2], False), ([4, 3, 1], False), ([2, 5, 3, 1], True)):
        name = f"layer sizes {dims}" + (" (hidden)" if hidden else "")
        yield Case(f"initialize_velocity, {name}", "initialize_velocity", (_network(rng, dims),), hidden=hidden)
        yield Case(f"initialize_adam, {name}", "initialize_adam", (_network(rng, dims),), hidden=hidden)

    parameters = _network(rng, [2, 3])
    yield Case("momentum, first step (v = 0)", "update_parameters_with_momentum",
               (parameters, _like(rng, parameters), _zeros(parameters), 0.9, 0.01))
    parameters = _network(rng, [3, 4, 1])
    yield Case("momentum, two layers, v from earlier steps", "update_parameters_with_momentum",
               (parameters, _like(rng, parameters), _like(rng, parameters, 0.5), 0.9, 0.1))
    parameters = _network(rng, [4, 2, 2, 1])
    yield Case("momentum, three layers, beta = 0.5", "update_parameters_with_momentum",
               (parameters, _like(rng, parameters), _like(rng, parameters), 0.5, 0.05))
    parameters = _network(rng, [5, 3, 1])
    yield Case("momentum, beta = 0.8 (hidden)", "update_parameters_with_momentum",
               (parameters, _like(rng, parameters), _like(rng, parameters, 0.3), 0.8, 0.2), hidden=True)

    parameters = _network(rng, [3, 4, 1])
    yield Case("adam, t = 1 (first step, v = s = 0)", "update_parameters_with_adam",
               (parameters, _like(rng, parameters), _zeros(parameters), _zeros(parameters), 1))
    parameters = _network(rng, [3, 4, 1])
    yield Case("adam, t = 2 (after one step)", "update_parameters_with_adam",
               (parameters, _like(rng, parameters), *_adam_state(rng, parameters, 1), 2))
    parameters = _network(rng, [2, 3, 2, 1])
    yield Case("adam, t = 10 (after nine steps)", "update_parameters_with_adam",
               (parameters, _like(rng, parameters), *_adam_state(rng, parameters, 9), 10))
    # Gradients near 1e-3 make s about 1e-6, so where epsilon goes (inside or after the sqrt) shows.
    parameters = _network(rng, [4, 3, 1])
    yield Case("adam, t = 3, small gradients, every hyperparameter given", "update_parameters_with_adam",
               (parameters, _like(rng, parameters, 1e-3), *_adam_state(rng, parameters, 2, 1e-3), 3),
               {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6})
    parameters = _network(rng, [5, 4, 2, 1])
    yield Case("adam, t = 5, three layers (hidden)", "update_parameters_with_adam",
               (parameters, _like(rng, parameters), *_adam_state(rng, parameters, 4), 5), hidden=True)
    parameters = _network(rng, [3, 2])
    yield Case("adam, t = 1, tiny gradients (hidden)", "update_parameters_with_adam",
               (parameters, _like(rng, parameters, 1e-4), _zeros(parameters), _zeros(parameters), 1),
               {"learning_rate": 0.001}, hidden=True)


# --- the optimisers, with the typical mistakes as switches ---------------------------------------------


def _batches(X, Y, mini_batch_size=64, seed=0, order=None, order_Y=None, drop_last=False):
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m) if order is None else order
    order_Y = order if order_Y is None else order_Y
    X, Y = X[:, order], Y[:, order_Y]
    stop = m - m % mini_batch_size if drop_last else m
    return [(X[:, k:k + mini_batch_size], Y[:, k:k + mini_batch_size]) for k in range(0, stop, mini_batch_size)]


def _not_shuffled(X, Y, mini_batch_size=64, seed=0):
    return _batches(X, Y, mini_batch_size, seed, order=np.arange(X.shape[1]))


def _legacy_generator(X, Y, mini_batch_size=64, seed=0):
    return _batches(X, Y, mini_batch_size, seed, order=np.random.RandomState(seed).permutation(X.shape[1]))


def _two_permutations(X, Y, mini_batch_size=64, seed=0):
    rng = np.random.default_rng(seed)
    first = rng.permutation(X.shape[1])
    return _batches(X, Y, mini_batch_size, seed, order=first, order_Y=rng.permutation(X.shape[1]))


def _last_batch_dropped(X, Y, mini_batch_size=64, seed=0):
    return _batches(X, Y, mini_batch_size, seed, drop_last=True)


def _momentum(parameters, grads, v, beta, learning_rate, grad_weight=None, step_with="v"):
    grad_weight = 1 - beta if grad_weight is None else grad_weight
    new_parameters, new_v = {}, {}
    for key, value in parameters.items():
        g = "d" + key
        new_v[g] = beta * v[g] + grad_weight * grads[g]
        step = {"v": new_v[g], "grad": grads[g], "old v": v[g]}[step_with]
        new_parameters[key] = value - learning_rate * step
    return new_parameters, new_v


def _adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8,
          grad_weights=None, correct_v=True, correct_s=True, t_shift=0, eps_inside=False, return_corrected=False):
    w1, w2 = grad_weights or (1 - beta1, 1 - beta2)
    tc = t + t_shift
    new_parameters, new_v, new_s = {}, {}, {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for key, value in parameters.items():
            g = "d" + key
            new_v[g] = beta1 * v[g] + w1 * grads[g]
            new_s[g] = beta2 * s[g] + w2 * grads[g] ** 2
            v_c = new_v[g] / (1 - beta1 ** tc) if correct_v else new_v[g]
            s_c = new_s[g] / (1 - beta2 ** tc) if correct_s else new_s[g]
            denominator = np.sqrt(s_c + epsilon) if eps_inside else np.sqrt(s_c) + epsilon
            new_parameters[key] = value - learning_rate * v_c / denominator
            if return_corrected:
                new_v[g], new_s[g] = v_c, s_c
    return new_parameters, new_v, new_s


def _adam_mistake(**switches):
    def compute(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
        beta_weights = {"grad_weights": (beta1, beta2)} if switches.get("grad_weights") == "beta" else {}
        rest = {k: val for k, val in switches.items() if k != "grad_weights"}
        return _adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, **beta_weights, **rest)
    return compute


# The messages name the mistake and where to look; the grader shows the one whose values match.
MISTAKES = [
    Mistake("random_mini_batches", "Your mini-batches hold the examples in their original order: shuffle the "
            "columns first, with permutation = np.random.default_rng(seed).permutation(m).", _not_shuffled),
    Mistake("random_mini_batches", "Your order is the one of the old global generator (np.random.seed(seed) and "
            "np.random.permutation(m)): this course uses a generator object, rng = np.random.default_rng(seed), "
            "then rng.permutation(m).", _legacy_generator),
    Mistake("random_mini_batches", "X is shuffled right but Y with a second, different permutation: draw ONE "
            "permutation and index both arrays with it, X[:, permutation] and Y[:, permutation].",
            _two_permutations),
    Mistake("random_mini_batches", "The last, smaller mini-batch is missing: when m is not a multiple of "
            "mini_batch_size, the m % mini_batch_size examples left over make one more mini-batch.",
            _last_batch_dropped),
    Mistake("update_parameters_with_momentum", "It matches v = beta * v + beta * dW: the gradient's weight is "
            "(1 - beta), not beta, so that the weights of the average add up to 1.",
            lambda p, g, v, beta, lr: _momentum(p, g, v, beta, lr, grad_weight=beta)),
    Mistake("update_parameters_with_momentum", "It matches v = beta * v + dW, without the (1 - beta) on the "
            "gradient: v must be an average of the gradients, v = beta * v + (1 - beta) * dW.",
            lambda p, g, v, beta, lr: _momentum(p, g, v, beta, lr, grad_weight=1.0)),
    Mistake("update_parameters_with_momentum", "It matches v = (1 - beta) * v + beta * dW: beta weighs the old "
            "velocity, (1 - beta) the new gradient.",
            lambda p, g, v, beta, lr: _momentum(p, g, v, 1 - beta, lr, grad_weight=beta)),
    Mistake("update_parameters_with_momentum", "The parameters took a plain gradient-descent step "
            "(W - learning_rate * dW): with momentum, they step along the new velocity, W - learning_rate * v.",
            lambda p, g, v, beta, lr: _momentum(p, g, v, beta, lr, step_with="grad")),
    Mistake("update_parameters_with_momentum", "The parameters stepped along the OLD velocity: update v first, "
            "then use the new v in W - learning_rate * v.",
            lambda p, g, v, beta, lr: _momentum(p, g, v, beta, lr, step_with="old v")),
    Mistake("update_parameters_with_adam", "It matches Adam without the bias correction: divide v by "
            "(1 - beta1 ** t) and s by (1 - beta2 ** t) before the update (not when you store them).",
            _adam_mistake(correct_v=False, correct_s=False)),
    Mistake("update_parameters_with_adam", "It matches Adam with the bias correction of v but not of s: "
            "s_corrected = s / (1 - beta2 ** t) too.", _adam_mistake(correct_s=False)),
    Mistake("update_parameters_with_adam", "It matches Adam with the bias correction of s but not of v: "
            "v_corrected = v / (1 - beta1 ** t) too.", _adam_mistake(correct_v=False)),
    Mistake("update_parameters_with_adam", "It matches a bias correction with t + 1: t already counts from 1 "
            "(the first step is t = 1), so use 1 - beta1 ** t and 1 - beta2 ** t as they are.",
            _adam_mistake(t_shift=1)),
    Mistake("update_parameters_with_adam", "It matches a bias correction with t - 1: t already counts from 1, "
            "so use 1 - beta1 ** t and 1 - beta2 ** t as they are.", _adam_mistake(t_shift=-1)),
    Mistake("update_parameters_with_adam", "It matches epsilon inside the square root, np.sqrt(s_corrected + "
            "epsilon): epsilon goes after it, np.sqrt(s_corrected) + epsilon.", _adam_mistake(eps_inside=True)),
    Mistake("update_parameters_with_adam", "It matches v = beta1 * v + beta1 * dW (and s = beta2 * s + beta2 * "
            "dW ** 2): the gradient's weight is (1 - beta1), and (1 - beta2) for s.",
            _adam_mistake(grad_weights="beta")),
    Mistake("update_parameters_with_adam", "It matches the bias-corrected averages: return v and s as they are "
            "after the update (the running averages); v_corrected and s_corrected only serve this step.",
            _adam_mistake(return_corrected=True)),
]
