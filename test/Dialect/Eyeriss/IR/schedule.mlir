// The hardware-level ops parse, verify and print back unchanged, and the
// generic form round-trips too.
// RUN: eyeriss-opt %s -split-input-file | eyeriss-opt -split-input-file | FileCheck %s
// RUN: eyeriss-opt %s -split-input-file --mlir-print-op-generic | eyeriss-opt -split-input-file | FileCheck %s

// A 1x1 CONV layer in two channel chunks and two filter chunks, its buffers
// placed: the second channel chunk's ifmap reuses the first's words (the
// first is dead by then), filters alternate between the halves of the filter
// region, and both psum chunks stay live until they are stored.
// CHECK-LABEL: func.func @placed
// CHECK: eyeriss.schedule %[[CONV:.*]] banks(ifmap 1, psum 1) : tensor<1x6x6x6xf32> {
// CHECK-NEXT: %[[I0:.*]] = eyeriss.glb_alloc at 0 : memref<144xi16, #eyeriss.glb<ifmap>>
// CHECK-NEXT: eyeriss.load_ifmap %[[I0]] offsets [0, 0, 0, 0] sizes [1, 4, 6, 6] rlc none : memref<144xi16, #eyeriss.glb<ifmap>>
// CHECK-NEXT: %[[P0:.*]] = eyeriss.glb_alloc at 2048 : memref<108xi16, #eyeriss.glb<psum>>
// CHECK-NEXT: %[[F0:.*]] = eyeriss.glb_alloc at 0 : memref<15xi16, #eyeriss.glb<filter>>
// CHECK-NEXT: eyeriss.load_filters %[[F0]] group 0 filters [0, 3] channels [0, 4] bias : memref<15xi16, #eyeriss.glb<filter>>
// CHECK-NEXT: eyeriss.pass group 0 filters [0, 3] channels [0, 4] images [0, 1] rows [0, 6] psum_in bias ifmap %[[I0]] filter %[[F0]] psum %[[P0]] : memref<144xi16, #eyeriss.glb<ifmap>>, memref<15xi16, #eyeriss.glb<filter>>, memref<108xi16, #eyeriss.glb<psum>>
// CHECK: eyeriss.pass {{.*}} psum_in glb
// CHECK: eyeriss.store_ofmap %[[P0]] offsets [0, 0, 0, 0] sizes [1, 3, 6, 6] rlc plane : memref<108xi16, #eyeriss.glb<psum>>
// CHECK-NEXT: eyeriss.store_ofmap {{.*}} offsets [0, 3, 0, 0] sizes [1, 3, 6, 6] rlc plane
// CHECK-NEXT: }
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @placed(%x: tensor<1x8x6x6xf32>) -> tensor<1x6x6x6xf32> {
    %w = eyeriss.constant dense<0.25> : tensor<6x8x1x1xf32>
    %b = eyeriss.constant dense<0.5> : tensor<6xf32>
    %conv = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        {mapping = #eyeriss.rs<m = 6, n = 1, e = 6, p = 3, q = 4, r = 1, t = 1>,
         quant = #eyeriss.fixed<input = 11, weight = 16, psum = 11, output = 11>}
        : (tensor<1x8x6x6xf32>, tensor<6x8x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
    eyeriss.schedule %conv banks(ifmap 1, psum 1) : tensor<1x6x6x6xf32> {
      %0 = eyeriss.glb_alloc at 0 : memref<144xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [1, 4, 6, 6] rlc none : memref<144xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc at 2048 : memref<108xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc at 0 : memref<15xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 3] channels [0, 4] bias : memref<15xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 3] channels [0, 4] images [0, 1] rows [0, 6] psum_in bias ifmap %0 filter %2 psum %1 : memref<144xi16, #eyeriss.glb<ifmap>>, memref<15xi16, #eyeriss.glb<filter>>, memref<108xi16, #eyeriss.glb<psum>>
      %3 = eyeriss.glb_alloc at 2156 : memref<108xi16, #eyeriss.glb<psum>>
      %4 = eyeriss.glb_alloc at 2048 : memref<15xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %4 group 0 filters [3, 3] channels [0, 4] bias : memref<15xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [3, 3] channels [0, 4] images [0, 1] rows [0, 6] psum_in bias ifmap %0 filter %4 psum %3 : memref<144xi16, #eyeriss.glb<ifmap>>, memref<15xi16, #eyeriss.glb<filter>>, memref<108xi16, #eyeriss.glb<psum>>
      %5 = eyeriss.glb_alloc at 0 : memref<144xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %5 offsets [0, 4, 0, 0] sizes [1, 4, 6, 6] rlc none : memref<144xi16, #eyeriss.glb<ifmap>>
      %6 = eyeriss.glb_alloc at 0 : memref<12xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %6 group 0 filters [0, 3] channels [4, 4] : memref<12xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 3] channels [4, 4] images [0, 1] rows [0, 6] psum_in glb ifmap %5 filter %6 psum %1 : memref<144xi16, #eyeriss.glb<ifmap>>, memref<12xi16, #eyeriss.glb<filter>>, memref<108xi16, #eyeriss.glb<psum>>
      %7 = eyeriss.glb_alloc at 2048 : memref<12xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %7 group 0 filters [3, 3] channels [4, 4] : memref<12xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [3, 3] channels [4, 4] images [0, 1] rows [0, 6] psum_in glb ifmap %5 filter %7 psum %3 : memref<144xi16, #eyeriss.glb<ifmap>>, memref<12xi16, #eyeriss.glb<filter>>, memref<108xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [1, 3, 6, 6] rlc plane : memref<108xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %3 offsets [0, 3, 0, 0] sizes [1, 3, 6, 6] rlc plane : memref<108xi16, #eyeriss.glb<psum>>
    }
    return %conv : tensor<1x6x6x6xf32>
  }
}

// -----

// Before eyeriss-allocate-glb and eyeriss-insert-rlc: no placement, no bank
// split, no compression decided.
// CHECK-LABEL: func.func @unplaced
// CHECK: eyeriss.schedule %{{.*}} : tensor<2x10xf32> {
// CHECK-NEXT: eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
// CHECK-NEXT: eyeriss.load_ifmap %{{.*}} offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @unplaced(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}
