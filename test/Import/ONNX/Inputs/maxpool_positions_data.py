"""Inputs and expected outputs for maxpool-positions.onnxtext:
`maxpool_positions_data.py <prefix>` writes <prefix>.<name>.npy.

MaxPool written out window by window, as ONNX defines it: padding never
wins; the index is the flat index of the first maximum in the window's
row-major order, ((n C + c) H + h) W + w, or with storage_order 1
(n C + c) H W + w H + h.
"""
import sys

import numpy as np

prefix = sys.argv[1]
rng = np.random.default_rng(8)
X = rng.integers(-4, 5, (2, 3, 7, 6)).astype(np.float32)  # Ties.
X[0, 0, :2, :2] = -np.inf  # A window of -inf inside the padding.


def maxpool(x, kernel, strides, dilations, pads, out, column_major=False):
    n_, c_, h_, w_ = x.shape
    values = np.empty((n_, c_) + out, np.float32)
    indices = np.empty((n_, c_) + out, np.int64)
    for n in range(n_):
        for c in range(c_):
            for oh in range(out[0]):
                for ow in range(out[1]):
                    best, where = -np.inf, None
                    for kh in range(kernel[0]):
                        for kw in range(kernel[1]):
                            h = oh * strides[0] + kh * dilations[0] - pads[0]
                            w = ow * strides[1] + kw * dilations[1] - pads[1]
                            if not (0 <= h < h_ and 0 <= w < w_):
                                continue
                            if where is None or x[n, c, h, w] > best:
                                best, where = x[n, c, h, w], (h, w)
                    h, w = where
                    values[n, c, oh, ow] = best
                    flat = w * h_ + h if column_major else h * w_ + w
                    indices[n, c, oh, ow] = (n * c_ + c) * h_ * w_ + flat
    return values, indices


# Dilated: kernel 3 x 2, dilations 2 x 3, strides 2 x 1, pads [1, 2, 1, 2],
# ceil_mode 1 (H: (7 + 2 - 5) / 2 + 1 = 3; W: 6 + 4 - 4 + 1 = 7).
D, DI = maxpool(X, (3, 2), (2, 1), (2, 3), (1, 2), (3, 7))
# Undilated with indices, 2 x 2 stride 2 with padding, both storage orders.
P, PI = maxpool(X, (2, 2), (2, 2), (1, 1), (1, 0), (4, 3))
_, PC = maxpool(X, (2, 2), (2, 2), (1, 1), (1, 0), (4, 3), column_major=True)
for name, value in {"X": X, "D": D, "DI": DI, "P": P, "PI": PI,
                    "PC": PC}.items():
    np.save(f"{prefix}.{name}.npy", value)
