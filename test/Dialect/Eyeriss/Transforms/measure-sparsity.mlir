// eyeriss-measure-sparsity records each layer's ifmap and ofmap zero
// fractions, which the cost model then uses.
// RUN: eyeriss-opt %s --eyeriss-measure-sparsity=samples=2 | FileCheck %s
// RUN: eyeriss-opt %s --eyeriss-measure-sparsity --eyeriss-attach-target --eyeriss-map --eyeriss-print-energy=format=json -o /dev/null | FileCheck %s --check-prefix=ENERGY
// RUN: not eyeriss-opt %s --eyeriss-measure-sparsity=samples=0 2>&1 | FileCheck %s --check-prefix=SAMPLES

// conv1: zero weights, bias -1, ReLU: every output is 0. Its input (normal
// random) has no zeros. conv2 reads those zeros; zero weights and bias 1
// make every output 1.
// CHECK: eyeriss.conv2d {{.*}} {eyeriss.zero_fractions = array<f64: 0.000000e+00, 1.000000e+00>}
// CHECK: eyeriss.conv2d {{.*}} {eyeriss.zero_fractions = array<f64: 1.000000e+00, 0.000000e+00>}

// With zero gating, conv2's MACs are all gated.
// ENERGY: "name": "conv2"
// ENERGY: "macs": 0,
// ENERGY-NEXT: "gated_macs": 128

// SAMPLES: error: samples must be at least 1

module {
  func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
    %w1 = eyeriss.constant dense<0.0> : tensor<4x2x1x1xf32>
    %b1 = eyeriss.constant dense<-1.0> : tensor<4xf32>
    %w2 = eyeriss.constant dense<0.0> : tensor<2x4x1x1xf32>
    %b2 = eyeriss.constant dense<1.0> : tensor<2xf32>
    %0 = eyeriss.conv2d %x, %w1, %b1 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1 activation relu
        : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32> loc("conv1")
    %1 = eyeriss.conv2d %0, %w2, %b2 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("conv2")
    return %1 : tensor<1x2x4x4xf32>
  }
}
