"""PyTorch's indexing ops through the exporter: topk, sort, gather, scatter.

Four small networks a CPU exports as PyTorch 1.13 writes them (TopK with a
constant K, GatherElements, ScatterElements; the index arithmetic around
them folded at import):
- a classifier returning its top-5 classes and their scores
  (`logits.topk(5)`);
- a top-k pooling layer, which keeps the k positions of a feature sequence
  its learned score ranks highest (`score.topk(k).indices`, then
  `torch.gather` of the features there), as point-cloud and graph networks
  do;
- a histogram of per-position class votes (`argmax`, then
  `torch.zeros(...).scatter_add(1, labels, weights)`) and a one-hot made by
  `scatter`;
- a sort of each row (`torch.sort`: TopK over the whole axis);
- a YOLO-style decoding head written with in-place slice assignment
  (`y[..., 0:2] = ...`, which PyTorch exports as ScatterND).
At opsets 17 and 13 (11 for the classifier, 16 for scatter_add).
The reference executor must give PyTorch's outputs (indices exactly); the
simulated program's must agree with the reference within the chip's
fixed-point error, and its indices be its own outputs' (the top-5 classes of
its own logits). Prints one line per check; run by indexing-torch.test as
`indexing_torch.py <eyeriss-compile> <eyeriss-run>`.
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


class TopFive(nn.Module):
    def __init__(self, classes=12):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, classes))

    def forward(self, x):
        logits = self.body(x)
        scores, classes = logits.softmax(1).topk(5, dim=1)
        return logits, scores, classes


class TopKPool(nn.Module):
    def __init__(self, channels=8, k=4):
        super().__init__()
        self.k = k
        self.features = nn.Sequential(nn.Conv1d(3, channels, 3, padding=1), nn.ReLU())
        self.score = nn.Conv1d(channels, 1, 1)

    def forward(self, x):
        f = self.features(x)
        score = self.score(f).squeeze(1)
        top = score.topk(self.k, dim=1)
        idx = top.indices.unsqueeze(1).expand(-1, f.shape[1], -1)
        return torch.gather(f, 2, idx) * torch.sigmoid(top.values).unsqueeze(1)


class Votes(nn.Module):
    def __init__(self, classes=6):
        super().__init__()
        self.classes = classes
        self.head = nn.Conv1d(4, classes, 1)

    def forward(self, x):
        logits = self.head(x)                     # N x K x L
        labels = logits.argmax(1)                 # N x L
        weights = logits.softmax(1).amax(1)       # N x L
        votes = torch.zeros(x.shape[0], self.classes).scatter_add(1, labels, weights)
        first = torch.zeros(x.shape[0], self.classes).scatter(1, labels[:, :1], 1.0)
        return votes + first


class SliceAssign(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 7, 3, padding=1)

    def forward(self, x):
        y = self.conv(x).permute(0, 2, 3, 1)
        y[..., 0:2] = torch.sigmoid(y[..., 0:2]) * 2 - 0.5
        y[..., 4:] = torch.sigmoid(y[..., 4:])
        y[:, 0] = 0
        return y


class Sort(nn.Module):
    def forward(self, x):
        values, order = torch.sort(x, dim=1, descending=True)
        return values * 10 + order


def main():
    warnings.filterwarnings("ignore")
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)

        # Top-5: three outputs, the classes int64.
        net = with_trained_batch_norm(TopFive()).eval()
        x = rng.standard_normal((4, 3, 8, 8)).astype(np.float32)
        with torch.no_grad():
            want = [t.numpy() for t in net(torch.from_numpy(x))]
        for opset in (17, 11):
            path = tools.workdir / f"top5-{opset}.onnx"
            np.save(tools.workdir / f"top5-{opset}.input0.npy", x)
            torch.onnx.export(net, torch.from_numpy(x), str(path), opset_version=opset,
                              input_names=["x"], output_names=["logits", "scores", "classes"])
            out = tools.workdir / f"ref{opset}"
            out.mkdir()
            tools.run("eyeriss-compile", path, "--compile-to=canonicalize", "-o", "/dev/null",
                      "--run-reference", f"--input={tools.workdir / f'top5-{opset}.input0.npy'}",
                      *[f"--reference-output={out / n}.npy" for n in ("logits", "scores", "classes")])
            got = [np.load(out / f"{n}.npy") for n in ("logits", "scores", "classes")]
            ok = (got[2].dtype == np.int64 and np.array_equal(got[2], want[2])
                  and np.abs(got[1] - want[1]).max() < 1e-6)
            print(f"top-5 classes {got[2].shape}, opset {opset}: reference vs PyTorch",
                  "ok" if ok else "FAILED")
        sim_logits = tools.simulate(path, "logits")
        sim_classes = tools.simulate(path, "classes")
        own = np.argsort(-sim_logits, axis=1, kind="stable")[:, :5]
        ok = sim_classes.dtype == np.int64 and np.array_equal(sim_classes, own)
        print("top-5 classes: simulated int64, the top five of the simulated logits",
              "ok" if ok else "FAILED")
        # Where the reference's logits are 1% of their range apart, the chip
        # ranks them alike.
        gaps = np.diff(np.sort(got[0], axis=1)[:, ::-1][:, :6], axis=1)
        clear = (np.abs(gaps) > 0.01 * np.abs(got[0]).max()).all(1)
        print(f"top-5 classes: simulated vs reference on {clear.sum()} of 4 clear images",
              "ok" if clear.sum() >= 2 and np.array_equal(sim_classes[clear], got[2][clear])
              else "FAILED")

        # Top-k pooling and the votes: float outputs.
        # scatter_add at opsets 16 and 17 only: below 16, PyTorch 1.13 writes
        # it as a plain ScatterElements into zeros, which ONNX defines as
        # replacing, not adding, where a position repeats (the exporter's
        # bug; we compute what the model says).
        for label, module, shape, opsets in [
                ("top-k pooling", TopKPool(), (2, 3, 16), (17, 13)),
                ("scatter_add votes", Votes(), (3, 4, 10), (17, 16)),
                ("sort", Sort(), (3, 7), (17, 13)),
                ("slice assignment", SliceAssign(), (2, 3, 6, 6), (17, 13))]:
            x = rng.standard_normal(shape).astype(np.float32)
            for opset in opsets:
                path, ref = tools.check_reference(f"{label}, opset {opset}", module.eval(), x,
                                                  opset=opset, name=f"m{opset}")
            tools.check_simulated(label, path, ref)


if __name__ == "__main__":
    main()
