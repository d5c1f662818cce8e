// eyeriss-allocate-glb splits the fmap banks between ifmaps and psums as the
// mapping's footprint needs and places every buffer; the schedule's
// verifier then proves the placement.
// RUN: eyeriss-opt %s -split-input-file --eyeriss-tile --eyeriss-allocate-glb | FileCheck %s

// eyeriss-v1: 2048-word banks, a 4096-word filter region. One ifmap bank and
// one psum bank (words [2048, 4096)) hold this layer. Each ifmap strip load
// reuses word 0, the previous strip's buffer being dead; the two psum chunks
// of a block are live together (2048 and 2048 + 72); filter buffers
// alternate between the halves of the filter region (0 and 2048), so each
// preload can run while the pass before it computes.
// CHECK-LABEL: func.func @strips
// CHECK: eyeriss.schedule %{{.*}} banks(ifmap 1, psum 1) : tensor<1x8x6x6xf32> {
// CHECK-NEXT: eyeriss.glb_alloc at 0 : memref<80xi16, #eyeriss.glb<ifmap>>
// CHECK-NEXT: eyeriss.load_ifmap
// CHECK-NEXT: eyeriss.glb_alloc at 2048 : memref<72xi16, #eyeriss.glb<psum>>
// CHECK-NEXT: eyeriss.glb_alloc at 0 : memref<76xi16, #eyeriss.glb<filter>>
// CHECK-NEXT: eyeriss.load_filters
// CHECK-NEXT: eyeriss.pass
// CHECK-NEXT: eyeriss.glb_alloc at 2120 : memref<72xi16, #eyeriss.glb<psum>>
// CHECK-NEXT: eyeriss.glb_alloc at 2048 : memref<76xi16, #eyeriss.glb<filter>>
// CHECK-NEXT: eyeriss.load_filters
// CHECK-NEXT: eyeriss.pass
// CHECK-NEXT: eyeriss.glb_alloc at 0 : memref<80xi16, #eyeriss.glb<ifmap>>
// CHECK-NEXT: eyeriss.load_ifmap
// CHECK-NEXT: eyeriss.glb_alloc at 0 : memref<72xi16, #eyeriss.glb<filter>>
// CHECK-NEXT: eyeriss.load_filters
// CHECK-NEXT: eyeriss.pass
// CHECK-NEXT: eyeriss.glb_alloc at 2048 : memref<72xi16, #eyeriss.glb<filter>>
// CHECK-NEXT: eyeriss.load_filters
// CHECK-NEXT: eyeriss.pass
// CHECK-NEXT: eyeriss.store_ofmap
// CHECK-NEXT: eyeriss.store_ofmap
// The next block's psums reuse the words of the stored ones.
// CHECK-NEXT: eyeriss.glb_alloc at 0 : memref<80xi16, #eyeriss.glb<ifmap>>
// CHECK-NEXT: eyeriss.load_ifmap
// CHECK-NEXT: eyeriss.glb_alloc at 2048 : memref<72xi16, #eyeriss.glb<psum>>
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @strips(%x: tensor<1x4x8x8xf32>) -> tensor<1x8x6x6xf32> {
    %w = eyeriss.constant dense<0.5> : tensor<8x4x3x3xf32>
    %b = eyeriss.constant dense<1.0> : tensor<8xf32>
    %0 = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1 activation relu
        {mapping = #eyeriss.rs<m = 8, n = 1, e = 3, p = 2, q = 2, r = 1, t = 2>}
        : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
    return %0 : tensor<1x8x6x6xf32>
  }
}

// -----

// A pass's filters (16 x 144 = 2304 words) do not fit half the filter
// region: no double buffering, every buffer starts at word 0.
// CHECK-LABEL: func.func @big_filters
// CHECK: eyeriss.glb_alloc at 0 : memref<2304xi16, #eyeriss.glb<filter>>
// CHECK: eyeriss.glb_alloc at 0 : memref<2304xi16, #eyeriss.glb<filter>>
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @big_filters(%x: tensor<1x288xf32>, %w: tensor<16x288xf32>) -> tensor<1x16xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 16, n = 1, e = 1, p = 16, q = 12, r = 12, t = 1>}
        : (tensor<1x288xf32>, tensor<16x288xf32>) -> tensor<1x16xf32>
    return %fc : tensor<1x16xf32>
  }
}
