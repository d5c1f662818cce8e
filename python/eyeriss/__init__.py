"""Python side of eyeriss-mlir: an MLIR compiler and simulator for the MIT Eyeriss v1 CNN
accelerator.

Modules:
    eyeriss.zoo  exports the model zoo (seeded random CNNs) to ONNX with reference data;
                 run ``python3 -m eyeriss.zoo --help``.
"""

__version__ = "0.1.0"
