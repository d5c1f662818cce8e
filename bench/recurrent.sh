#!/usr/bin/env bash
# Benchmark: a recurrent model unrolled at import. A two-layer nn.LSTM
# (128 inputs, 256 hidden, batch first) over 100 steps at batch 4 with a
# Linear head, exported by PyTorch at opset 17: 201 fully connected layers
# (per layer one over all steps, then one per step). Times eyeriss-compile
# to an EYB program (--mlir-timing phases) and eyeriss-run on a seeded
# input.
# Usage: bench/recurrent.sh   (RUNS=3 by default)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EYERISS_BUILD_DIR:-$root/build}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$work" <<'PY'
import sys, warnings
import numpy as np
import torch
from torch import nn
warnings.filterwarnings("ignore")

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(128, 256, num_layers=2, batch_first=True)
        self.head = nn.Linear(256, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])

torch.manual_seed(0)
x = np.random.default_rng(0).standard_normal((4, 100, 128)).astype(np.float32)
np.save(f"{sys.argv[1]}/x.npy", x)
torch.onnx.export(Model().eval(), torch.from_numpy(x), f"{sys.argv[1]}/lstm.onnx",
                  opset_version=17, input_names=["x"], output_names=["y"])
PY

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "model: 2-layer LSTM 128 -> 256, 100 steps, batch 4 (opset 17)"
best=""; bestlog=""
for _ in $(seq "$runs"); do
  log=$("$build/bin/eyeriss-compile" "$work/lstm.onnx" -o "$work/lstm.eyb" --mlir-timing 2>&1)
  t=$(awk '/Total$/{print $1; exit}' <<<"$log")
  if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; bestlog=$log; fi
done
echo "== eyeriss-compile lstm.onnx -o lstm.eyb --mlir-timing (best of $runs): $best s, $(stat -c %s "$work/lstm.eyb") bytes"
grep -E "ONNX tools|Translate|EyerissMap|EyerissQuantize|Lower to EYB|Total$" <<<"$bestlog"
echo "layers: $("$build/bin/eyeriss-compile" "$work/lstm.onnx" --compile-to=canonicalize | grep -c 'eyeriss.fc')"
start=$(date +%s.%N)
"$build/bin/eyeriss-run" "$work/lstm.eyb" --input "x=$work/x.npy" -o "$work/y.npy" | tail -1
end=$(date +%s.%N)
echo "== eyeriss-run: $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b - a}') s wall"
