#!/usr/bin/env python3
"""Maps every exported zoo model (python/eyeriss/zoo.py) with eyeriss-compile
and runs the multicast checker on every processing-pass shape of every layer
(eyeriss-compile --check-multicast): NoC row/col IDs within the architecture's
ID widths, every PE receiving exactly its data.

Usage: zoo_multicast.py --compiler build/bin/eyeriss-compile --zoo build/zoo
           --models a,b [--opset 17] [--batches 1,4] [--arch eyeriss-v1]
"""
import argparse
import subprocess
import sys
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compiler", required=True)
    parser.add_argument("--zoo", required=True, type=Path)
    parser.add_argument("--models", required=True)
    parser.add_argument("--opset", default="17")
    parser.add_argument("--batches", default="1,4")
    parser.add_argument("--arch", default="eyeriss-v1")
    args = parser.parse_args()
    failures = 0
    for model in args.models.split(","):
        for batch in args.batches.split(","):
            path = args.zoo / model / f"opset{args.opset}" / "model.onnx"
            proc = subprocess.run(
                [args.compiler, str(path), f"--batch={batch}", f"--arch={args.arch}",
                 "--check-multicast", "-o", "/dev/null"],
                capture_output=True, text=True)
            summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
            status = "ok" if proc.returncode == 0 else "FAIL"
            print(f"{status}: {model} batch {batch}: {summary}")
            if proc.returncode != 0:
                failures += 1
                print(proc.stderr, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
