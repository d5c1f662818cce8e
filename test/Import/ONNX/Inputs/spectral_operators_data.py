"""Inputs and numpy's outputs for spectral-operators.onnxtext:
`spectral_operators_data.py <prefix>` writes <prefix>.<name>.npy.

DFT (numpy.fft in float64) of real and complex signals along an axis, the
inverse, one-sided, and with dft_length above and below the axis's extent;
STFT with a periodic Hann window and of a complex signal; a log-mel
spectrogram with ONNX 1.12's MelWeightMatrix (its reference's algorithm).
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "Tools" / "Inputs"))
from mel_weight_matrix import mel_weights  # noqa: E402

prefix = sys.argv[1]
rng = np.random.default_rng(17)
X = rng.standard_normal((2, 64, 1)).astype(np.float32)
Z = rng.standard_normal((2, 8, 16, 2)).astype(np.float32)
A = rng.standard_normal((1, 512, 1)).astype(np.float32)
B = rng.standard_normal((2, 100, 2)).astype(np.float32)
W = rng.standard_normal((1, 16, 2))


def parts(c):
    """A complex array as [..., 2] float32 (real, imaginary)."""
    return np.stack((c.real, c.imag), axis=-1).astype(np.float32)


def frames(signal, step, length):
    count = (signal.shape[1] - length) // step + 1
    return np.stack([signal[:, t * step:t * step + length] for t in range(count)], axis=1)


x = X[..., 0].astype(np.float64)
z = Z[..., 0].astype(np.float64) + 1j * Z[..., 1]
hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(64) / 64)
S1 = np.fft.rfft(frames(A[..., 0].astype(np.float64), 16, 64) * hann, axis=-1)
power = (parts(S1).astype(np.float64) ** 2).sum(-1)
mel = mel_weights(8, 64, 16000, 0.0, 8000.0).astype(np.float32)
arrays = {
    "X": X, "Z": Z, "A": A, "B": B, "W": W,
    "D5": parts(np.fft.ifft(W[..., 0] + 1j * W[..., 1], axis=1)).astype(np.float64),
    "D1": parts(np.fft.rfft(x, axis=1)),
    "D2": parts(np.fft.ifft(z, axis=2)),
    "D3": parts(np.fft.fft(z, n=12, axis=1)),
    "D4": parts(np.fft.rfft(x, n=40, axis=1)),
    "S1": parts(S1),
    "S2": parts(np.fft.fft(frames(B[..., 0] + 1j * B[..., 1].astype(np.float64), 10, 20), axis=-1)),
    "K": np.log(power @ mel + 0.1).astype(np.float32),
}
for name, value in arrays.items():
    np.save(f"{prefix}.{name}.npy", value)
