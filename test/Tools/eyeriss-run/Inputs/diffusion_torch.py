"""A diffusion model's timestep-conditioned residual block through
eyeriss-compile, and the rounding functions EYB 1.10 added.

The block is a denoising UNet's (DDPM's, Stable Diffusion's): the timestep,
a graph input of shape [1], becomes a sinusoidal embedding (sin and cos of
the timestep times a geometric series of frequencies), goes through a small
MLP with SiLU, and is added per channel between two GroupNorm -> SiLU ->
Conv stages of the image features. PyTorch exports it with Sin, Cos, Concat,
Gemm, Sigmoid, Mul, InstanceNormalization (GroupNorm) and Conv. It is
exported, imported and run by the float32 reference executor (equal to
PyTorch within 1e-5 of the largest value), then compiled to EYB and
simulated with both inputs (within 1e-2 of the reference). torch.round,
floor, ceil, sign and Tensor.repeat (ONNX Tile) are checked against
PyTorch element for element.
Prints one line per check; run by diffusion-torch.test as
`diffusion_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import math
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from torch_tools import Tools  # noqa: E402


class Elementwise(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None] * freqs[None]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, c, emb_dim=16):
        super().__init__()
        self.emb_dim = emb_dim
        self.time_mlp = nn.Sequential(nn.Linear(emb_dim, 32), nn.SiLU(), nn.Linear(32, c))
        self.in_layers = nn.Sequential(nn.GroupNorm(4, c), nn.SiLU(), nn.Conv2d(c, c, 3, padding=1))
        self.out_layers = nn.Sequential(nn.GroupNorm(4, c), nn.SiLU(), nn.Conv2d(c, c, 3, padding=1))

    def forward(self, x, t):
        emb = self.time_mlp(timestep_embedding(t, self.emb_dim))
        h = self.in_layers(x) + emb[:, :, None, None]
        return x + self.out_layers(h)


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        values = (rng.standard_normal((2, 3, 8)) * 3).astype(np.float32)
        values[0, 0, :4] = [-2.5, -0.5, 0.5, 2.5]  # ties: halves to even
        for label, fn in [("round", torch.round), ("floor", torch.floor),
                          ("ceil", torch.ceil), ("sign", torch.sign),
                          ("repeat", lambda v: v.repeat(2, 1, 3))]:
            tools.check_reference(label, Elementwise(fn), values, tolerance=0)

        block = ResBlock(8).eval()
        x = rng.standard_normal((1, 8, 8, 8)).astype(np.float32)
        t = np.array([417.0], np.float32)
        model, ref = tools.check_reference("timestep resblock", block, (x, t))
        listing = tools.run("eyeriss-compile", model, "--emit=asm")
        fns = {fn: sum(f"fn={fn}" in l for l in listing.splitlines()) for fn in ("sin", "cos")}
        print(f"timestep resblock: {fns['sin']} sin, {fns['cos']} cos on the host")
        tools.check_simulated("timestep resblock", model, ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
