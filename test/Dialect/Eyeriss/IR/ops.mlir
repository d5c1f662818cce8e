// Every graph-level op in its custom form survives print -> parse, and the
// generic form parses back to the same custom form.
// RUN: eyeriss-opt %s | eyeriss-opt | FileCheck %s
// RUN: eyeriss-opt %s --mlir-print-op-generic | eyeriss-opt | FileCheck %s

// CHECK-LABEL: func.func @constants
func.func @constants() -> (tensor<2xf32>, tensor<2x2xi16>) {
  // CHECK: %[[B:.*]] = eyeriss.constant dense<[5.000000e-01, -1.000000e+00]> : tensor<2xf32>
  %b = eyeriss.constant dense<[0.5, -1.0]> : tensor<2xf32>
  // CHECK: eyeriss.constant dense<{{\[\[}}1, 2], [3, 4]]> : tensor<2x2xi16>
  %q = eyeriss.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi16>
  return %b, %q : tensor<2xf32>, tensor<2x2xi16>
}

// CHECK-LABEL: func.func @conv_alexnet_conv1
func.func @conv_alexnet_conv1(%x: tensor<4x3x227x227xf32>, %w: tensor<96x3x11x11xf32>,
                              %b: tensor<96xf32>) -> tensor<4x96x55x55xf32> {
  // CHECK: %[[C:.*]] = eyeriss.conv2d %{{.*}}, %{{.*}}, %{{.*}} strides [4, 4] pads [0, 0, 0, 0] dilations [1, 1] groups 1 activation relu : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>, tensor<96xf32>) -> tensor<4x96x55x55xf32>
  %0 = eyeriss.conv2d %x, %w, %b strides [4, 4] pads [0, 0, 0, 0] dilations [1, 1]
      groups 1 activation relu
      : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>, tensor<96xf32>) -> tensor<4x96x55x55xf32>
  return %0 : tensor<4x96x55x55xf32>
}

// Grouped (AlexNet CONV2), no bias, no activation.
// CHECK-LABEL: func.func @conv_grouped
func.func @conv_grouped(%x: tensor<4x96x27x27xf32>, %w: tensor<256x48x5x5xf32>) -> tensor<4x256x27x27xf32> {
  // CHECK: eyeriss.conv2d %{{.*}}, %{{.*}} strides [1, 1] pads [2, 2, 2, 2] dilations [1, 1] groups 2 : (tensor<4x96x27x27xf32>, tensor<256x48x5x5xf32>) -> tensor<4x256x27x27xf32>
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [2, 2, 2, 2] dilations [1, 1] groups 2
      : (tensor<4x96x27x27xf32>, tensor<256x48x5x5xf32>) -> tensor<4x256x27x27xf32>
  return %0 : tensor<4x256x27x27xf32>
}

// Depthwise, dilated, asymmetric pads, quantized element type, relu6.
// CHECK-LABEL: func.func @conv_depthwise_dilated
func.func @conv_depthwise_dilated(%x: tensor<1x32x16x16xi16>, %w: tensor<32x1x3x3xi16>) -> tensor<1x32x7x8xi16> {
  // CHECK: eyeriss.conv2d {{.*}} strides [2, 2] pads [0, 1, 1, 2] dilations [2, 2] groups 32 activation relu6
  %0 = eyeriss.conv2d %x, %w strides [2, 2] pads [0, 1, 1, 2] dilations [2, 2] groups 32 activation relu6
      : (tensor<1x32x16x16xi16>, tensor<32x1x3x3xi16>) -> tensor<1x32x7x8xi16>
  return %0 : tensor<1x32x7x8xi16>
}

// CHECK-LABEL: func.func @fc
func.func @fc(%x: tensor<4x9216xf32>, %w: tensor<4096x9216xf32>, %b: tensor<4096xf32>,
              %w8: tensor<1000x4096xf32>) -> tensor<4x1000xf32> {
  // CHECK: eyeriss.fc %{{.*}}, %{{.*}}, %{{.*}} activation relu : (tensor<4x9216xf32>, tensor<4096x9216xf32>, tensor<4096xf32>) -> tensor<4x4096xf32>
  %0 = eyeriss.fc %x, %w, %b activation relu
      : (tensor<4x9216xf32>, tensor<4096x9216xf32>, tensor<4096xf32>) -> tensor<4x4096xf32>
  // CHECK: eyeriss.fc %{{.*}}, %{{.*}} : (tensor<4x4096xf32>, tensor<1000x4096xf32>) -> tensor<4x1000xf32>
  %1 = eyeriss.fc %0, %w8 : (tensor<4x4096xf32>, tensor<1000x4096xf32>) -> tensor<4x1000xf32>
  return %1 : tensor<4x1000xf32>
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<4x96x55x55xf32>, %y: tensor<1x64x112x112xf32>, %z: tensor<1x8x8x8xf32>)
    -> (tensor<4x96x27x27xf32>, tensor<1x64x56x56xf32>, tensor<1x8x5x5xf32>, tensor<1x8x1x1xf32>) {
  // CHECK: eyeriss.max_pool %{{.*}} kernel [3, 3] strides [2, 2] pads [0, 0, 0, 0] : tensor<4x96x55x55xf32> -> tensor<4x96x27x27xf32>
  %0 = eyeriss.max_pool %x kernel [3, 3] strides [2, 2] pads [0, 0, 0, 0]
      : tensor<4x96x55x55xf32> -> tensor<4x96x27x27xf32>
  // GoogLeNet-style ceil mode: (112 - 3) / 2 + 1 = 55.5 -> 56.
  // CHECK: eyeriss.max_pool %{{.*}} kernel [3, 3] strides [2, 2] pads [0, 0, 0, 0] ceil_mode : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  %1 = eyeriss.max_pool %y kernel [3, 3] strides [2, 2] pads [0, 0, 0, 0] ceil_mode
      : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  // CHECK: eyeriss.avg_pool %{{.*}} kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] ceil_mode count_include_pad : tensor<1x8x8x8xf32> -> tensor<1x8x5x5xf32>
  %2 = eyeriss.avg_pool %z kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] ceil_mode count_include_pad
      : tensor<1x8x8x8xf32> -> tensor<1x8x5x5xf32>
  // CHECK: eyeriss.global_avg_pool %{{.*}} : tensor<1x8x8x8xf32> -> tensor<1x8x1x1xf32>
  %3 = eyeriss.global_avg_pool %z : tensor<1x8x8x8xf32> -> tensor<1x8x1x1xf32>
  return %0, %1, %2, %3 : tensor<4x96x27x27xf32>, tensor<1x64x56x56xf32>, tensor<1x8x5x5xf32>, tensor<1x8x1x1xf32>
}

// CHECK-LABEL: func.func @normalization_and_activations
func.func @normalization_and_activations(%x: tensor<1x4x5x5xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>,
                                         %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<1x4x5x5xf32> {
  // CHECK: eyeriss.lrn %{{.*}} size 5 alpha 9.99999974E-5 beta 7.500000e-01 bias 2.000000e+00 : tensor<1x4x5x5xf32>
  %0 = eyeriss.lrn %x size 5 alpha 1.0e-04 beta 0.75 bias 2.0 : tensor<1x4x5x5xf32>
  // CHECK: eyeriss.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} epsilon 9.99999974E-6 : tensor<1x4x5x5xf32>, tensor<4xf32>
  %1 = eyeriss.batch_norm %0, %s, %b, %m, %v epsilon 1.0e-05 : tensor<1x4x5x5xf32>, tensor<4xf32>
  // CHECK: eyeriss.relu %{{.*}} : tensor<1x4x5x5xf32>
  %2 = eyeriss.relu %1 : tensor<1x4x5x5xf32>
  // CHECK: eyeriss.clip %{{.*}} min 0.000000e+00 max 6.000000e+00 : tensor<1x4x5x5xf32>
  %3 = eyeriss.clip %2 min 0.0 max 6.0 : tensor<1x4x5x5xf32>
  return %3 : tensor<1x4x5x5xf32>
}

// CHECK-LABEL: func.func @data_movement
func.func @data_movement(%a: tensor<1x64x28x28xf32>, %b: tensor<1x128x28x28xf32>, %c: tensor<4x256x6x6xf32>)
    -> (tensor<1x192x28x28xf32>, tensor<4x9216xf32>, tensor<4x9216xf32>, tensor<4x1000xf32>) {
  // CHECK: eyeriss.concat %{{.*}}, %{{.*}} axis 1 : (tensor<1x64x28x28xf32>, tensor<1x128x28x28xf32>) -> tensor<1x192x28x28xf32>
  %0 = eyeriss.concat %a, %b axis 1 : (tensor<1x64x28x28xf32>, tensor<1x128x28x28xf32>) -> tensor<1x192x28x28xf32>
  // CHECK: eyeriss.flatten %{{.*}} axis 1 : tensor<4x256x6x6xf32> -> tensor<4x9216xf32>
  %1 = eyeriss.flatten %c axis 1 : tensor<4x256x6x6xf32> -> tensor<4x9216xf32>
  // CHECK: eyeriss.reshape %{{.*}} : tensor<4x256x6x6xf32> -> tensor<4x9216xf32>
  %2 = eyeriss.reshape %c : tensor<4x256x6x6xf32> -> tensor<4x9216xf32>
  // CHECK: eyeriss.add %{{.*}}, %{{.*}} activation relu : tensor<4x9216xf32>
  %3 = eyeriss.add %1, %2 activation relu : tensor<4x9216xf32>
  // CHECK: eyeriss.add %{{.*}}, %{{.*}} : tensor<4x9216xf32>
  %4 = eyeriss.add %3, %2 : tensor<4x9216xf32>
  %w = eyeriss.constant dense<0.01> : tensor<1000x9216xf32>
  %5 = eyeriss.fc %4, %w : (tensor<4x9216xf32>, tensor<1000x9216xf32>) -> tensor<4x1000xf32>
  // CHECK: eyeriss.softmax %{{.*}} axis 1 : tensor<4x1000xf32>
  %6 = eyeriss.softmax %5 axis 1 : tensor<4x1000xf32>
  return %0, %1, %3, %6 : tensor<1x192x28x28xf32>, tensor<4x9216xf32>, tensor<4x9216xf32>, tensor<4x1000xf32>
}

// Readable result names.
// CHECK-LABEL: func.func @result_names
func.func @result_names(%x: tensor<1x8x8x8xf32>, %w: tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32> {
  // CHECK: %conv = eyeriss.conv2d
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x8x8x8xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: %relu = eyeriss.relu %conv
  %1 = eyeriss.relu %0 : tensor<1x8x8x8xf32>
  return %1 : tensor<1x8x8x8xf32>
}

// CHECK-LABEL: func.func @import_level
func.func @import_level(%x: tensor<1x9216xf32>, %w: tensor<4096x9216xf32>, %b: tensor<4096xf32>,
                        %v: tensor<9216x10xf32>) -> (tensor<1x4096xf32>, tensor<1x10xf32>) {
  // CHECK: eyeriss.gemm %{{.*}}, %{{.*}}, %{{.*}} alpha 1.000000e+00 beta 5.000000e-01 trans_b : (tensor<1x9216xf32>, tensor<4096x9216xf32>, tensor<4096xf32>) -> tensor<1x4096xf32>
  %0 = eyeriss.gemm %x, %w, %b alpha 1.0 beta 0.5 trans_b
      : (tensor<1x9216xf32>, tensor<4096x9216xf32>, tensor<4096xf32>) -> tensor<1x4096xf32>
  // CHECK: eyeriss.gemm %{{.*}}, %{{.*}} alpha 1.000000e+00 beta 1.000000e+00 : (tensor<1x9216xf32>, tensor<9216x10xf32>) -> tensor<1x10xf32>
  %1 = eyeriss.gemm %x, %v alpha 1.0 beta 1.0 : (tensor<1x9216xf32>, tensor<9216x10xf32>) -> tensor<1x10xf32>
  // CHECK: %id = eyeriss.identity %{{.*}} : tensor<1x4096xf32>
  %2 = eyeriss.identity %0 : tensor<1x4096xf32>
  // CHECK: %dropout = eyeriss.dropout %id ratio 5.000000e-01 : tensor<1x4096xf32>
  %3 = eyeriss.dropout %2 ratio 0.5 : tensor<1x4096xf32>
  return %3, %1 : tensor<1x4096xf32>, tensor<1x10xf32>
}

// CHECK-LABEL: func.func @gates_and_padding
func.func @gates_and_padding(%x: tensor<1x4x5x5xf32>, %e: tensor<1x4x1x1xf32>)
    -> (tensor<1x4x5x5xf32>, tensor<1x4x8x10xf32>, tensor<1x4x8x10xf32>, tensor<1x4x8x10xf32>) {
  // CHECK: %[[S:.*]] = eyeriss.sigmoid %{{.*}} : tensor<1x4x5x5xf32>
  %0 = eyeriss.sigmoid %x : tensor<1x4x5x5xf32>
  // CHECK: %[[H:.*]] = eyeriss.hard_sigmoid %[[S]] alpha 0.166666672 beta 5.000000e-01 : tensor<1x4x5x5xf32>
  %1 = eyeriss.hard_sigmoid %0 alpha 0.166666672 beta 0.5 : tensor<1x4x5x5xf32>
  // CHECK: eyeriss.mul %[[H]], %{{.*}} : (tensor<1x4x5x5xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x5x5xf32>
  %2 = eyeriss.mul %1, %e : (tensor<1x4x5x5xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x5x5xf32>
  // CHECK: eyeriss.pad %{{.*}} pads [1, 2, 2, 3] : tensor<1x4x5x5xf32> -> tensor<1x4x8x10xf32>
  %3 = eyeriss.pad %x pads [1, 2, 2, 3] : tensor<1x4x5x5xf32> -> tensor<1x4x8x10xf32>
  // CHECK: eyeriss.pad %{{.*}} mode reflect pads [1, 2, 2, 3] : tensor<1x4x5x5xf32> -> tensor<1x4x8x10xf32>
  %4 = eyeriss.pad %x mode reflect pads [1, 2, 2, 3] : tensor<1x4x5x5xf32> -> tensor<1x4x8x10xf32>
  // CHECK: eyeriss.expand %{{.*}} : tensor<1x4x1x1xf32> -> tensor<2x4x5x5xf32>
  %6 = eyeriss.expand %e : tensor<1x4x1x1xf32> -> tensor<2x4x5x5xf32>
  // CHECK: eyeriss.pad %{{.*}} pads [1, 2, 2, 3] value -2.500000e-01 : tensor<1x4x5x5xf32> -> tensor<1x4x8x10xf32>
  %5 = eyeriss.pad %x mode constant pads [1, 2, 2, 3] value -0.25 : tensor<1x4x5x5xf32> -> tensor<1x4x8x10xf32>
  return %2, %3, %4, %5 : tensor<1x4x5x5xf32>, tensor<1x4x8x10xf32>, tensor<1x4x8x10xf32>, tensor<1x4x8x10xf32>
}

// Token ids in, rows of an embedding table out; ids are whole numbers held
// in f32 with their host format.
// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[T:.*]]: tensor<10x4xf32>, %[[IDS:.*]]: tensor<2x3xf32> {eyeriss.host_format = i64}, %{{.*}}: tensor<5xf32> {eyeriss.host_format = i32})
func.func @embedding(%t: tensor<10x4xf32>, %ids: tensor<2x3xf32> {eyeriss.host_format = i64},
                     %pos: tensor<5xf32> {eyeriss.host_format = i32})
    -> (tensor<2x3x4xf32>, tensor<10x5xf32>, tensor<5xf32> {eyeriss.host_format = i32}) {
  // CHECK: %gathered = eyeriss.gather %[[T]][%[[IDS]]] axis 0 : (tensor<10x4xf32>, tensor<2x3xf32>) -> tensor<2x3x4xf32>
  %0 = eyeriss.gather %t[%ids] axis 0 : (tensor<10x4xf32>, tensor<2x3xf32>) -> tensor<2x3x4xf32>
  // CHECK: eyeriss.gather %[[T]][%{{.*}}] axis 1 : (tensor<10x4xf32>, tensor<5xf32>) -> tensor<10x5xf32>
  %1 = eyeriss.gather %t[%pos] axis 1 : (tensor<10x4xf32>, tensor<5xf32>) -> tensor<10x5xf32>
  return %0, %1, %pos : tensor<2x3x4xf32>, tensor<10x5xf32>, tensor<5xf32>
}

// A padding mask: bools held as 0 and 1, compared, negated and chosen by.
// CHECK-LABEL: func.func @padding_mask
// CHECK-SAME: %{{.*}}: tensor<2x16xf32> {eyeriss.host_format = i1}
func.func @padding_mask(%mask: tensor<2x16xf32> {eyeriss.host_format = i1}, %ids: tensor<2x16xf32> {eyeriss.host_format = i64},
                        %zero: tensor<f32>, %ninf: tensor<f32>)
    -> (tensor<2x1x1x16xf32>, tensor<2x16xf32> {eyeriss.host_format = i1}) {
  // CHECK: %equal = eyeriss.binary equal %{{.*}}, %{{.*}} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2x16xf32>
  %0 = eyeriss.binary equal %ids, %zero : (tensor<2x16xf32>, tensor<f32>) -> tensor<2x16xf32>
  // CHECK: %not = eyeriss.unary not %{{.*}} : tensor<2x16xf32>
  %1 = eyeriss.unary not %mask : tensor<2x16xf32>
  // CHECK: %or = eyeriss.binary or %equal, %not : tensor<2x16xf32>
  %2 = eyeriss.binary or %0, %1 : tensor<2x16xf32>
  %3 = eyeriss.reshape %2 : tensor<2x16xf32> -> tensor<2x1x1x16xf32>
  // CHECK: %selected = eyeriss.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x1x1x16xf32>, tensor<f32>, tensor<f32>) -> tensor<2x1x1x16xf32>
  %4 = eyeriss.select %3, %ninf, %zero : (tensor<2x1x1x16xf32>, tensor<f32>, tensor<f32>) -> tensor<2x1x1x16xf32>
  // CHECK: eyeriss.unary trunc
  %5 = eyeriss.unary trunc %ids : tensor<2x16xf32>
  // CHECK: eyeriss.unary nonzero
  %6 = eyeriss.unary nonzero %5 : tensor<2x16xf32>
  return %4, %6 : tensor<2x1x1x16xf32>, tensor<2x16xf32>
}

// Integer arithmetic: a key point's column and row from its heatmap's
// argmax; a float fmod.
// CHECK-LABEL: func.func @keypoint_decode
func.func @keypoint_decode(%heat: tensor<1x17x48xf32>, %w: tensor<f32>, %x: tensor<4xf32>)
    -> (tensor<1x17x1xf32> {eyeriss.host_format = i64}, tensor<1x17x1xf32> {eyeriss.host_format = i64}, tensor<4xf32>) {
  %idx = eyeriss.reduce argmax %heat axes [2] keepdims : tensor<1x17x48xf32> -> tensor<1x17x1xf32>
  // CHECK: %div = eyeriss.binary div %{{.*}}, %{{.*}} integers i64 : (tensor<1x17x1xf32>, tensor<f32>) -> tensor<1x17x1xf32>
  %0 = eyeriss.binary div %idx, %w integers i64 : (tensor<1x17x1xf32>, tensor<f32>) -> tensor<1x17x1xf32>
  // CHECK: %mod = eyeriss.binary mod %{{.*}}, %{{.*}} integers
  %1 = eyeriss.binary mod %idx, %w integers i64 : (tensor<1x17x1xf32>, tensor<f32>) -> tensor<1x17x1xf32>
  // CHECK: %add = eyeriss.binary add %mod, %div integers i64 : tensor<1x17x1xf32>
  %2 = eyeriss.binary add %1, %0 integers i64 : tensor<1x17x1xf32>
  // CHECK: eyeriss.binary mul %{{.*}}, %{{.*}} integers ui8 : tensor<1x17x1xf32>
  %u = eyeriss.binary mul %2, %2 integers ui8 : tensor<1x17x1xf32>
  // CHECK: %fmod = eyeriss.binary fmod %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %3 = eyeriss.binary fmod %x, %w : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0, %2, %3 : tensor<1x17x1xf32>, tensor<1x17x1xf32>, tensor<4xf32>
}

// EYB 1.15's functions: the trigonometric and hyperbolic ones, and NaN and
// infinity tests (isinf's alpha detects -inf, beta +inf).
// CHECK-LABEL: func.func @nan_inf_tests
func.func @nan_inf_tests(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: %atanh = eyeriss.unary atanh %{{.*}} : tensor<2x3xf32>
  %0 = eyeriss.unary atanh %x : tensor<2x3xf32>
  // CHECK: %isnan = eyeriss.unary isnan %atanh : tensor<2x3xf32>
  %1 = eyeriss.unary isnan %0 : tensor<2x3xf32>
  // CHECK: %isinf = eyeriss.unary isinf %{{.*}} beta 1.000000e+00 : tensor<2x3xf32>
  %2 = eyeriss.unary isinf %x alpha 0.0 beta 1.0 : tensor<2x3xf32>
  return %1, %2, %0 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @running_sums
func.func @running_sums(%x: tensor<2x5xf32>) -> (tensor<2x5xf32>, tensor<2x5xf32>) {
  // CHECK: %cumsum = eyeriss.cumsum %{{.*}} axis 1 : tensor<2x5xf32>
  %0 = eyeriss.cumsum %x axis 1 : tensor<2x5xf32>
  // CHECK: eyeriss.cumsum %cumsum axis 0 exclusive reverse : tensor<2x5xf32>
  %1 = eyeriss.cumsum %0 axis 0 exclusive reverse : tensor<2x5xf32>
  return %0, %1 : tensor<2x5xf32>, tensor<2x5xf32>
}

// CHECK-LABEL: func.func @indexing
func.func @indexing(%x: tensor<2x5xf32>, %i: tensor<2x3xf32>, %u: tensor<2x3xf32>,
                    %t: tensor<3x2xf32>)
    -> (tensor<2x3xf32>, tensor<2x5xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: %gathered = eyeriss.gather_elements %{{.*}}[%{{.*}}] axis 1 : (tensor<2x5xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = eyeriss.gather_elements %x[%i] axis 1 : (tensor<2x5xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: %scattered = eyeriss.scatter_elements add %{{.*}}[%{{.*}}] = %{{.*}} axis 1 : (tensor<2x5xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x5xf32>
  %1 = eyeriss.scatter_elements add %x[%i] = %u axis 1 : (tensor<2x5xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x5xf32>
  // CHECK: eyeriss.gather_nd %{{.*}}[%{{.*}}] batch_dims 0 : (tensor<2x5xf32>, tensor<3x2xf32>) -> tensor<3xf32>
  %2 = eyeriss.gather_nd %x[%t] batch_dims 0 : (tensor<2x5xf32>, tensor<3x2xf32>) -> tensor<3xf32>
  // CHECK: eyeriss.scatter_nd mul %{{.*}}[%{{.*}}] = %{{.*}} : (tensor<2x5xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<2x5xf32>
  %5 = eyeriss.scatter_nd mul %x[%t] = %2 : (tensor<2x5xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<2x5xf32>
  // CHECK: %topk = eyeriss.topk %{{.*}} axis 1 : tensor<2x5xf32> -> tensor<2x3xf32>
  %3 = eyeriss.topk %x axis 1 : tensor<2x5xf32> -> tensor<2x3xf32>
  // CHECK: %topk_indices = eyeriss.topk %{{.*}} axis 1 smallest indices : tensor<2x5xf32> -> tensor<2x3xf32>
  %4 = eyeriss.topk %x axis 1 smallest indices : tensor<2x5xf32> -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4 : tensor<2x3xf32>, tensor<2x5xf32>, tensor<3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @warp
func.func @warp(%x: tensor<1x2x5x6xf32>, %g: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  // CHECK: %sampled = eyeriss.grid_sample bicubic reflection %{{.*}}, %{{.*}} align_corners : (tensor<1x2x5x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  %0 = eyeriss.grid_sample bicubic reflection %x, %g align_corners : (tensor<1x2x5x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// CHECK-LABEL: func.func @channels_last
func.func @channels_last(%x: tensor<1x3x3x4xf32>, %g: tensor<4xf32>)
    -> tensor<1x3x3x4xf32> {
  // CHECK: %[[LN:.*]] = eyeriss.layer_norm %{{.*}}, %{{.*}}, %{{.*}} axis 3 epsilon 9.99999997E-7 : tensor<1x3x3x4xf32>, tensor<4xf32>
  %0 = eyeriss.layer_norm %x, %g, %g axis 3 epsilon 1.0e-6 : tensor<1x3x3x4xf32>, tensor<4xf32>
  // CHECK: %[[E:.*]] = eyeriss.erf %[[LN]] : tensor<1x3x3x4xf32>
  %1 = eyeriss.erf %0 : tensor<1x3x3x4xf32>
  // CHECK: eyeriss.add %[[E]], %{{.*}} activation relu : (tensor<1x3x3x4xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
  %2 = eyeriss.add %1, %g activation relu : (tensor<1x3x3x4xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
  return %2 : tensor<1x3x3x4xf32>
}

// CHECK-LABEL: func.func @attention
func.func @attention(%q: tensor<2x12x5x8xf32>, %kt: tensor<12x8x5xf32>)
    -> tensor<2x12x5x5xf32> {
  // CHECK: eyeriss.matmul %{{.*}}, %{{.*}} : (tensor<2x12x5x8xf32>, tensor<12x8x5xf32>) -> tensor<2x12x5x5xf32>
  %0 = eyeriss.matmul %q, %kt : (tensor<2x12x5x8xf32>, tensor<12x8x5xf32>) -> tensor<2x12x5x5xf32>
  return %0 : tensor<2x12x5x5xf32>
}

// CHECK-LABEL: func.func @layout
func.func @layout(%x: tensor<1x4x3x3xf32>) -> (tensor<1x2x3x2xf32>, tensor<1x4x3x3xf32>, tensor<3x3x4x1xf32>) {
  // CHECK: eyeriss.slice %{{.*}} axis 3 start 0 step 2 : tensor<1x4x3x3xf32> -> tensor<1x4x3x2xf32>
  %0 = eyeriss.slice %x axis 3 start 0 step 2 : tensor<1x4x3x3xf32> -> tensor<1x4x3x2xf32>
  // CHECK: eyeriss.slice %{{.*}} axis 1 start 2 step 1 : tensor<1x4x3x2xf32> -> tensor<1x2x3x2xf32>
  %1 = eyeriss.slice %0 axis 1 start 2 step 1 : tensor<1x4x3x2xf32> -> tensor<1x2x3x2xf32>
  // A reversal: from the last index down (torch.flip).
  // CHECK: eyeriss.slice %{{.*}} axis 3 start 2 step -1 : tensor<1x4x3x3xf32> -> tensor<1x4x3x3xf32>
  %r = eyeriss.slice %x axis 3 start 2 step -1 : tensor<1x4x3x3xf32> -> tensor<1x4x3x3xf32>
  // CHECK: eyeriss.channel_shuffle %{{.*}} groups 2 : tensor<1x4x3x3xf32>
  %2 = eyeriss.channel_shuffle %x groups 2 : tensor<1x4x3x3xf32>
  // CHECK: eyeriss.transpose %{{.*}} perm [2, 3, 1, 0] : tensor<1x4x3x3xf32> -> tensor<3x3x4x1xf32>
  %3 = eyeriss.transpose %x perm [2, 3, 1, 0] : tensor<1x4x3x3xf32> -> tensor<3x3x4x1xf32>
  return %1, %2, %3 : tensor<1x2x3x2xf32>, tensor<1x4x3x3xf32>, tensor<3x3x4x1xf32>
}

// CHECK-LABEL: func.func @resize
func.func @resize(%x: tensor<1x4x3x3xf32>) -> (tensor<1x4x12x12xf32>, tensor<1x4x6x7xf32>, tensor<1x4x1x1xf32>, tensor<1x4x2x2xf32>) {
  // CHECK: eyeriss.resize %{{.*}} linear pytorch_half_pixel : tensor<1x4x3x3xf32> -> tensor<1x4x12x12xf32>
  %0 = eyeriss.resize %x linear pytorch_half_pixel : tensor<1x4x3x3xf32> -> tensor<1x4x12x12xf32>
  // CHECK: eyeriss.resize %{{.*}} nearest asymmetric nearest_mode floor scales [1.000000e+00, 1.000000e+00, 2.000000e+00, 2.500000e+00] : tensor<1x4x3x3xf32> -> tensor<1x4x6x7xf32>
  %1 = eyeriss.resize %x nearest asymmetric nearest_mode floor scales [1.0, 1.0, 2.0, 2.5] : tensor<1x4x3x3xf32> -> tensor<1x4x6x7xf32>
  // CHECK: eyeriss.resize %{{.*}} cubic align_corners cubic_coeff_a -5.000000e-01 exclude_outside scales [1.000000e+00, 1.000000e+00, 4.000000e-01, 4.000000e-01] : tensor<1x4x3x3xf32> -> tensor<1x4x1x1xf32>
  %2 = eyeriss.resize %x cubic align_corners cubic_coeff_a -0.5 exclude_outside scales [1.0, 1.0, 0.4, 0.4] : tensor<1x4x3x3xf32> -> tensor<1x4x1x1xf32>
  // CHECK: eyeriss.resize %{{.*}} linear tf_crop_and_resize extrapolation_value 1.000000e+01 roi [0.000000e+00, 0.000000e+00, 2.500000e-01, 2.500000e-01, 1.000000e+00, 1.000000e+00, 7.500000e-01, 1.500000e+00] : tensor<1x4x3x3xf32> -> tensor<1x4x2x2xf32>
  %3 = eyeriss.resize %x linear tf_crop_and_resize extrapolation_value 10.0 roi [0.0, 0.0, 0.25, 0.25, 1.0, 1.0, 0.75, 1.5] : tensor<1x4x3x3xf32> -> tensor<1x4x2x2xf32>
  return %0, %1, %2, %3 : tensor<1x4x12x12xf32>, tensor<1x4x6x7xf32>, tensor<1x4x1x1xf32>, tensor<1x4x2x2xf32>
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%x: tensor<1x4x3x3xf32>, %s: tensor<4x1x1xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) {
  // CHECK: eyeriss.unary tanh %{{.*}} : tensor<1x4x3x3xf32>
  %0 = eyeriss.unary tanh %x : tensor<1x4x3x3xf32>
  // CHECK: eyeriss.unary selu %{{.*}} alpha 1.500000e+00 beta 2.000000e+00 : tensor<1x4x3x3xf32>
  %1 = eyeriss.unary selu %0 alpha 1.5 beta 2.0 : tensor<1x4x3x3xf32>
  // CHECK: eyeriss.unary fake_quant_i8 %{{.*}} alpha 2.500000e-01 beta -3.000000e+00 : tensor<1x4x3x3xf32>
  %q = eyeriss.unary fake_quant_i8 %1 alpha 0.25 beta -3.0 : tensor<1x4x3x3xf32>
  // CHECK: eyeriss.unary round %{{.*}} : tensor<1x4x3x3xf32>
  %r = eyeriss.unary round %q : tensor<1x4x3x3xf32>
  // CHECK: eyeriss.unary round_to_f16 %{{.*}} : tensor<1x4x3x3xf32>
  %h = eyeriss.unary round_to_f16 %r : tensor<1x4x3x3xf32>
  // CHECK: eyeriss.unary round_to_bf16 %{{.*}} : tensor<1x4x3x3xf32>
  %bh = eyeriss.unary round_to_bf16 %h : tensor<1x4x3x3xf32>
  // CHECK: eyeriss.binary prelu %{{.*}}, %{{.*}} : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
  %2 = eyeriss.binary prelu %q, %s : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
  // CHECK: eyeriss.binary div %{{.*}}, %{{.*}} : tensor<1x4x3x3xf32>
  %3 = eyeriss.binary div %2, %x : tensor<1x4x3x3xf32>
  return %0, %1, %2, %3 : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>
}

// CHECK-LABEL: func.func @insert_zeros
func.func @insert_zeros(%x: tensor<1x4x3x5xf32>) -> tensor<1x4x5x13xf32> {
  // CHECK: eyeriss.insert_zeros %{{.*}} factors [2, 3] : tensor<1x4x3x5xf32> -> tensor<1x4x5x13xf32>
  %0 = eyeriss.insert_zeros %x factors [2, 3] : tensor<1x4x3x5xf32> -> tensor<1x4x5x13xf32>
  return %0 : tensor<1x4x5x13xf32>
}

// CHECK-LABEL: func.func @reduce
func.func @reduce(%x: tensor<1x8x5x5xf32>) -> (tensor<1x1x5x5xf32>, tensor<8x5xf32>) {
  // CHECK: eyeriss.reduce max %{{.*}} axes [1] keepdims : tensor<1x8x5x5xf32> -> tensor<1x1x5x5xf32>
  %0 = eyeriss.reduce max %x axes [1] keepdims : tensor<1x8x5x5xf32> -> tensor<1x1x5x5xf32>
  // CHECK: eyeriss.reduce log_sum_exp %{{.*}} axes [0, 3] : tensor<1x8x5x5xf32> -> tensor<8x5xf32>
  %1 = eyeriss.reduce log_sum_exp %x axes [0, 3] : tensor<1x8x5x5xf32> -> tensor<8x5xf32>
  return %0, %1 : tensor<1x1x5x5xf32>, tensor<8x5xf32>
}
