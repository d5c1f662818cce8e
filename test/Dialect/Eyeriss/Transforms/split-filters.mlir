// eyeriss-split-filters tiles CONV filters that no PE set holds: taller than
// the 12 PE rows or wider than the 12-word ifmap spad of eyeriss-v1.
// RUN: eyeriss-opt %s --eyeriss-split-filters --mlir-print-debuginfo | FileCheck %s
// The tiles sum to the layer: on the same ONNX layer (seeded weights), the
// reference executor's output after mapping (tiles) matches the one after
// canonicalization (one layer) within float32 rounding.
// RUN: %python -c "import numpy as np; np.save('%t.x.npy', np.random.default_rng(5).standard_normal((1, 2, 20, 21)).astype(np.float32))"
// RUN: eyeriss-compile %S/Inputs/tall-conv.onnxtext --compile-to=canonicalize -o /dev/null --run-reference --input=%t.x.npy --reference-output=%t.one.npy
// RUN: eyeriss-compile %S/Inputs/tall-conv.onnxtext --compile-to=map -o %t.map.mlir --run-reference --input=%t.x.npy --expect=%t.one.npy --max-rel-err=1e-5
// RUN: FileCheck %s --check-prefix=MAPPED < %t.map.mlir
// MAPPED-COUNT-4: eyeriss.conv2d
// DeepLabV3's atrous convolution (rate 36 on a 14 x 14 map): only the
// centre column of taps reaches the image, and the split keeps it alone.
// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.random.default_rng(6).standard_normal((1, 2, 14, 14)).astype(np.float32))"
// RUN: eyeriss-compile %S/Inputs/atrous-conv.onnxtext --compile-to=canonicalize -o /dev/null --run-reference --input=%t.a.npy --reference-output=%t.atrous.npy
// RUN: eyeriss-compile %S/Inputs/atrous-conv.onnxtext --compile-to=map -o %t.atrous.mlir --run-reference --input=%t.a.npy --expect=%t.atrous.npy --max-rel-err=1e-5
// RUN: FileCheck %s --check-prefix=ATROUS < %t.atrous.mlir
// ATROUS-COUNT-1: eyeriss.conv2d
// ATROUS-NOT: eyeriss.add

module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  // 14 x 13 filter, stride 2, pads 3/1/2/4: two bands of 7 rows, and
  // columns in two bands of 7 and 6. Each tile reads the input rows and
  // columns its filter positions reach (one row slice per band), with pads
  // where they fall outside; the first tile takes the bias.
  // CHECK-LABEL: func.func @tall_and_wide
  // CHECK-SAME: (%[[X:[^:]*]]: tensor<1x2x20x21xf32>
  // CHECK: %[[R0:.*]] = eyeriss.slice %[[X]] axis 2 start 0 step 1 : tensor<1x2x20x21xf32> -> tensor<1x2x14x21xf32>
  // CHECK: %[[T00:.*]] = eyeriss.slice %[[R0]] axis 3 start 0 step 1 : tensor<1x2x14x21xf32> -> tensor<1x2x14x18xf32>
  // CHECK: %[[C00:.*]] = eyeriss.conv2d %[[T00]], %{{.*}}, %{{.*}} strides [2, 2] pads [3, 1, 0, 0] dilations [1, 1] groups 1 : (tensor<1x2x14x18xf32>, tensor<4x2x7x7xf32>, tensor<4xf32>) -> tensor<1x4x6x7xf32>
  // CHECK: %[[T01:.*]] = eyeriss.slice %[[R0]] axis 3 start 6 step 1 : tensor<1x2x14x21xf32> -> tensor<1x2x14x15xf32>
  // CHECK: %[[C01:.*]] = eyeriss.conv2d %[[T01]], %{{[^,]*}} strides [2, 2] pads [3, 0, 0, 3] dilations [1, 1] groups 1 : (tensor<1x2x14x15xf32>, tensor<4x2x7x6xf32>) -> tensor<1x4x6x7xf32>
  // CHECK: %[[S1:.*]] = eyeriss.add %[[C00]], %[[C01]] : tensor<1x4x6x7xf32>
  // CHECK: %[[R1:.*]] = eyeriss.slice %[[X]] axis 2 start 4 step 1 : tensor<1x2x20x21xf32> -> tensor<1x2x16x21xf32>
  // CHECK: eyeriss.slice %[[R1]] axis 3 start 0 step 1
  // CHECK: eyeriss.conv2d {{.*}} pads [0, 1, 1, 0] {{.*}} : (tensor<1x2x16x18xf32>, tensor<4x2x7x7xf32>) -> tensor<1x4x6x7xf32>
  // CHECK: eyeriss.slice %[[R1]] axis 3 start 6 step 1
  // CHECK: eyeriss.conv2d {{.*}} pads [0, 0, 1, 3] {{.*}} : (tensor<1x2x16x15xf32>, tensor<4x2x7x6xf32>) -> tensor<1x4x6x7xf32>
  // The last add takes the activation and the layer's name.
  // CHECK: eyeriss.add {{.*}} activation relu : tensor<1x4x6x7xf32> loc(#[[BIG:[a-z0-9]+]])
  // CHECK-NOT: eyeriss.conv2d
  func.func @tall_and_wide(%x: tensor<1x2x20x21xf32>) -> tensor<1x4x6x7xf32> {
    %w = eyeriss.constant dense<0.01> : tensor<4x2x14x13xf32>
    %b = eyeriss.constant dense<[0.5, -0.5, 1.0, 0.0]> : tensor<4xf32>
    %0 = eyeriss.conv2d %x, %w, %b strides [2, 2] pads [3, 1, 2, 4]
        dilations [1, 1] groups 1 activation relu
        : (tensor<1x2x20x21xf32>, tensor<4x2x14x13xf32>, tensor<4xf32>) -> tensor<1x4x6x7xf32> loc("big")
    return %0 : tensor<1x4x6x7xf32>
  }

  // A 3 x 3 filter dilated by 36 on a 14 x 14 map padded by 36: the ifmap
  // spad holds one dilated column, so each column is a tile; the outer two
  // read only padding and are dropped. The one tile left takes the bias,
  // the activation and the layer's name, and reads the whole input.
  // CHECK-LABEL: func.func @atrous
  // CHECK-SAME: (%[[A:[^:]*]]: tensor<1x2x14x14xf32>
  // CHECK-NOT: eyeriss.slice
  // CHECK: eyeriss.conv2d %[[A]], %{{.*}}, %{{.*}} strides [1, 1] pads [36, 0, 36, 0] dilations [36, 36] groups 1 activation relu : (tensor<1x2x14x14xf32>, tensor<4x2x3x1xf32>, tensor<4xf32>) -> tensor<1x4x14x14xf32> loc(#[[LOCA:[a-z0-9]+]])
  // CHECK-NOT: eyeriss.add
  // The locations print after the last function.
  // CHECK-DAG: #[[BIG]] = loc("big")
  // CHECK-DAG: #[[LOCA]] = loc("aspp")
  func.func @atrous(%x: tensor<1x2x14x14xf32>) -> tensor<1x4x14x14xf32> {
    %w = eyeriss.constant dense<0.01> : tensor<4x2x3x3xf32>
    %b = eyeriss.constant dense<[0.5, -0.5, 1.0, 0.0]> : tensor<4xf32>
    %0 = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [36, 36, 36, 36]
        dilations [36, 36] groups 1 activation relu
        : (tensor<1x2x14x14xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x14x14xf32> loc("aspp")
    return %0 : tensor<1x4x14x14xf32>
  }
}
