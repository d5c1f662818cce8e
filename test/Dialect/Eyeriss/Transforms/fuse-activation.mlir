// RUN: eyeriss-opt %s --eyeriss-fuse-activation -split-input-file | FileCheck %s
// RUN: eyeriss-opt %s --eyeriss-fuse-activation -split-input-file --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s --check-prefix=LOC

// ReLU after a CONV layer becomes the layer's activation. The layer keeps its
// name (first in the fused location), and the ReLU's is kept after it.
// CHECK-LABEL: func.func @conv_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x4x4xf32>, %[[W:.*]]: tensor<2x1x3x3xf32>)
// CHECK-NEXT: %[[C:.*]] = eyeriss.conv2d %[[X]], %[[W]] strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 activation relu :
// CHECK-NEXT: return %[[C]]
// CHECK-NOT: eyeriss.relu
// LOC-LABEL: func.func @conv_relu
// LOC: eyeriss.conv2d {{.*}} loc(fused["conv1", "relu1"])
func.func @conv_relu(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x2x2xf32> loc("conv1")
  %1 = eyeriss.relu %0 : tensor<1x2x2x2xf32> loc("relu1")
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Clip to [0, 6] after an FC layer is ReLU6.
// CHECK-LABEL: func.func @fc_relu6
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>, %[[W:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[FC:.*]] = eyeriss.fc %[[X]], %[[W]], %[[B]] activation relu6 :
// CHECK-NEXT: return %[[FC]]
// CHECK-NOT: eyeriss.clip
func.func @fc_relu6(%x: tensor<1x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<1x4xf32> {
  %0 = eyeriss.fc %x, %w, %b : (tensor<1x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  %1 = eyeriss.clip %0 min 0.0 max 6.0 : tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// ResNet's residual add followed by ReLU.
// CHECK-LABEL: func.func @add_relu
// CHECK-SAME: (%[[A:.*]]: tensor<1x4x2x2xf32>, %[[B:.*]]: tensor<1x4x2x2xf32>)
// CHECK-NEXT: %[[S:.*]] = eyeriss.add %[[A]], %[[B]] activation relu : tensor<1x4x2x2xf32>
// CHECK-NEXT: return %[[S]]
// CHECK-NOT: eyeriss.relu
func.func @add_relu(%a: tensor<1x4x2x2xf32>, %b: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %0 = eyeriss.add %a, %b : tensor<1x4x2x2xf32>
  %1 = eyeriss.relu %0 : tensor<1x4x2x2xf32>
  return %1 : tensor<1x4x2x2xf32>
}

// -----

// Clip to [0, +inf] and to [0, largest f32] are ReLU (how exporters write a
// ReLU as a Clip).
// CHECK-LABEL: func.func @clip_unbounded
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[S1:.*]] = eyeriss.add %[[A]], %[[B]] activation relu : tensor<4xf32>
// CHECK-NEXT: %[[S2:.*]] = eyeriss.add %[[A]], %[[A]] activation relu : tensor<4xf32>
// CHECK-NEXT: return %[[S1]], %[[S2]]
// CHECK-NOT: eyeriss.clip
func.func @clip_unbounded(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = eyeriss.add %a, %b : tensor<4xf32>
  %1 = eyeriss.clip %0 min 0.0 max 0x7F800000 : tensor<4xf32>
  %2 = eyeriss.add %a, %a : tensor<4xf32>
  %3 = eyeriss.clip %2 min 0.0 max 3.40282347E+38 : tensor<4xf32>
  return %1, %3 : tensor<4xf32>, tensor<4xf32>
}

// -----

// ReLU6 after ReLU makes the layer's activation ReLU6.
// CHECK-LABEL: func.func @relu_then_relu6
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[S:.*]] = eyeriss.add %[[A]], %[[B]] activation relu6 : tensor<4xf32>
// CHECK-NEXT: return %[[S]]
// CHECK-NOT: eyeriss.clip
func.func @relu_then_relu6(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = eyeriss.add %a, %b activation relu : tensor<4xf32>
  %1 = eyeriss.clip %0 min 0.0 max 6.0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// A ReLU after a layer that already applies ReLU or ReLU6, and ReLU6 after
// ReLU6, change nothing and go, even when the layer has other users: they
// see the same values.
// CHECK-LABEL: func.func @idempotent
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>, %[[W:.*]]: tensor<4x8xf32>)
// CHECK-NEXT: %[[R:.*]] = eyeriss.fc %[[X]], %[[W]] activation relu :
// CHECK-NEXT: %[[R6:.*]] = eyeriss.fc %[[X]], %[[W]] activation relu6 :
// CHECK-NEXT: %[[R66:.*]] = eyeriss.fc %[[X]], %[[W]] activation relu6 :
// CHECK-NEXT: return %[[R]], %[[R]], %[[R6]], %[[R66]]
// CHECK-NOT: eyeriss.relu
// CHECK-NOT: eyeriss.clip
func.func @idempotent(%x: tensor<1x8xf32>, %w: tensor<4x8xf32>)
    -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  %0 = eyeriss.fc %x, %w activation relu : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32>
  %1 = eyeriss.relu %0 : tensor<1x4xf32>
  %2 = eyeriss.fc %x, %w activation relu6 : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32>
  %3 = eyeriss.relu %2 : tensor<1x4xf32>
  %4 = eyeriss.fc %x, %w activation relu6 : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32>
  %5 = eyeriss.clip %4 min 0.0 max 6.0 : tensor<1x4xf32>
  return %0, %1, %3, %5 : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Two ReLUs in a row: the first fuses, the second is then redundant.
// CHECK-LABEL: func.func @relu_chain
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[S:.*]] = eyeriss.add %[[A]], %[[B]] activation relu : tensor<4xf32>
// CHECK-NEXT: return %[[S]]
// CHECK-NOT: eyeriss.relu
func.func @relu_chain(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = eyeriss.add %a, %b : tensor<4xf32>
  %1 = eyeriss.relu %0 : tensor<4xf32>
  %2 = eyeriss.relu %1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// Does not apply: the layer's output before the activation is used too.
// CHECK-LABEL: func.func @other_users
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[S:.*]] = eyeriss.add %[[A]], %[[B]] : tensor<4xf32>
// CHECK-NEXT: %[[R:.*]] = eyeriss.relu %[[S]] : tensor<4xf32>
// CHECK-NEXT: %[[S6:.*]] = eyeriss.add %[[A]], %[[B]] activation relu : tensor<4xf32>
// CHECK-NEXT: %[[C:.*]] = eyeriss.clip %[[S6]] min 0.000000e+00 max 6.000000e+00 : tensor<4xf32>
// CHECK-NEXT: return %[[R]], %[[S]], %[[C]], %[[S6]]
func.func @other_users(%a: tensor<4xf32>, %b: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = eyeriss.add %a, %b : tensor<4xf32>
  %1 = eyeriss.relu %0 : tensor<4xf32>
  %2 = eyeriss.add %a, %b activation relu : tensor<4xf32>
  %3 = eyeriss.clip %2 min 0.0 max 6.0 : tensor<4xf32>
  return %1, %0, %3, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Does not apply: clips with other bounds are not what the ReLU unit does.
// CHECK-LABEL: func.func @other_clips
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[S1:.*]] = eyeriss.add %[[A]], %[[B]] : tensor<4xf32>
// CHECK-NEXT: %[[C1:.*]] = eyeriss.clip %[[S1]] min 0.000000e+00 max 1.000000e+00 : tensor<4xf32>
// CHECK-NEXT: %[[S2:.*]] = eyeriss.add %[[A]], %[[B]] : tensor<4xf32>
// CHECK-NEXT: %[[C2:.*]] = eyeriss.clip %[[S2]] min -1.000000e+00 max 6.000000e+00 : tensor<4xf32>
// CHECK-NEXT: %[[S3:.*]] = eyeriss.add %[[A]], %[[B]] activation relu : tensor<4xf32>
// CHECK-NEXT: %[[C3:.*]] = eyeriss.clip %[[S3]] min 0.000000e+00 max 1.000000e+00 : tensor<4xf32>
// CHECK-NEXT: return %[[C1]], %[[C2]], %[[C3]]
func.func @other_clips(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = eyeriss.add %a, %b : tensor<4xf32>
  %1 = eyeriss.clip %0 min 0.0 max 1.0 : tensor<4xf32>
  %2 = eyeriss.add %a, %b : tensor<4xf32>
  %3 = eyeriss.clip %2 min -1.0 max 6.0 : tensor<4xf32>
  %4 = eyeriss.add %a, %b activation relu : tensor<4xf32>
  %5 = eyeriss.clip %4 min 0.0 max 1.0 : tensor<4xf32>
  return %1, %3, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Does not apply: the input comes from an argument or from an op that has
// no activation to set.
// CHECK-LABEL: func.func @no_layer
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x4x4xf32>)
// CHECK-NEXT: %[[R:.*]] = eyeriss.relu %[[X]] : tensor<1x1x4x4xf32>
// CHECK-NEXT: %[[P:.*]] = eyeriss.max_pool %[[R]]
// CHECK-NEXT: %[[C:.*]] = eyeriss.clip %[[P]] min 0.000000e+00 max 6.000000e+00 : tensor<1x1x2x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @no_layer(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = eyeriss.relu %x : tensor<1x1x4x4xf32>
  %1 = eyeriss.max_pool %0 kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
      : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  %2 = eyeriss.clip %1 min 0.0 max 6.0 : tensor<1x1x2x2xf32>
  return %2 : tensor<1x1x2x2xf32>
}

// -----

// A Conv3d's convolution reaches its ReLU through the reshape and transpose
// back to N x M x T x H x W: the ReLU moves above them and fuses.
// CHECK-LABEL: func.func @conv3d_relu
// CHECK-NEXT: %[[C:.*]] = eyeriss.conv2d {{.*}} activation relu :
// CHECK-NEXT: %[[R:.*]] = eyeriss.reshape %[[C]] : tensor<4x2x2x2xf32> -> tensor<4x1x2x2x2xf32>
// CHECK-NEXT: %[[T:.*]] = eyeriss.transpose %[[R]] perm [1, 2, 0, 3, 4]
// CHECK-NEXT: return %[[T]]
func.func @conv3d_relu(%x: tensor<4x3x4x4xf32>, %w: tensor<2x3x3x3xf32>) -> tensor<1x2x4x2x2xf32> {
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<4x3x4x4xf32>, tensor<2x3x3x3xf32>) -> tensor<4x2x2x2xf32>
  %1 = eyeriss.reshape %0 : tensor<4x2x2x2xf32> -> tensor<4x1x2x2x2xf32>
  %2 = eyeriss.transpose %1 perm [1, 2, 0, 3, 4] : tensor<4x1x2x2x2xf32> -> tensor<1x2x4x2x2xf32>
  %3 = eyeriss.relu %2 : tensor<1x2x4x2x2xf32>
  return %3 : tensor<1x2x4x2x2xf32>
}

// -----

// No layer behind the layout op, or the layout op used elsewhere: the ReLU
// stays where it is.
// CHECK-LABEL: func.func @relu_after_layout_stays
// CHECK: eyeriss.transpose
// CHECK-NEXT: eyeriss.relu
// CHECK: eyeriss.reshape
// CHECK-NEXT: eyeriss.relu
func.func @relu_after_layout_stays(%x: tensor<2x3xf32>, %w: tensor<2x1x1x1xf32>, %y: tensor<1x1x2x3xf32>) -> (tensor<3x2xf32>, tensor<6xf32>, tensor<6xf32>) {
  %t = eyeriss.transpose %x perm [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %r0 = eyeriss.relu %t : tensor<3x2xf32>
  %c = eyeriss.conv2d %y, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x3xf32>
  %s = eyeriss.slice %c axis 1 start 0 step 1 : tensor<1x2x2x3xf32> -> tensor<1x1x2x3xf32>
  %f = eyeriss.reshape %s : tensor<1x1x2x3xf32> -> tensor<6xf32>
  %r1 = eyeriss.relu %f : tensor<6xf32>
  return %r0, %r1, %f : tensor<3x2xf32>, tensor<6xf32>, tensor<6xf32>
}
