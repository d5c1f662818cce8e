// RUN: eyeriss-opt %s --canonicalize -split-input-file | FileCheck %s

// Layout folds: a transpose of a transpose is one transpose, the identity
// permutation none; a reshape of a reshape is one reshape, a reshape to the
// input's own shape none.
// CHECK-LABEL: func.func @transposes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[T:.*]] = eyeriss.transpose %[[X]] perm [1, 0, 2] : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
// CHECK-NEXT: return %[[X]], %[[T]]
func.func @transposes(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<3x2x4xf32>) {
  // [2, 0, 1] then its inverse [1, 2, 0].
  %a = eyeriss.transpose %x perm [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %b = eyeriss.transpose %a perm [1, 2, 0] : tensor<4x2x3xf32> -> tensor<2x3x4xf32>
  // [2, 0, 1] then [2, 1, 0]: result dimension i is x's [1, 0, 2][i].
  %c = eyeriss.transpose %x perm [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %d = eyeriss.transpose %c perm [2, 1, 0] : tensor<4x2x3xf32> -> tensor<3x2x4xf32>
  return %b, %d : tensor<2x3x4xf32>, tensor<3x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @reshapes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[R:.*]] = eyeriss.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<4x6xf32>
// CHECK-NEXT: return %[[X]], %[[R]]
func.func @reshapes(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<4x6xf32>) {
  %a = eyeriss.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %b = eyeriss.reshape %a : tensor<6x4xf32> -> tensor<2x3x4xf32>
  %c = eyeriss.reshape %x : tensor<2x3x4xf32> -> tensor<24xf32>
  %d = eyeriss.reshape %c : tensor<24xf32> -> tensor<4x6xf32>
  return %b, %d : tensor<2x3x4xf32>, tensor<4x6xf32>
}

// -----

// An add of two tensors moved alike is the move of their sum (a residual
// connection between two Conv3d outputs, each reshaped and transposed back
// to N x M x T x H x W), its activation kept.
// CHECK-LABEL: func.func @add_above_moves
// CHECK-SAME: (%[[A:.*]]: tensor<4x2x3x3xf32>, %[[B:.*]]: tensor<4x2x3x3xf32>)
// CHECK-NEXT: %[[S:.*]] = eyeriss.add %[[A]], %[[B]] activation relu : tensor<4x2x3x3xf32>
// CHECK-NEXT: %[[R:.*]] = eyeriss.reshape %[[S]] : tensor<4x2x3x3xf32> -> tensor<4x1x2x3x3xf32>
// CHECK-NEXT: %[[T:.*]] = eyeriss.transpose %[[R]] perm [1, 2, 0, 3, 4] : tensor<4x1x2x3x3xf32> -> tensor<1x2x4x3x3xf32>
// CHECK-NEXT: return %[[T]]
func.func @add_above_moves(%a: tensor<4x2x3x3xf32>, %b: tensor<4x2x3x3xf32>) -> tensor<1x2x4x3x3xf32> {
  %ra = eyeriss.reshape %a : tensor<4x2x3x3xf32> -> tensor<4x1x2x3x3xf32>
  %ta = eyeriss.transpose %ra perm [1, 2, 0, 3, 4] : tensor<4x1x2x3x3xf32> -> tensor<1x2x4x3x3xf32>
  %rb = eyeriss.reshape %b : tensor<4x2x3x3xf32> -> tensor<4x1x2x3x3xf32>
  %tb = eyeriss.transpose %rb perm [1, 2, 0, 3, 4] : tensor<4x1x2x3x3xf32> -> tensor<1x2x4x3x3xf32>
  %s = eyeriss.add %ta, %tb activation relu : tensor<1x2x4x3x3xf32>
  return %s : tensor<1x2x4x3x3xf32>
}

// -----

// Not when the moves differ, or one is used elsewhere (it would be done
// twice).
// CHECK-LABEL: func.func @add_moves_not_alike
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x3xf32>, %[[C:.*]]: tensor<2x3xf32>)
// CHECK-DAG: %[[TA:.*]] = eyeriss.transpose %[[A]]
// CHECK-DAG: %[[RB:.*]] = eyeriss.reshape %[[B]]
// CHECK-DAG: %[[TB:.*]] = eyeriss.transpose %[[B]]
// CHECK-DAG: %[[TC:.*]] = eyeriss.transpose %[[C]]
// CHECK-DAG: eyeriss.add %[[TA]], %[[RB]] : tensor<3x2xf32>
// CHECK-DAG: eyeriss.add %[[TB]], %[[TC]] : tensor<3x2xf32>
func.func @add_moves_not_alike(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>) {
  %ta = eyeriss.transpose %a perm [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %rb = eyeriss.reshape %b : tensor<2x3xf32> -> tensor<3x2xf32>
  %s = eyeriss.add %ta, %rb : tensor<3x2xf32>
  %tb = eyeriss.transpose %b perm [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %tc = eyeriss.transpose %c perm [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %t = eyeriss.add %tb, %tc : tensor<3x2xf32>
  return %s, %t, %tb : tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>
}

// -----

// An expand to the input's own shape folds away; a real one stays.
// CHECK-LABEL: func.func @expand_identity
// CHECK-SAME: (%[[X:.*]]: tensor<1x4xf32>)
// CHECK-NEXT: %[[E:.*]] = eyeriss.expand %[[X]] : tensor<1x4xf32> -> tensor<3x4xf32>
// CHECK-NEXT: return %[[X]], %[[E]]
func.func @expand_identity(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<3x4xf32>) {
  %0 = eyeriss.expand %x : tensor<1x4xf32> -> tensor<1x4xf32>
  %1 = eyeriss.expand %x : tensor<1x4xf32> -> tensor<3x4xf32>
  return %0, %1 : tensor<1x4xf32>, tensor<3x4xf32>
}

// -----

// An idempotent unary function of its own result is that result (a float16
// rounding of a float16 rounding: a Cast to float16 and back); other
// functions, and different ones, stay.
// CHECK-LABEL: func.func @unary_idempotent
// CHECK-SAME: (%[[X:.*]]: tensor<1x4xf32> {eyeriss.host_format = f16})
// CHECK-NEXT: %[[H:.*]] = eyeriss.unary round_to_f16 %[[X]]
// CHECK-NEXT: %[[B:.*]] = eyeriss.unary round_to_bf16 %[[H]]
// CHECK-NEXT: %[[A:.*]] = eyeriss.unary abs %[[X]]
// CHECK-NEXT: %[[N:.*]] = eyeriss.unary neg %[[A]]
// CHECK-NEXT: %[[NN:.*]] = eyeriss.unary neg %[[N]]
// CHECK-NEXT: %[[T:.*]] = eyeriss.unary trunc %[[X]]
// CHECK-NEXT: %[[Z:.*]] = eyeriss.unary nonzero %[[T]]
// CHECK-NEXT: %[[NOT:.*]] = eyeriss.unary not %[[Z]]
// CHECK-NEXT: %[[NOTNOT:.*]] = eyeriss.unary not %[[NOT]]
// CHECK-NEXT: return %[[H]], %[[B]], %[[A]], %[[NN]], %[[T]], %[[NOTNOT]]
func.func @unary_idempotent(%x: tensor<1x4xf32> {eyeriss.host_format = f16}) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  %h = eyeriss.unary round_to_f16 %x : tensor<1x4xf32>
  %hh = eyeriss.unary round_to_f16 %h : tensor<1x4xf32>
  %b = eyeriss.unary round_to_bf16 %hh : tensor<1x4xf32>
  %a = eyeriss.unary abs %x : tensor<1x4xf32>
  %aa = eyeriss.unary abs %a : tensor<1x4xf32>
  %n = eyeriss.unary neg %aa : tensor<1x4xf32>
  %nn = eyeriss.unary neg %n : tensor<1x4xf32>
  // trunc and nonzero are idempotent; not is not (not of not is nonzero).
  %t = eyeriss.unary trunc %x : tensor<1x4xf32>
  %tt = eyeriss.unary trunc %t : tensor<1x4xf32>
  %z = eyeriss.unary nonzero %tt : tensor<1x4xf32>
  %zz = eyeriss.unary nonzero %z : tensor<1x4xf32>
  %no = eyeriss.unary not %zz : tensor<1x4xf32>
  %nono = eyeriss.unary not %no : tensor<1x4xf32>
  return %hh, %b, %aa, %nn, %tt, %nono : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}
