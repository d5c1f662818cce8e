// The #eyeriss.fixed formats of a layer: they round-trip, and the product
// window must select 16 of the product's 32 bits.
// RUN: eyeriss-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// CHECK: eyeriss.fc {{.*}} {quant = #eyeriss.fixed<input = 8, weight = 14, psum = 10, output = 9>}
func.func @ok(%x: tensor<1x16xf32>, %w: tensor<8x16xf32>) -> tensor<1x8xf32> {
  %0 = eyeriss.fc %x, %w {quant = #eyeriss.fixed<input = 8, weight = 14, psum = 10, output = 9>}
      : (tensor<1x16xf32>, tensor<8x16xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

func.func @wide_shift(%x: tensor<1x16xf32>, %w: tensor<8x16xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{product window shift input + weight - psum = 20 must select 16 of the product's 32 bits (0 to 16)}}
  %0 = eyeriss.fc %x, %w {quant = #eyeriss.fixed<input = 12, weight = 14, psum = 6, output = 6>}
      : (tensor<1x16xf32>, tensor<8x16xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

func.func @negative_shift(%x: tensor<1x16xf32>, %w: tensor<8x16xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{product window shift input + weight - psum = -2}}
  %0 = eyeriss.fc %x, %w {quant = #eyeriss.fixed<input = 4, weight = 4, psum = 10, output = 10>}
      : (tensor<1x16xf32>, tensor<8x16xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

func.func @format(%x: tensor<1x16xf32>, %w: tensor<8x16xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{fixed-point output format 60 is outside [-32, 47] fractional bits}}
  %0 = eyeriss.fc %x, %w {quant = #eyeriss.fixed<input = 8, weight = 14, psum = 10, output = 60>}
      : (tensor<1x16xf32>, tensor<8x16xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}
