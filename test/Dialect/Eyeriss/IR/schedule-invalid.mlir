// Every verifier rule of the hardware-level ops, one case each: the
// schedule's placement proof (capacity, overlap of live buffers), its
// dataflow order, and each op's operands and boxes.
// RUN: eyeriss-opt %s -split-input-file -verify-diagnostics
// A schedule belongs to a CONV or FC layer.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @not_a_layer(%x: tensor<2x8xf32>) {
    // expected-error @+1 {{must schedule the result of a CONV or FC layer}}
    eyeriss.schedule %x : tensor<2x8xf32> {
    }
    return
  }
}

// -----

// The layer must be mapped.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @unmapped(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) {
    %fc = eyeriss.fc %x, %w : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    // expected-error @+1 {{schedules a layer without a mapping}}
    eyeriss.schedule %fc : tensor<2x10xf32> {
    }
    return
  }
}

// -----

// A layer has one schedule.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @twice(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
    }
    // expected-error @+1 {{the layer has more than one schedule}}
    eyeriss.schedule %fc : tensor<2x10xf32> {
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Bank counts come in pairs.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @half_banks(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    // expected-error @+1 {{needs both ifmap and psum bank counts, or neither}}
    eyeriss.schedule %fc attributes {ifmap_banks = 1 : i64} : tensor<2x10xf32> {
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// The split cannot use more banks than the GLB has (25).
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @too_many_banks(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    // expected-error @+1 {{uses 20 ifmap + 6 psum banks, more than the GLB's 25}}
    eyeriss.schedule %fc banks(ifmap 20, psum 6) : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc at 0 : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc at 2048 : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc at 0 : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// A psum buffer past the end of the psum banks (over capacity).
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @outside_psum(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc banks(ifmap 1, psum 1) : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc at 0 : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      // expected-error @+1 {{words [4090, 4110) lie outside the psum banks (words [2048, 4096))}}
      %1 = eyeriss.glb_alloc at 4090 : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc at 0 : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// An ifmap buffer that runs into the psum banks.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @outside_ifmap(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc banks(ifmap 1, psum 1) : tensor<2x10xf32> {
      // expected-error @+1 {{words [2040, 2056) lie outside the ifmap banks (words [0, 2048))}}
      %0 = eyeriss.glb_alloc at 2040 : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc at 2048 : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc at 0 : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// A filter buffer past the end of the filter region.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @outside_filter(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc banks(ifmap 1, psum 1) : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc at 0 : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc at 2048 : memref<20xi16, #eyeriss.glb<psum>>
      // expected-error @+1 {{words [4090, 4170) lie outside the filter region (words [0, 4096))}}
      %2 = eyeriss.glb_alloc at 4090 : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Two psum buffers live at the same time may not share words.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @overlap(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc banks(ifmap 1, psum 1) : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc at 0 : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      // expected-note @+1 {{that buffer is allocated here}}
      %1 = eyeriss.glb_alloc at 2048 : memref<20xi16, #eyeriss.glb<psum>>
      // expected-error @+1 {{words [2060, 2080) overlap words [2048, 2068) of a buffer that is still live}}
      %3 = eyeriss.glb_alloc at 2060 : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc at 0 : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %3 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %3 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Placement is all or nothing.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @partial(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    // expected-error @+1 {{places 2 of its 3 GLB buffers; place all or none}}
    eyeriss.schedule %fc banks(ifmap 1, psum 1) : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc at 0 : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc at 0 : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Placed buffers need a bank split.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @no_banks(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    // expected-error @+1 {{places GLB buffers but has no ifmap/psum bank split}}
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc at 0 : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc at 2048 : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc at 0 : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// A pass reads what a transfer loaded before it.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @ifmap_not_loaded(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      // expected-error @+1 {{reads an ifmap buffer no load_ifmap filled}}
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Filters are preloaded before their pass.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @filters_not_loaded(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      // expected-error @+1 {{reads a filter buffer no load_filters filled}}
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Psums accumulate onto psums an earlier pass wrote.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @psum_not_written(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      // expected-error @+1 {{accumulates onto a psum buffer no earlier pass wrote}}
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in glb ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// The bias comes with the filters.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @no_bias(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      // expected-error @+1 {{takes the bias but its filter buffer was loaded without it}}
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 1] psum_in bias ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// An ofmap is stored after a pass wrote it.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @store_unwritten(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      // expected-error @+1 {{stores a psum buffer no pass wrote}}
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// A schedule holds hardware-level ops only.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @foreign_op(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
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
      // expected-error @+1 {{is not a hardware-level op}}
      %c = eyeriss.constant dense<1.0> : tensor<2xf32>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Hardware-level ops live in a schedule.
func.func @outside() {
  // expected-error @+1 {{expects parent op 'eyeriss.schedule'}}
  %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
  return
}

// -----

// A GLB buffer is in a #eyeriss.glb memory space.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @no_space(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      // expected-error @+1 {{must be 1-D static memref of i16 in a #eyeriss.glb memory space}}
      %0 = eyeriss.glb_alloc : memref<16xi16>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Ifmaps go into ifmap buffers.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @wrong_space(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      // expected-error @+1 {{the buffer must be a #eyeriss.glb<ifmap> buffer, not 'memref<80xi16, #eyeriss.glb<filter>>'}}
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<80xi16, #eyeriss.glb<filter>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// A box fits its buffer.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @box_too_big(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      // expected-error @+1 {{box of 32 words does not fit its 16-word buffer}}
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 2, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Box sizes are positive.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @empty_box(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      // expected-error @+1 {{box sizes must be positive, got 0}}
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 0, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Filters and bias fit their buffer.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @filters_too_big(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      // expected-error @+1 {{needs 90 words (filters x channels x R x S + bias) but its buffer has 80}}
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] bias : memref<80xi16, #eyeriss.glb<filter>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Counts are positive.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @zero_channels(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      // expected-error @+1 {{channels [first, count] = [0, 0] needs first >= 0 and count > 0}}
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 0] : memref<80xi16, #eyeriss.glb<filter>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// Groups exist.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @bad_group(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      // expected-error @+1 {{group 1 of a layer with 1}}
      eyeriss.load_filters %2 group 1 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// A pass's psums fit its psum buffer.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @psum_too_small(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %0 = eyeriss.glb_alloc : memref<16xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [2, 8, 1, 1] : memref<16xi16, #eyeriss.glb<ifmap>>
      %1 = eyeriss.glb_alloc : memref<20xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<80xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 10] channels [0, 8] : memref<80xi16, #eyeriss.glb<filter>>
      // expected-error @+1 {{writes 40 psums (images x filters x rows x F) into a 20-word buffer}}
      eyeriss.pass group 0 filters [0, 10] channels [0, 8] images [0, 2] rows [0, 2] psum_in zero ifmap %0 filter %2 psum %1 : memref<16xi16, #eyeriss.glb<ifmap>>, memref<80xi16, #eyeriss.glb<filter>>, memref<20xi16, #eyeriss.glb<psum>>
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 1, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// A stored box fits its buffer.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @store_too_big(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      %1 = eyeriss.glb_alloc : memref<20xi16, #eyeriss.glb<psum>>
      // expected-error @+1 {{box of 40 words is larger than its 20-word buffer}}
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [2, 10, 2, 1] : memref<20xi16, #eyeriss.glb<psum>>
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// The NoC IDs cover the target's array.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @configure_size(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      // expected-error @+1 {{filter GIN: needs 12 row IDs and 168 col IDs (a 12x14 array), got 2 and 3}}
      eyeriss.configure_array filter rows [0, 1] cols [0, 0, 0] ifmap rows [0] cols [0] psum rows [0] cols [0]
    }
    return %fc : tensor<2x10xf32>
  }
}

// -----

// One configuration, first.
module attributes {eyeriss.target = #eyeriss.target<"eyeriss-v1">} {
  func.func @configure_twice(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
    %fc = eyeriss.fc %x, %w {mapping = #eyeriss.rs<m = 10, n = 2, e = 1, p = 10, q = 8, r = 1, t = 1>}
        : (tensor<2x8xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
    eyeriss.schedule %fc : tensor<2x10xf32> {
      eyeriss.configure_array filter rows [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] cols [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] ifmap rows [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] cols [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] psum rows [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] cols [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
      // expected-error @+1 {{must be the first op of the schedule, and the only one}}
      eyeriss.configure_array filter rows [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] cols [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] ifmap rows [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] cols [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] psum rows [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] cols [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    }
    return %fc : tensor<2x10xf32>
  }
}
