// RUN: eyeriss-opt %s -split-input-file --eyeriss-fold-constants | FileCheck %s
// RUN: eyeriss-opt %s -split-input-file --eyeriss-fold-constants=max-elements=1 | FileCheck %s --check-prefix=SMALL

// A chain of ops on constants folds in one run, with the reference
// executor's values: relu([-1, 2]) = [0, 2]; [0, 2] + [0, 2] = [0, 4].
// CHECK-LABEL: func.func @chain
// CHECK-NEXT: %[[C:.*]] = eyeriss.constant dense<{{\[}}[0.000000e+00, 4.000000e+00]]> : tensor<1x2xf32>
// CHECK-NEXT: %[[Y:.*]] = eyeriss.add %arg0, %[[C]] : tensor<1x2xf32>
// CHECK-NEXT: return %[[Y]]
// SMALL-LABEL: func.func @chain
// SMALL: eyeriss.relu
// SMALL: eyeriss.add
// SMALL: eyeriss.add
func.func @chain(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %a = eyeriss.constant dense<[[-1.0, 2.0]]> : tensor<1x2xf32>
  %r = eyeriss.relu %a : tensor<1x2xf32>
  %s = eyeriss.add %r, %r : tensor<1x2xf32>
  %y = eyeriss.add %x, %s : tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Reshape and flatten of weights fold; ops on function arguments stay.
// CHECK-LABEL: func.func @reshape_weights
// CHECK-NEXT: %[[W:.*]] = eyeriss.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]]> : tensor<1x4xf32>
// CHECK-NEXT: %[[F:.*]] = eyeriss.flatten %arg0 axis 1
// CHECK-NEXT: eyeriss.fc %[[F]], %[[W]]
func.func @reshape_weights(%x: tensor<2x2x2xf32>) -> tensor<2x1xf32> {
  %w = eyeriss.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %w2 = eyeriss.reshape %w : tensor<2x2xf32> -> tensor<1x4xf32>
  %f = eyeriss.flatten %x axis 1 : tensor<2x2x2xf32> -> tensor<2x4xf32>
  %y = eyeriss.fc %f, %w2 : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x1xf32>
  return %y : tensor<2x1xf32>
}

// -----

// Integer (quantized) results are not the float executor's to compute.
// CHECK-LABEL: func.func @integer
// CHECK: eyeriss.relu
func.func @integer() -> tensor<2xi16> {
  %a = eyeriss.constant dense<[-1, 2]> : tensor<2xi16>
  %r = eyeriss.relu %a : tensor<2xi16>
  return %r : tensor<2xi16>
}
