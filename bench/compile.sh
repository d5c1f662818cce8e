#!/usr/bin/env bash
# Benchmark: eyeriss-compile end to end to an EYB program (import,
# canonicalize, map, quantize with its calibration runs, lowering, writing),
# with the phase breakdown of --mlir-timing.
# Usage: bench/compile.sh [model ...]   (default: resnet50)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EYERISS_BUILD_DIR:-$root/build}
zoo=${EYERISS_ZOO_DIR:-$build/zoo}
runs=${RUNS:-3}
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(resnet50)

PYTHONPATH="$root/python" /usr/bin/python3 -m eyeriss.zoo --out "$zoo" \
  --models "$(IFS=,; echo "${models[*]}")" --opsets 13 >/dev/null

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "command: eyeriss-compile <model> --emit=binary -o /tmp/model.eyb --mlir-timing (best of $runs)"
for m in "${models[@]}"; do
  f="$zoo/$m/opset13/model.onnx"
  best=""; bestlog=""
  for _ in $(seq "$runs"); do
    log=$("$build/bin/eyeriss-compile" "$f" --emit=binary -o /tmp/bench-compile.eyb --mlir-timing 2>&1)
    t=$(awk '/Total$/{print $1; exit}' <<<"$log")
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; bestlog=$log; fi
  done
  echo "== $m: $best s, $(stat -c %s /tmp/bench-compile.eyb) bytes"
  grep -E "Import ONNX|EyerissMap|EyerissQuantize|Lower to EYB|Output|Total$" <<<"$bestlog"
done
rm -f /tmp/bench-compile.eyb
