"""ArgMax at the end of a network, as segmentation code exports it.

A small segmentation network returns its per-pixel class logits and their
argmax over the classes (PyTorch's `logits.argmax(1)`, ONNX ArgMax with an
int64 output). The reference executor must give PyTorch's labels exactly
(and write them as int64); the simulated program's labels must be the
argmax of its own simulated logits, element for element, written as int64,
and agree with the reference's labels wherever the reference's top two
logits differ by more than the chip's fixed-point error. Prints one line
per check; run by argmax-torch.test as
`argmax_torch.py <eyeriss-compile> <eyeriss-run>`.
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


class Segmenter(nn.Module):
    def __init__(self, classes=5):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
            nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
            nn.Conv2d(16, classes, 1))

    def forward(self, x):
        logits = self.body(x)
        return logits, logits.argmax(1)


def main():
    warnings.filterwarnings("ignore")
    torch.manual_seed(0)
    net = with_trained_batch_norm(Segmenter())
    x = np.random.default_rng(0).standard_normal((2, 3, 16, 16)).astype(np.float32)
    with torch.no_grad():
        want_logits, want_labels = (t.numpy() for t in net(torch.from_numpy(x)))
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        path = tools.workdir / "seg.onnx"
        np.save(tools.workdir / "seg.input0.npy", x)
        torch.onnx.export(net, torch.from_numpy(x), str(path), opset_version=17,
                          input_names=["x"], output_names=["logits", "labels"])
        out = tools.workdir / "ref"
        out.mkdir()
        tools.run("eyeriss-compile", path, "--compile-to=canonicalize", "-o", "/dev/null",
                  "--run-reference", f"--input={tools.workdir / 'seg.input0.npy'}",
                  f"--reference-output={out / 'logits.npy'}",
                  f"--reference-output={out / 'labels.npy'}")
        labels = np.load(out / "labels.npy")
        ok = labels.dtype == np.int64 and np.array_equal(labels, want_labels)
        print(f"labels {labels.shape}: reference {labels.dtype} vs PyTorch",
              "ok" if ok else "FAILED")
        logits = np.load(out / "logits.npy")
        sim_labels = tools.simulate(path, "labels")
        sim_logits = tools.simulate(path, "logits")
        ok = sim_labels.dtype == np.int64 and np.array_equal(sim_labels,
                                                             sim_logits.argmax(1))
        print(f"labels: simulated {sim_labels.dtype}, the argmax of the simulated logits",
              "ok" if ok else "FAILED")
        # Where the reference's top two logits are 1% of the range apart,
        # the chip's 16-bit arithmetic cannot swap them.
        top2 = np.sort(logits, axis=1)[:, -2:]
        clear = (top2[:, 1] - top2[:, 0]) > 0.01 * np.abs(logits).max()
        agree = np.array_equal(sim_labels[clear], labels[clear])
        print(f"labels: simulated vs reference on {clear.sum()} of {clear.size} clear pixels",
              "ok" if agree and clear.mean() > 0.8 else "FAILED")


if __name__ == "__main__":
    main()
