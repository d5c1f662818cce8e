"""Tests of the Python API (eyeriss.compile, eyeriss.simulate, eyeriss.export_torch).

Run: /usr/bin/python3 -m pytest python/tests/test_api.py -rs

End to end: SqueezeNet 1.1 (torchvision architecture, seeded calibrated weights) at 64x64
is exported to ONNX, compiled to an EYB program and simulated; the simulator's outputs
must match PyTorch's float32 output. The simulation tests skip, saying why, while
eyeriss-run is not built. The plumbing of simulate() (input files, output and stats
reading, errors) is also tested against fake_eyeriss_run.py, which follows the
simulator's command-line contract.
"""

import gc
import json

import numpy as np
import onnx
import pytest
import torch
import torch.nn as nn

from conftest import INPUT_SHAPE, cosine, require_tool

import eyeriss
from eyeriss._tools import option_flags


# ---------------------------------------------------------------------------------------
# Option mapping and tool lookup
# ---------------------------------------------------------------------------------------


def test_option_flags_map_python_names_to_flags():
    assert option_flags({"objective": "latency", "measure_sparsity": True,
                         "exhaustive_search": False, "mapping": None,
                         "ifmap_zeros": 0.5}) == [
        "--objective=latency", "--measure-sparsity", "--ifmap-zeros=0.5"]
    assert option_flags({"input": ["a.npy", "b.npy"]}) == ["--input=a.npy", "--input=b.npy"]
    assert option_flags({"input_range": (-1, 1)}) == ["--input-range=-1,1"]
    assert option_flags({"shape": {"input": (1, 3, 64, 64)}}) == [
        "--shape=input:1,3,64,64"]
    assert option_flags({"seed": 3, "progress": True}, separate=True) == [
        "--seed", "3", "--progress"]


def test_find_tool_honours_tools_dir_and_environment(fake_tools_dir, monkeypatch):
    assert eyeriss.find_tool("eyeriss-run", fake_tools_dir) == fake_tools_dir / "eyeriss-run"
    monkeypatch.setenv("EYERISS_BUILD_DIR", str(fake_tools_dir))
    assert eyeriss.find_tool("eyeriss-run") == fake_tools_dir / "eyeriss-run"
    with pytest.raises(eyeriss.ToolNotFoundError, match="EYERISS_BUILD_DIR"):
        eyeriss.find_tool("eyeriss-compile")
    monkeypatch.setenv("EYERISS_BUILD_DIR", str(fake_tools_dir / "missing"))
    assert not eyeriss.tool_available("eyeriss-run")


# ---------------------------------------------------------------------------------------
# export_torch
# ---------------------------------------------------------------------------------------


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4 * 8 * 8, 10)

    def forward(self, x):
        return self.fc(torch.relu(self.bn(self.conv(x))).flatten(1))


def test_export_torch_writes_a_checked_model_and_restores_the_mode(tmp_path):
    torch.manual_seed(0)
    net = TinyNet().train()
    model = eyeriss.export_torch(net, (2, 3, 8, 8), tmp_path / "tiny.onnx", opset=13,
                                 input_name="image", output_name="scores")
    assert net.training, "the module's training mode must be restored"
    loaded = onnx.load(str(tmp_path / "tiny.onnx"))
    onnx.checker.check_model(loaded)
    assert [i.name for i in loaded.graph.input] == ["image"]
    assert [o.name for o in loaded.graph.output] == ["scores"]
    assert loaded.opset_import[0].version == 13
    dims = [d.dim_value for d in model.graph.output[0].type.tensor_type.shape.dim]
    assert dims == [2, 10]
    # Exported in eval mode: BatchNorm uses its running statistics, no BN op remains
    # trainable, and the ONNX graph holds no Dropout/training ops.
    assert all(n.op_type not in ("Dropout",) for n in loaded.graph.node)


def test_export_torchvision_unknown_name(tmp_path):
    with pytest.raises(eyeriss.ExportError, match="unknown model 'no_such_net'"):
        eyeriss.export_torchvision("no_such_net", tmp_path / "x.onnx")


# ---------------------------------------------------------------------------------------
# compile
# ---------------------------------------------------------------------------------------


def test_compile_squeezenet_writes_program_and_report(squeezenet, squeezenet_program):
    program = squeezenet_program
    assert program.path.is_file() and program.path.suffix == ".eyb"
    assert program.path.read_bytes()[:4] == b"EYB1"
    info = program.info
    assert info.arch == "eyeriss-v1"
    assert [t.shape for t in info.inputs] == [INPUT_SHAPE]
    assert [t.shape for t in info.outputs] == [(1, 1000)]
    assert program.onnx_input_names == ["input"]
    assert program.onnx_output_names == ["logits"]
    # The energy report: per-layer JSON and the table on stdout.
    report = program.report
    assert report is not None and report.arch == "eyeriss-v1"
    convs = [layer for layer in report.layers if layer.name.endswith("Conv")]
    assert len(convs) == 26  # SqueezeNet 1.1: conv1, 8 fire modules x 3, classifier
    assert report.total.energy_pj > 0 and report.total.total_cycles > 0
    assert "/classifier/classifier.1/Conv" in program.report_text
    assert program.report.to_dict()["total"]["energy_pj"] == report.total.energy_pj


def test_compile_options_reach_the_compiler(squeezenet, tmp_path):
    require_tool("eyeriss-compile")
    mapping = tmp_path / "mapping.json"
    program = eyeriss.compile(squeezenet.onnx, batch=2, objective="latency",
                              dump_mapping=mapping, report="workload-json")
    try:
        assert "--objective=latency" in program.command
        assert "--batch=2" in program.command
        assert [t.shape for t in program.info.inputs] == [(2,) + INPUT_SHAPE[1:]]
        assert mapping.is_file() and json.loads(mapping.read_text())
        assert program.report is not None and len(program.report.layers) == 26
    finally:
        program.close()
    assert not program.path.exists(), "close() removes the temporary program"


def test_compile_model_proto_into_temporary_file(squeezenet):
    require_tool("eyeriss-compile")
    program = eyeriss.compile(onnx.load(str(squeezenet.onnx)))
    path = program.path
    assert path.is_file() and program.onnx_output_names == ["logits"]
    del program
    gc.collect()
    assert not path.exists(), "the temporary directory goes with the CompiledProgram"


def test_compile_reference_executor_matches_torch(squeezenet, tmp_path):
    """The compiler's float32 reference executor on the export agrees with PyTorch: the
    importer read the torchvision graph faithfully."""
    require_tool("eyeriss-compile")
    got = tmp_path / "reference.npy"
    with eyeriss.compile(squeezenet.onnx, run_reference=True, input=[squeezenet.input_path],
                         reference_output=[got], expect=[squeezenet.output_path],
                         max_rel_err=1e-4):
        pass
    np.testing.assert_allclose(np.load(got), squeezenet.y, atol=1e-4)


def test_compile_missing_model_file(tmp_path):
    require_tool("eyeriss-compile")
    with pytest.raises(eyeriss.CompileError) as info:
        eyeriss.compile(tmp_path / "no-such-model.onnx")
    assert "cannot read" in info.value.stderr and "no-such-model.onnx" in info.value.stderr
    assert info.value.returncode != 0
    assert "cannot read" in str(info.value)


def test_compile_malformed_onnx(tmp_path):
    require_tool("eyeriss-compile")
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"this is not a protobuf \xff\xfe")
    output = tmp_path / "bad.eyb"
    with pytest.raises(eyeriss.CompileError, match="not a valid ONNX model") as info:
        eyeriss.compile(bad, output=output)
    assert "not a valid ONNX model" in info.value.stderr
    assert not output.exists()


def test_compile_bad_arch_name(squeezenet):
    require_tool("eyeriss-compile")
    with pytest.raises(eyeriss.CompileError, match="cannot load architecture") as info:
        eyeriss.compile(squeezenet.onnx, arch="eyeriss-v9")
    assert "eyeriss-v9" in info.value.stderr


def test_compile_unknown_option_is_a_compile_error(squeezenet):
    require_tool("eyeriss-compile")
    with pytest.raises(eyeriss.CompileError, match="--no-such-flag"):
        eyeriss.compile(squeezenet.onnx, no_such_flag=True)


# ---------------------------------------------------------------------------------------
# simulate: plumbing, against the fake simulator
# ---------------------------------------------------------------------------------------


def test_simulate_plumbing_with_fake_simulator(squeezenet, squeezenet_program,
                                               fake_tools_dir, tmp_path, monkeypatch):
    log = tmp_path / "argv.jsonl"
    monkeypatch.setenv("FAKE_EYERISS_RUN_LOG", str(log))
    x = squeezenet.x
    want = float(x.astype(np.float64).sum())

    def run(inputs, **kw):
        outputs, stats = eyeriss.simulate(squeezenet_program, inputs,
                                          tools_dir=fake_tools_dir, **kw)
        assert list(outputs) == squeezenet_program.output_names
        (out,) = outputs.values()
        assert out.shape == (1, 1000) and out.dtype == np.float32
        return out, stats

    # One array, a list, a dict by (program and ONNX) name, a torch tensor,
    # a file path: all deliver the same data.
    for inputs in (x, [x], {"input": x}, torch.from_numpy(x),
                   str(squeezenet.input_path)):
        out, stats = run(inputs)
        np.testing.assert_allclose(out, want, rtol=1e-5)
    # Stats wraps the JSON.
    assert stats.cycles == 100 and stats.power_mw == 22.0
    assert stats.energy_pj.total == 11.0 and stats.energy_pj["dram"] == 4.0
    assert stats.totals.macs == 1000 and stats.core_mhz == 200.0
    assert [layer.kind for layer in stats.layers] == ["conv", "host"]
    assert stats.layers[0].energy_pj.spad == 1.0
    assert stats.layer("pool").cycles == 0
    assert stats.to_dict()["totals"]["rlc_ratio"] == 0.5
    assert "cycles" in stats.summary()
    with pytest.raises(AttributeError):
        stats.no_such_key
    # Trace, stats file and seed reach the simulator.
    trace = tmp_path / "trace.json"
    kept = tmp_path / "stats.json"
    run(None, trace=trace, stats=kept, seed=7, progress=True)
    assert json.loads(trace.read_text()) == {"traceEvents": []}
    assert json.loads(kept.read_text())["program"] == squeezenet_program.info.program
    argv = json.loads(log.read_text().splitlines()[-1])
    assert argv[argv.index("--seed") + 1] == "7" and "--progress" in argv
    assert "--input" not in argv


def test_simulate_errors_with_fake_simulator(squeezenet_program, fake_tools_dir):
    with pytest.raises(eyeriss.SimulationError, match="shape") as info:
        eyeriss.simulate(squeezenet_program, np.zeros((1, 3, 32, 32), np.float32),
                         tools_dir=fake_tools_dir)
    assert "expects (1, 3, 64, 64)" in info.value.stderr
    with pytest.raises(eyeriss.SimulationError, match="no input 'nope'"):
        eyeriss.simulate(squeezenet_program, {"nope": np.zeros(INPUT_SHAPE, np.float32)},
                         tools_dir=fake_tools_dir)
    with pytest.raises(eyeriss.SimulationError, match="cannot convert"):
        eyeriss.simulate(squeezenet_program, [["a", "b"]], tools_dir=fake_tools_dir)


# ---------------------------------------------------------------------------------------
# simulate: the real simulator
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def squeezenet_run(squeezenet, squeezenet_program):
    require_tool("eyeriss-run")
    return eyeriss.simulate(squeezenet_program, squeezenet.x)


def test_simulate_squeezenet_stats(squeezenet, squeezenet_run):
    outputs, stats = squeezenet_run
    assert [out.shape for out in outputs.values()] == [squeezenet.y.shape]
    assert stats.arch == "eyeriss-v1"
    assert stats.cycles > 0 and stats.processing_cycles > 0
    assert stats.cycles >= stats.processing_cycles
    assert stats.energy_pj.total > 0 and stats.power_mw > 0
    assert stats.macs > 0 and 0 < stats.utilization <= 1
    kinds = {layer.kind for layer in stats.layers}
    assert {"conv", "host"} <= kinds
    convs = [layer for layer in stats.layers if layer.kind == "conv"]
    assert len(convs) == 26
    assert sum(layer.macs for layer in convs) == stats.macs


def test_simulate_squeezenet_matches_torch(squeezenet, squeezenet_run):
    outputs, _ = squeezenet_run
    (got,) = outputs.values()
    want = squeezenet.y
    similarity = cosine(got, want)
    centered = cosine(got - got.mean(), want - want.mean())
    detail = (f"cosine similarity {similarity:.5f} with PyTorch's output (centered "
              f"{centered:.4f}), top-1 {int(got.argmax())} against {int(want.argmax())}, "
              f"max |error| / max |expected| "
              f"{np.abs(got - want).max() / np.abs(want).max():.4f}")
    assert similarity >= 0.99, detail
    assert int(got.argmax()) == int(want.argmax()), detail


def test_simulate_bad_input_shape(squeezenet_program):
    require_tool("eyeriss-run")
    with pytest.raises(eyeriss.SimulationError) as info:
        eyeriss.simulate(squeezenet_program, np.zeros((1, 3, 32, 32), np.float32))
    assert info.value.returncode != 0 and info.value.stderr.strip()


def test_program_info_keeps_scalar_and_rank_6_shapes():
    """A rank-0 tensor (format 1.10) and a rank-6 one (wide records, 1.8) read back with
    their shapes, and simulate() feeds and returns them as such."""
    require_tool("eyeriss-compile")
    from onnx import TensorProto, helper
    graph = helper.make_graph(
        [helper.make_node("Reshape", ["x", "shape"], ["wide"]),
         helper.make_node("ReduceMean", ["x"], ["mean"], axes=[0, 1, 2], keepdims=0),
         helper.make_node("Mul", ["x", "s"], ["scaled"])],
        "scalars",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 4]),
         helper.make_tensor_value_info("s", TensorProto.FLOAT, [])],
        [helper.make_tensor_value_info("wide", TensorProto.FLOAT, [1, 2, 1, 3, 1, 4]),
         helper.make_tensor_value_info("mean", TensorProto.FLOAT, []),
         helper.make_tensor_value_info("scaled", TensorProto.FLOAT, [2, 3, 4])],
        [helper.make_tensor("shape", TensorProto.INT64, [6], [1, 2, 1, 3, 1, 4])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    program = eyeriss.compile(model, batch=None)  # the model's own batch of 2
    shapes = {t.name: t.shape for t in program.info.tensors}
    assert program.info.version[0] == 1 and program.info.version[1] >= 10
    assert shapes["x"] == (2, 3, 4) and shapes["s"] == ()
    assert shapes["wide"] == (1, 2, 1, 3, 1, 4) and shapes["mean"] == ()
    require_tool("eyeriss-run")
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    outputs, _ = eyeriss.simulate(program, [x, np.float32(0.5)])
    assert outputs["wide"].shape == (1, 2, 1, 3, 1, 4)
    assert np.array_equal(outputs["wide"].ravel(), x.ravel())
    assert outputs["mean"].shape == () and float(outputs["mean"]) == float(x.mean())
    assert np.array_equal(outputs["scaled"], x * 0.5)


def test_program_info_reads_host_formats():
    """A float16 input and float64, bfloat16 and int64 outputs (format 1.11's and 1.12's
    host formats) read back as such; simulate() rounds the input to float16 and returns
    each output in its type (bfloat16, which numpy lacks, as float32 holding bfloat16
    values; int64, ArgMax's indices)."""
    require_tool("eyeriss-compile")
    from onnx import TensorProto, helper
    graph = helper.make_graph(
        [helper.make_node("Cast", ["x"], ["wide"], to=TensorProto.DOUBLE),
         helper.make_node("Cast", ["x"], ["brain"], to=TensorProto.BFLOAT16),
         helper.make_node("ArgMax", ["x"], ["index"], axis=1, keepdims=0)],
        "formats",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT16, [1, 3])],
        [helper.make_tensor_value_info("wide", TensorProto.DOUBLE, [1, 3]),
         helper.make_tensor_value_info("brain", TensorProto.BFLOAT16, [1, 3]),
         helper.make_tensor_value_info("index", TensorProto.INT64, [1])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    program = eyeriss.compile(model)
    formats = {t.name: (t.dtype, t.host_format) for t in program.info.tensors
               if t.role in ("input", "output")}
    assert formats == {"x": ("float32", "float16"), "wide": ("float32", "float64"),
                       "brain": ("float32", "bfloat16"), "index": ("float32", "int64")}
    require_tool("eyeriss-run")
    x = np.array([[0.1, 1 + 2**-9, -300.3]], np.float32)
    outputs, _ = eyeriss.simulate(program, x)
    half = x.astype(np.float16)
    assert outputs["wide"].dtype == np.float64
    assert np.array_equal(outputs["wide"], half.astype(np.float64))
    # The float16 values, rounded to bfloat16 (8 significant bits).
    assert outputs["brain"].dtype == np.float32
    assert outputs["brain"].tolist() == [[0.10009765625, 1.0, -300.0]]
    assert outputs["index"].dtype == np.int64 and outputs["index"].tolist() == [1]


def test_simulate_feeds_token_ids():
    """Integer inputs (format 1.13): int32 token ids gather rows of an embedding
    table on the host; the ids pass through to an int32 output, their padding
    (`ids == 0`, format 1.14) is a bool output, and an id outside the table is the
    simulator's error, not a wrong row."""
    require_tool("eyeriss-compile")
    from onnx import TensorProto, helper, numpy_helper
    table = np.arange(12, dtype=np.float32).reshape(6, 2) / 4
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "ids"], ["rows"]),
         helper.make_node("Identity", ["ids"], ["same"]),
         helper.make_node("Equal", ["ids", "zero"], ["padding"])],
        "embedding",
        [helper.make_tensor_value_info("ids", TensorProto.INT32, [1, 3])],
        [helper.make_tensor_value_info("rows", TensorProto.FLOAT, [1, 3, 2]),
         helper.make_tensor_value_info("same", TensorProto.INT32, [1, 3]),
         helper.make_tensor_value_info("padding", TensorProto.BOOL, [1, 3])],
        [numpy_helper.from_array(table, "table"),
         numpy_helper.from_array(np.array(0, np.int32), "zero")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    program = eyeriss.compile(model)
    formats = {t.name: t.host_format for t in program.info.tensors
               if t.role in ("input", "output")}
    assert formats == {"ids": "int32", "rows": "float32", "same": "int32",
                       "padding": "bool"}
    require_tool("eyeriss-run")
    ids = np.array([[5, 0, -1]], np.int32)
    outputs, _ = eyeriss.simulate(program, ids)
    assert np.array_equal(outputs["rows"], table[ids])
    assert outputs["same"].dtype == np.int32 and outputs["same"].tolist() == [[5, 0, -1]]
    assert outputs["padding"].dtype == np.bool_
    assert outputs["padding"].tolist() == [[False, True, False]]
    with pytest.raises(eyeriss.SimulationError) as info:
        eyeriss.simulate(program, np.array([[6, 0, 0]], np.int32))
    assert "index 6 (element 0 of the indices) is out of range for extent 6" in \
        info.value.stderr


def test_simulate_missing_program(tmp_path):
    require_tool("eyeriss-run")
    with pytest.raises(eyeriss.SimulationError) as info:
        eyeriss.simulate(tmp_path / "no-such-program.eyb")
    assert info.value.stderr.strip()
