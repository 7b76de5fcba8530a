"""Cases for exercise11 (zero_pad, conv_single_step, conv_forward, pool_forward) and the typical mistakes
its feedback recognises.

Instructor-only: `grade fixtures` runs the reference solution on these and stores the results.
The layers below (with the mistakes built in) stay here, never in the grader. The inputs are small:
the learner's loops run in Python, and grading must stay fast.
"""

import numpy as np

from grader.cases import Case, Mistake

# --- inputs ------------------------------------------------------------------------------------------


def _conv_inputs(rng, m, n_H, n_W, n_C_prev, f, n_C):
    A_prev = rng.standard_normal((m, n_H, n_W, n_C_prev))
    W = rng.standard_normal((f, f, n_C_prev, n_C))
    b = rng.standard_normal((1, 1, 1, n_C))
    return A_prev, W, b


def _conv_case(rng, m, n_H, n_W, n_C_prev, f, n_C, stride, pad, note="", hidden=False, variants=False):
    A_prev, W, b = _conv_inputs(rng, m, n_H, n_W, n_C_prev, f, n_C)
    h = {"stride": stride, "pad": pad}
    name = f"A_prev {A_prev.shape}, W {W.shape}, stride {stride}, pad {pad}{note}"
    suffix = " (hidden)" if hidden else ""
    yield Case(name + suffix, "conv_forward", (A_prev, W, b, h), hidden=hidden)
    if variants:
        # The same inputs with one term zeroed: which of the two is right tells the learner where to look.
        yield Case(f"{name}, with b = 0{suffix}", "conv_forward", (A_prev, W, np.zeros_like(b), h), hidden=hidden)
        yield Case(f"{name}, with W = 0{suffix}", "conv_forward", (A_prev, np.zeros_like(W), b, h), hidden=hidden)


def _pool_case(rng, mode, shape, f, stride, hidden=False, default_mode=False):
    A_prev = rng.standard_normal(shape)
    name = f"{mode}, A_prev {shape}, f = {f}, stride {stride}" + (" (mode left out)" if default_mode else "")
    return Case(name + (" (hidden)" if hidden else ""), "pool_forward", (A_prev, {"f": f, "stride": stride}),
                {} if default_mode else {"mode": mode}, hidden=hidden)


def cases():
    rng = np.random.default_rng(11)

    yield Case("zero_pad docstring example", "zero_pad", (np.ones((1, 2, 2, 1)), 1))
    for shape, pad, hidden in (((2, 3, 3, 1), 1, False), ((1, 4, 5, 3), 2, False), ((3, 2, 2, 2), 0, False),
                               ((2, 3, 4, 2), 3, True)):
        yield Case(f"X {shape}, pad {pad}" + (" (hidden)" if hidden else ""), "zero_pad",
                   (rng.standard_normal(shape), pad), hidden=hidden)

    yield Case("conv_single_step docstring example", "conv_single_step",
               (np.ones((2, 2, 1)), np.array([1.0, 2.0, 3.0, 4.0]).reshape(2, 2, 1), np.full((1, 1, 1), 0.5)))
    for f, n_C_prev, hidden in ((3, 3, False), (1, 4, False), (2, 2, False), (4, 2, True)):
        yield Case(f"f = {f}, {n_C_prev} channels" + (" (hidden)" if hidden else ""), "conv_single_step",
                   (rng.standard_normal((f, f, n_C_prev)), rng.standard_normal((f, f, n_C_prev)),
                    rng.standard_normal((1, 1, 1))), hidden=hidden)

    yield from _conv_case(rng, 2, 5, 5, 3, 3, 4, 1, 1, " (the same size out)")
    yield from _conv_case(rng, 2, 7, 7, 2, 3, 3, 2, 1, variants=True)
    yield from _conv_case(rng, 1, 6, 8, 3, 2, 2, 2, 0, " (not square)")
    yield from _conv_case(rng, 2, 5, 4, 1, 3, 2, 3, 2, " (the division rounds down)")
    yield from _conv_case(rng, 1, 4, 4, 3, 1, 2, 1, 0, " (1 x 1 filters)")
    yield from _conv_case(rng, 2, 6, 5, 2, 3, 3, 2, 2, hidden=True)
    yield from _conv_case(rng, 1, 8, 6, 3, 4, 2, 3, 1, hidden=True)

    yield _pool_case(rng, "max", (2, 4, 4, 3), 2, 2)
    yield _pool_case(rng, "average", (2, 4, 4, 3), 2, 2)
    yield _pool_case(rng, "max", (1, 5, 7, 2), 3, 1)
    yield _pool_case(rng, "average", (2, 6, 5, 2), 2, 3)
    yield _pool_case(rng, "max", (1, 3, 3, 2), 3, 1, default_mode=True)
    yield _pool_case(rng, "max", (2, 7, 5, 3), 3, 2, hidden=True)
    yield _pool_case(rng, "average", (1, 5, 5, 4), 2, 1, hidden=True)


# --- the layers, with the typical mistakes as switches ------------------------------------------------


def _conv(A_prev, W, b, hparameters, use_stride=True, bias="per filter", flip=False, first_example=False,
          one_filter=False):
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H, n_W = (n_H_prev + 2 * pad - f) // stride + 1, (n_W_prev + 2 * pad - f) // stride + 1
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    step = stride if use_stride else 1
    Z = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                a = A_pad[0 if first_example else i, h * step:h * step + f, w * step:w * step + f, :]
                for c in range(n_C):
                    filt = W[:, :, :, 0 if one_filter else c]
                    if flip:
                        filt = filt[::-1, ::-1, :]
                    value = np.sum(a * filt)
                    value += {"per filter": b[0, 0, 0, c], "none": 0.0, "first": b[0, 0, 0, 0],
                              "per weight": b[0, 0, 0, c] * filt.size}[bias]
                    Z[i, h, w, c] = value
    return Z, (A_prev, W, b, hparameters)


def _pool(A_prev, hparameters, mode="max", use_stride=True, across_channels=False, force=None):
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    f, stride = hparameters["f"], hparameters["stride"]
    n_H, n_W = (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1
    pool = np.max if (force or mode) == "max" else np.mean
    step = stride if use_stride else 1
    A = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                window = A_prev[i, h * step:h * step + f, w * step:w * step + f, :]
                for c in range(n_C):
                    A[i, h, w, c] = pool(window) if across_channels else pool(window[:, :, c])
    return A, (A_prev, hparameters)


MISTAKES = [
    Mistake("conv_single_step", "It matches the sum without the bias: add b once, np.sum(a_slice_prev * W) + b.",
            lambda a, W, b: float(np.sum(a * W))),
    Mistake("conv_single_step", "It matches np.sum(a_slice_prev * W + b): that adds the bias once per weight "
            "(f * f * n_C_prev times). Sum the products first, then add b once.",
            lambda a, W, b: float(np.sum(a * W + b))),
    Mistake("conv_forward", "It matches windows that start at h and w instead of h * stride and w * stride: the "
            "window moves `stride` pixels at a time, vert_start = h * stride, horiz_start = w * stride.",
            lambda *a: _conv(*a, use_stride=False)),
    Mistake("conv_forward", "It matches Z without the biases: each filter c adds its own bias, b[:, :, :, c].",
            lambda *a: _conv(*a, bias="none")),
    Mistake("conv_forward", "It matches every filter using the bias of filter 0: filter c adds b[:, :, :, c].",
            lambda *a: _conv(*a, bias="first")),
    Mistake("conv_forward", "It matches the bias added once per weight (np.sum(a_slice * W + b)): add it once per "
            "position, after the sum.", lambda *a: _conv(*a, bias="per weight")),
    Mistake("conv_forward", "It matches every output channel made with filter 0: channel c uses W[:, :, :, c] "
            "and b[:, :, :, c].", lambda *a: _conv(*a, one_filter=True)),
    Mistake("conv_forward", "It matches every example read from the first image: slice the padded example i, "
            "A_prev_pad[i, ...].", lambda *a: _conv(*a, first_example=True)),
    Mistake("conv_forward", "It matches the filters flipped (a convolution in the mathematical sense): a CNN "
            "multiplies the window by W as it is, without flipping it.", lambda *a: _conv(*a, flip=True)),
    Mistake("pool_forward", "It matches windows that start at h and w instead of h * stride and w * stride: the "
            "window moves `stride` pixels at a time.", lambda *a, **k: _pool(*a, **k, use_stride=False)),
    Mistake("pool_forward", "It matches each window pooled across all its channels: every channel is pooled on "
            "its own, A_prev[i, rows, columns, c], so the channels stay different.",
            lambda *a, **k: _pool(*a, **k, across_channels=True)),
    Mistake("pool_forward", "It matches max pooling: for mode=\"average\", take np.mean of the window.",
            lambda *a, **k: _pool(*a, **k, force="max")),
    Mistake("pool_forward", "It matches average pooling: for mode=\"max\" (the default), take np.max of the window.",
            lambda *a, **k: _pool(*a, **k, force="average")),
]
