"""Python side of eyeriss-mlir: an MLIR compiler and simulator for the MIT Eyeriss v1 CNN
accelerator.

API (a thin layer over the command-line tools in build/bin; docs/Python.md):
    eyeriss.compile(model, arch="eyeriss-v1", batch=1, output=None, **options)
        ONNX model → CompiledProgram (the .eyb program, the cost report if asked for)
    eyeriss.simulate(binary, inputs=None, trace=None, **options)
        EYB program → (outputs: dict name → numpy array, stats: Stats)
    eyeriss.export_torch(module, input_shape, path, opset=13)
        torch.nn.Module → ONNX file (checked, shapes inferred)
    eyeriss.export_torchvision(name, path, input_shape=None, seed=0)
        seeded random torchvision model → ONNX file

Command line: ``python3 -m eyeriss {compile,simulate,export} --help``.

Modules:
    eyeriss.zoo  exports the model zoo (seeded random CNNs) to ONNX with reference data;
                 run ``python3 -m eyeriss.zoo --help``.
    eyeriss.eyb  reads an EYB program's name, architecture and input/output tensors.
"""

__version__ = "0.1.0"

from ._tools import (EyerissError, ToolError, ToolNotFoundError, find_tool,  # noqa: E402
                     tool_available)
from .api import (CompiledProgram, CompileError, ExportError, LayerStats,  # noqa: E402
                  Record, SimulationError, Stats, build_torchvision, compile, export_torch,
                  export_torchvision, simulate)
from .eyb import ProgramInfo, TensorInfo, read_program_info  # noqa: E402

__all__ = [
    "CompileError", "CompiledProgram", "EyerissError", "ExportError", "LayerStats",
    "ProgramInfo", "Record", "SimulationError", "Stats", "TensorInfo", "ToolError",
    "ToolNotFoundError", "build_torchvision", "compile", "export_torch", "export_torchvision",
    "find_tool", "read_program_info", "simulate", "tool_available", "__version__",
]
