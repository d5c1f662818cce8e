"""Inputs and numpy's outputs for batchnorm-ranks.onnxtext:
`batchnorm_ranks_data.py <prefix>` writes <prefix>.<name>.npy.

Inference BatchNormalization per channel (dimension 1) of inputs of rank 2
(BatchNorm1d after a Linear layer), 3 (over a sequence) and 5 (BatchNorm3d).
"""
import sys

import numpy as np

prefix = sys.argv[1]
rng = np.random.default_rng(9)
# The graph's constants.
s = np.array([0.5, -1.25, 2.0], np.float32)
b = np.array([0.1, -0.3, 0.7], np.float32)
m = np.array([0.2, -0.4, 1.5], np.float32)
v = np.array([0.8, 1.6, 0.55], np.float32)
arrays = {}
for name, shape in (("A", (2, 3)), ("B", (2, 3, 5)), ("C", (1, 3, 2, 3, 4))):
    x = rng.standard_normal(shape).astype(np.float32)
    c = (1, 3) + (1,) * (len(shape) - 2)
    y = (x - m.reshape(c)) / np.sqrt(v.reshape(c) + 1e-5) * s.reshape(c) + b.reshape(c)
    arrays[name] = x
    arrays["Y" + name] = y.astype(np.float32)
for name, value in arrays.items():
    np.save(f"{prefix}.{name}.npy", value)
