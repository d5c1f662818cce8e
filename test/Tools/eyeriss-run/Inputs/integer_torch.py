"""PyTorch's integer arithmetic through the exporter: decoding heads.

Two small networks as PyTorch 1.13 exports them, whose outputs are
computed from indices with integer arithmetic (EYB 1.17):
- a key-point head: K heatmaps from a convolution, each key point's
  column and row from its heatmap's argmax (`idx % W`, `idx // W`, ONNX Mod
  and Div of int64), returned as int64 and as image coordinates (a stride
  and an offset applied in float);
- a dense detector's decoding (torchvision's RetinaNet and FCOS write it
  this way): class scores of A anchors x C classes, the top k of them, each
  one's anchor and class from its flat index (`torch.div(..., rounding_mode=
  "floor")`, which PyTorch writes as Div, Mul, Sub, Less, Xor, Equal, Not,
  And and Where of int64; `%` as Mod), and the boxes of those anchors
  gathered.
At opsets 17 and 11. The reference executor must give PyTorch's outputs
(the integers exactly); the simulated program's integers must be its own
scores' (the decode of its own heatmaps or top scores), and agree with the
reference's where the reference's maxima are clear. Prints one line per
check; run by integer-torch.test as `integer_torch.py <eyeriss-compile>
<eyeriss-run>`.
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


class KeyPoints(nn.Module):
    def __init__(self, points=5, stride=4):
        super().__init__()
        self.stride = stride
        self.heat = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(),
                                  nn.Conv2d(8, points, 3, padding=1))

    def forward(self, x):
        heat = self.heat(x)
        w = heat.shape[3]
        idx = heat.flatten(2).argmax(2)
        cols, rows = idx % w, idx // w
        xy = torch.stack([cols, rows], 2)
        return heat, xy, xy.float() * self.stride + self.stride / 2


class DenseDecode(nn.Module):
    def __init__(self, classes=3, k=6):
        super().__init__()
        self.classes, self.k = classes, k
        self.cls = nn.Conv2d(4, classes, 1)
        self.box = nn.Conv2d(4, 4, 1)

    def forward(self, x):
        n = x.shape[0]
        scores = self.cls(x).flatten(2).transpose(1, 2).reshape(n, -1)  # N x (A*C)
        boxes = self.box(x).flatten(2).transpose(1, 2)                   # N x A x 4
        top, idx = scores.topk(self.k, dim=1)
        anchors = torch.div(idx, self.classes, rounding_mode="floor")
        labels = idx % self.classes
        picked = torch.gather(boxes, 1, anchors.unsqueeze(2).expand(-1, -1, 4))
        return scores, anchors, labels, picked * top.sigmoid().unsqueeze(2)


def export_and_check(tools, label, net, x, names, opset):
    """Exports `net` at `opset`, runs the reference executor and compares each
    output with PyTorch's (integers exactly, floats within 1e-5 of the
    largest); returns the model's path and the reference outputs."""
    with torch.no_grad():
        want = [t.numpy() for t in net(torch.from_numpy(x))]
    path = tools.workdir / f"{label.split()[0]}-{opset}.onnx"
    np.save(path.with_suffix(".input0.npy"), x)
    torch.onnx.export(net, torch.from_numpy(x), str(path), opset_version=opset,
                      input_names=["x"], output_names=names)
    out = tools.workdir / f"{path.stem}.ref"
    out.mkdir()
    tools.run("eyeriss-compile", path, "--compile-to=canonicalize", "-o", "/dev/null",
              "--run-reference", f"--input={path.with_suffix('.input0.npy')}",
              *[f"--reference-output={out / n}.npy" for n in names])
    got = [np.load(out / f"{n}.npy") for n in names]
    ok = all(g.shape == w.shape and
             (np.array_equal(g, w) and g.dtype == w.dtype
              if w.dtype.kind == "i" else
              np.abs(g - w).max() <= 1e-5 * np.abs(w).max())
             for g, w in zip(got, want))
    print(f"{label} {tuple(want[1].shape)}, opset {opset}: reference vs PyTorch",
          "ok" if ok else "FAILED")
    return path, got


def main():
    warnings.filterwarnings("ignore")
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)

        names = ["heat", "xy", "coords"]
        net = KeyPoints().eval()
        x = rng.standard_normal((2, 3, 12, 10)).astype(np.float32)
        for opset in (17, 11):
            path, ref = export_and_check(tools, "key points", net, x, names, opset)
        heat, xy, coords = tools.simulate(path, names)
        n, k, h, w = heat.shape
        idx = heat.reshape(n, k, h * w).argmax(2)
        own = np.stack([idx % w, idx // w], 2)
        print("key points: simulated int64, the argmax of the simulated heatmaps",
              "ok" if xy.dtype == np.int64 and np.array_equal(xy, own)
              and np.array_equal(coords, own * 4.0 + 2.0) else "FAILED")
        # Where the reference's best and second-best heat differ by 1% of its
        # range, the chip finds the same key point.
        flat = np.sort(ref[0].reshape(n, k, h * w), axis=2)
        clear = flat[..., -1] - flat[..., -2] > 0.01 * np.abs(ref[0]).max()
        print(f"key points: simulated vs reference at {clear.sum()} of {n * k} clear maxima",
              "ok" if clear.sum() >= n * k // 2 and np.array_equal(xy[clear], ref[1][clear])
              else "FAILED")

        names = ["scores", "anchors", "labels", "boxes"]
        net = DenseDecode().eval()
        x = rng.standard_normal((2, 4, 3, 5)).astype(np.float32)
        for opset in (17, 11):
            path, ref = export_and_check(tools, "dense decoding", net, x, names, opset)
        scores, anchors, labels, boxes = tools.simulate(path, names)
        top = np.argsort(-scores, axis=1, kind="stable")[:, :6]
        print("dense decoding: simulated anchors and classes, the top six of the "
              "simulated scores",
              "ok" if anchors.dtype == np.int64 and np.array_equal(anchors, top // 3)
              and np.array_equal(labels, top % 3) else "FAILED")
        err = np.abs(scores - ref[0]).max() / np.abs(ref[0]).max()
        print("dense decoding: simulated scores vs reference",
              "ok" if err < 1e-2 else f"FAILED {err}")


if __name__ == "__main__":
    main()
