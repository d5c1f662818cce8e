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


def with_trained_batch_norm(net):
    """`net` in eval mode, its BatchNorm layers' running statistics set to
    values a trained network would have (means near 0, variances near 1)
    rather than the initial 0 and 1."""
    for m in net.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 2.0)
    return net.eval()


class ResidualBlock(torch.nn.Module):
    """Two reflection-padded 3 x 3 convolutions, each normalized by
    `norm(channels)`, with a ReLU between and the input added back."""

    def __init__(self, c, norm):
        super().__init__()
        nn = torch.nn
        self.body = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), norm(c), nn.ReLU(),
            nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3), norm(c))

    def forward(self, x):
        return x + self.body(x)


def resnet_generator(norm, block_norm=None):
    """A small image-to-image generator in the style of CycleGAN's and fast
    neural style's ResNet generators: a reflection-padded 7 x 7 convolution,
    a strided convolution down, a residual block, a transposed convolution
    up, a 7 x 7 output convolution and Tanh; `norm(channels)` after each
    convolution but the last (`block_norm` inside the residual block,
    `norm` by default). 3 channels in and out."""
    nn = torch.nn
    return nn.Sequential(
        nn.ReflectionPad2d(3), nn.Conv2d(3, 8, 7), norm(8), nn.ReLU(),
        nn.Conv2d(8, 16, 3, stride=2, padding=1), norm(16), nn.ReLU(),
        ResidualBlock(16, block_norm or norm),
        nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1),
        norm(8), nn.ReLU(),
        nn.ReflectionPad2d(3), nn.Conv2d(8, 3, 7), nn.Tanh())


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
        """`model` exported on input `x` (an array, or a tuple of arrays for a
        model of several inputs: `input_name` then names the first, the others
        get its name and their position) as <name>.onnx, each input saved as
        <name>.input<i>.npy, in the working directory; returns the model's
        path."""
        inputs = x if isinstance(x, tuple) else (x,)
        for stale in self.workdir.glob(f"{name}.input*.npy"):  # an earlier export's
            stale.unlink()
        for i, value in enumerate(inputs):
            np.save(self.workdir / f"{name}.input{i}.npy", value)
        path = self.workdir / f"{name}.onnx"
        names = [input_name] + [f"{input_name}{i}" for i in range(1, len(inputs))]
        torch.onnx.export(model, tuple(torch.from_numpy(v) for v in inputs), str(path),
                          opset_version=opset, input_names=names,
                          output_names=[output_name])
        return path

    def _input_files(self, onnx_path):
        """The export()ed inputs of a model, in order."""
        stem = onnx_path.with_suffix("").name
        return sorted(self.workdir.glob(f"{stem}.input*.npy"),
                      key=lambda p: int(p.name[len(stem) + 6:-4]))

    def reference(self, onnx_path, phase="canonicalize"):
        """The reference executor's output for an export() model (compiled to
        `phase`) on its saved input."""
        out = onnx_path.with_suffix(".reference.npy")
        self.run("eyeriss-compile", onnx_path, f"--compile-to={phase}", "-o", "/dev/null",
                 "--run-reference", *[f"--input={p}" for p in self._input_files(onnx_path)],
                 f"--reference-output={out}")
        return np.load(out)

    def check_reference(self, label, module, x, phase="canonicalize", tolerance=1e-5,
                        **export):
        """Exports `module` on `x` and prints '<label> <shape>: reference vs
        PyTorch ok' when the reference executor's output has PyTorch's shape
        and is within `tolerance` of its largest value (0: equal element for
        element). Returns the exported model's path and that output."""
        with torch.no_grad():
            inputs = x if isinstance(x, tuple) else (x,)
            want = module(*(torch.from_numpy(v) for v in inputs)).numpy()
        onnx_path = self.export(module, x, **export)
        got = self.reference(onnx_path, phase)
        same = got.shape == want.shape
        err = float(np.abs(got - want).max() / np.abs(want).max()) if same else float("inf")
        ok = same and (np.array_equal(got, want) if tolerance == 0 else err < tolerance)
        print(f"{label} {tuple(want.shape)}: reference vs PyTorch",
              "ok" if ok else f"FAILED {err}")
        return onnx_path, got

    def check_layers(self, layers, rng, tolerance=1e-5):
        """check_reference for each (label, module, input shape[, tolerance])
        of `layers`, in eval mode, on a standard-normal input drawn from
        `rng` (numpy Generator), in order."""
        for label, module, shape, *own in layers:
            self.check_reference(label, module.eval(),
                                 rng.standard_normal(shape).astype(np.float32),
                                 tolerance=own[0] if own else tolerance)

    def check_simulated(self, label, onnx_path, reference, output_name="y", tolerance=1e-2):
        """Simulates an export() model and prints '<label>: simulated vs
        reference ok' when its output is within `tolerance` of the largest
        value of `reference`."""
        sim = self.simulate(onnx_path, output_name)
        err = float(np.abs(sim - reference).max() / np.abs(reference).max())
        print(f"{label}: simulated vs reference", "ok" if err < tolerance else f"FAILED {err}")

    def simulate(self, onnx_path, output_name="y"):
        """An export() model compiled to EYB and simulated on its saved input:
        its output `output_name`, or a list of the outputs a list names."""
        eyb, out = onnx_path.with_suffix(".eyb"), onnx_path.with_suffix(".out")
        self.run("eyeriss-compile", onnx_path, "-o", eyb)
        inputs = [a for p in self._input_files(onnx_path) for a in ("--input", p)]
        self.run("eyeriss-run", eyb, *inputs, "--output-dir", out, "--quiet")
        if isinstance(output_name, (list, tuple)):
            return [np.load(out / f"{n}.npy") for n in output_name]
        return np.load(out / f"{output_name}.npy")
