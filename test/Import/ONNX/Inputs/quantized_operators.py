"""ONNX's integer operators (QOperator format) against numpy's integers, for
quantized-operators.test.

`quantized_operators.py make <dir>` writes <dir>/model.onnx, a graph of two
chained QLinearConvs (per-channel int8 weights, an int32 bias, padding),
a QLinearMatMul (per-column scales), a ConvInteger (per-channel weight zero
points) and a MatMulInteger (per-row and per-column zero points), its
inputs <dir>/<input>.npy, and the exact results <dir>/expected/<output>.npy,
computed as ONNX defines the ops: integer sums of (x - zero point) * (w -
zero point) (+ the bias), and for the QLinear ops the nearest integer to
sum * x_scale * w_scale / y_scale plus y's zero point, saturated
(halves to even).

`quantized_operators.py check <dir> <outputs> <label> <levels> <relative>`
compares <outputs>/<output>.npy with the expectation: the types must be
equal, every element of an 8-bit output within <levels> quantization levels,
every element of an int32 output within <relative> times the output's
largest magnitude; prints one line per output.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUTPUTS = ["Y1", "Y2", "Y3", "Y4"]


def conv_int(x, w, pad):
    """Integer 2-D convolution, stride 1, symmetric zero padding."""
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    n, c, h, wd = x.shape
    m, _, r, s = w.shape
    out = np.zeros((n, m, h - r + 1, wd - s + 1), np.int64)
    for i in range(r):
        for j in range(s):
            patch = x[:, :, i:i + h - r + 1, j:j + wd - s + 1]
            out += np.einsum("nchw,mc->nmhw", patch, w[:, :, i, j])
    return out


def requantize(acc, scale, y_scale, y_zero, dtype):
    real = acc.astype(np.float64) * scale / np.float64(y_scale)
    info = np.iinfo(dtype)
    return np.clip(np.rint(real) + int(y_zero), info.min, info.max).astype(dtype)


def make(out):
    rng = np.random.default_rng(3)
    x = rng.integers(0, 256, (1, 3, 8, 8), dtype=np.uint8)
    a = rng.integers(0, 256, (3, 5), dtype=np.uint8)
    xs, xz = np.float32(0.02), np.uint8(128)
    w1 = rng.integers(-60, 61, (4, 3, 3, 3), dtype=np.int8)
    ws1 = np.array([0.004, 0.006, 0.005, 0.003], np.float32)
    wz1 = np.zeros(4, np.int8)
    b1 = rng.integers(-2000, 2001, 4).astype(np.int32)
    ys1, yz1 = np.float32(0.05), np.uint8(100)
    w2 = rng.integers(-100, 101, (2, 4, 1, 1), dtype=np.int8)
    ws2, wz2 = np.float32(0.01), np.int8(0)
    ys2, yz2 = np.float32(0.04), np.uint8(120)
    as_, az = np.float32(0.03), np.uint8(110)
    b = rng.integers(0, 256, (5, 4), dtype=np.uint8)
    bs = np.array([0.01, 0.02, 0.015, 0.005], np.float32)
    bz = np.array([128, 120, 130, 125], np.uint8)
    ys3, yz3 = np.float32(0.2), np.uint8(90)
    w3 = rng.integers(0, 256, (2, 3, 3, 3), dtype=np.uint8)
    wz3 = np.array([128, 100], np.uint8)
    az4 = np.array([100, 110, 120], np.uint8)

    inits = {"xs": xs, "xz": xz, "w1": w1, "ws1": ws1, "wz1": wz1, "b1": b1,
             "ys1": ys1, "yz1": yz1, "w2": w2, "ws2": ws2, "wz2": wz2,
             "ys2": ys2, "yz2": yz2, "as": as_, "az": az, "b": b, "bs": bs,
             "bz": bz, "ys3": ys3, "yz3": yz3, "w3": w3, "wz3": wz3,
             "az4": az4}
    nodes = [
        helper.make_node("QLinearConv",
                         ["x", "xs", "xz", "w1", "ws1", "wz1", "ys1", "yz1",
                          "b1"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
        helper.make_node("QLinearConv",
                         ["c1", "ys1", "yz1", "w2", "ws2", "wz2", "ys2",
                          "yz2"], ["Y1"], name="conv2"),
        helper.make_node("QLinearMatMul",
                         ["a", "as", "az", "b", "bs", "bz", "ys3", "yz3"],
                         ["Y2"], name="matmul"),
        helper.make_node("ConvInteger", ["x", "w3", "xz", "wz3"], ["Y3"],
                         name="conv_integer", pads=[1, 1, 1, 1]),
        helper.make_node("MatMulInteger", ["a", "b", "az4", "bz"], ["Y4"],
                         name="matmul_integer"),
    ]
    graph = helper.make_graph(
        nodes, "quantized_operators",
        [helper.make_tensor_value_info("x", TensorProto.UINT8, x.shape),
         helper.make_tensor_value_info("a", TensorProto.UINT8, a.shape)],
        [helper.make_tensor_value_info("Y1", TensorProto.UINT8, [1, 2, 8, 8]),
         helper.make_tensor_value_info("Y2", TensorProto.UINT8, [3, 4]),
         helper.make_tensor_value_info("Y3", TensorProto.INT32, [1, 2, 8, 8]),
         helper.make_tensor_value_info("Y4", TensorProto.INT32, [3, 4])],
        [numpy_helper.from_array(np.asarray(v), k) for k, v in inits.items()])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    os.makedirs(os.path.join(out, "expected"), exist_ok=True)
    onnx.save(model, os.path.join(out, "model.onnx"))
    np.save(os.path.join(out, "x.npy"), x)
    np.save(os.path.join(out, "a.npy"), a)

    xi = x.astype(np.int64) - int(xz)
    acc1 = conv_int(xi, w1.astype(np.int64) - wz1.astype(np.int64)[:, None, None, None], 1) \
        + b1.astype(np.int64)[None, :, None, None]
    c1 = requantize(acc1, np.float64(xs) * ws1.astype(np.float64)[None, :, None, None],
                    ys1, yz1, np.uint8)
    acc2 = conv_int(c1.astype(np.int64) - int(yz1), w2.astype(np.int64) - int(wz2), 0)
    expected = {
        "Y1": requantize(acc2, np.float64(ys1) * np.float64(ws2), ys2, yz2, np.uint8),
        "Y2": requantize((a.astype(np.int64) - int(az)) @ (b.astype(np.int64) - bz.astype(np.int64)),
                         np.float64(as_) * bs.astype(np.float64), ys3, yz3, np.uint8),
        "Y3": conv_int(xi, w3.astype(np.int64) - wz3.astype(np.int64)[:, None, None, None],
                       1).astype(np.int32),
        "Y4": ((a.astype(np.int64) - az4.astype(np.int64)[:, None])
               @ (b.astype(np.int64) - bz.astype(np.int64))).astype(np.int32),
    }
    for name, value in expected.items():
        np.save(os.path.join(out, "expected", name + ".npy"), value)


def check(out, outputs, label, levels, relative):
    for name in OUTPUTS:
        want = np.load(os.path.join(out, "expected", name + ".npy"))
        got = np.load(os.path.join(outputs, name + ".npy"))
        diff = np.abs(got.astype(np.int64) - want.astype(np.int64))
        tolerance = (levels if want.dtype.itemsize == 1
                     else relative * np.abs(want.astype(np.int64)).max())
        verdict = ("ok" if got.dtype == want.dtype and got.shape == want.shape
                   and diff.max() <= tolerance else "FAILED")
        print(f"{label} {name} {got.dtype}: {verdict} (max difference "
              f"{diff.max()}, {np.count_nonzero(diff == 0)} of {diff.size} "
              f"exact)")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        check(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]),
              float(sys.argv[6]))
