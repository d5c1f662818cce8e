#!/usr/bin/env python3
"""Compiles every exported zoo model (python/eyeriss/zoo.py) with eyeriss-compile
through the canonicalize phase, runs the result with the float32 reference
executor on the stored input, and compares the logits with PyTorch's.

The check: max |ours - PyTorch| / max |PyTorch| <= 1e-4 over the logits
(normwise, since elementwise relative error is meaningless for logits near 0).

Usage: zoo_check.py --compiler build/bin/eyeriss-compile --zoo build/zoo
           --models a,b --opsets 11,13,17 [--markdown FILE]
"""
import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

MAX_REL_ERR = 1e-4


def check(compiler, model_dir):
    data = model_dir / "test_data_set_0"
    # Batch 1, the stored data's (some exports leave the batch symbolic).
    cmd = [compiler, str(model_dir / "model.onnx"), "--batch=1", "-o", "/dev/null",
           "--run-reference",
           f"--input={data / 'input_0.pb'}", f"--expect={data / 'output_0.pb'}",
           f"--max-rel-err={MAX_REL_ERR}"]
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.monotonic() - start
    match = re.search(r"max abs error (\S+), max relative error (\S+)", proc.stderr)
    errors = match.groups() if match else ("-", "-")
    ok = proc.returncode == 0
    message = "" if ok else next((l for l in proc.stderr.splitlines() if "error" in l),
                                 proc.stderr.strip()[:200])
    return ok, errors, seconds, message


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compiler", required=True)
    parser.add_argument("--zoo", required=True, type=Path)
    parser.add_argument("--models", required=True)
    parser.add_argument("--opsets", default="11,13,17")
    parser.add_argument("--markdown")
    args = parser.parse_args()

    rows, failed = [], 0
    for model in args.models.split(","):
        for opset in args.opsets.split(","):
            model_dir = args.zoo / model / f"opset{opset}"
            if not (model_dir / "model.onnx").exists():
                rows.append((model, opset, False, ("-", "-"), 0.0, "not exported"))
                failed += 1
                continue
            ok, errors, seconds, message = check(args.compiler, model_dir)
            failed += not ok
            rows.append((model, opset, ok, errors, seconds, message))
            print(f"{'PASS' if ok else 'FAIL'} {model} opset {opset}: max abs error {errors[0]}, "
                  f"max relative error {errors[1]} ({seconds:.1f} s) {message}", flush=True)
    if args.markdown:
        with open(args.markdown, "w") as out:
            out.write("| model | opset | result | max abs error | max relative error | seconds |\n"
                      "|---|---|---|---|---|---|\n")
            for model, opset, ok, (abs_err, rel_err), seconds, message in rows:
                out.write(f"| {model} | {opset} | {'pass' if ok else 'FAIL ' + message} | "
                          f"{abs_err} | {rel_err} | {seconds:.1f} |\n")
    print(f"{len(rows) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
