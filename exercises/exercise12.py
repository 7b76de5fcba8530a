"""Exercise 12 (session 5, the capstone): recognise handwritten digits on a real dataset.

Until now the networks learnt from small made-up examples. Here they meet real data: 1797
handwritten digits from the UCI "optical recognition of handwritten digits" dataset (see
data/README.md). Each image is 8x8 pixels, each pixel a count from 0 (white) to 16 (black),
so one image is a column of 64 numbers and X has shape (64, m), as in the rest of the course.
The label is the digit, 0 to 9: ten classes instead of yes/no.

Three things change from the yes/no networks of session 3:

- The output layer has 10 neurons and a *softmax* instead of a sigmoid: it turns the 10 scores
  of an image into 10 probabilities that add up to 1. The prediction is the class with the
  highest probability (np.argmax over the classes, axis 0).
- The labels become *one-hot* columns for the cost: the digit 3 is the column
  [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]. The cost is the cross-entropy over the 10 classes.
- The data is split. The network learns from the *training* split; you tune your recipe by
  watching the accuracy on the *validation* split (images it never learnt from); and your
  instructor keeps a third, *held-out* split that neither you nor your network ever see, to
  measure honestly how well it works on new handwriting. Both files you have are in data/.

The forward pass, the backward pass, the cost, Adam updates and mini-batches are written for you
below (you wrote their like in session 3). Your part is the recipe that makes them work:

1. normalize_digits: scale the pixels so the network's inputs are small (0..1, not 0..16).
2. train_digits: choose the layers, the learning rate, the batch size and the number of epochs,
   and run the training loop. It must reach at least 95% accuracy on new images, within the
   time limit of this exercise (60 s), and return the cost history so you can see it fall.
3. predict_digits: scale the images the same way, run them forward, take the most likely digit.

Run `python exercises/exercise12.py` to train on your machine: it prints the accuracies and
saves the learning curve as learning_curve.png. Run `grade exercise12` to check your work.
"""

import struct
import zlib
from pathlib import Path

import numpy as np

N_CLASSES = 10
PIXEL_MAX = 16  # the pixels of this dataset are counts from 0 to 16


def normalize_digits(X):
    """Scale raw pixel counts into [0, 1] by dividing by PIXEL_MAX (16).

    Arguments:
    X -- raw images, numpy array of shape (64, m), values 0..16 (ints or floats)

    Returns:
    X_scaled -- a new float array of shape (64, m), values in [0, 1]; X itself is left unchanged

    Example:
    >>> normalize_digits(np.array([[0, 8], [16, 4]]))
    array([[0.  , 0.5 ],
           [1.  , 0.25]])
    """
    # TODO: return X divided by PIXEL_MAX, as a new float array (do not change X in place).
    raise NotImplementedError


def train_digits(X_train, Y_train, seed=0):
    """Train a network that recognises the digits, from raw images and their labels.

    Arguments:
    X_train -- raw training images, numpy array of shape (64, m), values 0..16
    Y_train -- their digits, numpy array of shape (1, m), integer values 0..9
    seed    -- seed for the initial weights and the order of the mini-batches

    Returns:
    parameters -- dict {"W1", "b1", ..., "WL", "bL"}: W1 has shape (n_1, 64), WL has shape (10, n_{L-1}),
                  each bl has shape (n_l, 1)
    costs      -- list of Python floats, the cost recorded during training (for example the average cost
                  of each epoch), at least 2 values, in the order they were recorded

    The network must reach at least 95% accuracy on images it did not learn from, and train within
    the exercise's time limit (60 s on the grader's machine: aim for a few seconds).
    """
    # TODO: your recipe.
    #   1. Scale the images with normalize_digits, and turn Y_train into one-hot columns with one_hot.
    #   2. Choose layer_dims (64 inputs, some hidden ReLU layers, 10 outputs) and initialise them.
    #   3. For each epoch: for each mini-batch: forward, compute_cost, backward, adam_update.
    #      Record the epoch's average cost in `costs`.
    #   4. Return parameters, costs.
    raise NotImplementedError


def predict_digits(X, parameters):
    """The most likely digit for each image.

    Arguments:
    X          -- raw images, numpy array of shape (64, m), values 0..16 (not yet scaled)
    parameters -- dict {"W1", "b1", ..., "WL", "bL"} of a trained network (as train_digits returns it)

    Returns:
    predictions -- numpy array of shape (1, m), integer values 0..9: the class with the highest
                   probability in each column of the network's output
    """
    # TODO: scale X with normalize_digits, run forward, take np.argmax over the classes (axis 0),
    # and return it with shape (1, m).
    raise NotImplementedError


# --- helpers, already written ----------------------------------------------------------------------


def load_digits(path):
    """Read one of the data/digits_*.csv.gz files: returns X of shape (64, m) and Y of shape (1, m).

    Each row of the file is one image (64 pixels, then its label); the course keeps examples in
    columns, so the table is transposed.
    """
    table = np.loadtxt(path, delimiter=",", dtype=np.int64)
    X = table[:, :-1].T.astype(float)
    Y = table[:, -1].reshape(1, -1)
    return X, Y


def one_hot(Y, n_classes=N_CLASSES):
    """Labels of shape (1, m) -> one-hot columns of shape (n_classes, m)."""
    m = Y.shape[1]
    Y_onehot = np.zeros((n_classes, m))
    Y_onehot[Y.ravel().astype(int), np.arange(m)] = 1.0
    return Y_onehot


def relu(Z):
    return np.maximum(0, Z)


def softmax(Z):
    """Column-wise softmax: each column of scores becomes probabilities that sum to 1."""
    shifted = Z - Z.max(axis=0, keepdims=True)  # subtracting the column's max avoids overflow in exp
    E = np.exp(shifted)
    return E / E.sum(axis=0, keepdims=True)


def initialize_parameters(layer_dims, seed=0):
    """He initialisation: Wl of shape (layer_dims[l], layer_dims[l - 1]) scaled by sqrt(2 / fan-in), bl = 0."""
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * np.sqrt(2 / layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def forward(X, parameters):
    """ReLU hidden layers, softmax output. Returns AL of shape (10, m) and the caches (A_prev, W, b, Z)."""
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = W @ A + b
        caches.append((A, W, b, Z))
        A = softmax(Z) if l == L else relu(Z)
    return A, caches


def compute_cost(AL, Y_onehot):
    """Cross-entropy over the classes, averaged over the m examples, as a Python float."""
    m = Y_onehot.shape[1]
    return float(-np.sum(Y_onehot * np.log(AL + 1e-12)) / m)


def backward(AL, Y_onehot, caches):
    """Gradients of compute_cost for the network of `forward`: dict "dW1", "db1", ..., "dWL", "dbL"."""
    grads = {}
    L = len(caches)
    m = Y_onehot.shape[1]
    dZ = AL - Y_onehot  # softmax and cross-entropy together have this simple gradient
    for l in range(L, 0, -1):
        A_prev, W, b, Z = caches[l - 1]
        if l < L:
            dZ = dA * (Z > 0)
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        dA = W.T @ dZ
    return grads


def initialize_adam(parameters):
    """Adam's running averages, all zero: {"v": {...}, "s": {...}, "t": 0}."""
    return {"v": {k: np.zeros_like(p) for k, p in parameters.items()},
            "s": {k: np.zeros_like(p) for k, p in parameters.items()},
            "t": 0}


def adam_update(parameters, grads, adam, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """One Adam step: returns new parameters (and updates the `adam` state in place)."""
    adam["t"] += 1
    t = adam["t"]
    new = {}
    for key, p in parameters.items():
        g = grads["d" + key]
        adam["v"][key] = beta1 * adam["v"][key] + (1 - beta1) * g
        adam["s"][key] = beta2 * adam["s"][key] + (1 - beta2) * g ** 2
        v_hat = adam["v"][key] / (1 - beta1 ** t)
        s_hat = adam["s"][key] / (1 - beta2 ** t)
        new[key] = p - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return new


def update_parameters(parameters, grads, learning_rate):
    """One plain gradient-descent step (if you prefer it to Adam): returns new parameters."""
    return {key: p - learning_rate * grads["d" + key] for key, p in parameters.items()}


def mini_batches(X, Y, batch_size, rng):
    """The columns of X and Y shuffled with `rng` and cut into batches of batch_size (the last may be smaller)."""
    order = rng.permutation(X.shape[1])
    return [(X[:, order[i:i + batch_size]], Y[:, order[i:i + batch_size]])
            for i in range(0, X.shape[1], batch_size)]


def accuracy(predictions, Y):
    """The fraction of examples whose prediction equals the label."""
    return float(np.mean(np.asarray(predictions).ravel() == np.asarray(Y).ravel()))


def save_learning_curve(costs, path="learning_curve.png", width=480, height=320):
    """Draw the costs as a line (x: when recorded, y: cost) and save it as a PNG picture at `path`.

    Written with numpy alone: the picture is an array of pixels, and a PNG file is that array,
    compressed with zlib, between a few labelled chunks.
    """
    costs = np.asarray(costs, dtype=float).ravel()
    costs = costs[np.isfinite(costs)]
    image = np.full((height, width, 3), 255, dtype=np.uint8)
    margin = 20
    image[margin:height - margin, margin] = 0            # the y axis
    image[height - margin, margin:width - margin] = 0    # the x axis
    if costs.size >= 2:
        x = np.linspace(margin, width - margin - 1, costs.size)
        low, high = min(costs.min(), 0.0), costs.max()
        y = height - margin - (costs - low) / ((high - low) or 1.0) * (height - 2 * margin - 1)
        # Join consecutive points with short straight segments, drawn 2 pixels thick.
        for x0, y0, x1, y1 in zip(x[:-1], y[:-1], x[1:], y[1:]):
            steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 2
            xs = np.linspace(x0, x1, steps).round().astype(int)
            ys = np.linspace(y0, y1, steps).round().astype(int)
            for dy in (0, 1):
                image[np.clip(ys + dy, 0, height - 1), np.clip(xs, 0, width - 1)] = (200, 30, 30)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + image[r].tobytes() for r in range(height))  # filter type 0 for each row
    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))  # 8-bit RGB
           + chunk(b"IDAT", zlib.compress(rows, 9))
           + chunk(b"IEND", b""))
    Path(path).write_bytes(png)
    return path


if __name__ == "__main__":
    import time

    data = Path(__file__).resolve().parent.parent / "data"
    X_train, Y_train = load_digits(data / "digits_train.csv.gz")
    X_valid, Y_valid = load_digits(data / "digits_validation.csv.gz")
    start = time.perf_counter()
    parameters, costs = train_digits(X_train, Y_train, seed=0)
    print(f"trained in {time.perf_counter() - start:.1f} s; cost {costs[0]:.4f} -> {costs[-1]:.4f}")
    print(f"training accuracy:   {accuracy(predict_digits(X_train, parameters), Y_train):.2%}")
    print(f"validation accuracy: {accuracy(predict_digits(X_valid, parameters), Y_valid):.2%} (the goal: 95%)")
    print(f"learning curve saved to {save_learning_curve(costs, 'learning_curve.png')}")
