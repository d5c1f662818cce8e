// eyeriss-map attaches a row-stationary mapping to every CONV and FC layer:
// searched under the objective, or pinned by a mapping file.
// RUN: eyeriss-opt %s --eyeriss-map | FileCheck %s
// RUN: eyeriss-opt %s --eyeriss-map=objective=latency | FileCheck %s --check-prefix=LATENCY
// RUN: eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/conv1-pinned.json" | FileCheck %s --check-prefix=PINNED
// The exhaustive search reaches the same optimum (docs/Mapping.md).
// RUN: eyeriss-opt %s --eyeriss-map=exhaustive=true | FileCheck %s
// Every mapping the pass attaches passes the layer verifier on the way out.
// RUN: eyeriss-opt %s --eyeriss-map | eyeriss-opt --verify-each | FileCheck %s

// AlexNet CONV1 and FC8 at batch 4 on the chip.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @main(%x: tensor<4x3x227x227xf32>, %w: tensor<96x3x11x11xf32>,
                  %fx: tensor<4x4096xf32>, %fw: tensor<1000x4096xf32>)
      -> (tensor<4x96x55x55xf32>, tensor<4x1000xf32>) {
    %0 = eyeriss.conv2d %x, %w strides [4, 4] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1 activation relu
        : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>) -> tensor<4x96x55x55xf32> loc("conv1")
    %1 = eyeriss.fc %fx, %fw
        : (tensor<4x4096xf32>, tensor<1000x4096xf32>) -> tensor<4x1000xf32> loc("fc8")
    return %0, %1 : tensor<4x96x55x55xf32>, tensor<4x1000xf32>
  }
}

// The energy-optimal CONV1 mapping is the one the chip's designers chose
// (JSSC Table III): 11 x 7 sets, two of them, 16 filters per PE.
// CHECK: eyeriss.conv2d {{.*}} {mapping = #eyeriss.rs<m = 96, n = 1, e = 7, p = 16, q = 1, r = 1, t = 2>}
// CHECK: eyeriss.fc {{.*}} {mapping = #eyeriss.rs<m = 1000, n = 4, e = 1, p = 6, q = 5, r = 6, t = 21>}

// LATENCY: eyeriss.conv2d {{.*}} {mapping = #eyeriss.rs<
// LATENCY: eyeriss.fc {{.*}} {mapping = #eyeriss.rs<

// CONV1 pinned to a mapping that keeps only 32 ofmap channels in the GLB;
// FC8 is still searched.
// PINNED: eyeriss.conv2d {{.*}} {mapping = #eyeriss.rs<m = 32, n = 1, e = 7, p = 16, q = 1, r = 1, t = 2>}
// PINNED: eyeriss.fc {{.*}} {mapping = #eyeriss.rs<m = 1000, n = 4, e = 1, p = 6, q = 5, r = 6, t = 21>}
