// eyeriss-map's failure modes: each is an error at the layer or the module
// that names the parameter and the limit.
// RUN: eyeriss-opt %s -split-input-file -verify-diagnostics --eyeriss-map

module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @tall(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x13x13xf32>)
      -> tensor<1x8x20x20xf32> {
    // expected-error-re @+1 {{layer '{{.*}}map-invalid.mlir:{{[0-9]+}}:{{[0-9]+}}' has no row-stationary mapping on 'eyeriss-v1': filter height R = 13 exceeds the PE array's 12 rows}}
    %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x3x32x32xf32>, tensor<8x3x13x13xf32>) -> tensor<1x8x20x20xf32>
    return %0 : tensor<1x8x20x20xf32>
  }
}

// -----

// A dilated filter row wider than the ifmap spad.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @wide(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x3x5xf32>)
      -> tensor<1x8x28x20xf32> {
    // expected-error @+1 {{a filter row spans 13 ifmap values (S = 5, dilation 3), more than the ifmap spad's 12 words}}
    %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0]
        dilations [2, 3] groups 1
        : (tensor<1x3x32x32xf32>, tensor<8x3x3x5xf32>) -> tensor<1x8x28x20xf32>
    return %0 : tensor<1x8x28x20xf32>
  }
}

// -----

// Measured zero fractions are checked when the IR is read.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @measured(%x: tensor<1x16xf32>, %w: tensor<8x16xf32>) -> tensor<1x8xf32> {
    // expected-error @+1 {{'eyeriss.zero_fractions' must be array<f64: ifmap, ofmap> with fractions in [0, 1]}}
    %0 = eyeriss.fc %x, %w {eyeriss.zero_fractions = array<f64: 0.5, 1.5>}
        : (tensor<1x16xf32>, tensor<8x16xf32>) -> tensor<1x8xf32>
    return %0 : tensor<1x8xf32>
  }
}

// -----

// expected-error @+1 {{no enclosing module names the target hardware}}
module {
  func.func @no_target(%x: tensor<1x16xf32>, %w: tensor<8x16xf32>) -> tensor<1x8xf32> {
    %0 = eyeriss.fc %x, %w : (tensor<1x16xf32>, tensor<8x16xf32>) -> tensor<1x8xf32>
    return %0 : tensor<1x8xf32>
  }
}
