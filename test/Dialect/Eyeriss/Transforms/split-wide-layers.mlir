// eyeriss-split-wide-layers cuts CONV layers whose input or output extent
// exceeds EYB's layer records (4096) into strips along that dimension, each
// reading its halo, with the layer's pads only at the edges, and CONV and
// FC layers whose batch exceeds the records' (65535) into groups; the host
// joins them.
// RUN: eyeriss-opt %s --eyeriss-split-wide-layers --mlir-print-debuginfo | FileCheck %s
// The strips join to the layer: on an ONNX Conv1d of 9000 samples (padded,
// dilated), the reference executor's output after mapping (three strips)
// matches the one after canonicalization (one layer) within float32
// rounding.
// RUN: %python -c "import numpy as np; np.save('%t.x.npy', np.random.default_rng(8).standard_normal((1, 2, 9000)).astype(np.float32))"
// RUN: eyeriss-compile %S/Inputs/wide-conv.onnxtext --compile-to=canonicalize -o /dev/null --run-reference --input=%t.x.npy --reference-output=%t.one.npy
// RUN: eyeriss-compile %S/Inputs/wide-conv.onnxtext --compile-to=map -o %t.map.mlir --run-reference --input=%t.x.npy --expect=%t.one.npy --max-rel-err=1e-6
// RUN: FileCheck %s --check-prefix=MAPPED < %t.map.mlir
// MAPPED-COUNT-3: eyeriss.conv2d
// MAPPED: eyeriss.concat

module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  // wav2vec 2.0's first layer on one second of 16 kHz audio: at most
  // (4096 - 10) / 5 + 1 = 818 outputs a strip, so four strips of 800 (the
  // last 799), each reading 5 * 799 + 10 = 4005 samples.
  // CHECK-LABEL: func.func @raw_audio
  // CHECK-SAME: (%[[X:[^:]*]]: tensor<1x1x1x16000xf32>
  // CHECK: %[[S0:.*]] = eyeriss.slice %[[X]] axis 3 start 0 step 1 : tensor<1x1x1x16000xf32> -> tensor<1x1x1x4005xf32> loc(#[[W0:.*]])
  // CHECK: %[[C0:.*]] = eyeriss.conv2d %[[S0]], %{{.*}} strides [1, 5] pads [0, 0, 0, 0] {{.*}} -> tensor<1x32x1x800xf32> loc(#[[W0]])
  // CHECK: eyeriss.slice %[[X]] axis 3 start 4000 step 1 : tensor<1x1x1x16000xf32> -> tensor<1x1x1x4005xf32>
  // CHECK: eyeriss.slice %[[X]] axis 3 start 8000 step 1
  // CHECK: %[[S3:.*]] = eyeriss.slice %[[X]] axis 3 start 12000 step 1 : tensor<1x1x1x16000xf32> -> tensor<1x1x1x4000xf32>
  // CHECK: %[[C3:.*]] = eyeriss.conv2d %[[S3]], {{.*}} -> tensor<1x32x1x799xf32>
  // CHECK: %[[CAT:.*]] = eyeriss.concat %[[C0]], %{{.*}}, %{{.*}}, %[[C3]] axis 3 : {{.*}} -> tensor<1x32x1x3199xf32> loc(#[[LAYER:.*]])
  // CHECK: return %[[CAT]]
  func.func @raw_audio(%x: tensor<1x1x1x16000xf32>, %w: tensor<32x1x1x10xf32>) -> tensor<1x32x1x3199xf32> {
    %y = eyeriss.conv2d %x, %w strides [1, 5] pads [0, 0, 0, 0] dilations [1, 1] groups 1 : (tensor<1x1x1x16000xf32>, tensor<32x1x1x10xf32>) -> tensor<1x32x1x3199xf32> loc("conv0")
    return %y : tensor<1x32x1x3199xf32>
  }

  // Pads 2 and dilation 2: the first strip keeps the left pad, the last the
  // right one; each reads 4 samples of halo beyond its 3000 outputs. The
  // bias and the activation go with every strip.
  // CHECK-LABEL: func.func @padded_dilated
  // CHECK: eyeriss.slice %{{.*}} axis 3 start 0 step 1 : tensor<1x2x1x9000xf32> -> tensor<1x2x1x3002xf32>
  // CHECK: eyeriss.conv2d %{{.*}}, %{{.*}}, %{{.*}} strides [1, 1] pads [0, 2, 0, 0] dilations [1, 2] groups 1 activation relu : {{.*}} -> tensor<1x4x1x3000xf32>
  // CHECK: eyeriss.slice %{{.*}} axis 3 start 2998 step 1 : tensor<1x2x1x9000xf32> -> tensor<1x2x1x3004xf32>
  // CHECK: eyeriss.conv2d %{{.*}}, %{{.*}}, %{{.*}} strides [1, 1] pads [0, 0, 0, 0] dilations [1, 2] groups 1 activation relu
  // CHECK: eyeriss.slice %{{.*}} axis 3 start 5998 step 1 : tensor<1x2x1x9000xf32> -> tensor<1x2x1x3002xf32>
  // CHECK: eyeriss.conv2d %{{.*}}, %{{.*}}, %{{.*}} strides [1, 1] pads [0, 0, 0, 2] dilations [1, 2] groups 1 activation relu
  // CHECK: eyeriss.concat {{.*}} axis 3 : {{.*}} -> tensor<1x4x1x9000xf32>
  func.func @padded_dilated(%x: tensor<1x2x1x9000xf32>, %w: tensor<4x2x1x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x1x9000xf32> {
    %y = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [0, 2, 0, 2] dilations [1, 2] groups 1 activation relu : (tensor<1x2x1x9000xf32>, tensor<4x2x1x3xf32>, tensor<4xf32>) -> tensor<1x4x1x9000xf32>
    return %y : tensor<1x4x1x9000xf32>
  }

  // Too tall: strips of rows, one row of halo each side of the cut.
  // CHECK-LABEL: func.func @tall
  // CHECK: eyeriss.slice %{{.*}} axis 2 start 0 step 1 : tensor<1x1x5000x4xf32> -> tensor<1x1x2501x4xf32>
  // CHECK: eyeriss.conv2d {{.*}} pads [1, 1, 0, 1] {{.*}} -> tensor<1x2x2500x4xf32>
  // CHECK: eyeriss.slice %{{.*}} axis 2 start 2499 step 1 : tensor<1x1x5000x4xf32> -> tensor<1x1x2501x4xf32>
  // CHECK: eyeriss.conv2d {{.*}} pads [0, 1, 1, 1] {{.*}} -> tensor<1x2x2500x4xf32>
  // CHECK: eyeriss.concat {{.*}} axis 2
  func.func @tall(%x: tensor<1x1x5000x4xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x5000x4xf32> {
    %y = eyeriss.conv2d %x, %w strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1 : (tensor<1x1x5000x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x5000x4xf32>
    return %y : tensor<1x2x5000x4xf32>
  }

  // An FC layer over the 300 x 300 pixels of an image (a channels-last
  // linear layer): 90000 rows, beyond the records' batch of 65535, in two
  // groups of 45000.
  // CHECK-LABEL: func.func @many_rows
  // CHECK: %[[R0:.*]] = eyeriss.slice %arg0 axis 0 start 0 step 1 : tensor<90000x8xf32> -> tensor<45000x8xf32>
  // CHECK: %[[F0:.*]] = eyeriss.fc %[[R0]], %arg1, %arg2 activation relu : (tensor<45000x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<45000x4xf32>
  // CHECK: %[[R1:.*]] = eyeriss.slice %arg0 axis 0 start 45000 step 1 : tensor<90000x8xf32> -> tensor<45000x8xf32>
  // CHECK: %[[F1:.*]] = eyeriss.fc %[[R1]], %arg1, %arg2 activation relu
  // CHECK: eyeriss.concat %[[F0]], %[[F1]] axis 0 : (tensor<45000x4xf32>, tensor<45000x4xf32>) -> tensor<90000x4xf32>
  func.func @many_rows(%x: tensor<90000x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<90000x4xf32> {
    %y = eyeriss.fc %x, %w, %b activation relu : (tensor<90000x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<90000x4xf32>
    return %y : tensor<90000x4xf32>
  }

  // Within the records' 4096: left as it is.
  // CHECK-LABEL: func.func @fits
  // CHECK-NOT: eyeriss.slice
  // CHECK: eyeriss.conv2d %arg0
  // CHECK-NOT: eyeriss.concat
  func.func @fits(%x: tensor<1x1x1x4096xf32>, %w: tensor<2x1x1x3xf32>) -> tensor<1x2x1x4094xf32> {
    %y = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 : (tensor<1x1x1x4096xf32>, tensor<2x1x1x3xf32>) -> tensor<1x2x1x4094xf32>
    return %y : tensor<1x2x1x4094xf32>
  }
}
// CHECK-DAG: #[[W0]] = loc("conv0.w0"(#[[LAYER]]))
// CHECK-DAG: #[[LAYER]] = loc("conv0")
