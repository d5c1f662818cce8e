"""Writes a small binary ONNX model (conv + relu + gemm) with onnx.helper, for
the binary-format import tests.
Usage: make_binary_model.py OUT.onnx [--external | --external-per-tensor |
                                       --external-bad=WHAT]
--external puts every tensor's data in OUT's directory's weights.bin;
--external-per-tensor, each in a file of its own; --external-bad=WHAT, in
weights.bin with one thing wrong with tensor 'w' (WHAT: parent, absolute,
missing, length, offset, number, nolocation)."""
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
flags = sys.argv[2:]
bad = next((f.split("=", 1)[1] for f in flags if f.startswith("--external-bad=")), None)
external = "--external" in flags or "--external-per-tensor" in flags or bad is not None
onnx.save(model, sys.argv[1], save_as_external_data=external,
          all_tensors_to_one_file="--external-per-tensor" not in flags,
          location="weights.bin", size_threshold=0)
if bad:
    model = onnx.load(sys.argv[1], load_external_data=False)
    w = next(t for t in model.graph.initializer if t.name == "w")
    entries = {e.key: e for e in w.external_data}
    if bad == "nolocation":
        del w.external_data[:]
    elif bad in ("parent", "absolute", "missing"):
        entries["location"].value = {"parent": "../weights.bin", "absolute": "/etc/passwd",
                                     "missing": "nothere.bin"}[bad]
    elif bad == "length":
        entries["length"].value = "12"
    elif bad == "offset":
        entries["offset"].value = "100000"
    elif bad == "number":
        entries["offset"].value = "ten"
    onnx.save(model, sys.argv[1])
