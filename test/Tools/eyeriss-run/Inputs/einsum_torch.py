"""torch.einsum through eyeriss-compile, and an attention block written
with it.

PyTorch exports torch.einsum as ONNX Einsum, whose output ONNX 1.12's shape
inference gives a rank but no extents (the importer completes them). Each
equation below (attention's scores and weighted sum, transposes, sums, an
inner product to a scalar, an outer product, implicit output) is exported,
imported and run by the float32 reference executor: its output must equal
PyTorch's within 1e-5 of the largest value. Then a multi-head
self-attention block whose two products are einsums (the projections are
Linear layers on the array) is compiled to EYB and simulated: within 1e-2 of
the reference. Prints one line per check; run by einsum-torch.test as
`einsum_torch.py <eyeriss-compile> <eyeriss-run>`.
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


class Einsum(nn.Module):
    def __init__(self, equation):
        super().__init__()
        self.equation = equation

    def forward(self, *operands):
        return torch.einsum(self.equation, *operands)


EQUATIONS = [
    ("bhid,bhjd->bhij", [(2, 3, 4, 5), (2, 3, 6, 5)]),
    ("bhij,bhjd->bhid", [(2, 3, 4, 6), (2, 3, 6, 5)]),
    ("ij->ji", [(3, 4)]),
    ("bijk->bkj", [(2, 3, 4, 5)]),
    ("i,i->", [(5,), (5,)]),
    ("i,j->ij", [(3,), (4,)]),
    ("ijk,ikl->jl", [(2, 3, 4), (2, 4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
]


class Attention(nn.Module):
    def __init__(self, dim=16, heads=2):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = torch.einsum("bhid,bhjd->bhij", q, k) * (c // self.heads) ** -0.5
        out = torch.einsum("bhij,bhjd->bhid", scores.softmax(-1), v)
        return self.proj(out.transpose(1, 2).reshape(b, n, c))


def main():
    torch.manual_seed(0)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(9)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        for equation, shapes in EQUATIONS:
            operands = tuple(rng.standard_normal(s).astype(np.float32) for s in shapes)
            tools.check_reference(f"einsum {equation}", Einsum(equation),
                                  operands if len(operands) > 1 else operands[0])
        x = rng.standard_normal((1, 8, 16)).astype(np.float32)
        model, ref = tools.check_reference("einsum attention", Attention().eval(), x)
        tools.check_simulated("einsum attention", model, ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
