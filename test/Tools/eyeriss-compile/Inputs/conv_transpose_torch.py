"""PyTorch's ConvTranspose2d and ConvTranspose1d through the tools.

Each configuration (strides, pads, output_padding, groups, dilation,
rectangular kernels) is exported by PyTorch, imported, and run by the float32
reference executor: its output must match PyTorch's within 1e-5 of the
largest value; so must three ConvTranspose1d configurations, which import
as 2-D ones over rows of height 1. Then a 1-D decoder (two ConvTranspose1d
upsamplings) and a DCGAN-style generator (three transposed convolutions
with batch norms, ReLUs and a Tanh) are compiled to EYB and simulated: the
simulator's output must match the reference executor's within 1e-2.
Prints one line per check; run by conv-transpose-torch.test as
`conv_transpose_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from torch_tools import Tools  # noqa: E402

CONFIGS = [
    # (in, out, kernel, stride, padding, output_padding, groups, dilation, size)
    (4, 6, 3, 2, 1, 1, 2, 1, 5),
    (3, 5, 4, 2, 1, 0, 1, 1, 4),      # DCGAN's upsampling layer
    (4, 4, 3, 1, 3, 0, 1, 2, 6),      # a pad larger than dilation * (k - 1)
    (2, 4, (3, 5), (3, 2), (0, 2), (2, 1), 1, 1, 4),
    (4, 4, 3, 2, 0, 0, 4, 1, 3),      # depthwise
]

# ConvTranspose1d (rows of height 1): (in, out, kernel, stride, padding,
# output_padding, groups, dilation, length).
CONFIGS_1D = [
    (4, 6, 4, 2, 1, 0, 2, 1, 9),      # a 2x upsampling of an audio decoder
    (3, 5, 7, 3, 3, 2, 1, 1, 6),
    (4, 4, 3, 1, 2, 0, 4, 2, 8),      # depthwise, dilated, pad past the span
]


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        cases = [(f"config {i}", torch.nn.ConvTranspose2d(cin, cout, k, s, p, op, g, True, d),
                  (1, cin, size, size))
                 for i, (cin, cout, k, s, p, op, g, d, size) in enumerate(CONFIGS)]
        cases += [(f"1-D config {i}", torch.nn.ConvTranspose1d(cin, cout, k, s, p, op, g, True, d),
                   (2, cin, length))
                  for i, (cin, cout, k, s, p, op, g, d, length) in enumerate(CONFIGS_1D)]
        for label, layer, shape in cases:
            layer.eval()
            tools.check_reference(label, layer, rng.standard_normal(shape).astype(np.float32),
                                  phase="import")

        decoder = torch.nn.Sequential(
            torch.nn.ConvTranspose1d(8, 4, 4, 2, 1), torch.nn.ReLU(),
            torch.nn.ConvTranspose1d(4, 2, 4, 2, 1)).eval()
        code = rng.standard_normal((1, 8, 16)).astype(np.float32)
        model = tools.export(decoder, code, name="d")
        ref = tools.reference(model)
        tools.check_simulated(f"1-D decoder {ref.shape}", model, ref)

        generator = torch.nn.Sequential(
            torch.nn.ConvTranspose2d(8, 16, 4, 1, 0, bias=False), torch.nn.BatchNorm2d(16),
            torch.nn.ReLU(),
            torch.nn.ConvTranspose2d(16, 8, 4, 2, 1, bias=False), torch.nn.BatchNorm2d(8),
            torch.nn.ReLU(),
            torch.nn.ConvTranspose2d(8, 3, 4, 2, 1, bias=False), torch.nn.Tanh()).eval()
        z = rng.standard_normal((1, 8, 1, 1)).astype(np.float32)
        model, ref = tools.check_reference("generator", generator, z, name="g", input_name="z",
                                           output_name="image")
        tools.check_simulated("generator", model, ref, "image")
    return 0


if __name__ == "__main__":
    sys.exit(main())
