"""PyTorch's instance and group normalization, pixel shuffles and log-softmax
through eyeriss-compile, and two image-to-image networks built on them.

Each layer is exported by PyTorch (opset 17), imported and run by the
float32 reference executor; its output must equal PyTorch's within 1e-5 of
its largest value (the pixel shuffles exactly: they move values). Then:
  - a CycleGAN-style generator (torchvision-free; CycleGAN's default
    `norm='instance'`: reflection pads, InstanceNorm2d and ReLU around its
    convolutions, a residual block, a transposed convolution up, Tanh);
  - an ESPCN-style super-resolution network (convolutions to r^2 channels,
    PixelShuffle(r) to r times the resolution, here with GroupNorm);
  - a classifier head ending in log_softmax;
are compiled to EYB and simulated: each output must match the reference
executor's within 1e-2 of its largest value. Prints one line per check; run
by image-to-image-torch.test as
`image_to_image_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from torch_tools import Tools, resnet_generator  # noqa: E402


class LogSoftmax(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return torch.log_softmax(x, self.dim)


def affine(norm):
    """A norm layer with a non-trivial learned scale and shift."""
    with torch.no_grad():
        norm.weight.uniform_(0.5, 1.5)
        norm.bias.uniform_(-0.5, 0.5)
    return norm


LAYERS = [
    ("instance norm 2d", affine(nn.InstanceNorm2d(3, affine=True)), (2, 3, 5, 6), 1e-5),
    ("instance norm 2d, no affine", nn.InstanceNorm2d(4), (1, 4, 3, 3), 1e-5),
    ("instance norm 1d", affine(nn.InstanceNorm1d(3, affine=True, eps=1e-3)), (2, 3, 7), 1e-5),
    ("group norm 4 of 8", affine(nn.GroupNorm(4, 8)), (2, 8, 4, 4), 1e-5),
    ("pixel shuffle 2", nn.PixelShuffle(2), (1, 8, 3, 4), 0),
    ("pixel unshuffle 2", nn.PixelUnshuffle(2), (1, 2, 4, 6), 0),
    ("log softmax dim 1", LogSoftmax(1), (2, 10), 1e-5),
    ("log softmax dim 1 of 4-D", LogSoftmax(1), (1, 5, 2, 3), 1e-5),
]


def cyclegan_generator():
    # Instance norms without learned parameters outside the residual block,
    # with them inside.
    return resnet_generator(
        nn.InstanceNorm2d, lambda c: affine(nn.InstanceNorm2d(c, affine=True)))


def espcn(r=3):
    return nn.Sequential(
        nn.Conv2d(1, 16, 5, padding=2), affine(nn.GroupNorm(4, 16)), nn.Tanh(),
        nn.Conv2d(16, 8, 3, padding=1), nn.Tanh(),
        nn.Conv2d(8, r * r, 3, padding=1), nn.PixelShuffle(r))


def classifier():
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
        nn.Flatten(), nn.Linear(8, 10), LogSoftmax(1))


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(5)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        tools.check_layers(LAYERS, rng)
        for label, net, shape in [("cyclegan generator", cyclegan_generator(), (1, 3, 32, 32)),
                                  ("espcn x3", espcn(), (1, 1, 12, 12)),
                                  ("log-softmax classifier", classifier(), (1, 3, 16, 16))]:
            net.eval()
            x = rng.standard_normal(shape).astype(np.float32)
            model, ref = tools.check_reference(label, net, x)
            listing = tools.run("eyeriss-compile", model, "--emit=asm")
            layers = sum(l.startswith(".layer ") for l in listing.splitlines())
            print(f"{label}: {layers} layers on the array")
            tools.check_simulated(label, model, ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
