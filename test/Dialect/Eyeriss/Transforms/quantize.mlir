// eyeriss-quantize chooses each layer's fixed-point formats from the
// weights, the bias and calibration ranges, and passes a layer's output
// format on to the layer it feeds.
// RUN: eyeriss-opt %s --eyeriss-quantize="input-range=-4,4 headroom=2" | FileCheck %s
// RUN: eyeriss-opt %s --eyeriss-quantize="input-range=-4,4 headroom=2 report=true" -o /dev/null | FileCheck %s --check-prefix=REPORT
// RUN: eyeriss-opt %s --eyeriss-quantize="input-range=-4,4" | FileCheck %s --check-prefix=DEFAULT

// With headroom 2 (the formats hold twice the calibrated ranges):

// conv1: input in [-4, 4] -> 12 fractional bits (4 * 2^12 = 16384 fits, 2^13
// would not). Weights 0, bias 1: psums are exactly 1, with one bit of
// headroom 2 -> 13 bits. Zero weights fit any format; the window shift
// input + weight - psum must stay <= 16, so weight = 16 + 13 - 12 = 17.
// CHECK: eyeriss.conv2d {{.*}} {quant = #eyeriss.fixed<input = 12, weight = 17, psum = 13, output = 13>}
// conv2 reads conv1's output as it is: input = 13. Weights 0.25 -> 17 bits;
// its psums are 0.25 * 1 * 4 channels = 1 plus bias 0.5: 1.5, x2 headroom
// -> 3 fits 13 bits (3 * 2^13 = 24576). Shift 13 + 17 - 13 = 17 > 16, so
// the weights give up one bit: 16.
// CHECK: eyeriss.conv2d {{.*}} {quant = #eyeriss.fixed<input = 13, weight = 16, psum = 13, output = 13>}

// With the default headroom, 1.25: conv1's psums 1 -> 1.25 fits 14 bits
// (20480), so weight = 16 + 14 - 12 = 18; conv2's 1.5 -> 1.875 fits 14 bits
// (30720), and the weights give up one bit again: 14 + 17 - 14 = 17 -> 16.
// DEFAULT: eyeriss.conv2d {{.*}} {quant = #eyeriss.fixed<input = 12, weight = 18, psum = 14, output = 14>}
// DEFAULT: eyeriss.conv2d {{.*}} {quant = #eyeriss.fixed<input = 14, weight = 16, psum = 14, output = 14>}

// REPORT: #eyeriss.fixed<input = 12, weight = 17, psum = 13, output = 13> shift 16; {{.*}} psums in [1, 1]
// REPORT: #eyeriss.fixed<input = 13, weight = 16, psum = 13, output = 13> shift 16; |x| <= 1, |w| <= 0.25, psums in [1.5, 1.5]

module {
  func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32> {
    %w1 = eyeriss.constant dense<0.0> : tensor<4x2x1x1xf32>
    %b1 = eyeriss.constant dense<1.0> : tensor<4xf32>
    %w2 = eyeriss.constant dense<0.25> : tensor<3x4x1x1xf32>
    %b2 = eyeriss.constant dense<0.5> : tensor<3xf32>
    %0 = eyeriss.conv2d %x, %w1, %b1 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1 activation relu
        : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
    %1 = eyeriss.conv2d %0, %w2, %b2 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x4x4x4xf32>, tensor<3x4x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
    return %1 : tensor<1x3x4x4xf32>
  }
}
