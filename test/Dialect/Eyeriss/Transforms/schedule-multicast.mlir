// eyeriss-schedule-multicast puts the NoC IDs of each layer's full pass
// first in its schedule; eyeriss-check-multicast then replays every pass
// shape's tags on those IDs. (Its failure mode, an assignment that does not
// fit the ID widths, cannot be reached from valid IR: a target whose IDs
// cannot tell its PEs apart is refused when it is loaded, and a mapped layer
// needs a target; check-multicast-invalid.mlir tests the refusal and the
// checker's errors on wrong or too-wide IDs.)
// RUN: sed 's|@SMALL_ARRAY@|%S/Inputs/small-array.json|' %s | eyeriss-opt --eyeriss-tile --eyeriss-schedule-multicast | FileCheck %s
// RUN: sed 's|@SMALL_ARRAY@|%S/Inputs/small-array.json|' %s | eyeriss-opt --eyeriss-tile --eyeriss-schedule-multicast --eyeriss-check-multicast=report=true -o /dev/null | FileCheck %s --check-prefix=CHECKED

// A 3x3 layer with r = 2 channel sets of R = 3 rows each and e = 6 ofmap rows
// on the 6x7 test array: set j, filter row i sits in PE row 3j + i, ofmap
// row x in PE column x; column 6 is unused.
// - filter GIN: one row ID per PE row (set, filter row), one col ID (one
//   chain); unused PEs get the never-matching col ID 15 (4-bit IDs);
// - ifmap GIN: one row ID per set; a PE needs ifmap row x + i, its col ID;
//   unused PEs get 31 (5-bit IDs);
// - psum GIN: addressed physically (row ID = PE row, col ID = PE column)
//   and read only by the bottom PE of each set (PE rows 2 and 5), which
//   takes input psums from the GLB; every other PE gets col ID 15.
// CHECK: eyeriss.schedule
// CHECK-NEXT: eyeriss.configure_array
// CHECK-SAME: filter rows [0, 1, 2, 3, 4, 5] cols [0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15]
// CHECK-SAME: ifmap rows [0, 0, 0, 1, 1, 1] cols [0, 1, 2, 3, 4, 5, 31, 1, 2, 3, 4, 5, 6, 31, 2, 3, 4, 5, 6, 7, 31, 0, 1, 2, 3, 4, 5, 31, 1, 2, 3, 4, 5, 6, 31, 2, 3, 4, 5, 6, 7, 31]
// CHECK-SAME: psum rows [0, 1, 2, 3, 4, 5] cols [15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 1, 2, 3, 4, 5, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 1, 2, 3, 4, 5, 15]
// CHECK-NEXT: eyeriss.glb_alloc

// CHECKED: conv: 1 pass shapes routed; ifmap GIN transfers per row 1.00
// CHECKED: multicast: 1 layers, 1 pass shapes (1 on scheduled IDs), every delivery checked
module attributes {eyeriss.target = #eyeriss.target<"@SMALL_ARRAY@">} {
  func.func @main(%x: tensor<1x2x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
    %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        {mapping = #eyeriss.rs<m = 4, n = 1, e = 6, p = 2, q = 1, r = 2, t = 1>}
        : (tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> loc("conv")
    return %0 : tensor<1x4x6x6xf32>
  }
}
