// eyeriss-tile turns each mapped layer into the loop nest of its mapping:
// ifmap strip loads, filter preloads, processing passes and ofmap stores,
// each with its own (unplaced) GLB buffer.
// RUN: eyeriss-opt %s -split-input-file --eyeriss-tile | FileCheck %s

// 8 filters, 4 channels, a 6x6 ofmap. Mapping e = 3: two strips of 3 rows,
// each reading ifmap rows [3k, 3k+5) (5 = (3-1)*1 + 3); q*r = 2 channels per
// pass: two channel chunks; p*t = 4 filters per pass: two filter chunks. The
// first channel chunk starts from the bias, the second accumulates onto the
// psums in the GLB; each filter chunk's psums are stored after the last
// channel chunk. Psum buffers hold n x 4 filters x e x F = 72 words; filter
// buffers 4 x 2 x 3 x 3 weights (+ 4 bias words in the first chunk).
// CHECK-LABEL: func.func @strips
// CHECK: %[[CONV:.*]] = eyeriss.conv2d
// CHECK-NEXT: eyeriss.schedule %[[CONV]] : tensor<1x8x6x6xf32> {
// CHECK-NEXT: %[[I0:.*]] = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<ifmap>>
// CHECK-NEXT: eyeriss.load_ifmap %[[I0]] offsets [0, 0, 0, 0] sizes [1, 2, 5, 8] : memref<80xi16, #eyeriss.glb<ifmap>>
// CHECK-NEXT: %[[P0:.*]] = eyeriss.glb_alloc : memref<72xi16, #eyeriss.glb<psum>>
// CHECK-NEXT: %[[F0:.*]] = eyeriss.glb_alloc : memref<76xi16, #eyeriss.glb<filter>>
// CHECK-NEXT: eyeriss.load_filters %[[F0]] group 0 filters [0, 4] channels [0, 2] bias
// CHECK-NEXT: eyeriss.pass group 0 filters [0, 4] channels [0, 2] images [0, 1] rows [0, 3] psum_in bias ifmap %[[I0]] filter %[[F0]] psum %[[P0]]
// CHECK-NEXT: %[[P1:.*]] = eyeriss.glb_alloc : memref<72xi16, #eyeriss.glb<psum>>
// CHECK-NEXT: %[[F1:.*]] = eyeriss.glb_alloc : memref<76xi16, #eyeriss.glb<filter>>
// CHECK-NEXT: eyeriss.load_filters %[[F1]] group 0 filters [4, 4] channels [0, 2] bias
// CHECK-NEXT: eyeriss.pass group 0 filters [4, 4] channels [0, 2] images [0, 1] rows [0, 3] psum_in bias ifmap %[[I0]] filter %[[F1]] psum %[[P1]]
// CHECK-NEXT: %[[I1:.*]] = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<ifmap>>
// CHECK-NEXT: eyeriss.load_ifmap %[[I1]] offsets [0, 2, 0, 0] sizes [1, 2, 5, 8]
// CHECK-NEXT: %[[F2:.*]] = eyeriss.glb_alloc : memref<72xi16, #eyeriss.glb<filter>>
// CHECK-NEXT: eyeriss.load_filters %[[F2]] group 0 filters [0, 4] channels [2, 2] :
// CHECK-NEXT: eyeriss.pass group 0 filters [0, 4] channels [2, 2] images [0, 1] rows [0, 3] psum_in glb ifmap %[[I1]] filter %[[F2]] psum %[[P0]]
// CHECK-NEXT: %[[F3:.*]] = eyeriss.glb_alloc : memref<72xi16, #eyeriss.glb<filter>>
// CHECK-NEXT: eyeriss.load_filters %[[F3]] group 0 filters [4, 4] channels [2, 2] :
// CHECK-NEXT: eyeriss.pass group 0 filters [4, 4] channels [2, 2] images [0, 1] rows [0, 3] psum_in glb ifmap %[[I1]] filter %[[F3]] psum %[[P1]]
// CHECK-NEXT: eyeriss.store_ofmap %[[P0]] offsets [0, 0, 0, 0] sizes [1, 4, 3, 6]
// CHECK-NEXT: eyeriss.store_ofmap %[[P1]] offsets [0, 4, 0, 0] sizes [1, 4, 3, 6]
// The second strip: ifmap rows from 3, ofmap rows [3, 6).
// CHECK-NEXT: %[[I2:.*]] = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<ifmap>>
// CHECK-NEXT: eyeriss.load_ifmap %[[I2]] offsets [0, 0, 3, 0] sizes [1, 2, 5, 8]
// CHECK-COUNT-4: eyeriss.pass {{.*}} rows [3, 3]
// CHECK: eyeriss.store_ofmap {{.*}} offsets [0, 0, 3, 0] sizes [1, 4, 3, 6]
// CHECK-NEXT: eyeriss.store_ofmap {{.*}} offsets [0, 4, 3, 0] sizes [1, 4, 3, 6]
// CHECK-NEXT: }
// CHECK-NEXT: return
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

// Two groups, padding 1, a batch of 2 per pass: the ifmap box of group g
// starts at channel 2g and reaches one row and column into the padding on
// every side (5 + 2 = 7); the ofmap box of group g at filter 3g. Without a
// bias the first pass starts from zero.
// CHECK-LABEL: func.func @grouped
// CHECK: eyeriss.load_ifmap %{{.*}} offsets [0, 0, -1, -1] sizes [2, 2, 7, 7] : memref<196xi16, #eyeriss.glb<ifmap>>
// CHECK: eyeriss.pass group 0 filters [0, 3] channels [0, 2] images [0, 2] rows [0, 5] psum_in zero
// CHECK: eyeriss.store_ofmap %{{.*}} offsets [0, 0, 0, 0] sizes [2, 3, 5, 5] : memref<150xi16, #eyeriss.glb<psum>>
// CHECK: eyeriss.load_ifmap %{{.*}} offsets [0, 2, -1, -1] sizes [2, 2, 7, 7]
// CHECK: eyeriss.load_filters %{{.*}} group 1 filters [0, 3] channels [0, 2] : memref<54xi16, #eyeriss.glb<filter>>
// CHECK: eyeriss.pass group 1 filters [0, 3] channels [0, 2] images [0, 2] rows [0, 5] psum_in zero
// CHECK: eyeriss.store_ofmap %{{.*}} offsets [0, 3, 0, 0] sizes [2, 3, 5, 5]
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @grouped(%x: tensor<2x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<2x6x5x5xf32> {
    %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [1, 1, 1, 1]
        dilations [1, 1] groups 2
        {mapping = #eyeriss.rs<m = 3, n = 2, e = 5, p = 3, q = 2, r = 1, t = 1>}
        : (tensor<2x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<2x6x5x5xf32>
    return %0 : tensor<2x6x5x5xf32>
  }
}

// -----

// An FC layer is a 1x1 layer over K channels: N x K x 1 x 1 boxes.
// CHECK-LABEL: func.func @fc
// CHECK: eyeriss.load_ifmap %{{.*}} offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
// CHECK: eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero
// CHECK: eyeriss.store_ofmap %{{.*}} offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @fc(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    return %fc : tensor<2x10xf32>
  }
}
