//===- EyerissScheduleOps.td - eyeriss hardware-level ops --*- tablegen -*-===//
//
// The hardware level: a mapped layer as the chip runs it. `eyeriss-tile`
// gives each CONV/FC layer an `eyeriss.schedule` holding its processing
// passes, the DRAM <-> GLB transfers around them and the GLB buffers they
// use; `eyeriss-allocate-glb` places the buffers, `eyeriss-schedule-multicast`
// adds the NoC IDs the scan chain loads and `eyeriss-insert-rlc` decides the
// run-length compression of every feature-map transfer. The EYB translation
// emits one instruction per op (docs/ISA.md), in program order.
//
// GLB buffers are 1-D memrefs of 16-bit words in a `#eyeriss.glb<...>` memory
// space. A buffer is live from its glb_alloc to its last use; the hardware
// orders conflicting instructions (docs/ISA.md, Ordering), so buffers whose
// live ranges do not intersect may share words.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_DIALECT_EYERISS_IR_EYERISSSCHEDULEOPS_TD
#define EYERISS_DIALECT_EYERISS_IR_EYERISSSCHEDULEOPS_TD

include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.td"
include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.td"
include "mlir/IR/OpBase.td"

def Eyeriss_GLBBuffer : Type<
    And<[MemRefRankOf<[I16], [1]>.predicate,
         CPred<"::llvm::cast<::mlir::MemRefType>($_self).hasStaticShape()">,
         CPred<"::llvm::isa_and_nonnull<::eyeriss::GLBSpaceAttr>("
               "::llvm::cast<::mlir::MemRefType>($_self).getMemorySpace())">]>,
    "1-D static memref of i16 in a #eyeriss.glb memory space",
    "::mlir::MemRefType">;

def Eyeriss_Quad : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>;
def Eyeriss_Range : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>;

class Eyeriss_ScheduleOp<string mnemonic, list<Trait> traits = []>
    : Eyeriss_Op<mnemonic, !listconcat(traits, [HasParent<"ScheduleOp">])>;

def Eyeriss_ScheduleOp : Eyeriss_Op<"schedule",
    [SingleBlock, NoTerminator]> {
  let summary = "How the chip runs one mapped CONV or FC layer";
  let description = [{
    The hardware program of the layer that produces `layer`: its GLB
    buffers, transfers and processing passes in program order (the loop
    nest of docs/Mapping.md, one PE-array pass per filter chunk, channel
    chunk, image batch and ofmap strip). The layer op keeps the graph's
    value semantics; the schedule says how the chip computes it.

    `banks` (set by `eyeriss-allocate-glb`) splits the GLB's fmap banks
    between ifmaps (the first `ifmap` banks) and psums (the next `psum`).
    Once every buffer is placed, the verifier proves that each lies inside
    the banks of its space (the filter region for filters) and that no two
    buffers whose live ranges intersect share a word.

    Example (abridged):
    ```mlir
    eyeriss.schedule %conv1 banks(ifmap 4, psum 19) : tensor<1x96x55x55xf32> {
      eyeriss.configure_array filter rows [...] cols [...] ifmap rows [...]
          cols [...] psum rows [...] cols [...]
      %0 = eyeriss.glb_alloc at 0 : memref<7945xi16, #eyeriss.glb<ifmap>>
      eyeriss.load_ifmap %0 offsets [0, 0, 0, 0] sizes [1, 3, 35, 227]
          rlc none : memref<7945xi16, #eyeriss.glb<ifmap>>
      ...
    }
    ```
  }];
  let arguments = (ins Eyeriss_Tensor:$layer,
                       OptionalAttr<Eyeriss_NonNegativeI64>:$ifmap_banks,
                       OptionalAttr<Eyeriss_NonNegativeI64>:$psum_banks);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $layer (`banks` `(` `ifmap` $ifmap_banks^ `,` `psum` $psum_banks `)`)?
    attr-dict-with-keyword `:` type($layer) $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The layer this schedule runs.
    ::eyeriss::ArrayLayerOpInterface getLayerOp();
    /// The schedule of `layer`, if it has one.
    static ScheduleOp lookup(::eyeriss::ArrayLayerOpInterface layer);
  }];
}

def Eyeriss_GLBAllocOp : Eyeriss_ScheduleOp<"glb_alloc"> {
  let summary = "A buffer in the global buffer";
  let description = [{
    A buffer of the memref's size in 16-bit words, in the GLB space its
    memory space names. `at` (set by `eyeriss-allocate-glb`) is its word
    address: in the fmap banks for `ifmap` and `psum` buffers (bank b holds
    words [b * words_per_bank, (b + 1) * words_per_bank)), in the filter
    region for `filter` buffers.

    Example: `%1 = eyeriss.glb_alloc at 0 : memref<363xi16, #eyeriss.glb<filter>>`
  }];
  let arguments = (ins OptionalAttr<Eyeriss_NonNegativeI64>:$offset);
  let results = (outs Eyeriss_GLBBuffer:$buffer);
  let assemblyFormat = "(`at` $offset^)? attr-dict `:` type($buffer)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::eyeriss::GLBSpace getSpace() {
      return ::llvm::cast<::eyeriss::GLBSpaceAttr>(
          getBuffer().getType().getMemorySpace()).getValue();
    }
    int64_t getWords() { return getBuffer().getType().getNumElements(); }
  }];
}

def Eyeriss_ConfigureArrayOp : Eyeriss_ScheduleOp<"configure_array"> {
  let summary = "The NoC multicast IDs the scan chain loads for the layer";
  let description = [{
    The row ID of every X-bus (PE row) and the col ID of every PE (row
    major) of the filter, ifmap and psum GINs (JSSC 2017 §V-B): a value
    tagged (row, col) reaches exactly the PEs whose X-bus row ID is row and
    whose col ID is col. `eyeriss-schedule-multicast` derives them from the
    mapping's deliveries; `eyeriss-check-multicast` replays the tags on them.
    PEs the layer does not use hold IDs no tag carries.
  }];
  let arguments = (ins DenseI64ArrayAttr:$filter_rows,
                       DenseI64ArrayAttr:$filter_cols,
                       DenseI64ArrayAttr:$ifmap_rows,
                       DenseI64ArrayAttr:$ifmap_cols,
                       DenseI64ArrayAttr:$psum_rows,
                       DenseI64ArrayAttr:$psum_cols);
  let assemblyFormat = [{
    `filter` `rows` $filter_rows `cols` $filter_cols
    `ifmap` `rows` $ifmap_rows `cols` $ifmap_cols
    `psum` `rows` $psum_rows `cols` $psum_cols attr-dict
  }];
  let hasVerifier = 1;
}

def Eyeriss_LoadIfmapOp : Eyeriss_ScheduleOp<"load_ifmap"> {
  let summary = "DRAM -> GLB: a box of the layer's ifmap";
  let description = [{
    Loads the box `offsets` (n, c, h, w) + `sizes` of the layer's ifmap
    (4-D view; an FC input N x K is N x K x 1 x 1) into `buffer`, densely,
    row major; positions outside the ifmap are zero padding, made on chip.
    `rlc` (set by `eyeriss-insert-rlc`) is how the ifmap is stored in DRAM:
    a compressed ifmap is decoded on the way in.
  }];
  let arguments = (ins Eyeriss_GLBBuffer:$buffer, Eyeriss_Quad:$offsets,
                       Eyeriss_Quad:$sizes,
                       OptionalAttr<Eyeriss_Compression>:$rlc);
  let assemblyFormat = [{
    $buffer `offsets` $offsets `sizes` $sizes (`rlc` $rlc^)? attr-dict
    `:` type($buffer)
  }];
  let hasVerifier = 1;
}

def Eyeriss_LoadFiltersOp : Eyeriss_ScheduleOp<"load_filters"> {
  let summary = "DRAM -> filter GLB: the weights (and bias) of one pass";
  let description = [{
    Preloads filters `filters` = [first, count) and channels `channels` =
    [first, count) of group `group` (within-group indices) as
    count_m x count_c x R x S words, followed by the count_m bias words with
    `bias`. A preload into a different part of the filter region than the
    pass before it uses runs while that pass computes (double buffering,
    JSSC 2017 §V-A).
  }];
  let arguments = (ins Eyeriss_GLBBuffer:$buffer,
                       Eyeriss_NonNegativeI64:$group, Eyeriss_Range:$filters,
                       Eyeriss_Range:$channels, UnitAttr:$bias);
  let assemblyFormat = [{
    $buffer `group` $group `filters` $filters `channels` $channels
    (`bias` $bias^)? attr-dict `:` type($buffer)
  }];
  let hasVerifier = 1;
}

def Eyeriss_PassOp : Eyeriss_ScheduleOp<"pass"> {
  let summary = "One processing pass of the PE array";
  let description = [{
    Filters `filters`, channels `channels` (within group `group`), images
    `images` and ofmap rows `rows` (each [first, count)): every active PE
    runs its filter rows against its ifmap rows, psums flow up the PE sets
    and leave into `psum`. Filters come from `filter`, ifmaps from `ifmap`
    (the box last loaded into it), and input psums from `psum_in`: zero,
    the bias words after the filters, or `psum` itself (a later channel
    chunk accumulating onto an earlier one). `psum` holds the pass's
    count_n x count_m x count_e x F psums, densely.
  }];
  let arguments = (ins Eyeriss_GLBBuffer:$ifmap, Eyeriss_GLBBuffer:$filter,
                       Eyeriss_GLBBuffer:$psum,
                       Eyeriss_NonNegativeI64:$group, Eyeriss_Range:$filters,
                       Eyeriss_Range:$channels, Eyeriss_Range:$images,
                       Eyeriss_Range:$rows, Eyeriss_PsumSource:$psum_in);
  let assemblyFormat = [{
    `group` $group `filters` $filters `channels` $channels `images` $images
    `rows` $rows `psum_in` $psum_in `ifmap` $ifmap `filter` $filter
    `psum` $psum attr-dict `:` type($ifmap) `,` type($filter) `,` type($psum)
  }];
  let hasVerifier = 1;
}

def Eyeriss_StoreOfmapOp : Eyeriss_ScheduleOp<"store_ofmap"> {
  let summary = "GLB -> DRAM: finished psums through the output stage";
  let description = [{
    Writes `buffer` (psums of the box `offsets` + `sizes` of the ofmap, in
    (n, c, h, w)) through the ReLU module and the requantization to the
    layer's output format into the ofmap in DRAM; `rlc` (set by
    `eyeriss-insert-rlc`) is how the ofmap is stored: the RLC encoder
    compresses it on the way out.
  }];
  let arguments = (ins Eyeriss_GLBBuffer:$buffer, Eyeriss_Quad:$offsets,
                       Eyeriss_Quad:$sizes,
                       OptionalAttr<Eyeriss_Compression>:$rlc);
  let assemblyFormat = [{
    $buffer `offsets` $offsets `sizes` $sizes (`rlc` $rlc^)? attr-dict
    `:` type($buffer)
  }];
  let hasVerifier = 1;
}

#endif // EYERISS_DIALECT_EYERISS_IR_EYERISSSCHEDULEOPS_TD
