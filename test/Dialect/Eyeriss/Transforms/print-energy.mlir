// eyeriss-print-energy costs every mapped layer under docs/Mapping.md's model.
// RUN: eyeriss-opt %s --eyeriss-print-energy -o /dev/null | FileCheck %s
// RUN: eyeriss-opt %s --eyeriss-print-energy=format=json -o /dev/null | FileCheck %s --check-prefix=JSON
// RUN: not eyeriss-opt %s --eyeriss-print-energy=format=csv -o /dev/null 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not eyeriss-opt %s --eyeriss-print-energy=ofmap-zero-fraction=-0.1 -o /dev/null 2>&1 | FileCheck %s --check-prefix=FRACTION

// AlexNet CONV3 with the chip's Table III mapping; the measured zeros (JSSC
// Table V: 72.5% of CONV3's ifmap) gate 72.5% of the MACs.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @main(%x: tensor<4x256x13x13xf32>, %w: tensor<384x256x3x3xf32>)
      -> tensor<4x384x13x13xf32> {
    %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [1, 1, 1, 1]
        dilations [1, 1] groups 1 activation relu
        {eyeriss.zero_fractions = array<f64: 0.725, 0.75>,
         mapping = #eyeriss.rs<m = 64, n = 4, e = 13, p = 16, q = 4, r = 1, t = 4>}
        : (tensor<4x256x13x13xf32>, tensor<384x256x3x3xf32>) -> tensor<4x384x13x13xf32> loc("conv3")
    return %0 : tensor<4x384x13x13xf32>
  }
}

// CHECK: Row-stationary mappings on eyeriss-v1 at 200 MHz
// 4 sets of 3 x 13 PEs; 6 filter chunks x 64 channel chunks passes.
// CHECK: conv3 64 4 13 16 4 1 4 156 384
// CHECK: total 384

// 598,081,536 MACs, 72.5% of them gated.
// JSON: "name": "conv3",
// JSON: "macs": 598081536,
// JSON: "active_pes": 156,
// JSON: "passes": 384,
// JSON: "macs": 164472422.4
// JSON: "gated_macs": 433609113.6

// FORMAT: unknown format 'csv' (expected 'table' or 'json')
// FRACTION: ofmap-zero-fraction = -0.1 is not a fraction in [0, 1]
