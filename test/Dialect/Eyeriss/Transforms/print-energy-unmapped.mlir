// eyeriss-print-energy needs every CONV and FC layer mapped.
// RUN: eyeriss-opt %s --eyeriss-print-energy -verify-diagnostics -o /dev/null

module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @unmapped(%x: tensor<1x16xf32>, %w: tensor<8x16xf32>) -> tensor<1x8xf32> {
    // expected-error @+1 {{has no mapping: run eyeriss-map first}}
    %0 = eyeriss.fc %x, %w : (tensor<1x16xf32>, tensor<8x16xf32>) -> tensor<1x8xf32>
    return %0 : tensor<1x8xf32>
  }
}
