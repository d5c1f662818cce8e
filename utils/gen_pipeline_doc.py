#!/usr/bin/env python3
"""Writes docs/Pipeline.md: one small layer (a 3x3 convolution with bias and
ReLU, then a 2x2 max pool) followed through every phase of eyeriss-compile,
the EYB listing and the simulator. Every IR listing, report and table in the
document is the real output of the tools of a build, run here on a model
written to a temporary directory; the prose around them takes its numbers
from that output.

The script also checks that eyeriss-opt's phase pipelines
(--eyeriss-canonicalize-pipeline, ...) give exactly what eyeriss-compile's
--compile-to gives, since the document says so.

Usage: gen_pipeline_doc.py --build build [--out docs/Pipeline.md] [--check]
  --check: exit 1 if the document at --out differs from what would be written
Run with Debian's /usr/bin/python3 (it needs numpy).
"""
import argparse
import difflib
import json
import math
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PROG = "gen_pipeline_doc.py"
MODEL = "conv-relu-pool.onnxtext"
EYB = "conv-relu-pool.eyb"
# The layer: N C H W input, M filters of R x S, padding 1, stride 1.
N, C, H, W, M, R, S = 1, 4, 8, 8, 8, 3, 3
WEIGHT_SEED, INPUT_SEED = 0, 1


def fail(message):
    sys.exit(f"{PROG}: error: {message}")


def model_text():
    """The ONNX text model, with seeded weights (two decimals), one filter a
    line."""
    rng = np.random.default_rng(WEIGHT_SEED)
    weight = np.round(rng.standard_normal((M, C, R, S)) * 0.25, 2) + 0.0  # no -0.00
    bias = np.round(rng.standard_normal(M) * 0.1, 2) + 0.0
    fmt = lambda values: ", ".join(f"{v:.2f}" for v in values)
    filters = ",\n    ".join(fmt(f.ravel()) for f in weight)
    return f"""<
  ir_version: 8,
  opset_import: ["" : 17]
>
conv_relu_pool (float[{N}, {C}, {H}, {W}] image) => (float[{N}, {M}, {H // 2}, {W // 2}] pool)
<float[{M}, {C}, {R}, {S}] weight = {{
    {filters}}},
 float[{M}] bias = {{{fmt(bias)}}}>
{{
  conv = Conv <kernel_shape = [{R}, {S}], pads = [1, 1, 1, 1]> (image, weight, bias)
  relu = Relu (conv)
  pool = MaxPool <kernel_shape = [2, 2], strides = [2, 2]> (relu)
}}
"""


class Tools:
    """Runs the build's tools in the work directory, on relative file names,
    so that their output and the commands the document shows (`show`) name
    no absolute path."""

    def __init__(self, build, workdir):
        self.bin = Path(build).resolve() / "bin"
        self.workdir = workdir
        for tool in ("eyeriss-compile", "eyeriss-opt", "eyeriss-run"):
            if not (self.bin / tool).is_file():
                fail(f"{self.bin / tool} does not exist; build the project "
                     "first (bash utils/build.sh) or pass --build")

    def run(self, tool, *args):
        cmd = [str(self.bin / tool), *map(str, args)]
        try:
            proc = subprocess.run(cmd, cwd=self.workdir, capture_output=True,
                                  text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as err:
            fail(f"could not run {tool}: {err}")
        if proc.returncode != 0:
            fail(f"`{' '.join(cmd)}` failed with exit code "
                 f"{proc.returncode}:\n{proc.stderr.rstrip()}")
        if proc.stderr.strip():
            print(f"{PROG}: note: `{self.show(tool, *args)}` wrote to stderr:\n"
                  f"{proc.stderr.rstrip()}", file=sys.stderr)
        return self.clean(proc.stdout)

    def show(self, tool, *args):
        return " ".join([f"build/bin/{tool}", *map(str, args)])

    def clean(self, text):
        """No absolute paths of this run in the document."""
        return text.replace(str(self.workdir) + "/", "").replace(
            str(self.workdir), ".").rstrip() + "\n"

    def read(self, name):
        return self.clean((self.workdir / name).read_text())


def search(pattern, text, what):
    match = re.search(pattern, text)
    if not match:
        fail(f"unexpected tool output: no {what} in\n{text}")
    return match


def attr_fields(text):
    """'m = 8, n = 1' -> {'m': 8, 'n': 1}."""
    return {k: int(v) for k, v in re.findall(r"(\w+) = (-?\d+)", text)}


def table_row(table, name):
    """A whitespace-separated report table's row, as {column: value}."""
    lines = table.splitlines()
    header = next((re.sub(r" ms\b", "_ms", l).split() for l in lines
                   if l.startswith("layer")), None)
    row = next((l.split() for l in lines if l.split()[:1] == [name]), None)
    if not header or not row or len(header) != len(row):
        fail(f"unexpected tool output: no row '{name}' in the table\n{table}")
    return dict(zip(header, row))


def trim_listing(listing, used_rows, rows):
    """Leaves out the PE-grid and ID-table rows below the used ones (no
    active PE there), marking where."""
    out, in_layer, skipped = [], False, False
    for line in listing.splitlines():
        if line.startswith("."):
            in_layer = line.startswith(".layer")
        # Grid rows are indented by 4 or more and start with the row number
        # (the column-number header starts with 0 and stays).
        m = re.match(r" {4,}(\d+)\s", line)
        if in_layer and m and int(m.group(1)) >= used_rows:
            if not skipped:
                out.append(f"     ...  rows {used_rows} to {rows - 1} "
                           "(no active PE) left out of this page")
            skipped = True
            continue
        skipped = False
        out.append(line)
    return "\n".join(out) + "\n"


def plural(count, word, many=None):
    return f"{count} {word if count == 1 else many or word + 's'}"


def code(text, lang=""):
    return f"```{lang}\n{text.rstrip()}\n```\n"


def ifmt(f):
    """A format's range, as in docs/FixedPoint.md."""
    return f"±{2.0 ** (15 - f):g}"


def generate(build):
    with tempfile.TemporaryDirectory(prefix="eyeriss-pipeline-") as tmp:
        return generate_in(build, Path(tmp))


def generate_in(build, tmp):
    tools = Tools(build, tmp)
    compile_ = lambda *a: tools.run("eyeriss-compile", *a)
    show_compile = lambda *a: tools.show("eyeriss-compile", *a)
    onnx = model_text()
    (tmp / MODEL).write_text(onnx)

    # The phases, as eyeriss-compile prints them (large weights elided).
    ir = {p: compile_(MODEL, f"--compile-to={p}")
          for p in ("import", "canonicalize", "map", "quantize", "schedule")}
    workload = compile_(MODEL, "--report=workload", "-o", "/dev/null")

    # eyeriss-opt's phase pipelines on the previous phase's full IR must give
    # exactly eyeriss-compile's (locations kept, so that layer names survive).
    full = ["--elide-weights-larger-than=0", "--mlir-print-debuginfo"]
    compile_(MODEL, "--compile-to=import", *full, "-o", "import.mlir")
    previous = "import"
    for phase in ("canonicalize", "map", "quantize", "schedule"):
        compile_(MODEL, f"--compile-to={phase}", *full, "-o", f"{phase}.mlir")
        tools.run("eyeriss-opt", f"{previous}.mlir", f"--eyeriss-{phase}-pipeline",
                  "--mlir-print-debuginfo", "-o", f"opt-{phase}.mlir")
        if tools.read(f"{phase}.mlir") != tools.read(f"opt-{phase}.mlir"):
            fail(f"eyeriss-opt {previous}.mlir --eyeriss-{phase}-pipeline does "
                 f"not give what eyeriss-compile --compile-to={phase} gives "
                 f"(compare {phase}.mlir and opt-{phase}.mlir)")
        previous = phase

    # Map: the mapping, the partition, the cost model's report.
    partition = compile_(MODEL, "--partition-report", "-o", "/dev/null")
    energy = compile_(MODEL, "--report=energy", "--report-json=energy.json",
                      "-o", "/dev/null")
    energy_json = json.loads((tmp / "energy.json").read_text())
    model_cost = energy_json["layers"][0]
    mapping = attr_fields(search(r"#eyeriss\.rs<([^>]*)>", ir["map"],
                                 "#eyeriss.rs mapping").group(1))
    if set(mapping) != set("mnepqrt"):
        fail(f"unexpected mapping fields {sorted(mapping)}")
    energy_row = table_row(energy, "conv")

    # Quantize: the formats and the report.
    formats = attr_fields(search(r"#eyeriss\.fixed<([^>]*)>", ir["quantize"],
                                 "#eyeriss.fixed formats").group(1))
    qreport = compile_(MODEL, "--compile-to=quantize", "--quantization-report",
                       "-o", "/dev/null")
    bound = float(search(r"error <= ([0-9.eE+-]+)", qreport,
                         "error bound").group(1))
    ranges = search(r"\|x\| <= ([0-9.]+) x ([0-9.]+), \|w\| <= ([0-9.]+), psums in "
                    r"\[([-0-9.]+), ([-0-9.]+)\] x ([0-9.]+)", qreport, "calibrated ranges")

    # Lower to EYB.
    asm = compile_(MODEL, "--emit=asm")
    multicast = compile_(MODEL, "--check-multicast", "-o", "/dev/null")
    used = search(r"used=(\d+)x(\d+)", asm, "placement").groups()
    array = search(r"(\d+)x(\d+) PEs", asm, "array size").groups()
    used_rows, rows = int(used[0]), int(array[0])
    listing = trim_listing(asm, used_rows, rows)
    instructions = int(search(r"(?m)^\.code (\d+)$", asm, ".code").group(1))

    # Simulate, and compare with the float32 reference executor.
    compile_(MODEL, "-o", EYB)
    x = np.random.default_rng(INPUT_SEED).standard_normal((N, C, H, W))
    np.save(tmp / "x.npy", x.astype(np.float32))
    run_args = [EYB, "--input", "x.npy", "-o", "y.npy", "--stats", "stats.json"]
    sim_table = tools.run("eyeriss-run", *run_args)
    ref_args = [MODEL, "--run-reference", "--input=x.npy",
                "--reference-output=ref.npy", "-o", "/dev/null"]
    compile_(*ref_args)
    stats = json.loads((tmp / "stats.json").read_text())
    sim = next((l for l in stats["layers"] if l["name"] == "conv"), None)
    if sim is None:
        fail("eyeriss-run's stats have no layer 'conv'")
    y, ref = np.load(tmp / "y.npy"), np.load(tmp / "ref.npy")
    if y.shape != ref.shape:
        fail(f"simulator output {y.shape} and reference {ref.shape} differ in shape")
    max_err = float(np.abs(y.astype(np.float64) - ref).max())
    max_ref = float(np.abs(ref).max())

    # Numbers the prose derives; the loop nest must agree with the report.
    mp = mapping
    passes = (math.ceil(M / mp["m"]) * math.ceil(N / mp["n"]) *
              math.ceil(H / mp["e"]) * math.ceil(C / (mp["q"] * mp["r"])) *
              math.ceil(min(mp["m"], M) / (mp["p"] * mp["t"])))
    if str(passes) != energy_row["passes"]:
        fail(f"the loop nest gives {passes} passes, the energy report "
             f"{energy_row['passes']}: update this script's prose")
    pes = mp["r"] * mp["t"] * R * mp["e"]
    if str(pes) != energy_row["PEs"]:
        fail(f"r*t*R*e = {pes}, the energy report says {energy_row['PEs']} PEs")
    macs = N * M * C * H * W * R * S
    shift = formats["input"] + formats["weight"] - formats["psum"]
    pass_cycles = sim["processing_cycles"] - sim["config_cycles"]
    fused = "activation relu" in ir["canonicalize"] and "eyeriss.relu" not in ir["canonicalize"]
    if not fused:
        fail("the canonicalize phase did not fuse the ReLU; update this script's prose")

    d = []  # the document, in pieces
    add = d.append
    add(f"""<!-- Generated by utils/gen_pipeline_doc.py from the tools' output; do not edit.
     Regenerate: /usr/bin/python3 utils/gen_pipeline_doc.py --build build -->
# The compilation pipeline, phase by phase

This page follows one small layer — a {R}x{S} convolution with bias and ReLU,
then a 2x2 max pool — through every phase of `eyeriss-compile`, into the EYB
program, and through the simulator. Every listing, report and table below is
the real output of this repository's tools, pasted by
`utils/gen_pipeline_doc.py` (which also fails if the page is stale:
`--check`); the commands shown are the ones it ran. How to build and the full
option lists: [GettingStarted.md](GettingStarted.md).

| phase | stop there with | passes (the same with `eyeriss-opt`) | adds |
|---|---|---|---|
| [import](#1-import) | `--compile-to=import` | the ONNX importer, then `eyeriss-attach-target` | graph-level `eyeriss` ops, the target |
| [canonicalize](#2-canonicalize) | `--compile-to=canonicalize` | `--eyeriss-canonicalize-pipeline`: `eyeriss-drop-identity`, `eyeriss-gemm-to-fc`, `eyeriss-fold-pad`, `eyeriss-raise-channel-shuffle`, `eyeriss-fold-batch-norm`, `eyeriss-fuse-activation`, `eyeriss-fold-constants`, `canonicalize`, `cse` | fused activations, folded batch norms and pads, channel shuffles, FC layers |
| [map](#3-map) | `--compile-to=map` (the default) | `--eyeriss-map-pipeline`: `eyeriss-partition`, `eyeriss-map` | a row-stationary mapping `#eyeriss.rs` per CONV/FC layer |
| [quantize](#4-quantize) | `--compile-to=quantize` | `--eyeriss-quantize-pipeline`: `eyeriss-quantize` | 16-bit fixed-point formats `#eyeriss.fixed` |
| [schedule](#5-schedule) | `--compile-to=schedule` | `--eyeriss-schedule-pipeline`: `eyeriss-tile`, `eyeriss-allocate-glb`, `eyeriss-schedule-multicast`, `eyeriss-insert-rlc` | an `eyeriss.schedule` per CONV/FC layer: processing passes, transfers, placed GLB buffers, NoC IDs, RLC |
| [lower to EYB](#6-lower-to-eyb) | `--emit=asm`, `-o model.eyb` | none (the translation `lowerToEYB`, after schedule) | the program: tensors, layer records, instructions, weights |
| [simulate](#7-simulate) | `eyeriss-run model.eyb` | | outputs, cycles, accesses, energy |

The passes are described in [reference/EyerissPasses.md](reference/EyerissPasses.md),
the ops and attributes in [reference/EyerissDialect.md](reference/EyerissDialect.md);
the phases are put together in
[Pipelines.cpp](../lib/Dialect/Eyeriss/Transforms/Pipelines.cpp). The script
checks that `eyeriss-opt` with each phase's pipeline, run on the previous
phase's IR, gives exactly the IR `eyeriss-compile --compile-to` gives; to
go through `.mlir` files like that, write them with
`--elide-weights-larger-than=0` (every weight, so that they parse back) and
`--mlir-print-debuginfo` (the locations, which name the layers in reports
and mapping files; without them a layer is named by its `file:line:col`).

## The model

`{MODEL}`, in ONNX text form (`eyeriss-compile` reads `.onnxtext` files as
text): a {N}x{C}x{H}x{W} input, {M} filters of {C}x{R}x{S} (seeded random weights,
one filter a line) with a bias, padding 1, ReLU, and a 2x2 max pool of stride 2.
The nodes have no names, so each is named after its output: `conv`, `relu`,
`pool`.

{code(onnx)}
What the PE array will run, from the workload report (`N C M H W R S E F` are
the papers' shape parameters, [Mapping.md](Mapping.md#the-mapping); `U`
stride, `G` groups): {macs} MACs, {M * C * R * S} weights. The max pool is
not in it: pooling runs on the host CPU.

{code("$ " + show_compile(MODEL, "--report=workload", "-o", "/dev/null") + chr(10) + workload)}
## 1. Import

{code("$ " + show_compile(MODEL, "--compile-to=import") + chr(10) + ir["import"], "mlir")}
The ONNX importer ([ONNXImport.md](ONNXImport.md),
[ONNXImporter.cpp](../lib/Import/ONNX/ONNXImporter.cpp)) checks the model,
infers every shape (converting other opsets to 17 first) and translates node
by node:
`Conv` becomes
[`eyeriss.conv2d`](reference/EyerissDialect.md#eyerissconv2d-eyerissconv2dop)
with its padding as `[top, left, bottom, right]`, `Relu` `eyeriss.relu`,
`MaxPool` `eyeriss.max_pool`, and the initializers `eyeriss.constant`s. The
SSA names are the ONNX value names, and the graph's input and output names
are kept as `eyeriss.name`. `eyeriss-attach-target` then records the
architecture (`--arch`, default `eyeriss-v1`) as `eyeriss.target`, which
every later pass reads. The filter, {M * C * R * S} values, is printed as
`dense_resource<__elided__>` because it has more than 64 elements
(`--elide-weights-larger-than=N`; `0` prints every weight, so that the IR
can be parsed back by `eyeriss-opt`).

## 2. Canonicalize

{code("$ " + show_compile(MODEL, "--compile-to=canonicalize") + chr(10) + ir["canonicalize"], "mlir")}
One thing changed: `eyeriss-fuse-activation`
([reference](reference/EyerissPasses.md#-eyeriss-fuse-activation)) folded the
`eyeriss.relu` into the convolution as `activation relu`, since the chip
applies ReLU on the way from the PE array to the GLB, for free. The other
passes of the phase found nothing to do here: no identity or dropout to drop,
no Gemm to turn into an FC layer, no batch norm to fold into the
convolution, no constant-only op to fold. The max pool stays as it is.

## 3. Map

{code("$ " + show_compile(MODEL) + chr(10) + ir["map"], "mlir")}
`eyeriss-partition` ([reference](reference/EyerissPasses.md#-eyeriss-partition))
decides where each op runs — CONV and FC layers on the PE array, everything
else on the host CPU — without changing the IR:

{code("$ " + show_compile(MODEL, "--partition-report", "-o", "/dev/null") + chr(10) + partition)}
`eyeriss-map` ([reference](reference/EyerissPasses.md#-eyeriss-map)) then
searches the row-stationary mapping space of the convolution under the
analytical cost model of [Mapping.md](Mapping.md) and attaches the best one
(least energy, by default) as `mapping = #eyeriss.rs<...>`. Its seven
parameters ([Mapping.md, "The mapping"](Mapping.md#the-mapping)), for this
layer:

| | meaning | here |
|---|---|---|
| m | ofmap channels whose psums stay in the GLB at once | {mp['m']} of M = {M}: ifmaps are fetched from DRAM {plural(math.ceil(M / mp['m']), 'time')} |
| n | images per processing pass | {mp['n']} of N = {N} |
| e | ofmap rows per PE set (a strip) | {mp['e']} of E = {H}: {plural(math.ceil(H / mp['e']), 'strip')}; a PE set is R x e = {R}x{mp['e']} PEs |
| p | filters interleaved in one PE | {mp['p']} |
| q | channels interleaved in one PE | {mp['q']} of C = {C} |
| r | PE sets on different channels, psums summed in the array | {mp['r']} |
| t | PE sets on different filters, sharing the ifmaps | {mp['t']}: p x t = {mp['p'] * mp['t']} filters per pass |

So the whole layer is {plural(passes, 'processing pass', 'processing passes')} on r·t·R·e = {pes} active PEs
of the {rows}x{array[1]} array. The cost model's estimate of it
(`--report=energy`; accesses in millions of 16-bit words, energy in millions
of normalized units where a MAC is 1 and a DRAM access 200, [Mapping.md,
"The cost model"](Mapping.md#the-cost-model)):

{code("$ " + show_compile(MODEL, "--report=energy", "-o", "/dev/null") + chr(10) + energy)}
DRAM dominates the dynamic energy: E.DRAM is {energy_row['E.DRAM']} of the
{energy_row['E.total']} (a DRAM access costs as much as 200 MACs, and a layer
this small has little reuse to save it). The uJ column adds the
architecture's idle power over the layer's total latency
({model_cost['static_energy_pj'] / 1e6:.2f} of the {model_cost['total_energy_pj'] / 1e6:.2f} uJ
here), and the total latency is mostly the scan chain's configuration load:
{model_cost['config_cycles']} cycles, against {model_cost['processing_cycles']} cycles
of processing and {model_cost['dram_cycles']} of DRAM transfers. `--dump-mapping=m.json` writes the mapping as a file
that `--mapping=m.json` pins; `--objective=latency|edp` changes what is
minimized.

## 4. Quantize

{code("$ " + show_compile(MODEL, "--compile-to=quantize") + chr(10) + ir["quantize"], "mlir")}
`eyeriss-quantize` ([reference](reference/EyerissPasses.md#-eyeriss-quantize))
runs the network with the float32 reference executor on calibration inputs
(4 standard-normal ones, seed 0, by default) and chooses the layer's 16-bit
fixed-point formats, `quant = #eyeriss.fixed<...>`: each number is the
fractional bits *f* of a format, a word *w* standing for *w*·2^−f
([FixedPoint.md](FixedPoint.md)). Here the calibrated input stays within
|x| ≤ {ranges.group(1)}; the format must hold a margin over that range, the
headroom 1.25 widened by how much the range moves from one calibration image to
the next ([FixedPoint.md, "Headroom"](FixedPoint.md#headroom)): ×{ranges.group(2)} here,
so input = {formats['input']} ({ifmt(formats['input'])}). The weights, |w| ≤ {ranges.group(3)}, fit weight = {formats['weight']}
({ifmt(formats['weight'])}); the psums before the ReLU, in [{ranges.group(4)}, {ranges.group(5)}],
with their margin ×{ranges.group(6)}, need psum = {formats['psum']} ({ifmt(formats['psum'])}), and output = psum. A
MAC's 32-bit product is cut to the psum format by the window shift input +
weight − psum = {shift} ([FixedPoint.md, "The MAC: product
window"](FixedPoint.md#the-mac-product-window)); the chip allows 0 to 16.
`--quantization-report` prints the formats, ranges and a bound on the error
of one output:

{code("$ " + show_compile(MODEL, "--compile-to=quantize", "--quantization-report", "-o", "/dev/null") + chr(10) + qreport)}
## 5. Schedule

{code("$ " + show_compile(MODEL, "--compile-to=schedule") + chr(10) + ir["schedule"], "mlir")}
The schedule phase makes every hardware decision visible in IR
([HardwareIR.md](HardwareIR.md)): after the layer comes its
`eyeriss.schedule`, the program of the chip for it, in order.
`eyeriss-tile` writes the mapping's loop nest ({plural(passes, "processing pass", "processing passes")}
here) as ops, each transfer with its own GLB buffer (`glb_alloc`, a memref
in the `#eyeriss.glb<ifmap|psum|filter>` space): `load_ifmap` brings the
ifmap box, with the padding it needs (row and column −1 to {H}: made on
chip, not fetched); `load_filters` preloads the filters and the bias; `pass`
is one processing pass (`psum_in bias`: the psums start from the bias);
`store_ofmap` writes the finished psums out. `eyeriss-allocate-glb` splits
the GLB's fmap banks (`banks(ifmap .., psum ..)`) and places each buffer
(`at`, a word address), and the schedule's verifier proves that no two
buffers live at the same time share a word. `eyeriss-schedule-multicast`
adds the NoC IDs the scan chain loads (`configure_array`), and
`eyeriss-insert-rlc` how each feature map is stored in DRAM (`rlc`).

## 6. Lower to EYB

`--emit=asm` prints the listing of the EYB program that `-o model.eyb`
writes (the format: [ISA.md](ISA.md)). The translation
([LowerToEYB.cpp](../lib/Target/EYB/LowerToEYB.cpp)) is not a pass: it
emits one instruction per op of each schedule, and adds what belongs to
the whole program: DRAM allocation, the weights quantized into their
formats, the PE roles, and the host ops' descriptors. The PE tables cover
the whole {rows}x{array[1]} array; their rows {used_rows} to {rows - 1},
without an active PE, are left out below.

{code("$ " + show_compile(MODEL, "--emit=asm") + chr(10) + listing)}
- **`.tensors`**: the graph input `%0` stays float32; a host op converts it
  to int16 in the layer's input format (`%1`, `f={formats['input']}`). The
  filter `%2` is quantized into the weight format, the bias `%3` (the
  initial psum) into the psum format. The conv's output
  `%4` is stored run-length compressed (`rlc-plane`, [RLC.md](RLC.md)); the
  max pool writes the float32 graph output `%5`. Inputs and outputs keep
  the graph's names (`image`, `pool`), so `eyeriss-run --input image=x.npy`
  works.
- **`.layer 0`**: the configuration the scan chain loads ([ISA.md, "layers
  (kind 4)"](ISA.md#layers-kind-4)): the shape, the mapping from phase 3, its
  placement on the array ({pes} active PEs in {used_rows}x{used[1]}), the formats
  from phase 4 and the GLB banks' roles (one ifmap bank, one psum bank).
  The PE tables give each PE its role: `pe rows` its filter row and ofmap
  row, `pe sets` its chain (the t PE sets on different filters, one above
  the other) and channel set, `pe psums` how psums flow up each column,
  from the bottom PE (which starts from the bias) to the top PE, which
  sends them to the GLB on the GON.
- **NoC IDs** (the schedule's `configure_array`): a word on a global input network reaches every PE whose
  X-bus row ID and own col ID match its tag ([Multicast.md](Multicast.md)).
  A filter row goes to a row of PEs (one row ID per PE row, one col ID per
  chain column); an ifmap row goes diagonally to every PE that needs it, in
  all chains at once (here the PE rows share one row ID, and a PE's col ID
  is the padded ifmap row it needs: its ofmap row plus its filter row);
  psums from the GLB go to single bottom PEs. The largest ID never matches
  and switches a PE off. `--check-multicast` (pass `eyeriss-check-multicast`)
  proves that every PE gets exactly its data:

{code("$ " + show_compile(MODEL, "--check-multicast", "-o", "/dev/null") + chr(10) + multicast)}
- **`.code`** ({instructions} instructions, [ISA.md, "Execution
  semantics"](ISA.md#execution-semantics)): the host converts the input;
  `CONFIGURE_LAYER` loads the layer; `DRAM_TO_GLB` brings the ifmap into the
  ifmap bank as a box from row and column −1 to {H} — the padding is made on
  chip, not fetched; `FILTER_PRELOAD` puts the filters and bias in the
  filter GLB; each `PASS` is one processing pass (here with `psum-in=bias`:
  the psums start from the bias); `GLB_TO_DRAM` in `mode=ofmap` applies
  the output stage (ReLU, requantization to the ofmap format) and RLC-encodes
  the ofmap into DRAM; a host op runs the max pool; `END`.

## 7. Simulate

`eyeriss-run` ([Simulator.md](Simulator.md)) executes the program cycle by
cycle, bit-exactly in the fixed-point arithmetic, and prints one row per
PE-array layer. The input is a seeded standard-normal tensor written with
numpy (`x.npy`):

{code(chr(10).join(["$ " + show_compile(MODEL, "-o", EYB),
                    "$ " + tools.show("eyeriss-run", *run_args), sim_table]))}
Processing latency here ([Simulator.md, "Timing model"](Simulator.md#timing-model))
includes the scan chain's configuration load: {sim['processing_cycles']} cycles are
{sim['config_cycles']} of configuration and {pass_cycles} of the processing pass, against the
cost model's {model_cost['processing_cycles']} (its first-order estimate of the pass alone,
`processing_cycles` of `--report=energy-json`). Hence also the low
utilization (MACs per PE-cycle over the {rows * int(array[1])} PEs) and the power, mostly
the idle power. A few more figures from `--stats stats.json`, layer `conv`:

| | simulator | cost model |
|---|---|---|
| MACs | {sim['macs']} | {model_cost['macs']} |
| MACs performed (zero gating skips a zero ifmap value, here the padding) | {sim['performed_macs']} | {model_cost['accesses']['macs'] - model_cost['accesses']['gated_macs']} (assumes no zeros: `--ifmap-zeros`) |
| active PEs | {sim['active_pes']} | {model_cost['active_pes']} |
| processing cycles without configuration | {pass_cycles} | {model_cost['processing_cycles']} |
| DRAM words (RLC: the ReLU's zeros compress) | {sim['accesses']['dram']['total']} | {model_cost['accesses']['dram']['total']:.0f} (assumes no zeros: `--ofmap-zeros`) |
| GLB words read and written | {sim['accesses']['glb']['total']} | {model_cost['accesses']['glb']['total']} |
| energy, uJ | {sim['energy_pj']['total'] / 1e6:.2f} | {model_cost['total_energy_pj'] / 1e6:.2f} |
| window saturations, psum wraps, output saturations | {sim['window_saturations']}, {sim['psum_wraps']}, {sim['output_saturations']} | |

The cost model is first-order ([Mapping.md, "The cost
model"](Mapping.md#the-cost-model)): the simulator also counts the bias
words (from DRAM, and into the bottom PEs through the GLB) and the stalls
of the networks and PEs.

The simulator's output against the float32 reference executor on the same
input:

{code("$ " + show_compile(*ref_args))}
gives a largest difference of {max_err:.2g} (outputs up to {max_ref:.2f} in
magnitude), {"within" if max_err <= bound else "ABOVE"} the worst-case bound of {bound:g} from the
quantization report. `--trace trace.json` would add a Perfetto trace of the
run ([Pictures.md](Pictures.md) draws the utilization over time from it).
""")
    return "".join(d)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True, type=Path,
                    help="build directory (its bin/ has the tools)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "Pipeline.md",
                    help="the document (default: docs/Pipeline.md)")
    ap.add_argument("--check", action="store_true",
                    help="fail if the document differs from what would be written")
    args = ap.parse_args()
    text = generate(args.build)
    if args.check:
        old = args.out.read_text() if args.out.is_file() else ""
        if old != text:
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), text.splitlines(True),
                str(args.out), "generated"))
            fail(f"{args.out} is stale; regenerate it with "
                 f"/usr/bin/python3 utils/gen_pipeline_doc.py --build {args.build}")
        print(f"{args.out} is up to date")
        return
    args.out.write_text(text)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
