// RUN: eyeriss-opt %s --eyeriss-drop-identity -split-input-file | FileCheck %s
// The graph passes run on any op; here on each function.
// RUN: eyeriss-opt %s --pass-pipeline='builtin.module(func.func(eyeriss-drop-identity))' -split-input-file | FileCheck %s

// An identity between a layer and its activation goes; the activation reads
// the layer directly.
// CHECK-LABEL: func.func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>, %[[W:.*]]: tensor<4x8xf32>)
// CHECK-NEXT: %[[FC:.*]] = eyeriss.fc %[[X]], %[[W]] :
// CHECK-NEXT: %[[R:.*]] = eyeriss.relu %[[FC]] : tensor<1x4xf32>
// CHECK-NEXT: return %[[R]]
// CHECK-NOT: eyeriss.identity
func.func @identity(%x: tensor<1x8xf32>, %w: tensor<4x8xf32>) -> tensor<1x4xf32> {
  %0 = eyeriss.fc %x, %w : (tensor<1x8xf32>, tensor<4x8xf32>) -> tensor<1x4xf32>
  %1 = eyeriss.identity %0 : tensor<1x4xf32>
  %2 = eyeriss.relu %1 : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Dropout is the identity at inference, whatever its ratio.
// CHECK-LABEL: func.func @dropout
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>)
// CHECK-NEXT: %[[R:.*]] = eyeriss.relu %[[X]] : tensor<1x8xf32>
// CHECK-NEXT: return %[[R]]
// CHECK-NOT: eyeriss.dropout
func.func @dropout(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = eyeriss.dropout %x ratio 0.5 : tensor<1x8xf32>
  %1 = eyeriss.relu %0 : tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// A chain of them, a constant through one (an exporter's way to reach a
// bias), and one returned directly all go.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[C:.*]] = eyeriss.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-NEXT: %[[SUM:.*]] = eyeriss.add %[[X]], %[[C]] : tensor<4xf32>
// CHECK-NEXT: return %[[SUM]], %[[X]]
// CHECK-NOT: eyeriss.identity
// CHECK-NOT: eyeriss.dropout
func.func @chain(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %c = eyeriss.constant dense<1.0> : tensor<4xf32>
  %0 = eyeriss.identity %c : tensor<4xf32>
  %1 = eyeriss.dropout %x ratio 0.1 : tensor<4xf32>
  %2 = eyeriss.identity %1 : tensor<4xf32>
  %3 = eyeriss.add %2, %0 : tensor<4xf32>
  %4 = eyeriss.identity %x : tensor<4xf32>
  return %3, %4 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Does not apply: a function without identities is unchanged.
// CHECK-LABEL: func.func @none
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[R:.*]] = eyeriss.relu %[[X]] : tensor<4xf32>
// CHECK-NEXT: %[[C:.*]] = eyeriss.clip %[[R]] min 0.000000e+00 max 1.000000e+00 : tensor<4xf32>
// CHECK-NEXT: return %[[C]]
func.func @none(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = eyeriss.relu %x : tensor<4xf32>
  %1 = eyeriss.clip %0 min 0.0 max 1.0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}
