// RUN: eyeriss-opt %s --eyeriss-raise-channel-shuffle -split-input-file | FileCheck %s

// ShuffleNet's reshape, transpose, reshape becomes one channel shuffle; the
// 5-D intermediates are gone.
// CHECK-LABEL: func.func @shuffle
// CHECK-SAME: (%[[X:.*]]: tensor<2x6x4x5xf32>)
// CHECK-NEXT: %[[S:.*]] = eyeriss.channel_shuffle %[[X]] groups 3 : tensor<2x6x4x5xf32>
// CHECK-NEXT: return %[[S]]
func.func @shuffle(%x: tensor<2x6x4x5xf32>) -> tensor<2x6x4x5xf32> {
  %r = eyeriss.reshape %x : tensor<2x6x4x5xf32> -> tensor<2x3x2x4x5xf32>
  %t = eyeriss.transpose %r perm [0, 2, 1, 3, 4] : tensor<2x3x2x4x5xf32> -> tensor<2x2x3x4x5xf32>
  %y = eyeriss.reshape %t : tensor<2x2x3x4x5xf32> -> tensor<2x6x4x5xf32>
  return %y : tensor<2x6x4x5xf32>
}

// -----

// Another permutation is not a channel shuffle: left alone.
// CHECK-LABEL: func.func @other_perm
// CHECK: eyeriss.transpose %{{.*}} perm [0, 1, 2, 4, 3]
// CHECK-NOT: eyeriss.channel_shuffle
func.func @other_perm(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %r = eyeriss.reshape %x : tensor<1x4x3x3xf32> -> tensor<1x2x2x3x3xf32>
  %t = eyeriss.transpose %r perm [0, 1, 2, 4, 3] : tensor<1x2x2x3x3xf32> -> tensor<1x2x2x3x3xf32>
  %y = eyeriss.reshape %t : tensor<1x2x2x3x3xf32> -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// The first reshape must split the channels (here it splits H): left alone.
// CHECK-LABEL: func.func @splits_rows
// CHECK: eyeriss.transpose
// CHECK-NOT: eyeriss.channel_shuffle
func.func @splits_rows(%x: tensor<1x2x4x3xf32>) -> tensor<1x2x4x3xf32> {
  %r = eyeriss.reshape %x : tensor<1x2x4x3xf32> -> tensor<1x2x2x2x3xf32>
  %t = eyeriss.transpose %r perm [0, 2, 1, 3, 4] : tensor<1x2x2x2x3xf32> -> tensor<1x2x2x2x3xf32>
  %y = eyeriss.reshape %t : tensor<1x2x2x2x3xf32> -> tensor<1x2x4x3xf32>
  return %y : tensor<1x2x4x3xf32>
}

// -----

// The result must have the input's shape.
// CHECK-LABEL: func.func @other_result_shape
// CHECK: eyeriss.transpose
// CHECK-NOT: eyeriss.channel_shuffle
func.func @other_result_shape(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x9xf32> {
  %r = eyeriss.reshape %x : tensor<1x4x3x3xf32> -> tensor<1x2x2x3x3xf32>
  %t = eyeriss.transpose %r perm [0, 2, 1, 3, 4] : tensor<1x2x2x3x3xf32> -> tensor<1x2x2x3x3xf32>
  %y = eyeriss.reshape %t : tensor<1x2x2x3x3xf32> -> tensor<1x4x9xf32>
  return %y : tensor<1x4x9xf32>
}
