//===- Passes.td - eyeriss passes --------------------------*- tablegen -*-===//

#ifndef EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSES_TD
#define EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def EyerissAttachTarget : Pass<"eyeriss-attach-target", "::mlir::ModuleOp"> {
  let summary = "Name the target hardware of a module";
  let description = [{
    Loads and validates an architecture description and records it on the
    module as `eyeriss.target = #eyeriss.target<"...">`, which every later
    pass reads through the target model. `arch` is the name of a shipped
    architecture (`eyeriss-v1`, `eyeriss-isca16-256pe`) or the path of a JSON
    file (docs/ArchitectureFile.md). A module that already names a different
    target is an error unless `override` is set.

    Example: `eyeriss-opt --eyeriss-attach-target=arch=eyeriss-isca16-256pe`.
  }];
  let dependentDialects = ["::eyeriss::EyerissDialect"];
  let options = [
    Option<"arch", "arch", "std::string", /*default=*/"\"eyeriss-v1\"",
           "Architecture name or JSON file path">,
    Option<"override", "override", "bool", /*default=*/"false",
           "Replace a target the module already names">
  ];
}

def EyerissPrintWorkload : Pass<"eyeriss-print-workload", "::mlir::ModuleOp"> {
  let summary = "Print the shape and MAC count of every layer the array runs";
  let description = [{
    Prints one row per CONV or FC layer (every op with the
    ArrayLayerOpInterface), in the papers' shape notation: N, C, M, H, W, R,
    S, E, F, stride and groups, with the layer's MACs, filter weights and
    fmap sizes, and a total. The layer is named by its location (the ONNX node
    name after import). The IR is left unchanged.
  }];
  let options = [
    Option<"format", "format", "std::string", /*default=*/"\"table\"",
           "Output format: 'table' or 'json'">
  ];
}

//===----------------------------------------------------------------------===//
// Graph canonicalization: import-level ops and patterns become the layers
// the array runs
//===----------------------------------------------------------------------===//

def EyerissDropIdentity : Pass<"eyeriss-drop-identity"> {
  let summary = "Remove identity and dropout ops";
  let description = [{
    Replaces every `eyeriss.identity` and `eyeriss.dropout` with its input:
    both are the identity at inference, and removing them lets the other
    canonicalization passes see a layer's producer directly.

    Before:
    ```mlir
    %conv = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1 : (...) -> tensor<1x8x4x4xf32>
    %id = eyeriss.identity %conv : tensor<1x8x4x4xf32>
    %r = eyeriss.relu %id : tensor<1x8x4x4xf32>
    ```
    After:
    ```mlir
    %conv = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1 : (...) -> tensor<1x8x4x4xf32>
    %r = eyeriss.relu %conv : tensor<1x8x4x4xf32>
    ```
  }];
}

def EyerissFuseActivation : Pass<"eyeriss-fuse-activation"> {
  let summary = "Fuse ReLU and ReLU6 into the preceding CONV, FC or add";
  let description = [{
    The chip applies ReLU on the way from the PE array to the GLB, so an
    activation after a layer costs nothing when it is the layer's
    `activation` attribute. An `eyeriss.relu`, an `eyeriss.clip` with min 0
    and max 6 (ReLU6), or an `eyeriss.clip` with min 0 and max +inf (or at
    least the largest f32: ReLU) whose input is an `eyeriss.conv2d`,
    `eyeriss.fc` or `eyeriss.add` is fused into that op:

    - a layer with no activation gets it, if the activation op is the only
      user of the layer's result (other users need the value before the
      activation, so then nothing changes);
    - ReLU after ReLU6, and ReLU or ReLU6 after itself, is redundant and
      is dropped, whatever other users the layer has;
    - ReLU6 after ReLU makes the layer's activation ReLU6, again only for a
      single user.

    Clips with other bounds stay. The layer keeps its location, fused with
    the activation's.

    Before:
    ```mlir
    %fc = eyeriss.fc %x, %w, %b
        : (tensor<1x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<1x8xf32>
    %clip = eyeriss.clip %fc min 0.0 max 6.0 : tensor<1x8xf32>
    ```
    After:
    ```mlir
    %fc = eyeriss.fc %x, %w, %b activation relu6
        : (tensor<1x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<1x8xf32>
    ```
  }];
}

def EyerissFoldPad : Pass<"eyeriss-fold-pad"> {
  let summary = "Merge zero padding into the CONV layers and pools that read it";
  let description = [{
    The PE array pads a CONV layer for free (padded positions are never
    fetched), so an `eyeriss.pad` read by an `eyeriss.conv2d` is merged into
    the convolution's `pads` (unless a mapping or formats were already
    chosen for the layer as it is). One read by an `eyeriss.avg_pool` is merged
    into the pool's `pads` with `count_include_pad` (the pad's zeros count
    in the divisor), unless the pool has pads of its own that do not count,
    a pad would be as large as the window, or ceil mode would change the
    output size. Two pads in a row become one. A pad left with no reader is
    erased; one that some reader (a max pool, a host op) still needs stays
    and runs on the host.

    Before:
    ```mlir
    %pad = eyeriss.pad %x pads [1, 1, 1, 1]
        : tensor<1x8x35x35xf32> -> tensor<1x8x37x37xf32>
    %pool = eyeriss.avg_pool %pad kernel [3, 3] strides [1, 1]
        pads [0, 0, 0, 0] : tensor<1x8x37x37xf32> -> tensor<1x8x35x35xf32>
    ```
    After:
    ```mlir
    %pool = eyeriss.avg_pool %x kernel [3, 3] strides [1, 1]
        pads [1, 1, 1, 1] count_include_pad
        : tensor<1x8x35x35xf32> -> tensor<1x8x35x35xf32>
    ```
  }];
}

def EyerissRaiseChannelShuffle : Pass<"eyeriss-raise-channel-shuffle"> {
  let summary = "Recognize ShuffleNet's channel shuffle";
  let description = [{
    Exporters write ShuffleNet's channel shuffle as a reshape of the
    N x C x H x W tensor to N x g x C/g x H x W, a transpose that swaps the
    two channel dimensions, and a reshape back. EYB tensors have at most four
    dimensions and no general transpose, so the three ops become one
    `eyeriss.channel_shuffle` with `groups = g`. A transpose that is not part
    of this pattern is left alone (and cannot be lowered to EYB).

    Before:
    ```mlir
    %r = eyeriss.reshape %x : tensor<1x116x28x28xf32> -> tensor<1x2x58x28x28xf32>
    %t = eyeriss.transpose %r perm [0, 2, 1, 3, 4]
        : tensor<1x2x58x28x28xf32> -> tensor<1x58x2x28x28xf32>
    %y = eyeriss.reshape %t : tensor<1x58x2x28x28xf32> -> tensor<1x116x28x28xf32>
    ```
    After:
    ```mlir
    %y = eyeriss.channel_shuffle %x groups 2 : tensor<1x116x28x28xf32>
    ```
  }];
}

def EyerissFoldBatchNorm : Pass<"eyeriss-fold-batch-norm"> {
  let summary = "Fold batch normalization and bias adds into the preceding "
                "convolution or FC layer";
  let description = [{
    An `eyeriss.batch_norm` whose input is an `eyeriss.conv2d` is the same
    convolution with scaled filters and a new bias: with, per output channel
    m, `s[m] = scale[m] / sqrt(variance[m] + epsilon)`,

    ```
    filter'[m] = filter[m] * s[m]
    bias'[m]   = (bias[m] - mean[m]) * s[m] + bn_bias[m]
    ```

    (`bias = 0` when the convolution has none). The pass folds it when the
    convolution's filter and bias and the four parameters are f32
    `eyeriss.constant`s (splats included), the convolution has no fused
    activation (the normalization applies to its output before any), and
    the batch norm is the convolution's only user (others need the
    unnormalized output). The arithmetic is done in double and stored as
    f32 constants. Any other batch norm stays and runs on the host, as does
    one whose `variance + epsilon` is not positive in some channel. The new
    convolution's location fuses the convolution's and the batch norm's.

    BatchNorm1d after a Linear layer, which the importer writes as an
    `eyeriss.fc` whose N x M output is reshaped to N x M x 1 x 1 for the
    batch norm, folds the same way into the FC layer's weight rows and bias
    (under the same conditions, the reshape the FC layer's only user); a
    reshape to the batch norm's type takes its place.

    A bias added by its own op, `eyeriss.add` of the convolution's output
    (its only user, no fused activation) and an f32 constant with one value
    per output channel (shape `[M, 1, 1]` or `[1, M, 1, 1]`, possibly through
    `eyeriss.reshape`s, or one value), as older exporters and ONNX's legacy
    broadcasting write it, joins the convolution's bias: `bias'[m] = bias[m]
    + c[m]`, and the add's activation moves into the convolution. Both
    patterns run together, so conv -> add -> batch_norm folds whole.

    Before:
    ```mlir
    %conv = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
    %bn = eyeriss.batch_norm %conv, %scale, %bias, %mean, %var epsilon 0.0
        : tensor<1x2x2x2xf32>, tensor<2xf32>
    ```
    After (with `%w = [1, 2]`, `%scale = [2, 3]`, `%bias = [0, 1]`,
    `%mean = [1, 0]` and `%var = [1, 9]`, so that `s = [2, 1]`):
    ```mlir
    %w2 = eyeriss.constant dense<[[[[2.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
    %b2 = eyeriss.constant dense<[-2.0, 1.0]> : tensor<2xf32>
    %conv = eyeriss.conv2d %x, %w2, %b2 strides [1, 1] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>)
        -> tensor<1x2x2x2xf32>
    ```
  }];
}

def EyerissGemmToFC : Pass<"eyeriss-gemm-to-fc"> {
  let summary = "Turn a Gemm with constant weights into an FC layer, and decompose the others";
  let description = [{
    Rewrites `eyeriss.gemm %a, %b, %c` (`alpha * a * op(b) + beta * c`) as
    `eyeriss.fc`, which the array runs, when

    - `trans_a` is unset (the FC input is a's rows as they are),
    - `b` is an f32 `eyeriss.constant`, and
    - `c` is absent, `beta` is 0, or `c` is an f32 `eyeriss.constant` that
      is the same for every row: shape [N], [1, N], [1], [1, 1] or scalar.

    The FC weight is `alpha * b` when `trans_b` is set and `alpha *
    transpose(b)` otherwise (FC weights are N x K, one row per output); the
    bias is `beta * c` broadcast to N elements, or none. Where these are `b`
    or `c` unchanged, the constant is reused; otherwise new f32 constants
    are created at the location of the constant they come from.

    Any other Gemm is decomposed one step at a time: a transposed `a`
    becomes an `eyeriss.transpose` before the Gemm; a `c` that is not an FC
    bias (computed, or different between rows: M x N, M x 1) is added after
    it (`eyeriss.add` of `beta * c`, folded when `c` is a constant, else an
    `eyeriss.mul`); then a computed `b` makes the product an
    `eyeriss.matmul` on the host (`b` transposed first with `trans_b`),
    scaled by `alpha` unless it is 1, plus a constant row `c`. What is left
    with a constant `b` becomes an FC layer as above.

    It also folds the bias of a Linear that ONNX writes as MatMul then Add
    (ConvNeXt's channels-last Linears, which import as reshape, gemm,
    reshape): `eyeriss.add` of an FC layer's result, directly or through a
    reshape that keeps the last dimension, and an f32 constant with one
    value per output (shape [N], [1, ..., 1, N], or one element) becomes the
    FC layer with that constant added to its bias, and the add's activation
    becomes the layer's. The FC layer must have no other user, no activation
    and no mapping yet.

    Before:
    ```mlir
    %w = eyeriss.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
    %y = eyeriss.gemm %x, %w alpha 2.0 beta 1.0
        : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
    ```
    After:
    ```mlir
    %w2 = eyeriss.constant dense<[[2.0, 8.0], [4.0, 10.0], [6.0, 12.0]]> : tensor<3x2xf32>
    %y = eyeriss.fc %x, %w2 : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
    ```
  }];
}

def EyerissFoldConstants : Pass<"eyeriss-fold-constants"> {
  let summary = "Evaluate ops whose operands are all constants";
  let description = [{
    Replaces every graph-level op whose operands are all `eyeriss.constant`
    (a reshape or transpose of weights, an add of two constant tensors, the
    exporters' constant subgraphs) by an `eyeriss.constant` holding its value,
    computed by the float32 reference executor, the same code that is the
    golden model. Results above `max-elements` elements stay as they are, so
    that folding never inflates the IR unboundedly.

    Before:
    ```mlir
    %a = eyeriss.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
    %r = eyeriss.relu %a : tensor<1x2xf32>
    %y = eyeriss.add %x, %r : tensor<1x2xf32>
    ```
    After:
    ```mlir
    %r = eyeriss.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
    %y = eyeriss.add %x, %r : tensor<1x2xf32>
    ```
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", /*default=*/"1 << 24",
           "Largest result (in elements) that is folded">
  ];
}


//===----------------------------------------------------------------------===//
// Mapping: each layer the array runs gets a row-stationary mapping
//===----------------------------------------------------------------------===//

def EyerissSplitFilters : Pass<"eyeriss-split-filters", "::mlir::ModuleOp"> {
  let summary = "Split CONV filters that no PE set can hold into tiles";
  let description = [{
    A row-stationary PE set holds one filter row per PE row (PE sets are
    not folded vertically), and each PE slides a filter row over the ifmap
    values in its ifmap spad. A CONV layer with more filter rows R than the
    target's PE array has rows, or whose dilated filter row is wider than
    the ifmap spad, has no mapping: a vision transformer's 16 x 16 patch
    embedding on Eyeriss's 12 rows and 12-word ifmap spads. This pass splits
    such a layer's constant filter into tiles of equal size (16 on 12
    become 8 + 8) that fit both limits. Tile (r0, s0) is a CONV layer with
    the same strides, dilations and groups on the part of the input it
    reads (output row e reads padded input row e * stride + (r0 + r) *
    dilation, and likewise for columns), `eyeriss.slice`d out on the host,
    with pads where it reaches outside the input. A tile that reads only
    padding adds nothing and is dropped (DeepLabV3's 3 x 3 filters dilated
    by 24 and 36 on a 14 x 14 map keep only their centre column). The first
    tile takes the bias; the host adds the tiles' outputs (`eyeriss.add`),
    and the last add, or a lone tile, takes the layer's fused activation and
    its name. Needs `eyeriss.target`;
    layers already mapped or quantized, and filters that are not constants,
    are left alone (the mapper refuses them with the limit they exceed).

    Before (12 PE rows, 12-word ifmap spads):
    ```mlir
    %y = eyeriss.conv2d %x, %w strides [16, 16] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x3x224x224xf32>, tensor<768x3x16x16xf32>) -> tensor<1x768x14x14xf32>
    ```
    After: four 8 x 8 tiles, e.g. the second (rows 0-7, columns 8-15):
    ```mlir
    %rows = eyeriss.slice %x axis 2 start 0 step 1
        : tensor<1x3x224x224xf32> -> tensor<1x3x216x224xf32>
    %tile = eyeriss.slice %rows axis 3 start 8 step 1
        : tensor<1x3x216x224xf32> -> tensor<1x3x216x216xf32>
    %b = eyeriss.conv2d %tile, %w_r0s8 strides [16, 16] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x3x216x216xf32>, tensor<768x3x8x8xf32>) -> tensor<1x768x14x14xf32>
    %ab = eyeriss.add %a, %b : tensor<1x768x14x14xf32>
    ```
  }];
}

def EyerissSplitWideLayers
    : Pass<"eyeriss-split-wide-layers", "::mlir::ModuleOp"> {
  let summary = "Split layers larger than EYB's layer records into strips "
                "or batch groups";
  let description = [{
    A layer record of the EYB program holds spatial extents (H, W, E, F,
    R, S) of at most 4096 (`eyb::kMaxSpatial`, which keeps every product
    the verifier and the mapper form well inside int64). A 1-D convolution
    over raw audio exceeds it: wav2vec 2.0's first layer reads 16000
    samples a second. This pass splits such a layer's output into strips
    of equal size along the dimension that is too large (rows, then
    columns), each a CONV layer with the same filter, bias, strides,
    dilations, groups and activation on the part of the input it reads
    (its halo included), `eyeriss.slice`d out on the host, with the pads
    of the layer's edges; the host joins the strips (`eyeriss.concat`),
    which takes the layer's name. Likewise a CONV or FC layer whose batch
    exceeds the records' 65535 (`eyb::kMaxBatch`: an FC layer over the
    pixels of a large image, one row per pixel) is split into equal groups
    of images or rows. Layers already mapped or quantized are left alone.

    Before:
    ```mlir
    %y = eyeriss.conv2d %x, %w strides [1, 5] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x1x1x16000xf32>, tensor<32x1x1x10xf32>) -> tensor<1x32x1x3199xf32>
    ```
    After: four strips of 800 columns (the last of 799), e.g. the second:
    ```mlir
    %x1 = eyeriss.slice %x axis 3 start 4000 step 1
        : tensor<1x1x1x16000xf32> -> tensor<1x1x1x4005xf32>
    %y1 = eyeriss.conv2d %x1, %w strides [1, 5] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<1x1x1x4005xf32>, tensor<32x1x1x10xf32>) -> tensor<1x32x1x800xf32>
    %y = eyeriss.concat %y0, %y1, %y2, %y3 axis 3 : ...
    ```
  }];
}

def EyerissPartition : Pass<"eyeriss-partition", "::mlir::ModuleOp"> {
  let summary = "Split the network between the PE array and the host CPU";
  let description = [{
    The PE array runs CONV and FC layers (`eyeriss.conv2d`, `eyeriss.fc`,
    with their fused ReLU); every other computing op — pooling, LRN,
    softmax, element-wise add, concat, a batch norm or clip that could not be
    fused, a Gemm that is not an FC layer — runs on the host CPU beside the
    chip, as the real system ran them. Data layout ops (`reshape`,
    `flatten`) and constants cost nothing and run nowhere.

    With `allow-host=false` any host op is an error at that op (for a
    network that must run on the chip alone). With `report`, prints how many
    ops and MACs go where. The IR is left unchanged: an op's placement
    follows from its kind (`isArrayLayer` / `isHostOp` in the code).
  }];
  let options = [
    Option<"allowHost", "allow-host", "bool", /*default=*/"true",
           "Let ops the array cannot run fall back to the host CPU">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Print the ops on the array and on the host">
  ];
}

def EyerissMeasureSparsity : Pass<"eyeriss-measure-sparsity", "::mlir::ModuleOp"> {
  let summary = "Measure each layer's ifmap and ofmap zero fractions";
  let description = [{
    Runs `@main` (or the module's only function) with the float32
    reference executor on `samples` standard-normal inputs drawn from
    `seed`, and records on every CONV and FC layer the fraction of zeros in
    its ifmap and in its ofmap (after the fused activation) as
    `eyeriss.zero_fractions = array<f64: ifmap, ofmap>`, averaged over the
    samples. The cost model (`eyeriss-map`, `eyeriss-print-energy`) uses them
    for zero gating and run-length compression instead of the assumed ones.
  }];
  let dependentDialects = ["::eyeriss::EyerissDialect"];
  let options = [
    Option<"samples", "samples", "unsigned", /*default=*/"1",
           "Inputs to measure on">,
    Option<"seed", "seed", "unsigned", /*default=*/"0",
           "Seed of the first standard-normal input">
  ];
}

def EyerissMap : Pass<"eyeriss-map", "::mlir::ModuleOp"> {
  let summary = "Choose a row-stationary mapping for every CONV and FC layer";
  let description = [{
    For every op with the ArrayLayerOpInterface (`eyeriss.conv2d`,
    `eyeriss.fc`), searches the row-stationary mapping space on the module's
    target (`eyeriss.target`) under the analytical cost model of
    docs/Mapping.md and attaches the best mapping as the layer's `mapping`
    attribute, `#eyeriss.rs<m = .., n = .., e = .., p = .., q = .., r = ..,
    t = ..>`.

    - `objective`: `energy` (normalized dynamic energy, ties to fewer cycles),
      `latency` (total cycles) or `edp` (their product).
    - `exhaustive`: enumerate the whole space instead of the pruned search
      (same optimum, slower; for checking).
    - `mapping-file`: a JSON file (docs/Mapping.md, "Mapping files") whose
      entries pin the mappings of the layers they name, e.g. the chip's own
      JSSC Table III choices. Pinned mappings are checked against every
      limit; a name that matches no layer is an error. Other layers are
      searched.
    - `ifmap-zero-fraction`, `ofmap-zero-fraction`: the assumed fractions of
      zeros in each layer's input and output (zero gating and run-length
      compression), unless the layer carries measured ones in
      `eyeriss.zero_fractions = array<f64: ifmap, ofmap>`.

    A layer that no mapping fits is an error at the layer that names the
    parameter and the limit (e.g. a filter taller than the PE array).

    Before:
    ```mlir
    %conv = eyeriss.conv2d %x, %w strides [4, 4] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>) -> tensor<4x96x55x55xf32>
    ```
    After:
    ```mlir
    %conv = eyeriss.conv2d %x, %w strides [4, 4] pads [0, 0, 0, 0]
        dilations [1, 1] groups 1
        {mapping = #eyeriss.rs<m = 96, n = 1, e = 7, p = 16, q = 1, r = 1, t = 2>}
        : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>) -> tensor<4x96x55x55xf32>
    ```
  }];
  let dependentDialects = ["::eyeriss::EyerissDialect"];
  let options = [
    Option<"objective", "objective", "std::string", /*default=*/"\"energy\"",
           "What the search minimizes: 'energy', 'latency' or 'edp'">,
    Option<"exhaustive", "exhaustive", "bool", /*default=*/"false",
           "Enumerate every mapping instead of the pruned search">,
    Option<"mappingFile", "mapping-file", "std::string", /*default=*/"\"\"",
           "JSON file of mappings to pin, by layer name">,
    Option<"ifmapZeroFraction", "ifmap-zero-fraction", "double",
           /*default=*/"0.0",
           "Assumed fraction of zeros in each layer's ifmap">,
    Option<"ofmapZeroFraction", "ofmap-zero-fraction", "double",
           /*default=*/"0.0",
           "Assumed fraction of zeros in each layer's ofmap">
  ];
}

def EyerissPrintEnergy : Pass<"eyeriss-print-energy", "::mlir::ModuleOp"> {
  let summary = "Print the cost of every mapped layer: accesses, energy, cycles";
  let description = [{
    For every CONV and FC layer with a `mapping`, evaluates the cost model of
    docs/Mapping.md and prints one row per layer: the mapping, active PEs,
    processing passes, accesses per level (DRAM, GLB, array, spads; in 16-b
    words), energy per level (normalized units), total energy in normalized
    units and in pJ, processing and total cycles and milliseconds at the
    target's core clock; then the totals. With `format=json` the same data
    is printed as JSON (per level and per data type); `json-file` writes the
    JSON to a file as well. Sparsity assumptions are those of
    `eyeriss-map`. The IR is left unchanged. A layer without a mapping is an
    error.
  }];
  let options = [
    Option<"format", "format", "std::string", /*default=*/"\"table\"",
           "Output format: 'table' or 'json'">,
    Option<"jsonFile", "json-file", "std::string", /*default=*/"\"\"",
           "Also write the report as JSON to this file">,
    Option<"ifmapZeroFraction", "ifmap-zero-fraction", "double",
           /*default=*/"0.0",
           "Assumed fraction of zeros in each layer's ifmap">,
    Option<"ofmapZeroFraction", "ofmap-zero-fraction", "double",
           /*default=*/"0.0",
           "Assumed fraction of zeros in each layer's ofmap">
  ];
}

def EyerissDumpMapping : Pass<"eyeriss-dump-mapping", "::mlir::ModuleOp"> {
  let summary = "Write the mapping of every layer to a JSON mapping file";
  let description = [{
    Writes the `mapping` of every mapped CONV and FC layer, with its shape
    and the target, in the mapping-file format that `eyeriss-map`'s
    `mapping-file` reads back (docs/Mapping.md), to `file` (`-`: stdout).
    The IR is left unchanged.
  }];
  let options = [
    Option<"file", "file", "std::string", /*default=*/"\"-\"",
           "Output file ('-' for stdout)">
  ];
}


def EyerissCompareDataflows : Pass<"eyeriss-compare-dataflows", "::mlir::ModuleOp"> {
  let summary = "Compare row stationary with the other dataflows, layer by layer";
  let description = [{
    The ISCA 2016 comparison: for every mapped CONV and FC layer, the
    energy (normalized units) of row stationary under its `mapping` and of
    weight stationary, the three output-stationary variants and no local
    reuse, each with its own energy-optimal mapping under equal storage area
    on the module's target (docs/Dataflows.md), and each one's ratio to RS;
    then the totals of the CONV and of the FC layers. Meant for the
    `eyeriss-isca16-256pe` target, whose costs are the ISCA model's (no
    compression, no zero gating). The IR is left unchanged.
  }];
  let options = [
    Option<"format", "format", "std::string", /*default=*/"\"table\"",
           "Output format: 'table' or 'json'">,
    Option<"jsonFile", "json-file", "std::string", /*default=*/"\"\"",
           "Also write the comparison as JSON to this file">
  ];
}


//===----------------------------------------------------------------------===//
// Quantization: the chip's 16-bit fixed point
//===----------------------------------------------------------------------===//

def EyerissQuantize : Pass<"eyeriss-quantize", "::mlir::ModuleOp"> {
  let summary = "Choose the 16-bit fixed-point formats of every CONV and FC layer";
  let description = [{
    Runs `@main` (or the module's only function) with the float32
    reference executor on calibration inputs — `calibration-samples`
    standard-normal inputs drawn from `calibration-seed`, or the tensors of
    the `calibration-input` files, representative data of the user's own
    (`FILE` for a network of one input; `NAME=FILE` per graph input for
    several, sample j taking each input's j-th file) — records the range
    of every CONV and FC layer's ifmap, of its psums before the fused
    activation (bias included) and of its weights, and attaches the
    layer's formats as `quant = #eyeriss.fixed<input = .., weight = ..,
    psum = .., output = ..>` (docs/FixedPoint.md):

    - weight: the finest format that holds the largest weight;
    - input: the producer layer's output format when the ifmap comes
      straight from another CONV or FC layer (the data is already in it),
      else the finest format holding the margin times the calibrated range
      (or the declared `input-range` for the network's input);
    - psum: the finest format holding the margin times the calibrated
      pre-activation range, and the bias; output = psum (the ReLU module passes
      psums through);

    The margin of a range is `headroom * (1 + headroom-spread * cv)`, cv
    the coefficient of variation of the range's largest |value| over the
    calibration images (each image of each run): a range that moves a lot
    from image to image gets more room for the images calibration has not
    seen.
    - the window shift input + weight - psum is kept in [0, 16] by giving
      up weight precision (shift > 16) or psum precision (shift < 0).

    With `report`, prints per layer the formats, the ranges and a bound on
    the worst-case error of one output from quantizing the inputs, the
    weights and the bias and truncating the products (absolute, and
    relative to the largest output).

    Errors: a layer whose weights or bias are not constants; a range no
    16-bit format holds; a calibration input beyond the declared
    `input-range` (quantization overflow); a `headroom` below 1 or a
    negative `headroom-spread`.
  }];
  let dependentDialects = ["::eyeriss::EyerissDialect"];
  let options = [
    Option<"calibrationSamples", "calibration-samples", "unsigned",
           /*default=*/"4", "Calibration runs (standard-normal inputs)">,
    Option<"calibrationSeed", "calibration-seed", "unsigned",
           /*default=*/"0", "Seed of the first calibration input">,
    ListOption<"calibrationInputs", "calibration-input", "std::string",
               "Calibrate on these tensor files (.npy or ONNX TensorProto "
               ".pb; [NAME=]FILE, one network input each) instead of "
               "standard-normal samples">,
    Option<"headroom", "headroom", "double", /*default=*/"1.25",
           "The formats hold at least this multiple (>= 1) of the "
           "calibrated ranges">,
    Option<"headroomSpread", "headroom-spread", "double", /*default=*/"2.0",
           "Extra headroom per unit of a range's spread over the "
           "calibration images: the margin is headroom * (1 + this * the "
           "coefficient of variation of the per-image largest |value|s)">,
    Option<"inputRange", "input-range", "std::string", /*default=*/"\"\"",
           "Declared range 'min,max' of the network's input values">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Print the formats and the error bounds">
  ];
}


def EyerissCheckMulticast : Pass<"eyeriss-check-multicast", "::mlir::ModuleOp"> {
  let summary = "Lower every pass's deliveries to NoC IDs and prove them";
  let description = [{
    For every mapped CONV and FC layer and every distinct processing-pass
    shape of its mapping (full and partial chunks of filters, channels and
    strips), assigns the filter, ifmap and psum GINs' row and col IDs the
    scan chain would load and the tag of every transfer (docs/Multicast.md),
    within the architecture's ID widths, then replays the tag matching and
    checks that every PE active in the pass receives exactly the filter rows,
    ifmap rows and psums its role needs, and that PEs the layer does not use
    receive nothing. An unroutable assignment or a mismatch is an error at
    the layer. With `report`, prints per layer the pass shapes checked and
    the ifmap GIN transfers per ifmap row (above 1 when the PE rows need
    more distinct ifmap rows than the col IDs can tell apart).
  }];
  let options = [
    Option<"report", "report", "bool", /*default=*/"false",
           "Print what was checked">
  ];
}

//===----------------------------------------------------------------------===//
// Hardware level: tiling, GLB allocation, multicast, RLC
//===----------------------------------------------------------------------===//

def EyerissTile : Pass<"eyeriss-tile", "::mlir::ModuleOp"> {
  let summary = "Turn every mapped layer into processing passes and transfers";
  let description = [{
    Gives every mapped CONV and FC layer an `eyeriss.schedule` (placed right
    after it) that runs the loop nest of its mapping (docs/Mapping.md): for
    each group, block of `m` filters, batch of `n` images and strip of `e`
    ofmap rows, and each chunk of `q*r` channels, a `load_ifmap` of the
    strip's ifmap rows (with the padding the strip reads), then per chunk of
    `p*t` filters a `load_filters` and a `pass`; after the last channel
    chunk a `store_ofmap` per filter chunk. Every transfer has its own GLB
    buffer (`glb_alloc`, unplaced): one ifmap buffer per strip load, one
    filter buffer per pass, one psum buffer per filter chunk of a block,
    sized for a full batch and strip (n x filters x e x F words) so that
    every block's chunks can sit at the same addresses.

    A layer without a mapping, or that already has a schedule, is an error.

    After (AlexNet CONV1, abridged):
    ```mlir
    eyeriss.schedule %conv1 : tensor<4x96x55x55xf32> {
      %0 = eyeriss.glb_alloc : memref<7945xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [1, 3, 35, 227] : ...
      %1 = eyeriss.glb_alloc : memref<11648xi16, #eyeriss.glb<psum>>
      %2 = eyeriss.glb_alloc : memref<...xi16, #eyeriss.glb<filter>>
      eyeriss.load_filters %2 group 0 filters [0, 32] channels [0, 3] bias : ...
      eyeriss.pass group 0 filters [0, 32] channels [0, 3] images [0, 1]
          rows [0, 7] psum_in bias ifmap %0 filter %2 psum %1 : ...
      ...
      eyeriss.store_ofmap %1 offsets [0, 0, 0, 0] sizes [1, 32, 7, 55] : ...
    }
    ```
  }];
  let dependentDialects = ["::eyeriss::EyerissDialect"];
}

def EyerissAllocateGLB : Pass<"eyeriss-allocate-glb", "::mlir::ModuleOp"> {
  let summary = "Place every GLB buffer of every schedule";
  let description = [{
    Splits the GLB's fmap banks of each scheduled layer between ifmaps and
    psums as the mapping's GLB footprint needs (the mapper's model,
    docs/Mapping.md), sets the schedule's `banks`, and places each buffer
    (`glb_alloc ... at <word>`):

    - ifmap and psum buffers first fit, in program order, among the buffers
      of their space still live (a buffer is live from its glb_alloc to its
      last use);
    - filter buffers double-buffered: a buffer that fits in half the filter
      region goes into the half the previous pass's buffer did not use, so
      that its preload runs while that pass computes (JSSC 2017 §V-A);
      a larger one starts at word 0.

    A buffer that fits nowhere is an error naming its space, its size and
    the words the live buffers leave ("over capacity"). The schedule's
    verifier then proves the placement (docs/HardwareIR.md).
  }];
  let dependentDialects = ["::eyeriss::EyerissDialect"];
}

def EyerissScheduleMulticast : Pass<"eyeriss-schedule-multicast", "::mlir::ModuleOp"> {
  let summary = "Give every schedule the NoC IDs its deliveries need";
  let description = [{
    For every scheduled layer, lowers the deliveries of the mapping's full
    processing pass (which PE needs which filter rows, ifmap rows and psums)
    to the row and col IDs of the filter, ifmap and psum GINs within the
    architecture's ID widths (docs/Multicast.md), and puts them first in the
    schedule as an `eyeriss.configure_array`; PEs the layer does not use get
    IDs no tag carries. An assignment that does not fit the ID widths is an
    error at the layer naming the network and the limit.
    `eyeriss-check-multicast` proves the IDs.
  }];
  let dependentDialects = ["::eyeriss::EyerissDialect"];
}

def EyerissInsertRLC : Pass<"eyeriss-insert-rlc", "::mlir::ModuleOp"> {
  let summary = "Decide the run-length compression of every feature-map transfer";
  let description = [{
    Marks every `load_ifmap` and `store_ofmap` with how the feature map is
    stored in DRAM (`rlc none|row|plane`), when the target has an RLC codec
    (JSSC 2017 §V-C): a CONV layer's ofmap is compressed, by planes when
    its writer and every array layer reading it move whole planes (one
    strip: e = E), by rows otherwise; an ifmap is stored as its producer
    layer wrote it, or, when the host converts it (a host op's output, or a
    different fixed-point format), compressed as above, except the
    network's input, which the chip does not compress
    (`rlc.compress_first_layer_input`). Filters and FC feature maps
    (one value per row) are never compressed.
  }];
  let dependentDialects = ["::eyeriss::EyerissDialect"];
}

#endif // EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSES_TD
