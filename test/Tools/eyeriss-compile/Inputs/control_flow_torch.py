"""A scripted PyTorch module with shape-dependent control flow.

torch.jit.script keeps Python `if`s as ONNX If nodes when the shapes they
test are dynamic at export: here `if x.size(2) > 16` (pool, else ReLU) and
`if y.size(1) == 8` (scale), on an input exported with dynamic height and
width. Compiled at a fixed shape (--shape), the conditions are shape
arithmetic the importer evaluates, and each If becomes the branch it
selects. Checks, at 32 x 32 (the pooling branch) and 16 x 16 (the ReLU
branch): the ops of the selected branches, the float32 reference executor
within 1e-5 of PyTorch's largest output, and (32 x 32) the simulated output
within 1e-2 of it. A `for` over `range(x.size(1) // 2)` (an ONNX Loop) is
unrolled into its two iterations, each a CONV layer, checked the same way.
A loop or a condition computed from the data (`while x.sum() > 0`,
`if x.sum() > 0`) is refused naming the node. Run by control-flow-torch.test
as `control_flow_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class ShapeDependent(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)

    def forward(self, x):
        if x.size(2) > 16:
            x = F.max_pool2d(x, 2)
        else:
            x = F.relu(x)
        y = self.conv(x)
        if y.size(1) == 8:
            y = y * 2.0
        return y


class Repeated(nn.Module):
    """`for` over a shape: one residual convolution per pair of channels."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)

    def forward(self, x):
        for _ in range(x.size(1) // 2):
            x = torch.relu(self.conv(x)) + x
        return x


class Converging(nn.Module):
    """A `while` on the data: how often it runs is known only at run time."""

    def forward(self, x):
        while bool(x.sum() > 0):
            x = x - 1.0
        return x


class DataDependent(nn.Module):
    def forward(self, x):
        if bool(x.sum() > 0):
            return x * 2.0
        return -x


def export(module, path, shape):
    scripted = torch.jit.script(module.eval())
    torch.onnx.export(scripted, (torch.randn(*shape),), str(path), opset_version=17,
                      input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {2: "h", 3: "w"}})
    return scripted


def run(*args, expect_failure=False):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True)
    if bool(result.returncode) != expect_failure:
        sys.exit(f"{args[0]} {'succeeded' if expect_failure else 'failed'}:\n{result.stderr}")
    return result.stdout + result.stderr


def main():
    compiler, simulator = sys.argv[1:3]
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(4)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        model = tmp / "shape.onnx"
        scripted = export(ShapeDependent(), model, (1, 3, 32, 32))
        for size in (32, 16):
            x = rng.standard_normal((1, 3, size, size)).astype(np.float32)
            with torch.no_grad():
                want = scripted(torch.from_numpy(x)).numpy()
            np.save(tmp / "x.npy", x)
            np.save(tmp / "want.npy", want)
            shape = f"--shape=x:1,3,{size},{size}"
            ir = run(compiler, model, shape, "--compile-to=import")
            atol = 1e-5 * float(np.abs(want).max())
            run(compiler, model, shape, "--compile-to=map", "-o", "/dev/null",
                "--run-reference", f"--input={tmp / 'x.npy'}",
                f"--expect={tmp / 'want.npy'}", "--rtol=0", f"--atol={atol}")
            ops = [op for op in ("max_pool", "relu", "mul") if f"eyeriss.{op} " in ir]
            print(f"{size} x {size}: ops {' '.join(ops)}; reference vs PyTorch ok")
            if size == 32:
                run(compiler, model, shape, "-o", tmp / "m.eyb")
                run(simulator, tmp / "m.eyb", "--input", f"x={tmp / 'x.npy'}",
                    "--output-dir", tmp / "sim", "--quiet")
                got = np.load(tmp / "sim" / "y.npy")
                err = float(np.abs(got - want).max() / np.abs(want).max())
                print(f"{size} x {size}: simulated vs PyTorch", "ok" if err < 1e-2 else f"FAILED {err}")
        loop_model = tmp / "loop.onnx"
        scripted = export(Repeated(), loop_model, (1, 4, 8, 8))
        x = rng.standard_normal((1, 4, 8, 8)).astype(np.float32)
        with torch.no_grad():
            want = scripted(torch.from_numpy(x)).numpy()
        np.save(tmp / "x.npy", x)
        np.save(tmp / "want.npy", want)
        atol = 1e-5 * float(np.abs(want).max())
        run(compiler, loop_model, "--shape=x:1,4,8,8", "--compile-to=map", "-o", "/dev/null",
            "--run-reference", f"--input={tmp / 'x.npy'}", f"--expect={tmp / 'want.npy'}",
            "--rtol=0", f"--atol={atol}")
        listing = run(compiler, loop_model, "--shape=x:1,4,8,8", "--emit=asm")
        layers = [line.split()[2].strip("'") for line in listing.splitlines()
                  if line.startswith(".layer ")]
        print(f"loop: layers {' '.join(layers)}; reference vs PyTorch ok")
        run(compiler, loop_model, "--shape=x:1,4,8,8", "-o", tmp / "loop.eyb")
        run(simulator, tmp / "loop.eyb", "--input", f"x={tmp / 'x.npy'}",
            "--output-dir", tmp / "loop-sim", "--quiet")
        got = np.load(tmp / "loop-sim" / "y.npy")
        err = float(np.abs(got - want).max() / np.abs(want).max())
        print("loop: simulated vs PyTorch", "ok" if err < 1e-2 else f"FAILED {err}")
        export(Converging(), tmp / "while.onnx", (1, 3, 8, 8))
        out = run(compiler, tmp / "while.onnx", "--shape=x:1,3,8,8", "--compile-to=import",
                  expect_failure=True)
        print(*[line.split("error: ", 1)[1] for line in out.splitlines() if "error: " in line],
              sep="\n")
        export(DataDependent(), tmp / "data.onnx", (1, 3, 8, 8))
        out = run(compiler, tmp / "data.onnx", "--shape=x:1,3,8,8", "--compile-to=import",
                  expect_failure=True)
        print(*[line.split("error: ", 1)[1] for line in out.splitlines() if "error: " in line],
              sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
