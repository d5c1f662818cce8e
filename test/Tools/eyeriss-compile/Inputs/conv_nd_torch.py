"""PyTorch's 1-D and 3-D convolutions and pooling through eyeriss-compile.

Each layer (Conv1d, Conv3d with strides, pads, dilations, groups and
rectangular kernels; MaxPool and AvgPool in 1-D and 3-D with ceil_mode and
count_include_pad) is exported by PyTorch, imported, and run by the float32
reference executor: its output must match PyTorch's within 1e-5 of the
largest value. Then a small video network in the style of torchvision's
R(2+1)D (a 3 x 7 x 7 stem, a residual block of (2+1)-D convolutions, a 3-D
max pool, global average pooling, a Linear layer) is compiled to EYB and
simulated: its output must match the reference executor's within 1e-2 of
the largest value. Prints one line per check; run by conv-nd-torch.test as
`conv_nd_torch.py <eyeriss-compile> <eyeriss-run>`.
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

LAYERS = [
    ("conv1d stride 2 pad 1 dilation 2", nn.Conv1d(4, 6, 3, 2, 1, 2), (1, 4, 17)),
    ("conv1d groups 2", nn.Conv1d(4, 6, 5, 1, 2, 1, 2), (2, 4, 12)),
    ("conv3d 3x3x3 pad 1", nn.Conv3d(3, 5, 3, 1, 1), (1, 3, 6, 7, 7)),
    ("conv3d (3,1,1) stride (2,1,1)", nn.Conv3d(4, 6, (3, 1, 1), (2, 1, 1), (1, 0, 0)),
     (1, 4, 8, 5, 5)),
    ("conv3d (1,3,3) stride (1,2,2)", nn.Conv3d(4, 6, (1, 3, 3), (1, 2, 2), (0, 1, 1)),
     (2, 4, 3, 9, 9)),
    ("conv3d groups 2 dilation (2,1,1)",
     nn.Conv3d(4, 6, (2, 3, 3), 1, (1, 1, 1), (2, 1, 1), 2), (1, 4, 6, 6, 6)),
    ("conv3d depthwise stride 2", nn.Conv3d(4, 4, 3, 2, 1, groups=4), (1, 4, 7, 8, 8)),
    ("maxpool1d ceil", nn.MaxPool1d(3, 2, 1, ceil_mode=True), (1, 3, 10)),
    ("avgpool1d", nn.AvgPool1d(3, 2, 1, count_include_pad=False), (1, 3, 10)),
    ("maxpool3d 3x3x3 pad 1", nn.MaxPool3d(3, 1, 1), (1, 3, 5, 6, 6)),
    ("maxpool3d (1,3,3) stride (1,2,2)", nn.MaxPool3d((1, 3, 3), (1, 2, 2), (0, 1, 1)),
     (1, 3, 4, 9, 9)),
    ("maxpool3d 2x2x2 ceil", nn.MaxPool3d(2, 2, ceil_mode=True), (1, 3, 5, 7, 7)),
    ("avgpool3d count_include_pad", nn.AvgPool3d(3, 2, 1, count_include_pad=True),
     (1, 3, 6, 7, 7)),
    ("avgpool3d excluding pads, ceil", nn.AvgPool3d(3, 2, 1, ceil_mode=True,
                                                     count_include_pad=False), (1, 3, 6, 7, 7)),
]


class Block(nn.Module):
    """A residual block of (2+1)-D convolutions, as torchvision's R(2+1)D."""

    def __init__(self, c, mid):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv3d(c, mid, (1, 3, 3), padding=(0, 1, 1), bias=False), nn.BatchNorm3d(mid),
            nn.ReLU(), nn.Conv3d(mid, c, (3, 1, 1), padding=(1, 0, 0), bias=False),
            nn.BatchNorm3d(c))

    def forward(self, x):
        return torch.relu(self.conv(x) + x)


def video_net():
    return nn.Sequential(
        nn.Conv3d(3, 8, (3, 7, 7), (1, 2, 2), (1, 3, 3), bias=False), nn.BatchNorm3d(8),
        nn.ReLU(), Block(8, 12), nn.MaxPool3d((1, 3, 3), (1, 2, 2), (0, 1, 1)), Block(8, 12),
        nn.AdaptiveAvgPool3d(1), nn.Flatten(), nn.Linear(8, 5))


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        tools.check_layers(LAYERS, rng)

        net = with_trained_batch_norm(video_net())
        x = rng.standard_normal((1, 3, 6, 32, 32)).astype(np.float32)
        model, ref = tools.check_reference("video net", net, x)
        tools.check_simulated("video net", model, ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
