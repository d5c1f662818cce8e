#!/usr/bin/env python3
"""How sensitive a zoo model is, in float32, to noise of fixed-point size.

Adds Gaussian noise of relative size EPS (EPS x the tensor's std) to every
Conv2d and Linear output of the zoo's PyTorch model (the same seeded weights
as its ONNX export) and compares the logits with the noiseless ones: cosine
similarity and relative error per image. 16-bit fixed point rounds each
layer's outputs by roughly 0.1% of their spread (docs/FixedPoint.md), so a
model whose float32 logits already move far at EPS = 1e-3 cannot be expected
to match float32 closely on any 16-bit datapath: that is a property of its
random weights, not of the compiler or the simulator.

Usage: /usr/bin/python3 utils/zoo_noise_sensitivity.py --models resnet50,resnet18
           [--eps 1e-4,1e-3] [--batch 4] [--seed 1000]
"""
import argparse
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))
from eyeriss import zoo  # noqa: E402


def sensitivity(name, eps_values, batch, seed):
    model, _ = zoo.build_model(name, 0)
    model.eval()
    shape = (batch, *zoo.MODELS[name].input_shape[1:])
    x = torch.from_numpy(np.random.default_rng(seed).standard_normal(shape).astype(np.float32))
    with torch.no_grad():
        ref = model(x).reshape(batch, -1)
        rows = []
        for eps in eps_values:
            noise = torch.Generator().manual_seed(0)

            def add_noise(module, inputs, output):
                return output + eps * output.std() * torch.randn(output.shape, generator=noise)

            hooks = [m.register_forward_hook(add_noise) for m in model.modules()
                     if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
            try:
                y = model(x).reshape(batch, -1)
            finally:
                for h in hooks:
                    h.remove()
            cos = torch.nn.functional.cosine_similarity(y, ref).numpy()
            rel = ((y - ref).norm(dim=1) / ref.norm(dim=1)).numpy()
            rows.append((eps, float(cos.min()), float(rel.max())))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models", required=True)
    ap.add_argument("--eps", default="1e-4,1e-3")
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1000,
                    help="seed of the images (utils/zoo_simulate.py's first batch)")
    args = ap.parse_args()
    eps_values = [float(e) for e in args.eps.split(",")]
    torch.set_num_threads(1)
    print("| model | noise (x std) | min cosine | max relative error |")
    print("|---|---|---|---|")
    for name in args.models.split(","):
        for eps, cos, rel in sensitivity(name, eps_values, args.batch, args.seed):
            print(f"| {name} | {eps:g} | {cos:.4f} | {rel:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
