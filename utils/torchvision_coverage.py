#!/usr/bin/env python3
"""Which of torchvision's classification, segmentation and video models eyeriss-compile takes.

Each model is built with weights=None (nothing is downloaded), exported by PyTorch
to ONNX at opset 17 (batch 1; --opset to change it), and compiled to an EYB program (import, canonicalize,
map, quantize, schedule, lowering). A model is "ok" when the program is written;
otherwise the first error line is shown (an unsupported op type is named with its
node). The table is what docs/ONNXImport.md shows.

With --simulate, each program that compiled also runs on the simulator
(eyeriss-run) on one seeded N(0, 1) image, and its logits are compared with the
float32 reference executor's (eyeriss-compile --run-reference): cosine
similarity and top-1. Every model is calibrated as the zoo's are first
(`eyeriss.zoo.calibrate`: BatchNorm statistics from its own activations, the
classifier rescaled), without which torchvision's initialization leaves some
nearly constant (EfficientNet's logits are about 1e-14). ConvNeXt's layer
scale starts at 1e-6, which leaves its blocks almost silent; it is set to 0.5
so that every block counts. The vision transformer's head starts at zero; it
is drawn from N(0, 0.02^2).

The exit status is 1 when a model expected to compile (all but the ones in
KNOWN_REFUSED, whose op types the importer does not translate) is refused, or
(with --simulate) when a simulated model's cosine is below MIN_COSINE: the
long ctest `torchvision-coverage` keeps docs/ONNXImport.md's table true. The
bound catches a wrong op (a misplaced layout or host op gives cosines far
below it), not 16-bit rounding: randomly initialized, calibrated networks
amplify that rounding by different amounts (Inception-v3 to about 0.96, as
docs/Simulator.md measures), and their top two logits are often near ties, so
top-1 is reported, not required. A model below MIN_COSINE is measured in
float32 under noise of 0.1% of each Conv and Linear output's spread (the
measure of docs/Simulator.md, worst of NOISE_SEEDS draws, on the same image):
if float32 itself falls lower there, the network's random weights, not the
chip, set the figure, and the model passes with both cosines reported (the
ResNet-50 backbones of FCN and DeepLabV3: their atrous stages keep 28 x 28
maps through 16 more bottlenecks).

Usage: /usr/bin/python3 utils/torchvision_coverage.py --compiler build/bin/eyeriss-compile
           [--simulate build/bin/eyeriss-run] [--models resnet34,segmentation,video,...]
           [--markdown FILE]
"""
import argparse
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

import numpy as np
import torch
import torchvision

from eyeriss import zoo  # noqa: E402

# Segmentation models (torchvision.models.segmentation): their output is a map
# of class scores per pixel, upsampled to the input's size by a bilinear
# Resize; "top-1" is then the share of pixels whose class agrees.
SEGMENTATION_MODELS = [
    "fcn_resnet50", "deeplabv3_resnet50", "deeplabv3_mobilenet_v3_large",
    "lraspp_mobilenet_v3_large",
]
# Video classification models (torchvision.models.video): a clip of 16
# frames, N x C x T x H x W. Their 3-D convolutions run as 2-D ones on the
# PE array (docs/ONNXImport.md).
VIDEO_MODELS = ["r3d_18", "mc3_18", "r2plus1d_18", "s3d"]
# torchvision's quantizable classification models
# (torchvision.models.quantization), trained-for-quantization as PyTorch's
# quantization-aware training prepares them (QAT_QCONFIG) and exported as
# QDQ models: every weight and activation passes a QuantizeLinear ->
# DequantizeLinear pair. Named "qat_<model>"; 'qat' stands for all.
QAT_MODELS = ["qat_" + n for n in ["resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_large",
                                   "shufflenet_v2_x1_0", "googlenet", "inception_v3"]]
# One of each family torchvision 0.14 has (the zoo's own models aside).
DEFAULT_MODELS = [
    "resnet34", "resnext50_32x4d", "wide_resnet50_2", "regnet_x_400mf", "vgg11_bn",
    "squeezenet1_1", "densenet121", "inception_v3", "mnasnet1_0", "mobilenet_v3_large",
    "efficientnet_b0", "shufflenet_v2_x1_0", "convnext_tiny", "vit_b_16", "swin_t",
]
# Models whose op types the importer does not translate (none at present).
KNOWN_REFUSED = set()


class SegmentationOutput(torch.nn.Module):
    """A segmentation model's "out" map, without the dict around it."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


MIN_COSINE = 0.95
# Float32 noise of this size relative to each layer output's spread, and the
# draws of it, for a model below MIN_COSINE.
NOISE_LEVEL = 1e-3
NOISE_SEEDS = 3


def float_noise_cosine(model, shape):
    """The worst cosine, over NOISE_SEEDS draws, of the float32 output under
    NOISE_LEVEL noise on every Conv and Linear output, against the clean
    output, on simulate()'s image."""
    image = torch.from_numpy(np.random.default_rng(0).standard_normal(shape).astype(np.float32))
    model.eval()
    with torch.no_grad():
        clean = model(image).double().ravel()
    worst = 1.0
    for seed in range(NOISE_SEEDS):
        generator = torch.Generator().manual_seed(seed)

        def add_noise(module, inputs, output):
            noise = torch.randn(output.shape, generator=generator)
            return output + NOISE_LEVEL * output.std() * noise

        hooks = [m.register_forward_hook(add_noise) for m in model.modules()
                 if isinstance(m, (torch.nn.Conv2d, torch.nn.Conv3d, torch.nn.Linear))]
        try:
            with torch.no_grad():
                noisy = model(image).double().ravel()
        finally:
            for hook in hooks:
                hook.remove()
        worst = min(worst, float(clean @ noisy / (clean.norm() * noisy.norm())))
    return worst


def quantization_aware(name, shape):
    """torchvision.models.quantization's `name` as quantization-aware training
    leaves it: calibrated as the zoo's models are, fused, with fake
    quantization of int8 per-channel weights and uint8 per-tensor activations
    (`zoo.qat_qconfig`), its observers run on seeded N(0, 1) images and then
    frozen."""
    import torch.ao.quantization as tq

    kwargs = {}
    if name in ("inception_v3", "googlenet"):
        kwargs = dict(aux_logits=False, init_weights=True)
    model = getattr(torchvision.models.quantization, name)(
        weights=None, quantize=False, **kwargs).eval()
    zoo.calibrate(model, shape, seed=0)
    model.fuse_model(is_qat=True)
    model.qconfig = zoo.qat_qconfig()
    model.train()
    tq.prepare_qat(model, inplace=True)
    # In eval mode the fused batch norms keep the calibrated statistics; the
    # observers observe all the same.
    model.eval()
    rng = np.random.default_rng(1)
    with torch.no_grad():
        for _ in range(4):
            model(torch.from_numpy(rng.standard_normal((4,) + shape[1:]).astype(np.float32)))
    model.apply(tq.disable_observer)
    return model


def build(name):
    kwargs = {}
    if name in QAT_MODELS:
        base = name[len("qat_"):]
        size = 299 if base == "inception_v3" else 224
        return quantization_aware(base, (1, 3, size, size)), (1, 3, size, size)
    if name in ("inception_v3", "googlenet"):
        kwargs = dict(aux_logits=False, init_weights=True)
    if name in VIDEO_MODELS:
        model = getattr(torchvision.models.video, name)(weights=None).eval()
        # S3D's pooling needs at least 224 x 224 frames; the others take 112.
        shape = (1, 3, 16, 224, 224) if name == "s3d" else (1, 3, 16, 112, 112)
        zoo.calibrate(model, shape, seed=0)
        return model, shape
    if name in SEGMENTATION_MODELS:
        if not name.startswith("lraspp"):
            kwargs = dict(aux_loss=False)
        model = SegmentationOutput(getattr(torchvision.models.segmentation, name)(
            weights=None, weights_backbone=None, **kwargs)).eval()
    else:
        model = getattr(torchvision.models, name)(weights=None, **kwargs).eval()
    for module in model.modules():
        if hasattr(module, "layer_scale"):  # ConvNeXt's CNBlock
            module.layer_scale.data.fill_(0.5)
    if name.startswith("vit"):
        # torchvision zeroes the vision transformer's head: every logit is 0.
        torch.nn.init.normal_(model.heads.head.weight, std=0.02)
    size = 299 if name == "inception_v3" else 224
    zoo.calibrate(model, (1, 3, size, size), seed=0)
    return model, (1, 3, size, size)


def simulate(compiler, simulator, onnx_path, eyb, shape, tmp):
    """(cosine, top-1 equal) of the simulated logits against the reference
    executor's, on one seeded image."""
    image = tmp / "image.npy"
    np.save(image, np.random.default_rng(0).standard_normal(shape).astype(np.float32))
    reference = tmp / "reference.npy"
    subprocess.run([compiler, str(onnx_path), "--compile-to=canonicalize", "-o", "/dev/null",
                    "--run-reference", f"--input={image}", f"--reference-output={reference}"],
                   check=True, capture_output=True)
    out = tmp / "sim"
    subprocess.run([simulator, str(eyb), "--input", str(image), "--output-dir", str(out),
                    "--quiet"], check=True, capture_output=True)
    r = np.load(reference).astype(np.float64)
    y = np.load(out / "logits.npy").astype(np.float64)
    cosine = float(r.ravel() @ y.ravel() / (np.linalg.norm(r) * np.linalg.norm(y)))
    # Classes are axis 1: one decision per image, or per pixel of a map.
    return cosine, float((r.argmax(axis=1) == y.argmax(axis=1)).mean())


def check(compiler, name, tmp, simulator=None, opset=17):
    torch.manual_seed(0)
    model, shape = build(name)
    onnx_path, eyb = tmp / f"{name}.onnx", tmp / f"{name}.eyb"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, torch.randn(shape), str(onnx_path), opset_version=opset,
                          input_names=["input"], output_names=["logits"])
    start = time.monotonic()
    proc = subprocess.run([compiler, str(onnx_path), "-o", str(eyb)],
                          capture_output=True, text=True)
    seconds = time.monotonic() - start
    if proc.returncode == 0:
        what = f"{eyb.stat().st_size / 1e6:.1f} MB program"
        if name in QAT_MODELS:
            import onnx

            pairs = sum(n.op_type == "QuantizeLinear" for n in onnx.load(str(onnx_path)).graph.node)
            what = f"{pairs} QuantizeLinear -> DequantizeLinear pairs, " + what
        if simulator:
            cosine, top1 = simulate(compiler, simulator, onnx_path, eyb, shape, tmp)
            if name in SEGMENTATION_MODELS:
                what += (f"; simulated: cosine {cosine:.5f}, per-pixel top-1 equal on "
                         f"{100 * top1:.2f}% of pixels")
            else:
                what += (f"; simulated: cosine {cosine:.5f}, "
                         f"top-1 {'equal' if top1 == 1 else 'differs'}")
            if cosine < MIN_COSINE:
                floor = float_noise_cosine(model, shape)
                what += (f"; float32 under {100 * NOISE_LEVEL:g}% noise per layer: "
                         f"cosine {floor:.5f}")
                if cosine < floor:
                    return "mismatch", what, seconds
        return "ok", what, seconds
    lines = proc.stderr.splitlines()
    first = next((l for l in lines if "error:" in l), proc.stderr.strip()[:200])
    note = next((l for l in lines if "note:" in l), "")
    why = first.split("error:", 1)[-1].strip()
    if note:
        why += "; first: " + note.split("note:", 1)[-1].strip()
    return "refused", why, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compiler", required=True)
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS),
                        help="comma-separated torchvision model names; 'segmentation' "
                             "stands for " + ",".join(SEGMENTATION_MODELS) + ", 'video' for "
                             + ",".join(VIDEO_MODELS) + ", 'qat' for " + ",".join(QAT_MODELS))
    parser.add_argument("--markdown")
    parser.add_argument("--opset", type=int, default=17,
                        help="the export's opset (PyTorch's own default here is 14, at "
                             "which layer norms are decomposed)")
    parser.add_argument("--simulate", metavar="EYERISS_RUN",
                        help="also simulate each program and compare with the reference")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        groups = {"segmentation": SEGMENTATION_MODELS, "video": VIDEO_MODELS, "qat": QAT_MODELS}
        names = [n for part in args.models.split(",") for n in groups.get(part, [part])]
        for name in names:
            result, why, seconds = check(args.compiler, name, Path(tmp), args.simulate,
                                         args.opset)
            rows.append((name, result, why, seconds))
            print(f"{result:8s} {name}: {why} ({seconds:.1f} s)", flush=True)
    unexpected = [name for name, result, _, _ in rows
                  if result == "mismatch" or (result != "ok" and name not in KNOWN_REFUSED)]
    if args.markdown:
        with open(args.markdown, "w") as out:
            out.write(f"| model (torchvision {torchvision.__version__}) | compile | "
                      "program, or why not | seconds |\n|---|---|---|---|\n")
            for name, result, why, seconds in rows:
                out.write(f"| {name} | {result} | {why} | {seconds:.1f} |\n")
    if unexpected:
        print(f"refused or mismatched, but expected to compile and agree: "
              f"{', '.join(unexpected)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
