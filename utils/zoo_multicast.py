#!/usr/bin/env python3
"""Maps every exported zoo model (python/eyeriss/zoo.py) with eyeriss-compile
and runs the multicast checker on every processing-pass shape of every layer
(eyeriss-compile --check-multicast): NoC row/col IDs within the architecture's
ID widths, every PE receiving exactly its data. With --emit-binary it also
compiles each model (batch 1) to an EYB program, which the compiler verifies
(docs/ISA.md) before writing, checks every pass shape again on the IDs the
schedules configure (the ones the binary carries), and checks that a second
compile gives the same bytes.

Usage: zoo_multicast.py --compiler build/bin/eyeriss-compile --zoo build/zoo
           --models a,b [--opset 17] [--batches 1,4] [--arch eyeriss-v1]
           [--emit-binary]
"""
import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compiler", required=True)
    parser.add_argument("--zoo", required=True, type=Path)
    parser.add_argument("--models", required=True)
    parser.add_argument("--opset", default="17")
    parser.add_argument("--batches", default="1,4")
    parser.add_argument("--arch", default="eyeriss-v1")
    parser.add_argument("--emit-binary", action="store_true")
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
        if args.emit_binary:
            path = args.zoo / model / f"opset{args.opset}" / "model.onnx"
            with tempfile.TemporaryDirectory() as tmp:
                outs = [Path(tmp) / f"{i}.eyb" for i in range(2)]
                # The first compile also checks the scheduled IDs; the check
                # must not change the bytes.
                procs = [subprocess.run(
                    [args.compiler, str(path), "--batch=1", f"--arch={args.arch}",
                     "--emit=binary", "-o", str(out)] +
                    (["--check-multicast"] if i == 0 else []),
                    capture_output=True, text=True) for i, out in enumerate(outs)]
                ok = all(p.returncode == 0 for p in procs)
                checked = re.search(r"(\d+) pass shapes \((\d+) on scheduled IDs\)",
                                    procs[0].stdout)
                on_ids = ok and checked and checked.group(1) == checked.group(2)
                print(f"{'ok' if on_ids else 'FAIL'}: {model} scheduled IDs: "
                      f"{checked.group(0) if checked else 'no multicast summary'}")
                if not on_ids:
                    failures += 1
                same = ok and outs[0].read_bytes() == outs[1].read_bytes()
                size = outs[0].stat().st_size if ok else 0
                print(f"{'ok' if same else 'FAIL'}: {model} --emit=binary: "
                      f"{size} bytes, {'identical' if same else 'differs'} on recompile")
                if not same:
                    failures += 1
                    for p in procs:
                        print(p.stderr[:2000], file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
