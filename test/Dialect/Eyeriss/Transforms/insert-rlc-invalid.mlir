// eyeriss-insert-rlc needs the fixed-point formats: whether a layer reads
// its producer's ofmap as it is depends on them.
// RUN: eyeriss-opt %s -verify-diagnostics --eyeriss-tile --eyeriss-insert-rlc

module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @unquantized(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    // expected-error @+1 {{has no fixed-point formats: run eyeriss-quantize before eyeriss-insert-rlc}}
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    return %fc : tensor<2x10xf32>
  }
}
