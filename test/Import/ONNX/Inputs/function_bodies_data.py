"""Inputs and numpy's outputs for function-bodies.onnxtext:
`function_bodies_data.py <prefix>` writes <prefix>.<name>.npy.

SoftmaxCrossEntropyLoss and NegativeLogLikelihoodLoss as ONNX defines them
(mean over the targets not ignored, weighted); HannWindow of size 8
(periodic): 0.5 - 0.5 cos(2 pi n / 8).
"""
import sys

import numpy as np

prefix = sys.argv[1]
rng = np.random.default_rng(2)
scores = rng.standard_normal((4, 5, 3)).astype(np.float32)
labels = np.array([[0, 4, 2], [1, 1, 3], [4, 0, 0], [2, 3, 1]], np.int64)
weights = np.array([1.0, 0.5, 2.0, 1.5, 0.25], np.float32)


def log_softmax(x):
    d = x - x.max(axis=1, keepdims=True)
    return d - np.log(np.exp(d).sum(axis=1, keepdims=True))


def nll(logp, target, weight=None, ignore=None):
    picked = np.take_along_axis(logp, target[:, None, :], axis=1)[:, 0, :]
    w = np.ones_like(picked) if weight is None else weight[target]
    if ignore is not None:
        w = np.where(target == ignore, 0, w)
    return (-picked * w).sum() / w.sum()


logp = log_softmax(scores.astype(np.float64))
outputs = {
    # No ignore_index: every target counts (label 0 included).
    "SCE": np.float32(nll(logp, labels)),
    "SCEI": np.float32(nll(logp, labels, ignore=0)),
    "NLLW": np.float32(nll(scores.astype(np.float64), labels, weights)),
    "WIN": (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(8) / 8)).astype(np.float32),
}
for name, value in {"scores": scores, "labels": labels, **outputs}.items():
    np.save(f"{prefix}.{name}.npy", value)
