"""Inputs and numpy's outputs for narrowing-casts.onnxtext:
`narrowing_casts_data.py <prefix>` writes <prefix>.<name>.npy for the graph's
inputs and expected outputs.

A cast to a narrower integer type wraps as numpy's astype does between
integer types; a float is truncated toward zero first (numpy leaves a float
outside the target type undefined, so the expectation is written as the
truncation to int64 followed by the integer cast, which is what the cast
computes).
"""
import sys

import numpy as np

prefix = sys.argv[1]
x = np.array([-1.7, 0.5, 255.9, 256.0, 300.0, -129.5, 70000.2, -3.0],
             np.float32)
s = np.array([-32768, -300, -1, 0, 127, 128, 255, 32767], np.int16)
i = np.array([-16777215, -40000, -1, 0, 40000, 65535, 65536, 16777215],
             np.int64)
u = np.array([0, 1, 255, 256, 1000, 65535, 65536, 16777215], np.int64)

truncated = np.trunc(x).astype(np.int64)
outputs = {
    "XU8": truncated.astype(np.uint8),
    "XI8": truncated.astype(np.int8),
    "XU16": truncated.astype(np.uint16),
    "XI16": truncated.astype(np.int16),
    "SU8": s.astype(np.uint8),
    "SI8": s.astype(np.int8),
    "II16": i.astype(np.int16),
    "IU16": i.astype(np.uint16),
    "UU32": u.astype(np.uint32),
    # A wrapped value computes on: uint8 arithmetic of the wrapped bytes.
    "SUM": (s.astype(np.uint8) + np.uint8(1)).astype(np.uint8),
}
for name, value in {"x": x, "s": s, "i": i, "u": u, **outputs}.items():
    np.save(f"{prefix}.{name}.npy", value)
