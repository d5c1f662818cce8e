"""PyTorch's ConvTranspose2d through eyeriss-compile and eyeriss-run.

Each configuration (strides, pads, output_padding, groups, dilation,
rectangular kernels) is exported by PyTorch, imported, and run by the float32
reference executor: its output must match PyTorch's within 1e-5 of the
largest value. Then a DCGAN-style generator (three transposed convolutions
with batch norms, ReLUs and a Tanh) is compiled to EYB and simulated: the
simulator's output must match the reference executor's within 1e-2.
Prints one line per check; run by conv-transpose-torch.test as
`conv_transpose_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch

CONFIGS = [
    # (in, out, kernel, stride, padding, output_padding, groups, dilation, size)
    (4, 6, 3, 2, 1, 1, 2, 1, 5),
    (3, 5, 4, 2, 1, 0, 1, 1, 4),      # DCGAN's upsampling layer
    (4, 4, 3, 1, 3, 0, 1, 2, 6),      # a pad larger than dilation * (k - 1)
    (2, 4, (3, 5), (3, 2), (0, 2), (2, 1), 1, 1, 4),
    (4, 4, 3, 2, 0, 0, 4, 1, 3),      # depthwise
]


COMPILE, RUN = sys.argv[1], sys.argv[2]


def run(args):
    tool = {"eyeriss-compile": COMPILE, "eyeriss-run": RUN}[args[0]]
    subprocess.run([tool] + args[1:], check=True, capture_output=True)


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for i, (cin, cout, k, s, p, op, g, d, size) in enumerate(CONFIGS):
            layer = torch.nn.ConvTranspose2d(cin, cout, k, s, p, op, g, True, d).eval()
            x = rng.standard_normal((1, cin, size, size)).astype(np.float32)
            np.save(tmp / "x.npy", x)
            torch.onnx.export(layer, torch.from_numpy(x), str(tmp / "m.onnx"), opset_version=17)
            run(["eyeriss-compile", str(tmp / "m.onnx"), "--compile-to=import", "-o", "/dev/null",
                 "--run-reference", f"--input={tmp / 'x.npy'}",
                 f"--reference-output={tmp / 'r.npy'}"])
            with torch.no_grad():
                want = layer(torch.from_numpy(x)).numpy()
            got = np.load(tmp / "r.npy")
            err = float(np.abs(got - want).max() / np.abs(want).max())
            print(f"config {i} {tuple(want.shape)}: reference vs PyTorch",
                  "ok" if got.shape == want.shape and err < 1e-5 else f"FAILED {err}")

        generator = torch.nn.Sequential(
            torch.nn.ConvTranspose2d(8, 16, 4, 1, 0, bias=False), torch.nn.BatchNorm2d(16),
            torch.nn.ReLU(),
            torch.nn.ConvTranspose2d(16, 8, 4, 2, 1, bias=False), torch.nn.BatchNorm2d(8),
            torch.nn.ReLU(),
            torch.nn.ConvTranspose2d(8, 3, 4, 2, 1, bias=False), torch.nn.Tanh()).eval()
        z = rng.standard_normal((1, 8, 1, 1)).astype(np.float32)
        np.save(tmp / "z.npy", z)
        torch.onnx.export(generator, torch.from_numpy(z), str(tmp / "g.onnx"), opset_version=17,
                          input_names=["z"], output_names=["image"])
        run(["eyeriss-compile", str(tmp / "g.onnx"), "-o", str(tmp / "g.eyb")])
        run(["eyeriss-compile", str(tmp / "g.onnx"), "--compile-to=canonicalize", "-o",
             "/dev/null", "--run-reference", f"--input={tmp / 'z.npy'}",
             f"--reference-output={tmp / 'r.npy'}"])
        run(["eyeriss-run", str(tmp / "g.eyb"), "--input", str(tmp / "z.npy"),
             "--output-dir", str(tmp / "out"), "--quiet"])
        ref, sim = np.load(tmp / "r.npy"), np.load(tmp / "out" / "image.npy")
        with torch.no_grad():
            want = generator(torch.from_numpy(z)).numpy()
        err_ref = float(np.abs(ref - want).max() / np.abs(want).max())
        err_sim = float(np.abs(sim - ref).max() / np.abs(ref).max())
        print(f"generator {tuple(sim.shape)}: reference vs PyTorch",
              "ok" if err_ref < 1e-5 else f"FAILED {err_ref}")
        print("generator: simulated vs reference", "ok" if err_sim < 1e-2 else f"FAILED {err_sim}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
