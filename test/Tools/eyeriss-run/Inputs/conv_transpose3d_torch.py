"""nn.ConvTranspose3d through eyeriss-compile and the simulator.

A 3-D transposed convolution imports as one 2-D transposed convolution per
temporal tap over the frames (on the PE array), each spread and shifted
along time and summed on the host. Each layer below, exported by PyTorch
1.13, is run by the float32 reference executor (within 1e-5 of PyTorch's
largest output); then a small 3-D decoder (a 3-D U-Net's up-sampling path)
is compiled to EYB and simulated (within 1e-2 of the reference's largest
value). Prints one line per check; run by conv-transpose3d-torch.test as
`conv_transpose3d_torch.py <eyeriss-compile> <eyeriss-run>`.
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

T3 = nn.ConvTranspose3d
LAYERS = [
    ("plain", T3(2, 3, 3), (1, 2, 3, 4, 5)),
    ("stride 2, output_padding 1", T3(3, 2, (3, 3, 3), stride=2, padding=1,
                                      output_padding=1), (2, 3, 4, 3, 5)),
    ("uneven stride and padding", T3(2, 4, (2, 3, 1), stride=(3, 1, 2),
                                     padding=(1, 1, 0)), (1, 2, 3, 4, 4)),
    ("dilation and groups", T3(4, 6, (3, 2, 2), stride=(1, 2, 2), padding=(2, 0, 1),
                               dilation=(2, 1, 1), groups=2), (1, 4, 5, 3, 3)),
    ("no bias", T3(3, 2, 2, stride=2, bias=False), (1, 3, 2, 3, 3)),
]


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv3d(4, 8, 3, padding=1), nn.BatchNorm3d(8), nn.ReLU(),
            nn.ConvTranspose3d(8, 6, 2, stride=2), nn.BatchNorm3d(6), nn.ReLU(),
            nn.Conv3d(6, 2, 1))

    def forward(self, x):
        return self.net(x)


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        tools.check_layers(LAYERS, rng)
        net = with_trained_batch_norm(Decoder())
        x = rng.standard_normal((1, 4, 3, 6, 6)).astype(np.float32)
        model, ref = tools.check_reference("decoder", net, x)
        listing = tools.run("eyeriss-compile", model, "--emit=asm")
        layers = [l for l in listing.splitlines() if l.startswith(".layer ")]
        print(f"decoder: {len(layers)} layers on the array")
        tools.check_simulated("decoder", model, ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
