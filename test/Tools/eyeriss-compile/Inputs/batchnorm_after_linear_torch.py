"""BatchNorm1d after nn.Linear, folded into the FC layer.

A projection head (Linear -> BatchNorm1d -> ReLU -> Linear, as SimCLR's and
many re-identification networks' heads are) after a 1-D convolution with
BatchNorm1d. PyTorch 1.13 folds the convolution's batch norm itself on
export, not the Linear layer's, which reaches the importer. After
canonicalization no batch norm is left on the host: it is folded into the
FC layer before it and the ReLU fused. Checks: the reference executor after mapping within 1e-5 of
PyTorch's largest output; no batch_norm in the canonical IR and the
program's layers with their activations; the simulated output within 1e-2
of the reference's largest value. Run by batchnorm-after-linear-torch.test
as `batchnorm_after_linear_torch.py <eyeriss-compile> <eyeriss-run>`.
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


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 8, 3, padding=1)
        self.bn0 = nn.BatchNorm1d(8)
        self.fc1 = nn.Linear(8 * 20, 32)
        self.bn1 = nn.BatchNorm1d(32)
        self.fc2 = nn.Linear(32, 6)

    def forward(self, x):
        x = torch.relu(self.bn0(self.conv(x)))
        x = torch.relu(self.bn1(self.fc1(x.flatten(1))))
        return self.fc2(x)


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(11)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        net = with_trained_batch_norm(Head())
        x = rng.standard_normal((4, 4, 20)).astype(np.float32)
        model, ref = tools.check_reference("head", net, x, phase="map")
        for phase in ("import", "canonicalize"):
            ir = tools.run("eyeriss-compile", model, f"--compile-to={phase}")
            print(f"batch norms after {phase}:", ir.count("eyeriss.batch_norm "))
        listing = tools.run("eyeriss-compile", model, "--emit=asm")
        print("layers:", ", ".join(" ".join(line.split()[2:5]) for line in listing.splitlines()
                                   if line.startswith(".layer ")))
        tools.check_simulated("head", model, ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
