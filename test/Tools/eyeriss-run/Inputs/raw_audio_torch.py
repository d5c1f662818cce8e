"""A convolutional feature encoder over raw audio (wav2vec 2.0's) through
eyeriss-compile and the simulator.

wav2vec 2.0's encoder reads one second of 16 kHz audio with a 10-tap
convolution of stride 5 (GroupNorm, GELU), then convolutions of 3 taps and
2 taps, stride 2. The first layer's 16000-sample input is wider than EYB's
layer records hold (4096), so eyeriss-split-wide-layers cuts it into
strips on the array, joined on the host. Checks: the float32 reference
executor after mapping (the strips) within 1e-5 of PyTorch's largest
output; the first layer's strips in the program; the simulated output
within 1e-2 of the reference's largest value. Run by raw-audio-torch.test as
`raw_audio_torch.py <eyeriss-compile> <eyeriss-run>`.
"""
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Inputs"))
from torch_tools import Tools  # noqa: E402


class FeatureEncoder(nn.Module):
    def __init__(self, channels=32):
        super().__init__()
        self.conv0 = nn.Conv1d(1, channels, 10, stride=5, bias=False)
        self.norm0 = nn.GroupNorm(channels, channels)
        self.conv1 = nn.Conv1d(channels, channels, 3, stride=2, bias=False)
        self.conv2 = nn.Conv1d(channels, channels, 2, stride=2, bias=False)

    def forward(self, x):
        x = nn.functional.gelu(self.norm0(self.conv0(x)))
        x = nn.functional.gelu(self.conv1(x))
        return nn.functional.gelu(self.conv2(x))


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(3)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        x = rng.standard_normal((1, 1, 16000)).astype(np.float32)
        model, ref = tools.check_reference("encoder", FeatureEncoder().eval(), x,
                                           phase="map")
        listing = tools.run("eyeriss-compile", model, "--emit=asm")
        layers = [line.split()[2] for line in listing.splitlines()
                  if line.startswith(".layer ")]
        print("layers on the array:", " ".join(name.strip("'") for name in layers))
        tools.check_simulated("encoder", model, ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
