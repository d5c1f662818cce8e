"""Writes a small binary ONNX model (conv + relu + gemm) with onnx.helper, for
the binary-format import tests. Usage: make_binary_model.py OUT.onnx [--external]
With --external the weights go to an external data file (which the importer
refuses)."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(0)
w = numpy_helper.from_array(rng.standard_normal((2, 3, 3, 3)).astype(np.float32), "w")
b = numpy_helper.from_array(np.array([0.5, -0.5], dtype=np.float32), "b")
fc = numpy_helper.from_array(rng.standard_normal((4, 8)).astype(np.float32), "fc")
shape = numpy_helper.from_array(np.array([1, 8], dtype=np.int64), "shape")
graph = helper.make_graph(
    [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv1", pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("Relu", ["c"], ["r"], name="relu1"),
        helper.make_node("Reshape", ["r", "shape"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc"], ["y"], name="fc1", transB=1),
    ],
    "tiny",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])],
    [w, b, fc, shape],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
onnx.checker.check_model(model)
external = "--external" in sys.argv[2:]
onnx.save(model, sys.argv[1], save_as_external_data=external, all_tensors_to_one_file=True,
          location="weights.bin", size_threshold=0)
