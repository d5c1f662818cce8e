"""Inputs and numpy's outputs for integer-types.onnxtext:
`integer_types_data.py <prefix>` writes <prefix>.<name>.npy for the graph's
inputs and expected outputs.

The 8- and 16-bit types wrap around as numpy's do (uint8 200 + 100 is 44);
the uint32 and uint64 values stay below 2^24, where float32 holds them.
"""
import sys

import numpy as np

prefix = sys.argv[1]
rng = np.random.default_rng(5)
img = rng.integers(0, 256, (1, 3, 4, 6), dtype=np.uint8)
img[0, 0, 0, :3] = [255, 200, 0]  # Sums past 255 wrap.
i8 = np.array([-128, -7, 0, 7, 100, 127], np.int8)
i16 = np.array([-32768, -300, 0, 300, 1000, 32767], np.int16)
u16 = np.array([0, 1, 300, 65535, 40000, 7], np.uint16)
u32 = np.array([0, 5, 70000, 16000000, 3, 9], np.uint32)
u64 = np.array([1, 2, 3, 16777214, 10, 20], np.uint64)

with np.errstate(over="ignore"):
    outputs = {
        # Pixels: a brightened copy (wrapping), the max-pooled image, the
        # image as floats, divided by 7.
        "B": img + np.uint8(100),
        "P": img.reshape(1, 3, 2, 2, 3, 2).max(axis=(3, 5)),
        "F": img.astype(np.float32) * np.float32(0.5),
        "D": img // np.uint8(7),
        "A8": i8 + i8,
        "N8": -i8,
        "M8": np.abs(i8),
        # Truncating division, wrapped: -128 / -1 is 128, which int8 wraps.
        "Q8": ((i8.astype(np.int64) * -1 + 128) % 256 - 128).astype(np.int8),
        "S16": i16 * np.int16(3),
        "N16": -i16,
        "U16": u16 - np.uint16(1),
        "W16": u16.astype(np.int32),
        "X32": np.maximum(u32, np.uint32(6)),
        "R32": u32 % np.uint32(7),
        "S64": u64 + np.uint64(1),
    }
for name, value in {"img": img, "i8": i8, "i16": i16, "u16": u16, "u32": u32,
                    "u64": u64, **outputs}.items():
    np.save(f"{prefix}.{name}.npy", value)
