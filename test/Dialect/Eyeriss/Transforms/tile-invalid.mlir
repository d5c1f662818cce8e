// eyeriss-tile needs mapped layers, and tiles each one once.
// RUN: eyeriss-opt %s -split-input-file -verify-diagnostics --eyeriss-tile

module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @unmapped(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    // expected-error @+1 {{has no mapping: run eyeriss-map first}}
    %fc = eyeriss.fc %x, %w : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    return %fc : tensor<2x10xf32>
  }
}

// -----

module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @twice(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    // expected-error @+1 {{is already scheduled}}
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// The target comes from the module.
// expected-error @+1 {{no enclosing module names the target hardware}}
module {
  func.func @no_target(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
    return %x : tensor<2x8xf32>
  }
}
