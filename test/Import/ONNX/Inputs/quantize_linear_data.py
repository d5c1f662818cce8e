"""Inputs and numpy's outputs for quantize-linear.onnxtext:
`quantize_linear_data.py <prefix>` writes <prefix>.<name>.npy for the graph's
inputs and expected outputs, computed as ONNX defines the ops, in float32:

  QuantizeLinear:        clamp(rint(x / scale) + zero_point, lo, hi)
  DequantizeLinear:      (x - zero_point) * scale
  DynamicQuantizeLinear: scale = (max(0, max x) - min(0, min x)) * (1 / 255),
                         zero_point = clamp(rint(-min(0, min x) / scale)),
                         y = QuantizeLinear(x, scale, zero_point)

(rint rounds halves to even, as np.rint does).
"""
import sys

import numpy as np

prefix = sys.argv[1]
rng = np.random.default_rng(11)
f32 = np.float32


def quantize(x, scale, zero, dtype):
    info = np.iinfo(dtype)
    q = np.rint(x / scale) + zero.astype(f32)
    return np.clip(q, info.min, info.max).astype(dtype)


def dequantize(q, scale, zero):
    return ((q.astype(f32) - zero.astype(f32)) * scale).astype(f32)


X = (rng.standard_normal((1, 2, 3, 4)) * 4).astype(f32)
# Ties: 0.125 / 0.05 is 2.5 in float32, which rounds to 2; beyond the range
# saturates.
X[0, 0, 0, :3] = [0.125, 100.0, -100.0]
S = np.array(0.03, f32)
Z = np.array(7, np.uint8)
U = rng.integers(0, 256, (1, 2, 3, 4), dtype=np.uint8)
V = rng.integers(-128, 128, (2, 3), dtype=np.int8)

s, z = f32(0.05), np.uint8(128)
s2 = f32(0.1)
sc = np.array([0.02, 0.2], f32).reshape(1, 2, 1, 1)
zc = np.array([-3, 5], np.int8).reshape(1, 2, 1, 1)
zcu = np.array([100, 20], np.uint8).reshape(1, 2, 1, 1)

x_min = np.minimum(f32(0), X.min())
x_max = np.maximum(f32(0), X.max())
# The body divides the range by the constant 255, which the importer
# computes as a product with the float32 reciprocal (docs/ONNXImport.md,
# Div): within an ulp of the quotient, and the scale every later step uses.
y_scale = f32((x_max - x_min) * (f32(1) / f32(255)))
y_zero = np.clip(np.rint(f32(0) - x_min / y_scale), 0, 255).astype(np.uint8)

outputs = {
    "QA": quantize(X, s, np.array(z), np.uint8),
    "QB": quantize(X, S, Z, np.uint8),
    "QC": quantize(X, sc, zc, np.int8),
    "DA": dequantize(U, s, np.array(z)),
    "DB": dequantize(U, sc, zcu),
    "R": dequantize(quantize(X, s, np.array(z), np.uint8), s2, np.array(z)),
    "I": dequantize(quantize(X, s, np.array(0, np.uint8), np.uint8), s,
                    np.array(0, np.uint8)),
    "DV": dequantize(V, S, np.array(0, np.int8)),
    "Y": quantize(X, y_scale, y_zero, np.uint8),
    "YS": y_scale,
    "YZ": y_zero,
}
for name, value in {"X": X, "S": S, "Z": Z, "U": U, "V": V,
                    **outputs}.items():
    np.save(f"{prefix}.{name}.npy", value)
