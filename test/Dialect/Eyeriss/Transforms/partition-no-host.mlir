// eyeriss-partition with allow-host=false: every host op is an error.
// RUN: eyeriss-opt %s --eyeriss-partition=allow-host=false -verify-diagnostics -o /dev/null

func.func @main(%x: tensor<1x2x8x8xf32>, %w: tensor<4x2x3x3xf32>,
                %fw: tensor<10x36xf32>) -> tensor<1x10xf32> {
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0]
      dilations [1, 1] groups 1 activation relu
      : (tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  // expected-error @+1 {{'eyeriss.max_pool' op runs on the host CPU: the PE array runs only CONV and FC layers, and host fallback is disabled}}
  %1 = eyeriss.max_pool %0 kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
      : tensor<1x4x6x6xf32> -> tensor<1x4x3x3xf32>
  %2 = eyeriss.flatten %1 axis 1 : tensor<1x4x3x3xf32> -> tensor<1x36xf32>
  %3 = eyeriss.fc %2, %fw : (tensor<1x36xf32>, tensor<10x36xf32>) -> tensor<1x10xf32>
  // expected-error @+1 {{'eyeriss.softmax' op runs on the host CPU}}
  %4 = eyeriss.softmax %3 axis 1 : tensor<1x10xf32>
  return %4 : tensor<1x10xf32>
}
