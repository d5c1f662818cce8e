// eyeriss-check-multicast replays every transfer's tag on the IDs a
// schedule configures, so an ID that sends data to the wrong PE, or does not
// fit its network's ID bits, is an error at the layer.
// RUN: sed -e 's|@SMALL_ARRAY@|%S/Inputs/small-array.json|' -e 's|@NARROW@|%S/Inputs/narrow-ids.json|' %s | eyeriss-opt -split-input-file -verify-diagnostics --eyeriss-check-multicast

// PE (0, 0) holds filter col ID 1: the filter rows of chain 0 (tag col 0)
// no longer reach it.
module attributes {eyeriss.target = #eyeriss.target<"@SMALL_ARRAY@">} {
  func.func @main(%arg0: tensor<1x2x8x8xf32>, %arg1: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
    // expected-error @+1 {{filter row 0 of chain 0, set 0 does not reach PE (0, 0), which needs it}}
    %conv = eyeriss.conv2d %arg0, %arg1 strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 {mapping = #eyeriss.rs<m = 4, n = 1, e = 6, p = 2, q = 1, r = 2, t = 1>} : (tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
    eyeriss.schedule %conv : tensor<1x4x6x6xf32> {
      eyeriss.configure_array filter rows [0, 1, 2, 3, 4, 5] cols [1, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15] ifmap rows [0, 0, 0, 1, 1, 1] cols [0, 1, 2, 3, 4, 5, 31, 1, 2, 3, 4, 5, 6, 31, 2, 3, 4, 5, 6, 7, 31, 0, 1, 2, 3, 4, 5, 31, 1, 2, 3, 4, 5, 6, 31, 2, 3, 4, 5, 6, 7, 31] psum rows [0, 1, 2, 3, 4, 5] cols [15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 1, 2, 3, 4, 5, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 1, 2, 3, 4, 5, 15]
      %0 = eyeriss.glb_alloc : memref<128xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [1, 2, 8, 8] : memref<128xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<72xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 2] channels [0, 2] : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 2] channels [0, 2] images [0, 1] rows [0, 6] psum_in zero ifmap %0 filter %2 psum %1 : memref<128xi16, #eyeriss.glb<ifmap>>, memref<36xi16, #eyeriss.glb<filter>>, memref<72xi16, #eyeriss.glb<psum>>
      %3 = eyeriss.glb_alloc : memref<72xi16, #eyeriss.glb<psum>>
      %4 = eyeriss.glb_alloc : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %4 group 0 filters [2, 2] channels [0, 2] : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [2, 2] channels [0, 2] images [0, 1] rows [0, 6] psum_in zero ifmap %0 filter %4 psum %3 : memref<128xi16, #eyeriss.glb<ifmap>>, memref<36xi16, #eyeriss.glb<filter>>, memref<72xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [1, 2, 6, 6] : memref<72xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %3 offsets [0, 2, 0, 0] sizes [1, 2, 6, 6] : memref<72xi16, #eyeriss.glb<psum>>
    }
    return %conv : tensor<1x4x6x6xf32>
  }
}


// -----

// PE (0, 1) holds ifmap col ID 2, so it would take ifmap row 2 instead of
// the row 1 it needs.
module attributes {eyeriss.target = #eyeriss.target<"@SMALL_ARRAY@">} {
  func.func @main(%arg0: tensor<1x2x8x8xf32>, %arg1: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
    // expected-error @+1 {{ifmap row 1 of set 0 does not reach PE (0, 1), which needs it}}
    %conv = eyeriss.conv2d %arg0, %arg1 strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 {mapping = #eyeriss.rs<m = 4, n = 1, e = 6, p = 2, q = 1, r = 2, t = 1>} : (tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
    eyeriss.schedule %conv : tensor<1x4x6x6xf32> {
      eyeriss.configure_array filter rows [0, 1, 2, 3, 4, 5] cols [0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15] ifmap rows [0, 0, 0, 1, 1, 1] cols [0, 2, 2, 3, 4, 5, 31, 1, 2, 3, 4, 5, 6, 31, 2, 3, 4, 5, 6, 7, 31, 0, 1, 2, 3, 4, 5, 31, 1, 2, 3, 4, 5, 6, 31, 2, 3, 4, 5, 6, 7, 31] psum rows [0, 1, 2, 3, 4, 5] cols [15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 1, 2, 3, 4, 5, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 1, 2, 3, 4, 5, 15]
      %0 = eyeriss.glb_alloc : memref<128xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [1, 2, 8, 8] : memref<128xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<72xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 2] channels [0, 2] : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 2] channels [0, 2] images [0, 1] rows [0, 6] psum_in zero ifmap %0 filter %2 psum %1 : memref<128xi16, #eyeriss.glb<ifmap>>, memref<36xi16, #eyeriss.glb<filter>>, memref<72xi16, #eyeriss.glb<psum>>
      %3 = eyeriss.glb_alloc : memref<72xi16, #eyeriss.glb<psum>>
      %4 = eyeriss.glb_alloc : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %4 group 0 filters [2, 2] channels [0, 2] : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [2, 2] channels [0, 2] images [0, 1] rows [0, 6] psum_in zero ifmap %0 filter %4 psum %3 : memref<128xi16, #eyeriss.glb<ifmap>>, memref<36xi16, #eyeriss.glb<filter>>, memref<72xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [1, 2, 6, 6] : memref<72xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %3 offsets [0, 2, 0, 0] sizes [1, 2, 6, 6] : memref<72xi16, #eyeriss.glb<psum>>
    }
    return %conv : tensor<1x4x6x6xf32>
  }
}


// -----

// An ID the scan chain cannot hold: filter col IDs have 4 bits.
module attributes {eyeriss.target = #eyeriss.target<"@SMALL_ARRAY@">} {
  func.func @main(%arg0: tensor<1x2x8x8xf32>, %arg1: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
    // expected-error @+1 {{the scheduled filter GIN col ID 16 does not fit its 16 IDs}}
    %conv = eyeriss.conv2d %arg0, %arg1 strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 {mapping = #eyeriss.rs<m = 4, n = 1, e = 6, p = 2, q = 1, r = 2, t = 1>} : (tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
    eyeriss.schedule %conv : tensor<1x4x6x6xf32> {
      eyeriss.configure_array filter rows [0, 1, 2, 3, 4, 5] cols [16, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 15] ifmap rows [0, 0, 0, 1, 1, 1] cols [0, 1, 2, 3, 4, 5, 31, 1, 2, 3, 4, 5, 6, 31, 2, 3, 4, 5, 6, 7, 31, 0, 1, 2, 3, 4, 5, 31, 1, 2, 3, 4, 5, 6, 31, 2, 3, 4, 5, 6, 7, 31] psum rows [0, 1, 2, 3, 4, 5] cols [15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 1, 2, 3, 4, 5, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 1, 2, 3, 4, 5, 15]
      %0 = eyeriss.glb_alloc : memref<128xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [1, 2, 8, 8] : memref<128xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<72xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 2] channels [0, 2] : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 2] channels [0, 2] images [0, 1] rows [0, 6] psum_in zero ifmap %0 filter %2 psum %1 : memref<128xi16, #eyeriss.glb<ifmap>>, memref<36xi16, #eyeriss.glb<filter>>, memref<72xi16, #eyeriss.glb<psum>>
      %3 = eyeriss.glb_alloc : memref<72xi16, #eyeriss.glb<psum>>
      %4 = eyeriss.glb_alloc : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %4 group 0 filters [2, 2] channels [0, 2] : memref<36xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [2, 2] channels [0, 2] images [0, 1] rows [0, 6] psum_in zero ifmap %0 filter %4 psum %3 : memref<128xi16, #eyeriss.glb<ifmap>>, memref<36xi16, #eyeriss.glb<filter>>, memref<72xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [1, 2, 6, 6] : memref<72xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %3 offsets [0, 2, 0, 0] sizes [1, 2, 6, 6] : memref<72xi16, #eyeriss.glb<psum>>
    }
    return %conv : tensor<1x4x6x6xf32>
  }
}


// -----

// An architecture whose ifmap col IDs cannot tell the array's columns apart
// (2 bits: 3 IDs plus the never-matching one, for 7 columns) is refused
// when it is loaded, so no layer can be given an unroutable assignment.
// expected-error @+1 {{noc.gin_ifmap.col_id_bits: 2 bits address at most 3 columns (one of the 4 IDs is kept for unused PEs), but pe_array.cols is 7}}
module attributes {eyeriss.target = #eyeriss.target<"@NARROW@">} {
  func.func @main(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32> {
    return %x : tensor<1x2x8x8xf32>
  }
}
