"""What the lit tests' PyTorch scripts (../*/Inputs/*_torch.py) share.

Each script is run as `script.py <eyeriss-compile> <eyeriss-run>`; `Tools`
runs those two, and exports a PyTorch module, runs the float32 reference
executor on it and simulates its program, in a working directory.
"""
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch


class Tools:
    def __init__(self, workdir, argv=None):
        argv = sys.argv if argv is None else argv
        self.paths = {"eyeriss-compile": argv[1], "eyeriss-run": argv[2]}
        self.workdir = Path(workdir)

    def run(self, tool, *args):
        """Runs `tool` ('eyeriss-compile' or 'eyeriss-run') with `args`; exits
        with its error output if it fails; returns its standard output."""
        cmd = [self.paths[tool]] + [str(a) for a in args]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode:
            sys.exit(f"{' '.join(cmd)} failed:\n{result.stderr}")
        return result.stdout

    def export(self, model, x, name="m", opset=17, input_name="x", output_name="y"):
        """`model` exported on input `x` as <name>.onnx, and `x` saved as
        <name>.input.npy, in the working directory; returns the model's path."""
        np.save(self.workdir / f"{name}.input.npy", x)
        path = self.workdir / f"{name}.onnx"
        torch.onnx.export(model, torch.from_numpy(x), str(path), opset_version=opset,
                          input_names=[input_name], output_names=[output_name])
        return path

    def reference(self, onnx_path, phase="canonicalize"):
        """The reference executor's output for an export() model (compiled to
        `phase`) on its saved input."""
        out = onnx_path.with_suffix(".reference.npy")
        self.run("eyeriss-compile", onnx_path, f"--compile-to={phase}", "-o", "/dev/null",
                 "--run-reference", f"--input={onnx_path.with_suffix('.input.npy')}",
                 f"--reference-output={out}")
        return np.load(out)

    def check_reference(self, label, module, x, phase="canonicalize", tolerance=1e-5,
                        **export):
        """Exports `module` on `x` and prints '<label> <shape>: reference vs
        PyTorch ok' when the reference executor's output has PyTorch's shape
        and is within `tolerance` of its largest value (0: equal element for
        element). Returns the exported model's path and that output."""
        with torch.no_grad():
            want = module(torch.from_numpy(x)).numpy()
        onnx_path = self.export(module, x, **export)
        got = self.reference(onnx_path, phase)
        same = got.shape == want.shape
        err = float(np.abs(got - want).max() / np.abs(want).max()) if same else float("inf")
        ok = same and (np.array_equal(got, want) if tolerance == 0 else err < tolerance)
        print(f"{label} {tuple(want.shape)}: reference vs PyTorch",
              "ok" if ok else f"FAILED {err}")
        return onnx_path, got

    def check_simulated(self, label, onnx_path, reference, output_name="y", tolerance=1e-2):
        """Simulates an export() model and prints '<label>: simulated vs
        reference ok' when its output is within `tolerance` of the largest
        value of `reference`."""
        sim = self.simulate(onnx_path, output_name)
        err = float(np.abs(sim - reference).max() / np.abs(reference).max())
        print(f"{label}: simulated vs reference", "ok" if err < tolerance else f"FAILED {err}")

    def simulate(self, onnx_path, output_name="y"):
        """An export() model compiled to EYB and simulated on its saved input:
        its output `output_name`."""
        eyb, out = onnx_path.with_suffix(".eyb"), onnx_path.with_suffix(".out")
        self.run("eyeriss-compile", onnx_path, "-o", eyb)
        self.run("eyeriss-run", eyb, "--input", onnx_path.with_suffix(".input.npy"),
                 "--output-dir", out, "--quiet")
        return np.load(out / f"{output_name}.npy")
