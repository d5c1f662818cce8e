// eyeriss-allocate-glb refuses a schedule whose buffers do not fit: over
// capacity, naming the space, the size and what the live buffers hold.
// RUN: eyeriss-opt %s -split-input-file -verify-diagnostics --eyeriss-allocate-glb

// One psum buffer larger than the psum banks the mapping needs (one
// bank, 2048 words).
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @psum_too_big(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      // expected-error @+1 {{over capacity: a psum buffer of 3000 words does not fit the psum banks (words [2048, 4096)), where live buffers hold 0 words}}
      %1 = eyeriss.glb_alloc : memref<3000xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<3000xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<3000xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Two psum buffers live at once that together exceed the psum banks.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @psums_live_together(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<1500xi16, #eyeriss.glb<psum>>
      // expected-error @+1 {{over capacity: a psum buffer of 1500 words does not fit the psum banks (words [2048, 4096)), where live buffers hold 1500 words}}
      %3 = eyeriss.glb_alloc : memref<1500xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<1500xi16, #eyeriss.glb<psum>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %3 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<1500xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<1500xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %3 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<1500xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// A filter buffer larger than the filter region.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @filters_too_big(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<20xi16, #eyeriss.glb<psum>>
      // expected-error @+1 {{over capacity: a filter buffer of 5000 words does not fit the 4096-word filter region}}
      %2 = eyeriss.glb_alloc : memref<5000xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<5000xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<5000xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}
