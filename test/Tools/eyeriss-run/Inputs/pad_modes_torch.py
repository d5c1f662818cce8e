"""PyTorch's padding layers through eyeriss-compile, and a network built on them.

Each layer (ReflectionPad2d, ReplicationPad2d, ConstantPad2d with a value,
ReflectionPad1d and ReplicationPad3d, which export as ONNX Pad of 3-D and 5-D
tensors) is exported by PyTorch, imported, and run by the float32 reference
executor: its output must equal PyTorch's (padding moves values, it computes
none). Then a small image-to-image generator in the style of CycleGAN's and
fast neural style's ResNet generators (reflection pads before every
convolution, a strided convolution down, a residual block, a transposed
convolution up, a 7 x 7 output convolution and Tanh) is compiled to EYB and
simulated: its output must match the reference executor's within 1e-2 of
the largest value. Prints one line per check; run by pad-modes-torch.test as
`pad_modes_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from torch_tools import Tools, resnet_generator, with_trained_batch_norm  # noqa: E402

LAYERS = [
    ("reflection pad 2d (1, 2, 3, 0)", nn.ReflectionPad2d((1, 2, 3, 0)), (1, 3, 5, 6)),
    ("replication pad 2d 2", nn.ReplicationPad2d(2), (2, 3, 4, 4)),
    ("constant pad 2d 1 value 0.5", nn.ConstantPad2d(1, 0.5), (1, 2, 3, 3)),
    ("reflection pad 1d (2, 1)", nn.ReflectionPad1d((2, 1)), (1, 4, 6)),
    ("replication pad 3d 1", nn.ReplicationPad3d(1), (1, 2, 3, 4, 4)),
]


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(2)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        tools.check_layers(LAYERS, rng, tolerance=0)

        net = with_trained_batch_norm(resnet_generator(nn.BatchNorm2d))
        x = rng.standard_normal((1, 3, 32, 32)).astype(np.float32)
        model, ref = tools.check_reference("generator", net, x)
        listing = tools.run("eyeriss-compile", model, "--emit=asm")
        pads = [l for l in listing.splitlines() if "' pad (" in l]
        print(f"generator: {sum('mode=reflect' in l for l in pads)} reflect pads of "
              f"{len(pads)} pads on the host")
        tools.check_simulated("generator", model, ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
