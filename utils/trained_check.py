#!/usr/bin/env python3
"""A trained network on the chip: is 16-bit fixed point close to float32 when the
weights are not random?

The zoo's weights are random (nothing can be downloaded here), and random deep
networks are chaotic: 0.1% noise per layer moves ResNet-50's logits to cosine 0.93
(docs/Simulator.md). This script trains a network instead, on a task it can learn
in minutes on a CPU, and runs the same end-to-end check as utils/zoo_simulate.py on
held-out images:

1. Data: 64x64 RGB images of ten shapes (filled and outlined circle and square,
   horizontal and vertical bar, diagonal line, cross, triangle, two dots), each at
   a random position, size and colour on a noisy background of random grey; a
   seeded generator, nothing downloaded. Inception-v3, which needs at least
   75x75, gets them resized to 96x96.
2. Model: a torchvision architecture (--arch: ResNet-18 by default; any of the
   zoo's torchvision architectures) with num_classes=10, trained with Adam
   (--lr) from torchvision's initialization, batches of 32, seeded.
3. Chip: exported by PyTorch (opset 17), compiled by eyeriss-compile at batch 4
   with --calibration-input files drawn from the training images (as a user
   would calibrate on their own data), and run by eyeriss-run on held-out
   images against the float32 reference executor (eyeriss-compile
   --run-reference): cosine of the logits, top-1 agreement, psum overflows,
   and each one's accuracy against the labels.
4. Sensitivity: in float32, noise of 0.1% of each Conv/Linear output's std
   added to every such output (utils/zoo_noise_sensitivity.py's measure, on
   4 held-out images): how far the trained network's logits move, to compare
   with the same architecture's random-weight figure in docs/Simulator.md.

With --qat-steps N, the architecture is torchvision's quantizable version, and
after the float steps N more train it quantization-aware (int8 per-channel
weights, uint8 activations: zoo.qat_qconfig); it is exported as a QDQ model,
whose QuantizeLinear -> DequantizeLinear pairs the chip program keeps (the
activations' as host fake quantizations; docs/ONNXImport.md).

Usage: /usr/bin/python3 utils/trained_check.py --build build [--arch resnet18]
           [--steps 300] [--qat-steps 0] [--lr 1e-3] [--batches 5] [--work DIR]
           [--markdown FILE]
Exit status 1 if any image has cosine < 0.99, a differing top-1 class, or a
psum overflow.
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torchvision

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

from eyeriss import zoo  # noqa: E402

SIZE = 64
CLASSES = ["disc", "ring", "square", "frame", "h-bar", "v-bar", "diagonal", "cross",
           "triangle", "two dots"]
BATCH = 4
MIN_COSINE = 0.99


def draw(rng, label):
    """One image of class `label`: float32 3 x SIZE x SIZE, roughly zero mean."""
    y, x = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)
    cy, cx = rng.uniform(20, SIZE - 20, 2)
    r = rng.uniform(8, 16)
    t = rng.uniform(2, 4)  # stroke width
    dy, dx = np.abs(y - cy), np.abs(x - cx)
    dist = np.hypot(y - cy, x - cx)
    masks = {
        0: dist <= r,
        1: np.abs(dist - r) <= t / 2,
        2: np.maximum(dy, dx) <= r,
        3: np.abs(np.maximum(dy, dx) - r) <= t / 2,
        4: (dy <= t) & (dx <= r),
        5: (dx <= t) & (dy <= r),
        6: (np.abs((y - cy) - (x - cx)) <= t) & (np.maximum(dy, dx) <= r),
        7: ((dy <= t / 2) & (dx <= r)) | ((dx <= t / 2) & (dy <= r)),
        8: (y - cy <= r) & (y - cy >= -r) & (dx <= (y - cy + r) / 2),
        9: (np.hypot(y - cy, x - cx + r * 0.6) <= r * 0.35)
           | (np.hypot(y - cy, x - cx - r * 0.6) <= r * 0.35),
    }
    mask = masks[label].astype(np.float32)
    background = rng.uniform(0.2, 0.8)
    colour = rng.uniform(0, 1, 3).astype(np.float32)
    image = background * (1 - mask) + colour[:, None, None] * mask
    image = image + rng.normal(0, 0.1, (3, SIZE, SIZE)).astype(np.float32)
    return ((image - 0.5) / 0.3).astype(np.float32)


def dataset(count, seed):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, len(CLASSES), count)
    images = np.stack([draw(rng, int(l)) for l in labels])
    return torch.from_numpy(images), torch.from_numpy(labels)


# torchvision constructor arguments per architecture; "size" is the input side
# when it is not 64 (images are drawn at 64 and resized bilinearly):
# Inception-v3 needs at least 75; VGG-16 trains at 32 (a quarter of the
# arithmetic of 64; still about 20 s a step on the 2-core machine).
ARCHS = {
    "resnet18": {}, "resnet50": {}, "mobilenet_v2": {}, "shufflenet_v2_x1_0": {},
    "vgg16": {"size": 32}, "alexnet": {}, "squeezenet1_0": {}, "mobilenet_v3_small": {},
    "efficientnet_b0": {},
    "googlenet": {"aux_logits": False, "init_weights": True, "transform_input": False},
    "inception_v3": {"aux_logits": False, "init_weights": True, "transform_input": False,
                     "size": 96},
}


def input_size(arch):
    return ARCHS[arch].get("size", SIZE)


def resize(images, arch):
    size = input_size(arch)
    if size == SIZE:
        return images
    return nn.functional.interpolate(images, size=(size, size), mode="bilinear",
                                     align_corners=False)


def prepare_qat(model, lr):
    """The float-trained quantizable `model` fused and given fake quantization
    (zoo.qat_qconfig) for quantization-aware training; its new optimizer."""
    import torch.ao.quantization as tq

    model.eval()
    model.fuse_model(is_qat=True)
    model.qconfig = zoo.qat_qconfig()
    model.train()
    tq.prepare_qat(model, inplace=True)
    return torch.optim.Adam(model.parameters(), lr=lr)


def train(arch, steps, seed, lr, qat_steps=0):
    """`steps` of float training, then `qat_steps` of quantization-aware
    training (of torchvision's quantizable version of `arch`) at a tenth of
    the learning rate."""
    torch.manual_seed(seed)
    kwargs = {k: v for k, v in ARCHS[arch].items() if k != "size"}
    models = torchvision.models
    if qat_steps:
        models = torchvision.models.quantization
        kwargs["quantize"] = False
    model = getattr(models, arch)(weights=None, num_classes=len(CLASSES), **kwargs)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    images, labels = dataset((steps + qat_steps) * 32, seed + 1)
    images = resize(images, arch)
    model.train()
    start = time.monotonic()
    for step in range(steps + qat_steps):
        if step == steps and qat_steps:
            optimizer = prepare_qat(model, lr / 10)
        x, y = images[step * 32:(step + 1) * 32], labels[step * 32:(step + 1) * 32]
        loss = nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if (step + 1) % 50 == 0:
            print(f"  step {step + 1}/{steps + qat_steps}: loss {loss.item():.3f}", flush=True)
    if qat_steps:
        import torch.ao.quantization as tq

        model.apply(tq.disable_observer)
        model.apply(torch.nn.intrinsic.qat.freeze_bn_stats)
    model.eval()
    return model, images, time.monotonic() - start


def noise_sensitivity(model, x, eps=1e-3):
    """Min cosine of the logits with and without relative noise `eps` on every
    Conv2d/Linear output (as utils/zoo_noise_sensitivity.py)."""
    noise = torch.Generator().manual_seed(0)

    def add_noise(module, inputs, output):
        return output + eps * output.std() * torch.randn(output.shape, generator=noise)

    with torch.no_grad():
        clean = model(x)
        hooks = [m.register_forward_hook(add_noise) for m in model.modules()
                 if isinstance(m, (nn.Conv2d, nn.Linear))]
        try:
            noisy = model(x)
        finally:
            for h in hooks:
                h.remove()
    return float(nn.functional.cosine_similarity(noisy, clean).min())


def run(cmd):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{proc.stderr}")
    return proc


def cosine(a, b):
    return float((a * b).sum() / (np.linalg.norm(a) * np.linalg.norm(b)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", type=Path, required=True)
    ap.add_argument("--arch", choices=sorted(ARCHS), default="resnet18")
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--batches", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lr", type=float, default=1e-3,
                    help="Adam's learning rate (VGG-16, without BatchNorm, needs 1e-4)")
    ap.add_argument("--qat-steps", type=int, default=0,
                    help="then this many steps of quantization-aware training (int8 "
                         "weights, uint8 activations) of torchvision's quantizable "
                         "version of --arch; the export is a QDQ model")
    ap.add_argument("--work", type=Path, help="keep the model and data here")
    ap.add_argument("--markdown", type=Path)
    args = ap.parse_args()
    torch.set_num_threads(2)
    compiler = args.build / "bin" / "eyeriss-compile"
    runner = args.build / "bin" / "eyeriss-run"

    if args.qat_steps and not hasattr(torchvision.models.quantization, args.arch):
        ap.error(f"torchvision has no quantizable {args.arch}")
    qat = f" + {args.qat_steps} quantization-aware" if args.qat_steps else ""
    print(f"training {args.arch} on {len(CLASSES)} shapes, {args.steps}{qat} steps of 32 images")
    model, train_images, train_s = train(args.arch, args.steps, args.seed, args.lr,
                                         args.qat_steps)
    test_x, test_y = dataset(500, args.seed + 2)
    test_x = resize(test_x, args.arch)
    with torch.no_grad():
        float_acc = float((model(test_x).argmax(1) == test_y).float().mean())
    sensitivity = noise_sensitivity(model, test_x[:4])
    print(f"trained in {train_s:.0f} s; float accuracy on 500 held-out images {float_acc:.3f}; "
          f"min cosine under 0.1% noise {sensitivity:.4f}")

    with tempfile.TemporaryDirectory() as tmpdir:
        work = args.work or Path(tmpdir)
        work.mkdir(parents=True, exist_ok=True)
        onnx_path = work / "model.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(model, torch.zeros(1, 3, input_size(args.arch), input_size(args.arch)), str(onnx_path),
                              opset_version=17, input_names=["input"],
                              output_names=["logits"],
                              # ShuffleNet's channel shuffle reshapes with the
                              # batch: a symbolic one lets --batch set it.
                              dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
        calibration = []
        for i in range(4):
            path = work / f"calibration{i}.npy"
            np.save(path, train_images[i * BATCH:(i + 1) * BATCH].numpy())
            calibration.append(f"--calibration-input={path}")
        eyb = work / "model.eyb"
        run([compiler, onnx_path, f"--batch={BATCH}", "-o", eyb, *calibration])

        rows, overflows = [], 0
        for b in range(args.batches):
            x = test_x[b * BATCH:(b + 1) * BATCH].numpy()
            labels = test_y[b * BATCH:(b + 1) * BATCH].numpy()
            xin, ref, out, stats = (work / n for n in ("x.npy", "ref.npy", "sim.npy",
                                                        "stats.json"))
            np.save(xin, x)
            run([compiler, onnx_path, f"--batch={BATCH}", "--compile-to=canonicalize",
                 "-o", "/dev/null", "--run-reference", f"--input={xin}",
                 f"--reference-output={ref}"])
            run([runner, eyb, "--input", xin, "-o", out, "--quiet", "--no-timing",
                 "--stats", stats])
            overflows += json.loads(stats.read_text())["totals"]["psum_overflows"]
            sim, fl = np.load(out).reshape(BATCH, -1), np.load(ref).reshape(BATCH, -1)
            for i in range(BATCH):
                top = np.sort(fl[i])[::-1]
                rows.append({"cos": cosine(sim[i], fl[i]),
                             "top1": int(sim[i].argmax()) == int(fl[i].argmax()),
                             "sim_ok": int(sim[i].argmax()) == int(labels[i]),
                             "float_ok": int(fl[i].argmax()) == int(labels[i]),
                             "margin": float(top[0] - top[1]) / float(np.abs(fl[i]).max())})

    n = len(rows)
    equal = sum(r["top1"] for r in rows)
    mincos = min(r["cos"] for r in rows)
    minmargin = min(r["margin"] for r in rows)
    sim_acc = sum(r["sim_ok"] for r in rows)
    fl_acc = sum(r["float_ok"] for r in rows)
    ok = equal == n and mincos >= MIN_COSINE and overflows == 0
    print(f"{'ok  ' if ok else 'FAIL'} trained {args.arch}: {n} held-out images, top-1 equal "
          f"{equal}/{n}, min cosine {mincos:.5f}, psum overflows {overflows}; correct: "
          f"chip {sim_acc}/{n}, float32 {fl_acc}/{n}; smallest top-2 margin "
          f"{minmargin:.3f} of the largest logit")
    if args.markdown:
        size = input_size(args.arch)
        shown_size = "" if size == SIZE else f" ({size}x{size})"
        args.markdown.write_text(
            "| model | steps | float accuracy (500) | float32 cosine under 0.1% noise | "
            "images | top-1 equal | min cosine | psum overflows | correct: chip / float32 |\n"
            "|---|---|---|---|---|---|---|---|---|\n"
            f"| {args.arch}, trained on shapes{shown_size}{', QAT (QDQ)' if args.qat_steps else ''} "
            f"| {args.steps}{qat} | {float_acc:.3f} | "
            f"{sensitivity:.4f} | {n} | {equal} | {mincos:.5f} | {overflows} | "
            f"{sim_acc} / {fl_acc} |\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
