"""Read the interface of an EYB program: its name, architecture and input/output tensors.

Only the header, the section table and the config, strings and tensors sections are read
(docs/ISA.md, "Header (64 bytes) and section table"); the instruction stream and the
weights are skipped. The simulator (eyeriss-run) is the authority on whether a program is
valid: this reader checks just enough to fail cleanly on a file that is not EYB.

    >>> info = read_program_info("model.eyb")
    >>> [(t.name, t.shape) for t in info.inputs]
    [('input', (1, 3, 64, 64))]
"""

from __future__ import annotations

import dataclasses
import os
import struct
from typing import List, Tuple, Union

MAGIC = b"EYB1"
MAJOR_VERSION = 1
HEADER_SIZE = 64
SECTION_ENTRY_SIZE = 24

SECTION_CONFIG = 1
SECTION_STRINGS = 2
SECTION_TENSORS = 3

ROLES = {1: "input", 2: "output", 3: "constant", 4: "intermediate"}
ELEMENT_TYPES = {1: "int16", 2: "float32"}
STORAGES = {0: "plain", 1: "rlc-row", 2: "rlc-plane", 3: "rlc-image"}
TENSOR_RECORD_SIZE = 48
# Since format 1.8, a stream with a tensor of rank 5 to 8 has records of 8
# dimensions; since 1.10 a float32 tensor may have rank 0 (a scalar).
WIDE_TENSOR_RECORD_SIZE = 64
# Since 1.11 a float32 input or output records in its fracBits field the element
# type the graph declares for it (the host reads and writes it as that); since
# 1.12 an output may be int64 (ArgMax's indices, whole numbers held in float32),
# since 1.13 an input int64 or int32 (token ids) and an output int32, and since
# 1.14 either bool (masks, comparisons: 0 and 1), and since 1.17 uint8, int8, uint16,
# int16, uint32 or uint64.
HOST_FORMATS = {0: "float32", 1: "float16", 2: "bfloat16", 3: "float64", 4: "int64",
                5: "int32", 6: "bool", 7: "uint8", 8: "int8", 9: "uint16", 10: "int16",
                11: "uint32", 12: "uint64"}


class EybFormatError(ValueError):
    """The file is not an EYB program this reader understands."""


@dataclasses.dataclass(frozen=True)
class TensorInfo:
    """One tensor of the program's tensor table."""

    name: str
    role: str  # input, output, constant or intermediate
    dtype: str  # int16 (fixed point in DRAM) or float32
    shape: Tuple[int, ...]
    storage: str  # plain or an RLC layout
    frac_bits: int  # of an int16 tensor; 0 for float32
    # What the host exchanges a float32 input or output as: float32, float16,
    # bfloat16, float64, int64, int32, bool, uint8, int8, uint16, int16, uint32 or
    # uint64 (the ONNX graph's element type).
    host_format: str = "float32"


@dataclasses.dataclass(frozen=True)
class ProgramInfo:
    """The interface of an EYB program."""

    path: str
    program: str
    arch: str
    version: Tuple[int, int]
    dram_bytes: int
    tensors: List[TensorInfo]

    @property
    def inputs(self) -> List[TensorInfo]:
        """The input tensors, in the order the simulator matches positional inputs."""
        return [t for t in self.tensors if t.role == "input"]

    @property
    def outputs(self) -> List[TensorInfo]:
        """The output tensors, in program order."""
        return [t for t in self.tensors if t.role == "output"]


def _read_at(f, offset: int, size: int, what: str) -> bytes:
    f.seek(offset)
    data = f.read(size)
    if len(data) != size:
        raise EybFormatError(f"truncated: {what} at byte {offset} needs {size} bytes")
    return data


def read_program_info(path: Union[str, os.PathLike]) -> ProgramInfo:
    """The name, architecture and tensor table of the EYB program at `path`."""
    path = os.fspath(path)
    with open(path, "rb") as f:
        header = _read_at(f, 0, HEADER_SIZE, "header")
        if header[:4] != MAGIC:
            raise EybFormatError(f"{path}: not an EYB program (magic {header[:4]!r})")
        major, minor, header_size, section_count, file_size, table_offset = struct.unpack_from(
            "<HHIIQQ", header, 4)
        if major != MAJOR_VERSION:
            raise EybFormatError(f"{path}: EYB version {major}.{minor}, this reader reads "
                                 f"{MAJOR_VERSION}.x")
        table = _read_at(f, table_offset, section_count * SECTION_ENTRY_SIZE, "section table")
        sections = {}
        for i in range(section_count):
            kind, _align, offset, size = struct.unpack_from("<IIQQ", table,
                                                            i * SECTION_ENTRY_SIZE)
            sections.setdefault(kind, (offset, size))
        for kind, name in ((SECTION_CONFIG, "config"), (SECTION_STRINGS, "strings"),
                           (SECTION_TENSORS, "tensors")):
            if kind not in sections:
                raise EybFormatError(f"{path}: no {name} section")

        config = _read_at(f, *sections[SECTION_CONFIG], "config section")
        dram_bytes, name_len, arch_len = struct.unpack_from("<QII", config, 0)
        program = config[24:24 + name_len].decode("utf-8", "replace")
        arch = config[24 + name_len:24 + name_len + arch_len].decode("utf-8", "replace")

        strings = _read_at(f, *sections[SECTION_STRINGS], "strings section")
        tensors_data = _read_at(f, *sections[SECTION_TENSORS], "tensors section")

    def string(offset: int, length: int) -> str:
        if offset + length > len(strings):
            raise EybFormatError(f"{path}: a name lies outside the strings section")
        return strings[offset:offset + length].decode("utf-8", "replace")

    count, record_size = struct.unpack_from("<II", tensors_data, 0)
    if (record_size not in (TENSOR_RECORD_SIZE, WIDE_TENSOR_RECORD_SIZE)
            or 8 + count * record_size > len(tensors_data)):
        raise EybFormatError(f"{path}: malformed tensor table ({count} records of "
                             f"{record_size} bytes)")
    tensors = []
    for i in range(count):
        base = 8 + i * record_size
        dims = 8 if record_size == WIDE_TENSOR_RECORD_SIZE else 4
        (name_off, name_len, role, etype, rank, storage,
         frac_bits) = struct.unpack_from("<IIBBBBi", tensors_data, base)
        shape = struct.unpack_from(f"<{dims}I", tensors_data, base + 16)
        if rank > dims:
            raise EybFormatError(f"{path}: tensor {i} has rank {rank} in a record of "
                                 f"{dims} dimensions")
        dtype = ELEMENT_TYPES.get(etype, f"type{etype}")
        host_format = "float32"
        if dtype == "float32":
            host_format = HOST_FORMATS.get(frac_bits, f"format{frac_bits}")
            frac_bits = 0
        tensors.append(TensorInfo(
            name=string(name_off, name_len), role=ROLES.get(role, f"role{role}"),
            dtype=dtype, shape=tuple(shape[:rank]),
            storage=STORAGES.get(storage, str(storage)), frac_bits=frac_bits,
            host_format=host_format))
    return ProgramInfo(path=path, program=program, arch=arch, version=(major, minor),
                       dram_bytes=dram_bytes, tensors=tensors)
