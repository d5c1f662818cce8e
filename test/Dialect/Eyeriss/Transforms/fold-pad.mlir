// RUN: eyeriss-opt %s --eyeriss-fold-pad -split-input-file | FileCheck %s
// RUN: eyeriss-opt %s --canonicalize -split-input-file | FileCheck %s --check-prefix=CANON

// A pad a convolution reads becomes the convolution's own padding (both pad
// with zeros), added to the pads it had.
// CHECK-LABEL: func.func @into_conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x6x6xf32>
// CHECK-NEXT: %[[C:.*]] = eyeriss.conv2d %[[X]], %{{.*}} strides [2, 2] pads [2, 1, 3, 1] dilations [1, 1] groups 1 : (tensor<1x2x6x6xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x5x3xf32>
// CHECK-NEXT: return %[[C]]
func.func @into_conv(%x: tensor<1x2x6x6xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x5x3xf32> {
  %p = eyeriss.pad %x pads [1, 0, 2, 0] : tensor<1x2x6x6xf32> -> tensor<1x2x9x6xf32>
  %c = eyeriss.conv2d %p, %w strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x2x9x6xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x5x3xf32>
  return %c : tensor<1x3x5x3xf32>
}

// -----

// A layer already quantized (or mapped) keeps reading the pad: its formats
// were chosen for the layer as it is.
// CHECK-LABEL: func.func @quantized_conv
// CHECK: %[[P:.*]] = eyeriss.pad
// CHECK: eyeriss.conv2d %[[P]]
func.func @quantized_conv(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x6x6xf32> {
  %p = eyeriss.pad %x pads [1, 1, 1, 1] : tensor<1x1x4x4xf32> -> tensor<1x1x6x6xf32>
  %c = eyeriss.conv2d %p, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      {quant = #eyeriss.fixed<input = 12, weight = 14, psum = 12, output = 12>}
      : (tensor<1x1x6x6xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x6x6xf32>
  return %c : tensor<1x1x6x6xf32>
}

// -----

// Inception-v3's exported avg_pool(pad(x)): the pad's zeros count in the
// divisor, so the fold sets count_include_pad.
// CHECK-LABEL: func.func @into_avg_pool
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x35x35xf32>)
// CHECK-NEXT: %[[P:.*]] = eyeriss.avg_pool %[[X]] kernel [3, 3] strides [1, 1] pads [1, 1, 1, 1] count_include_pad : tensor<1x8x35x35xf32> -> tensor<1x8x35x35xf32>
// CHECK-NEXT: return %[[P]]
func.func @into_avg_pool(%x: tensor<1x8x35x35xf32>) -> tensor<1x8x35x35xf32> {
  %p = eyeriss.pad %x pads [1, 1, 1, 1] : tensor<1x8x35x35xf32> -> tensor<1x8x37x37xf32>
  %a = eyeriss.avg_pool %p kernel [3, 3] strides [1, 1] pads [0, 0, 0, 0]
      : tensor<1x8x37x37xf32> -> tensor<1x8x35x35xf32>
  return %a : tensor<1x8x35x35xf32>
}

// -----

// Pools that cannot take the pad keep it: one whose own pads do not count in
// its divisor, one where the sum would be a window of padding only, one whose
// ceil-mode output would change, and a max pool (it pads with -inf, the pad
// with zeros).
// CHECK-LABEL: func.func @kept
// CHECK: %[[P:.*]] = eyeriss.pad
// CHECK: eyeriss.avg_pool %[[P]] kernel [3, 3] strides [1, 1] pads [1, 1, 1, 1] :
// CHECK: %[[Q:.*]] = eyeriss.pad
// CHECK: eyeriss.avg_pool %[[Q]] kernel [2, 2] strides [1, 1] pads [0, 0, 0, 0] :
// CHECK: %[[R:.*]] = eyeriss.pad
// CHECK: eyeriss.avg_pool %[[R]] kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0] ceil_mode :
// CHECK: eyeriss.max_pool %[[P]]
func.func @kept(%x: tensor<1x1x4x4xf32>)
    -> (tensor<1x1x6x6xf32>, tensor<1x1x7x7xf32>, tensor<1x1x3x3xf32>, tensor<1x1x4x4xf32>) {
  %p = eyeriss.pad %x pads [1, 1, 1, 1] : tensor<1x1x4x4xf32> -> tensor<1x1x6x6xf32>
  %a = eyeriss.avg_pool %p kernel [3, 3] strides [1, 1] pads [1, 1, 1, 1]
      : tensor<1x1x6x6xf32> -> tensor<1x1x6x6xf32>
  %q = eyeriss.pad %x pads [2, 2, 2, 2] : tensor<1x1x4x4xf32> -> tensor<1x1x8x8xf32>
  %b = eyeriss.avg_pool %q kernel [2, 2] strides [1, 1] pads [0, 0, 0, 0]
      : tensor<1x1x8x8xf32> -> tensor<1x1x7x7xf32>
  %r = eyeriss.pad %x pads [0, 0, 1, 1] : tensor<1x1x4x4xf32> -> tensor<1x1x5x5xf32>
  %c = eyeriss.avg_pool %r kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0] ceil_mode
      : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  %m = eyeriss.max_pool %p kernel [3, 3] strides [1, 1] pads [0, 0, 0, 0]
      : tensor<1x1x6x6xf32> -> tensor<1x1x4x4xf32>
  return %a, %b, %c, %m : tensor<1x1x6x6xf32>, tensor<1x1x7x7xf32>, tensor<1x1x3x3xf32>, tensor<1x1x4x4xf32>
}

// -----

// Two pads in a row are one; a pad read by a layer that takes it and by one
// that does not stays for the latter only.
// CHECK-LABEL: func.func @pad_of_pad
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x4x4xf32>
// CHECK-NEXT: %[[P:.*]] = eyeriss.pad %[[X]] pads [1, 3, 2, 4] : tensor<1x1x4x4xf32> -> tensor<1x1x7x11xf32>
// CHECK-NEXT: %[[C:.*]] = eyeriss.conv2d %[[X]], %{{.*}} pads [1, 3, 2, 4]
// CHECK-NEXT: %[[M:.*]] = eyeriss.max_pool %[[P]]
// CHECK-NEXT: return %[[C]], %[[M]]
func.func @pad_of_pad(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>)
    -> (tensor<1x1x7x11xf32>, tensor<1x1x7x11xf32>) {
  %p = eyeriss.pad %x pads [1, 1, 1, 1] : tensor<1x1x4x4xf32> -> tensor<1x1x6x6xf32>
  %q = eyeriss.pad %p pads [0, 2, 1, 3] : tensor<1x1x6x6xf32> -> tensor<1x1x7x11xf32>
  %c = eyeriss.conv2d %q, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x7x11xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x7x11xf32>
  %m = eyeriss.max_pool %q kernel [1, 1] strides [1, 1] pads [0, 0, 0, 0]
      : tensor<1x1x7x11xf32> -> tensor<1x1x7x11xf32>
  return %c, %m : tensor<1x1x7x11xf32>, tensor<1x1x7x11xf32>
}

// -----

// A pad of zeros is its input (the op's folder, run by the canonicalizer).
// CANON-LABEL: func.func @zero_pad
// CANON-SAME: (%[[X:.*]]: tensor<1x1x4x4xf32>)
// CANON-NEXT: return %[[X]]
func.func @zero_pad(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %p = eyeriss.pad %x pads [0, 0, 0, 0] : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  return %p : tensor<1x1x4x4xf32>
}
