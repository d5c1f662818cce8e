"""torch.flip through eyeriss-compile, and a network that uses it.

torch.flip exports as ONNX Slice with step -1 from the last index to
INT64_MIN (EYB 1.10's descending slices). Each flip below is exported by
PyTorch, imported and run by the float32 reference executor: its output must
equal PyTorch's (a flip moves values, it computes none). Then a small
segmentation head with test-time augmentation, as segmentation and
super-resolution code evaluates (the average of the network on the image and,
flipped back, on its mirror image), is compiled to EYB and simulated: its
output must match the reference executor's within 1e-2 of the largest value.
Prints one line per check; run by flip-torch.test as
`flip_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from torch_tools import Tools, with_trained_batch_norm  # noqa: E402


class Flip(nn.Module):
    def __init__(self, dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return torch.flip(x, self.dims)


FLIPS = [
    ("flip width", Flip([3]), (1, 3, 4, 5)),
    ("flip channels and height", Flip([1, 2]), (2, 3, 4, 5)),
    ("flip all of a 3-D tensor", Flip([0, 1, 2]), (3, 2, 6)),
]


class FlipAugmented(nn.Module):
    """(net(x) + flip(net(flip(x)))) / 2, flips along the width."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
            nn.Conv2d(8, 8, 3, padding=2, dilation=2), nn.BatchNorm2d(8), nn.ReLU(),
            nn.Conv2d(8, 4, 1))

    def forward(self, x):
        mirrored = self.net(torch.flip(x, [3]))
        return (self.net(x) + torch.flip(mirrored, [3])) * 0.5


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(4)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        tools.check_layers(FLIPS, rng, tolerance=0)

        net = with_trained_batch_norm(FlipAugmented())
        x = rng.standard_normal((1, 3, 16, 16)).astype(np.float32)
        model, ref = tools.check_reference("flip augmented", net, x)
        listing = tools.run("eyeriss-compile", model, "--emit=asm")
        flips = [l for l in listing.splitlines()
                 if "' slice (" in l and "step=-1" in l]
        layers = [l for l in listing.splitlines() if l.startswith(".layer ")]
        print(f"flip augmented: {len(flips)} descending slices on the host, "
              f"{len(layers)} layers on the array")
        tools.check_simulated("flip augmented", model, ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
