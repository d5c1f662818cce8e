// RUN: eyeriss-opt %s --eyeriss-gemm-to-fc -split-input-file | FileCheck %s
// RUN: eyeriss-opt %s --eyeriss-gemm-to-fc -split-input-file --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s --check-prefix=LOC

// With trans_b, alpha = 1 and c of N elements with beta = 1, b and c already
// are the FC weight and bias: they are used as they are, not copied (b has
// another user here, so a copy would show). The FC keeps the Gemm's location.
// CHECK-LABEL: func.func @fc_layout
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[W:.*]] = eyeriss.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: %[[B:.*]] = eyeriss.constant dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK-NEXT: %[[FC:.*]] = eyeriss.fc %[[X]], %[[W]], %[[B]] : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x2xf32>
// CHECK-NEXT: return %[[FC]], %[[W]]
// CHECK-NOT: eyeriss.gemm
// LOC-LABEL: func.func @fc_layout
// LOC: eyeriss.fc {{.*}} loc("fc1")
func.func @fc_layout(%x: tensor<2x3xf32>) -> (tensor<2x2xf32>, tensor<2x3xf32>) {
  %w = eyeriss.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %b = eyeriss.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %0 = eyeriss.gemm %x, %w, %b alpha 1.0 beta 1.0 trans_b
      : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x2xf32> loc("fc1")
  return %0, %w : tensor<2x2xf32>, tensor<2x3xf32>
}

// -----

// Without trans_b, b (K x N) is transposed into the FC layout (N x K) and
// scaled by alpha; the new weight is named by b's location. The old b goes
// with its last user.
// CHECK-LABEL: func.func @transpose_and_scale
// CHECK-SAME: (%[[X:.*]]: tensor<1x2xf32>)
// CHECK-NEXT: %[[W:.*]] = eyeriss.constant dense<{{\[\[}}2.000000e+00, 8.000000e+00], [4.000000e+00, 1.000000e+01], [6.000000e+00, 1.200000e+01]]> : tensor<3x2xf32>
// CHECK-NEXT: %[[FC:.*]] = eyeriss.fc %[[X]], %[[W]] : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: return %[[FC]]
// CHECK-NOT: eyeriss.gemm
// LOC-LABEL: func.func @transpose_and_scale
// LOC: eyeriss.constant {{.*}} : tensor<3x2xf32> loc("fc2.weight")
func.func @transpose_and_scale(%x: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %w = eyeriss.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32> loc("fc2.weight")
  %0 = eyeriss.gemm %x, %w alpha 2.0 beta 1.0 : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// A 1 x N c scaled by beta becomes an N-element bias; a scalar, [1] or
// [1, 1] c is broadcast to all N outputs.
// CHECK-LABEL: func.func @bias_broadcast
// CHECK-SAME: (%[[X:.*]]: tensor<1x2xf32>)
// CHECK-NEXT: %[[W:.*]] = eyeriss.constant dense<1.000000e+00> : tensor<3x2xf32>
// CHECK-NEXT: %[[ROW:.*]] = eyeriss.constant dense<[1.000000e+00, 2.000000e+00, -3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: %[[FC1:.*]] = eyeriss.fc %[[X]], %[[W]], %[[ROW]] : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: %[[SPLAT6:.*]] = eyeriss.constant dense<6.000000e+00> : tensor<3xf32>
// CHECK-NEXT: %[[FC2:.*]] = eyeriss.fc %[[X]], %[[W]], %[[SPLAT6]] :
// CHECK-NEXT: %[[SPLAT7:.*]] = eyeriss.constant dense<7.000000e+00> : tensor<3xf32>
// CHECK-NEXT: %[[FC3:.*]] = eyeriss.fc %[[X]], %[[W]], %[[SPLAT7]] :
// CHECK-NEXT: %[[SPLAT8:.*]] = eyeriss.constant dense<8.000000e+00> : tensor<3xf32>
// CHECK-NEXT: %[[FC4:.*]] = eyeriss.fc %[[X]], %[[W]], %[[SPLAT8]] :
// CHECK-NEXT: return %[[FC1]], %[[FC2]], %[[FC3]], %[[FC4]]
// CHECK-NOT: eyeriss.gemm
func.func @bias_broadcast(%x: tensor<1x2xf32>)
    -> (tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>) {
  %w = eyeriss.constant dense<1.0> : tensor<3x2xf32>
  %row = eyeriss.constant dense<[[2.0, 4.0, -6.0]]> : tensor<1x3xf32>
  %scalar = eyeriss.constant dense<3.0> : tensor<f32>
  %one = eyeriss.constant dense<7.0> : tensor<1xf32>
  %oneByOne = eyeriss.constant dense<[[4.0]]> : tensor<1x1xf32>
  %0 = eyeriss.gemm %x, %w, %row alpha 1.0 beta 0.5 trans_b
      : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>
  %1 = eyeriss.gemm %x, %w, %scalar alpha 1.0 beta 2.0 trans_b
      : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<f32>) -> tensor<1x3xf32>
  %2 = eyeriss.gemm %x, %w, %one alpha 1.0 beta 1.0 trans_b
      : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<1xf32>) -> tensor<1x3xf32>
  %3 = eyeriss.gemm %x, %w, %oneByOne alpha 1.0 beta 2.0 trans_b
      : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<1x1xf32>) -> tensor<1x3xf32>
  return %0, %1, %2, %3 : tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>
}

// -----

// With beta = 0, c does not count, whatever its shape and origin.
// CHECK-LABEL: func.func @beta_zero
// CHECK-SAME: (%[[X:.*]]: tensor<2x2xf32>, %[[C:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[W:.*]] = eyeriss.constant dense<1.000000e+00> : tensor<3x2xf32>
// CHECK-NEXT: %[[FC:.*]] = eyeriss.fc %[[X]], %[[W]] : (tensor<2x2xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %[[FC]]
// CHECK-NOT: eyeriss.gemm
func.func @beta_zero(%x: tensor<2x2xf32>, %c: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %w = eyeriss.constant dense<1.0> : tensor<3x2xf32>
  %0 = eyeriss.gemm %x, %w, %c alpha 1.0 beta 0.0 trans_b
      : (tensor<2x2xf32>, tensor<3x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A transposed a: an eyeriss.transpose, then the FC layer.
// CHECK-LABEL: func.func @trans_a
// CHECK-SAME: (%[[X:.*]]: tensor<2x1xf32>)
// CHECK: %[[W:.*]] = eyeriss.constant dense<1.000000e+00> : tensor<3x2xf32>
// CHECK-NEXT: %[[T:.*]] = eyeriss.transpose %[[X]] perm [1, 0] : tensor<2x1xf32> -> tensor<1x2xf32>
// CHECK-NEXT: %[[FC:.*]] = eyeriss.fc %[[T]], %[[W]]
// CHECK-NEXT: return %[[FC]]
// CHECK-NOT: eyeriss.gemm
func.func @trans_a(%x: tensor<2x1xf32>) -> tensor<1x3xf32> {
  %w = eyeriss.constant dense<1.0> : tensor<3x2xf32>
  %0 = eyeriss.gemm %x, %w alpha 1.0 beta 1.0 trans_a trans_b
      : (tensor<2x1xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// A computed b (a product of two activations): eyeriss.matmul on the host,
// b transposed first with trans_b, the product scaled by alpha, plus beta * c.
// CHECK-LABEL: func.func @variable_b
// CHECK-SAME: (%[[X:.*]]: tensor<1x2xf32>, %[[W:.*]]: tensor<2x3xf32>, %[[V:.*]]: tensor<3x2xf32>)
// CHECK-NEXT: %[[M:.*]] = eyeriss.matmul %[[X]], %[[W]] : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
// CHECK: %[[T:.*]] = eyeriss.transpose %[[V]] perm [1, 0] : tensor<3x2xf32> -> tensor<2x3xf32>
// CHECK-NEXT: %[[M2:.*]] = eyeriss.matmul %[[X]], %[[T]]
// CHECK-NEXT: %[[A:.*]] = eyeriss.constant dense<2.000000e+00> : tensor<1xf32>
// CHECK-NEXT: %[[S:.*]] = eyeriss.mul %[[M2]], %[[A]] : (tensor<1x3xf32>, tensor<1xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: %[[C:.*]] = eyeriss.constant dense<[1.500000e+00, 3.000000e+00, 4.500000e+00]> : tensor<3xf32>
// CHECK-NEXT: %[[Y:.*]] = eyeriss.add %[[S]], %[[C]] : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: return %[[M]], %[[Y]]
// CHECK-NOT: eyeriss.fc
// CHECK-NOT: eyeriss.gemm
func.func @variable_b(%x: tensor<1x2xf32>, %w: tensor<2x3xf32>, %v: tensor<3x2xf32>)
    -> (tensor<1x3xf32>, tensor<1x3xf32>) {
  %0 = eyeriss.gemm %x, %w alpha 1.0 beta 1.0 : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %c = eyeriss.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %1 = eyeriss.gemm %x, %v, %c alpha 2.0 beta 1.5 trans_b
      : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %0, %1 : tensor<1x3xf32>, tensor<1x3xf32>
}

// -----

// A c that differs between rows (M x N and M x 1 with M = 2), or is not a
// constant, is added after the FC layer: as it is with beta = 1, scaled
// (a folded constant, or an eyeriss.mul) otherwise.
// CHECK-LABEL: func.func @row_varying_c
// CHECK-SAME: (%[[X:.*]]: tensor<2x2xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK-DAG: %[[W:.*]] = eyeriss.constant dense<1.000000e+00> : tensor<3x2xf32>
// CHECK-DAG: %[[FULL:.*]] = eyeriss.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK: %[[FC1:.*]] = eyeriss.fc %[[X]], %[[W]]
// CHECK-NEXT: %[[S1:.*]] = eyeriss.add %[[FC1]], %[[FULL]] : tensor<2x3xf32>
// CHECK: %[[COLUMN:.*]] = eyeriss.constant dense<{{\[\[}}3.000000e+00], [6.000000e+00]]> : tensor<2x1xf32>
// CHECK: %[[FC2:.*]] = eyeriss.fc %[[X]], %[[W]]
// CHECK-NEXT: %[[S2:.*]] = eyeriss.add %[[FC2]], %[[COLUMN]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK: %[[B:.*]] = eyeriss.constant dense<-1.000000e+00> : tensor<1xf32>
// CHECK-NEXT: %[[SV:.*]] = eyeriss.mul %[[V]], %[[B]] : (tensor<3xf32>, tensor<1xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[FC3:.*]] = eyeriss.fc %[[X]], %[[W]]
// CHECK-NEXT: %[[S3:.*]] = eyeriss.add %[[FC3]], %[[SV]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %[[S1]], %[[S2]], %[[S3]]
// CHECK-NOT: eyeriss.gemm
func.func @row_varying_c(%x: tensor<2x2xf32>, %v: tensor<3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %w = eyeriss.constant dense<1.0> : tensor<3x2xf32>
  %full = eyeriss.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %column = eyeriss.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %0 = eyeriss.gemm %x, %w, %full alpha 1.0 beta 1.0 trans_b
      : (tensor<2x2xf32>, tensor<3x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = eyeriss.gemm %x, %w, %column alpha 1.0 beta 3.0 trans_b
      : (tensor<2x2xf32>, tensor<3x2xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %2 = eyeriss.gemm %x, %w, %v alpha 1.0 beta -1.0 trans_b
      : (tensor<2x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// A channels-last Linear as ConvNeXt's MatMul + Add imports: the bias add
// (either operand order, through the reshape back to N x H x W x K) folds
// into the FC layer's bias, summed with the bias it had; the add's
// activation becomes the layer's.
// CHECK-LABEL: func.func @linear_bias
// CHECK: %[[FLAT:.*]] = eyeriss.reshape %{{.*}} : tensor<1x2x2x2xf32> -> tensor<4x2xf32>
// CHECK: %[[B2:.*]] = eyeriss.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK: %[[FC:.*]] = eyeriss.fc %[[FLAT]], %{{.*}}, %[[B2]] activation relu : (tensor<4x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<4x3xf32>
// CHECK: %[[Y:.*]] = eyeriss.reshape %[[FC]] : tensor<4x3xf32> -> tensor<1x2x2x3xf32>
// CHECK: %[[SUM:.*]] = eyeriss.constant dense<[1.500000e+00, 2.500000e+00, 3.500000e+00]> : tensor<3xf32>
// CHECK: %[[FC2:.*]] = eyeriss.fc %[[FLAT]], %{{.*}}, %[[SUM]] : (tensor<4x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<4x3xf32>
// CHECK-NOT: eyeriss.add
// CHECK: return %[[Y]], %[[FC2]]
func.func @linear_bias(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x3xf32>, tensor<4x3xf32>) {
  %w = eyeriss.constant dense<1.0> : tensor<2x3xf32>
  %b = eyeriss.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %half = eyeriss.constant dense<0.5> : tensor<3xf32>
  %flat = eyeriss.reshape %x : tensor<1x2x2x2xf32> -> tensor<4x2xf32>
  %0 = eyeriss.gemm %flat, %w alpha 1.0 beta 1.0 : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %1 = eyeriss.reshape %0 : tensor<4x3xf32> -> tensor<1x2x2x3xf32>
  %2 = eyeriss.add %b, %1 activation relu : (tensor<3xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %3 = eyeriss.gemm %flat, %w, %b alpha 1.0 beta 1.0 : (tensor<4x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %4 = eyeriss.add %3, %half : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %2, %4 : tensor<1x2x2x3xf32>, tensor<4x3xf32>
}

// -----

// Does not fold: the FC result has another user, the constant varies along
// another dimension, or the reshape moves the outputs off the last dimension.
// CHECK-LABEL: func.func @not_a_bias
// CHECK-COUNT-3: eyeriss.add
func.func @not_a_bias(%x: tensor<4x2xf32>)
    -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<2x6xf32>) {
  %w = eyeriss.constant dense<1.0> : tensor<2x3xf32>
  %b = eyeriss.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %col = eyeriss.constant dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>
  %six = eyeriss.constant dense<1.0> : tensor<6xf32>
  %0 = eyeriss.gemm %x, %w alpha 1.0 beta 1.0 : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %1 = eyeriss.add %0, %b : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %2 = eyeriss.gemm %x, %w alpha 1.0 beta 1.0 : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %3 = eyeriss.add %2, %col : (tensor<4x3xf32>, tensor<4x1xf32>) -> tensor<4x3xf32>
  %4 = eyeriss.gemm %x, %w alpha 1.0 beta 1.0 : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %5 = eyeriss.reshape %4 : tensor<4x3xf32> -> tensor<2x6xf32>
  %6 = eyeriss.add %5, %six : (tensor<2x6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %0, %1, %3, %6 : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<2x6xf32>
}
