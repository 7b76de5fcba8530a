"""Exercise 6 (session 3): train your first neural network, then let it predict.

You now have every piece of the method, and this exercise puts them together:

    1. Data preprocessing (done for you: X holds one example per column, Y its 0/1 labels)
    2. Initialise the parameters, define the hyperparameters (learning rate, number of iterations)
    3. Loop for num_iterations:
        a. Forward propagation      AL, caches = forward_pass(X, parameters)
        b. Compute the cost         cost = compute_cost(AL, Y)
        c. Backward propagation     grads = backward_pass(AL, Y, caches)
        d. Update the parameters    parameters = update_parameters(parameters, grads, learning_rate)
    4. Use the trained parameters to predict labels

Each trip round the loop is one step of gradient descent: it moves every weight a little
(learning_rate times its gradient) in the direction that lowers the cost. If the loop works, the
cost falls, quickly at first and then more slowly. Watching it is how you know training works, so
train() keeps the cost every 100 iterations, starting with iteration 0 (the cost of the random
initial parameters), and returns that list with the trained parameters.

The network answers with probabilities, AL = P(y = 1 | x). To predict a label, compare each one
with 0.5: strictly more than 0.5 is a 1, everything else (0.5 included) is a 0.

The helpers (initialize_parameters, forward_pass, compute_cost, backward_pass, update_parameters)
come written for you below: they are exercises 2 to 5. Your part is train and predict.

Run `grade exercise6` to check your work.
"""

import numpy as np


# --- given: the network's building blocks (exercises 1 to 5) ---------------------------------


def sigmoid(Z):
    """Elementwise 1 / (1 + exp(-Z)), without overflow for large |Z|."""
    return np.exp(-np.logaddexp(0, -Z))


def relu(Z):
    """Elementwise max(0, Z)."""
    return np.maximum(0, Z)


def initialize_parameters(layer_dims, seed=0):
    """{"W1", "b1", ..., "WL", "bL"} for layer sizes [n_0, ..., n_L]: He-scaled random weights, zero biases.

    The same seed always gives the same parameters.
    """
    generator = np.random.default_rng(seed)
    parameters = {}
    for l, (fan_in, n) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        parameters["W" + str(l)] = generator.standard_normal((n, fan_in)) * np.sqrt(2.0 / fan_in)
        parameters["b" + str(l)] = np.zeros((n, 1))
    return parameters


def forward_pass(X, parameters):
    """(AL, caches): ReLU hidden layers, a sigmoid output layer; one (A_prev, W, b, Z) cache per layer."""
    n_layers = len(parameters) // 2
    A, caches = X, []
    for l in range(1, n_layers + 1):
        A_prev, W, b = A, parameters["W" + str(l)], parameters["b" + str(l)]
        Z = np.dot(W, A_prev) + b
        caches.append((A_prev, W, b, Z))
        A = relu(Z) if l < n_layers else sigmoid(Z)
    return A, caches


def compute_cost(AL, Y):
    """Binary cross-entropy averaged over the m examples, as a Python float."""
    m = Y.shape[1]
    return float(-(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)).item() / m)


def backward_pass(AL, Y, caches):
    """{"dW1", "db1", ..., "dWL", "dbL"}: the gradients of compute_cost for every layer."""
    m = AL.shape[1]
    grads = {}
    dZ = AL - Y  # sigmoid output with the cross-entropy cost
    for l in reversed(range(1, len(caches) + 1)):
        A_prev, W, _, _ = caches[l - 1]
        grads["dW" + str(l)] = np.dot(dZ, A_prev.T) / m
        grads["db" + str(l)] = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            dZ = np.dot(W.T, dZ) * (caches[l - 2][3] > 0)  # back through the ReLU of layer l - 1
    return grads


def update_parameters(parameters, grads, learning_rate):
    """A NEW parameters dict after one step of gradient descent; the dict passed in is left unchanged."""
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}


# --- your part ----------------------------------------------------------------------------------


def predict(X, parameters):
    """The 0/1 label the network predicts for each example of X.

    Arguments:
    X          -- input data, numpy array of shape (n_x, m): one example per column
    parameters -- dict {"W1", "b1", ..., "WL", "bL"} (from train or initialize_parameters)

    Returns:
    predictions -- numpy array of integers (dtype int) of shape (1, m): predictions[0, i] is 1 when the
                   network's probability AL[0, i] is strictly greater than 0.5, and 0 otherwise
                   (a probability of exactly 0.5 is a 0)

    Example:
    >>> parameters = {"W1": np.array([[1.0, -1.0], [0.5, 2.0]]), "b1": np.array([[0.0], [-1.0]]),
    ...               "W2": np.array([[1.0, -1.0]]), "b2": np.array([[0.5]])}
    >>> predict(np.array([[1.0, -2.0, 0.5, 3.0], [2.0, 1.0, 0.5, -1.0]]), parameters)
    array([[0, 1, 1, 1]])
    """
    # TODO: run the network forward on X, then turn the probabilities AL into 0/1 integers.
    raise NotImplementedError


def train(X, Y, layer_dims, learning_rate=0.0075, num_iterations=2500, seed=0, print_every=0):
    """Train a network of layer sizes layer_dims on (X, Y) with gradient descent.

    Arguments:
    X              -- training inputs, numpy array of shape (n_x, m)
    Y              -- training labels, numpy array of shape (1, m), values 0 or 1
    layer_dims     -- list of the layer sizes [n_x, n_1, ..., n_L]; n_L = 1 (one sigmoid output)
    learning_rate  -- the step size of gradient descent, a float
    num_iterations -- how many times to go round the loop (forward, cost, backward, update)
    seed           -- passed to initialize_parameters(layer_dims, seed): the same seed, the same training
    print_every    -- if greater than 0, print the cost every print_every iterations (0: print nothing)

    Returns:
    parameters -- dict {"W1", "b1", ..., "WL", "bL"}: the trained parameters, each of the shape
                  initialize_parameters gives it
    costs      -- list of Python floats: the cost of iterations 0, 100, 200, ... (every i with
                  i % 100 == 0, each computed in that iteration, before its update); so
                  len(costs) == ceil(num_iterations / 100): 25 for 2500 iterations, 3 for 201

    Example:
    >>> X = np.array([[1.0, 2.0, -1.0, -2.0], [0.5, 1.5, -0.5, -1.0]]); Y = np.array([[1, 1, 0, 0]])
    >>> parameters, costs = train(X, Y, [2, 3, 1], learning_rate=0.1, num_iterations=300, seed=1)
    >>> len(costs), round(costs[0], 6), costs[-1] < costs[0]
    (3, 0.766839, True)
    """
    # TODO: initialise the parameters ONCE, before the loop, with the seed.
    # TODO: loop num_iterations times: forward, cost, backward, update (keep the updated parameters!).
    # TODO: every 100 iterations (i % 100 == 0), append the cost to costs; print it if print_every asks.
    raise NotImplementedError
