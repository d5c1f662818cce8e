"""Tests of eyeriss.zoo: fast ones only (one small model is exported, at one opset).

Run: PYTHONPATH=python /usr/bin/python3 -m pytest python/tests
"""

import json
import math
import sys
from pathlib import Path

import numpy as np
import onnx
import onnx.numpy_helper
import pytest
import torch
import torch.nn as nn

# The package lives in python/, which is not on sys.path when pytest runs from the
# repository root without PYTHONPATH=python.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eyeriss import zoo  # noqa: E402

torch.set_num_threads(1)

# AlexNet's CONV layers as Eyeriss ran them, from Chen et al., "Eyeriss: An Energy-Efficient
# Reconfigurable Accelerator for Deep Convolutional Neural Networks", IEEE JSSC 52(1), 2017:
# Table III (H padded input height, R filter height, E ofmap height, C channels per group,
# M filters, U stride) and Table V (MACs per batch of N = 4 images).
JSSC_BATCH = 4
JSSC_ALEXNET = [
    # name    H    R   E   C    M    U  MACs per batch of 4
    ("CONV1", 227, 11, 55, 3, 96, 4, 421.66e6),
    ("CONV2", 31, 5, 27, 48, 256, 1, 895.79e6),
    ("CONV3", 15, 3, 13, 256, 384, 1, 598.1e6),
    ("CONV4", 15, 3, 13, 192, 384, 1, 448.6e6),
    ("CONV5", 15, 3, 13, 192, 256, 1, 299.0e6),
]


@pytest.fixture(scope="module")
def grouped_alexnet_layers():
    spec = zoo.MODELS["alexnet-grouped"]
    torch.manual_seed(0)
    return zoo.layer_table(spec.build().eval(), spec.input_shape)


def test_grouped_alexnet_shapes_match_jssc_table_iii(grouped_alexnet_layers):
    convs = [r for r in grouped_alexnet_layers if r["kind"] == "conv"]
    got = [(r["padded_in_hw"], r["kernel"], r["out_hw"], r["in_channels"] // r["groups"],
            r["out_channels"], r["stride"]) for r in convs]
    want = [([h, h], [r, r], [e, e], c, m, [u, u]) for _, h, r, e, c, m, u, _ in JSSC_ALEXNET]
    assert got == want
    fcs = [(r["in_features"], r["out_features"])
           for r in grouped_alexnet_layers if r["kind"] == "fc"]
    assert fcs == [(9216, 4096), (4096, 4096), (4096, 1000)]


def test_grouped_alexnet_macs_match_jssc_table_v(grouped_alexnet_layers):
    convs = [r for r in grouped_alexnet_layers if r["kind"] == "conv"]
    for row, (name, *_, published) in zip(convs, JSSC_ALEXNET):
        assert row["macs"] * JSSC_BATCH == pytest.approx(published, rel=5e-3), name


def _onnx_lrn(x: np.ndarray, size: int, alpha: float, beta: float, bias: float):
    """LRN exactly as the ONNX operator spec defines it."""
    channels = x.shape[1]
    square_sum = np.zeros_like(x)
    for c in range(channels):
        lo = max(0, c - math.floor((size - 1) / 2))
        hi = min(channels - 1, c + math.ceil((size - 1) / 2))
        square_sum[:, c] = (x[:, lo:hi + 1] ** 2).sum(axis=1)
    return x / (bias + alpha / size * square_sum) ** beta


def test_lrn_exports_as_one_onnx_lrn_with_the_same_math(tmp_path):
    lrn = zoo.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0)
    x = torch.randn(1, 8, 4, 4, generator=torch.Generator().manual_seed(0)) * 30
    np.testing.assert_allclose(lrn(x).numpy(), _onnx_lrn(x.numpy(), 5, 1e-4, 0.75, 2.0),
                               rtol=1e-5)
    model = onnx.load_model_from_string(zoo.export_bytes(lrn, x.shape, 13))
    [node] = model.graph.node
    attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    assert node.op_type == "LRN"
    assert attrs == pytest.approx({"size": 5, "alpha": 1e-4, "beta": 0.75, "bias": 2.0})


def _two_input_add(b_shape):
    make = onnx.helper.make_tensor_value_info
    graph = onnx.helper.make_graph(
        [onnx.helper.make_node("Add", ["input", "b"], ["logits"])], "g",
        [make("input", onnx.TensorProto.FLOAT, [2, 3]),
         make("b", onnx.TensorProto.FLOAT, b_shape)],
        [make("logits", onnx.TensorProto.FLOAT, [2, 3])])
    return onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 13)])


def test_check_onnx_fails_clearly():
    with pytest.raises(zoo.ZooError, match="onnx.checker rejects"):
        model = _two_input_add([2, 3])
        model.graph.node[0].input[1] = "undefined"
        zoo.check_onnx(model, (2, 3), (2, 3))
    with pytest.raises(zoo.ZooError, match="shape inference fails"):
        zoo.check_onnx(_two_input_add([4, 5]), (2, 3), (2, 3))
    with pytest.raises(zoo.ZooError, match="expected"):  # "b" is a second graph input
        zoo.check_onnx(_two_input_add([2, 3]), (2, 3), (2, 3))


# --- the input-sensitivity check -------------------------------------------------------

SMALL_INPUT = (1, 3, 16, 16)


def _small_classifier() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten(), nn.Linear(16, 10)).eval()


def test_calibration_makes_a_random_classifier_pass_the_sensitivity_check():
    model = _small_classifier()
    # Random weights: post-ReLU features share a positive mean, so one class always wins.
    assert zoo.measure_input_sensitivity(model, SMALL_INPUT, 0).problems() == [
        "argmax is the same class for every input"]
    zoo.calibrate(model, SMALL_INPUT, 0)
    sensitivity = zoo.check_input_sensitivity("small", model, SMALL_INPUT, 0)
    assert sensitivity.distinct_argmax > 1


def test_sensitivity_check_fails_when_logits_ignore_the_input():
    model = _small_classifier()
    nn.init.zeros_(model[-1].weight)  # logits = bias, whatever the input
    with pytest.raises(zoo.ZooError, match="logits change by only 0"):
        zoo.check_input_sensitivity("constant", model, SMALL_INPUT, 0)


class _IgnoresInput(nn.Module):
    """Features are a constant: calibrating the classifier cannot make this a real model."""

    def __init__(self):
        super().__init__()
        self.features = nn.Parameter(torch.rand(16))
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        return self.fc(self.features.expand(x.shape[0], -1) + 0 * x.mean())


def test_sensitivity_check_fails_when_features_ignore_the_input():
    model = _IgnoresInput().eval()
    with pytest.raises(zoo.ZooError, match="features change by only 0"):
        zoo.check_input_sensitivity("constant", model, SMALL_INPUT, 0)


def test_calibration_rejects_a_classifier_with_constant_outputs():
    with pytest.raises(zoo.ZooError, match="same for every calibration input"):
        zoo.calibrate(_IgnoresInput().eval(), SMALL_INPUT, 0)


# --- one real export -------------------------------------------------------------------

MODEL, OPSET, SEED = "squeezenet1_0", 13, 0


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    out = tmp_path_factory.mktemp("zoo")
    assert zoo.run(out, [MODEL], [OPSET], SEED, log=lambda _: None) == []
    return zoo.export_dir(out, MODEL, OPSET)


@pytest.fixture(scope="module")
def rebuilt():
    """The same model built again from scratch: it must give the same weights."""
    return zoo.build_model(MODEL, SEED)[0]


def test_export_passes_the_onnx_checker(export):
    model = onnx.load(export / "model.onnx")
    onnx.checker.check_model(model)
    zoo.check_onnx(model, (1, 3, 224, 224), (1, 1000))


def test_export_is_byte_identical_when_repeated(export, rebuilt):
    again = zoo.export_bytes(rebuilt, zoo.MODELS[MODEL].input_shape, OPSET)
    assert again == (export / "model.onnx").read_bytes()


def test_stored_output_is_torch_output_on_stored_input(export, rebuilt):
    def load(name):
        tensor = onnx.TensorProto()
        tensor.ParseFromString((export / "test_data_set_0" / name).read_bytes())
        return tensor.name, onnx.numpy_helper.to_array(tensor)

    (input_name, x), (output_name, y) = load("input_0.pb"), load("output_0.pb")
    assert (input_name, x.shape, x.dtype) == ("input", (1, 3, 224, 224), np.float32)
    assert (output_name, y.shape, y.dtype) == ("logits", (1, 1000), np.float32)
    # The stored output is computed in float64 (zoo.reference_output) ...
    recomputed = zoo.reference_output(rebuilt, torch.tensor(x)).numpy()
    np.testing.assert_allclose(recomputed, y, rtol=1e-6, atol=1e-7)
    # ... and is what the float32 model computes, up to float32 rounding.
    with torch.no_grad():
        in_float32 = rebuilt(torch.tensor(x)).numpy()
    np.testing.assert_allclose(in_float32, y, rtol=1e-5, atol=1e-5)


def test_info_json_records_provenance_and_graph(export):
    info = json.loads((export / "info.json").read_text())
    assert info["provenance"] == zoo.provenance(MODEL, OPSET, SEED)
    assert info["output"]["shape"] == [1, 1000]
    # SqueezeNet's max pools use ceil_mode, which an importer must honour.
    assert all("ceil_mode=1" in pool for pool in info["graph"]["maxpool"])
    assert info["graph"]["op_counts"]["Conv"] == 26


def test_up_to_date_export_is_skipped(export):
    before = (export / "model.onnx").stat().st_mtime_ns
    messages = []
    assert zoo.run(export.parents[1], [MODEL], [OPSET], SEED, log=messages.append) == []
    assert messages == [f"{MODEL} opset {OPSET}: up to date, skipped"]
    assert (export / "model.onnx").stat().st_mtime_ns == before
    # Another seed is another model: not up to date.
    assert not zoo.is_up_to_date(export, zoo.provenance(MODEL, OPSET, SEED + 1))


def test_list_names_every_model(capsys):
    assert zoo.main(["--list"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == list(zoo.MODELS)


def test_dynamic_batch_export_keeps_a_symbolic_batch():
    # ShuffleNet's channel shuffle reshapes to x.size(0) x ...: exported with a
    # symbolic batch, the Reshape target is computed from the input's shape.
    from torchvision.models.shufflenetv2 import channel_shuffle

    class Shuffle(nn.Module):
        def __init__(self):
            super().__init__()
            # Shape inference cannot see through the computed Reshape; the conv
            # gives the output its channel count back (as in ShuffleNet).
            self.conv = nn.Conv2d(4, 2, 1)

        def forward(self, x):
            return self.conv(channel_shuffle(x, 2)).mean((2, 3))

    assert zoo.MODELS["shufflenet_v2_x1_0"].dynamic_batch
    shape, out_shape = (1, 4, 3, 3), (1, 2)
    model = onnx.load_model_from_string(
        zoo.export_bytes(Shuffle(), shape, 17, dynamic_batch=True))
    zoo.check_onnx(model, shape, out_shape, dynamic_batch=True)
    assert "Shape" in {n.op_type for n in model.graph.node}
    with pytest.raises(zoo.ZooError, match="inputs/outputs"):
        zoo.check_onnx(model, shape, out_shape)
    # A batch-1 export has the batch folded into constants and no Shape op.
    static = onnx.load_model_from_string(zoo.export_bytes(Shuffle(), shape, 17))
    zoo.check_onnx(static, shape, out_shape)
    assert "Shape" not in {n.op_type for n in static.graph.node}
