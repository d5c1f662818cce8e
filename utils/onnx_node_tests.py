#!/usr/bin/env python3
"""Runs the ONNX backend node tests that Debian's libonnx-testdata ships through
eyeriss-compile: import, the float reference executor, and a comparison with the
expected outputs. With --simulate, each test that passes is also compiled to an
EYB binary and run on the simulator (eyeriss-run), and its outputs compared
within the fixed-point tolerance below; a layer the chip cannot run (e.g. a
convolution whose weights are a graph input, not a constant) must be refused
with a diagnostic.

Every test whose model uses only op types the importer supports must either
match its expected outputs or be refused with a diagnostic (a feature of a
supported op that we do not implement, e.g. 3-D pooling or integer tensors).
Every other test must be refused cleanly: exit code 1 and an error message,
never a crash. Anything else is a failure, and the script exits non-zero.

Usage: onnx_node_tests.py --compiler build/bin/eyeriss-compile
           [--data DIR] [--markdown docs/OnnxNodeTests.md] [--jobs N]
Run with Debian's /usr/bin/python3 (it needs python3-onnx).
"""
import argparse
import concurrent.futures
import os
import subprocess
import tempfile
import sys

import onnx
import onnx.numpy_helper

DEFAULT_DATA = "/usr/lib/python3/dist-packages/onnx/backend/test/data/node"


# Absolute and relative tolerance of the float32 comparison.
RTOL = 1e-4
ATOL = 1e-5
# The simulator's tolerance: 16-bit fixed point keeps about 15 significant
# bits of each tensor's range, so errors are compared with the output's
# largest magnitude: max |got - expected| <= SIM_TOL * max |expected| (or
# SIM_ATOL when the expected output is all near zero).
SIM_TOL = 1e-2
SIM_ATOL = 1e-3
# Tests whose expected outputs ONNX 1.12 stores rounded to 4 decimals (its
# test generator writes them as literals): the comparison allows that
# rounding, half a unit of the 4th decimal, as its absolute tolerance.
# (test_gridsample_bicubic: 1.7556 where PyTorch's grid_sample, which the
# reference executor matches exactly, gives 1.755553.)
# ONNX 1.12 makes test_cast_FLOAT_to_BFLOAT16's expected values by keeping the
# top 16 bits of each float32 (truncation); the Cast rounds to nearest even,
# as PyTorch does and as later ONNX versions specify, which differs by up to
# one bfloat16 unit in the last place: 2^-8 (0.0039) for its values below 1.
# ONNX 1.12 makes the window functions' expected values with pi written as
# 3.1415; their function bodies (which the importer inlines) use pi. cos(k *
# 2pi * n / N) then differs by at most k * 2 * (pi - 3.1415) = k * 1.85e-4
# per term, weighted by its coefficient: 0.5 * 1.85e-4 = 9.3e-5 for Hann and
# Hamming, (0.5 + 2 * 0.08) * 1.85e-4 = 1.22e-4 for Blackman. The tolerance
# is that bound, 1.3e-4, for all six.
WINDOW_TESTS = ["test_" + w + s for w in ("hannwindow", "hammingwindow",
                                          "blackmanwindow")
                for s in ("", "_symmetric")]
ROUNDED_EXPECTATIONS = {"test_gridsample_bicubic": 5e-5,
                        "test_cast_FLOAT_to_BFLOAT16": 0.0039,
                        **{t: 1.3e-4 for t in WINDOW_TESTS}}


# Inputs that set an op's parameters rather than carry data: the shapes,
# scales, bounds and indices a node test feeds as graph inputs, and the
# weights of convolutions and Gemms. An ahead-of-time compile for a
# fixed-shape chip with constant filters needs them as constants, so a graph
# input read only in these slots is bound to its test value with
# eyeriss-compile --bind-input; the others stay inputs.
PARAMETER_SLOTS = {
    "Clip": {1, 2}, "Dropout": {1, 2}, "Expand": {1}, "Gather": {1},
    "Pad": {1, 2, 3}, "ReduceMean": {1}, "ReduceSum": {1}, "Reshape": {1},
    "Resize": {1, 2, 3},
    "Slice": {1, 2, 3, 4}, "Split": {1}, "Squeeze": {1}, "Tile": {1}, "Unsqueeze": {1},
    "Upsample": {1},
    # Weights and biases: the chip's filters are constants in the program.
    "Conv": {1, 2}, "ConvTranspose": {1, 2}, "Gemm": {1, 2},
    # The integer convolutions' weights, and QLinearConv's scales and zero
    # points (its bias's scale is x_scale * w_scale).
    "QLinearConv": {1, 2, 3, 4, 5, 6, 7, 8}, "ConvInteger": {1, 2, 3},
    # A window's size, its output's shape.
    "HannWindow": {0}, "HammingWindow": {0}, "BlackmanWindow": {0},
    # Recurrent layers' W, R, B, sequence_lens (and LSTM's peepholes P): the
    # steps are unrolled at import into fully connected layers.
    "RNN": {1, 2, 3, 4}, "GRU": {1, 2, 3, 4}, "LSTM": {1, 2, 3, 4, 7},
    # A one-hot encoding's depth and [off, on] values.
    "OneHot": {1, 2},
    "CumSum": {1},
    # TopK's K (a shape the compile needs); ReverseSequence's lengths.
    "TopK": {1}, "ReverseSequence": {1},
    # A DFT's length; an STFT's frame step, window and frame length: its
    # filters on the PE array.
    "DFT": {1}, "STFT": {1, 2, 3},
    # A mel filter bank, all of whose inputs set its shape and values.
    "MelWeightMatrix": {0, 1, 2, 3, 4},
    # An If's condition: the compile inlines the branch it selects.
    "If": {0},
    # A Loop's trip count and initial condition: the compile unrolls it.
    "Loop": {0, 1},
}


def parameter_inputs(model_path):
    """Indices (among the graph inputs that are not initializers) of the
    inputs that only parameter slots read."""
    model = onnx.load(model_path, load_external_data=False)
    graph = model.graph
    initializers = {t.name for t in graph.initializer}
    names = [i.name for i in graph.input if i.name not in initializers]
    as_parameter, as_data = set(), set()
    for node in graph.node:
        slots = PARAMETER_SLOTS.get(node.op_type, set())
        for index, name in enumerate(node.input):
            (as_parameter if index in slots else as_data).add(name)
    return {i for i, name in enumerate(names) if name in as_parameter - as_data}, names


def split_inputs(test_dir, data, inputs):
    """(--bind-input flags, the input files still fed) for a test."""
    bound, names = parameter_inputs(os.path.join(test_dir, "model.onnx"))
    binds, fed = [], []
    for f in inputs:
        index = int(f[6:-3])
        if index in bound and index < len(names):
            binds.append(f"--bind-input={names[index]}={os.path.join(data, f)}")
        else:
            fed.append(f)
    return binds, fed


def bfloat16_as_float32(test_dir, data, files, workdir, kind):
    """`files` (input_*.pb or output_*.pb of `data`) with each one that holds
    a BFLOAT16 graph value as ONNX 1.12's test data stores it -- a UINT16
    tensor of the bit patterns -- replaced by a float32 .npy of the values
    those bits are (a bfloat16 is the top half of a float32). `kind` is
    'input' or 'output'."""
    import numpy as np

    model = onnx.load(os.path.join(test_dir, "model.onnx"), load_external_data=False)
    graph = model.graph
    initializers = {t.name for t in graph.initializer}
    values = ([i for i in graph.input if i.name not in initializers]
              if kind == "input" else list(graph.output))
    paths = []
    for f in files:
        path = os.path.join(data, f)
        index = int(f[len(kind) + 1:-3])
        proto = onnx.TensorProto()
        with open(path, "rb") as fh:
            proto.ParseFromString(fh.read())
        declared = (values[index].type.tensor_type.elem_type
                    if index < len(values) else None)
        if (declared == onnx.TensorProto.BFLOAT16
                and proto.data_type == onnx.TensorProto.UINT16):
            bits = onnx.numpy_helper.to_array(proto).astype(np.uint32) << 16
            path = os.path.join(workdir, f"{kind}_{index}.npy")
            np.save(path, bits.view(np.float32))
        paths.append(path)
    return paths


def op_types(model_path):
    model = onnx.load(model_path, load_external_data=False)
    types = {node.op_type for node in model.graph.node}
    for fn in model.functions:
        types |= {node.op_type for node in fn.node}
    return types


def supported_ops(compiler, flag="--print-supported-ops"):
    """The op types the importer supports (or, with --print-folded-ops,
    evaluates at import), as eyeriss-compile lists them."""
    out = subprocess.run([compiler, flag], check=True,
                         capture_output=True, text=True).stdout
    return set(out.split())


SUPPORTED = set()
# Op types the importer evaluates when their inputs are known at import
# (shape arithmetic): a test of them passes when they fold.
FOLDED = set()


def run_one(compiler, test_dir):
    name = os.path.basename(test_dir)
    model = os.path.join(test_dir, "model.onnx")
    data = os.path.join(test_dir, "test_data_set_0")
    try:
        types = op_types(model)
    except Exception as e:  # a model onnx itself cannot load
        return name, "skipped", f"onnx cannot load it: {e}", set()
    inputs = sorted(f for f in os.listdir(data) if f.startswith("input_")) if os.path.isdir(data) else []
    outputs = sorted(f for f in os.listdir(data) if f.startswith("output_")) if os.path.isdir(data) else []
    binds, fed = split_inputs(test_dir, data, sorted(inputs, key=lambda s: int(s[6:-3])))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [compiler, model, "--compile-to=import", "-o", os.devnull, "--run-reference"]
        cmd += binds
        cmd += [f"--input={p}" for p in bfloat16_as_float32(test_dir, data, fed, tmp, "input")]
        cmd += [f"--expect={p}" for p in bfloat16_as_float32(
            test_dir, data, sorted(outputs, key=lambda s: int(s[7:-3])), tmp, "output")]
        cmd += [f"--rtol={RTOL}", f"--atol={max(ATOL, ROUNDED_EXPECTATIONS.get(name, 0))}"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    message = (proc.stderr.strip().splitlines() or [""])[0]
    if "error: " in message:  # drop the file location: the test name says it
        message = message.split("error: ", 1)[1]
    supported = types <= SUPPORTED | FOLDED
    if proc.returncode == 0:
        status = "passed" if supported else "failed"
        if not supported:
            message = "an unsupported op was accepted"
    elif proc.returncode == 1 and "error:" in proc.stderr:
        mismatch = "exceeds the tolerance" in proc.stderr
        status = "failed" if mismatch else "refused"
    else:
        status = "failed"
        message = f"exit code {proc.returncode}: {message}"
    return name, status, message, types


def simulate_one(compiler, runner, test_dir):
    """Compiles a test the reference passed to a binary and simulates it."""
    import tempfile

    import numpy as np
    import onnx.numpy_helper

    data = os.path.join(test_dir, "test_data_set_0")
    inputs = sorted((f for f in os.listdir(data) if f.startswith("input_")),
                    key=lambda s: int(s[6:-3]))
    outputs = sorted((f for f in os.listdir(data) if f.startswith("output_")),
                     key=lambda s: int(s[7:-3]))
    binds, inputs = split_inputs(test_dir, data, inputs)
    # A network is calibrated on the test's own inputs, each by its name:
    # the fixed-point formats come from the ranges the data reaches (node
    # tests feed values like 0..24, far from the standard-normal default
    # calibration).
    _, names = parameter_inputs(os.path.join(test_dir, "model.onnx"))
    calibration = [f"--calibration-input={names[int(f[6:-3])]}={os.path.join(data, f)}"
                   for f in inputs if int(f[6:-3]) < len(names)]
    if len(calibration) != len(inputs):
        calibration = []
    with tempfile.TemporaryDirectory() as tmp:
        eyb = os.path.join(tmp, "m.eyb")
        proc = subprocess.run([compiler, os.path.join(test_dir, "model.onnx"), "-o", eyb]
                              + binds + calibration,
                              capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            message = (proc.stderr.strip().splitlines() or [""])[0]
            ok = proc.returncode == 1 and "error:" in proc.stderr
            return ("refused" if ok else "failed"), message.split("error: ", 1)[-1]
        cmd = [runner, eyb, "--output-dir", os.path.join(tmp, "out"), "--quiet", "--no-timing"]
        for path in bfloat16_as_float32(test_dir, data, inputs, tmp, "input"):
            cmd += ["--input", path]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            message = (proc.stderr.strip().splitlines() or [""])[0]
            ok = proc.returncode == 1 and "error:" in proc.stderr
            return ("refused" if ok else "failed"), message
        # Outputs come back by the program's tensor names, in id order, which
        # follows the graph's outputs.
        produced = sorted(os.listdir(os.path.join(tmp, "out")))
        if len(produced) != len(outputs):
            return "failed", f"{len(produced)} outputs, expected {len(outputs)}"
        names = _output_order(os.path.join(tmp, "out"), produced, eyb, runner)
        worst = 0.0
        expected_paths = bfloat16_as_float32(test_dir, data, outputs, tmp, "output")
        for path, name in zip(expected_paths, names):
            if path.endswith(".npy"):
                expected = np.load(path)
            else:
                proto = onnx.TensorProto()
                with open(path, "rb") as fh:
                    proto.ParseFromString(fh.read())
                expected = onnx.numpy_helper.to_array(proto)
            want = expected.astype(np.float32)
            got = np.load(os.path.join(tmp, "out", name))
            if got.shape != want.shape:
                return "failed", f"output shape {got.shape}, expected {want.shape}"
            # Written in the graph's element type (float16, float64, int64).
            if got.dtype != expected.dtype:
                return "failed", f"output dtype {got.dtype}, expected {expected.dtype}"
            # NaN matches NaN and an infinity itself; any other non-finite
            # difference is a failure.
            same = (got == want) | (np.isnan(got) & np.isnan(want))
            with np.errstate(invalid="ignore"):
                diff = np.where(same, 0.0, np.abs(got.astype(np.float64) - want))
            if not np.isfinite(diff).all():
                return "failed", "a NaN or an infinity where the expected value differs"
            finite = want[np.isfinite(want)]
            scale = float(np.abs(finite).max()) if finite.size else 0.0
            err = float(diff.max()) if want.size else 0.0
            if err > max(SIM_TOL * scale, SIM_ATOL):
                return "failed", (f"max error {err:.3g} exceeds {SIM_TOL:g} of max "
                                  f"|expected| {scale:.3g}")
            worst = max(worst, err / scale if scale else 0.0)
        return "passed", f"max error {worst:.2e} of max |expected|"


def _output_order(out_dir, produced, eyb, runner):
    """The .npy files in the order of the program's output tensors."""
    # eyeriss-run names files after the tensors; the binary lists outputs in
    # tensor-id order, which is the graph's output order.
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python"))
    from eyeriss import eyb as eyb_reader
    info = eyb_reader.read_program_info(eyb)
    names = []
    for t in info.outputs:
        stem = "".join(c if c.isalnum() or c in ".-_" else "_" for c in t.name)
        names.append(stem + ".npy")
    return names if sorted(names) == produced else produced


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compiler", required=True)
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--markdown")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--simulate", metavar="EYERISS_RUN",
                        help="also compile the passing tests to EYB and run them on "
                             "this simulator (build/bin/eyeriss-run)")
    args = parser.parse_args()

    SUPPORTED.update(supported_ops(args.compiler))
    FOLDED.update(supported_ops(args.compiler, "--print-folded-ops") - SUPPORTED)
    if not os.path.isdir(args.data):
        print(f"no ONNX node tests at {args.data} (package libonnx-testdata)", file=sys.stderr)
        return 1
    dirs = sorted(os.path.join(args.data, d) for d in os.listdir(args.data)
                  if os.path.isfile(os.path.join(args.data, d, "model.onnx")))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda d: run_one(args.compiler, d), dirs))

    counts = {}
    def group_of(types):
        if types and types <= SUPPORTED:
            return "supported ops"
        if types and types <= SUPPORTED | FOLDED:
            return "ops evaluated at import"
        return "other ops"

    for name, status, message, types in results:
        supported = group_of(types) != "other ops"
        key = (group_of(types), status)
        counts[key] = counts.get(key, 0) + 1
        if status == "failed" or (args.verbose and supported):
            print(f"{status.upper():8} {name}: {message}")

    rows = []
    for group in ("supported ops", "ops evaluated at import", "other ops"):
        for status in ("passed", "refused", "failed", "skipped"):
            if counts.get((group, status)):
                rows.append((group, status, counts[(group, status)]))
    for group, status, n in rows:
        print(f"{group:23} {status:8} {n}")

    if args.markdown:
        with open(args.markdown, "w") as out:
            out.write("# ONNX backend node tests\n\n")
            out.write("Generated by `utils/onnx_node_tests.py` from the node tests of Debian's\n"
                      "`libonnx-testdata` (ONNX 1.12): each model is imported, run by the float\n"
                      f"reference executor and compared with its expected outputs (rtol {RTOL}, atol {ATOL};\n"
                      "atol 5e-5 for test_gridsample_bicubic, whose expected values ONNX stores\n"
                      "rounded to 4 decimals; atol 0.0039, one bfloat16 unit below 1, for\n"
                      "test_cast_FLOAT_to_BFLOAT16, whose expected values ONNX 1.12 makes by\n"
                      "truncating float32 where the Cast rounds to nearest even). ONNX 1.12\n"
                      "stores bfloat16 test data as UINT16 bit patterns; the runner passes\n"
                      "them as the float32 values they are.\n"
                      "A graph input that only sets an op's parameters (Reshape's shape, Resize's\n"
                      "scales or sizes, Clip's bounds, Slice's starts, ...) or is only a Conv,\n"
                      "ConvTranspose or Gemm weight or bias is bound to its test value with\n"
                      "`eyeriss-compile --bind-input`: the compile is ahead of time, for fixed\n"
                      "shapes and constant filters. *Ops evaluated at import* are the shape\n"
                      "arithmetic the importer folds (`eyeriss-compile --print-folded-ops`):\n"
                      "Shape, Range, Trilu, ...; a test of them passes when its inputs are\n"
                      "known at import (a Shape of a static input) and is refused otherwise.\n\n")
            out.write("| tests of | result | count |\n|---|---|---|\n")
            for group, status, n in rows:
                out.write(f"| {group} | {status} | {n} |\n")
            out.write("\n## Tests of supported op types\n\n| test | result | note |\n|---|---|---|\n")
            for name, status, message, types in results:
                if group_of(types) == "supported ops":
                    note = message.replace("|", "\\|") if status != "passed" else ""
                    out.write(f"| {name} | {status} | {note} |\n")
            out.write("\n## Tests of ops evaluated at import that pass\n\n"
                      "| test | result |\n|---|---|\n")
            for name, status, message, types in results:
                if group_of(types) == "ops evaluated at import" and status == "passed":
                    out.write(f"| {name} | {status} |\n")

    failed = sum(n for (g, s), n in counts.items() if s == "failed")
    passed = sum(n for (g, s), n in counts.items() if s in ("passed", "refused"))
    print(f"{passed} passed, {failed} failed")

    if args.simulate:
        chosen = [os.path.join(args.data, name) for name, status, _, types in results
                  if status == "passed" and types <= SUPPORTED | FOLDED]
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            sims = list(pool.map(lambda d: simulate_one(args.compiler, args.simulate, d),
                                 chosen))
        sim_counts = {}
        for d, (status, message) in zip(chosen, sims):
            sim_counts[status] = sim_counts.get(status, 0) + 1
            if status == "failed" or args.verbose:
                print(f"SIM {status.upper():8} {os.path.basename(d)}: {message}")
        print("simulated: " + ", ".join(f"{n} {s}" for s, n in sorted(sim_counts.items())))
        if args.markdown:
            with open(args.markdown, "a") as out:
                out.write("\n## On the simulator\n\n"
                          "Each test that passes above, compiled to EYB and run by `eyeriss-run`\n"
                          "(16-bit fixed point; calibrated on the test's own inputs,\n"
                          "`--calibration-input NAME=FILE`): max |got - expected| <= "
                          f"{SIM_TOL:g} x max |expected|\n"
                          f"(or {SIM_ATOL:g}), each output in the element type the test expects\n"
                          "(float16, float64, int64: the program's host formats). Refused: a layer\n"
                          "the chip cannot run, with its diagnostic.\n\n"
                          "| test | result | note |\n|---|---|---|\n")
                for d, (status, message) in zip(chosen, sims):
                    out.write(f"| {os.path.basename(d)} | {status} | "
                              f"{message.replace('|', chr(92) + '|')} |\n")
        failed += sim_counts.get("failed", 0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
