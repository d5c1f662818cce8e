"""The Python API: compile ONNX models, simulate the programs, export PyTorch models.

A thin layer over the command-line tools (docs/Python.md):

    eyeriss.compile   runs eyeriss-compile  (ONNX → EYB program, optional cost report)
    eyeriss.simulate  runs eyeriss-run      (EYB program → outputs and statistics)
    eyeriss.export_torch / export_torchvision   PyTorch → ONNX

The tools are found in ``tools_dir`` if given, else $EYERISS_BUILD_DIR/bin, else
<repo>/build/bin (see eyeriss._tools.find_tool). torch is imported only by the export
functions, so ``import eyeriss`` stays fast.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from ._tools import (EyerissError, PathLike, ToolError, ToolNotFoundError, find_tool,
                     option_flags, run_tool)
from .eyb import EybFormatError, ProgramInfo, read_program_info

COMPILE_TOOL = "eyeriss-compile"
RUN_TOOL = "eyeriss-run"


class CompileError(ToolError):
    """eyeriss-compile failed; `stderr` holds its diagnostics."""


class SimulationError(ToolError):
    """eyeriss-run failed, or its inputs could not be prepared; `stderr` holds the
    simulator's message (empty when it never ran)."""


def _tool_failure(error_class, tool: str, command: Sequence[str], returncode: int,
                  stdout: str, stderr: str):
    message = stderr.strip() or stdout.strip() or "(no message)"
    return error_class(f"{tool} failed (exit code {returncode}): {message}",
                       stderr=stderr, stdout=stdout, returncode=returncode, command=command)


class _TempDir:
    """A temporary directory removed when its owner is garbage collected or closed."""

    def __init__(self, owner: Any, prefix: str) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=prefix))
        self._finalizer = weakref.finalize(owner, shutil.rmtree, str(self.path), True)

    def cleanup(self) -> None:
        self._finalizer()


# ---------------------------------------------------------------------------------------
# Records: JSON objects with attribute access
# ---------------------------------------------------------------------------------------


class Record(Mapping[str, Any]):
    """A read-only JSON object: ``r.cycles`` and ``r["cycles"]`` alike; nested objects are
    Records too. ``to_dict()`` gives the plain JSON value back."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_data", dict(data))

    @staticmethod
    def wrap(value: Any) -> Any:
        if isinstance(value, Mapping) and not isinstance(value, Record):
            return Record(value)
        if isinstance(value, list):
            return [Record.wrap(v) for v in value]
        return value

    def __getitem__(self, key: str) -> Any:
        return Record.wrap(self._data[key])

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no attribute {key!r} "
                f"(keys: {', '.join(self._data)})") from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __dir__(self):
        return sorted(set(super().__dir__()) | {k for k in self._data if k.isidentifier()})

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object as plain dicts and lists (a deep copy)."""
        return json.loads(json.dumps(self._data))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"


class LayerStats(Record):
    """One layer of the simulator's statistics: ``name``, ``kind`` ("conv", "fc" or
    "host") and the keys of the totals that apply (cycles, energy_pj, macs, ...)."""

    __slots__ = ()

    def __repr__(self) -> str:
        extra = ", ".join(f"{k}={self._data[k]!r}" for k in ("cycles", "macs")
                          if k in self._data)
        return f"LayerStats(name={self._data.get('name')!r}, kind={self._data.get('kind')!r}" \
               f"{', ' + extra if extra else ''})"


class Stats(Record):
    """The statistics JSON eyeriss-run writes (--stats).

    Top-level keys are attributes (``program``, ``arch``, ``core_mhz``, ``link_mhz``,
    ``totals``), and so are the totals' keys: ``stats.cycles``, ``stats.power_mw``,
    ``stats.total_latency_ms``, ``stats.energy_pj.total``, ``stats.energy_pj["dram"]``,
    ... ``stats.layers`` is a list of LayerStats; ``stats.layer(name)`` finds one.
    """

    __slots__ = ()

    def __getattr__(self, key: str) -> Any:
        data = self._data
        if key in data:
            return self[key]
        totals = data.get("totals")
        if isinstance(totals, Mapping) and key in totals:
            return Record.wrap(totals[key])
        raise AttributeError(f"Stats has no attribute {key!r} (top-level keys: "
                             f"{', '.join(data)}; totals: {', '.join(totals or {})})")

    def __dir__(self):
        totals = self._data.get("totals") or {}
        return sorted(set(super().__dir__()) | {k for k in totals if k.isidentifier()})

    @property
    def layers(self) -> List[LayerStats]:
        return [LayerStats(layer) for layer in self._data.get("layers", [])]

    def layer(self, name: str) -> LayerStats:
        """The layer called `name` (KeyError if there is none)."""
        for layer in self._data.get("layers", []):
            if layer.get("name") == name:
                return LayerStats(layer)
        raise KeyError(name)

    @classmethod
    def load(cls, path: PathLike) -> "Stats":
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    def summary(self) -> str:
        """A few lines: cycles, latency, energy, power, utilization."""
        totals = self._data.get("totals", {})
        lines = [f"program {self._data.get('program', '?')} on {self._data.get('arch', '?')}"
                 f" ({len(self._data.get('layers', []))} layers)"]

        def add(label: str, key: str, fmt: str) -> None:
            if key in totals and totals[key] is not None:
                lines.append(f"  {label:<22}{format(totals[key], fmt)}")

        add("cycles", "cycles", ",")
        add("processing cycles", "processing_cycles", ",")
        add("latency (ms)", "total_latency_ms", ".4f")
        add("processing (ms)", "processing_latency_ms", ".4f")
        add("MACs", "macs", ",")
        energy = totals.get("energy_pj")
        if isinstance(energy, Mapping) and "total" in energy:
            lines.append(f"  {'energy (uJ)':<22}{energy['total'] / 1e6:.3f}")
        add("power (mW)", "power_mw", ".2f")
        add("DRAM bytes", "dram_bytes", ",")
        add("RLC ratio", "rlc_ratio", ".3f")
        add("active PEs", "active_pes", ".1f")
        add("utilization", "utilization", ".3f")
        add("psum wraps", "psum_wraps", ",")
        add("window saturations", "window_saturations", ",")
        add("output saturations", "output_saturations", ",")
        return "\n".join(lines)

    def __repr__(self) -> str:
        totals = self._data.get("totals", {})
        keys = ", ".join(f"{k}={totals[k]!r}" for k in ("cycles", "total_latency_ms",
                                                          "power_mw") if k in totals)
        return f"Stats(program={self._data.get('program')!r}, " \
               f"layers={len(self._data.get('layers', []))}{', ' + keys if keys else ''})"


# ---------------------------------------------------------------------------------------
# compile
# ---------------------------------------------------------------------------------------


class CompiledProgram:
    """An EYB program eyeriss-compile wrote.

    Attributes:
        path         the .eyb file (Path)
        model        the ONNX file it was compiled from (Path)
        arch, batch  what it was compiled for
        report       the --report JSON (a Record) when a report was asked for, else None
        report_text  the report as eyeriss-compile printed it (its stdout)
        stderr       eyeriss-compile's warnings
        command      the eyeriss-compile argument list

    When compile() chose the output location (output=None) the file lives in a temporary
    directory that is removed with this object (or by close(), or on leaving a ``with``
    block); pass output= to keep it.
    """

    def __init__(self, path: Path, model: Path, arch: str, batch: Optional[int],
                 report: Optional[Record], report_text: str, stderr: str,
                 command: List[str], tools_dir: Optional[PathLike],
                 onnx_input_names: Optional[List[str]] = None,
                 onnx_output_names: Optional[List[str]] = None) -> None:
        self.path = path
        self.model = model
        self.arch = arch
        self.batch = batch
        self.report = report
        self.report_text = report_text
        self.stderr = stderr
        self.command = command
        self.tools_dir = tools_dir
        self.onnx_input_names = onnx_input_names
        self.onnx_output_names = onnx_output_names
        self._tempdir: Optional[_TempDir] = None
        self._info: Optional[ProgramInfo] = None

    @property
    def info(self) -> ProgramInfo:
        """The program's name, architecture and input/output tensors (read from the EYB
        file; see eyeriss.eyb)."""
        if self._info is None:
            self._info = read_program_info(self.path)
        return self._info

    @property
    def input_names(self) -> List[str]:
        """The program's input tensor names, in order (the simulator's names)."""
        return [t.name for t in self.info.inputs]

    @property
    def output_names(self) -> List[str]:
        """The program's output tensor names, in order (the simulator's names)."""
        return [t.name for t in self.info.outputs]

    def simulate(self, inputs=None, trace=None, **options):
        """eyeriss.simulate(self, inputs, trace, **options); tools_dir defaults to the one
        this program was compiled with."""
        options.setdefault("tools_dir", self.tools_dir)
        return simulate(self, inputs, trace=trace, **options)

    def close(self) -> None:
        """Remove the temporary directory holding the program, if compile() made one."""
        if self._tempdir is not None:
            self._tempdir.cleanup()

    def __enter__(self) -> "CompiledProgram":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __fspath__(self) -> str:
        return os.fspath(self.path)

    def __repr__(self) -> str:
        return f"CompiledProgram(path={str(self.path)!r}, arch={self.arch!r}, " \
               f"batch={self.batch!r}{', report' if self.report is not None else ''})"


def _graph_io_names(model) -> Tuple[Optional[List[str]], Optional[List[str]]]:
    """The graph's non-initializer input names and its output names."""
    graph = model.graph
    initializers = {t.name for t in graph.initializer}
    return ([i.name for i in graph.input if i.name not in initializers],
            [o.name for o in graph.output])


def _onnx_io_names(path: Path) -> Tuple[Optional[List[str]], Optional[List[str]]]:
    try:
        import onnx
        return _graph_io_names(onnx.load(os.fspath(path), load_external_data=False))
    except Exception:  # not ONNX protobuf (e.g. .onnxtext), or unreadable: no names
        return None, None


REPORTS_WITH_JSON_FILE = ("energy", "dataflows")


def _json_in(text: str):
    """The JSON value printed in `text`, from its first '{' or '['."""
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        raise ValueError("no JSON in the report output")
    value, _ = json.JSONDecoder().raw_decode(text, min(starts))
    return value


def compile(model, arch: str = "eyeriss-v1", batch: Optional[int] = 1,
            output: Optional[PathLike] = None, *, tools_dir: Optional[PathLike] = None,
            timeout: Optional[float] = None, **options) -> CompiledProgram:
    """Compile an ONNX model into an EYB program with eyeriss-compile.

    Args:
        model:   path of an .onnx (or .onnxtext) file, or an onnx.ModelProto (saved to a
                 temporary file first).
        arch:    a shipped architecture name (eyeriss-v1, eyeriss-isca16-256pe) or the path
                 of an architecture JSON file (--arch).
        batch:   batch size, dimension 0 of every graph input (--batch); None: as in the
                 model.
        output:  where to write the program (-o); default: a temporary file owned by the
                 returned object.
        tools_dir: directory of the tools (else $EYERISS_BUILD_DIR/bin, <repo>/build/bin).
        timeout: seconds before eyeriss-compile is killed (subprocess.TimeoutExpired).
        options: further eyeriss-compile flags, ``python_name=value`` for
                 ``--python-name=value``: True gives the bare flag, False/None omit it, a
                 list repeats the flag, a tuple is comma-joined, a dict gives ``key:value``
                 (``shape={"input": (1, 3, 64, 64)}``). E.g. objective="latency",
                 mapping="m.json", measure_sparsity=True, ifmap_zeros=0.5.
                 ``report="energy"`` or ``"dataflows"`` also writes the report JSON (to
                 ``report_json=`` if given, else a temporary file) and loads it into
                 ``.report``; ``report="workload-json"`` (or energy-json, dataflows-json)
                 loads the JSON eyeriss-compile prints; the table a report prints is in
                 ``.report_text``.

    Raises:
        CompileError: eyeriss-compile failed (missing or malformed model, unknown
            architecture, unsupported op, ...); its message is in ``.stderr``.
        ToolNotFoundError: eyeriss-compile is not built.
    """
    tool = find_tool(COMPILE_TOOL, tools_dir)
    result = CompiledProgram.__new__(CompiledProgram)  # owner of the temporary directory
    tempdir: Optional[_TempDir] = None

    def scratch() -> Path:
        nonlocal tempdir
        if tempdir is None:
            tempdir = _TempDir(result, "eyeriss-compile-")
        return tempdir.path

    onnx_names: Tuple[Optional[List[str]], Optional[List[str]]] = (None, None)
    if isinstance(model, (str, os.PathLike)):
        model_path = Path(model)
    elif hasattr(model, "SerializeToString") and hasattr(model, "graph"):
        import onnx
        model_path = scratch() / f"{model.graph.name or 'model'}.onnx".replace("/", "_")
        onnx.save(model, os.fspath(model_path))
        onnx_names = _graph_io_names(model)
    elif isinstance(model, (bytes, bytearray)):
        model_path = scratch() / "model.onnx"
        model_path.write_bytes(bytes(model))
    else:
        raise TypeError(f"model must be a path, an onnx.ModelProto or bytes, "
                        f"not {type(model).__name__}")

    if output is None:
        output_path = scratch() / (model_path.stem + ".eyb")
    else:
        output_path = Path(output)

    options = dict(options)
    report_kind = str(options.get("report") or "")
    report_json = options.get("report_json")
    # energy and dataflows write their JSON to --report-json; a *-json report is printed
    # to stdout instead.
    if report_kind in REPORTS_WITH_JSON_FILE and not report_json:
        report_json = scratch() / f"report-{report_kind}.json"
        options["report_json"] = report_json

    command = [os.fspath(tool), os.fspath(model_path), f"--arch={arch}"]
    if batch is not None:
        command.append(f"--batch={int(batch)}")
    command += option_flags(options)
    command += ["-o", os.fspath(output_path)]

    returncode, stdout, stderr = run_tool(command, timeout=timeout)
    if returncode != 0:
        if tempdir is not None:
            tempdir.cleanup()
        raise _tool_failure(CompileError, COMPILE_TOOL, command, returncode, stdout, stderr)

    report = None
    try:
        if report_json:
            with open(report_json, encoding="utf-8") as f:
                report = Record.wrap(json.load(f))
        elif report_kind.endswith("-json"):
            report = Record.wrap(_json_in(stdout))
    except (OSError, ValueError) as e:
        raise CompileError(f"{COMPILE_TOOL} succeeded but its {report_kind} report cannot "
                           f"be read: {e}", stderr=stderr, stdout=stdout,
                           returncode=returncode, command=command) from e
    if onnx_names == (None, None):
        onnx_names = _onnx_io_names(model_path)
    result.__init__(output_path, model_path, arch, batch, report, stdout, stderr, command,
                    tools_dir, *onnx_names)
    result._tempdir = tempdir
    return result


# ---------------------------------------------------------------------------------------
# simulate
# ---------------------------------------------------------------------------------------


def _as_float32(value, what: str) -> np.ndarray:
    if hasattr(value, "detach") and hasattr(value, "cpu"):  # a torch.Tensor
        value = value.detach().cpu().numpy()
    try:
        # order="C", not np.ascontiguousarray, which makes a scalar 1-D.
        return np.asarray(value, dtype=np.float32, order="C")
    except (TypeError, ValueError) as e:
        raise SimulationError(f"{what}: cannot convert to a float32 array: {e}") from e


def _program_info(binary) -> Optional[ProgramInfo]:
    try:
        if isinstance(binary, CompiledProgram):
            return binary.info
        return read_program_info(binary)
    except (OSError, EybFormatError, Exception):  # the simulator reports the real problem
        return None


def _input_args(inputs, directory: Path, info: Optional[ProgramInfo],
                program: Optional[CompiledProgram]) -> List[str]:
    """--input flags for `inputs`, writing arrays to .npy files in `directory`."""
    if inputs is None:
        return []

    def file_for(value, stem: str) -> str:
        if isinstance(value, (str, os.PathLike)):
            return os.fspath(value)  # a .npy / .pb file the simulator reads itself
        path = directory / f"{stem}.npy"
        np.save(path, _as_float32(value, f"input {stem}"))
        return os.fspath(path)

    args: List[str] = []
    if isinstance(inputs, Mapping):
        program_names = [t.name for t in info.inputs] if info else []
        onnx_names = (program.onnx_input_names or []) if program else []
        for index, (name, value) in enumerate(inputs.items()):
            name = str(name)
            # The compiler keeps the ONNX graph's input names (input0, input1, ...
            # only for unnamed inputs); another ONNX name is translated to the
            # program's input at its position.
            if name not in program_names and name in onnx_names \
                    and len(onnx_names) == len(program_names):
                name = program_names[onnx_names.index(name)]
            safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "input"
            args += ["--input", f"{name}={file_for(value, f'{index}_{safe}')}"]
        return args
    if isinstance(inputs, (list, tuple)):
        values = list(inputs)
    else:
        values = [inputs]
    for index, value in enumerate(values):
        args += ["--input", file_for(value, f"input_{index}")]
    return args


def _normalized(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "_", name).strip("_")


def _read_outputs(directory: Path, info: Optional[ProgramInfo]) -> Dict[str, np.ndarray]:
    """DIR/<name>.npy (or .pb) files → name → array, in program order where known."""
    import_onnx = None
    found: Dict[str, np.ndarray] = {}
    for path in sorted(directory.rglob("*")):
        if not path.is_file() or path.suffix not in (".npy", ".pb"):
            continue
        name = path.relative_to(directory).with_suffix("").as_posix()
        if path.suffix == ".npy":
            found[name] = np.load(path)
        else:
            if import_onnx is None:
                import onnx.numpy_helper as import_onnx
            import onnx
            tensor = onnx.TensorProto()
            tensor.ParseFromString(path.read_bytes())
            found[tensor.name or name] = import_onnx.to_array(tensor)
    if info is None:
        return found
    # Key the files by the program's tensor names, however the simulator spelt them as
    # file names, and order them as the program does.
    ordered: Dict[str, np.ndarray] = {}
    by_normalized = {}
    for name in found:
        by_normalized.setdefault(_normalized(name), name)
    for tensor in info.outputs:
        key = tensor.name if tensor.name in found else by_normalized.get(
            _normalized(tensor.name))
        if key is not None and key in found:
            ordered[tensor.name] = found.pop(key)
    ordered.update(found)
    return ordered


def simulate(binary, inputs=None, trace: Optional[PathLike] = None, *,
             stats: Optional[PathLike] = None, seed: Optional[int] = None,
             progress: bool = False, tools_dir: Optional[PathLike] = None,
             timeout: Optional[float] = None,
             **options) -> Tuple[Dict[str, np.ndarray], Stats]:
    """Run an EYB program on the cycle-level simulator (eyeriss-run).

    Args:
        binary:  path of an .eyb file, or a CompiledProgram.
        inputs:  None (the simulator draws seeded N(0, 1) inputs), one array (the
                 program's only input), a list of arrays (the inputs in order), or a dict
                 name → array (by the program's input names: the ONNX graph's, or input0,
                 input1, ... for unnamed inputs). Arrays may be numpy
                 arrays, torch tensors or nested lists (converted to float32); a str or
                 Path instead of an array is passed to the simulator as a .npy/.pb file.
        trace:   write the simulator's trace JSON to this path (--trace).
        stats:   also keep the statistics JSON at this path (--stats); it is always read.
        seed:    seed of the generated inputs (--seed).
        progress: pass --progress and copy the simulator's stderr here as it runs.
        tools_dir, timeout: as for compile().
        options: further eyeriss-run flags (``python_name=value`` → ``--python-name value``).

    Returns:
        (outputs, stats): outputs maps each output tensor's name (the EYB program's names,
        see docs/Python.md) to a numpy array, in the order of the program's tensor table;
        stats is a Stats.

    Raises:
        SimulationError: eyeriss-run failed (wrong input count or shape, bad program, ...)
            with its message in ``.stderr``, or an input could not be converted.
        ToolNotFoundError: eyeriss-run is not built.
    """
    tool = find_tool(RUN_TOOL, tools_dir)
    program = binary if isinstance(binary, CompiledProgram) else None
    binary_path = binary.path if program is not None else Path(binary)
    info = _program_info(binary if program is not None else binary_path)

    with tempfile.TemporaryDirectory(prefix="eyeriss-run-") as tmp:
        tmp_path = Path(tmp)
        input_dir = tmp_path / "inputs"
        output_dir = tmp_path / "outputs"
        input_dir.mkdir()
        output_dir.mkdir()
        command = [os.fspath(tool), os.fspath(binary_path)]
        command += _input_args(inputs, input_dir, info, program)
        if info is not None and len(info.outputs) == 1:
            # One output: -o names the file, whatever characters the tensor name has.
            single = output_dir / "output.npy"
            command += ["-o", os.fspath(single)]
        else:
            single = None
            command += ["--output-dir", os.fspath(output_dir)]
        stats_path = Path(stats) if stats is not None else tmp_path / "stats.json"
        command += ["--stats", os.fspath(stats_path)]
        if trace is not None:
            command += ["--trace", os.fspath(trace)]
        if seed is not None:
            command += ["--seed", str(int(seed))]
        if progress:
            command.append("--progress")
        command += option_flags(options, separate=True)

        returncode, stdout, stderr = run_tool(command, echo_stderr=progress, timeout=timeout)
        if returncode != 0:
            raise _tool_failure(SimulationError, RUN_TOOL, command, returncode, stdout, stderr)
        try:
            if single is not None:
                outputs = {info.outputs[0].name: np.load(single)}
            else:
                outputs = _read_outputs(output_dir, info)
            result_stats = Stats.load(stats_path)
        except (OSError, ValueError) as e:
            raise SimulationError(f"{RUN_TOOL} succeeded but its results cannot be read: "
                                  f"{e}", stderr=stderr, stdout=stdout,
                                  returncode=returncode, command=command) from e
    return outputs, result_stats


# ---------------------------------------------------------------------------------------
# export
# ---------------------------------------------------------------------------------------


class ExportError(EyerissError):
    """A PyTorch model cannot be exported to a valid ONNX file."""


def export_torch(module, input_shape: Sequence[int], path: PathLike, opset: int = 13,
                 input_name: str = "input", output_name: str = "logits"):
    """Export a torch.nn.Module to ONNX: eval mode, static shapes, constants folded.

    The export is checked with onnx.checker and strict shape inference. The module is put
    in eval mode for the export and its previous mode restored afterwards.

    Args:
        module:      the torch.nn.Module (one input tensor, one output tensor).
        input_shape: the static input shape, e.g. (1, 3, 64, 64).
        path:        the .onnx file to write.
        opset:       ONNX opset version.
        input_name, output_name: the graph's input and output names.

    Returns:
        the exported onnx.ModelProto, with the inferred shapes.

    Raises:
        ExportError: the ONNX checker or shape inference rejects the export.
    """
    import io

    import onnx
    import torch

    shape = tuple(int(d) for d in input_shape)
    was_training = module.training
    module.eval()
    buffer = io.BytesIO()
    try:
        with torch.no_grad():
            module(torch.zeros(shape))  # a clear error for a wrong shape, before exporting
            torch.onnx.export(
                module, torch.zeros(shape), buffer, export_params=True, verbose=False,
                training=torch.onnx.TrainingMode.EVAL, input_names=[input_name],
                output_names=[output_name], opset_version=opset, do_constant_folding=True)
    except RuntimeError as e:
        raise ExportError(f"cannot export {type(module).__name__} on an input of shape "
                          f"{shape}: {str(e).strip().splitlines()[0]}") from e
    finally:
        module.train(was_training)
    model = onnx.load_from_string(buffer.getvalue())
    try:
        onnx.checker.check_model(model)
    except onnx.checker.ValidationError as e:
        raise ExportError(f"onnx.checker rejects the export: {e}") from e
    try:
        inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    except onnx.shape_inference.InferenceError as e:
        raise ExportError(f"ONNX shape inference fails on the export: {e}") from e
    path = Path(path)
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return inferred


def build_torchvision(name: str, seed: int = 0, input_shape: Optional[Sequence[int]] = None,
                      calibrate: bool = True):
    """A torchvision model (or a zoo model, see eyeriss.zoo.MODELS) with seeded random
    weights, in eval mode; nothing is downloaded.

    With `calibrate`, BatchNorm statistics and the classifier are calibrated on seeded
    random inputs of `input_shape` (eyeriss.zoo.calibrate), so that the output depends
    on the input as a trained model's would.

    Returns (module, input_shape).
    """
    import torch
    import torchvision

    from . import zoo

    if name in zoo.MODELS:
        spec = zoo.MODELS[name]
        build = spec.build
        default_shape = spec.input_shape
    else:
        try:
            builder = torchvision.models.get_model_builder(name)
        except (ValueError, AttributeError):
            builder = getattr(torchvision.models, name, None)
            if builder is None or name.startswith("_") or not callable(builder):
                known = sorted(set(zoo.MODELS) | set(torchvision.models.list_models(
                    module=torchvision.models)))
                raise ExportError(f"unknown model {name!r}; known: {', '.join(known)}")

        def build():
            kwargs = {"weights": None}
            if name in ("googlenet", "inception_v3"):
                kwargs.update(aux_logits=False, init_weights=True)
            return builder(**kwargs)

        default_shape = (1, 3, 299, 299) if name == "inception_v3" else (1, 3, 224, 224)
    shape = tuple(int(d) for d in (input_shape or default_shape))
    torch.manual_seed(seed)
    module = build().eval()
    if calibrate:
        try:
            zoo.calibrate(module, shape, seed)
        except (zoo.ZooError, RuntimeError, ValueError) as e:
            raise ExportError(f"{name}: cannot calibrate on inputs of shape {shape}: "
                              f"{str(e).strip().splitlines()[0]}") from e
    return module, shape


def export_torchvision(name: str, path: PathLike, input_shape: Optional[Sequence[int]] = None,
                       seed: int = 0, opset: int = 13, calibrate: bool = True,
                       input_name: str = "input", output_name: str = "logits"):
    """Build a torchvision model with seeded random weights (build_torchvision) and export
    it (export_torch). Returns (module, onnx.ModelProto)."""
    module, shape = build_torchvision(name, seed, input_shape, calibrate)
    model = export_torch(module, shape, path, opset=opset, input_name=input_name,
                         output_name=output_name)
    return module, model


__all__ = [
    "CompileError", "CompiledProgram", "EyerissError", "ExportError", "LayerStats",
    "Record", "SimulationError", "Stats", "ToolError", "ToolNotFoundError",
    "build_torchvision", "compile", "export_torch", "export_torchvision", "simulate",
]
