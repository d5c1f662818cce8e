"""ONNX 1.12's MelWeightMatrix, as its reference computes it
(onnx/backend/test/case/node/melweightmatrix.py): the expected values of
the tests that fold it at import. Shared by
test/Import/ONNX/Inputs/spectral_operators_data.py and
test/Tools/eyeriss-run/Inputs/speech_frontend.py.
"""
import numpy as np


def mel_weights(mels, length, rate, low, high):
    """The (length // 2 + 1) x mels filter bank, float64. The mel scale's
    step is its range over mels + 2 (ONNX 1.12's definition)."""
    bins = np.arange(0, mels + 2)
    low_mel = 2595 * np.log10(1 + np.float32(low) / 700)
    high_mel = 2595 * np.log10(1 + np.float32(high) / 700)
    bins = bins * ((high_mel - low_mel) / bins.shape[0]) + low_mel
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
    return out
