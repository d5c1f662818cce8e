"""Grouped AlexNet with the ifmap sparsity of the Eyeriss chip's measurement (JSSC 2017 Table V).

The chip paper (Chen et al., "Eyeriss: An Energy-Efficient Reconfigurable Accelerator for
Deep Convolutional Neural Networks", IEEE JSSC 52(1), 2017) measured AlexNet CONV1-5 at
batch 4; its Table V gives the fraction of zeros in each CONV layer's input feature map.
Zero gating and RLC compression make power depend on those fractions, so a comparison of
our simulator's power with the chip's needs a network whose ifmaps are as sparse. This
module makes one from the zoo's seeded grouped AlexNet: it shifts the biases of CONV1-4
until the zero fraction of CONV2-5's ifmaps on a seeded batch of 4 matches Table V.

Usage (Debian's python3 with python3-torch, python3-torchvision, python3-onnx)::

    PYTHONPATH=python /usr/bin/python3 -m eyeriss.tablev --out DIR [--seed 0] [--opset 13]

What it writes::

    DIR/model.onnx   graph input "input" 4x3x227x227, output "logits" 4x1000 (static)
    DIR/input.npy    float32 4x3x227x227, synthetic natural-image-like batch (1/f amplitude
                     spectrum, see natural_images) from seed + INPUT_SEED_OFFSET
    DIR/input.pb     the same batch as an ONNX TensorProto named "input"
    DIR/output.pb    PyTorch's logits on that batch, TensorProto "logits" (4x1000)
    DIR/info.json    provenance, shifts, target and achieved zero fractions, SHA-256s,
                     and the "method" text (METHOD below, with this run's numbers)

A run whose info.json records the same provenance (seed, opset, targets, library versions,
the SHA-256 of this file and of zoo.py) and whose files still have the recorded SHA-256s
is skipped: the export is deterministic.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import json
import sys
import time
from pathlib import Path
from typing import Callable, List, Optional, Sequence

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn

from eyeriss import zoo

MODEL = "alexnet-grouped"
BATCH = 4  # Table V's batch size
INPUT_SHAPE = (BATCH, 3, 227, 227)
# zoo.py uses weight seed + 1, 2, 3 for its test input, calibration and sensitivity images.
INPUT_SEED_OFFSET = 4
# Exponent of the input images' amplitude spectrum, 1/f^alpha: natural images have alpha
# close to 1 (power spectrum 1/f^2; Field 1987, van der Schaaf & van Hateren 1996).
SPECTRUM_ALPHA = 1.0
DEFAULT_OPSET = 13

LAYERS = ("CONV1", "CONV2", "CONV3", "CONV4", "CONV5")
# JSSC 2017 Table V: fraction of zeros in the ifmap of AlexNet CONV1-5 (batch 4).
TARGETS = {"CONV1": 0.0001, "CONV2": 0.387, "CONV3": 0.725, "CONV4": 0.793, "CONV5": 0.776}
# Largest accepted |achieved - target| (absolute), checked on the final model.
TOLERANCE = 0.005
# The bisection stops once |achieved - target| is this small (or after MAX_BISECTIONS);
# well inside TOLERANCE so that the final, full-model measurement stays within it.
FIT_GOAL = 1e-4
MAX_BISECTIONS = 60
# The bracket for the shift grows by doubling from one standard deviation of the layer's
# pre-activation output; it gives up beyond this many standard deviations.
MAX_BRACKET_STDS = 1024.0

METHOD = (
    "The network is the model zoo's grouped AlexNet (eyeriss.zoo 'alexnet-grouped', "
    "227x227, CONV2/4/5 in 2 groups, LRN after the ReLUs of CONV1 and CONV2): He-normal "
    "weights drawn after torch.manual_seed({seed}), zero biases, classifier calibrated as "
    "in the zoo. The input is one batch of 4 synthetic natural-image-like images: per "
    "image and channel, Gaussian white noise (torch generator seeded with {input_seed}) "
    "shaped in the Fourier domain to the amplitude spectrum 1/f^alpha with alpha = "
    "{alpha:g}, the textbook value for natural images (power spectrum 1/f^{power:g}; Field "
    "1987), not fitted to Table V; then the mean is removed and the standard deviation "
    "scaled to 1, as in a normalized ImageNet input. The 3 channels are independent. Such "
    "images are spatially smooth as photographs are (neighbouring pixels correlate "
    "{neighbour:.2f}; white noise: 0), so neighbouring CONV1 outputs are correlated and "
    "the 9 outputs of a 3x3 max-pool window tend to be zero together: CONV2's ifmap gets "
    "Table V's zeros with {conv1_zeros:.3f} zeros in CONV1's ReLU output, where i.i.d. "
    "N(0, 1) pixels need about 0.90 (0.90^9 = 0.387), which leaves CONV1's RLC-compressed "
    "ofmap, and its DRAM traffic, well below the chip's. CONV1's ifmap has (almost surely) "
    "no exact zeros; Table V gives 0.01%. With random weights the later "
    "ifmaps are far less sparse than a trained AlexNet's (the zoo's model gives {unshifted} "
    "zeros in CONV2-5's ifmaps on this batch), so each of CONV1-CONV4 gets one constant "
    "added to all of its output channels' biases. The constant of CONVk is found by bisection so that the "
    "fraction of exact zeros (value == 0.0) in CONV(k+1)'s ifmap on this batch matches "
    "Table V; that ifmap is CONVk's output after ReLU, and after LRN and a 3x3/2 max pool "
    "for CONV1 and CONV2. The layers are fitted in order CONV1 to CONV4, because "
    "CONV(k+1)'s ifmap depends only on the biases of CONV1..CONVk; the zero fraction never "
    "rises as the constant grows (ReLU zeroes fewer values, LRN keeps exactly the zeros, "
    "a pooled value is zero only when its whole window is), so bisection converges. Zeros "
    "are counted over the whole unpadded ifmap of all 4 images (the zero padding of CONV2-5 "
    "is not counted). Shifts chosen: {shifts} (in units of the standard deviation of that "
    "layer's output before the shift: {shift_stds}). CONV5's bias is unchanged. After the "
    "shifts the classifier is calibrated again (zoo.calibrate), so the logits keep unit "
    "spread; the zoo's input-sensitivity check passes. Achieved ifmap zero fractions, "
    "measured on the final model: {achieved} (targets {targets}, tolerance "
    "+-{tolerance}). Only the number of zeros matches the chip's data: the weights are "
    "random, so where the zeros fall (which channels, which positions) does not follow a "
    "trained network's pattern; {dead} ifmap channels of CONV2-5 are zero in all 4 images."
)


class TableVError(Exception):
    """The sparsity cannot be fitted or the export is not as promised."""


# ---------------------------------------------------------------------------------------
# Zero fractions
# ---------------------------------------------------------------------------------------


def natural_images(shape: Sequence[int], seed: int,
                   alpha: float = SPECTRUM_ALPHA) -> torch.Tensor:
    """Seeded float32 images of `shape` (N, C, H, W) with a 1/f^alpha amplitude spectrum.

    Each image and channel is Gaussian white noise (torch generator seeded with `seed`)
    whose 2-D Fourier transform is multiplied by |f|^-alpha, f the spatial frequency in
    cycles per pixel (the DC term set to 0), transformed back and normalized to mean 0
    and standard deviation 1. The field is periodic (the FFT's), the channels independent.
    alpha = 0 gives white noise; natural images have alpha close to 1.
    """
    n, c, h, w = shape
    generator = torch.Generator().manual_seed(seed)
    noise = torch.randn((n, c, h, w), generator=generator, dtype=torch.float64)
    fy = torch.fft.fftfreq(h, dtype=torch.float64)[:, None]
    fx = torch.fft.rfftfreq(w, dtype=torch.float64)[None, :]
    f = torch.sqrt(fx ** 2 + fy ** 2)
    f[0, 0] = 1.0
    amplitude = f ** -alpha
    amplitude[0, 0] = 0.0
    images = torch.fft.irfft2(torch.fft.rfft2(noise) * amplitude, s=(h, w))
    images = images - images.mean(dim=(2, 3), keepdim=True)
    images = images / images.std(dim=(2, 3), keepdim=True, unbiased=False)
    return images.float()


def input_batch(seed: int) -> torch.Tensor:
    """The seeded batch of 4 images: natural_images with generator seed seed + 4."""
    return natural_images(INPUT_SHAPE, seed + INPUT_SEED_OFFSET)


def neighbour_correlation(x: torch.Tensor) -> float:
    """Mean correlation of horizontally and vertically adjacent pixels of each image and
    channel of `x` (N, C, H, W), normalized per image and channel."""
    x = x.double()
    x = x - x.mean(dim=(2, 3), keepdim=True)
    x = x / x.std(dim=(2, 3), keepdim=True, unbiased=False)
    horizontal = (x[..., :, 1:] * x[..., :, :-1]).mean()
    vertical = (x[..., 1:, :] * x[..., :-1, :]).mean()
    return float((horizontal + vertical) / 2)


def zero_fraction(t: torch.Tensor) -> float:
    """Fraction of values exactly equal to 0.0."""
    return (t == 0).sum().item() / t.numel()


def conv_indices(model: nn.Module) -> List[int]:
    """Indices in model.features of CONV1-5, in execution order."""
    indices = [i for i, m in enumerate(model.features) if isinstance(m, nn.Conv2d)]
    if len(indices) != len(LAYERS):
        raise TableVError(f"expected {len(LAYERS)} conv layers, found {len(indices)}")
    return indices


def conv_ifmaps(model: nn.Module, x: torch.Tensor) -> List[torch.Tensor]:
    """The ifmap (the unpadded input) of CONV1-5 when `model` runs on `x`."""
    captured: List[torch.Tensor] = []
    convs = [model.features[i] for i in conv_indices(model)]
    hooks = [c.register_forward_pre_hook(
        lambda module, inputs: captured.append(inputs[0].detach().clone())) for c in convs]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in hooks:
            h.remove()
    return captured


def layer_stats(model: nn.Module, x: torch.Tensor) -> List[dict]:
    """Per CONV layer: ifmap zero fraction, zeros, values, channels zero in all images."""
    rows = []
    for name, ifmap in zip(LAYERS, conv_ifmaps(model, x)):
        zeros = int((ifmap == 0).sum().item())
        dead = int((ifmap == 0).all(dim=3).all(dim=2).all(dim=0).sum().item())
        rows.append({"layer": name, "ifmap_shape": list(ifmap.shape), "zeros": zeros,
                     "values": ifmap.numel(), "zero_fraction": zeros / ifmap.numel(),
                     "dead_channels": dead, "channels": ifmap.shape[1]})
    return rows


# ---------------------------------------------------------------------------------------
# Fitting the bias shifts
# ---------------------------------------------------------------------------------------


def bisect_shift(fraction_at: Callable[[float], float], target: float, scale: float,
                 goal: float = FIT_GOAL) -> tuple:
    """The shift s whose fraction_at(s) is closest to `target`; fraction_at is non-increasing.

    The bracket starts at [-scale, +scale] and doubles until it holds the target. Every
    shift tried is a float32 value, the precision the bias is stored in. Returns (shift,
    fraction, evaluations).
    """
    if not scale > 0:
        raise TableVError(f"the layer's output has no spread (std {scale}) to shift against")
    f32 = lambda v: float(np.float32(v))  # noqa: E731
    evaluations = 0

    def f(s: float) -> float:
        nonlocal evaluations
        evaluations += 1
        return fraction_at(s)

    lo, hi = f32(-scale), f32(scale)
    f_lo, f_hi = f(lo), f(hi)
    while f_lo < target:
        if -lo > MAX_BRACKET_STDS * scale:
            raise TableVError(f"no shift down to {lo:g} reaches zero fraction {target}")
        lo = f32(2 * lo)
        f_lo = f(lo)
    while f_hi > target:
        if hi > MAX_BRACKET_STDS * scale:
            raise TableVError(f"no shift up to {hi:g} gets the zero fraction down to {target}")
        hi = f32(2 * hi)
        f_hi = f(hi)
    best = min(((lo, f_lo), (hi, f_hi)), key=lambda p: abs(p[1] - target))
    for _ in range(MAX_BISECTIONS):
        if abs(best[1] - target) <= goal:
            break
        mid = f32((lo + hi) / 2)
        if mid in (lo, hi):  # float32 resolution reached
            break
        f_mid = f(mid)
        if abs(f_mid - target) < abs(best[1] - target):
            best = (mid, f_mid)
        if f_mid > target:
            lo = mid
        else:
            hi = mid
    return best[0], best[1], evaluations


def fit_shifts(model: nn.Module, x: torch.Tensor, log=print) -> List[dict]:
    """Shift the biases of CONV1-4 in place so that CONV2-5's ifmaps match TARGETS on `x`.

    CONVk's output (without the shift) is computed once; each bisection step adds the
    shift and runs the layers up to CONV(k+1) (ReLU, LRN, max pool) on it. The fraction
    reported here is that of the bisection; the caller measures the final model again.
    """
    indices = conv_indices(model)
    fits = []
    with torch.no_grad():
        ifmap = x
        for k in range(len(LAYERS) - 1):
            start, stop = indices[k], indices[k + 1]
            conv, rest = model.features[start], model.features[start + 1:stop]
            name, next_name = LAYERS[k], LAYERS[k + 1]
            target = TARGETS[next_name]
            before = conv(ifmap)
            scale = before.std().item()
            without = zero_fraction(rest(before.clone()))

            def fraction_at(shift: float) -> float:
                return zero_fraction(rest(before + shift))

            start_time = time.perf_counter()
            shift, fraction, evaluations = bisect_shift(fraction_at, target, scale)
            conv.bias.add_(torch.tensor(shift, dtype=conv.bias.dtype))
            ifmap = rest(conv(ifmap))
            fits.append({"layer": name, "sets_ifmap_of": next_name, "shift": shift,
                         "shift_in_std": shift / scale, "output_std_before_shift": scale,
                         "relu_output_zero_fraction": zero_fraction(
                             torch.relu(before + shift)),
                         "zero_fraction_without_this_shift": without, "target": target,
                         "bisection_zero_fraction": fraction, "evaluations": evaluations,
                         "seconds": round(time.perf_counter() - start_time, 3)})
            log(f"{name}: bias shift {shift:+.6g} ({shift / scale:+.3f} std) -> "
                f"{next_name} ifmap zeros {fraction:.4f} (target {target}, without this shift "
                f"{without:.4f}, {evaluations} evaluations)")
    return fits


# ---------------------------------------------------------------------------------------
# Building the model
# ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Prepared:
    seed: int
    module: nn.Module
    input: np.ndarray  # float32 INPUT_SHAPE
    output: np.ndarray  # float32 (BATCH, 1000)
    fits: List[dict]
    zoo_stats: List[dict]  # layer_stats of the zoo's model, before any shift
    stats: List[dict]  # layer_stats of the final model
    calibration: dict
    sensitivity: zoo.Sensitivity
    seconds: float

    @property
    def achieved(self) -> dict:
        return {row["layer"]: row["zero_fraction"] for row in self.stats}


def prepare(seed: int, log=print) -> Prepared:
    """Build the zoo's grouped AlexNet, fit the bias shifts, recalibrate and check it."""
    start = time.perf_counter()
    model, _ = zoo.build_model(MODEL, seed)
    x = input_batch(seed)
    zoo_stats = layer_stats(model, x)
    fits = fit_shifts(model, x, log=log)
    # The shifts change the features the classifier sees; calibrate it again, as the zoo
    # does (the final layer's outputs get mean 0 and unit std on the calibration images).
    calibration = zoo.calibrate(model, zoo.MODELS[MODEL].input_shape, seed)
    sensitivity = zoo.check_input_sensitivity(MODEL, model, zoo.MODELS[MODEL].input_shape,
                                              seed)
    stats = layer_stats(model, x)
    misses = [f"{row['layer']}: {row['zero_fraction']:.4f} vs {TARGETS[row['layer']]}"
              for row in stats
              if not abs(row["zero_fraction"] - TARGETS[row["layer"]]) <= TOLERANCE]
    if misses:
        raise TableVError(f"ifmap zero fractions beyond +-{TOLERANCE}: {'; '.join(misses)}")
    with torch.no_grad():
        output = model(x)
    return Prepared(seed=seed, module=model, input=x.numpy(), output=output.numpy(),
                    fits=fits, zoo_stats=zoo_stats, stats=stats, calibration=calibration,
                    sensitivity=sensitivity, seconds=time.perf_counter() - start)


def method_text(prepared: Prepared) -> str:
    fits = {f["layer"]: f for f in prepared.fits}
    names = LAYERS[:-1]
    return METHOD.format(
        seed=prepared.seed, input_seed=prepared.seed + INPUT_SEED_OFFSET,
        alpha=SPECTRUM_ALPHA, power=2 * SPECTRUM_ALPHA,
        neighbour=neighbour_correlation(torch.from_numpy(prepared.input)),
        conv1_zeros=fits["CONV1"]["relu_output_zero_fraction"],
        unshifted=", ".join(f"{r['zero_fraction']:.3f}" for r in prepared.zoo_stats[1:]),
        shifts=", ".join(f"{n} {fits[n]['shift']:+.4g}" for n in names),
        shift_stds=", ".join(f"{fits[n]['shift_in_std']:+.3f}" for n in names),
        achieved=", ".join(f"{r['layer']} {r['zero_fraction']:.4f}" for r in prepared.stats),
        targets=", ".join(f"{TARGETS[n]}" for n in LAYERS), tolerance=TOLERANCE,
        dead=sum(r["dead_channels"] for r in prepared.stats[1:]))


# ---------------------------------------------------------------------------------------
# Export and skipping
# ---------------------------------------------------------------------------------------

_SOURCE_SHA256 = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def provenance(seed: int, opset: int) -> dict:
    """What determines the files' bytes: equal provenance means equal files."""
    return {"model": MODEL, "seed": seed, "opset": opset, "batch": BATCH,
            "input_seed": seed + INPUT_SEED_OFFSET, "input_spectrum_alpha": SPECTRUM_ALPHA,
            "targets": TARGETS,
            "tolerance": TOLERANCE, **zoo.versions(), "tablev_source_sha256": _SOURCE_SHA256}


FILES = ("model.onnx", "input.npy", "input.pb", "output.pb")


def is_up_to_date(out: Path, wanted: dict) -> bool:
    """True when `out` holds a complete export with provenance `wanted` (info.json is
    written last; the SHA-256s catch files changed since)."""
    try:
        info = json.loads((out / "info.json").read_text())
        return (info.get("provenance") == wanted
                and all(zoo._sha256(out / name) == info["sha256"][name] for name in FILES))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def write(prepared: Prepared, opset: int, out: Path) -> dict:
    """Export `prepared` at `opset` into `out`, check it, write the data and info.json."""
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    content = zoo.export_bytes(prepared.module, INPUT_SHAPE, opset)
    export_seconds = time.perf_counter() - start
    start = time.perf_counter()
    model = onnx.load_model_from_string(content)
    try:
        zoo.check_onnx(model, INPUT_SHAPE, prepared.output.shape)
    except zoo.ZooError as e:
        raise TableVError(str(e)) from e
    check_seconds = time.perf_counter() - start
    del model

    files = {
        "model.onnx": content,
        "input.npy": _npy_bytes(prepared.input),
        "input.pb": onnx.numpy_helper.from_array(
            prepared.input, name=zoo.INPUT_NAME).SerializeToString(),
        "output.pb": onnx.numpy_helper.from_array(
            prepared.output, name=zoo.OUTPUT_NAME).SerializeToString(),
    }
    for name, data in files.items():
        zoo._write_atomically(out / name, data)

    achieved = prepared.achieved
    info = {
        "provenance": provenance(prepared.seed, opset),
        "seed": prepared.seed,
        "input": {"name": zoo.INPUT_NAME, "shape": list(INPUT_SHAPE), "dtype": "float32",
                  "distribution": (
                      f"per image and channel: white noise (torch.randn, float64, with a "
                      f"torch.Generator) shaped to a 1/f^{SPECTRUM_ALPHA:g} amplitude "
                      f"spectrum by FFT, then mean 0 and std 1"),
                  "spectrum_alpha": SPECTRUM_ALPHA,
                  "seed": prepared.seed + INPUT_SEED_OFFSET},
        "output": {"name": zoo.OUTPUT_NAME, "shape": list(prepared.output.shape)},
        "bias_shifts": {f["layer"]: f["shift"] for f in prepared.fits},
        "zero_fractions": {
            name: {"target": TARGETS[name], "achieved": achieved[name],
                   "error": achieved[name] - TARGETS[name],
                   "zoo_model": prepared.zoo_stats[i]["zero_fraction"]}
            for i, name in enumerate(LAYERS)},
        "tolerance": TOLERANCE,
        "model_sha256": hashlib.sha256(content).hexdigest(),
        "sha256": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
        "bytes": {name: len(data) for name, data in files.items()},
        "method": method_text(prepared),
        "fits": prepared.fits,
        "layers": prepared.stats,
        "calibration": prepared.calibration,
        "sensitivity": dataclasses.asdict(prepared.sensitivity),
        "seconds": {"prepare": round(prepared.seconds, 2), "export": round(export_seconds, 2),
                    "check": round(check_seconds, 2)},
    }
    zoo._write_atomically(out / "info.json", (json.dumps(info, indent=1) + "\n").encode())
    return info


def run(out: Path, seed: int = 0, opset: int = DEFAULT_OPSET, log=print) -> dict:
    """Write the export into `out` unless it is up to date; return its info."""
    if is_up_to_date(out, provenance(seed, opset)):
        log(f"{out}: up to date, skipped")
        return json.loads((out / "info.json").read_text())
    return write(prepare(seed, log=log), opset, out)


def format_table(info: dict) -> str:
    lines = ["layer  target   achieved  error     ifmap zeros set by",
             "-----  -------  --------  --------  ------------------"]
    for name in LAYERS:
        z = info["zero_fractions"][name]
        k = LAYERS.index(name)
        source = (f"input batch (1/f^{SPECTRUM_ALPHA:g} images)" if k == 0 else
                  f"{LAYERS[k - 1]} bias shift {info['bias_shifts'][LAYERS[k - 1]]:+.4g}")
        lines.append(f"{name:<5}  {z['target']:<7.4f}  {z['achieved']:<8.4f}  "
                     f"{z['error']:+.5f}  {source}")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m eyeriss.tablev",
        description="Export the zoo's grouped AlexNet with CONV1-4 bias shifts that give "
                    "CONV1-5's ifmaps the zero fractions of JSSC 2017 Table V on a seeded "
                    "batch of 4, with that batch. Nothing is downloaded.")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=0, help="weight seed (default: 0)")
    parser.add_argument("--opset", type=int, default=DEFAULT_OPSET,
                        help="ONNX opset (default: %(default)s)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # as the zoo: small shared machines, comparable timings
    start = time.perf_counter()
    try:
        info = run(args.out, args.seed, args.opset)
    except (TableVError, zoo.ZooError) as e:
        print(f"eyeriss.tablev: {e}", file=sys.stderr)
        return 1
    print(format_table(info))
    print(f"model.onnx SHA-256 {info['model_sha256']}; {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
