"""Inputs and numpy's outputs for einsum-ellipsis-diagonal.onnxtext:
`einsum_ellipsis_diagonal_data.py <prefix>` writes <prefix>.<name>.npy.
"""
import sys

import numpy as np

prefix = sys.argv[1]
rng = np.random.default_rng(6)
A = rng.standard_normal((2, 3, 4, 5)).astype(np.float32)
B = rng.standard_normal((2, 3, 5, 6)).astype(np.float32)
D = rng.standard_normal((5, 6)).astype(np.float32)
E = rng.standard_normal((2, 3, 3)).astype(np.float32)
M = rng.standard_normal((3, 3)).astype(np.float32)
N = rng.standard_normal((3, 4)).astype(np.float32)
outputs = {
    # Batched matmul over the ellipsis (attention written with einsum).
    "P": np.einsum("...ij,...jk->...ik", A, B),
    # Implicit output: the ellipsis, then the letters seen once.
    "R": np.einsum("...ij,jk", A, D),
    # A transpose after the ellipsis, and one moving it.
    "S": np.einsum("...ij->...ji", A),
    "T": np.einsum("b...j->...jb", A),
    # Diagonals: batched, a trace (implicit output: no letter is seen
    # once), and one scaling the rows of another operand.
    "G": np.einsum("...ii->...i", E),
    "TR": np.einsum("ii", M),
    "U": np.einsum("ii,ij->i", M, N),
}
for name, value in {"A": A, "B": B, "D": D, "E": E, "M": M, "N": N,
                    **outputs}.items():
    np.save(f"{prefix}.{name}.npy", np.asarray(value, np.float32))
