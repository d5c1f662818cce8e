#!/usr/bin/env python3
"""Generates docs/SupportedOps.md: for every ONNX op type the importer supports
and every opset from 1 to 17, a one-node model is built with onnx.helper and
imported with eyeriss-compile. The table records what happened, so it states
what was run, not what was intended.

Usage: gen_supported_ops.py --compiler build/bin/eyeriss-compile [--output FILE]
       [--check FILE]   (exit 1 if FILE differs from what would be generated)
Run with Debian's /usr/bin/python3 (it needs python3-onnx and numpy).
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, defs, helper, numpy_helper

OPSETS = range(1, 18)


def f32(name, shape, seed=0):
    data = np.random.default_rng(seed).standard_normal(shape).astype(np.float32)
    return numpy_helper.from_array(data, name)


def x4(name="X"):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, 4, 6, 6])


def x2(name="X"):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, [2, 3])


def out(name="Y"):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, None)



# Elementwise functions of one input, with an attribute where they take one.
UNARY_ATTRS = {
    "Abs": {}, "Neg": {}, "Exp": {}, "Log": {}, "Sqrt": {}, "Reciprocal": {},
    "Tanh": {}, "Softplus": {}, "Softsign": {}, "LeakyRelu": {"alpha": 0.1},
    "Elu": {"alpha": 0.5}, "Selu": {}, "Celu": {"alpha": 2.0},
    "ThresholdedRelu": {"alpha": 0.5}, "Sin": {}, "Cos": {}, "Floor": {}, "Ceil": {},
    "Round": {}, "Sign": {}, "Tan": {}, "Asin": {}, "Acos": {}, "Atan": {},
    "Sinh": {}, "Cosh": {}, "Asinh": {}, "Acosh": {}, "Atanh": {}, "IsNaN": {},
    "IsInf": {"detect_negative": 0},
}


# Comparisons and logic of two inputs: a bool result.
COMPARISONS = ("Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "And",
               "Or", "Xor")


def model_for(op, opset):
    """A minimal graph exercising `op`, valid at `opset`."""
    inits = []
    inputs = [x4()]
    if op == "Add":
        inputs.append(x4("Z"))
        nodes = [helper.make_node("Add", ["X", "Z"], ["Y"])]
    elif op == "AveragePool":
        nodes = [helper.make_node("AveragePool", ["X"], ["Y"], kernel_shape=[2, 2])]
    elif op == "BatchNormalization":
        inits = [f32("s", [4], 1), f32("b", [4], 2), f32("m", [4], 3),
                 numpy_helper.from_array(np.ones(4, np.float32), "v")]
        # Before opset 6 the running statistics are "consumed" (updated in
        # place); before 7 inference mode is an attribute.
        attrs = {"consumed_inputs": [0, 0, 0, 1, 1]} if opset < 6 else {}
        if opset < 7:
            attrs["is_test"] = 1
        nodes = [helper.make_node("BatchNormalization", ["X", "s", "b", "m", "v"], ["Y"],
                                  **attrs)]
    elif op == "Clip":
        if opset < 11:
            nodes = [helper.make_node("Clip", ["X"], ["Y"], min=0.0, max=6.0)]
        else:
            inits = [numpy_helper.from_array(np.array(0, np.float32), "lo"),
                     numpy_helper.from_array(np.array(6, np.float32), "hi")]
            nodes = [helper.make_node("Clip", ["X", "lo", "hi"], ["Y"])]
    elif op == "Concat":
        inputs.append(x4("Z"))
        nodes = [helper.make_node("Concat", ["X", "Z"], ["Y"], axis=1)]
    elif op == "Constant":
        value = f32("c", [1, 4, 6, 6], 4)
        nodes = [helper.make_node("Constant", [], ["C"], value=value),
                 helper.make_node("Add", ["X", "C"], ["Y"])]
    elif op == "Conv":
        inits = [f32("W", [2, 4, 3, 3], 5)]
        nodes = [helper.make_node("Conv", ["X", "W"], ["Y"], pads=[1, 1, 1, 1])]
    elif op == "Div":
        inits = [numpy_helper.from_array(np.array(1.4142135, np.float32), "d")]
        nodes = [helper.make_node("Div", ["X", "d"], ["Y"])]
    elif op == "Erf":
        nodes = [helper.make_node("Erf", ["X"], ["Y"])]
    elif op == "LayerNormalization":
        inits = [f32("g", [6], 9), f32("b", [6], 10)]
        nodes = [helper.make_node("LayerNormalization", ["X", "g", "b"], ["Y"], axis=-1)]
    elif op == "Dropout":
        attrs = {"ratio": 0.5} if opset < 12 else {}
        if opset < 7:
            attrs["is_test"] = 1
        nodes = [helper.make_node("Dropout", ["X"], ["Y"], **attrs)]
    elif op == "Expand":
        inits = [f32("c", [1, 4, 1, 1], 11),
                 numpy_helper.from_array(np.array([1, 4, 6, 6], np.int64), "shape")]
        nodes = [helper.make_node("Expand", ["c", "shape"], ["E"]),
                 helper.make_node("Add", ["X", "E"], ["Y"])]
    elif op == "Gather":
        inits = [numpy_helper.from_array(np.array([2, 0], np.int64), "i")]
        nodes = [helper.make_node("Gather", ["X", "i"], ["Y"], axis=1)]
    elif op == "Flatten":
        nodes = [helper.make_node("Flatten", ["X"], ["Y"], axis=1)]
    elif op == "Gemm":
        inputs = [x2()]
        inits = [f32("W", [4, 3], 6), f32("C", [4], 7)]
        # Before opset 7 a C smaller than the product broadcasts only when asked.
        attrs = {"broadcast": 1} if opset < 7 else {}
        nodes = [helper.make_node("Gemm", ["X", "W", "C"], ["Y"], transB=1, **attrs)]
    elif op in ("GlobalAveragePool", "GlobalMaxPool"):
        nodes = [helper.make_node(op, ["X"], ["Y"])]
    elif op == "HardSigmoid":
        nodes = [helper.make_node("HardSigmoid", ["X"], ["Y"], alpha=0.25)]
    elif op == "HardSwish":
        nodes = [helper.make_node("HardSwish", ["X"], ["Y"])]
    elif op == "Identity":
        nodes = [helper.make_node("Identity", ["X"], ["Y"])]
    elif op == "LRN":
        nodes = [helper.make_node("LRN", ["X"], ["Y"], size=3)]
    elif op == "MatMul":
        inputs = [x2()]
        inits = [f32("W", [3, 4], 8)]
        nodes = [helper.make_node("MatMul", ["X", "W"], ["Y"])]
    elif op == "MaxPool":
        nodes = [helper.make_node("MaxPool", ["X"], ["Y"], kernel_shape=[2, 2])]
    elif op == "Mul":
        if opset < 7:
            # Legacy broadcasting: B's shape matches A's from `axis` on.
            inputs.append(helper.make_tensor_value_info("G", TensorProto.FLOAT, [4]))
            nodes = [helper.make_node("Mul", ["X", "G"], ["Y"], broadcast=1, axis=1)]
        else:
            inputs.append(helper.make_tensor_value_info("G", TensorProto.FLOAT, [1, 4, 1, 1]))
            nodes = [helper.make_node("Mul", ["X", "G"], ["Y"])]
    elif op == "Pad":
        if opset < 2:
            nodes = [helper.make_node("Pad", ["X"], ["Y"], paddings=[0, 0, 1, 2, 0, 0, 1, 2])]
        elif opset < 11:
            nodes = [helper.make_node("Pad", ["X"], ["Y"], pads=[0, 0, 1, 2, 0, 0, 1, 2])]
        else:
            inits = [numpy_helper.from_array(np.array([0, 0, 1, 2, 0, 0, 1, 2], np.int64),
                                             "pads")]
            nodes = [helper.make_node("Pad", ["X", "pads"], ["Y"])]
    elif op == "ReduceMean":
        nodes = [helper.make_node("ReduceMean", ["X"], ["Y"], axes=[2, 3])]
    elif op == "ReduceSum" and opset >= 13:
        # Axes as an input from opset 13.
        inits = [numpy_helper.from_array(np.array([1], np.int64), "axes")]
        nodes = [helper.make_node("ReduceSum", ["X", "axes"], ["Y"])]
    elif op.startswith("Reduce"):
        nodes = [helper.make_node(op, ["X"], ["Y"], axes=[1])]
    elif op == "QuantizeLinear":
        # Only as the first of a pair: a fake quantization.
        inits = [numpy_helper.from_array(np.array(0.05, np.float32), "s"),
                 numpy_helper.from_array(np.array(128, np.uint8), "z")]
        nodes = [helper.make_node("QuantizeLinear", ["X", "s", "z"], ["Q"]),
                 helper.make_node("DequantizeLinear", ["Q", "s", "z"], ["Y"])]
    elif op == "DequantizeLinear":
        # Of int8 constants (a QDQ model's weights).
        inits = [numpy_helper.from_array(np.array([[[3]], [[-7]], [[0]], [[12]]], np.int8), "q"),
                 numpy_helper.from_array(np.array(0.05, np.float32), "s")]
        nodes = [helper.make_node("DequantizeLinear", ["q", "s"], ["D"]),
                 helper.make_node("Add", ["X", "D"], ["Y"])]
    elif op == "Relu":
        nodes = [helper.make_node("Relu", ["X"], ["Y"])]
    elif op == "Reshape":
        if opset < 5:
            nodes = [helper.make_node("Reshape", ["X"], ["Y"], shape=[1, -1])]
        else:
            inits = [numpy_helper.from_array(np.array([1, -1], np.int64), "shape")]
            nodes = [helper.make_node("Reshape", ["X", "shape"], ["Y"])]
    elif op in UNARY_ATTRS:
        nodes = [helper.make_node(op, ["X"], ["Y"], **UNARY_ATTRS[op])]
    elif op in ("Sub", "Pow", "PRelu", "Max", "Min"):
        # Operands of one shape: the legacy broadcasting of opsets 1-6 needs
        # no attribute then, and PRelu-1's slope may have the input's shape.
        inputs.append(x4("Z"))
        nodes = [helper.make_node(op, ["X", "Z"], ["Y"])]
    elif op == "Mod":
        # Of floats ONNX allows fmod 1 only.
        inputs.append(x4("Z"))
        nodes = [helper.make_node(op, ["X", "Z"], ["Y"], fmod=1)]
    elif op == "ConvTranspose":
        inits = [f32("W", [4, 2, 3, 3], 1), f32("B", [2], 2)]
        nodes = [helper.make_node("ConvTranspose", ["X", "W", "B"], ["Y"], strides=[2, 2],
                                  pads=[1, 1, 1, 1], output_padding=[1, 1])]
    elif op == "Resize":
        # Scales as the second input at opset 10; from 11 after a roi, which
        # may be empty; sizes instead (an empty scales input before 13).
        scales = numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "scales")
        if opset < 11:
            inits = [scales]
            nodes = [helper.make_node("Resize", ["X", "scales"], ["Y"], mode="linear")]
        else:
            inits = [numpy_helper.from_array(np.array([1, 4, 12, 12], np.int64), "sizes"),
                     numpy_helper.from_array(np.zeros(0, np.float32), "none")]
            nodes = [helper.make_node("Resize", ["X", "none", "none", "sizes"], ["Y"],
                                      mode="linear",
                                      coordinate_transformation_mode="pytorch_half_pixel")]
    elif op == "Upsample":
        # Scales in two attributes at opset 1, in one from 7, an input from 9.
        if opset < 7:
            nodes = [helper.make_node("Upsample", ["X"], ["Y"], mode="nearest",
                                      height_scale=2.0, width_scale=2.0)]
        elif opset < 9:
            nodes = [helper.make_node("Upsample", ["X"], ["Y"], mode="nearest",
                                      scales=[1.0, 1.0, 2.0, 2.0])]
        else:
            inits = [numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "scales")]
            nodes = [helper.make_node("Upsample", ["X", "scales"], ["Y"], mode="nearest")]
    elif op == "Sigmoid":
        nodes = [helper.make_node("Sigmoid", ["X"], ["Y"])]
    elif op == "Slice":
        # Channels 1 and 3 (every second from 1): starts/ends/axes/steps are
        # attributes before opset 10 (which has no steps), inputs from 10.
        if opset < 10:
            nodes = [helper.make_node("Slice", ["X"], ["Y"], starts=[1], ends=[3], axes=[1])]
        else:
            inits = [numpy_helper.from_array(np.array([v], np.int64), n)
                     for n, v in [("starts", 1), ("ends", 4), ("axes", 1), ("steps", 2)]]
            nodes = [helper.make_node("Slice", ["X", "starts", "ends", "axes", "steps"], ["Y"])]
    elif op == "Split":
        if opset < 13:
            nodes = [helper.make_node("Split", ["X"], ["Y", "Z"], axis=1, split=[1, 3])]
        else:
            inits = [numpy_helper.from_array(np.array([1, 3], np.int64), "split")]
            nodes = [helper.make_node("Split", ["X", "split"], ["Y", "Z"], axis=1)]
    elif op == "Squeeze":
        inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 4, 1, 6])]
        if opset < 13:
            nodes = [helper.make_node("Squeeze", ["X"], ["Y"], axes=[2])]
        else:
            inits = [numpy_helper.from_array(np.array([2], np.int64), "axes")]
            nodes = [helper.make_node("Squeeze", ["X", "axes"], ["Y"])]
    elif op == "Unsqueeze":
        inputs = [x2()]
        if opset < 13:
            nodes = [helper.make_node("Unsqueeze", ["X"], ["Y"], axes=[0, 3])]
        else:
            inits = [numpy_helper.from_array(np.array([0, 3], np.int64), "axes")]
            nodes = [helper.make_node("Unsqueeze", ["X", "axes"], ["Y"])]
    elif op in ("Sum", "Mean"):
        inputs += [x4("Z"), helper.make_tensor_value_info("G", TensorProto.FLOAT, [4, 1, 1])]
        # Multidirectional broadcasting from opset 8; equal shapes before.
        nodes = [helper.make_node(op, ["X", "Z", "G" if opset >= 8 else "X"], ["Y"])]
    elif op == "Transpose":
        nodes = [helper.make_node("Transpose", ["X"], ["Y"], perm=[0, 2, 3, 1])]
    elif op in ("Softmax", "LogSoftmax"):
        inputs = [x2()]
        nodes = [helper.make_node(op, ["X"], ["Y"], axis=1)]
    elif op in ("DepthToSpace", "SpaceToDepth"):
        nodes = [helper.make_node(op, ["X"], ["Y"], blocksize=2)]
    elif op == "Einsum":
        inits = [f32("W", [6, 5], 1)]
        nodes = [helper.make_node("Einsum", ["X", "W"], ["Y"], equation="nchw,wk->nchk")]
    elif op == "Tile":
        # Repeats as an input from opset 6; before, tiles and axis inputs.
        if opset < 6:
            inits = [numpy_helper.from_array(np.array(3, np.int64), "tiles"),
                     numpy_helper.from_array(np.array(3, np.int64), "axis")]
            nodes = [helper.make_node("Tile", ["X", "tiles", "axis"], ["Y"])]
        else:
            inits = [numpy_helper.from_array(np.array([1, 1, 1, 3], np.int64), "repeats")]
            nodes = [helper.make_node("Tile", ["X", "repeats"], ["Y"])]
    elif op in ("ArgMax", "ArgMin"):
        # Indices along the channels, kept: 1 x 1 x 6 x 6 int64.
        nodes = [helper.make_node(op, ["X"], ["Y"], axis=1)]
    elif op == "Cast":
        # To float16 and back; before opset 6 `to` is the type's name.
        to = (lambda t: TensorProto.DataType.Name(t)) if opset < 6 else (lambda t: t)
        nodes = [helper.make_node("Cast", ["X"], ["H"], to=to(TensorProto.FLOAT16)),
                 helper.make_node("Cast", ["H"], ["Y"], to=to(TensorProto.FLOAT))]
    elif op == "CastLike":
        inits = [numpy_helper.from_array(np.zeros(1, np.float16), "half"),
                 numpy_helper.from_array(np.zeros(1, np.float32), "single")]
        nodes = [helper.make_node("CastLike", ["X", "half"], ["H"]),
                 helper.make_node("CastLike", ["H", "single"], ["Y"])]
    elif op in COMPARISONS:
        # Of two computed tensors: float ones (from opset 11, Equal's type
        # constraint admits floats; int64 ones before), or bools for logic.
        elem = (TensorProto.BOOL if op in ("And", "Or", "Xor")
                else TensorProto.INT64 if op == "Equal" and opset < 11
                else TensorProto.FLOAT)
        inputs = [helper.make_tensor_value_info(n, elem, [1, 4, 6, 6]) for n in "XZ"]
        nodes = [helper.make_node(op, ["X", "Z"], ["Y"])]
    elif op == "Not":
        inputs = [helper.make_tensor_value_info("X", TensorProto.BOOL, [1, 4, 6, 6])]
        nodes = [helper.make_node("Not", ["X"], ["Y"])]
    elif op == "Where":
        # A computed condition choosing between two computed tensors.
        inputs.append(x4("Z"))
        nodes = [helper.make_node("Greater", ["X", "Z"], ["C"]),
                 helper.make_node("Where", ["C", "X", "Z"], ["Y"])]
    elif op == "OneHot":
        # Token ids one-hot encoded on a new last axis.
        inputs = [helper.make_tensor_value_info("X", TensorProto.INT64, [2, 5])]
        inits = [numpy_helper.from_array(np.array(7, np.int64), "depth"),
                 numpy_helper.from_array(np.array([0, 1], np.float32), "values")]
        nodes = [helper.make_node("OneHot", ["X", "depth", "values"], ["Y"])]
    elif op == "CumSum":
        inits = [numpy_helper.from_array(np.array(2, np.int64), "axis")]
        nodes = [helper.make_node("CumSum", ["X", "axis"], ["Y"], reverse=1)]
    elif op in ("GatherElements", "ScatterElements", "Scatter"):
        # torch.gather / scatter_add with computed (int64 input) indices.
        inputs.append(helper.make_tensor_value_info("I", TensorProto.INT64, [1, 4, 6, 3]))
        if op == "GatherElements":
            nodes = [helper.make_node(op, ["X", "I"], ["Y"], axis=3)]
        else:
            inputs.append(helper.make_tensor_value_info("U", TensorProto.FLOAT, [1, 4, 6, 3]))
            extra = {"reduction": "add"} if op == "ScatterElements" and opset >= 16 else {}
            nodes = [helper.make_node(op, ["X", "I", "U"], ["Y"], axis=3, **extra)]
    elif op == "GridSample":
        inputs.append(helper.make_tensor_value_info("G", TensorProto.FLOAT, [1, 5, 5, 2]))
        nodes = [helper.make_node(op, ["X", "G"], ["Y"], mode="bicubic",
                                  padding_mode="reflection")]
    elif op == "ScatterND":
        # In-place slice assignment: rows of a computed tensor.
        inputs.append(helper.make_tensor_value_info("U", TensorProto.FLOAT, [1, 6, 6]))
        inits = [numpy_helper.from_array(np.array([[0, 2]], np.int64), "I")]
        nodes = [helper.make_node(op, ["X", "I", "U"], ["Y"])]
    elif op == "GatherND":
        inputs.append(helper.make_tensor_value_info("I", TensorProto.INT64, [5, 2]))
        nodes = [helper.make_node(op, ["X", "I"], ["Y"])]
    elif op == "TopK":
        # K as an attribute at opset 1, an input from 10; the indices output.
        if opset < 10:
            nodes = [helper.make_node("TopK", ["X"], ["V", "Y"], axis=1, k=3)]
        else:
            inits = [numpy_helper.from_array(np.array([3], np.int64), "k")]
            nodes = [helper.make_node("TopK", ["X", "k"], ["V", "Y"], axis=1)]
    elif op in ("MeanVarianceNormalization", "Shrink"):
        nodes = [helper.make_node(op, ["X"], ["Y"])]
    elif op == "ReverseSequence":
        inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [6, 4, 5])]
        inits = [numpy_helper.from_array(np.array([6, 3, 0, 1], np.int64), "lens")]
        nodes = [helper.make_node(op, ["X", "lens"], ["Y"])]
    elif op == "Hardmax":
        nodes = [helper.make_node("Hardmax", ["X"], ["Y"], axis=1)]
    # Function ops, inlined as their ONNX function bodies.
    elif op == "DynamicQuantizeLinear":
        nodes = [helper.make_node(op, ["X"], ["Y", "scale", "zero"])]
    elif op in ("NegativeLogLikelihoodLoss", "SoftmaxCrossEntropyLoss"):
        inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [3, 4, 5])]
        inits = [numpy_helper.from_array(
            np.array([[0, 1, 2, 3, 0], [3, 2, 1, 0, 1], [1, 1, 2, 2, 3]], np.int64),
            "labels")]
        nodes = [helper.make_node(op, ["X", "labels"], ["Y"])]
    elif op in ("HannWindow", "HammingWindow", "BlackmanWindow"):
        inputs = []
        inits = [numpy_helper.from_array(np.array(8, np.int64), "size")]
        nodes = [helper.make_node(op, ["size"], ["Y"])]
    # An If whose condition is a constant: the branch it selects.
    elif op == "If":
        inputs = [x2()]
        inits = [numpy_helper.from_array(np.array(True), "cond"),
                 numpy_helper.from_array(np.array(2.0, np.float32), "two")]
        branches = {}
        for name, (body_op, body_inputs) in {"then_branch": ("Mul", ["X", "two"]),
                                             "else_branch": ("Neg", ["X"])}.items():
            out_name = name + "_out"
            body = helper.make_graph(
                [helper.make_node(body_op, body_inputs, [out_name])], name, [],
                [helper.make_tensor_value_info(out_name, TensorProto.FLOAT, None)])
            branches[name] = body
        nodes = [helper.make_node(op, ["cond"], ["Y"], **branches)]
    # A Loop of a constant trip count: its iterations, unrolled.
    elif op == "Loop":
        inputs = [x2()]
        inits = [numpy_helper.from_array(np.array(3, np.int64), "trips"),
                 numpy_helper.from_array(np.array(True), "cond"),
                 numpy_helper.from_array(np.array(0.5, np.float32), "half")]
        body = helper.make_graph(
            [helper.make_node("Identity", ["c"], ["c_out"]),
             helper.make_node("Mul", ["x_in", "half"], ["x_out"])], "body",
            [helper.make_tensor_value_info("k", TensorProto.INT64, []),
             helper.make_tensor_value_info("c", TensorProto.BOOL, []),
             helper.make_tensor_value_info("x_in", TensorProto.FLOAT, [2, 3])],
            [helper.make_tensor_value_info("c_out", TensorProto.BOOL, []),
             helper.make_tensor_value_info("x_out", TensorProto.FLOAT, [2, 3])])
        nodes = [helper.make_node(op, ["trips", "cond", "X"], ["Y"], body=body)]
    # A Scan over the rows of X: a running sum, unrolled.
    elif op == "Scan":
        inputs = [x2()]
        inits = [numpy_helper.from_array(np.zeros(3, np.float32), "zeros")]
        body = helper.make_graph(
            [helper.make_node("Add", ["s_in", "row"], ["s_out"]),
             helper.make_node("Identity", ["s_out"], ["scan"])], "body",
            [helper.make_tensor_value_info("s_in", TensorProto.FLOAT, [3]),
             helper.make_tensor_value_info("row", TensorProto.FLOAT, [3])],
            [helper.make_tensor_value_info("s_out", TensorProto.FLOAT, [3]),
             helper.make_tensor_value_info("scan", TensorProto.FLOAT, [3])])
        scan_inputs = ["", "zeros", "X"] if opset < 9 else ["zeros", "X"]
        nodes = [helper.make_node(op, scan_inputs, ["", "Y"], body=body,
                                  num_scan_inputs=1)]
    # Fourier transforms of a fixed length, layers of the PE array.
    elif op == "DFT":
        inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [2, 16, 1])]
        inits = []
        nodes = [helper.make_node(op, ["X"], ["Y"], onesided=1)]
    elif op == "STFT":
        inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 64, 1])]
        inits = [numpy_helper.from_array(np.array(8, np.int64), "step"),
                 numpy_helper.from_array(np.hanning(16).astype(np.float32), "window")]
        # onesided written out: ONNX 1.12's shape inference, which gives the
        # output's declared shape here, reads it absent as 0 (the op: 1).
        nodes = [helper.make_node(op, ["X", "step", "window"], ["Y"], onesided=1)]
    # ONNX's integer operators, rewritten as the QDQ nodes they compute.
    elif op in ("QLinearConv", "ConvInteger", "QLinearMatMul", "MatMulInteger"):
        # uint8 data, constant weights (a filter or a matrix) and their zero
        # points; the QLinear ops add the scales and y's quantization.
        conv = "Conv" in op
        inputs = [helper.make_tensor_value_info("X", TensorProto.UINT8,
                                                [1, 4, 6, 6] if conv else [2, 3])]
        rng = np.random.default_rng(1)
        if conv:
            w = rng.integers(-50, 50, (2, 4, 3, 3)).astype(
                np.int8 if op == "QLinearConv" else np.uint8)
        else:
            w = rng.integers(0, 256, (3, 4)).astype(np.uint8)
        inits = [numpy_helper.from_array(w, "w"),
                 numpy_helper.from_array(np.array(128, np.uint8), "xz"),
                 numpy_helper.from_array(np.array(0 if conv else 120, w.dtype), "wz")]
        if op.startswith("QLinear"):
            inits += [numpy_helper.from_array(np.array(0.02, np.float32), name)
                      for name in ("xs", "ws", "ys")]
            inits.append(numpy_helper.from_array(np.array(100, np.uint8), "yz"))
            nodes = [helper.make_node(op, ["X", "xs", "xz", "w", "ws", "wz", "ys", "yz"],
                                      ["Y"])]
        else:
            nodes = [helper.make_node(op, ["X", "w", "xz", "wz"], ["Y"])]
    elif op in ("RNN", "GRU", "LSTM"):
        # A forward layer over 6 steps of a batch of 4, hidden size 3; the
        # last hidden state is the output.
        gates = {"RNN": 1, "GRU": 3, "LSTM": 4}[op]
        inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [6, 4, 6])]
        inits = [f32("W", [1, 3 * gates, 6], 1), f32("R", [1, 3 * gates, 3], 2),
                 f32("B", [1, 6 * gates], 3)]
        nodes = [helper.make_node(op, ["X", "W", "R", "B"], ["", "Y"], hidden_size=3)]
    elif op == "InstanceNormalization":
        inits = [f32("scale", [4], 1), f32("bias", [4], 2)]
        nodes = [helper.make_node(op, ["X", "scale", "bias"], ["Y"])]
    else:
        raise ValueError(f"no test model for {op}")
    output = out()
    if op in ("ArgMax", "ArgMin", "TopK"):  # int64 indices
        output.type.tensor_type.elem_type = TensorProto.INT64
    if op in COMPARISONS or op in ("Not", "IsNaN", "IsInf"):  # bools, held as 0 and 1
        output.type.tensor_type.elem_type = TensorProto.BOOL
    if op in ("ConvInteger", "MatMulInteger"):
        output.type.tensor_type.elem_type = TensorProto.INT32
    if op in ("QLinearConv", "QLinearMatMul", "DynamicQuantizeLinear"):
        output.type.tensor_type.elem_type = TensorProto.UINT8
    graph = helper.make_graph(nodes, f"{op}_{opset}", inputs, [output], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    # The checker wants the output's shape: take it from ONNX shape inference.
    # The schemas of opsets 1-5 have none, so there it comes from the same
    # computation written at the current opset (every case computes the same
    # output at every opset).
    # ONNX 1.12 infers no shape for a Loop's outputs: the body keeps X's.
    # (A Scan's it does.)
    if op == "Loop":
        model.graph.output[0].CopyFrom(
            helper.make_tensor_value_info("Y", TensorProto.FLOAT, [2, 3]))
        return model
    inferred = onnx.shape_inference.infer_shapes(model)
    if not inferred.graph.output[0].type.tensor_type.HasField("shape"):
        inferred = onnx.shape_inference.infer_shapes(
            model_for(op, OPSETS[-1]))
    model.graph.output[0].CopyFrom(inferred.graph.output[0])
    return model


def import_result(compiler, model, tmp):
    path = os.path.join(tmp, "m.onnx")
    onnx.save(model, path)
    proc = subprocess.run([compiler, path, "--compile-to=import", "-o", os.devnull],
                          capture_output=True, text=True)
    if proc.returncode == 0:
        return "ok", ""
    lines = [l for l in proc.stderr.splitlines() if "error:" in l]
    return "refused", (lines[0].split("error:", 1)[1].strip() if lines else proc.stderr.strip())


def generate(compiler):
    ops = subprocess.run([compiler, "--print-supported-ops"], check=True,
                         capture_output=True, text=True).stdout.split()
    lines = ["# Supported ONNX ops", "",
             "Generated by `utils/gen_supported_ops.py`: for every op type and opset, a",
             "one-node model is built with `onnx.helper` and imported by",
             "`eyeriss-compile --compile-to=import` (models at opsets other than 17 go",
             "through ONNX's version converter first). A cell gives the op's schema",
             "version at that opset and `ok` when the import succeeded; `—` where the op",
             "does not exist yet.", "",
             "| op | " + " | ".join(str(o) for o in OPSETS) + " |",
             "|---|" + "---|" * len(OPSETS)]
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        for op in ops:
            cells = []
            for opset in OPSETS:
                try:
                    schema = defs.get_schema(op, opset)
                except defs.SchemaError:
                    cells.append("—")  # The op does not exist yet at this opset.
                    continue
                since = schema.since_version
                if schema.deprecated:  # Upsample from 10: Resize replaces it.
                    cells.append(f"v{since} deprecated")
                    continue
                result, why = import_result(compiler, model_for(op, opset), tmp)
                cells.append(f"v{since} {result}")
                if why:
                    notes.append(f"- {op} at opset {opset}: {why}")
            lines.append(f"| {op} | " + " | ".join(cells) + " |")
    lines += ["", "## Restrictions within supported ops", "",
              "- Conv, MaxPool, AveragePool: 1-D, 2-D and 3-D (tensors of rank 3, 4, 5);",
              "  1-D and 3-D convolutions run as 2-D ones on the PE array (3-D: frames in",
              "  the batch, temporal taps in the channels), 3-D pooling as two separable 2-D",
              "  poolings. A 2-D MaxPool may be dilated and give its Indices output",
              "  (either storage_order): position by position on the host; other",
              "  pooling without dilations and the Indices output.",
              "- GlobalAveragePool of a 4-D tensor is the pool; GlobalMaxPool, and 1-D and",
              "  3-D inputs, a kept-dims `eyeriss.reduce` over the spatial dimensions.",
              "- Gemm: 2-D operands; an FC layer when B is a constant (with transA, a host",
              "  transpose first; with a C that differs between rows or is computed, a",
              "  host add after), else a host matmul. MatMul by a 2-D constant: a Gemm",
              "  (an FC layer) on the rows of the first operand, reshaped to 2-D and back;",
              "  MatMul of computed tensors (attention), or by constants of rank 3 or more:",
              "  `eyeriss.matmul` on the host, numpy's batched matmul. Operands of rank 1",
              "  are refused.",
              "- Expand: of a constant folded at import; of a computed tensor",
              "  `eyeriss.expand` on the host, or nothing when the shape stays.",
              "- Gather of data: up to 64 constant indices, each a slice on the host;",
              "  more (an STFT's frames), or computed ones, one host gather.",
              "- GatherElements, ScatterElements (reductions none, add, mul; Scatter of",
              "  opsets 9-10 is converted to it), GatherND, ScatterND (of computed data;",
              "  of constants it is evaluated at import): constant or computed indices,",
              "  on the host; an index out of range is an import error when constant, a",
              "  run-time error naming the op when computed. A reduction of integer data",
              "  is refused.",
              "- GridSample: 4-D, every mode, padding and align_corners, on the host",
              "  (PyTorch's CPU arithmetic).",
              "- TopK: constant K; each output used is an `eyeriss.topk` on the host",
              "  (sorted, ties to the lower index, also for `sorted` = 0).",
              "- ReverseSequence: constant sequence lengths; a GatherElements at constant",
              "  positions.",
              "- Shrink: comparisons and selects; MeanVarianceNormalization: ONNX's",
              "  function body (means, variance, sqrt, + 1e-9); both on the host.",
              "- Add and Mul broadcast (numpy rules).",
              "- Einsum: one or two operands (an ellipsis is written out as unused",
              "  letters, a repeated letter takes a diagonal); transposes,",
              "  sums, reshapes and a batched matmul on the host.",
              "- Mean: a Sum chain times 1/N.",
              "- Div by a constant becomes a Mul by the reciprocal.",
              "- LayerNormalization: scale and bias of the normalized dimensions' shape;",
              "  the Mean and InvStdDev outputs (training graphs) as reductions and",
              "  elementwise ops on the host.",
              "- InstanceNormalization: one scale and bias value per channel; a layer",
              "  norm over the spatial dimensions, a mul and an add, on the host.",
              "- LogSoftmax: ONNX's function body (max, sub, log-sum-exp, sub) on the host.",
              "- Tile: constant repeats; of a constant, folded; else reshape, expand,",
              "  reshape on the host.",
              "- DepthToSpace (DCR, CRD) and SpaceToDepth: reshape, transpose, reshape",
              "  on the host.",
              "- Pad: modes constant (any finite value), reflect (pads below the extent)",
              "  and edge; pads >= 0 and constant. A zero pad on H and W of a 4-D tensor",
              "  merges into the Conv or AveragePool that reads it when possible",
              "  (`eyeriss-fold-pad`); other pads run on the host, those of other",
              "  dimensions one dimension at a time, as rows of a plane.",
              "- ReduceMean over axes [2, 3] of a 4-D tensor is a global average pool;",
              "  it and the other nine reductions over any other constant axes are",
              "  `eyeriss.reduce` on the host.",
              "- HardSwish becomes `x * hard_sigmoid(x)`; Sigmoid, HardSigmoid, Erf,",
              "  LayerNormalization, Add, Mul and unfolded Pads run on the host CPU, in",
              "  float32.",
              "- Abs, Neg, Exp, Log, Sqrt, Reciprocal, Tanh, Softplus, Softsign,",
              "  LeakyRelu, Elu, Selu, Celu, ThresholdedRelu, Sin, Cos, Floor, Ceil, Round,",
              "  Sign: `eyeriss.unary` on the host.",
              "  Sub, Div (by a computed tensor), Pow, Max, Min (a chain for more than two",
              "  inputs), PRelu, Mod (of floats fmod 1, ONNX's rule): `eyeriss.binary`",
              "  on the host, numpy broadcasting. Sub of a constant is an Add of its",
              "  negation (folded into a preceding convolution's bias when it is per",
              "  channel).",
              "- Integer arithmetic: Add, Sub, Mul, Div (truncating), Mod (either",
              "  remainder), Pow, Max, Min of integer tensors are `eyeriss.binary ...",
              "  integers <type>` on the host: the 8- and 16-bit types wrap around as",
              "  numpy's, the 32- and 64-bit ones are checked below 2^24 at run time;",
              "  Abs, Neg, Sign, Clip, MaxPool and Pad of them run as on floats (the",
              "  negation of int8 and int16 wrapping).",
              "- QuantizeLinear, DequantizeLinear (QDQ models): a QuantizeLinear whose",
              "  output only DequantizeLinear nodes with the same constant scale and zero",
              "  point read is a fake quantization: of a constant (weights, per tensor or",
              "  per axis) folded at import, of a computed tensor (per tensor, uint8 or",
              "  int8) `eyeriss.unary fake_quant_u8/_i8` on the host. Any other",
              "  QuantizeLinear computes its 8-bit integers on the host (div, round, add,",
              "  clip), and DequantizeLinear of computed integers `(x - zero) * scale`;",
              "  scales and zero points constant or computed, per tensor or per axis.",
              "  DequantizeLinear of int8, uint8 or int32 constants (quantized weights",
              "  and biases) is folded.",
              "- QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger: rewritten as",
              "  DequantizeLinear, Conv or MatMul, and QuantizeLinear (or Round and a",
              "  Cast to int32); the weights must be constants for a CONV or FC layer.",
              "- If: its condition must be known at import (a constant, shape arithmetic",
              "  the importer evaluates, or an input bound with --bind-input); the If",
              "  becomes the branch the condition selects.",
              "- Scan: unrolled over its scan inputs' static extent (up to 1024),",
              "  scan outputs stacked; Scan-8 (a batch of sequences) is refused:",
              "  ONNX 1.12's conversion to Scan-9 drops the batch dimension from the",
              "  graph's inputs.",
              "- Loop: its trip count must be known at import (as an If's condition,",
              "  up to 1024), its initial condition absent or constant and its body's",
              "  condition the one it is given or a constant true (a for loop); it is",
              "  unrolled into its iterations, scan outputs stacked.",
              "- DFT, STFT: a DFT of a fixed length is an FC layer (a product with its",
              "  constant basis), an STFT the same product with the windowed basis on",
              "  its frames, gathered on the host; dft_length, frame_step, the window",
              "  and frame_length must be constants (a window function of a constant",
              "  size folds).",
              "- DynamicQuantizeLinear, NegativeLogLikelihoodLoss,",
              "  SoftmaxCrossEntropyLoss, HannWindow, HammingWindow, BlackmanWindow: their",
              "  ONNX function bodies, inlined at import (a window's size constant).",
              "- Reshape: the target shape must be a constant, or arithmetic on shapes",
              "  that the importer evaluates (Shape, Gather, Unsqueeze, Squeeze, Concat,",
              "  Add, Sub, Mul, Div, Mod, Cast, Slice, Range, ConstantOfShape, Equal,",
              "  Where, ScatterND, ... of known values:",
              "  docs/ONNXImport.md); its element count must be the input's.",
              "- Slice: constant bounds (the same evaluation), steps of either sign",
              "  (negative: torch.flip), not empty;",
              "  Split: pieces along one axis. Both become `eyeriss.slice` ops on the host.",
              "- Transpose: any permutation; ShuffleNet's channel shuffle (Reshape,",
              "  Transpose [0, 2, 1, 3, 4], Reshape) becomes one op",
              "  (`eyeriss-raise-channel-shuffle`), others run on the host. EYB's host",
              "  tensors have rank 0 to 8 (Swin's window partition is rank 6).",
              "- Squeeze and Unsqueeze: constant axes; each becomes a reshape.",
              "- ConvTranspose: 1-D (rows of height 1), 2-D and 3-D (one 2-D one per",
              "  temporal tap, summed on the host; explicit pads), constant weights; a",
              "  convolution on the PE array over",
              "  the input with stride - 1 zeros inserted (`eyeriss.insert_zeros` on the",
              "  host), the filter flipped; pads, output_padding, output_shape, auto_pad,",
              "  groups and dilations as ONNX defines them.",
              "- Resize: nearest, linear and cubic, every coordinate transformation and",
              "  nearest rounding of opset 13, constant scales or sizes (and roi, for",
              "  tf_crop_and_resize); runs on the host. Resize-10 and Upsample (opsets 1-9)",
              "  are converted to it as asymmetric with floor rounding, their semantics.",
              "  A model that takes the sizes or scales as graph inputs compiles with",
              "  `--bind-input=<name>=<file.pb>` (any such parameter input, likewise).",
              "- Clip bounds and Dropout's ratio: constants. BatchNormalization in",
              "  training mode runs with the batch's statistics on the host; Dropout in",
              "  training mode only with ratio 0 (its mask then all ones); before opset 7",
              "  both need `is_test` = 1, which ONNX's converter requires.",
              "- Opsets 1-6 (docs/ONNXImport.md, step 4): legacy broadcasting",
              "  (`broadcast` = 1 with `axis`) needs the ranks of both operands known",
              "  to shape inference; Split-1 takes its sizes as the attribute, not the",
              "  input.",
              "- Tensors: float32 data (float16, bfloat16, float64 computed as",
              "  float32); int64, int32 and bool graph inputs and computed tensors held",
              "  as whole numbers in float32 (and uint8, int8, uint16, int16, uint32,",
              "  uint64 ones), which only integer arithmetic, the gathers and scatters",
              "  (as indices), TopK, Cast (to any integer type, float or bool),",
              "  QuantizeLinear, DequantizeLinear, the comparisons, the logical ops,",
              "  Where and the layout ops read",
              "  (docs/ONNXImport.md, \"Token ids, masks and other integer tensors\").",
              "- Equal, Less, LessOrEqual, Greater, GreaterOrEqual, And, Or, Xor, Not,",
              "  Where of constants are evaluated at import; of computed tensors they run",
              "  on the host (bools as 0 and 1; Where chooses, so -inf stays -inf).", "",
              "## Everything else", "",
              "Any other op type (or a node of a non-default domain) is refused before",
              "translation starts: one error lists every such node of the model with its",
              "name, op type, domain and opset, and eyeriss-compile exits with status 1.",
              "Malformed files, checker failures, dynamic shapes without `--shape` or",
              "`--batch`, and tensors above `--max-tensor-elements` are refused the same way."]
    if notes:
        lines += ["", "## Refusals seen while generating this table", ""] + notes
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compiler", required=True)
    parser.add_argument("--output")
    parser.add_argument("--check")
    args = parser.parse_args()
    text = generate(args.compiler)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    if args.check:
        with open(args.check) as f:
            if f.read() != text:
                print(f"{args.check} is out of date: run utils/gen_supported_ops.py "
                      f"--compiler {args.compiler} --output {args.check}", file=sys.stderr)
                return 1
        print(f"{args.check} is up to date")
    if not args.output and not args.check:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
