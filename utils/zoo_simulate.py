#!/usr/bin/env python3
"""End to end on the chip: every zoo model compiled to an EYB binary, run on
the simulator, and compared with the float32 reference executor.

For each model: one binary at batch B (default 4) and S seeded input batches
(default 5: 20 images); the reference executor (eyeriss-compile
--run-reference, float32) and eyeriss-run (16-bit fixed point) run on the
same inputs. Checks, per image: top-1 equal, and cosine similarity of the
logits >= 0.99; per model: no ofmap value whose psum overflowed its format
(eyeriss-run's psum_overflows). Images whose float32 top-2 logits are closer than the
fixed-point error can tell apart (margin < 2x the worst logit error seen on
that model) are listed as near-ties: a top-1 difference on those is reported
but is not a failure.

Usage: zoo_simulate.py --build build --zoo build/zoo --models a,b
           [--batch 4] [--batches 5] [--timing] [--markdown FILE]
           [--compile-arg=--headroom=2 ...]
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

MIN_COSINE = 0.99


def run(cmd):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{proc.stderr}")
    return proc


def check_model(build, model, batch, batches, timing, tmp, compile_args=()):
    compiler, runner = build / "bin" / "eyeriss-compile", build / "bin" / "eyeriss-run"
    eyb = tmp / "model.eyb"
    start = time.monotonic()
    run([compiler, model, f"--batch={batch}", "-o", eyb, *compile_args])
    compile_s = time.monotonic() - start
    sim_s = 0.0
    overflows = 0
    rows = []
    for seed in range(batches):
        rng = np.random.default_rng(1000 + seed)
        shape = input_shape(compiler, model, batch)
        x = rng.standard_normal(shape).astype(np.float32)
        xin = tmp / "x.npy"
        np.save(xin, x)
        ref = tmp / "ref.npy"
        run([compiler, model, f"--batch={batch}", "--compile-to=canonicalize",
             "-o", "/dev/null", "--run-reference", f"--input={xin}",
             f"--reference-output={ref}"])
        out, stats = tmp / "sim.npy", tmp / "stats.json"
        start = time.monotonic()
        run([runner, eyb, "--input", xin, "-o", out, "--quiet", "--stats", stats,
             *([] if timing else ["--no-timing"])])
        sim_s += time.monotonic() - start
        overflows += json.loads(stats.read_text())["totals"]["psum_overflows"]
        a, b = np.load(out).reshape(batch, -1), np.load(ref).reshape(batch, -1)
        for i in range(batch):
            cos = float((a[i] * b[i]).sum() / (np.linalg.norm(a[i]) * np.linalg.norm(b[i])))
            top = np.sort(b[i])[::-1]
            rows.append({"cos": cos, "top1": int(a[i].argmax()) == int(b[i].argmax()),
                         "margin": float(top[0] - top[1]),
                         "err": float(np.abs(a[i] - b[i]).max())})
    worst_err = max(r["err"] for r in rows)
    for r in rows:
        r["near_tie"] = r["margin"] < 2 * worst_err
    return rows, compile_s, sim_s, overflows


_shapes = {}


def input_shape(compiler, model, batch):
    key = (str(model), batch)
    if key not in _shapes:
        import onnx
        m = onnx.load(str(model), load_external_data=False)
        dims = [d.dim_value for d in m.graph.input[0].type.tensor_type.shape.dim]
        dims[0] = batch
        _shapes[key] = tuple(dims)
    return _shapes[key]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", type=Path, required=True)
    ap.add_argument("--zoo", type=Path, required=True)
    ap.add_argument("--models", required=True)
    ap.add_argument("--opset", type=int, default=13)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--batches", type=int, default=5)
    ap.add_argument("--timing", action="store_true",
                    help="simulate cycle-level (default: functional, same outputs)")
    ap.add_argument("--markdown", type=Path)
    ap.add_argument("--compile-arg", action="append", default=[],
                    help="extra eyeriss-compile argument for the binary (repeatable), "
                         "e.g. --compile-arg=--headroom=2")
    args = ap.parse_args()
    failed = False
    lines = ["| model | images | top-1 equal | near-ties | min cosine | psum overflows | "
             "compile s | simulate s |",
             "|---|---|---|---|---|---|---|---|"]
    for name in args.models.split(","):
        model = args.zoo / name / f"opset{args.opset}" / "model.onnx"
        with tempfile.TemporaryDirectory() as tmp:
            try:
                rows, cs, ss, overflows = check_model(args.build, model, args.batch, args.batches,
                                           args.timing, Path(tmp), args.compile_arg)
            except RuntimeError as e:
                print(f"FAIL {name}: {e}")
                failed = True
                continue
        equal = sum(r["top1"] for r in rows)
        ties = sum(r["near_tie"] for r in rows)
        bad = [r for r in rows if r["cos"] < MIN_COSINE or (not r["top1"] and not r["near_tie"])]
        mincos = min(r["cos"] for r in rows)
        status = "ok  " if not bad and not overflows else "FAIL"
        failed |= bool(bad) or overflows > 0
        print(f"{status} {name}: {len(rows)} images, top-1 equal {equal}/{len(rows)} "
              f"(near-ties {ties}), min cosine {mincos:.4f}, psum overflows {overflows}, "
              f"compile {cs:.1f} s, simulate {ss:.1f} s")
        lines.append(f"| {name} | {len(rows)} | {equal} | {ties} | {mincos:.4f} | "
                     f"{overflows} | {cs:.1f} | {ss:.1f} |")
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
