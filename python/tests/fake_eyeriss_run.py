"""A stand-in for eyeriss-run that follows its command-line contract, for testing the Python
layer's plumbing (argument building, input files, output and stats reading, errors)
independently of the simulator.

    fake_eyeriss_run.py model.eyb [--input FILE | --input NAME=FILE]... [-o FILE |
        --output-dir DIR] [--stats FILE.json] [--trace FILE.json] [--seed N] [--progress]

Every output is filled with one number: the sum of all input values (so a test can check
which data arrived). The inputs are checked against the program's tensor table (count,
names, shapes) as the real simulator does. Also records its argument list in
$FAKE_EYERISS_RUN_LOG when that is set.
"""

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eyeriss.eyb import read_program_info  # noqa: E402


def fail(message: str) -> None:
    print(f"eyeriss-run: error: {message}", file=sys.stderr)
    sys.exit(1)


def load(path: str) -> np.ndarray:
    if not os.path.exists(path):
        fail(f"cannot read input '{path}'")
    if path.endswith(".pb"):
        import onnx
        import onnx.numpy_helper
        tensor = onnx.TensorProto()
        with open(path, "rb") as f:
            tensor.ParseFromString(f.read())
        return onnx.numpy_helper.to_array(tensor)
    return np.load(path)


def main() -> None:
    if os.environ.get("FAKE_EYERISS_RUN_LOG"):
        with open(os.environ["FAKE_EYERISS_RUN_LOG"], "a") as f:
            f.write(json.dumps(sys.argv[1:]) + "\n")
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--input", action="append", default=[])
    p.add_argument("-o")
    p.add_argument("--output-dir")
    p.add_argument("--stats")
    p.add_argument("--trace")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--progress", action="store_true")
    args = p.parse_args()

    try:
        info = read_program_info(args.binary)
    except (OSError, ValueError) as e:
        fail(f"cannot load program '{args.binary}': {e}")
    expected = info.inputs
    if args.input:
        named = all("=" in item for item in args.input)
        arrays = {}
        if named:
            names = [t.name for t in expected]
            for item in args.input:
                name, _, path = item.partition("=")
                if name not in names:
                    fail(f"the program has no input '{name}' (inputs: {', '.join(names)})")
                arrays[name] = load(path)
        else:
            if len(args.input) != len(expected):
                fail(f"{len(args.input)} inputs given, the program has {len(expected)}")
            arrays = {t.name: load(path) for t, path in zip(expected, args.input)}
    else:
        rng = np.random.default_rng(args.seed)
        arrays = {t.name: rng.standard_normal(t.shape).astype(np.float32) for t in expected}
    for t in expected:
        if t.name not in arrays:
            fail(f"input '{t.name}' is missing")
        if tuple(arrays[t.name].shape) != t.shape:
            fail(f"input '{t.name}' has shape {tuple(arrays[t.name].shape)}, the program "
                 f"expects {t.shape}")
    if args.progress:
        print("progress: 100%", file=sys.stderr)

    total = float(sum(a.astype(np.float64).sum() for a in arrays.values()))
    outputs = {t.name: np.full(t.shape, total, dtype=np.float32) for t in info.outputs}
    if args.o:
        if len(outputs) != 1:
            fail("-o needs a program with one output")
        np.save(args.o, next(iter(outputs.values())))
    if args.output_dir:
        for name, array in outputs.items():
            path = Path(args.output_dir) / f"{name.lstrip('/')}.npy"
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, array)
    energy = {"dram": 4.0, "glb": 3.0, "array": 2.0, "spad": 1.0, "mac": 0.5, "idle": 0.5,
              "total": 11.0}
    layer = {"cycles": 100, "processing_cycles": 80, "total_latency_ms": 0.0005,
             "processing_latency_ms": 0.0004, "macs": 1000, "energy_pj": energy,
             "power_mw": 22.0, "dram_bytes": 64, "dram_bytes_uncompressed": 128,
             "rlc_ratio": 0.5, "active_pes": 168, "utilization": 1.0}
    stats = {"program": info.program, "arch": info.arch, "core_mhz": 200.0,
             "link_mhz": 60.0, "totals": dict(layer),
             "layers": [dict(layer, name="conv1", kind="conv"),
                        {"name": "pool", "kind": "host", "cycles": 0}]}
    if args.stats:
        with open(args.stats, "w") as f:
            json.dump(stats, f)
    if args.trace:
        with open(args.trace, "w") as f:
            json.dump({"traceEvents": []}, f)


if __name__ == "__main__":
    main()
