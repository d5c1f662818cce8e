#!/usr/bin/env bash
# README command 1: set up, build, and compile the bundled default model —
# grouped AlexNet (227x227, seeded weights, as Eyeriss ran it), batch 4 — for
# the eyeriss-v1 chip: measure each layer's sparsity on a seeded batch, map
# every CONV and FC layer (row stationary), print the per-layer mapping,
# accesses, energy and latency of the cost model, and run the float32
# reference executor on the seeded batch.
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
else
  name=alexnet-grouped
  echo "== exporting grouped AlexNet (python/eyeriss/zoo.py; skipped when up to date)"
  PYTHONPATH="$root/python" /usr/bin/python3 -m eyeriss.zoo --out "$build/zoo" \
    --models alexnet-grouped --opsets 13
  model="$build/zoo/alexnet-grouped/opset13/model.onnx"
fi

out="$build/out"
mkdir -p "$out"

echo
echo "== $name, batch $batch, on $arch: row-stationary mappings and their cost"
"$build/bin/eyeriss-compile" "$model" --arch="$arch" --batch="$batch" \
  -o "$out/$name.mlir" --measure-sparsity --report=energy \
  --report-json="$out/$name.energy.json" \
  --dump-mapping="$out/$name.mapping.json" \
  --run-reference --reference-output="$out/$name.logits.npy" --mlir-timing 2> "$out/$name.log" || {
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
echo "IR after the map phase (weights elided): $out/$name.mlir"
echo "per-layer cost report (JSON):            $out/$name.energy.json"
echo "mappings (a --mapping file):             $out/$name.mapping.json"
echo "reference executor's logits:             $out/$name.logits.npy"
