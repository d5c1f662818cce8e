// RUN: eyeriss-opt %s --eyeriss-fold-batch-norm -split-input-file | FileCheck %s
// RUN: eyeriss-opt %s --eyeriss-fold-batch-norm -split-input-file --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s --check-prefix=LOC

// Folded by hand: s = scale / sqrt(variance + epsilon)
//   = [1 / sqrt(3.75 + 0.25), 3 / sqrt(0 + 0.25)] = [0.5, 6];
// filter' = filter * s = [[1, 2] * 0.5, [-4, 0.5] * 6] = [[0.5, 1], [-24, 3]];
// bias' = (bias - mean) * s + bn_bias
//   = [(1 - 3) * 0.5 + 0.25, (-2 - 1) * 6 + 10] = [-0.75, -8].
// The folded layer is named by the convolution first, then the batch norm.
// CHECK-LABEL: func.func @fold
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x2x2xf32>)
// CHECK-NEXT: %[[W:.*]] = eyeriss.constant dense<{{\[\[\[\[}}5.000000e-01, 1.000000e+00]]], {{\[\[\[}}-2.400000e+01, 3.000000e+00]]]]> : tensor<2x1x1x2xf32>
// CHECK-NEXT: %[[B:.*]] = eyeriss.constant dense<[-7.500000e-01, -8.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[C:.*]] = eyeriss.conv2d %[[X]], %[[W]], %[[B]] strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 : (tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x1xf32>
// CHECK-NEXT: return %[[C]]
// CHECK-NOT: eyeriss.batch_norm
// LOC-LABEL: func.func @fold
// LOC: eyeriss.constant {{.*}} : tensor<2x1x1x2xf32> loc(fused["conv1.weight", "bn1"])
// LOC: eyeriss.constant {{.*}} : tensor<2xf32> loc(fused["conv1.bias", "bn1"])
// LOC: eyeriss.conv2d {{.*}} loc(fused["conv1", "bn1"])
func.func @fold(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x1xf32> {
  %w = eyeriss.constant dense<[[[[1.0, 2.0]]], [[[-4.0, 0.5]]]]> : tensor<2x1x1x2xf32> loc("conv1.weight")
  %b = eyeriss.constant dense<[1.0, -2.0]> : tensor<2xf32> loc("conv1.bias")
  %scale = eyeriss.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %bias = eyeriss.constant dense<[0.25, 10.0]> : tensor<2xf32>
  %mean = eyeriss.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %var = eyeriss.constant dense<[3.75, 0.0]> : tensor<2xf32>
  %0 = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x1xf32> loc("conv1")
  %1 = eyeriss.batch_norm %0, %scale, %bias, %mean, %var epsilon 0.25
      : tensor<1x2x2x1xf32>, tensor<2xf32> loc("bn1")
  return %1 : tensor<1x2x2x1xf32>
}

// -----

// A depthwise convolution without bias (bias = 0) and splat parameters:
// s = 2 / sqrt(0.75 + 0.25) = 2, filter' = [1, -2] * 2 = [2, -4],
// bias' = (0 - 1) * 2 + 0.5 = -1.5 in both channels.
// CHECK-LABEL: func.func @no_bias_splat
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x3xf32>)
// CHECK-NEXT: %[[W:.*]] = eyeriss.constant dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}-4.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-NEXT: %[[B:.*]] = eyeriss.constant dense<-1.500000e+00> : tensor<2xf32>
// CHECK-NEXT: %[[C:.*]] = eyeriss.conv2d %[[X]], %[[W]], %[[B]] strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 2 : (tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT: return %[[C]]
// CHECK-NOT: eyeriss.batch_norm
func.func @no_bias_splat(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = eyeriss.constant dense<[[[[1.0]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %scale = eyeriss.constant dense<2.0> : tensor<2xf32>
  %bias = eyeriss.constant dense<0.5> : tensor<2xf32>
  %mean = eyeriss.constant dense<1.0> : tensor<2xf32>
  %var = eyeriss.constant dense<0.75> : tensor<2xf32>
  %0 = eyeriss.conv2d %x, %w strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 2
      : (tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = eyeriss.batch_norm %0, %scale, %bias, %mean, %var epsilon 0.25
      : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// The arithmetic is done in double and rounded once to f32: with w = 0.1,
// scale = 1.3, variance = 0.1, epsilon = 1e-5, b = 0.1, mean = 0.3,
// bn_bias = 0.7 (all as f32), the double results round to 0.41107553 and
// -0.12215111, while the same steps in f32 give 0.4110755 and -0.12215108.
// CHECK-LABEL: func.func @double_precision
// CHECK: eyeriss.constant dense<0.411075532> : tensor<1x1x1x1xf32>
// CHECK-NEXT: eyeriss.constant dense<-0.122151107> : tensor<1xf32>
// CHECK-NOT: eyeriss.batch_norm
func.func @double_precision(%x: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %w = eyeriss.constant dense<0.1> : tensor<1x1x1x1xf32>
  %b = eyeriss.constant dense<0.1> : tensor<1xf32>
  %scale = eyeriss.constant dense<1.3> : tensor<1xf32>
  %bias = eyeriss.constant dense<0.7> : tensor<1xf32>
  %mean = eyeriss.constant dense<0.3> : tensor<1xf32>
  %var = eyeriss.constant dense<0.1> : tensor<1xf32>
  %0 = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %1 = eyeriss.batch_norm %0, %scale, %bias, %mean, %var epsilon 1.0e-05
      : tensor<1x1x1x1xf32>, tensor<1xf32>
  return %1 : tensor<1x1x1x1xf32>
}

// -----

// Does not apply: a batch norm after a concat (no layer to fold into).
// CHECK-LABEL: func.func @after_concat
// CHECK: eyeriss.concat
// CHECK-NEXT: %[[BN:.*]] = eyeriss.batch_norm
// CHECK-NEXT: return %[[BN]]
func.func @after_concat(%a: tensor<1x1x2x2xf32>, %b: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %p = eyeriss.constant dense<1.0> : tensor<2xf32>
  %0 = eyeriss.concat %a, %b axis 1
      : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %1 = eyeriss.batch_norm %0, %p, %p, %p, %p epsilon 0.0 : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Does not apply: the filter is not a constant.
// CHECK-LABEL: func.func @variable_filter
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x2x2xf32>, %[[W:.*]]: tensor<2x1x1x1xf32>)
// CHECK: %[[C:.*]] = eyeriss.conv2d %[[X]], %[[W]] strides
// CHECK-NEXT: %[[BN:.*]] = eyeriss.batch_norm %[[C]],
// CHECK-NEXT: return %[[BN]]
func.func @variable_filter(%x: tensor<1x1x2x2xf32>, %w: tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32> {
  %p = eyeriss.constant dense<1.0> : tensor<2xf32>
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = eyeriss.batch_norm %0, %p, %p, %p, %p epsilon 0.0 : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Does not apply: a batch-norm parameter or the conv bias is not a constant.
// CHECK-LABEL: func.func @variable_parameters
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x2x2xf32>, %[[MEAN:.*]]: tensor<2xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK: %[[C1:.*]] = eyeriss.conv2d %[[X]], %[[W:.*]] strides
// CHECK-NEXT: %[[BN1:.*]] = eyeriss.batch_norm %[[C1]], %[[P:.*]], %[[P]], %[[MEAN]], %[[P]] epsilon
// CHECK-NEXT: %[[C2:.*]] = eyeriss.conv2d %[[X]], %[[W]], %[[B]] strides
// CHECK-NEXT: %[[BN2:.*]] = eyeriss.batch_norm %[[C2]], %[[P]], %[[P]], %[[P]], %[[P]] epsilon
// CHECK-NEXT: return %[[BN1]], %[[BN2]]
func.func @variable_parameters(%x: tensor<1x1x2x2xf32>, %mean: tensor<2xf32>, %b: tensor<2xf32>)
    -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = eyeriss.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = eyeriss.constant dense<1.0> : tensor<2xf32>
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = eyeriss.batch_norm %0, %p, %p, %mean, %p epsilon 0.0 : tensor<1x2x2x2xf32>, tensor<2xf32>
  %2 = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %3 = eyeriss.batch_norm %2, %p, %p, %p, %p epsilon 0.0 : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %1, %3 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Does not apply: the unnormalized convolution output is used too.
// CHECK-LABEL: func.func @other_users
// CHECK: %[[C:.*]] = eyeriss.conv2d
// CHECK-NEXT: %[[BN:.*]] = eyeriss.batch_norm %[[C]],
// CHECK-NEXT: return %[[BN]], %[[C]]
func.func @other_users(%x: tensor<1x1x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = eyeriss.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = eyeriss.constant dense<1.0> : tensor<2xf32>
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = eyeriss.batch_norm %0, %p, %p, %p, %p epsilon 0.0 : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %1, %0 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Does not apply: the convolution applies ReLU before the batch norm.
// CHECK-LABEL: func.func @fused_activation
// CHECK: %[[C:.*]] = eyeriss.conv2d {{.*}} activation relu
// CHECK-NEXT: %[[BN:.*]] = eyeriss.batch_norm %[[C]],
// CHECK-NEXT: return %[[BN]]
func.func @fused_activation(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = eyeriss.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = eyeriss.constant dense<1.0> : tensor<2xf32>
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 activation relu
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = eyeriss.batch_norm %0, %p, %p, %p, %p epsilon 0.0 : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Does not apply: variance + epsilon is 0 in a channel, so folding would put
// infinities into the weights.
// CHECK-LABEL: func.func @zero_variance
// CHECK: %[[C:.*]] = eyeriss.conv2d
// CHECK-NEXT: %[[BN:.*]] = eyeriss.batch_norm %[[C]],
// CHECK-NEXT: return %[[BN]]
func.func @zero_variance(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = eyeriss.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = eyeriss.constant dense<1.0> : tensor<2xf32>
  %var = eyeriss.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = eyeriss.batch_norm %0, %p, %p, %p, %var epsilon 0.0 : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// A bias added by its own op (shape [M, 1, 1], through the reshape the
// importer makes of a legacy-broadcast [M]) joins the convolution's bias:
// [1, -2] + [0.5, 4] = [1.5, 2]; the add's activation moves into the layer.
// CHECK-LABEL: func.func @bias_add
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x2x2xf32>)
// CHECK: %[[B:.*]] = eyeriss.constant dense<[1.500000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[C:.*]] = eyeriss.conv2d %[[X]], %{{.*}}, %[[B]] strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 activation relu : (tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x1xf32>
// CHECK-NEXT: return %[[C]]
// CHECK-NOT: eyeriss.add
// LOC-LABEL: func.func @bias_add
// LOC: eyeriss.constant {{.*}} : tensor<2xf32> loc(fused["conv1.bias", "bias"])
// LOC: eyeriss.conv2d {{.*}} loc(fused["conv1", "conv1.add"])
func.func @bias_add(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x1xf32> {
  %w = eyeriss.constant dense<[[[[1.0, 2.0]]], [[[-4.0, 0.5]]]]> : tensor<2x1x1x2xf32>
  %b = eyeriss.constant dense<[1.0, -2.0]> : tensor<2xf32> loc("conv1.bias")
  %c = eyeriss.constant dense<[0.5, 4.0]> : tensor<2xf32>
  %c3 = eyeriss.reshape %c : tensor<2xf32> -> tensor<2x1x1xf32> loc("bias")
  %0 = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x1xf32> loc("conv1")
  %1 = eyeriss.add %c3, %0 activation relu : (tensor<2x1x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> loc("conv1.add")
  return %1 : tensor<1x2x2x1xf32>
}

// -----

// conv -> add (a 4-D [1, M, 1, 1] bias, no conv bias) -> batch_norm folds
// whole: bias = [1, 3], then s = [2, 0.5] (var + eps = [0.25, 4]), so
// filter' = [[2, 4], [-2, 0.25]] and bias' = (bias - 0) * s + 0 = [2, 1.5].
// CHECK-LABEL: func.func @bias_add_then_bn
// CHECK: eyeriss.constant dense<{{\[\[\[\[}}2.000000e+00, 4.000000e+00]]], {{\[\[\[}}-2.000000e+00, 2.500000e-01]]]]> : tensor<2x1x1x2xf32>
// CHECK: eyeriss.constant dense<[2.000000e+00, 1.500000e+00]> : tensor<2xf32>
// CHECK: eyeriss.conv2d
// CHECK-NOT: eyeriss.add
// CHECK-NOT: eyeriss.batch_norm
func.func @bias_add_then_bn(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x1xf32> {
  %w = eyeriss.constant dense<[[[[1.0, 2.0]]], [[[-4.0, 0.5]]]]> : tensor<2x1x1x2xf32>
  %c = eyeriss.constant dense<[[[[1.0]], [[3.0]]]]> : tensor<1x2x1x1xf32>
  %scale = eyeriss.constant dense<1.0> : tensor<2xf32>
  %zero = eyeriss.constant dense<0.0> : tensor<2xf32>
  %var = eyeriss.constant dense<[0.0, 3.75]> : tensor<2xf32>
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x1xf32>
  %1 = eyeriss.add %0, %c : (tensor<1x2x2x1xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x1xf32>
  %2 = eyeriss.batch_norm %1, %scale, %zero, %zero, %var epsilon 0.25
      : tensor<1x2x2x1xf32>, tensor<2xf32>
  return %2 : tensor<1x2x2x1xf32>
}

// -----

// Not a per-channel bias: it varies along H ([1, 1, E, 1]).
// CHECK-LABEL: func.func @not_per_channel
// CHECK: eyeriss.conv2d
// CHECK: eyeriss.add
func.func @not_per_channel(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x1xf32> {
  %w = eyeriss.constant dense<[[[[1.0, 2.0]]], [[[-4.0, 0.5]]]]> : tensor<2x1x1x2xf32>
  %per_h = eyeriss.constant dense<[[[[1.0], [2.0]]]]> : tensor<1x1x2x1xf32>
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x1xf32>
  %1 = eyeriss.add %0, %per_h : (tensor<1x2x2x1xf32>, tensor<1x1x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %1 : tensor<1x2x2x1xf32>
}

// -----

// A splat bias, but the convolution's output has another user, which needs
// it without the bias.
// CHECK-LABEL: func.func @other_user
// CHECK: %[[C:.*]] = eyeriss.conv2d
// CHECK: %[[A:.*]] = eyeriss.add %[[C]]
// CHECK: return %[[A]], %[[C]]
func.func @other_user(%x: tensor<1x1x2x2xf32>) -> (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) {
  %w = eyeriss.constant dense<[[[[1.0, 2.0]]], [[[-4.0, 0.5]]]]> : tensor<2x1x1x2xf32>
  %splat = eyeriss.constant dense<[[[[1.0]]]]> : tensor<1x1x1x1xf32>
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x1xf32>
  %1 = eyeriss.add %0, %splat : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x1xf32>
  return %1, %0 : tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>
}

// -----

// The add broadcasts the convolution's output up to a batch of 2: not a
// bias of the layer.
// CHECK-LABEL: func.func @broadcast_up
// CHECK: eyeriss.conv2d
// CHECK: eyeriss.add
func.func @broadcast_up(%x: tensor<1x1x2x2xf32>) -> tensor<2x2x2x1xf32> {
  %w = eyeriss.constant dense<[[[[1.0, 2.0]]], [[[-4.0, 0.5]]]]> : tensor<2x1x1x2xf32>
  %batch = eyeriss.constant dense<1.0> : tensor<2x2x1x1xf32>
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x1xf32>
  %1 = eyeriss.add %0, %batch : (tensor<1x2x2x1xf32>, tensor<2x2x1x1xf32>) -> tensor<2x2x2x1xf32>
  return %1 : tensor<2x2x2x1xf32>
}

// -----

// BatchNorm1d after a Linear layer, as the importer writes it: the FC
// output reshaped to N x M x 1 x 1, normalized, reshaped back. The same
// numbers as @fold, on a 2 x 2 weight (one row per output): the batch norm
// goes into the FC layer and a reshape to its type stays (canonicalization
// removes the pair).
// CHECK-LABEL: func.func @fold_into_fc
// CHECK-SAME: (%[[X:.*]]: tensor<3x2xf32>)
// CHECK-NEXT: %[[W:.*]] = eyeriss.constant dense<{{\[\[}}5.000000e-01, 1.000000e+00], [-2.400000e+01, 3.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT: %[[B:.*]] = eyeriss.constant dense<[-7.500000e-01, -8.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[FC:.*]] = eyeriss.fc %[[X]], %[[W]], %[[B]] : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: %[[R:.*]] = eyeriss.reshape %[[FC]] : tensor<3x2xf32> -> tensor<3x2x1x1xf32>
// CHECK-NEXT: %[[BACK:.*]] = eyeriss.reshape %[[R]] : tensor<3x2x1x1xf32> -> tensor<3x2xf32>
// CHECK-NEXT: return %[[BACK]]
// LOC-LABEL: func.func @fold_into_fc
// LOC: eyeriss.fc {{.*}} loc(fused["fc1", "bn1"])
func.func @fold_into_fc(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = eyeriss.constant dense<[[1.0, 2.0], [-4.0, 0.5]]> : tensor<2x2xf32>
  %b = eyeriss.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %scale = eyeriss.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %bias = eyeriss.constant dense<[0.25, 10.0]> : tensor<2xf32>
  %mean = eyeriss.constant dense<[3.0, 1.0]> : tensor<2xf32>
  %var = eyeriss.constant dense<[3.75, 0.0]> : tensor<2xf32>
  %0 = eyeriss.fc %x, %w, %b : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32> loc("fc1")
  %1 = eyeriss.reshape %0 : tensor<3x2xf32> -> tensor<3x2x1x1xf32>
  %2 = eyeriss.batch_norm %1, %scale, %bias, %mean, %var epsilon 0.25
      : tensor<3x2x1x1xf32>, tensor<2xf32> loc("bn1")
  %3 = eyeriss.reshape %2 : tensor<3x2x1x1xf32> -> tensor<3x2xf32>
  return %3 : tensor<3x2xf32>
}

// -----

// Not folded: the FC output has another user, or the FC layer applies an
// activation first, or the reshape does not keep its outputs as channels.
// CHECK-LABEL: func.func @fc_not_folded
// CHECK-COUNT-3: eyeriss.batch_norm
func.func @fc_not_folded(%x: tensor<3x2xf32>) -> (tensor<3x2xf32>, tensor<3x2x1x1xf32>, tensor<3x2x1x1xf32>, tensor<1x3x2x1xf32>) {
  %w = eyeriss.constant dense<[[1.0, 2.0], [-4.0, 0.5]]> : tensor<2x2xf32>
  %p = eyeriss.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %p3 = eyeriss.constant dense<[1.0, 3.0, 2.0]> : tensor<3xf32>
  %0 = eyeriss.fc %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %1 = eyeriss.reshape %0 : tensor<3x2xf32> -> tensor<3x2x1x1xf32>
  %2 = eyeriss.batch_norm %1, %p, %p, %p, %p epsilon 0.25 : tensor<3x2x1x1xf32>, tensor<2xf32>
  %3 = eyeriss.fc %x, %w activation relu : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %4 = eyeriss.reshape %3 : tensor<3x2xf32> -> tensor<3x2x1x1xf32>
  %5 = eyeriss.batch_norm %4, %p, %p, %p, %p epsilon 0.25 : tensor<3x2x1x1xf32>, tensor<2xf32>
  %6 = eyeriss.fc %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %7 = eyeriss.reshape %6 : tensor<3x2xf32> -> tensor<1x3x2x1xf32>
  %8 = eyeriss.batch_norm %7, %p3, %p3, %p3, %p3 epsilon 0.25 : tensor<1x3x2x1xf32>, tensor<3xf32>
  return %0, %2, %5, %8 : tensor<3x2xf32>, tensor<3x2x1x1xf32>, tensor<3x2x1x1xf32>, tensor<1x3x2x1xf32>
}
