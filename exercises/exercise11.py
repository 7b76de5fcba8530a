"""Exercise 11 (session 4): the building blocks of a convolutional neural network.

An image is a matrix of pixels: a 300x300 grey image is 90000 numbers, a colour image three such
matrices, one per channel (red, green, blue). A fully connected layer flattens it and gives every
neuron a weight for every pixel: that is a lot of weights, and it forgets which pixels were
neighbours. A convolutional neural network (CNN) keeps the image's shape and stacks three kinds
of layers: convolutional layers, pooling layers, and at the end fully connected layers.

Here a batch of images is an array of shape (m, n_H, n_W, n_C): m examples, each n_H pixels high,
n_W wide, with n_C channels. (Unlike the columns of the earlier exercises, the examples are on the
first axis.)

Convolution. A filter is a small f x f window of weights that reads all the channels of the layer
below: W[:, :, :, c] has shape (f, f, n_C_prev). It slides over the image, `stride` pixels at a time,
and at each position multiplies the f x f x n_C_prev slice under it elementwise by its weights,
sums everything and adds its bias: one number of the output. The same few weights are used at
every position, so a filter finds the same pattern (an edge, a corner) wherever it is. A layer has
n_C filters, and each makes one channel of the output: W has shape (f, f, n_C_prev, n_C) and b
(1, 1, 1, n_C), one bias per filter. Early layers find edges; the layers above combine them
into shapes, groups of shapes, faces.

Padding. Without it the output shrinks at every layer and the border pixels are read less often
than the others. Zero-padding adds `pad` rows and columns of zeros around each image, on the
height and width axes only, never on the examples or channels. The output has

    n_H = floor((n_H_prev + 2 * pad - f) / stride) + 1      and the same for n_W

rows and columns: the positions a window of size f fits in, stepping by stride.

Pooling. A pooling layer shrinks the image: it slides an f x f window (with its own stride) over each
channel separately and keeps the largest value under it ("max") or their mean ("average"). It has
no weights to learn, and keeps the number of channels: n_C = n_C_prev.

The loops in conv_forward and pool_forward are slow in Python, but they show exactly what a
convolution computes; a library does the same in vectorised code.

Run `grade exercise11` to check your work.
"""

import numpy as np


def zero_pad(X, pad):
    """Pad every image of X with zeros, `pad` pixels on each side of the height and width.

    Arguments:
    X   -- batch of images, numpy array of shape (m, n_H, n_W, n_C)
    pad -- number of rows and columns of zeros added on each side, an int >= 0

    Returns:
    X_pad -- numpy array of shape (m, n_H + 2 * pad, n_W + 2 * pad, n_C): X in the middle, zeros around it

    Example:
    >>> zero_pad(np.ones((1, 2, 2, 1)), 1)[0, :, :, 0]
    array([[0., 0., 0., 0.],
           [0., 1., 1., 0.],
           [0., 1., 1., 0.],
           [0., 0., 0., 0.]])
    """
    # TODO: pad only axes 1 and 2 (height and width) with zeros: np.pad takes one (before, after) pair per axis.
    raise NotImplementedError


def conv_single_step(a_slice_prev, W, b):
    """One filter applied at one position: the sum of a_slice_prev * W, plus the bias.

    Arguments:
    a_slice_prev -- a slice of the input, numpy array of shape (f, f, n_C_prev)
    W            -- the weights of one filter, numpy array of shape (f, f, n_C_prev)
    b            -- the bias of that filter, numpy array of shape (1, 1, 1)

    Returns:
    Z -- a Python float: np.sum(a_slice_prev * W) + the bias

    Example:
    >>> conv_single_step(np.ones((2, 2, 1)), np.array([1.0, 2.0, 3.0, 4.0]).reshape(2, 2, 1), np.full((1, 1, 1), 0.5))
    10.5
    """
    # TODO: multiply elementwise, sum everything, add the bias once, and return a Python float.
    raise NotImplementedError


def conv_forward(A_prev, W, b, hparameters):
    """The forward pass of a convolutional layer.

    Arguments:
    A_prev      -- output of the previous layer, numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev)
    W           -- weights, numpy array of shape (f, f, n_C_prev, n_C): filter c is W[:, :, :, c]
    b           -- biases, numpy array of shape (1, 1, 1, n_C): the bias of filter c is b[:, :, :, c]
    hparameters -- dict {"stride": int, "pad": int}

    Returns:
    Z     -- the output, numpy array of shape (m, n_H, n_W, n_C), with
             n_H = floor((n_H_prev + 2 * pad - f) / stride) + 1 and n_W = floor((n_W_prev + 2 * pad - f) / stride) + 1
    cache -- the tuple (A_prev, W, b, hparameters), for the backward pass (A_prev as given, not padded)

    Z[i, h, w, c] is conv_single_step of filter c on the slice of the padded example i that starts at row
    h * stride and column w * stride: A_prev_pad[i, h * stride : h * stride + f, w * stride : w * stride + f, :].

    Example:
    >>> Z, cache = conv_forward(np.zeros((2, 5, 7, 3)), np.zeros((3, 3, 3, 8)), np.zeros((1, 1, 1, 8)),
    ...                         {"stride": 2, "pad": 1})
    >>> Z.shape
    (2, 3, 4, 8)
    """
    # TODO: read the shapes and hyperparameters, compute n_H and n_W, make Z = np.zeros((m, n_H, n_W, n_C)),
    # pad A_prev with zero_pad, then loop over the examples i, the rows h, the columns w and the filters c,
    # filling Z[i, h, w, c] with conv_single_step. Return Z and the cache.
    raise NotImplementedError


def pool_forward(A_prev, hparameters, mode="max"):
    """The forward pass of a pooling layer.

    Arguments:
    A_prev      -- input, numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev)
    hparameters -- dict {"f": int, "stride": int}: the window's size and step (no padding)
    mode        -- "max" or "average"

    Returns:
    A     -- the output, numpy array of shape (m, n_H, n_W, n_C_prev), with
             n_H = floor((n_H_prev - f) / stride) + 1 and n_W = floor((n_W_prev - f) / stride) + 1
    cache -- the tuple (A_prev, hparameters), for the backward pass

    A[i, h, w, c] is the max (or the mean) of A_prev[i, h * stride : h * stride + f, w * stride : w * stride + f, c]:
    each channel c is pooled on its own.

    Example:
    >>> A, cache = pool_forward(np.arange(16.0).reshape(1, 4, 4, 1), {"f": 2, "stride": 2})
    >>> A[0, :, :, 0]
    array([[ 5.,  7.],
           [13., 15.]])
    >>> pool_forward(np.arange(16.0).reshape(1, 4, 4, 1), {"f": 2, "stride": 2}, mode="average")[0][0, :, :, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    # TODO: compute n_H and n_W, make A = np.zeros((m, n_H, n_W, n_C)), then loop over i, h, w and c,
    # taking np.max or np.mean of the window of channel c. Return A and the cache.
    raise NotImplementedError
