// The #eyeriss.rs mapping attribute on CONV and FC layers: it round-trips,
// and the layer verifier checks it against the module's target.
// RUN: eyeriss-opt %s -split-input-file -verify-diagnostics | FileCheck %s
// RUN: eyeriss-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | eyeriss-opt -split-input-file | FileCheck %s

// AlexNet CONV1 as the chip ran it (JSSC Table III).
// CHECK-LABEL: func.func @conv1
// CHECK: eyeriss.conv2d {{.*}} groups 1 activation relu {mapping = #eyeriss.rs<m = 96, n = 1, e = 7, p = 16, q = 1, r = 1, t = 2>} :
// CHECK: eyeriss.fc {{.*}} {mapping = #eyeriss.rs<m = 10, n = 4, e = 1, p = 10, q = 8, r = 12, t = 1>} :
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @conv1(%x: tensor<4x3x227x227xf32>, %w: tensor<96x3x11x11xf32>,
                   %fx: tensor<4x128xf32>, %fw: tensor<10x128xf32>)
      -> (tensor<4x96x55x55xf32>, tensor<4x10xf32>) {
    %0 = eyeriss.conv2d %x, %w strides [4, 4] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1 activation relu {mapping = #eyeriss.rs<m = 96, n = 1, e = 7, p = 16, q = 1, r = 1, t = 2>}
        : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>) -> tensor<4x96x55x55xf32>
    %1 = eyeriss.fc %fx, %fw {mapping = #eyeriss.rs<m = 10, n = 4, e = 1, p = 10, q = 8, r = 12, t = 1>}
        : (tensor<4x128xf32>, tensor<10x128xf32>) -> tensor<4x10xf32>
    return %0, %1 : tensor<4x96x55x55xf32>, tensor<4x10xf32>
  }
}

// -----

module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @psum_spad(%x: tensor<4x3x227x227xf32>, %w: tensor<96x3x11x11xf32>)
      -> tensor<4x96x55x55xf32> {
    // expected-error @+1 {{mapping #eyeriss.rs<m = 96, n = 1, e = 7, p = 32, q = 1, r = 1, t = 1> does not fit 'eyeriss-v1': filter spad: p*q*S = 32*1*11 = 352 words, the spad holds 224}}
    %0 = eyeriss.conv2d %x, %w strides [4, 4] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1 {mapping = #eyeriss.rs<m = 96, n = 1, e = 7, p = 32, q = 1, r = 1, t = 1>}
        : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>) -> tensor<4x96x55x55xf32>
    return %0 : tensor<4x96x55x55xf32>
  }
}

// -----

// The same mapping fits the 16 x 16 ISCA array only if the sets do.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @too_many_sets(%x: tensor<4x3x227x227xf32>, %w: tensor<96x3x11x11xf32>)
      -> tensor<4x96x55x55xf32> {
    // expected-error @+1 {{PE array: t = 3 chains of 11 x 7 PEs do not fit the 12 x 14 array (room for 2)}}
    %0 = eyeriss.conv2d %x, %w strides [4, 4] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1 {mapping = #eyeriss.rs<m = 96, n = 1, e = 7, p = 16, q = 1, r = 1, t = 3>}
        : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>) -> tensor<4x96x55x55xf32>
    return %0 : tensor<4x96x55x55xf32>
  }
}

// -----

module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @glb(%x: tensor<4x128xf32>, %w: tensor<10x128xf32>) -> tensor<4x10xf32> {
    // expected-error @+1 {{m = 9 is neither a multiple of p*t = 2 nor all 10 filters}}
    %0 = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 9, n = 4, e = 1, p = 2, q = 1, r = 1, t = 1>}
        : (tensor<4x128xf32>, tensor<10x128xf32>) -> tensor<4x10xf32>
    return %0 : tensor<4x10xf32>
  }
}

// -----

module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @zero(%x: tensor<4x128xf32>, %w: tensor<10x128xf32>) -> tensor<4x10xf32> {
    // expected-error @+1 {{mapping parameter q = 0 must be at least 1}}
    %0 = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 4, e = 1, p = 10, q = 0, r = 1, t = 1>}
        : (tensor<4x128xf32>, tensor<10x128xf32>) -> tensor<4x10xf32>
    return %0 : tensor<4x10xf32>
  }
}

// -----

// A mapping means nothing without the hardware it maps onto.
module {
  func.func @no_target(%x: tensor<4x128xf32>, %w: tensor<10x128xf32>) -> tensor<4x10xf32> {
    // expected-error @+1 {{no enclosing module names the target hardware}}
    %0 = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 4, e = 1, p = 10, q = 1, r = 1, t = 1>}
        : (tensor<4x128xf32>, tensor<10x128xf32>) -> tensor<4x10xf32>
    return %0 : tensor<4x10xf32>
  }
}

// -----

// With stride 4, a PE row of 9 ofmap rows needs ifmap rows 0, 4, ..., 32:
// more than the ifmap GIN's 5-bit col IDs tell apart as a contiguous range,
// but they are numbered in steps of the stride (docs/Multicast.md), so the
// mapping fits.
// CHECK-LABEL: func.func @ifmap_ids
// CHECK: eyeriss.conv2d {{.*}} {mapping = #eyeriss.rs<m = 32, n = 1, e = 9, p = 16, q = 1, r = 1, t = 1>} :
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @ifmap_ids(%x: tensor<4x3x227x227xf32>, %w: tensor<96x3x11x11xf32>)
      -> tensor<4x96x55x55xf32> {
    %0 = eyeriss.conv2d %x, %w strides [4, 4] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1 {mapping = #eyeriss.rs<m = 32, n = 1, e = 9, p = 16, q = 1, r = 1, t = 1>}
        : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>) -> tensor<4x96x55x55xf32>
    return %0 : tensor<4x96x55x55xf32>
  }
}

// -----

// A parameter is missing.
// expected-error @+1 {{expected ','}}
#bad = #eyeriss.rs<m = 10, n = 4, e = 1, p = 10, q = 1, r = 1>
