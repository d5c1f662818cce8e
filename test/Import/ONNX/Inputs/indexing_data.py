"""Inputs and numpy's outputs for indexing.onnxtext: `indexing_data.py
<prefix>` writes <prefix>.<name>.npy for the graph's inputs and expected
outputs.

ScatterElements applies the updates in row-major order, so of two updates
to one element the later wins (ONNX leaves that case open; ONNX Runtime and
numpy's loop below agree), and add/mul combine in that order in float32.
"""
import sys

import numpy as np

prefix = sys.argv[1]
rng = np.random.default_rng(7)
x = rng.standard_normal((3, 5)).astype(np.float32)
# Negative indices count from the end; rows repeat positions (duplicates).
i = np.array([[0, -1, 4, 0], [2, 2, -5, 3], [1, 4, -2, 1]], np.int64)
u = rng.standard_normal((3, 4)).astype(np.float32)
t = np.array([[0, 4], [2, -1], [-3, 0]], np.int64)
c = rng.standard_normal((2, 3, 4)).astype(np.float32)
b = np.array([[[2], [0]], [[-1], [1]]], np.int64)
ci = np.array([[2, 0, 1, -1, 0], [1, 1, 2, 0, -3]], np.int64)
# ScatterND: rows of x (tuples of 1; one repeated, one negative) and
# single elements (tuples of 2, constant).
r = np.array([[2], [0], [-1]], np.int64)
v = rng.standard_normal((3, 5)).astype(np.float32)
e = np.array([[0, 1], [2, -1], [0, 1]], np.int64)
w = np.array([2.0, -3.0, 0.5], np.float32)


def scatter(combine):
    y = x.copy()
    for r in range(3):
        for k in range(4):
            j = i[r, k]
            y[r, j] = u[r, k] if combine is None else combine(y[r, j], u[r, k])
    return y


def scatter_nd(tuples, updates, combine):
    y = x.copy()
    for t, u in zip(tuples, updates):
        y[tuple(t)] = u if combine is None else combine(y[tuple(t)], u)
    return y


outputs = {
    "G": np.take_along_axis(x, i % 5, 1),
    "S": scatter(None),
    "A": scatter(np.add),
    "M": scatter(np.multiply),
    "N": x[t[:, 0], t[:, 1]],
    "B": np.stack([c[n][b[n, :, 0]] for n in range(2)]),
    "P": np.take_along_axis(x, ci % 3, 0),
    "X": x.max(1, keepdims=True),
    "R": scatter_nd(r, v, None),
    "E": scatter_nd(e, w, np.multiply),
}
for name, value in dict(x=x, i=i, u=u, t=t, c=c, b=b, r=r, v=v,
                        **outputs).items():
    np.save(f"{prefix}.{name}.npy", value)
