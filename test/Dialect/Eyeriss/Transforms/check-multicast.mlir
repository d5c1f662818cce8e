// eyeriss-check-multicast routes every pass shape of every mapped layer and
// proves the deliveries.
// RUN: eyeriss-opt %s --eyeriss-check-multicast=report=true -o /dev/null | FileCheck %s

// AlexNet CONV1 with the chip's mapping: 8 strips of 7, 7, ..., 6 ofmap rows
// (two pass shapes). A PE row needs 25 ifmap rows but the 11 rows of a set
// 35, more than the ifmap GIN's 31 col IDs. Filter row i only needs ifmap
// rows = i (mod 4), so the rows are grouped by that residue ({0,4,8},
// {1,5,9}, {2,6,10}, {3,7}) with col IDs numbered in steps of 4: four
// row-ID groups, and every ifmap row goes to one group, once.
// CHECK: conv1: 2 pass shapes routed; ifmap GIN transfers per row 1.00
// CHECK: multicast: 1 layers, 2 pass shapes (0 on scheduled IDs), every delivery checked
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @main(%x: tensor<4x3x227x227xf32>, %w: tensor<96x3x11x11xf32>)
      -> tensor<4x96x55x55xf32> {
    %0 = eyeriss.conv2d %x, %w strides [4, 4] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        {mapping = #eyeriss.rs<m = 96, n = 1, e = 7, p = 16, q = 1, r = 1, t = 2>}
        : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>) -> tensor<4x96x55x55xf32> loc("conv1")
    return %0 : tensor<4x96x55x55xf32>
  }
}
