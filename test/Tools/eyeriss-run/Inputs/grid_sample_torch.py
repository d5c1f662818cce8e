"""torch.nn.functional.grid_sample through the exporter (ONNX GridSample).

An optical-flow style warp: a small convolution predicts a flow field,
added to an identity grid, and the image is sampled there, in every mode
(bilinear, nearest, bicubic), padding (zeros, border, reflection) and
align_corners, at opsets 16 and 17. The reference executor must give
PyTorch's output (it follows PyTorch's CPU arithmetic); the simulated
program, whose flow comes from the PE array in 16-bit fixed point, must
agree with the reference within 1% for bilinear sampling (nearest sampling
can pick another pixel where the flow lands near a pixel's edge, so it is
checked on the reference only). Prints one line per check; run by
grid-sample-torch.test as `grid_sample_torch.py <eyeriss-compile>
<eyeriss-run>`.
"""
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from torch_tools import Tools  # noqa: E402


class Warp(nn.Module):
    def __init__(self, mode, padding, align):
        super().__init__()
        self.mode, self.padding, self.align = mode, padding, align
        self.flow = nn.Conv2d(3, 2, 3, padding=1)

    def forward(self, x):
        n, _, h, w = x.shape
        ys, xs = torch.meshgrid(torch.linspace(-1, 1, h), torch.linspace(-1, 1, w),
                                indexing="ij")
        # Flows up to about 1.5 (beyond the border) exercise the padding.
        grid = torch.stack([xs, ys], -1).unsqueeze(0) + \
            1.5 * torch.tanh(self.flow(x)).permute(0, 2, 3, 1)
        return F.grid_sample(x, grid, mode=self.mode, padding_mode=self.padding,
                             align_corners=self.align)


def main():
    warnings.filterwarnings("ignore")
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 7, 9)).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        for mode in ("bilinear", "nearest", "bicubic"):
            for padding in ("zeros", "border", "reflection"):
                for align in (False, True):
                    net = Warp(mode, padding, align).eval()
                    for opset in (17, 16):
                        label = f"{mode} {padding} align_corners={int(align)}, opset {opset}"
                        path, ref = tools.check_reference(label, net, x, opset=opset,
                                                          name=f"w{opset}")
                    if mode == "bilinear":
                        tools.check_simulated(f"{mode} {padding} align_corners={int(align)}",
                                              path, ref)


if __name__ == "__main__":
    main()
