"""``python3 -m eyeriss {compile,simulate,export,plot}``: the command line over eyeriss.api
(and eyeriss.plots).

Exit codes: 0 success, 1 the tool or the export failed (its message on stderr), 2 bad
command-line arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np

from . import __version__
from ._tools import EyerissError, ToolError
from . import api

PROG = "python3 -m eyeriss"


def _shape(text: str) -> tuple:
    try:
        shape = tuple(int(d) for d in text.replace("x", ",").split(",") if d.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got {text!r}")
    if not shape or any(d <= 0 for d in shape):
        raise argparse.ArgumentTypeError(f"expected positive dimensions, got {text!r}")
    return shape


def _option(text: str) -> tuple:
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("-")
    if not name:
        raise argparse.ArgumentTypeError(f"expected NAME or NAME=VALUE, got {text!r}")
    return name, (value if sep else True)


def _add_tools_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tools-dir", metavar="DIR", type=Path,
        help="directory holding eyeriss-compile / eyeriss-run (default: $EYERISS_BUILD_DIR/bin, "
             "else <repo>/build/bin)")


# ---------------------------------------------------------------------------------------
# compile
# ---------------------------------------------------------------------------------------


def _compile_parser(sub) -> None:
    p = sub.add_parser(
        "compile", help="compile an ONNX model into an EYB program (eyeriss-compile)",
        description="Compile an ONNX model into an EYB program for the simulator, with "
                    "eyeriss-compile. Flags not listed here can be passed with --option.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("model", type=Path, help="the ONNX model (.onnx or .onnxtext)")
    p.add_argument("-o", "--output", type=Path,
                   help="the EYB program to write (default: the model's path with .eyb)")
    p.add_argument("--arch", default="eyeriss-v1",
                   help="architecture: a shipped name (eyeriss-v1, eyeriss-isca16-256pe) or "
                        "an architecture JSON file")
    p.add_argument("--batch", type=int, default=1,
                   help="batch size: dimension 0 of every graph input (0: keep the model's)")
    p.add_argument("--shape", action="append", metavar="NAME:D0,D1,...",
                   help="static shape of a graph input, e.g. input:1,3,224,224 (repeatable)")
    p.add_argument("--report", choices=["workload", "energy", "dataflows", "workload-json",
                                          "energy-json", "dataflows-json"],
                   help="print this per-layer report after compiling: a table, or JSON for "
                        "the -json kinds (workload: shapes, MACs, weights; energy: mapping, "
                        "accesses, energy, cycles; dataflows: RS against other dataflows)")
    p.add_argument("--report-json", type=Path, metavar="FILE",
                   help="also write the energy or dataflows report as JSON to FILE")
    p.add_argument("--objective", choices=["energy", "latency", "edp"],
                   help="what the mapper minimizes (eyeriss-compile's default: energy)")
    p.add_argument("--mapping", type=Path, metavar="FILE",
                   help="JSON mapping file pinning the mappings of the layers it names")
    p.add_argument("--dump-mapping", metavar="FILE",
                   help="write every layer's mapping as a JSON mapping file ('-': stdout)")
    p.add_argument("--exhaustive-search", action="store_true",
                   help="enumerate every mapping instead of the pruned search")
    p.add_argument("--measure-sparsity", action="store_true",
                   help="measure every layer's ifmap/ofmap zero fractions on a seeded input "
                        "and cost zero gating and RLC with them")
    p.add_argument("--ifmap-zeros", type=float, metavar="FRACTION",
                   help="assumed fraction of zeros in every layer's ifmap")
    p.add_argument("--ofmap-zeros", type=float, metavar="FRACTION",
                   help="assumed fraction of zeros in every layer's ofmap")
    p.add_argument("--no-host-fallback", action="store_true",
                   help="make an op the PE array cannot run an error instead of running it "
                        "on the host")
    p.add_argument("--calibration-samples", type=int, metavar="N",
                   help="standard-normal calibration inputs for quantization")
    p.add_argument("--calibration-seed", type=int, metavar="N",
                   help="seed of the first calibration input")
    p.add_argument("--calibration-input", action="append", metavar="[NAME=]FILE",
                   help="calibrate on this tensor file (.npy or .pb; repeatable) instead "
                        "of standard-normal samples; NAME=FILE for a network of several "
                        "inputs (the i-th file of each input makes sample i)")
    p.add_argument("--headroom", type=float, metavar="X",
                   help="the fixed-point formats hold at least X (>= 1) times the "
                        "calibrated ranges")
    p.add_argument("--headroom-spread", type=float, metavar="W",
                   help="extra headroom per unit of a range's spread over the "
                        "calibration images (0: --headroom alone)")
    p.add_argument("--input-range", metavar="MIN,MAX",
                   help="declared range of the network's input values")
    p.add_argument("--option", action="append", type=_option, metavar="NAME[=VALUE]",
                   default=[],
                   help="any other eyeriss-compile flag, without its dashes: "
                        "--option partition-report, --option max-tensor-elements=1000000 "
                        "(repeatable)")
    p.add_argument("--quiet", action="store_true",
                   help="print nothing but the report (no 'wrote ...' line)")
    _add_tools_dir(p)
    p.set_defaults(func=_cmd_compile)


def _cmd_compile(args) -> int:
    output = args.output or args.model.with_suffix(".eyb")
    options: Dict[str, object] = {
        "shape": args.shape, "report": args.report, "report_json": args.report_json,
        "objective": args.objective, "mapping": args.mapping,
        "dump_mapping": args.dump_mapping, "exhaustive_search": args.exhaustive_search,
        "measure_sparsity": args.measure_sparsity, "ifmap_zeros": args.ifmap_zeros,
        "ofmap_zeros": args.ofmap_zeros, "no_host_fallback": args.no_host_fallback,
        "calibration_samples": args.calibration_samples,
        "calibration_seed": args.calibration_seed, "headroom": args.headroom,
        "headroom_spread": args.headroom_spread,
        "calibration_input": args.calibration_input,
        "input_range": args.input_range,
    }
    for name, value in args.option:
        key = name.replace("-", "_")
        previous = options.get(key)
        if previous not in (None, False) and value is not True:
            options[key] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            options[key] = value
    program = api.compile(args.model, arch=args.arch, batch=args.batch or None,
                          output=output, tools_dir=args.tools_dir, **options)
    if program.stderr:
        sys.stderr.write(program.stderr)
    if program.report_text:
        sys.stdout.write(program.report_text)
    if not args.quiet:
        print(f"wrote {program.path}", file=sys.stderr if args.report else sys.stdout)
    return 0


# ---------------------------------------------------------------------------------------
# simulate
# ---------------------------------------------------------------------------------------


def _load_tensor(path: Path) -> np.ndarray:
    if path.suffix == ".pb":
        import onnx
        import onnx.numpy_helper
        tensor = onnx.TensorProto()
        tensor.ParseFromString(path.read_bytes())
        return onnx.numpy_helper.to_array(tensor)
    return np.load(path)


def _save_tensor(path: Path, array: np.ndarray, name: str) -> None:
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".pb":
        import onnx.numpy_helper
        path.write_bytes(onnx.numpy_helper.from_array(array, name).SerializeToString())
    else:
        np.save(path, array)


def compare(got: np.ndarray, want: np.ndarray) -> dict:
    """Cosine similarity, error and top-1 agreement of an output against a reference."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        raise ValueError(f"output shape {got.shape} differs from the reference's {want.shape}")
    a, b = got.ravel(), want.ravel()
    norms = np.linalg.norm(a) * np.linalg.norm(b)
    cosine = float(a @ b / norms) if norms > 0 else float(np.array_equal(a, b))
    scale = float(np.abs(b).max()) if b.size else 0.0
    max_abs = float(np.abs(a - b).max()) if a.size else 0.0
    result = {"cosine": cosine, "max_abs_err": max_abs,
              "max_rel_err": max_abs / scale if scale > 0 else max_abs}
    if got.ndim >= 2:
        flat_got = got.reshape(got.shape[0], -1)
        flat_want = want.reshape(want.shape[0], -1)
        top1 = flat_got.argmax(axis=1) == flat_want.argmax(axis=1)
        result["top1_agreement"] = float(top1.mean())
    return result


def _simulate_parser(sub) -> None:
    p = sub.add_parser(
        "simulate", help="run an EYB program on the cycle-level simulator (eyeriss-run)",
        description="Run an EYB program on the cycle-level simulator (eyeriss-run), save "
                    "its outputs and statistics, and print a summary.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("binary", type=Path, help="the EYB program (.eyb)")
    p.add_argument("--input", action="append", default=[], metavar="FILE|NAME=FILE",
                   help="an input tensor (.npy float32 or ONNX TensorProto .pb), matched to "
                        "the program's inputs in order, or by name (input0, input1, ...) "
                        "with NAME=FILE (repeatable); none: seeded N(0,1) inputs")
    out = p.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", type=Path, metavar="FILE",
                     help="write the program's single output to FILE (.npy, or .pb for a "
                          "TensorProto)")
    out.add_argument("--output-dir", type=Path, metavar="DIR",
                     help="write every output to DIR/<output name>.npy")
    p.add_argument("--stats", type=Path, metavar="FILE",
                   help="write the statistics JSON (cycles, energy, per layer) to FILE")
    p.add_argument("--trace", type=Path, metavar="FILE", help="write the trace JSON to FILE")
    p.add_argument("--seed", type=int, metavar="N",
                   help="seed of the generated inputs (when no --input is given)")
    p.add_argument("--progress", action="store_true",
                   help="show the simulator's progress on stderr")
    p.add_argument("--compare", type=Path, metavar="REF",
                   help="compare the first output with this reference (.npy or .pb): print "
                        "cosine similarity, max error and top-1 agreement")
    p.add_argument("--min-cosine", type=float, metavar="X",
                   help="with --compare: exit 1 when the cosine similarity is below X")
    p.add_argument("--layers", action="store_true",
                   help="also print one line per layer (kind, cycles, energy)")
    p.add_argument("--json", action="store_true",
                   help="print the statistics JSON to stdout instead of the summary")
    _add_tools_dir(p)
    p.set_defaults(func=_cmd_simulate)


def _parse_inputs(items: Sequence[str]):
    if not items:
        return None
    named: Dict[str, str] = {}
    positional: List[str] = []
    for item in items:
        name, sep, path = item.partition("=")
        if sep and name and not os.path.exists(item):
            named[name] = path
        else:
            positional.append(item)
    if named and positional:
        raise argparse.ArgumentTypeError(
            "--input: give every input as FILE (in order) or every input as NAME=FILE, "
            "not both")
    return named or positional


def _layer_line(layer) -> str:
    data = layer.to_dict()
    energy = data.get("energy_pj")
    energy_uj = energy.get("total") / 1e6 if isinstance(energy, dict) and \
        energy.get("total") is not None else None
    cycles = data.get("cycles")
    return (f"  {str(data.get('name')):<44} {str(data.get('kind')):<5} "
            f"{cycles if cycles is not None else '-':>12} cycles  "
            f"{'-' if energy_uj is None else f'{energy_uj:.3f}':>10} uJ")


def _cmd_simulate(args) -> int:
    try:
        inputs = _parse_inputs(args.input)
    except argparse.ArgumentTypeError as e:
        print(f"{PROG} simulate: error: {e}", file=sys.stderr)
        return 2
    outputs, stats = api.simulate(args.binary, inputs, trace=args.trace, stats=args.stats,
                                  seed=args.seed, progress=args.progress,
                                  tools_dir=args.tools_dir)
    if args.output is not None:
        if len(outputs) != 1:
            print(f"{PROG} simulate: error: -o needs a program with one output, this one "
                  f"has {len(outputs)} ({', '.join(outputs)}); use --output-dir",
                  file=sys.stderr)
            return 1
        name, array = next(iter(outputs.items()))
        _save_tensor(args.output, array, name)
    if args.output_dir is not None:
        for name, array in outputs.items():
            _save_tensor(args.output_dir / f"{name.lstrip('/')}.npy", array, name)

    if args.json:
        print(json.dumps(stats.to_dict(), indent=2))
    else:
        print(stats.summary())
        if args.layers:
            for layer in stats.layers:
                print(_layer_line(layer))
        for name, array in outputs.items():
            print(f"  output {name}: shape {tuple(array.shape)}, {array.dtype}")
    status = 0
    if args.compare is not None:
        name, array = next(iter(outputs.items()))
        try:
            metrics = compare(array, _load_tensor(args.compare))
        except (OSError, ValueError) as e:
            print(f"{PROG} simulate: error: --compare {args.compare}: {e}", file=sys.stderr)
            return 1
        text = ", ".join(f"{k} {v:.6g}" for k, v in metrics.items())
        print(f"compare {name} with {args.compare}: {text}",
              file=sys.stderr if args.json else sys.stdout)
        if args.min_cosine is not None and metrics["cosine"] < args.min_cosine:
            print(f"{PROG} simulate: cosine similarity {metrics['cosine']:.6f} is below "
                  f"--min-cosine {args.min_cosine}", file=sys.stderr)
            status = 1
    return status


# ---------------------------------------------------------------------------------------
# export
# ---------------------------------------------------------------------------------------


def _export_parser(sub) -> None:
    p = sub.add_parser(
        "export", help="export a torchvision model with seeded random weights to ONNX",
        description="Build a torchvision model (or a model of eyeriss.zoo, e.g. "
                    "alexnet-grouped) with seeded random weights, nothing downloaded, "
                    "calibrate it so that its output depends on its input, and export it "
                    "to ONNX (checked with onnx.checker and shape inference).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("model", nargs="?",
                   help="torchvision model name (resnet18, squeezenet1_1, mobilenet_v2, ...) "
                        "or zoo model name; see --list")
    p.add_argument("-o", "--output", type=Path,
                   help="the ONNX file to write (default: <model>.onnx)")
    p.add_argument("--seed", type=int, default=0,
                   help="seed of the weights (and of the calibration and reference inputs)")
    p.add_argument("--input-shape", type=_shape, metavar="N,C,H,W",
                   help="static input shape (default: the model's, 1,3,224,224 for most)")
    p.add_argument("--opset", type=int, default=13, help="ONNX opset version")
    p.add_argument("--no-calibrate", action="store_true",
                   help="keep the raw random weights (outputs then hardly depend on the "
                        "input)")
    p.add_argument("--input-name", default="input", help="the graph input's name")
    p.add_argument("--output-name", default="logits", help="the graph output's name")
    p.add_argument("--reference-dir", type=Path, metavar="DIR",
                   help="also write DIR/input.npy (seeded N(0,1), seed + 1) and "
                        "DIR/output.npy (PyTorch's float32 output on it)")
    p.add_argument("--list", action="store_true",
                   help="print the model names torchvision and the zoo offer, and exit")
    p.set_defaults(func=_cmd_export)


def _cmd_export(args) -> int:
    import torch
    import torchvision

    from . import zoo

    if args.list:
        for name in sorted(set(zoo.MODELS) |
                           set(torchvision.models.list_models(module=torchvision.models))):
            print(name)
        return 0
    if not args.model:
        print(f"{PROG} export: error: a model name is required (see --list)", file=sys.stderr)
        return 2
    output = args.output or Path(f"{args.model}.onnx")
    module, model = api.export_torchvision(
        args.model, output, input_shape=args.input_shape, seed=args.seed, opset=args.opset,
        calibrate=not args.no_calibrate, input_name=args.input_name,
        output_name=args.output_name)
    shape = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
    out_shape = [d.dim_value for d in model.graph.output[0].type.tensor_type.shape.dim]
    print(f"wrote {output}: {args.model}, seed {args.seed}, opset {args.opset}, "
          f"input {args.input_name} {shape}, output {args.output_name} {out_shape}")
    if args.reference_dir is not None:
        generator = torch.Generator().manual_seed(args.seed + 1)
        x = torch.randn(*shape, generator=generator)
        with torch.no_grad():
            y = module(x)
        args.reference_dir.mkdir(parents=True, exist_ok=True)
        np.save(args.reference_dir / "input.npy", x.numpy().astype(np.float32))
        np.save(args.reference_dir / "output.npy", y.numpy().astype(np.float32))
        print(f"wrote {args.reference_dir / 'input.npy'} and {args.reference_dir / 'output.npy'}")
    return 0


# ---------------------------------------------------------------------------------------
# plot
# ---------------------------------------------------------------------------------------


def _plot_parser(sub) -> None:
    p = sub.add_parser(
        "plot", help="draw pictures of a simulator run (energy, PE array, utilization)",
        description="Draw pictures of a simulator run from its statistics and trace JSON "
                    "(eyeriss-run --stats / --trace, or simulate --stats / --trace), each "
                    "as PNG and SVG: energy-breakdown (energy per layer by level), "
                    "mapping-<layer> (the PE array of each conv/fc layer) and utilization "
                    "(PE-array utilization over time). See docs/Pictures.md.")
    p.add_argument("--stats", type=Path, metavar="FILE",
                   help="the statistics JSON (eyeriss-run --stats): draws "
                        "energy-breakdown and mapping-<layer>")
    p.add_argument("--trace", type=Path, metavar="FILE",
                   help="the trace JSON (eyeriss-run --trace): draws utilization")
    p.add_argument("--out", type=Path, metavar="DIR", required=True,
                   help="directory to write the pictures to (created if missing)")
    p.add_argument("--layer", action="append", metavar="NAME",
                   help="draw the PE array of this layer only: its name in the statistics "
                        "or its short name (CONV1, FC6, ...) (repeatable; default: every "
                        "conv and fc layer)")
    p.set_defaults(func=_cmd_plot)


def _cmd_plot(args) -> int:
    if args.stats is None and args.trace is None:
        print(f"{PROG} plot: error: give --stats, --trace or both", file=sys.stderr)
        return 2
    if args.layer and args.stats is None:
        print(f"{PROG} plot: error: --layer needs --stats", file=sys.stderr)
        return 2
    from . import plots

    try:
        written = plots.plot_all(args.stats, args.trace, args.out, layers=args.layer)
    except ValueError as e:  # also a malformed JSON file (json.JSONDecodeError)
        print(f"{PROG} plot: error: {e}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


# ---------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="eyeriss-mlir from Python: export PyTorch models to ONNX, compile them "
                    "into EYB programs, and run those on the cycle-level simulator. "
                    "'%(prog)s COMMAND --help' describes each command.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _compile_parser(sub)
    _simulate_parser(sub)
    _export_parser(sub)
    _plot_parser(sub)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ToolError as e:
        message = e.stderr.strip() or str(e)
        print(message, file=sys.stderr)
        return 1
    except EyerissError as e:
        print(f"{PROG} {args.command}: error: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # stdout closed early (| head): not an error of ours; keep Python from complaining
        # when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as e:
        print(f"{PROG} {args.command}: error: {e}", file=sys.stderr)
        return 1
