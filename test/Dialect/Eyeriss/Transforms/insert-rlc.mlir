// eyeriss-insert-rlc decides how every feature map a schedule moves is
// stored in DRAM: plain, or RLC by rows or by planes.
// RUN: eyeriss-opt %s -split-input-file --eyeriss-tile --eyeriss-insert-rlc | FileCheck %s

// conv1 reads the network's input, which the chip does not compress; it
// writes its ofmap in strips of e = 3 < E = 6 rows, so by rows. conv2 reads
// that ofmap as it is (same format, 11 fractional bits) and writes whole
// planes (e = E) that no array layer reads in strips: by planes.
// CHECK-LABEL: func.func @chain
// CHECK: eyeriss.schedule %[[C1:.*]] :
// CHECK-NOT: rlc plane
// CHECK-COUNT-2: eyeriss.load_ifmap {{.*}} rlc none
// CHECK-COUNT-2: eyeriss.store_ofmap {{.*}} rlc row
// CHECK-COUNT-2: eyeriss.load_ifmap {{.*}} rlc none
// CHECK-COUNT-2: eyeriss.store_ofmap {{.*}} rlc row
// CHECK: eyeriss.schedule %[[C2:.*]] :
// CHECK: eyeriss.load_ifmap {{.*}} rlc row
// CHECK: eyeriss.store_ofmap {{.*}} rlc plane
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @chain(%x: tensor<1x4x8x8xf32>) -> tensor<1x6x6x6xf32> {
    %w1 = eyeriss.constant dense<0.5> : tensor<8x4x3x3xf32>
    %w2 = eyeriss.constant dense<0.25> : tensor<6x8x1x1xf32>
    %0 = eyeriss.conv2d %x, %w1 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1 activation relu
        {mapping = #eyeriss.rs<m = 8, n = 1, e = 3, p = 2, q = 2, r = 1, t = 2>,
         quant = #eyeriss.fixed<input = 12, weight = 15, psum = 11, output = 11>}
        : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
    %1 = eyeriss.conv2d %0, %w2 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        {mapping = #eyeriss.rs<m = 6, n = 1, e = 6, p = 3, q = 4, r = 2, t = 2>,
         quant = #eyeriss.fixed<input = 11, weight = 16, psum = 11, output = 11>}
        : (tensor<1x8x6x6xf32>, tensor<6x8x1x1xf32>) -> tensor<1x6x6x6xf32>
    return %1 : tensor<1x6x6x6xf32>
  }
}

// -----

// conv1 writes whole planes, but conv2 reads them in strips (e = 2 < E = 4):
// the shared ofmap is stored by rows. conv3 reads conv1's output in another
// format (10 fractional bits): the host converts it, into the storage its
// readers need — rows again, because conv2 reads that value in strips too.
// CHECK-LABEL: func.func @strip_reader
// CHECK: eyeriss.store_ofmap {{.*}} rlc row
// CHECK: eyeriss.schedule
// CHECK: eyeriss.load_ifmap {{.*}} rlc row
// CHECK: eyeriss.schedule
// CHECK: eyeriss.load_ifmap {{.*}} rlc row
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @strip_reader(%x: tensor<1x4x6x6xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
    %w1 = eyeriss.constant dense<0.5> : tensor<4x4x1x1xf32>
    %w2 = eyeriss.constant dense<0.25> : tensor<4x4x3x3xf32>
    %0 = eyeriss.conv2d %x, %w1 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        {mapping = #eyeriss.rs<m = 4, n = 1, e = 6, p = 2, q = 2, r = 1, t = 2>,
         quant = #eyeriss.fixed<input = 12, weight = 15, psum = 11, output = 11>}
        : (tensor<1x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32>
    %1 = eyeriss.conv2d %0, %w2 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        {mapping = #eyeriss.rs<m = 4, n = 1, e = 2, p = 2, q = 2, r = 1, t = 2>,
         quant = #eyeriss.fixed<input = 11, weight = 16, psum = 11, output = 11>}
        : (tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x4x4xf32>
    %2 = eyeriss.conv2d %0, %w2 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        {mapping = #eyeriss.rs<m = 4, n = 1, e = 4, p = 2, q = 2, r = 1, t = 2>,
         quant = #eyeriss.fixed<input = 10, weight = 16, psum = 10, output = 10>}
        : (tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x4x4xf32>
    return %1, %2 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
  }
}

// -----

// After a host op (max pool) the host converts the ifmap; every reader moves
// whole planes, so planes. FC feature maps (one value per row) are plain.
// CHECK-LABEL: func.func @host_and_fc
// CHECK: eyeriss.load_ifmap {{.*}} rlc plane
// CHECK: eyeriss.store_ofmap {{.*}} rlc plane
// CHECK: eyeriss.load_ifmap {{.*}} rlc none
// CHECK: eyeriss.store_ofmap {{.*}} rlc none
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @host_and_fc(%x: tensor<1x4x8x8xf32>, %v: tensor<2x8xf32>) -> (tensor<1x4x4x4xf32>, tensor<2x10xf32>) {
    %w1 = eyeriss.constant dense<0.5> : tensor<4x4x1x1xf32>
    %wf = eyeriss.constant dense<0.5> : tensor<10x8xf32>
    %p = eyeriss.max_pool %x kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
        : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
    %0 = eyeriss.conv2d %p, %w1 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        {mapping = #eyeriss.rs<m = 4, n = 1, e = 4, p = 2, q = 2, r = 1, t = 2>,
         quant = #eyeriss.fixed<input = 12, weight = 15, psum = 11, output = 11>}
        : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32>
    %fc = eyeriss.fc %v, %wf {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>,
         quant = #eyeriss.fixed<input = 12, weight = 15, psum = 11, output = 11>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    return %0, %fc : tensor<1x4x4x4xf32>, tensor<2x10xf32>
  }
}
