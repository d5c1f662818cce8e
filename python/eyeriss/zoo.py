"""Model zoo: export seeded random CNNs to ONNX, with reference input and output data.

The zoo gives the importer, the compiler and the simulator real network graphs to work on
without any download: every model is built from its architecture alone (torchvision's, or
the grouped AlexNet below), with weights drawn from a seeded generator.

Usage (Debian's python3 with python3-torch, python3-torchvision, python3-onnx)::

    PYTHONPATH=python /usr/bin/python3 -m eyeriss.zoo --out build/zoo \\
        [--models alexnet,resnet18,...] [--opsets 11,13,17] [--seed 0] [--list]

Layout of what it writes, for each model and opset (the layout of ONNX's backend tests)::

    OUT/<model>/opset<N>/model.onnx
    OUT/<model>/opset<N>/test_data_set_0/input_0.pb    TensorProto "input",  N(0, 1)
    OUT/<model>/opset<N>/test_data_set_0/output_0.pb   TensorProto "logits", PyTorch's output
                                                       (computed in float64, stored as float32)
    OUT/<model>/opset<N>/info.json                     provenance, shapes, MACs, op counts

Steps for one model:
 1. Build it after ``torch.manual_seed(seed)``, in eval mode.
 2. Calibrate (see ``calibrate``): BatchNorm statistics from random batches, then an affine
    rescale of the final classifier. Random weights alone give models whose output hardly
    depends on the input (GoogLeNet's float32 logits come out identical for two different
    random inputs), which would make a numeric comparison against the reference vacuous.
 3. Check that the output really depends on the input (``check_input_sensitivity``).
 4. Export at each opset, run the ONNX checker and strict shape inference, and write the
    reference data and info.json. An export whose info.json already records the same
    provenance (model, opset, seed, library versions, this file's hash) and whose file
    still has the recorded SHA-256 is not redone: exports are deterministic.
"""

from __future__ import annotations

import argparse
import collections
import copy
import dataclasses
import hashlib
import io
import json
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

INPUT_NAME = "input"
OUTPUT_NAME = "logits"
DEFAULT_OPSETS = (11, 13, 17)

# Seeds of the random data, as offsets from the weight seed so that every stream differs
# from the weights' and from each other.
TEST_INPUT_SEED_OFFSET = 1
CALIBRATION_SEED_OFFSET = 2
SENSITIVITY_SEED_OFFSET = 3

CALIBRATION_BATCHES = 4
CALIBRATION_BATCH_SIZE = 4
# Standard deviation of the logits over the calibration images after the classifier is
# rescaled: near the spread of a trained ImageNet classifier's logits.
CALIBRATED_LOGIT_STD = 1.0

SENSITIVITY_INPUTS = 6
# Smallest accepted relative L2 change (see relative_change) of the classifier's input
# features and of the logits between any two consecutive sensitivity inputs.
MIN_RELATIVE_CHANGE = 1e-2


class ZooError(Exception):
    """A model cannot be exported as the zoo promises; the message says which and why."""


# ---------------------------------------------------------------------------------------
# The grouped AlexNet that Eyeriss ran
# ---------------------------------------------------------------------------------------


class _LRNFunction(torch.autograd.Function):
    """Local response normalization that exports as one ONNX LRN node.

    torch.nn.LocalResponseNorm is written in Python with pad and avg_pool3d, so it would
    export as a dozen Pow/Pad/AveragePool/Reshape nodes instead of LRN. The math is the
    same in both: y = x / (k + alpha/size * sum of x^2 over `size` channels)^beta, window
    centred on the channel (size//2 before, (size-1)//2 after; equal for odd sizes).
    """

    @staticmethod
    def forward(ctx, x, size: int, alpha: float, beta: float, k: float):  # noqa: D102
        # The exporter traces this body too, though symbolic() replaces it; its
        # data-dependent `numel() == 0` test would warn that the trace is input-specific.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=torch.jit.TracerWarning)
            return F.local_response_norm(x, size, alpha, beta, k)

    @staticmethod
    def symbolic(g, x, size: int, alpha: float, beta: float, k: float):  # noqa: D102
        # torch 1.13 hands an autograd.Function's symbolic a bare torch.Graph, whose op()
        # it marks deprecated in favour of the GraphContext that later versions pass here
        # (with the same op()); the warning has no action for us.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=FutureWarning, message=".*_graph_op")
            return g.op("LRN", x, size_i=size, alpha_f=alpha, beta_f=beta, bias_f=k)


class LocalResponseNorm(nn.LocalResponseNorm):
    """torch.nn.LocalResponseNorm that exports to ONNX as a single LRN node."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _LRNFunction.apply(x, self.size, self.alpha, self.beta, self.k)


class GroupedAlexNet(nn.Module):
    """The original two-group AlexNet (Krizhevsky et al., NIPS 2012), as Eyeriss ran it.

    227x227 input; CONV2, CONV4 and CONV5 are split in 2 groups (the two GPUs of the
    original), so each filter sees half the channels: half the MACs of torchvision's
    ungrouped AlexNet in those layers. LRN follows the ReLUs of CONV1 and CONV2, each
    before a 3x3/2 max pool. The shapes match JSSC 2017 Table III (the test checks them).

    LRN uses the original's constants (size 5, alpha 1e-4, beta 0.75, k 2); torch and ONNX
    both divide alpha by size, as Caffe does.
    """

    def __init__(self, num_classes: int = 1000, dropout: float = 0.5) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 96, kernel_size=11, stride=4),  # CONV1: 227 -> 55
            nn.ReLU(inplace=True),
            LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0),
            nn.MaxPool2d(kernel_size=3, stride=2),  # 55 -> 27
            nn.Conv2d(96, 256, kernel_size=5, padding=2, groups=2),  # CONV2: 27 (+4) -> 27
            nn.ReLU(inplace=True),
            LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0),
            nn.MaxPool2d(kernel_size=3, stride=2),  # 27 -> 13
            nn.Conv2d(256, 384, kernel_size=3, padding=1),  # CONV3
            nn.ReLU(inplace=True),
            nn.Conv2d(384, 384, kernel_size=3, padding=1, groups=2),  # CONV4
            nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, kernel_size=3, padding=1, groups=2),  # CONV5
            nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),  # 13 -> 6
        )
        self.classifier = nn.Sequential(
            nn.Dropout(p=dropout),
            nn.Linear(256 * 6 * 6, 4096),  # FC6
            nn.ReLU(inplace=True),
            nn.Dropout(p=dropout),
            nn.Linear(4096, 4096),  # FC7
            nn.ReLU(inplace=True),
            nn.Linear(4096, num_classes),  # FC8
        )
        # He initialisation with zero biases keeps the activations' variance about constant
        # through the ReLU layers, so the input, not the biases, drives the output as in a
        # trained network. PyTorch's default init shrinks that variance about 6x per layer.
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
                nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)


# ---------------------------------------------------------------------------------------
# The model list
# ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ModelSpec:
    """One zoo entry: how to build the model and what it takes as input."""

    name: str
    input_size: int  # square input, 3 channels, batch 1
    build: Callable[[], nn.Module]  # random weights from the global torch generator
    description: str
    # Exported with a symbolic batch dimension "N": the graph computes shapes from
    # the input's (ShuffleNet's channel shuffle reshapes to x.size(0) x ...), and a
    # batch-1 export would fix batch 1 into its Reshape targets. Compile it with
    # --batch N.
    dynamic_batch: bool = False

    @property
    def input_shape(self) -> tuple:
        return (1, 3, self.input_size, self.input_size)


# torchvision builders with weights=None: built from the architecture alone, nothing is
# downloaded.
MODELS: Dict[str, ModelSpec] = {
    spec.name: spec
    for spec in [
        ModelSpec("alexnet", 224, lambda: torchvision.models.alexnet(weights=None),
                  "torchvision AlexNet (ungrouped, one-GPU variant)"),
        ModelSpec("alexnet-grouped", 227, GroupedAlexNet,
                  "original grouped AlexNet with LRN, as in JSSC 2017 Table III"),
        ModelSpec("vgg16", 224, lambda: torchvision.models.vgg16(weights=None),
                  "torchvision VGG-16 (no BatchNorm)"),
        ModelSpec("resnet18", 224, lambda: torchvision.models.resnet18(weights=None),
                  "torchvision ResNet-18"),
        ModelSpec("resnet50", 224, lambda: torchvision.models.resnet50(weights=None),
                  "torchvision ResNet-50 (v1.5: stride in the 3x3 conv)"),
        ModelSpec("mobilenet_v2", 224, lambda: torchvision.models.mobilenet_v2(weights=None),
                  "torchvision MobileNetV2 (depthwise convs, ReLU6)"),
        ModelSpec("googlenet", 224,
                  lambda: torchvision.models.googlenet(
                      weights=None, aux_logits=False, init_weights=True,
                      transform_input=False),
                  "torchvision GoogLeNet (Inception v1 with BatchNorm), no aux heads"),
        ModelSpec("squeezenet1_0", 224,
                  lambda: torchvision.models.squeezenet1_0(weights=None),
                  "torchvision SqueezeNet 1.0 (the paper's version, 7x7 CONV1)"),
        ModelSpec("mobilenet_v3_small", 224,
                  lambda: torchvision.models.mobilenet_v3_small(weights=None),
                  "torchvision MobileNetV3-Small (HardSwish, squeeze-and-excitation "
                  "with HardSigmoid gates)"),
        ModelSpec("efficientnet_b0", 224,
                  lambda: torchvision.models.efficientnet_b0(weights=None),
                  "torchvision EfficientNet-B0 (SiLU, squeeze-and-excitation with "
                  "Sigmoid gates)"),
        ModelSpec("shufflenet_v2_x1_0", 224,
                  lambda: torchvision.models.shufflenet_v2_x1_0(weights=None),
                  "torchvision ShuffleNet V2 1.0x (channel split as Slices computed "
                  "from Shape, channel shuffle as Reshape + Transpose)",
                  dynamic_batch=True),
        ModelSpec("inception_v3", 299,
                  lambda: torchvision.models.inception_v3(
                      weights=None, aux_logits=False, init_weights=True,
                      transform_input=False),
                  "torchvision Inception-v3, no aux head (average pools exported "
                  "as Pad + AveragePool)"),
    ]
}


# ---------------------------------------------------------------------------------------
# Layer table and MACs
# ---------------------------------------------------------------------------------------


def layer_table(model: nn.Module, input_shape: Sequence[int]) -> List[dict]:
    """Conv2d and Linear layers in execution order, with shapes and MACs per image.

    Found by running the model once on zeros: execution order, not definition order, and
    the real spatial sizes. MACs count only these layers (pooling, LRN, BN and the
    element-wise ops are not multiply-accumulates of a filter).
    """
    rows: List[dict] = []
    names = {m: n for n, m in model.named_modules()}

    def record(module: nn.Module, inputs, output) -> None:
        x = inputs[0]
        if isinstance(module, nn.Conv2d):
            c_per_group = module.in_channels // module.groups
            kh, kw = module.kernel_size
            ph, pw = module.padding
            _, m, e, f = output.shape
            rows.append({
                "name": names[module], "kind": "conv",
                "in_channels": module.in_channels, "out_channels": module.out_channels,
                "groups": module.groups, "kernel": [kh, kw], "stride": list(module.stride),
                "padding": [ph, pw], "in_hw": list(x.shape[2:]),
                "padded_in_hw": [x.shape[2] + 2 * ph, x.shape[3] + 2 * pw],
                "out_hw": [e, f], "macs": m * e * f * c_per_group * kh * kw,
            })
        else:
            rows.append({
                "name": names[module], "kind": "fc",
                "in_features": module.in_features, "out_features": module.out_features,
                "macs": module.in_features * module.out_features,
            })

    _run_hooked(model, input_shape, (nn.Conv2d, nn.Linear), record)
    return rows


def _run_hooked(model: nn.Module, input_shape: Sequence[int], kinds: tuple, hook) -> None:
    """Runs the model once on zeros with `hook` on every module of the given kinds."""
    hooks = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, kinds)]
    try:
        with torch.no_grad():
            model(torch.zeros(input_shape))
    finally:
        for h in hooks:
            h.remove()


def final_layer(model: nn.Module, input_shape: Sequence[int]) -> nn.Module:
    """The last convolution (1-D, 2-D or 3-D) or Linear that runs: the classifier whose
    output the logits are (S3D's is a 1 x 1 x 1 Conv3d)."""
    ran: List[nn.Module] = []
    _run_hooked(model, input_shape, (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.Linear),
                lambda module, inputs, output: ran.append(module))
    if not ran:
        raise ZooError("the model runs no convolution or Linear layer")
    return ran[-1]


# ---------------------------------------------------------------------------------------
# Calibration and the input-sensitivity check
# ---------------------------------------------------------------------------------------


def _random_images(count: int, input_shape: Sequence[int], seed: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return torch.randn((count, *input_shape[1:]), generator=generator)


def _run_capturing_input(model: nn.Module, layer: nn.Module, x: torch.Tensor):
    """Run `model` on `x`; return (input of `layer`, output of `layer`, model output)."""
    captured = {}

    def hook(module, inputs, output):
        captured["in"] = inputs[0].detach().clone()
        captured["out"] = output.detach().clone()

    handle = layer.register_forward_hook(hook)
    try:
        with torch.no_grad():
            out = model(x)
    finally:
        handle.remove()
    return captured["in"], captured["out"], out


def calibrate(model: nn.Module, input_shape: Sequence[int], seed: int) -> dict:
    """Make a randomly initialised model's output depend on its input; return a summary.

    1. BatchNorm: running statistics are set to the real statistics of the activations on
       random batches (cumulative average: momentum=None), instead of mean 0 / var 1,
       which do not normalise anything when the weights are random. Only the BN layers
       are in training mode meanwhile, so Dropout does not perturb the statistics.
    2. Classifier: the final layer's weight and bias are rescaled per output channel so
       that over the same batches each of its outputs has mean 0 and std
       CALIBRATED_LOGIT_STD. Without this, post-ReLU features with a positive mean give
       every input the same large common logit vector and the same argmax; and equal
       spreads keep one class from winning always (SqueezeNet's classifier is a conv
       followed by ReLU and average pooling, where the widest channel would win).
    Both are affine changes of existing parameters: the architecture stays as it is.
    """
    model.eval()
    images = _random_images(CALIBRATION_BATCHES * CALIBRATION_BATCH_SIZE, input_shape,
                            seed + CALIBRATION_SEED_OFFSET)
    batches = images.split(CALIBRATION_BATCH_SIZE)

    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None
        bn.train()
    if bns:
        with torch.no_grad():
            for batch in batches:
                model(batch)
    model.eval()

    layer = final_layer(model, input_shape)
    if layer.bias is None:
        raise ZooError(f"final layer {type(layer).__name__} has no bias to calibrate")
    outputs = torch.cat([_run_capturing_input(model, layer, b)[1] for b in batches])
    # Channel axis 1, for Linear (N, K) and Conv2d (N, K, H, W) alike.
    reduce_dims = [d for d in range(outputs.dim()) if d != 1]
    std, mean = torch.std_mean(outputs, dim=reduce_dims)
    if not bool((std > 0).all()):
        raise ZooError("an output of the final layer is the same for every calibration input")
    scale = CALIBRATED_LOGIT_STD / std
    with torch.no_grad():
        layer.weight.mul_(scale.view(-1, *([1] * (layer.weight.dim() - 1))))
        layer.bias.sub_(mean).mul_(scale)
    return {
        "images": len(images), "batch_size": CALIBRATION_BATCH_SIZE,
        "batchnorm_layers": len(bns),
        "classifier_scale_range": [scale.min().item(), scale.max().item()],
    }


def qat_qconfig():
    """The quantization-aware training configuration the QDQ checks use
    (utils/torchvision_coverage.py's 'qat' models, utils/trained_check.py
    --qat-steps): fake quantization of int8 symmetric per-channel weights and
    uint8 per-tensor activations, which PyTorch exports as ONNX
    QuantizeLinear -> DequantizeLinear pairs. (PyTorch's default QAT
    configuration uses fused observers, which have no ONNX export.)"""
    import torch.ao.quantization as tq

    return tq.QConfig(
        activation=tq.FakeQuantize.with_args(
            observer=tq.MovingAverageMinMaxObserver, quant_min=0, quant_max=255,
            dtype=torch.quint8),
        weight=tq.FakeQuantize.with_args(
            observer=tq.MovingAveragePerChannelMinMaxObserver, quant_min=-128,
            quant_max=127, dtype=torch.qint8, qscheme=torch.per_channel_symmetric))


def relative_change(a: torch.Tensor, b: torch.Tensor) -> float:
    """||a - b|| / max(||a||, ||b||): 0 when equal, 0 when both are zero."""
    denominator = max(a.norm().item(), b.norm().item())
    return (a - b).norm().item() / denominator if denominator > 0 else 0.0


@dataclasses.dataclass
class Sensitivity:
    feature_change: float  # min relative change of the final layer's input
    logit_change: float  # min relative change of the logits
    distinct_argmax: int  # distinct argmax classes over the sensitivity inputs

    def problems(self) -> List[str]:
        found = []
        if not self.feature_change > MIN_RELATIVE_CHANGE:
            found.append(f"classifier input features change by only {self.feature_change:.3g}")
        if not self.logit_change > MIN_RELATIVE_CHANGE:
            found.append(f"logits change by only {self.logit_change:.3g}")
        if self.distinct_argmax < 2:
            found.append("argmax is the same class for every input")
        return found


def measure_input_sensitivity(model: nn.Module, input_shape: Sequence[int],
                              seed: int) -> Sensitivity:
    """How much the model's output changes between different random inputs.

    Both the logits and the features entering the final layer are measured: the features
    guard against a classifier calibration that only amplifies float rounding noise of a
    nearly constant signal.
    """
    layer = final_layer(model, input_shape)
    images = _random_images(SENSITIVITY_INPUTS, input_shape, seed + SENSITIVITY_SEED_OFFSET)
    features, _, logits = _run_capturing_input(model.eval(), layer, images)
    pairs = range(SENSITIVITY_INPUTS - 1)
    return Sensitivity(
        feature_change=min(relative_change(features[i], features[i + 1]) for i in pairs),
        logit_change=min(relative_change(logits[i], logits[i + 1]) for i in pairs),
        distinct_argmax=len(set(logits.flatten(1).argmax(dim=1).tolist())),
    )


def check_input_sensitivity(name: str, model: nn.Module, input_shape: Sequence[int],
                            seed: int) -> Sensitivity:
    """measure_input_sensitivity, raising ZooError when the output ignores the input."""
    sensitivity = measure_input_sensitivity(model, input_shape, seed)
    problems = sensitivity.problems()
    if problems:
        raise ZooError(
            f"{name}: the output barely depends on the input over {SENSITIVITY_INPUTS} random "
            f"inputs ({'; '.join(problems)}; threshold {MIN_RELATIVE_CHANGE:g}); a numeric "
            "check against its reference output would prove nothing")
    return sensitivity


# ---------------------------------------------------------------------------------------
# Building a prepared model
# ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class PreparedModel:
    """A calibrated model with its reference data, ready to export at any opset."""

    spec: ModelSpec
    seed: int
    module: nn.Module
    test_input: np.ndarray
    test_output: np.ndarray
    layers: List[dict]
    calibration: dict
    sensitivity: Sensitivity
    prepare_seconds: float


def build_model(name: str, seed: int) -> Tuple[nn.Module, dict]:
    """Model `name` with seeded random weights, calibrated, in eval mode, and calibrate's
    summary. The same name and seed give the same weights (the tests rely on it)."""
    spec = MODELS[name]
    torch.manual_seed(seed)
    model = spec.build().eval()
    return model, calibrate(model, spec.input_shape, seed)


def reference_output(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """`model`'s output on `x`, computed in float64 and rounded to float32.

    PyTorch's own float32 result is off by more than the checks' tolerance on deep
    models: on Inception-v3 it differs from the float64 result by 1.25e-4 of the
    logits' range, where the checks allow 1e-4 (utils/zoo_check.py)."""
    with torch.no_grad():
        return copy.deepcopy(model).double()(x.double()).float()


def prepare(name: str, seed: int) -> PreparedModel:
    """Build and calibrate `name`, check its input sensitivity, compute reference data."""
    spec = MODELS[name]
    start = time.perf_counter()
    model, calibration = build_model(name, seed)
    sensitivity = check_input_sensitivity(name, model, spec.input_shape, seed)
    test_input = _random_images(1, spec.input_shape, seed + TEST_INPUT_SEED_OFFSET)
    test_output = reference_output(model, test_input)
    return PreparedModel(
        spec=spec, seed=seed, module=model, test_input=test_input.numpy(),
        test_output=test_output.numpy(), layers=layer_table(model, spec.input_shape),
        calibration=calibration, sensitivity=sensitivity,
        prepare_seconds=time.perf_counter() - start)


# ---------------------------------------------------------------------------------------
# Export, checks and graph inspection
# ---------------------------------------------------------------------------------------


def export_bytes(model: nn.Module, input_shape: Sequence[int], opset: int,
                 dynamic_batch: bool = False) -> bytes:
    """The ONNX file of `model` at `opset`: batch 1 (or a symbolic batch "N"),
    otherwise static shapes, constants folded."""
    buffer = io.BytesIO()
    dynamic_axes = ({INPUT_NAME: {0: "N"}, OUTPUT_NAME: {0: "N"}} if dynamic_batch
                    else None)
    torch.onnx.export(
        model, torch.zeros(input_shape), buffer, export_params=True, verbose=False,
        training=torch.onnx.TrainingMode.EVAL, input_names=[INPUT_NAME],
        output_names=[OUTPUT_NAME], opset_version=opset, do_constant_folding=True,
        dynamic_axes=dynamic_axes)
    return buffer.getvalue()


def _static_shape(value_info: onnx.ValueInfoProto) -> List[Optional[int]]:
    return [d.dim_value if d.HasField("dim_value") else None
            for d in value_info.type.tensor_type.shape.dim]


def check_onnx(model: onnx.ModelProto, input_shape: Sequence[int],
               output_shape: Sequence[int], dynamic_batch: bool = False) -> None:
    """ONNX checker, strict shape inference, and the promised input/output signature
    (with dimension 0 symbolic when `dynamic_batch`)."""
    try:
        onnx.checker.check_model(model)
    except onnx.checker.ValidationError as e:
        raise ZooError(f"onnx.checker rejects the export: {e}") from e
    try:
        inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    except onnx.shape_inference.InferenceError as e:
        raise ZooError(f"ONNX shape inference fails on the export: {e}") from e
    graph = inferred.graph
    inputs = [i for i in graph.input if i.name not in {t.name for t in graph.initializer}]
    signature = ([(i.name, _static_shape(i)) for i in inputs],
                 [(o.name, _static_shape(o)) for o in graph.output])
    def batch(shape):
        return [None, *shape[1:]] if dynamic_batch else list(shape)
    expected = ([(INPUT_NAME, batch(input_shape))], [(OUTPUT_NAME, batch(output_shape))])
    if signature != expected:
        raise ZooError(f"export has inputs/outputs {signature}, expected {expected}")


def _describe_pool(node: onnx.NodeProto) -> str:
    attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    kernel = "x".join(map(str, attrs["kernel_shape"]))
    stride = "x".join(map(str, attrs.get("strides", [1] * len(attrs["kernel_shape"]))))
    pads = ",".join(map(str, attrs.get("pads", [0] * 2 * len(attrs["kernel_shape"]))))
    text = f"k{kernel} s{stride} pads[{pads}]"
    if attrs.get("ceil_mode", 0):
        text += " ceil_mode=1"
    if node.op_type == "AveragePool" and attrs.get("count_include_pad", 0):
        text += " count_include_pad=1"
    return text


def inspect_graph(model: onnx.ModelProto) -> dict:
    """Op counts and the facts an importer has to handle, read from the exported graph.

    A value's source is described by the op producing it, "initializer" or "graph input",
    wrapped in "Identity(...)" for each Identity node in between.
    """
    graph = model.graph
    initializers = {t.name: t for t in graph.initializer}
    producers = {out: node for node in graph.node for out in node.output}

    def resolve(name: str):
        """Follow Identity nodes back; return (name reached, number of Identities)."""
        hops = 0
        while name in producers and producers[name].op_type == "Identity":
            name = producers[name].input[0]
            hops += 1
        return name, hops

    def source(name: str) -> str:
        if not name:
            return "absent"
        origin, hops = resolve(name)
        if origin in initializers:
            text = "initializer"
        elif origin in producers:
            text = producers[origin].op_type
        else:
            text = "graph input"
        return "Identity(" * hops + text + ")" * hops

    def count(items) -> Dict[str, int]:
        return dict(sorted(collections.Counter(items).items()))

    def nodes(op_type: str) -> List[onnx.NodeProto]:
        return [n for n in graph.node if n.op_type == op_type]

    def attr(node: onnx.NodeProto, name: str, default):
        for a in node.attribute:
            if a.name == name:
                return onnx.helper.get_attribute_value(a)
        return default

    conv_kinds = []
    for conv in nodes("Conv"):
        weight = initializers.get(resolve(conv.input[1])[0])
        group = attr(conv, "group", 1)
        if group == 1:
            conv_kinds.append("dense")
        elif weight is not None and weight.dims[1] == 1:
            conv_kinds.append("depthwise")
        else:
            conv_kinds.append("grouped")

    def clip_bounds(node: onnx.NodeProto) -> str:
        if any(a.name in ("min", "max") for a in node.attribute):
            return "attributes"
        return "min: {}, max: {}".format(*(source(node.input[i]) if len(node.input) > i
                                           else "absent" for i in (1, 2)))

    gemms = nodes("Gemm")
    return {
        "op_counts": count(n.op_type for n in graph.node),
        "batchnorm_input_from": count(source(n.input[0]) for n in nodes("BatchNormalization")),
        "conv_kinds": count(conv_kinds),
        "conv_weight_from": count(source(n.input[1]) for n in nodes("Conv")),
        "conv_bias_from": count(source(n.input[2]) if len(n.input) > 2 else "absent"
                                for n in nodes("Conv")),
        "clip_bounds": count(clip_bounds(n) for n in nodes("Clip")),
        "maxpool": count(_describe_pool(n) for n in nodes("MaxPool")),
        "averagepool": count(_describe_pool(n) for n in nodes("AveragePool")),
        "gemm_input_from": count(source(n.input[0]) for n in gemms),
        "gemm_weight_from": count(source(n.input[1]) for n in gemms),
        "gemm_trans_b": count(str(attr(n, "transB", 0)) for n in gemms),
        "identity_feeds": count(f"{n.op_type}.input{i}" for n in graph.node
                                for i, name in enumerate(n.input)
                                if name in producers and producers[name].op_type == "Identity"),
    }


# ---------------------------------------------------------------------------------------
# Writing exports, and skipping those that are up to date
# ---------------------------------------------------------------------------------------


# This file decides the exports' bytes as much as the libraries do: any edit of it redoes
# them, rather than trusting a hand-bumped format number. Hashed at import, so that it is
# the code that runs.
_SOURCE_SHA256 = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def versions() -> dict:
    """Versions of everything that decides an export's bytes."""
    return {"torch": torch.__version__, "torchvision": torchvision.__version__,
            "onnx": onnx.__version__, "zoo_source_sha256": _SOURCE_SHA256}


def provenance(name: str, opset: int, seed: int) -> dict:
    """What determines an export's bytes: equal provenance means an equal file."""
    return {"model": name, "opset": opset, "seed": seed, **versions()}


def export_dir(out: Path, name: str, opset: int) -> Path:
    return out / name / f"opset{opset}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_up_to_date(directory: Path, wanted: dict) -> bool:
    """True when `directory` holds a complete export with provenance `wanted`.

    info.json is written last, so its presence means the files before it were written;
    the SHA-256 it records catches a model.onnx changed or truncated since.
    """
    try:
        info = json.loads((directory / "info.json").read_text())
    except (OSError, ValueError):
        return False
    data = directory / "test_data_set_0"
    return (info.get("provenance") == wanted
            and (data / "input_0.pb").is_file() and (data / "output_0.pb").is_file()
            and (directory / "model.onnx").is_file()
            and _sha256(directory / "model.onnx") == info.get("file", {}).get("sha256"))


def _write_atomically(path: Path, content: bytes) -> None:
    """Write via a temporary file and rename, so a killed run leaves no partial file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)


def write_export(prepared: PreparedModel, opset: int, out: Path,
                 check_determinism: bool = False) -> dict:
    """Export, check and inspect `prepared` at `opset` into `out`; return its info."""
    spec = prepared.spec
    directory = export_dir(out, spec.name, opset)
    (directory / "test_data_set_0").mkdir(parents=True, exist_ok=True)

    start = time.perf_counter()
    content = export_bytes(prepared.module, spec.input_shape, opset, spec.dynamic_batch)
    export_seconds = time.perf_counter() - start
    if check_determinism and export_bytes(prepared.module, spec.input_shape, opset,
                                          spec.dynamic_batch) != content:
        raise ZooError(f"{spec.name} opset {opset}: two exports differ byte for byte")

    start = time.perf_counter()
    model = onnx.load_model_from_string(content)
    check_onnx(model, spec.input_shape, prepared.test_output.shape, spec.dynamic_batch)
    check_seconds = time.perf_counter() - start

    _write_atomically(directory / "model.onnx", content)
    for filename, name, array in (("input_0.pb", INPUT_NAME, prepared.test_input),
                                  ("output_0.pb", OUTPUT_NAME, prepared.test_output)):
        tensor = onnx.numpy_helper.from_array(array, name=name)
        _write_atomically(directory / "test_data_set_0" / filename,
                          tensor.SerializeToString())

    conv_macs = sum(r["macs"] for r in prepared.layers if r["kind"] == "conv")
    fc_macs = sum(r["macs"] for r in prepared.layers if r["kind"] == "fc")
    info = {
        "provenance": provenance(spec.name, opset, prepared.seed),
        "description": spec.description,
        "input": {"name": INPUT_NAME, "shape": list(spec.input_shape),
                  "dynamic_batch": spec.dynamic_batch,
                  "seed": prepared.seed + TEST_INPUT_SEED_OFFSET},
        "output": {"name": OUTPUT_NAME, "shape": list(prepared.test_output.shape)},
        "parameters": sum(p.numel() for p in prepared.module.parameters()),
        "macs": {"conv": conv_macs, "fc": fc_macs, "total": conv_macs + fc_macs},
        "calibration": prepared.calibration,
        "sensitivity": dataclasses.asdict(prepared.sensitivity),
        "file": {"bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()},
        "seconds": {"prepare_model": round(prepared.prepare_seconds, 2),
                    "export": round(export_seconds, 2), "check": round(check_seconds, 2)},
        "graph": inspect_graph(model),
        "layers": prepared.layers,
    }
    _write_atomically(directory / "info.json", (json.dumps(info, indent=1) + "\n").encode())
    return info


def run(out: Path, names: Sequence[str], opsets: Sequence[int], seed: int,
        check_determinism: bool = False, log=print) -> List[str]:
    """Export every model at every opset; return the failures (empty when all went well).

    A failure of one export is reported and the others go on, so one unsupported
    model/opset pair does not hide the state of the rest.
    """
    failures = []
    for name in names:
        pending = [o for o in opsets
                   if not is_up_to_date(export_dir(out, name, o), provenance(name, o, seed))]
        for opset in sorted(set(opsets) - set(pending)):
            log(f"{name} opset {opset}: up to date, skipped")
        if not pending:
            continue
        try:
            prepared = prepare(name, seed)
        except Exception as e:  # report the model and go on with the next
            failures.append(f"{name}: {type(e).__name__}: {e}")
            log(f"{name}: FAILED to build: {type(e).__name__}: {e}")
            continue
        s = prepared.sensitivity
        log(f"{name}: built and calibrated in {prepared.prepare_seconds:.1f} s "
            f"(feature change {s.feature_change:.3g}, logit change {s.logit_change:.3g}, "
            f"{s.distinct_argmax}/{SENSITIVITY_INPUTS} distinct argmax)")
        for opset in pending:
            try:
                info = write_export(prepared, opset, out, check_determinism)
            except Exception as e:  # report the pair and go on with the next
                failures.append(f"{name} opset {opset}: {type(e).__name__}: {e}")
                log(f"{name} opset {opset}: FAILED: {type(e).__name__}: {e}")
                continue
            log(f"{name} opset {opset}: {info['file']['bytes'] / 1e6:.1f} MB, export "
                f"{info['seconds']['export']:.1f} s, checks {info['seconds']['check']:.1f} s"
                + (", deterministic" if check_determinism else ""))
    return failures


def list_models() -> str:
    width = max(len(n) for n in MODELS)
    return "\n".join(f"{s.name:<{width}}  {s.input_size}x{s.input_size}  {s.description}"
                     for s in MODELS.values())


def _comma_list(text: str) -> List[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m eyeriss.zoo",
        description="Export the model zoo (seeded random weights) to ONNX with reference "
                    "input/output data. Nothing is downloaded.")
    parser.add_argument("--out", type=Path, help="output directory")
    parser.add_argument("--models", default=",".join(MODELS),
                        help="comma-separated model names (default: all; see --list)")
    parser.add_argument("--opsets", default=",".join(map(str, DEFAULT_OPSETS)),
                        help="comma-separated ONNX opsets (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="weight seed (default: 0)")
    parser.add_argument("--check-determinism", action="store_true",
                        help="export each model twice and fail if the bytes differ")
    parser.add_argument("--list", action="store_true",
                        help="print the model names and input sizes, and exit")
    args = parser.parse_args(argv)

    if args.list:
        print(list_models())
        return 0
    if args.out is None:
        parser.error("--out is required (unless --list)")
    names = _comma_list(args.models)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}; known: {', '.join(MODELS)}")
    try:
        opsets = [int(o) for o in _comma_list(args.opsets)]
    except ValueError:
        parser.error(f"--opsets must be comma-separated integers, got {args.opsets!r}")

    # The machines this runs on are small and shared; one thread keeps timings comparable.
    torch.set_num_threads(1)
    failures = run(args.out, names, opsets, args.seed, args.check_determinism)
    if failures:
        print(f"\n{len(failures)} failure(s):", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
