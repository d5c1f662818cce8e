"""Tests of the command line: python3 -m eyeriss {compile,simulate,export}.

Run: /usr/bin/python3 -m pytest python/tests/test_cli.py -rs

The commands run as subprocesses, as a user runs them. The simulate command runs on
fake_eyeriss_run.py (the simulator's command-line contract) and, once it is built, on the
real eyeriss-run.
"""

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest

from conftest import INPUT_SHAPE, MODEL_NAME, MODEL_SEED, PYTHON_DIR, cosine, require_tool

from eyeriss import cli


def run_cli(*args, check_rc=0, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(PYTHON_DIR) + os.pathsep +
               os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "eyeriss", *map(str, args)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=env, cwd=cwd, timeout=120)
    if check_rc is not None:
        assert done.returncode == check_rc, \
            f"exit code {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done


def _subparsers(parser):
    import argparse
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


def test_every_flag_has_help():
    parser = cli.build_parser()
    commands = _subparsers(parser)
    assert set(commands) == {"compile", "simulate", "export", "plot"}
    for name, sub in commands.items():
        text = sub.format_help()
        for action in sub._actions:
            assert action.help, f"{name}: {action.option_strings or action.dest} has no help"
            for option in action.option_strings:
                assert option in text, f"{name} --help does not show {option}"


def test_help_runs_as_a_module():
    done = run_cli("--help")
    for command in ("compile", "simulate", "export"):
        assert command in done.stdout
    for command in ("compile", "simulate", "export"):
        assert "usage: python3 -m eyeriss " + command in run_cli(command, "--help").stdout


def test_bad_arguments_exit_2():
    assert run_cli("compile", check_rc=2).returncode == 2
    done = run_cli("compile", "m.onnx", "--objective", "fastest", check_rc=2)
    assert "invalid choice" in done.stderr
    assert run_cli("export", "resnet18", "--input-shape", "1,y", check_rc=2).returncode == 2
    done = run_cli("export", "resnet18", "--input-shape", "4", "-o", "/nonexistent/x.onnx",
                   check_rc=1)
    assert "cannot calibrate on inputs of shape (4,)" in done.stderr
    assert "Traceback" not in done.stderr


def test_export_list_and_unknown_model():
    names = run_cli("export", "--list").stdout.split()
    assert {"resnet18", "squeezenet1_1", "alexnet-grouped"} <= set(names)
    done = run_cli("export", "no_such_net", check_rc=1)
    assert "unknown model 'no_such_net'" in done.stderr


@pytest.fixture(scope="module")
def cli_export(squeezenet, tmp_path_factory):
    """export then compile, through the command line."""
    require_tool("eyeriss-compile")
    tmp_path = tmp_path_factory.mktemp("cli")
    model = tmp_path / "sq.onnx"
    ref = tmp_path / "ref"
    shape = ",".join(map(str, INPUT_SHAPE))
    done = run_cli("export", MODEL_NAME, "-o", model, "--seed", MODEL_SEED,
                   "--input-shape", shape, "--reference-dir", ref)
    assert f"wrote {model}" in done.stdout
    report = tmp_path / "energy.json"
    compiled = run_cli("compile", model, "--report", "energy", "--report-json", report,
                       "--objective", "edp")
    return SimpleNamespace(model=model, ref=ref, report=report, compiled=compiled,
                           binary=model.with_suffix(".eyb"), tmp_path=tmp_path)


def test_export_is_seeded(squeezenet, cli_export):
    # Same name, seed and shape as the API fixture: the same weights and reference data.
    np.testing.assert_array_equal(np.load(cli_export.ref / "input.npy"), squeezenet.x)
    np.testing.assert_allclose(np.load(cli_export.ref / "output.npy"), squeezenet.y,
                               rtol=1e-5, atol=1e-6)


def test_compile_writes_program_and_report(cli_export):
    assert cli_export.binary.read_bytes()[:4] == b"EYB1"
    assert "/classifier/classifier.1/Conv" in cli_export.compiled.stdout  # the table
    assert f"wrote {cli_export.binary}" in cli_export.compiled.stderr
    assert len(json.loads(cli_export.report.read_text())["layers"]) == 26


def test_simulate_with_fake_simulator(squeezenet, cli_export, fake_tools_dir):
    binary, ref, tmp_path = cli_export.binary, cli_export.ref, cli_export.tmp_path
    out = tmp_path / "y.npy"
    stats = tmp_path / "stats.json"
    done = run_cli("simulate", binary, "--input", ref / "input.npy", "-o", out,
                   "--stats", stats, "--layers", "--tools-dir", fake_tools_dir)
    assert np.load(out).shape == (1, 1000)
    assert np.load(out)[0, 0] == pytest.approx(float(squeezenet.x.astype(np.float64).sum()),
                                               rel=1e-5)
    assert json.loads(stats.read_text())["totals"]["cycles"] == 100
    assert "cycles" in done.stdout and "conv1" in done.stdout
    outdir = tmp_path / "outs"
    done = run_cli("simulate", binary, "--input", f"input={ref / 'input.npy'}",
                   "--output-dir", outdir, "--json", "--tools-dir", fake_tools_dir)
    assert json.loads(done.stdout)["layers"][0]["kind"] == "conv"
    assert [p.suffix for p in outdir.rglob("*") if p.is_file()] == [".npy"]
    done = run_cli("simulate", binary, "--compare", ref / "output.npy", "--min-cosine",
                   "0.99", "--tools-dir", fake_tools_dir, check_rc=1)
    assert "cosine" in done.stdout and "below --min-cosine" in done.stderr


def test_simulate_matches_torch(squeezenet, cli_export):
    require_tool("eyeriss-run")
    out = cli_export.tmp_path / "y-real.pb"
    ref = cli_export.ref
    done = run_cli("simulate", cli_export.binary, "--input", ref / "input.npy", "-o", out,
                   "--compare", ref / "output.npy", "--min-cosine", "0.99")
    assert "cosine" in done.stdout
    import onnx
    import onnx.numpy_helper
    tensor = onnx.TensorProto()
    tensor.ParseFromString(out.read_bytes())
    got = onnx.numpy_helper.to_array(tensor)
    assert cosine(got, squeezenet.y) >= 0.99
    assert int(got.argmax()) == int(squeezenet.y.argmax())


def test_compile_errors_show_the_tools_message(squeezenet, tmp_path):
    require_tool("eyeriss-compile")
    done = run_cli("compile", tmp_path / "missing.onnx", check_rc=1)
    assert "cannot read" in done.stderr and "missing.onnx" in done.stderr
    done = run_cli("compile", squeezenet.onnx, "-o", tmp_path / "x.eyb", "--arch",
                   "eyeriss-v9", check_rc=1)
    assert "cannot load architecture 'eyeriss-v9'" in done.stderr
    assert not (tmp_path / "x.eyb").exists()
    # --calibration-input reaches the compiler, which names a file of the wrong shape.
    np.save(tmp_path / "calib.npy", np.zeros((1, 2), np.float32))
    done = run_cli("compile", squeezenet.onnx, "-o", tmp_path / "x.eyb",
                   "--calibration-input", tmp_path / "calib.npy", check_rc=1)
    assert "calibration-input" in done.stderr and "calib.npy: shape 1x2" in done.stderr
    assert not (tmp_path / "x.eyb").exists()
    # So does --headroom-spread, which the compiler refuses when negative.
    done = run_cli("compile", squeezenet.onnx, "-o", tmp_path / "x.eyb",
                   "--headroom-spread", "-1", check_rc=1)
    assert "headroom-spread -1 is not a finite weight >= 0" in done.stderr
    assert not (tmp_path / "x.eyb").exists()


def test_simulate_errors_show_the_tools_message(squeezenet_program, fake_tools_dir, tmp_path):
    bad = tmp_path / "bad.npy"
    np.save(bad, np.zeros((1, 3, 32, 32), np.float32))
    done = run_cli("simulate", squeezenet_program.path, "--input", bad, "--tools-dir",
                   fake_tools_dir, check_rc=1)
    assert "expects (1, 3, 64, 64)" in done.stderr
    done = run_cli("simulate", squeezenet_program.path, "--input", "a.npy", "--input",
                   "input0=b.npy", "--tools-dir", fake_tools_dir, check_rc=2)
    assert "not both" in done.stderr
    done = run_cli("simulate", squeezenet_program.path, "--tools-dir",
                   tmp_path / "no-tools", check_rc=1)
    assert "eyeriss-run not found" in done.stderr
