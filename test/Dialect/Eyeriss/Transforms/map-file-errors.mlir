// A mapping file that cannot be used is refused with the file and the JSON
// path of the problem; so is a pinned mapping that breaks a limit.
// RUN: not eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/no-such-file.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/mapping-not-json.json" 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: not eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/mapping-bad-version.json" 2>&1 | FileCheck %s --check-prefix=VERSION
// RUN: not eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/mapping-bad-param.json" 2>&1 | FileCheck %s --check-prefix=PARAM
// RUN: not eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/mapping-unknown-field.json" 2>&1 | FileCheck %s --check-prefix=FIELD
// RUN: not eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/mapping-duplicate.json" 2>&1 | FileCheck %s --check-prefix=DUPLICATE
// RUN: not eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/mapping-unknown-layer.json" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/mapping-too-big.json" 2>&1 | FileCheck %s --check-prefix=LIMIT
// RUN: not eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/mapping-other-shape.json" 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/mapping-other-arch.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ARCH
// RUN: not eyeriss-opt %s --eyeriss-map="mapping-file=%S/Inputs/mapping-bad-shape.json" 2>&1 | FileCheck %s --check-prefix=BADSHAPE
// RUN: not eyeriss-opt %s --eyeriss-map=objective=speed 2>&1 | FileCheck %s --check-prefix=OBJECTIVE
// RUN: not eyeriss-opt %s --eyeriss-map=ifmap-zero-fraction=1.5 2>&1 | FileCheck %s --check-prefix=FRACTION

// MISSING: error: cannot read mapping file '{{.*}}no-such-file.json': No such file or directory
// SYNTAX: error: {{.*}}mapping-not-json.json: [3:0, byte=35]: Unexpected EOF
// VERSION: error: {{.*}}mapping-bad-version.json: unsupported version (this build reads version 1) at mapping file.format_version
// PARAM: error: {{.*}}mapping-bad-param.json: must be at least 1 at mapping file.layers[0].mapping.p
// FIELD: error: {{.*}}mapping-unknown-field.json: unknown field at mapping file.layers[0].mapping.z
// DUPLICATE: error: {{.*}}mapping-duplicate.json: this layer is already pinned at mapping file.layers[1].name
// UNKNOWN: error: mapping file '{{.*}}mapping-unknown-layer.json' pins layer 'conv9', which is not a CONV or FC layer of this module
// LIMIT: error: {{.*}}'eyeriss.conv2d' op pinned mapping m=96 n=1 e=7 p=24 q=1 r=1 t=2 for layer 'conv1' does not fit 'eyeriss-v1': filter spad: p*q*S = 24*1*11 = 264 words, the spad holds 224
// SHAPE: error: {{.*}}'eyeriss.conv2d' op the mapping file pins layer 'conv1' for a layer of another shape: N = 1 in the file, 4 here (made for another model or batch? remove the layer's "shape" to pin it anyway)
// ARCH: warning: mapping file '{{.*}}mapping-other-arch.json' was made for 'eyeriss-isca16-256pe'; its pins are checked against 'eyeriss-v1'
// BADSHAPE: error: {{.*}}mapping-bad-shape.json: unknown field at mapping file.layers[0].shape.K
// OBJECTIVE: error: unknown objective 'speed' (expected 'energy', 'latency' or 'edp')
// FRACTION: error: ifmap-zero-fraction = 1.5 is not a fraction in [0, 1]

module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @main(%x: tensor<4x3x227x227xf32>, %w: tensor<96x3x11x11xf32>)
      -> tensor<4x96x55x55xf32> {
    %0 = eyeriss.conv2d %x, %w strides [4, 4] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>) -> tensor<4x96x55x55xf32> loc("conv1")
    return %0 : tensor<4x96x55x55xf32>
  }
}
