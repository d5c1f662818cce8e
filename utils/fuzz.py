#!/usr/bin/env python3
"""Mutation fuzzing of every file the tools read: is every bad input refused
with a diagnostic, never a crash, a hang or an assert?

Targets (--target, repeatable; default all):
  onnx       binary ONNX protobufs (the test suite's .onnxtext models, parsed
             by onnx.parser and serialized), mutated field by field through
             protobuf reflection (so that most still parse) and a quarter of
             them then byte by byte, given to eyeriss-compile (to MLIR or,
             half the time, to EYB);
  onnx-text  the same models as ONNX text, mutated as text (bytes, and numbers
             replaced by extreme ones), given to eyeriss-compile;
  eyb        EYB programs compiled from those models, byte- and word-mutated,
             the header CRC recomputed nine times in ten (so that the
             mutation reaches the section readers, the verifier and the
             simulator rather than stopping at the CRC check), given to
             eyeriss-run;
  arch       the shipped architecture files, mutated as JSON (a number made
             0, negative, huge or fractional, a value's type changed, a key
             removed), given to eyeriss-compile --arch on a small model, and
             the resulting EYB to eyeriss-run;
  mapping    the mapping file eyeriss-compile --dump-mapping writes for a
             small CNN (plain, strided, grouped and 1x1 convolutions and an
             FC layer, batch 2), mutated as JSON, pinned with --mapping and
             compiled to EYB; an accepted pin is simulated and its output
             must equal, word for word, the output under the searched
             mappings (a mapping changes the schedule, never the
             arithmetic; compared when neither run overflowed a psum);
  tensor     input tensors for eyeriss-run (.npy, and ONNX TensorProto .pb),
             byte-mutated.

A run is bad when the tool dies on a signal, exits with neither 0 nor 1,
takes longer than --timeout seconds, prints LLVM's crash banner or an
assertion, or exits 1 without an "error:" diagnostic. Each bad input is
written to --out with the command and its stderr; the exit status is 1 if
there was any. Mutations are seeded (--seed), so a run is reproducible.

Usage: /usr/bin/python3 utils/fuzz.py --build build [--target eyb] [--iterations 500]
           [--seed 1] [--out DIR] [--timeout 60] [--seed-models TEXT]
"""
import argparse
import collections
import json
import random
import re
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np
import onnx
import onnx.parser
from onnx import helper, numpy_helper

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("onnx", "onnx-text", "eyb", "arch", "mapping", "tensor")
EXTREMES = (0, 1, -1, 2, 255, 256, 65535, 65536, 2**31 - 1, -2**31, 2**32 - 1, 2**63 - 1)


def seed_models():
    """The test suite's ONNX text models that ONNX's parser accepts."""
    models = []
    for path in sorted(ROOT.glob("test/**/*.onnxtext")):
        text = path.read_text()
        try:
            model = onnx.parser.parse_model(text)
        except Exception:  # error tests hold deliberately broken text
            continue
        models.append((path.stem, text, model.SerializeToString()))
    return models


def mapping_model():
    """A small CNN whose layers exercise the mapping space: a 3x3 convolution,
    a strided one, a grouped one, a 1x1 one and an FC layer."""
    rng = np.random.default_rng(0)
    inits, nodes = [], []
    layers = [("c1", 8, 3, 16, 1, 1, 1), ("c2", 16, 3, 16, 2, 1, 1),
              ("c3", 16, 3, 32, 1, 4, 1), ("c4", 32, 1, 24, 1, 1, 0)]
    x = "X"
    for name, c, k, m, stride, groups, pad in layers:
        w = rng.normal(0, (2 / (c // groups * k * k)) ** 0.5, (m, c // groups, k, k))
        inits += [numpy_helper.from_array(w.astype(np.float32), f"{name}.w"),
                  numpy_helper.from_array(rng.normal(0, 0.1, m).astype(np.float32),
                                          f"{name}.b")]
        nodes += [helper.make_node("Conv", [x, f"{name}.w", f"{name}.b"], [name], name=name,
                                   strides=[stride] * 2, pads=[pad] * 4, group=groups),
                  helper.make_node("Relu", [name], [f"{name}.r"])]
        x = f"{name}.r"
    inits += [numpy_helper.from_array(rng.normal(0, 0.05, (10, 24 * 6 * 6)).astype(np.float32),
                                      "fc.w"),
              numpy_helper.from_array(np.zeros(10, np.float32), "fc.b")]
    nodes += [helper.make_node("Flatten", [x], ["flat"]),
              helper.make_node("Gemm", ["flat", "fc.w", "fc.b"], ["Y"], name="fc",
                               transB=1)]
    graph = helper.make_graph(nodes, "mapping_model",
                              [helper.make_tensor_value_info("X", onnx.TensorProto.FLOAT,
                                                             [2, 8, 12, 12])],
                              [helper.make_tensor_value_info("Y", onnx.TensorProto.FLOAT,
                                                             [2, 10])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def overflowed(stats_path):
    return json.loads(stats_path.read_text())["totals"]["psum_overflows"] > 0


def mutate_bytes(rng, data, words=False):
    data = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 6))):
        kind = rng.random()
        if kind < 0.35 and data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif kind < 0.6 and data:
            data[rng.randrange(len(data))] = rng.choice((0, 1, 0x7F, 0x80, 0xFF,
                                                         rng.randrange(256)))
        elif kind < 0.75 and words and len(data) >= 4:
            at = rng.randrange(len(data) - 3) & ~3
            data[at:at + 4] = struct.pack("<I", rng.choice(EXTREMES) & 0xFFFFFFFF)
        elif kind < 0.85:
            del data[rng.randrange(len(data) + 1):]
        else:
            at, src = rng.randrange(len(data) + 1), rng.randrange(len(data) + 1)
            data[at:at] = data[src:src + rng.randint(1, 24)]
    return bytes(data)


def mutate_text(rng, text):
    if rng.random() < 0.5:
        numbers = list(re.finditer(r"-?\d+(\.\d+)?", text))
        if numbers:
            m = rng.choice(numbers)
            return text[:m.start()] + str(rng.choice(EXTREMES)) + text[m.end():]
    return mutate_bytes(rng, text.encode()).decode("utf-8", errors="replace")


def mutate_proto(rng, data):
    """`data` (a serialized ModelProto) with one field changed through protobuf
    reflection: a number made extreme, a string renamed to another name of the
    model or emptied, an enum given another value, a repeated element dropped
    or duplicated. Unlike byte mutation, the result still parses, so it
    reaches the checker, shape inference and the importer."""
    model = onnx.ModelProto.FromString(data)
    sites, names = [], []

    def walk(message):
        for field, value in message.ListFields():
            if field.type == field.TYPE_MESSAGE:
                items = value if field.label == field.LABEL_REPEATED else [value]
                for item in items:
                    walk(item)
            if field.type == field.TYPE_STRING:
                names.extend(value if field.label == field.LABEL_REPEATED else [value])
            sites.append((message, field))

    walk(model)
    message, field = rng.choice(sites)
    if field.label == field.LABEL_REPEATED:
        items = getattr(message, field.name)
        at = rng.randrange(len(items))
        if field.type == field.TYPE_MESSAGE:
            if rng.random() < 0.5:
                del items[at]
            else:
                items.add().CopyFrom(items[at])
        elif rng.random() < 0.5:
            del items[at]
        elif field.type == field.TYPE_STRING:
            items[at] = rng.choice(names + [""])
        elif field.type in (field.TYPE_FLOAT, field.TYPE_DOUBLE):
            items[at] = rng.choice((0.0, -1.0, 1e30, float("nan"), float("inf")))
        elif field.type != field.TYPE_BYTES:
            items[at] = rng.choice([v for v in EXTREMES if -2**31 <= v < 2**31])
    elif field.type == field.TYPE_STRING:
        setattr(message, field.name, rng.choice(names + [""]))
    elif field.type == field.TYPE_BYTES:
        value = getattr(message, field.name)
        setattr(message, field.name, value[:rng.randrange(len(value) + 1)])
    elif field.type == field.TYPE_ENUM:
        setattr(message, field.name, rng.choice(list(field.enum_type.values_by_number)))
    elif field.type in (field.TYPE_FLOAT, field.TYPE_DOUBLE):
        setattr(message, field.name, rng.choice((0.0, -1.0, 1e30, float("nan"))))
    elif field.type != field.TYPE_MESSAGE:
        limit = 2**31 if field.cpp_type == field.CPPTYPE_INT32 else 2**63
        setattr(message, field.name, rng.choice([v for v in EXTREMES if -limit <= v < limit]))
    return model.SerializeToString()


def fix_crc(data):
    """Recompute the EYB header's CRC-32 (bytes 32..35, read as 0)."""
    if len(data) < 36:
        return data
    data = bytearray(data)
    data[32:36] = bytes(4)
    data[32:36] = struct.pack("<I", zlib.crc32(bytes(data)) & 0xFFFFFFFF)
    return bytes(data)


def mutate_json(rng, value):
    """A copy of `value` with one leaf or key changed."""
    paths = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, child in node.items():
                paths.append(path + [key])
                walk(child, path + [key])
        elif isinstance(node, list):
            for i, child in enumerate(node):
                paths.append(path + [i])
                walk(child, path + [i])

    value = json.loads(json.dumps(value))
    walk(value, [])
    path = rng.choice(paths)
    parent = value
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    kind = rng.random()
    if kind < 0.15 and isinstance(parent, dict):
        del parent[key]
    elif kind < 0.3:
        parent[key] = rng.choice(("", "x", None, [], {}, True))
    else:
        parent[key] = rng.choice(EXTREMES + (0.5, -0.5, 1e30, float(2**53)))
    return value


class Runner:
    def __init__(self, args):
        self.args = args
        self.compiler = args.build / "bin" / "eyeriss-compile"
        self.simulator = args.build / "bin" / "eyeriss-run"
        self.bad = 0
        self.outcomes = collections.Counter()

    def run(self, target, cmd, files):
        try:
            proc = subprocess.run([str(c) for c in cmd], capture_output=True,
                                  timeout=self.args.timeout)
            status, stderr = proc.returncode, proc.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired:
            status, stderr = "timeout", ""
        why = None
        if status == "timeout":
            why = f"no answer in {self.args.timeout} s"
        elif status not in (0, 1):
            why = f"exit status {status}"
        elif "PLEASE submit a bug report" in stderr or "Assertion" in stderr:
            why = "crash banner or assertion"
        elif status == 1 and "error:" not in stderr:
            why = "exit 1 without a diagnostic"
        self.outcomes[(target, "bad" if why else status)] += 1
        if why:
            self.report(target, why, cmd, stderr, files)
        return status

    def report(self, target, why, cmd, stderr, files):
        self.bad += 1
        case = self.args.out / f"{target}-{self.bad}"
        case.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (case / name).write_bytes(data)
        (case / "README").write_text(
            f"{why}\ncommand: {' '.join(map(str, cmd))}\nstderr:\n{stderr[-4000:]}")
        print(f"BAD {target}: {why}; kept in {case}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", type=Path, required=True)
    ap.add_argument("--target", action="append", choices=TARGETS)
    ap.add_argument("--iterations", type=int, default=500, help="per target")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    ap.add_argument("--seed-models", metavar="TEXT",
                    help="only the seed models whose file name contains TEXT "
                         "(e.g. legacy: the opset 1-6 ones)")
    args = ap.parse_args()
    targets = args.target or list(TARGETS)
    rng = random.Random(args.seed)
    runner = Runner(args)
    all_models = seed_models()
    models = all_models
    if args.seed_models:
        models = [m for m in all_models if args.seed_models in m[0]]
        if not models:
            ap.error(f"no seed model's name contains '{args.seed_models}'")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        programs = []
        for name, text, _ in models:
            (tmp / "seed.onnxtext").write_text(text)
            if subprocess.run([runner.compiler, tmp / "seed.onnxtext", "-o",
                               tmp / "seed.eyb"], capture_output=True).returncode == 0:
                programs.append((name, (tmp / "seed.eyb").read_bytes()))
        small = next(text for name, text, _ in all_models if name == "gates")
        (tmp / "small.onnxtext").write_text(small)
        archs = [json.loads(p.read_text()) for p in sorted((ROOT / "arch").glob("*.json"))]
        onnx.save(mapping_model(), tmp / "cnn.onnx")
        subprocess.run([runner.compiler, tmp / "cnn.onnx", "-o", tmp / "cnn.eyb",
                        f"--dump-mapping={tmp / 'cnn.mapping.json'}"], check=True,
                       capture_output=True)
        searched_mapping = json.loads((tmp / "cnn.mapping.json").read_text())
        inputs = np.random.default_rng(1).normal(0, 1, (2, 8, 12, 12)).astype(np.float32)
        np.save(tmp / "cnn.x.npy", inputs)
        subprocess.run([runner.simulator, tmp / "cnn.eyb", "--quiet", "--input",
                        tmp / "cnn.x.npy", "-o", tmp / "cnn.y.npy", "--stats",
                        tmp / "cnn.stats.json"], check=True, capture_output=True)
        reference = None if overflowed(tmp / "cnn.stats.json") else np.load(tmp / "cnn.y.npy")
        if reference is None and "mapping" in targets:
            print("note: the searched mappings overflow a psum on the mapping target's "
                  "model, so pinned outputs are not compared", flush=True)
        # The input as .npy and .pb, in float32 and in the 16-bit formats
        # (float16 .npy and raw .pb, bfloat16 in int32_data), and as the
        # integer and bool files token ids and masks come in (whole numbers a
        # float input takes as they are).
        np.save(tmp / "cnn.x16.npy", inputs.astype(np.float16))
        np.save(tmp / "cnn.xi32.npy", np.rint(inputs).astype(np.int32))
        np.save(tmp / "cnn.xb.npy", inputs > 0)
        tensor_seeds = [
            ("x.npy", (tmp / "cnn.x.npy").read_bytes()),
            ("x.pb", numpy_helper.from_array(inputs, "X").SerializeToString()),
            ("x.npy", (tmp / "cnn.x16.npy").read_bytes()),
            ("x.pb", numpy_helper.from_array(inputs.astype(np.float16),
                                             "X").SerializeToString()),
            ("x.pb", helper.make_tensor("X", onnx.TensorProto.BFLOAT16, inputs.shape,
                                        inputs.ravel().tolist()).SerializeToString()),
            ("x.npy", (tmp / "cnn.xi32.npy").read_bytes()),
            ("x.npy", (tmp / "cnn.xb.npy").read_bytes()),
            ("x.pb", numpy_helper.from_array(np.rint(inputs).astype(np.int64),
                                             "X").SerializeToString()),
            ("x.pb", helper.make_tensor("X", onnx.TensorProto.BOOL, inputs.shape,
                                        (inputs > 0).ravel().tolist()).SerializeToString())]
        print(f"{len(models)} seed models, {len(programs)} seed programs, "
              f"{len(archs)} architecture files; {args.iterations} mutations per target",
              flush=True)

        for target in targets:
            for _ in range(args.iterations):
                if target == "onnx":
                    data = rng.choice(models)[2]
                    for _ in range(rng.choice((1, 1, 2, 3))):
                        data = mutate_proto(rng, data)
                    if rng.random() < 0.25:
                        data = mutate_bytes(rng, data)
                    (tmp / "m.onnx").write_bytes(data)
                    emit = ["--emit=binary"] if rng.random() < 0.5 else []
                    runner.run(target, [runner.compiler, tmp / "m.onnx", "-o", "/dev/null",
                                        *emit], {"m.onnx": data})
                elif target == "onnx-text":
                    data = mutate_text(rng, rng.choice(models)[1]).encode()
                    (tmp / "m.onnxtext").write_bytes(data)
                    runner.run(target, [runner.compiler, tmp / "m.onnxtext", "-o",
                                        "/dev/null"], {"m.onnxtext": data})
                elif target == "eyb":
                    data = mutate_bytes(rng, rng.choice(programs)[1], words=True)
                    if rng.random() < 0.9:
                        data = fix_crc(data)
                    (tmp / "p.eyb").write_bytes(data)
                    # --output-dir takes any number of outputs (-o one only).
                    runner.run(target, [runner.simulator, tmp / "p.eyb", "--quiet",
                                        "--output-dir", tmp / "out", "--stats",
                                        tmp / "s.json", "--trace", tmp / "t.json"],
                               {"p.eyb": data})
                elif target == "mapping":
                    data = json.dumps(mutate_json(rng, searched_mapping), indent=1).encode()
                    (tmp / "m.json").write_bytes(data)
                    status = runner.run(target, [runner.compiler, tmp / "cnn.onnx",
                                                 f"--mapping={tmp / 'm.json'}", "-o",
                                                 tmp / "m.eyb"], {"m.json": data})
                    if status == 0:
                        files = {"m.json": data, "m.eyb": (tmp / "m.eyb").read_bytes()}
                        status = runner.run(target, [runner.simulator, tmp / "m.eyb",
                                                     "--quiet", "--input", tmp / "cnn.x.npy",
                                                     "-o", tmp / "m.y.npy", "--stats",
                                                     tmp / "m.stats.json"], files)
                        if (status == 0 and reference is not None
                                and not overflowed(tmp / "m.stats.json")
                                and not np.array_equal(np.load(tmp / "m.y.npy"), reference)):
                            runner.report(target, "a pinned mapping changed the output",
                                          ["eyeriss-compile cnn.onnx --mapping=m.json"], "",
                                          files)
                elif target == "tensor":
                    name, seed = rng.choice(tensor_seeds)
                    data = mutate_bytes(rng, seed, words=True)
                    (tmp / name).write_bytes(data)
                    runner.run(target, [runner.simulator, tmp / "cnn.eyb", "--quiet",
                                        "--input", tmp / name, "-o", tmp / "t.npy"],
                               {name: data})
                else:
                    data = json.dumps(mutate_json(rng, rng.choice(archs)), indent=1).encode()
                    (tmp / "a.json").write_bytes(data)
                    status = runner.run(target, [runner.compiler, tmp / "small.onnxtext",
                                                 f"--arch={tmp / 'a.json'}", "-o",
                                                 tmp / "a.eyb"],
                                        {"a.json": data, "model.onnxtext": small.encode()})
                    if status == 0:
                        runner.run(target, [runner.simulator, tmp / "a.eyb", "--quiet",
                                            "-o", tmp / "out.npy"],
                                   {"a.json": data, "a.eyb": (tmp / "a.eyb").read_bytes()})

    for target in targets:
        counts = {k[1]: v for k, v in runner.outcomes.items() if k[0] == target}
        print(f"{target}: " + ", ".join(f"{v} {'accepted' if k == 0 else 'refused' if k == 1 else k}"
                                        for k, v in sorted(counts.items(), key=str)))
    print(f"{'ok' if runner.bad == 0 else 'FAIL'}: {runner.bad} bad runs")
    return 1 if runner.bad else 0


if __name__ == "__main__":
    sys.exit(main())
