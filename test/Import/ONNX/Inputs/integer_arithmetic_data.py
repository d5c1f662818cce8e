"""Inputs and numpy's outputs for integer-arithmetic.onnxtext:
`integer_arithmetic_data.py <prefix>` writes <prefix>.<name>.npy for the
graph's inputs and expected outputs.

ONNX's integer Div truncates toward zero (C's /, what ONNX Runtime does),
not numpy's floor division; Mod with fmod 0 is numpy's mod (the divisor's
sign), with fmod 1 numpy's fmod (the dividend's). Pow of an integer base by
a float exponent is the float power truncated to the integer type.
"""
import sys

import numpy as np

prefix = sys.argv[1]
rng = np.random.default_rng(11)
# Every sign combination, the divisors never 0.
a = np.array([[7, -7, 7, -7, 0, 13], [-1, 5, 12, -12, 9, -9]], np.int64)
b = np.array([[2, 2, -2, -2, 3, -4], [5, -3, 4, 5, -2, 2]], np.int64)
c = np.array([3, -1, 4, 1], np.int32)
# Heatmaps of 3 key points on a 4 x 6 map; x a float tensor for fmod.
h = rng.standard_normal((1, 3, 4, 6)).astype(np.float32)
x = (rng.standard_normal((2, 6)) * 4).astype(np.float32)

idx = h.reshape(1, 3, 24).argmax(axis=2)
K = np.stack([idx % 6, idx // 6], axis=2).astype(np.float32) * 4.0 + 2.0

outputs = {
    "Q": np.trunc(a / b).astype(np.int64),
    "R": np.mod(a, b),
    "F": np.fmod(a, b),
    "S": a + b,
    "D": a - 3,
    "P": a * b,
    "X": np.maximum(np.maximum(a, b), 3),
    "N": np.minimum(a, b),
    "W": b ** 2,
    "V": np.trunc(np.power(b.astype(np.float64), 2.0)).astype(np.int64),
    "U": np.abs(a),
    "Y": -a,
    "G": np.sign(a),
    "C": np.clip(a, -3, 4),
    "Z": a + b + a,
    "E": np.pad(c, 2, mode="edge"),
    "T": c * c,
    "K": K,
    "M": np.fmod(x, np.float32(1.5)),
}
for name, value in {"a": a, "b": b, "c": c, "h": h, "x": x, **outputs}.items():
    np.save(f"{prefix}.{name}.npy", value)
