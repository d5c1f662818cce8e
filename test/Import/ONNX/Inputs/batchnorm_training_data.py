"""Inputs and numpy's outputs for batchnorm-training.onnxtext:
`batchnorm_training_data.py <prefix>` writes <prefix>.<name>.npy.

BatchNormalization-15 with training_mode 1, as ONNX's reference computes it:
each channel normalized with the batch's mean and biased variance over the
other dimensions; running_mean = mean * momentum + batch mean *
(1 - momentum), the same for the variance.
"""
import sys

import numpy as np

prefix = sys.argv[1]
rng = np.random.default_rng(4)
X = rng.standard_normal((2, 4, 5, 5)).astype(np.float32) * 3 + 1
s = rng.standard_normal(4).astype(np.float32)
b = rng.standard_normal(4).astype(np.float32)
m = rng.standard_normal(4).astype(np.float32)
v = rng.random(4).astype(np.float32)
momentum, epsilon = 0.8, 1e-3

x = X.astype(np.float64)
mean = x.mean(axis=(0, 2, 3))
var = x.var(axis=(0, 2, 3))
shape = (1, 4, 1, 1)
Y = (s.reshape(shape) * (x - mean.reshape(shape))
     / np.sqrt(var.reshape(shape) + epsilon) + b.reshape(shape))
outputs = {
    "Y": Y.astype(np.float32),
    "RM": (m * momentum + mean * (1 - momentum)).astype(np.float32),
    "RV": (v * momentum + var * (1 - momentum)).astype(np.float32),
}
for name, value in {"X": X, "s": s, "b": b, "m": m, "v": v, **outputs}.items():
    np.save(f"{prefix}.{name}.npy", value)
