"""Tests of eyeriss.plots and ``python3 -m eyeriss plot``.

Run: /usr/bin/python3 -m pytest python/tests/test_plots.py -rs

Most tests draw from small synthetic statistics and traces built here (the JSON eyeriss-run
writes, docs/Simulator.md). One test compiles and simulates a tiny ONNX model when
eyeriss-compile and eyeriss-run are built, and one draws AlexNet (build/tablev) when
EYERISS_LONG_TESTS=1 (it takes about 40 s); both skip, saying why, otherwise.
"""

import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from conftest import require_tool

import eyeriss
from eyeriss import cli, plots

REPO = Path(__file__).resolve().parents[2]
ROWS, COLS = 12, 14


# ---------------------------------------------------------------------------------------
# Synthetic inputs
# ---------------------------------------------------------------------------------------


def pe_table(filter_rows, ofmap_rows, chains, sets, rows=ROWS, cols=COLS):
    """A row-stationary placement: chain c in vertical slot c % slots, column slot
    c // slots; set j, filter row i at row j*R + i of the chain; column x = ofmap row x."""
    table = [[0, 0, 0, 0, 0] for _ in range(rows * cols)]
    slots = max(1, rows // (filter_rows * sets))
    for c in range(chains):
        for j in range(sets):
            for i in range(filter_rows):
                for x in range(ofmap_rows):
                    row = (c % slots) * filter_rows * sets + j * filter_rows + i
                    col = (c // slots) * ofmap_rows + x
                    if row < rows and col < cols:
                        table[row * cols + col] = [1, c, j, i, x]
    return table


def energy(scale):
    parts = {"mac": 2.0, "spad": 9.0, "array": 1.0, "glb": 1.5, "dram": 6.0, "idle": 8.0}
    e = {k: v * scale * 1e6 for k, v in parts.items()}  # pJ: scale x a few µJ
    e["on_chip"] = e["total"] = sum(e.values())
    return e


def array_layer(name, kind, scale, table, mapping):
    return {"name": name, "kind": kind, "energy_pj": energy(scale), "macs": 1000,
            "passes": 4, "active_pes": sum(e[0] for e in table), "utilization": 0.5,
            "mapping": mapping, "pe_table": table, "array_rows": ROWS,
            "array_cols": COLS}


def host_layer(name):
    return {"name": name, "kind": "host", "energy_pj": energy(0.0)}


@pytest.fixture
def stats():
    return {
        "program": "main", "arch": "eyeriss-v1", "core_mhz": 200, "link_mhz": 60,
        "num_pes": 168, "totals": {},
        "layers": [
            host_layer("input0.convert"),
            array_layer("/features/features.0/Conv", "conv", 3.0, pe_table(11, 7, 2, 1),
                        {"m": 96, "n": 1, "e": 7, "p": 16, "q": 1, "r": 1, "t": 2}),
            host_layer("/features/features.2/MaxPool"),
            array_layer("/features/features.3/Conv", "conv", 2.0, pe_table(3, 13, 2, 2),
                        {"m": 64, "n": 4, "e": 13, "p": 16, "q": 3, "r": 2, "t": 2}),
            host_layer("/Flatten"),
            array_layer("/classifier/classifier.1/Gemm", "fc", 5.0, pe_table(1, 1, 31, 4),
                        {"m": 4096, "n": 4, "e": 1, "p": 4, "q": 8, "r": 4, "t": 31}),
        ]}


def make_trace(passes_per_layer=(6, 10, 40), pass_us=50.0, gap_us=20.0):
    """Layers back to back (tid 0), passes (tid 3) with gaps, a DRAM event (tid 2)."""
    names = [("/features/features.0/Conv", "conv"), ("/features/features.3/Conv", "conv"),
             ("/classifier/classifier.1/Gemm", "fc")]
    events = [{"ph": "M", "name": "process_name", "pid": 0, "args": {"name": "main"}},
              {"ph": "M", "name": "thread_name", "pid": 0, "tid": 3,
               "args": {"name": "PE array"}}]
    t = 0.0
    for (name, kind), count in zip(names, passes_per_layer):
        start = t
        for k in range(count):
            util = 0.25 + 0.5 * ((k % 3) / 2)
            events.append({"name": f"pass {name}", "cat": "pass", "ph": "X", "pid": 0,
                           "tid": 3, "ts": t, "dur": pass_us,
                           "args": {"cycles": int(pass_us * 200), "instruction": k,
                                    "macs": int(util * pass_us * 200 * 168),
                                    "utilization": util}})
            events.append({"name": f"load {name}", "cat": "dram", "ph": "X", "pid": 0,
                           "tid": 2, "ts": t + pass_us, "dur": gap_us,
                           "args": {"cycles": int(gap_us * 200), "instruction": k}})
            t += pass_us + gap_us
        events.append({"name": name, "cat": kind, "ph": "X", "pid": 0, "tid": 0,
                       "ts": start, "dur": t - start,
                       "args": {"cycles": int((t - start) * 200), "passes": count}})
    return {"traceEvents": events}


@pytest.fixture
def trace():
    return make_trace()


def check_png(path, min_width=600, min_height=400):
    import matplotlib.image

    assert path.is_file() and path.stat().st_size > 10_000, path
    image = matplotlib.image.imread(str(path))
    height, width = image.shape[:2]
    assert image.ndim == 3 and image.shape[2] in (3, 4)
    assert width >= min_width and height >= min_height, (path, image.shape)
    assert width <= 2500 and height <= 2000, (path, image.shape)
    assert float(np.std(image[..., :3])) > 0.05, f"{path} looks blank"


def svg_text(path):
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "</svg>" in text
    return text


# ---------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------


def test_short_names_number_array_layers_in_program_order():
    layers = [("/f.0/Conv", "conv"), ("/f.3/Conv", "conv"), ("/c.1/Gemm", "fc")]
    assert plots.short_names(layers) == {"/f.0/Conv": "CONV1", "/f.3/Conv": "CONV2",
                                         "/c.1/Gemm": "FC3"}
    assert plots.short_names([("conv1", "conv"), ("fc6", "fc")]) == {"conv1": "conv1",
                                                                     "fc6": "fc6"}
    # Duplicates get the numbered names too.
    assert plots.short_names([("a", "conv"), ("a", "conv")])["a"] in ("CONV1", "CONV2")


def test_find_layer_takes_full_and_short_names(stats):
    layer, short = plots.find_layer(stats, "fc3")
    assert (layer["name"], short) == ("/classifier/classifier.1/Gemm", "FC3")
    layer, short = plots.find_layer(stats, "/features/features.3/Conv")
    assert short == "CONV2"


# ---------------------------------------------------------------------------------------
# The pictures
# ---------------------------------------------------------------------------------------


def test_energy_breakdown_writes_png_and_svg(stats, tmp_path):
    written = plots.energy_breakdown(stats, tmp_path / "sub" / "energy")
    assert written == [tmp_path / "sub" / "energy.png", tmp_path / "sub" / "energy.svg"]
    check_png(written[0])
    svg = svg_text(written[1])
    for text in ("energy (µJ)", "share of layer energy (%)", "CONV1", "CONV2", "FC3",
                 "DRAM", "GLB", "spad", "MAC", "idle", "eyeriss-v1"):
        assert text in svg, text
    assert "MaxPool" not in svg and "Flatten" not in svg  # host layers left out


def test_energy_breakdown_without_the_normalized_panel(stats, tmp_path):
    png, svg = plots.energy_breakdown(stats, tmp_path / "e", normalized=False)
    check_png(png, min_height=300)
    assert "share of layer energy" not in svg_text(svg)


def test_energy_breakdown_of_many_layers_keeps_labels_apart(tmp_path):
    layers = [array_layer(f"/model/block{i}/conv{i}/Conv", "conv", 1.0 + i % 4,
                          pe_table(3, 13, 2, 2), {}) for i in range(40)]
    png, svg = plots.energy_breakdown({"layers": layers}, tmp_path / "many")
    check_png(png)
    assert "CONV40" in svg_text(svg)


def test_array_mapping_draws_the_pe_sets(stats, tmp_path):
    png, svg = plots.array_mapping(stats, "conv2", tmp_path / "m")
    check_png(png)
    text = svg_text(svg)
    for label in ("PE column", "PE row (0 = top)", "m=64 n=4 e=13 p=16 q=3 r=2 t=2",
                  "156 of 168 PEs active", "chain 1, channel set 1", "inactive PE",
                  "2/12", "/features/features.3/Conv"):
        assert label in text, label


def test_array_mapping_of_many_pe_sets_names_them_in_the_cells(stats, tmp_path):
    png, svg = plots.array_mapping(stats, "/classifier/classifier.1/Gemm", tmp_path / "fc")
    check_png(png)
    text = svg_text(svg)
    assert "124 PE sets" in text and "c30 s3" in text and "124 of 168 PEs active" in text


def test_unknown_layer_is_a_value_error_listing_the_layers(stats, tmp_path):
    with pytest.raises(ValueError) as info:
        plots.array_mapping(stats, "conv9", tmp_path / "m")
    message = str(info.value)
    assert "'conv9'" in message
    for name in ("CONV1 (/features/features.0/Conv)", "CONV2 (/features/features.3/Conv)",
                 "FC3 (/classifier/classifier.1/Gemm)"):
        assert name in message
    with pytest.raises(ValueError, match="runs on the host"):
        plots.array_mapping(stats, "/Flatten", tmp_path / "m")
    assert not list(tmp_path.iterdir())


def test_stats_without_pe_table_is_a_clear_error(stats, tmp_path):
    for layer in stats["layers"]:
        layer.pop("pe_table", None)
    with pytest.raises(ValueError, match="no pe_table.*rebuild"):
        plots.array_mapping(stats, "CONV1", tmp_path / "m")
    with pytest.raises(ValueError, match="pe_table"):
        plots.plot_all(stats, None, tmp_path / "all")
    # The energy picture needs no pe_table.
    check_png(plots.energy_breakdown(stats, tmp_path / "e")[0])


def test_bad_pe_table_size_is_an_error(stats, tmp_path):
    stats["layers"][1]["pe_table"] = stats["layers"][1]["pe_table"][:-1]
    with pytest.raises(ValueError, match="167 entries, expected 12x14 = 168"):
        plots.array_mapping(stats, "CONV1", tmp_path / "m")


def test_utilization_timeline_exact_steps(trace, tmp_path):
    png, svg = plots.utilization_timeline(trace, tmp_path / "u", core_mhz=200)
    check_png(png)
    text = svg_text(svg)
    for label in ("simulated time (ms)", "PEs doing MACs (% of the array)",
                  "core cycles (thousands, at 200 MHz)", "one step per pass", "56 passes"):
        assert label in text, label
    # Every layer's span is wide enough here for its name.
    for name in ("CONV1", "CONV2", "FC3"):
        assert name in text, name


def test_utilization_timeline_bins_many_passes(tmp_path):
    trace = make_trace(passes_per_layer=(900, 1200, 1500), pass_us=5.0, gap_us=3.0)
    png, svg = plots.utilization_timeline(trace, tmp_path / "u")
    check_png(png)
    text = svg_text(svg)
    assert "3,600 passes binned by" in text and "peak per" in text
    assert "core cycles" not in text


def test_binned_peak_and_average():
    # 0.5 ms at 80 %, 0.5 ms idle, 1 ms at 40 %.
    edges, values = plots._steps([(0.0, 500.0, 0.8, "a"), (1000.0, 2000.0, 0.4, "a")])
    assert edges == [0.5 * 0, 0.5, 1.0, 2.0] and values == [80.0, 0.0, 40.0]
    bin_edges, peak, mean = plots._binned(edges, values, 1.0, 2.0)
    np.testing.assert_allclose(bin_edges, [0, 1, 2])
    np.testing.assert_allclose(peak, [80, 40])
    np.testing.assert_allclose(mean, [40, 40])


def test_trace_without_utilization_is_a_clear_error(trace, tmp_path):
    for e in trace["traceEvents"]:
        if e.get("tid") == 3 and "args" in e:
            e["args"].pop("utilization", None)
    with pytest.raises(ValueError, match="no 'utilization'.*older eyeriss-run"):
        plots.utilization_timeline(trace, tmp_path / "u")
    with pytest.raises(ValueError, match="no 'traceEvents'"):
        plots.utilization_timeline({"events": []}, tmp_path / "u")


def test_plot_all_from_files(stats, trace, tmp_path):
    (tmp_path / "s.json").write_text(json.dumps(stats))
    (tmp_path / "t.json").write_text(json.dumps(trace))
    out = tmp_path / "pictures"
    written = plots.plot_all(tmp_path / "s.json", tmp_path / "t.json", out)
    names = [p.name for p in written]
    assert names == [f"{stem}.{ext}" for stem in ("energy-breakdown", "mapping-conv1",
                                                  "mapping-conv2", "mapping-fc3",
                                                  "utilization")
                     for ext in ("png", "svg")]
    assert all(p.parent == out and p.is_file() for p in written)
    only = plots.plot_all(tmp_path / "s.json", None, tmp_path / "one", layers=["FC3"])
    assert [p.name for p in only] == ["energy-breakdown.png", "energy-breakdown.svg",
                                      "mapping-fc3.png", "mapping-fc3.svg"]
    # A bad layer name fails before anything is drawn.
    with pytest.raises(ValueError, match="no array layer 'nope'"):
        plots.plot_all(stats, trace, tmp_path / "bad", layers=["CONV1", "nope"])
    assert not (tmp_path / "bad").exists()


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------


def test_cli_plot(stats, trace, tmp_path, capsys):
    (tmp_path / "s.json").write_text(json.dumps(stats))
    (tmp_path / "t.json").write_text(json.dumps(trace))
    out = tmp_path / "out"
    assert cli.main(["plot", "--stats", str(tmp_path / "s.json"), "--trace",
                     str(tmp_path / "t.json"), "--out", str(out), "--layer", "conv2"]) == 0
    printed = capsys.readouterr().out.split("\n")
    assert f"wrote {out / 'mapping-conv2.png'}" in printed
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{s}.{e}" for s in ("energy-breakdown", "mapping-conv2", "utilization")
        for e in ("png", "svg"))

    assert cli.main(["plot", "--stats", str(tmp_path / "s.json"), "--out", str(out),
                     "--layer", "conv7"]) == 1
    err = capsys.readouterr().err
    assert "no array layer 'conv7'" in err and "CONV1 (/features/features.0/Conv)" in err
    assert cli.main(["plot", "--out", str(out)]) == 2
    assert "--stats, --trace or both" in capsys.readouterr().err
    assert cli.main(["plot", "--stats", str(tmp_path / "missing.json"),
                     "--out", str(out)]) == 1
    assert "missing.json" in capsys.readouterr().err


def test_cli_plot_help_describes_every_flag(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["plot", "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for flag in ("--stats FILE", "--trace FILE", "--out DIR", "--layer NAME"):
        assert flag in text, flag
    assert "statistics JSON" in text and "trace JSON" in text and "short name" in text


# ---------------------------------------------------------------------------------------
# Real runs
# ---------------------------------------------------------------------------------------


def tiny_onnx(path):
    """conv 5x5 (3→8), conv 3x3 (8→16), FC (→10) on a 1x3x20x20 input."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)

    def init(name, shape):
        return numpy_helper.from_array((rng.standard_normal(shape) * 0.2)
                                       .astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["input", "w1", "b1"], ["c1"], kernel_shape=[5, 5],
                         name="conv_a"),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu_a"),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], kernel_shape=[3, 3],
                         name="conv_b"),
        helper.make_node("Relu", ["c2"], ["r2"], name="relu_b"),
        helper.make_node("Flatten", ["r2"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "w3", "b3"], ["logits"], transB=1, name="fc_c"),
    ]
    graph = helper.make_graph(
        nodes, "tiny",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 20, 20])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
        [init("w1", (8, 3, 5, 5)), init("b1", (8,)), init("w2", (16, 8, 3, 3)),
         init("b2", (16,)), init("w3", (10, 16 * 14 * 14)), init("b3", (10,))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def run_tools(model, directory, *compile_flags, run_flags=()):
    binary = directory / "model.eyb"
    subprocess.run([str(eyeriss.find_tool("eyeriss-compile")), str(model), "-o",
                    str(binary), *compile_flags], check=True, capture_output=True)
    stats, trace = directory / "stats.json", directory / "trace.json"
    subprocess.run([str(eyeriss.find_tool("eyeriss-run")), str(binary), "--stats",
                    str(stats), "--trace", str(trace), "--quiet", *run_flags], check=True,
                   capture_output=True)
    if "pe_table" not in stats.read_text():
        pytest.skip("this eyeriss-run writes no pe_table yet; rebuild it")
    return stats, trace


def check_real_pictures(stats_path, written, out):
    stats = json.loads(stats_path.read_text())
    array = [l for l in stats["layers"] if l["kind"] in ("conv", "fc")]
    assert len(written) == 2 * (len(array) + 2)
    for path in written:
        if path.suffix == ".png":
            check_png(path)
    assert "energy (µJ)" in svg_text(out / "energy-breakdown.svg")
    assert "simulated time (ms)" in svg_text(out / "utilization.svg")


def test_real_run_of_a_tiny_model(tmp_path):
    require_tool("eyeriss-compile")
    require_tool("eyeriss-run")
    tiny_onnx(tmp_path / "tiny.onnx")
    stats, trace = run_tools(tmp_path / "tiny.onnx", tmp_path)
    out = tmp_path / "pictures"
    written = plots.plot_all(stats, trace, out)
    check_real_pictures(stats, written, out)
    # Short layer names are kept as they are.
    assert (out / "mapping-conv_a.png").is_file() and (out / "mapping-fc_c.svg").is_file()
    assert "PE column" in svg_text(out / "mapping-conv_b.svg")


def test_real_run_of_alexnet(tmp_path):
    """AlexNet (build/tablev, batch 4, as in docs/Pictures.md): about 40 s, so only with
    EYERISS_LONG_TESTS=1."""
    tablev = REPO / "build" / "tablev"
    if not (tablev / "model.onnx").is_file():
        message = (f"{tablev}/model.onnx is missing: run PYTHONPATH=python "
                   f"/usr/bin/python3 -m eyeriss.tablev --out build/tablev")
        print(message)
        pytest.skip(message)
    if os.environ.get("EYERISS_LONG_TESTS") != "1":
        message = "AlexNet takes about 40 s: set EYERISS_LONG_TESTS=1 to run it"
        print(message)
        pytest.skip(message)
    require_tool("eyeriss-compile")
    require_tool("eyeriss-run")
    stats, trace = run_tools(tablev / "model.onnx", tmp_path,
                             run_flags=("--input", str(tablev / "input.pb")))
    out = tmp_path / "pictures"
    written = plots.plot_all(stats, trace, out)
    check_real_pictures(stats, written, out)
    names = {p.name for p in written}
    assert {"mapping-conv1.png", "mapping-fc8.png"} <= names
