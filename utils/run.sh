#!/usr/bin/env bash
# README command 1: set up, build, and compile the bundled default model —
# grouped AlexNet (227x227, seeded weights, as Eyeriss ran it, its ifmap
# sparsity set to JSSC Table V's; python/eyeriss/tablev.py), batch 4 — for
# the eyeriss-v1 chip: measure each layer's sparsity, map every CONV and FC
# layer (row stationary), print the cost model's per-layer report, compile
# to an EYB binary, simulate it cycle-level on the batch (eyeriss-run:
# per-layer cycles, power, DRAM traffic, energy by level), compare the CONV
# layers with the chip's published numbers, and write the JSON reports and
# a Perfetto trace.
#
# Usage: utils/run.sh [model.onnx|model.onnxtext] [architecture name or .json] [batch]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EYERISS_BUILD_DIR:-$root/build}
arch=${2:-eyeriss-v1}
batch=${3:-4}

bash "$root/utils/setup.sh"
bash "$root/utils/build.sh"

if [ $# -ge 1 ]; then
  model=$1
  name=$(basename "${model%.*}")
  input=()
else
  name=alexnet-grouped
  echo "== exporting grouped AlexNet with Table V's sparsity (python/eyeriss/tablev.py; skipped when up to date)"
  PYTHONPATH="$root/python" /usr/bin/python3 -m eyeriss.tablev --out "$build/tablev" >/dev/null
  model="$build/tablev/model.onnx"
  input=(--input "$build/tablev/input.pb")
  batch=4
fi

out="$build/out"
mkdir -p "$out"

echo
echo "== $name, batch $batch, on $arch: row-stationary mappings and their cost"
"$build/bin/eyeriss-compile" "$model" --arch="$arch" --batch="$batch" \
  -o "$out/$name.mlir" --measure-sparsity --report=energy \
  --report-json="$out/$name.energy.json" \
  --dump-mapping="$out/$name.mapping.json" \
  --run-reference "${input[@]}" --reference-output="$out/$name.logits.npy" --mlir-timing 2> "$out/$name.log" || {
    cat "$out/$name.log" >&2; exit 1; }
grep "^reference:" "$out/$name.log" || true
echo
echo "== compile time (from --mlir-timing)"
sed -n '/Wall Time/,/Total/p' "$out/$name.log"
echo
/usr/bin/python3 - "$out/$name.logits.npy" <<'PY'
import sys
import numpy as np
logits = np.load(sys.argv[1])
top = np.argsort(-logits, axis=1)[:, :3]
for i, row in enumerate(top):
    print(f"image {i}: top-3 classes {row.tolist()}")
PY
echo
echo
echo "== $name on the simulated $arch: eyeriss-run, cycle-level and bit-exact"
"$build/bin/eyeriss-compile" "$model" --arch="$arch" --batch="$batch" \
  -o "$out/$name.eyb" 2> "$out/$name.eyb.log" || { cat "$out/$name.eyb.log" >&2; exit 1; }
"$build/bin/eyeriss-run" "$out/$name.eyb" "${input[@]}" \
  -o "$out/$name.sim-logits.npy" --stats "$out/$name.stats.json" \
  --trace "$out/$name.trace.json"
if [ "$name" = alexnet-grouped ] && [ "$arch" = eyeriss-v1 ]; then
  echo
  echo "== beside the chip (JSSC 2017 Table V, same mappings chosen by our mapper)"
  /usr/bin/python3 - "$out/$name.stats.json" "$root/docs/data/eyeriss-jssc-alexnet.json" <<'PY'
import json, sys
stats, chip = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
convs = [l for l in stats["layers"] if l["kind"] == "conv"]
print(f"{'layer':6} {'proc ms sim/chip':>18} {'power mW sim/chip':>18} "
      f"{'DRAM MB sim/chip':>17} {'PEs sim/chip':>13} {'fps sim/chip':>13}")
for ours, ref in zip(convs, chip["layers"]):
    m = ref["measured"]
    print(f"{ref['name']:6} {ours['processing_latency_ms']:8.2f} / {m['processing_latency_ms']:<7} "
          f"{ours['power_mw']:8.1f} / {m['power_mw']:<7} {ours['dram_bytes'] / 1e6:7.2f} / "
          f"{m['dram_accesses_mb']:<7} {ours['active_pes']:5} / {m['active_pes']:<5} "
          f"{4e3 / ours['total_latency_ms']:6.1f} / {4e3 / m['total_latency_ms']:.1f}")
print("(power on chip, DRAM excluded; fps from total latency at batch 4;"
      " docs/validation.md pins the chip's own mappings)")
PY
fi
echo
echo "== pictures (python -m eyeriss plot)"
PYTHONPATH="$root/python" /usr/bin/python3 -m eyeriss plot \
  --stats "$out/$name.stats.json" --trace "$out/$name.trace.json" \
  --out "$out/pictures"
echo
echo "IR after the map phase (weights elided): $out/$name.mlir"
echo "per-layer cost report (JSON):            $out/$name.energy.json"
echo "mappings (a --mapping file):             $out/$name.mapping.json"
echo "reference executor's logits:             $out/$name.logits.npy"
echo "EYB binary:                              $out/$name.eyb"
echo "simulated logits, stats, trace:          $out/$name.sim-logits.npy, $out/$name.stats.json, $out/$name.trace.json"
echo "pictures (PNG and SVG):                  $out/pictures/"
