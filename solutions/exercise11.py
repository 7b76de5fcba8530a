"""Reference solution for exercise 11: zero-padding, convolution and pooling, forward."""

import numpy as np


def zero_pad(X, pad):
    # Height and width only: the examples and the channels keep their number.
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=0)


def conv_single_step(a_slice_prev, W, b):
    # The bias is added once per position, not once per weight.
    return float(np.sum(a_slice_prev * W) + np.sum(b))


def conv_forward(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    # The positions a window of size f fits in, stepping by stride; // rounds down.
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            for w in range(n_W):
                horiz_start = w * stride
                # Every filter reads all the channels of the same window.
                a_slice = A_prev_pad[i, vert_start:vert_start + f, horiz_start:horiz_start + f, :]
                for c in range(n_C):
                    Z[i, h, w, c] = conv_single_step(a_slice, W[:, :, :, c], b[:, :, :, c])
    return Z, (A_prev, W, b, hparameters)


def pool_forward(A_prev, hparameters, mode="max"):
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    f, stride = hparameters["f"], hparameters["stride"]
    n_H = (n_H_prev - f) // stride + 1
    n_W = (n_W_prev - f) // stride + 1
    pool = np.max if mode == "max" else np.mean
    A = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            for w in range(n_W):
                horiz_start = w * stride
                for c in range(n_C):
                    # Each channel is pooled on its own: pooling never mixes channels.
                    A[i, h, w, c] = pool(A_prev[i, vert_start:vert_start + f, horiz_start:horiz_start + f, c])
    return A, (A_prev, hparameters)
