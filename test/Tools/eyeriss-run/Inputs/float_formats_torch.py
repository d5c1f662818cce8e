"""Models in float16, bfloat16 and float64 through eyeriss-compile and eyeriss-run.

Deployment pipelines convert exported float32 models to float16 (ONNX
Runtime's and onnxconverter-common's convert_float_to_float16 turn every float
initializer and value into float16, or keep float32 inputs and outputs behind
Casts); `to_format` below does the same for float16, bfloat16 and float64. The
compiler computes such a model in float32 (the PE array in 16-bit fixed
point), rounds where a Cast narrows, and the host rounds float16 and bfloat16
inputs to their type and writes outputs in the type the graph declares.

So the reference executor's output must equal PyTorch's float32 network run
on the converted weights and the input rounded to the format, then rounded to
it (within one unit in the last place of the format: the sums' order
differs), and be written in the format; the simulated program's output must
match the reference within 1e-2 of its largest value, in the same format.
Prints one line per check; run by float-formats-torch.test as
`float_formats_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import copy
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import onnx
import torch
import torchvision
from onnx import TensorProto, helper, numpy_helper
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from torch_tools import Tools, with_trained_batch_norm  # noqa: E402

FORMATS = {"float16": (TensorProto.FLOAT16, torch.float16, np.float16),
           "bfloat16": (TensorProto.BFLOAT16, torch.bfloat16, None),
           "float64": (TensorProto.DOUBLE, torch.float64, np.float64)}


def rounded(array, fmt):
    """`array` (float32) rounded to `fmt`, as float32."""
    return torch.from_numpy(array).to(FORMATS[fmt][1]).float().numpy()


def to_format(model, fmt, keep_io=False):
    """A copy of `model` with its float32 initializers and values in `fmt`;
    with `keep_io`, its inputs and outputs stay float32, cast at the edges.
    bfloat16 weights go into int32_data (ONNX's typed field), the others into
    raw_data, so that both encodings are read."""
    onnx_type = FORMATS[fmt][0]
    m = copy.deepcopy(model)
    g = m.graph
    for i, init in enumerate(g.initializer):
        if init.data_type != TensorProto.FLOAT:
            continue
        array = numpy_helper.to_array(init)
        if fmt == "bfloat16":
            new = helper.make_tensor(init.name, onnx_type, array.shape, array.flatten().tolist())
        else:
            new = numpy_helper.from_array(array.astype(FORMATS[fmt][2]), init.name)
        g.initializer[i].CopyFrom(new)
    for v in list(g.value_info):
        if v.type.tensor_type.elem_type == TensorProto.FLOAT:
            v.type.tensor_type.elem_type = onnx_type
    edges = [(v, True) for v in g.input] + [(v, False) for v in g.output]
    for v, is_input in edges:
        if keep_io:
            inner = v.name + "_" + fmt
            for node in g.node:
                for lst in (node.input, node.output):
                    for k, name in enumerate(lst):
                        if name == v.name:
                            lst[k] = inner
            cast = (helper.make_node("Cast", [v.name], [inner], to=onnx_type) if is_input
                    else helper.make_node("Cast", [inner], [v.name], to=TensorProto.FLOAT))
            g.node.insert(0 if is_input else len(g.node), cast)
        else:
            v.type.tensor_type.elem_type = onnx_type
    onnx.checker.check_model(m)
    return m


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
            nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1))
        self.classifier = nn.Linear(16, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


class MLP(nn.Module):
    # Conv, pooling and BatchNorm have no bfloat16 in ONNX 1.12; MatMul,
    # Gemm, Add and Relu have.
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 10))

    def forward(self, x):
        return self.net(x)


def want(module, x, fmt):
    """PyTorch's float32 output of `module` with its weights and `x` rounded
    to `fmt`, rounded to `fmt`."""
    m = copy.deepcopy(module)
    with torch.no_grad():
        for p in list(m.parameters()) + list(m.buffers()):
            if p.dtype == torch.float32:
                p.copy_(p.to(FORMATS[fmt][1]).float())
        y = m(torch.from_numpy(rounded(x, fmt))).numpy()
    return rounded(y, fmt) if fmt != "float64" else y


def main():
    warnings.filterwarnings("ignore")
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        cases = [("float16", SmallCNN, (2, 3, 16, 16), False),
                 ("float16", SmallCNN, (2, 3, 16, 16), True),
                 ("bfloat16", MLP, (4, 32), False),
                 ("float64", SmallCNN, (2, 3, 16, 16), False)]
        for fmt, cls, shape, keep_io in cases:
            module = with_trained_batch_norm(cls())
            x = rng.standard_normal(shape).astype(np.float32)
            exported = tools.export(module, x, name="f32")
            label = f"{cls.__name__} in {fmt}" + (" (float32 inputs and outputs)" if keep_io else "")
            path = Path(tmp) / f"{fmt}{'-io' if keep_io else ''}.onnx"
            onnx.save(to_format(onnx.load(exported), fmt, keep_io), path)
            # The input as the model's user holds it; the host rounds it.
            np.save(path.with_suffix(".input0.npy"),
                    x.astype(np.float64) if fmt == "float64" else x)
            expected = want(module, x, fmt)
            out_type = "float32" if keep_io else ("float16" if fmt == "float16" else
                                                  "float32" if fmt == "bfloat16" else "float64")
            got = tools.reference(path)
            ulp = {"float16": 2.0**-10, "bfloat16": 2.0**-7, "float64": 1e-6}[fmt]
            err = float(np.abs(got.astype(np.float64) - expected).max() / np.abs(expected).max())
            representable = np.array_equal(got.astype(np.float32),
                                           rounded(got.astype(np.float32), fmt))
            ok = got.dtype == out_type and err <= ulp and representable
            print(f"{label}: reference {got.dtype} vs PyTorch", "ok" if ok else
                  f"FAILED {got.dtype} {err} representable={representable}")
            sim = tools.simulate(path)
            err = float(np.abs(sim.astype(np.float64) - got).max() / np.abs(got).max())
            ok = sim.dtype == got.dtype and err < 1e-2
            print(f"{label}: simulated {sim.dtype} vs reference", "ok" if ok else f"FAILED {err}")
        # A whole network: torchvision's ResNet-18 (random weights, BatchNorm
        # statistics as trained), converted to float16 and simulated on
        # 224 x 224 input: its logits against PyTorch's float32 network.
        torch.manual_seed(0)
        net = with_trained_batch_norm(torchvision.models.resnet18())
        x = rng.standard_normal((1, 3, 224, 224)).astype(np.float32)
        exported = tools.export(net, x, name="resnet18")
        path = Path(tmp) / "resnet18-f16.onnx"
        onnx.save(to_format(onnx.load(exported), "float16"), path)
        np.save(path.with_suffix(".input0.npy"), x)
        with torch.no_grad():
            logits = net(torch.from_numpy(x)).numpy()
        sim = tools.simulate(path).astype(np.float32)
        cosine = float((sim * logits).sum() / np.linalg.norm(sim) / np.linalg.norm(logits))
        ok = cosine >= 0.9999 and sim.argmax() == logits.argmax()
        print("ResNet-18 in float16: simulated vs PyTorch float32",
              "ok" if ok else f"FAILED cosine {cosine}")
        # The host rounds a float16 input: a model that only widens it
        # returns it rounded, on the reference executor and on the simulator.
        x = np.array([[0.1, 1 + 2**-11, 70000.0, -3.3e-8]], np.float32)
        graph = helper.make_graph(
            [helper.make_node("Cast", ["x"], ["y"], to=TensorProto.FLOAT)], "widen",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT16, [1, 4])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])])
        path = Path(tmp) / "widen.onnx"
        onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
        np.save(path.with_suffix(".input0.npy"), x)
        h = x.astype(np.float16).astype(np.float32)
        for label, got in (("reference", tools.reference(path)), ("simulator", tools.simulate(path))):
            print(f"float16 input on the {label}: rounded",
                  "ok" if np.array_equal(got, h) else f"FAILED {got} vs {h}")


if __name__ == "__main__":
    main()
