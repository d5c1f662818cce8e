#!/usr/bin/env python3
"""Rewrites zoo models as the first ONNX exporters wrote them and checks that
they compile to what the modern export compiles to.

The ONNX model zoo's oldest CNNs (opsets 1 to 6, IR version 3, many
converted from Caffe2) carry every legacy form: a convolution's bias added by
its own Add with `broadcast` = 1 and `axis` = 1, BatchNormalization with
`consumed_inputs` and `is_test`, residuals as Sum, Reshape with a `shape`
attribute (before opset 5), Gemm with `broadcast`, and initializers repeated
as graph inputs. No such file can be downloaded here, so this script writes
one from each model's opset-17 export, with those forms, and checks
(docs/ONNXImport.md, step 4). (The zoo's exports have their batch norms
folded by PyTorch, so BatchNormalization's legacy form is checked by
test/Import/ONNX/legacy-opset1.onnxtext instead.)

1. the legacy model imports (through ONNX's version converter and the
   importer's repaired adapters);
2. its reference-executor outputs equal the opset-17 model's (max relative
   error 1e-6: only the bias moves from the convolution into the add and
   back);
3. compiled to EYB and simulated, its outputs equal the opset-17 program's
   word for word (the per-channel add folds back into the convolution's
   bias, so the array runs the same layers).

Usage: legacy_opset_check.py --build build --zoo build/zoo
           [--models resnet18,alexnet-grouped] [--opsets 3,6] [--batch 2]
Run with Debian's /usr/bin/python3 (it needs python3-onnx and numpy).
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper


class CannotExpress(Exception):
    """The model uses something its legacy opset cannot say."""


def attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


def legacy_model(model, opset):
    """`model` (opset 17) rewritten in the forms of `opset` (3 to 6)."""
    g = model.graph
    inits = {t.name: t for t in g.initializer}
    nodes = []
    for node in g.node:
        op = node.op_type
        if op == "Conv" and len(node.input) == 3:
            # The bias in its own op, broadcast along axis 1 (Caffe2's way).
            conv_out = node.output[0] + "_nobias"
            conv = helper.make_node("Conv", node.input[:2], [conv_out], name=node.name,
                                    **{a.name: helper.get_attribute_value(a)
                                       for a in node.attribute})
            add = helper.make_node("Add", [conv_out, node.input[2]], [node.output[0]],
                                   name=node.name + "_bias", broadcast=1, axis=1)
            nodes += [conv, add]
        elif op == "BatchNormalization":
            kw = {"epsilon": attr(node, "epsilon", 1e-5), "is_test": 1}
            if opset < 6:
                kw["consumed_inputs"] = [0, 0, 0, 1, 1]
            nodes.append(helper.make_node(op, node.input, node.output, name=node.name, **kw))
        elif op == "Add":
            # Residuals (equal shapes: Sum broadcasts only from opset 8).
            nodes.append(helper.make_node("Sum", node.input, node.output, name=node.name))
        elif op == "Flatten" and attr(node, "axis", 1) == 1 and opset < 5:
            nodes.append(helper.make_node("Reshape", node.input, node.output,
                                          name=node.name, shape=[0, -1]))
        elif op == "Gemm":
            nodes.append(helper.make_node(op, node.input, node.output, name=node.name,
                                          broadcast=1,
                                          **{a.name: helper.get_attribute_value(a)
                                             for a in node.attribute}))
        elif op == "MaxPool":
            later = {"ceil_mode": 0, "storage_order": 0}  # attributes of opsets 8 to 12
            if any(attr(node, k, v) != v for k, v in later.items()) or \
                    any(d != 1 for d in attr(node, "dilations", [])) or len(node.output) > 1:
                raise CannotExpress(f"{node.name}: MaxPool with ceil_mode, dilations, "
                                    f"storage_order or indices (opsets 8 to 12)")
            nodes.append(helper.make_node(op, node.input, node.output, name=node.name,
                                          **{a.name: helper.get_attribute_value(a)
                                             for a in node.attribute
                                             if a.name not in later and a.name != "dilations"}))
        elif op in ("Relu", "GlobalAveragePool", "LRN", "Flatten", "Concat", "Softmax",
                    "Identity"):
            nodes.append(node)
        else:
            raise CannotExpress(f"{node.name}: {op} is not rewritten by this script")
    inputs = list(g.input)
    # IR version 3: every initializer is also a graph input.
    named = {i.name for i in inputs}
    for t in g.initializer:
        if t.name not in named:
            inputs.append(helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)))
    graph = helper.make_graph(nodes, g.name + f"_opset{opset}", inputs, list(g.output),
                              list(g.initializer))
    legacy = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                               producer_name="legacy_opset_check")
    legacy.ir_version = 3
    onnx.checker.check_model(legacy)
    return legacy


def run(cmd):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{proc.stderr}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", type=Path, required=True)
    ap.add_argument("--zoo", type=Path, required=True)
    ap.add_argument("--models", default="resnet18,alexnet-grouped")
    ap.add_argument("--opsets", default="3,6")
    ap.add_argument("--batch", type=int, default=2)
    args = ap.parse_args()
    compiler = args.build / "bin" / "eyeriss-compile"
    runner = args.build / "bin" / "eyeriss-run"
    failures = 0
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for name in args.models.split(","):
            modern_path = args.zoo / name / "opset17" / "model.onnx"
            modern = onnx.load(str(modern_path))
            dims = [d.dim_value for d in modern.graph.input[0].type.tensor_type.shape.dim]
            dims[0] = args.batch
            x = np.random.default_rng(2024).standard_normal(dims).astype(np.float32)
            np.save(tmp / "x.npy", x)

            def outputs(path, tag):
                ref, eyb, sim = (tmp / f"{tag}.ref.npy", tmp / f"{tag}.eyb",
                                 tmp / f"{tag}.sim.npy")
                run([compiler, path, f"--batch={args.batch}", "--compile-to=canonicalize",
                     "-o", "/dev/null", "--run-reference", f"--input={tmp / 'x.npy'}",
                     f"--reference-output={ref}"])
                run([compiler, path, f"--batch={args.batch}", "-o", eyb])
                run([runner, eyb, "--input", tmp / "x.npy", "-o", sim, "--quiet",
                     "--no-timing"])
                return np.load(ref), np.load(sim)

            ref17, sim17 = outputs(modern_path, "modern")
            for opset in (int(o) for o in args.opsets.split(",")):
                try:
                    legacy = legacy_model(modern, opset)
                except CannotExpress as e:
                    print(f"{name} opset {opset}: FAIL, cannot write it: {e}")
                    failures += 1
                    continue
                path = tmp / f"{name}-opset{opset}.onnx"
                onnx.save(legacy, str(path))
                forms = sorted({n.op_type for n in legacy.graph.node})
                try:
                    ref, sim = outputs(path, f"legacy{opset}")
                except RuntimeError as e:
                    print(f"{name} opset {opset}: FAIL\n{e}")
                    failures += 1
                    continue
                rel = float(np.abs(ref - ref17).max() / np.abs(ref17).max())
                same_sim = sim.shape == sim17.shape and np.array_equal(sim, sim17)
                ok = rel <= 1e-6 and same_sim
                failures += not ok
                print(f"{name} opset {opset} (IR 3; {', '.join(forms)}): reference max rel "
                      f"err {rel:.2e}, simulated outputs "
                      f"{'identical' if same_sim else 'DIFFERENT'} "
                      f"({sim.size} values): {'ok' if ok else 'FAIL'}")
    print(f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
