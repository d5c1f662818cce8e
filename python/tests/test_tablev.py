"""Tests of eyeriss.tablev: grouped AlexNet with JSSC 2017 Table V's ifmap sparsity.

Run: PYTHONPATH=python /usr/bin/python3 -m pytest -q python/tests/test_tablev.py
(about 60 s on one core: one export with its checks, about 33 s, and a second build and
export from scratch for the determinism check, about 23 s).

The zero fractions are recomputed independently of tablev's own measurement: the weights
are read back from the exported ONNX file into a fresh torch model whose layer sequence and
attributes are first checked against the ONNX graph, which then runs on input.npy.
"""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import onnx.numpy_helper
import pytest
import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eyeriss import tablev, zoo  # noqa: E402

torch.set_num_threads(1)

SEED, OPSET = 0, 13

# JSSC 2017 Table V, written out again rather than read from tablev.
TABLE_V = {"CONV1": 0.0001, "CONV2": 0.387, "CONV3": 0.725, "CONV4": 0.793, "CONV5": 0.776}

# The grouped AlexNet's ONNX op sequence, to the classifier.
OPS = ["Conv", "Relu", "LRN", "MaxPool", "Conv", "Relu", "LRN", "MaxPool", "Conv", "Relu",
       "Conv", "Relu", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm", "Relu",
       "Gemm"]


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    out = tmp_path_factory.mktemp("tablev")
    info = tablev.run(out, SEED, OPSET, log=lambda _: None)
    return out, info


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _load_pb(path):
    tensor = onnx.TensorProto()
    tensor.ParseFromString(path.read_bytes())
    return tensor.name, onnx.numpy_helper.to_array(tensor)


@pytest.fixture(scope="module")
def onnx_model(export):
    return onnx.load(export[0] / "model.onnx")


@pytest.fixture(scope="module")
def from_onnx(onnx_model):
    """A fresh GroupedAlexNet carrying the exported file's weights, checked op by op."""
    graph = onnx_model.graph
    # The exporter shares equal initializers through Identity nodes (the zero biases).
    assert [n.op_type for n in graph.node if n.op_type != "Identity"] == OPS
    init = {t.name: torch.from_numpy(onnx.numpy_helper.to_array(t).copy())
            for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Identity" and node.input[0] in init:
            init[node.output[0]] = init[node.input[0]]

    torch.manual_seed(12345)  # any weights: every parameter is overwritten below
    net = zoo.GroupedAlexNet().eval()
    convs = [m for m in net.features if isinstance(m, nn.Conv2d)]
    linears = [m for m in net.classifier if isinstance(m, nn.Linear)]
    onnx_convs = [n for n in graph.node if n.op_type == "Conv"]
    onnx_gemms = [n for n in graph.node if n.op_type == "Gemm"]
    with torch.no_grad():
        for conv, node in zip(convs, onnx_convs):
            a = _attrs(node)
            assert a.get("group", 1) == conv.groups
            assert list(a["strides"]) == list(conv.stride)
            assert list(a.get("pads", [0] * 4)) == list(conv.padding) * 2
            conv.weight.copy_(init[node.input[1]])
            conv.bias.copy_(init[node.input[2]])
        for linear, node in zip(linears, onnx_gemms):
            a = _attrs(node)
            weight = init[node.input[1]]
            linear.weight.copy_(weight if a.get("transB", 0) else weight.T)
            linear.bias.copy_(init[node.input[2]])
    for node in graph.node:
        if node.op_type == "LRN":
            a = _attrs(node)
            assert (a["size"], a["alpha"], a["beta"], a["bias"]) == pytest.approx(
                (5, 1e-4, 0.75, 2.0))
        if node.op_type == "MaxPool":
            a = _attrs(node)
            assert (list(a["kernel_shape"]), list(a["strides"])) == ([3, 3], [2, 2])
            assert not any(a.get("pads", [0])) and not a.get("ceil_mode", 0)
    return net


def _ifmaps(net, x):
    """Inputs of every Conv2d, captured with forward pre-hooks."""
    captured = []
    hooks = [m.register_forward_pre_hook(lambda m, i: captured.append(i[0].clone()))
             for m in net.modules() if isinstance(m, nn.Conv2d)]
    with torch.no_grad():
        logits = net(x)
    for h in hooks:
        h.remove()
    return captured, logits


def test_input_files_hold_the_seeded_natural_image_batch(export):
    out, info = export
    x = np.load(out / "input.npy")
    name, x_pb = _load_pb(out / "input.pb")
    assert (x.dtype, x.shape, name) == (np.float32, (4, 3, 227, 227), "input")
    np.testing.assert_array_equal(x, x_pb)
    np.testing.assert_array_equal(x, tablev.input_batch(SEED).numpy())
    # Every image and channel normalized, as a normalized ImageNet input.
    np.testing.assert_allclose(x.mean(axis=(2, 3)), 0, atol=1e-5)
    np.testing.assert_allclose(x.std(axis=(2, 3)), 1, atol=1e-5)
    # Spatially smooth, unlike the white noise of the zoo's inputs.
    assert tablev.neighbour_correlation(torch.from_numpy(x)) > 0.7
    assert info["input"]["shape"] == [4, 3, 227, 227]
    assert info["input"]["spectrum_alpha"] == tablev.SPECTRUM_ALPHA == 1.0
    assert info["input"]["seed"] == SEED + tablev.INPUT_SEED_OFFSET


def _radial_amplitude_slope(x):
    """Slope of log mean |FFT| against log spatial frequency over 0.03-0.3 cycles/pixel."""
    x = torch.as_tensor(x, dtype=torch.float64)
    amplitude = torch.fft.fft2(x).abs().mean(dim=(0, 1))
    h, w = x.shape[-2:]
    f = torch.sqrt(torch.fft.fftfreq(h)[:, None] ** 2 + torch.fft.fftfreq(w)[None, :] ** 2)
    bands = np.geomspace(0.03, 0.3, 9)
    centres, means = [], []
    for lo, hi in zip(bands[:-1], bands[1:]):
        ring = (f >= lo) & (f < hi)
        centres.append(np.log(f[ring].mean().item()))
        means.append(np.log(amplitude[ring].mean().item()))
    return np.polyfit(centres, means, 1)[0]


def test_natural_images_have_a_1_over_f_spectrum_and_are_seeded():
    shape = (8, 3, 64, 64)
    x = tablev.natural_images(shape, 7)
    assert x.dtype == torch.float32 and tuple(x.shape) == shape
    assert torch.equal(x, tablev.natural_images(shape, 7))  # deterministic for a seed
    assert not torch.equal(x, tablev.natural_images(shape, 8))
    torch.testing.assert_close(x.mean(dim=(2, 3)), torch.zeros(8, 3), atol=1e-5, rtol=0)
    torch.testing.assert_close(x.std(dim=(2, 3), unbiased=False), torch.ones(8, 3),
                               atol=1e-5, rtol=0)
    assert _radial_amplitude_slope(x) == pytest.approx(-1.0, abs=0.1)
    assert tablev.neighbour_correlation(x) > 0.6
    # Channels and images are drawn independently.
    cross = torch.stack([torch.corrcoef(image) for image in x.flatten(2)])
    assert cross[:, [0, 0, 1], [1, 2, 2]].abs().max() < 0.3
    assert not torch.equal(x[0], x[1])
    # alpha = 0 leaves white noise: flat spectrum, uncorrelated neighbours.
    white = tablev.natural_images(shape, 7, alpha=0.0)
    assert _radial_amplitude_slope(white) == pytest.approx(0.0, abs=0.1)
    assert abs(tablev.neighbour_correlation(white)) < 0.05


def test_export_has_the_batch_4_signature(onnx_model):
    # (tablev itself runs the ONNX checker and shape inference: zoo.check_onnx.)
    graph = onnx_model.graph
    initializers = {t.name for t in graph.initializer}
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(graph.input) + list(graph.output) if v.name not in initializers}
    assert shapes == {"input": [4, 3, 227, 227], "logits": [4, 1000]}


def test_recomputed_ifmap_zero_fractions_match_table_v(export, from_onnx):
    out, info = export
    ifmaps, logits = _ifmaps(from_onnx, torch.from_numpy(np.load(out / "input.npy")))
    assert len(ifmaps) == 5
    for (layer, target), ifmap in zip(TABLE_V.items(), ifmaps):
        fraction = (ifmap == 0).sum().item() / ifmap.numel()
        assert abs(fraction - target) <= 0.005, (layer, fraction, target)
        # The same as tablev measured, up to values on the ReLU's edge.
        assert fraction == pytest.approx(info["zero_fractions"][layer]["achieved"], abs=1e-4)
    # output.pb is the logits of this model on this batch.
    name, expected = _load_pb(out / "output.pb")
    assert name == "logits"
    np.testing.assert_allclose(logits.numpy(), expected, rtol=1e-4, atol=1e-5)


def test_only_conv1_to_conv4_biases_are_shifted(export, from_onnx):
    _, info = export
    convs = [m for m in from_onnx.features if isinstance(m, nn.Conv2d)]
    for name, conv in zip(tablev.LAYERS, convs):
        bias = conv.bias.detach()
        # The zoo's biases are zero; a shift makes every channel the same constant.
        expected = info["bias_shifts"].get(name, 0.0)
        assert torch.equal(bias, torch.full_like(bias, expected)), name
    assert set(info["bias_shifts"]) == {"CONV1", "CONV2", "CONV3", "CONV4"}


def test_info_json_records_the_fit(export):
    out, info = export
    assert json.loads((out / "info.json").read_text()) == info
    assert info["provenance"] == tablev.provenance(SEED, OPSET)
    assert info["seed"] == SEED
    for layer, target in TABLE_V.items():
        z = info["zero_fractions"][layer]
        assert z["target"] == target and abs(z["achieved"] - target) <= 0.005
    assert info["model_sha256"] == zoo._sha256(out / "model.onnx")
    assert "bisection" in info["method"] and "1/f^alpha with alpha = 1" in info["method"]
    assert "1/f^1" in info["input"]["distribution"]
    # CONV1's output needs fewer zeros than with white-noise input (about 0.90).
    conv1 = next(f for f in info["fits"] if f["layer"] == "CONV1")
    assert 0.5 < conv1["relu_output_zero_fraction"] < 0.87
    table = tablev.format_table(info)
    assert all(layer in table for layer in TABLE_V)


def test_export_is_deterministic(export):
    """A second build from scratch gives the same shifts, data and ONNX bytes."""
    _, info = export
    prepared = tablev.prepare(SEED, log=lambda _: None)
    assert {f["layer"]: f["shift"] for f in prepared.fits} == info["bias_shifts"]
    assert tablev.method_text(prepared) == info["method"]
    content = zoo.export_bytes(prepared.module, tablev.INPUT_SHAPE, OPSET)
    assert hashlib.sha256(content).hexdigest() == info["model_sha256"]


def test_command_line_skips_an_up_to_date_export_and_prints_the_table(export, capsys):
    out, info = export
    assert tablev.main(["--out", str(out), "--seed", str(SEED), "--opset", str(OPSET)]) == 0
    printed = capsys.readouterr().out
    assert "up to date, skipped" in printed
    assert tablev.format_table(info) in printed and info["model_sha256"] in printed


def test_up_to_date_export_is_skipped(export):
    out, info = export
    before = (out / "model.onnx").stat().st_mtime_ns
    messages = []
    assert tablev.run(out, SEED, OPSET, log=messages.append) == info
    assert messages == [f"{out}: up to date, skipped"]
    assert (out / "model.onnx").stat().st_mtime_ns == before
    assert not tablev.is_up_to_date(out, tablev.provenance(SEED + 1, OPSET))


def test_bisection_finds_a_step_and_reports_an_unreachable_target():
    # A non-increasing step function: the fraction of 1000 thresholds above the shift.
    thresholds = np.linspace(-3, 5, 1000)
    fraction = lambda s: float((thresholds > s).mean())  # noqa: E731
    shift, achieved, _ = tablev.bisect_shift(fraction, 0.3, scale=1.0)
    assert abs(achieved - 0.3) <= 1e-3 and fraction(shift) == achieved
    with pytest.raises(tablev.TableVError):
        tablev.bisect_shift(lambda s: 0.5, 0.9, scale=1.0)
    with pytest.raises(tablev.TableVError):
        tablev.bisect_shift(fraction, 0.3, scale=0.0)
