// eyeriss-quantize's failure modes.
// RUN: not eyeriss-opt %s -split-input-file --eyeriss-quantize="input-range=-0.5,0.5" 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// RUN: not eyeriss-opt %s -split-input-file --eyeriss-quantize="input-range=4" 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: not eyeriss-opt %s -split-input-file --eyeriss-quantize="calibration-samples=0" 2>&1 | FileCheck %s --check-prefix=SAMPLES
// RUN: not eyeriss-opt %s -split-input-file --eyeriss-quantize="headroom=0.5" 2>&1 | FileCheck %s --check-prefix=HEADROOM
// RUN: not eyeriss-opt %s -split-input-file --eyeriss-quantize="headroom=inf" 2>&1 | FileCheck %s --check-prefix=HEADROOM-INF
// RUN: not eyeriss-opt %s -split-input-file --eyeriss-quantize="headroom-spread=-1" 2>&1 | FileCheck %s --check-prefix=SPREAD
// RUN: not eyeriss-opt %s -split-input-file --eyeriss-quantize="headroom-spread=nan" 2>&1 | FileCheck %s --check-prefix=SPREAD-NAN
// RUN: not eyeriss-opt %s -split-input-file --eyeriss-quantize="calibration-input=%t.missing.npy" 2>&1 | FileCheck %s --check-prefix=CALIBRATION-FILE
// RUN: eyeriss-opt %s -split-input-file -verify-diagnostics --eyeriss-quantize --mlir-disable-threading -o /dev/null 2>&1

// OVERFLOW: error: 'eyeriss.conv2d' op quantization overflow: the calibration input spans [{{.*}}], beyond the declared input-range [-0.5, 0.5]
// RANGE: error: input-range '4' is not 'min,max' with min <= max
// SAMPLES: error: calibration-samples must be at least 1
// HEADROOM: error: headroom 0.5 is not a factor >= 1 (the formats must hold at least the calibrated ranges)
// HEADROOM-INF: error: headroom inf is not a factor >= 1
// SPREAD: error: headroom-spread -1 is not a finite weight >= 0
// SPREAD-NAN: error: headroom-spread nan is not a finite weight >= 0
// CALIBRATION-FILE: error: calibration-input: '{{.*}}.missing.npy': No such file or directory

module {
  func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
    %w = eyeriss.constant dense<0.5> : tensor<4x2x1x1xf32>
    %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
    return %0 : tensor<1x4x4x4xf32>
  }
}

// -----

module {
  func.func @main(%x: tensor<1x2x4x4xf32>, %w: tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32> {
    // expected-error @+1 {{cannot be quantized: its weights are not an eyeriss.constant}}
    %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
    return %0 : tensor<1x4x4x4xf32>
  }
}

// -----

// Weights of 1e15 are beyond even the coarsest format (2^32 per LSB).
module {
  func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
    %w = eyeriss.constant dense<1.0e15> : tensor<4x2x1x1xf32>
    // expected-error @+1 {{cannot be quantized: no 16-bit format holds its}}
    %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
    return %0 : tensor<1x4x4x4xf32>
  }
}

// -----

// expected-error @+1 {{eyeriss-quantize needs a @main function (or exactly one function) to calibrate}}
module {
  func.func @a() { return }
  func.func @b() { return }
}
