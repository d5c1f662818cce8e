"""Inputs and numpy's outputs for spectral-operators.onnxtext:
`spectral_operators_data.py <prefix>` writes <prefix>.<name>.npy.

DFT (numpy.fft in float64) of real and complex signals along an axis, the
inverse, one-sided, and with dft_length above and below the axis's extent;
STFT with a periodic Hann window and of a complex signal; a log-mel
spectrogram with ONNX 1.12's MelWeightMatrix (its reference's algorithm).
"""
import sys

import numpy as np

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


def mel_weights(mels, length, rate, low, high):
    # ONNX 1.12's reference (onnx/backend/test/case/node/melweightmatrix.py).
    bins = np.arange(0, mels + 2)
    low_mel = 2595 * np.log10(1 + np.float32(low) / 700)
    high_mel = 2595 * np.log10(1 + np.float32(high) / 700)
    step = (high_mel - low_mel) / bins.shape[0]
    bins = bins * step + low_mel
    bins = 700 * (np.power(10, (bins / 2595)) - 1)
    bins = (((length + 1) * bins) // rate).astype(int)
    out = np.zeros((length // 2 + 1, mels))
    for i in range(mels):
        left, center, right = bins[i], bins[i + 1], bins[i + 2]
        if center == left:
            out[center, i] = 1
        else:
            for j in range(left, center + 1):
                out[j, i] = (j - left) / (center - left)
        for j in range(center, right):
            out[j, i] = (right - j) / (right - center)
    return out.astype(np.float32)


x = X[..., 0].astype(np.float64)
z = Z[..., 0].astype(np.float64) + 1j * Z[..., 1]
hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(64) / 64)
S1 = np.fft.rfft(frames(A[..., 0].astype(np.float64), 16, 64) * hann, axis=-1)
power = (parts(S1).astype(np.float64) ** 2).sum(-1)
mel = mel_weights(8, 64, 16000, 0.0, 8000.0)
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
