// eyeriss-partition: CONV and FC layers run on the PE array, pooling and the
// other computing ops on the host; with allow-host=false a host op is an
// error.
// RUN: eyeriss-opt %s --eyeriss-partition=report=true -o /dev/null | FileCheck %s
// RUN: not eyeriss-opt %s --eyeriss-partition=allow-host=false -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOHOST

// CHECK: PE array: 2 CONV/FC layers, 2952 MACs
// CHECK-NEXT: host CPU: max_pool x1 softmax x1
// NOHOST: error: 'eyeriss.max_pool' op runs on the host CPU: the PE array runs only CONV and FC layers, and host fallback is disabled

func.func @main(%x: tensor<1x2x8x8xf32>, %w: tensor<4x2x3x3xf32>,
                %fw: tensor<10x36xf32>) -> tensor<1x10xf32> {
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0]
      dilations [1, 1] groups 1 activation relu
      : (tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  %1 = eyeriss.max_pool %0 kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
      : tensor<1x4x6x6xf32> -> tensor<1x4x3x3xf32>
  %2 = eyeriss.flatten %1 axis 1 : tensor<1x4x3x3xf32> -> tensor<1x36xf32>
  %3 = eyeriss.fc %2, %fw : (tensor<1x36xf32>, tensor<10x36xf32>) -> tensor<1x10xf32>
  %4 = eyeriss.softmax %3 axis 1 : tensor<1x10xf32>
  return %4 : tensor<1x10xf32>
}
