"""Shared fixtures of the eyeriss API and CLI tests (test_api.py, test_cli.py).

The tools come from $EYERISS_BUILD_DIR/bin, else <repo>/build/bin (eyeriss.find_tool).
Tests that need eyeriss-compile or eyeriss-run skip, saying why, while it is not built.
"""

import stat
import sys
import types
from pathlib import Path

import numpy as np
import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
# The package lives in python/, which is not on sys.path when pytest runs from the
# repository root without PYTHONPATH=python.
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

import eyeriss  # noqa: E402

# The end-to-end model: small enough to export, compile and simulate in seconds.
MODEL_NAME = "squeezenet1_1"
MODEL_SEED = 0
INPUT_SHAPE = (1, 3, 64, 64)
# Seed of the test image. With seed 1 the float top-1 logit leads the runner-up by about
# two standard deviations of the logits, so top-1 agreement tests the numerics rather than
# a coin toss between near-equal logits.
INPUT_SEED = 1


def require_tool(name: str) -> None:
    """Skip the calling test, saying why, when `name` is not built."""
    if not eyeriss.tool_available(name):
        try:
            eyeriss.find_tool(name)
        except eyeriss.ToolNotFoundError as e:
            reason = str(e)
        message = f"{name} is not built yet: {reason}"
        print(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def squeezenet(tmp_path_factory):
    """SqueezeNet 1.1 at 64x64 with seeded, calibrated weights, exported to ONNX, and a test
    image with PyTorch's float32 output on it."""
    import torch

    torch.set_num_threads(1)
    directory = tmp_path_factory.mktemp("squeezenet")
    path = directory / "model.onnx"
    module, model = eyeriss.export_torchvision(MODEL_NAME, path, input_shape=INPUT_SHAPE,
                                               seed=MODEL_SEED)
    generator = torch.Generator().manual_seed(INPUT_SEED)
    x = torch.randn(*INPUT_SHAPE, generator=generator)
    with torch.no_grad():
        y = module(x)
    input_path = directory / "input.npy"
    output_path = directory / "output.npy"
    np.save(input_path, x.numpy())
    np.save(output_path, y.numpy())
    return types.SimpleNamespace(onnx=path, model=model, module=module, x=x.numpy(),
                                 y=y.numpy(), input_path=input_path, output_path=output_path,
                                 directory=directory)


@pytest.fixture(scope="session")
def squeezenet_program(squeezenet):
    """The SqueezeNet export compiled for eyeriss-v1 with the energy report."""
    require_tool("eyeriss-compile")
    return eyeriss.compile(squeezenet.onnx, arch="eyeriss-v1", batch=1,
                           output=squeezenet.directory / "model.eyb", report="energy")


@pytest.fixture(scope="session")
def fake_tools_dir(tmp_path_factory):
    """A directory whose eyeriss-run is fake_eyeriss_run.py (the CLI contract, fake
    numbers)."""
    directory = tmp_path_factory.mktemp("fake-tools")
    script = directory / "eyeriss-run"
    fake = Path(__file__).resolve().parent / "fake_eyeriss_run.py"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{fake}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return directory


def cosine(a, b) -> float:
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
