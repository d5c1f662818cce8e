//===- Program.h - An EYB program in memory ---------------------*- C++ -*-===//
//
// The in-memory form of an EYB stream: plain structs and vectors that the
// compiler fills and the simulator executes, one field per field of the
// format (Format.h gives the encodings, docs/ISA.md the semantics). Nothing
// here is derived lazily: a program that passes verifyProgram carries every
// number the simulator needs, so the simulator never re-runs the mapper.
//
// Coordinates. Every tensor is addressed through its 4-D view, its shape
// padded with trailing 1s (an N x K FC input is N x K x 1 x 1, which is how
// the PE array runs an FC layer: a 1x1 convolution over K channels). A Box
// is a 4-D block of that view in (n, c, h, w) order. In the GLB a box is
// stored densely, row-major, starting at a word address: element (n, c, h, w)
// sits at addr + (((n-n0)*c' + (c-c0))*h' + (h-h0))*w' + (w-w0), where
// c', h', w' are the box's extents. GLB addresses and sizes are in data
// words (16 bit); DRAM addresses and sizes are in bytes.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_ISA_PROGRAM_H
#define EYERISS_ISA_PROGRAM_H

#include "eyeriss/Arch/ArchDescription.h"
#include "eyeriss/ISA/Format.h"
#include "eyeriss/Mapping/RSMapping.h"
#include "eyeriss/Support/HostFormat.h"
#include "eyeriss/Workload/LayerShape.h"

#include "llvm/ADT/ArrayRef.h"

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace eyeriss {
namespace eyb {

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

struct TensorDesc {
  std::string name;
  TensorRole role = TensorRole::Intermediate;
  ElementType elementType = ElementType::Int16;
  /// Fixed-point format of an Int16 tensor (value = word * 2^-fracBits);
  /// 0 for Float32.
  int32_t fracBits = 0;
  /// What the host reads a Float32 Input as, or writes a Float32 Output as
  /// (the ONNX graph's element type); Float32 for every other tensor. The
  /// host rounds an input to it; the program computes in float32 regardless.
  HostFormat hostFormat = HostFormat::Float32;
  /// Rank 1 to 4, NCHW order for 4-D tensors.
  std::vector<int64_t> shape;
  /// Byte address in DRAM, a multiple of 8.
  uint64_t dramAddress = 0;
  /// Bytes the tensor occupies: requiredDramBytes(...) exactly.
  uint64_t dramBytes = 0;
  RLCGranule rlc = RLCGranule::None;
  /// Initial contents of a Constant tensor in its DRAM layout (int16 or
  /// float32 little-endian, row-major); empty for every other role.
  std::vector<uint8_t> data;

  /// The shape padded with trailing 1s to rank 4 (N, C, H, W).
  std::array<int64_t, 4> view() const;
  int64_t numElements() const;
  unsigned elementBytes() const {
    return elementType == ElementType::Float32 ? 4 : 2;
  }
};

/// Values in one RLC granule of a tensor with 4-D view `view`.
int64_t rlcGranuleValues(const std::array<int64_t, 4> &view,
                         RLCGranule granule);
/// Bytes of one granule's slot: the longest stream granuleValues values can
/// take (one pair per value), ceil(values / pairsPerWord) words.
uint64_t rlcSlotBytes(int64_t granuleValues, const RLCDesc &rlc);
/// The DRAM bytes a tensor needs: elements x element size when stored
/// densely, granules x slot bytes when compressed.
uint64_t requiredDramBytes(const TensorDesc &tensor, const RLCDesc &rlc);

/// Little-endian packing of constant data.
std::vector<uint8_t> packInt16(llvm::ArrayRef<int16_t> values);
std::vector<uint8_t> packFloat32(llvm::ArrayRef<float> values);
/// The inverse; `bytes` must have an even (multiple of 4) size.
std::vector<int16_t> unpackInt16(llvm::ArrayRef<uint8_t> bytes);
std::vector<float> unpackFloat32(llvm::ArrayRef<uint8_t> bytes);

//===----------------------------------------------------------------------===//
// Layer configuration (what the scan chain loads)
//===----------------------------------------------------------------------===//

/// One PE's role in a layer. A PE belongs to filter chain `chain` (one of
/// t), channel set `channelSet` (one of r), and computes filter row
/// `filterRow` (of R) against ofmap row `ofmapRow` (of e) of its set. In a
/// pass over filters [m0, m0+mCount) and channels [c0, c0+cCount) of a
/// group, it handles filters m0 + chain*p + [0, p) and channels
/// c0 + channelSet*q + [0, q), clipped to the pass's counts, and ofmap row
/// e0 + ofmapRow if that is below e0 + eCount.
struct PEConfig {
  bool active = false;
  /// Input psums come up the local link from the PE below (else the psum
  /// GIN, or zero); output psums go up to the PE above (else the GON).
  bool psumFromBelow = false;
  bool psumToAbove = false;
  uint8_t filterRow = 0;
  uint8_t channelSet = 0;
  uint16_t chain = 0;
  uint16_t ofmapRow = 0;

  bool operator==(const PEConfig &o) const {
    return active == o.active && psumFromBelow == o.psumFromBelow &&
           psumToAbove == o.psumToAbove && filterRow == o.filterRow &&
           channelSet == o.channelSet && chain == o.chain &&
           ofmapRow == o.ofmapRow;
  }
};

/// The multicast IDs of one global input network (JSSC §V-B): a row ID per
/// X-bus (PE row) and a col ID per PE (row-major). A value tagged (row, col)
/// reaches exactly the PEs whose X-bus row ID equals row and whose col ID
/// equals col.
struct MulticastIds {
  std::vector<uint8_t> rowIds; ///< rows entries.
  std::vector<uint8_t> colIds; ///< rows x cols entries.
  bool operator==(const MulticastIds &o) const {
    return rowIds == o.rowIds && colIds == o.colIds;
  }
};

struct LayerConfig {
  std::string name;
  LayerKind kind = LayerKind::Conv;
  /// The whole layer, all groups (FC: C = K, H = W = R = S = E = F = 1).
  LayerShape shape;
  RSMapping mapping;
  /// Must equal RSPlacement::get(RSLayerDims::get(shape), mapping, target).
  RSPlacement placement{};
  Activation activation = Activation::None;
  uint32_t ifmap = kNoTensor, filter = kNoTensor, bias = kNoTensor,
           ofmap = kNoTensor;
  /// Fixed-point formats (FixedPoint.h); they equal the tensors' fracBits,
  /// and the bias is in the psum format.
  int32_t ifmapFracBits = 0, filterFracBits = 0, psumFracBits = 0,
          ofmapFracBits = 0;
  /// The product window: filter + ifmap - psum fractional bits, within
  /// [0, productBits - dataBits].
  int32_t windowShift = 0;
  /// rows x cols, row-major (row 0 is the top of the array).
  std::vector<PEConfig> pes;
  MulticastIds ginFilter, ginIfmap, ginPsum;
  /// One role per bank of the GLB's ifmap/psum region.
  std::vector<BankRole> banks;
};

//===----------------------------------------------------------------------===//
// Host-op descriptors
//===----------------------------------------------------------------------===//

/// An op the host CPU runs between array layers. Attributes that a kind does
/// not use must keep their default (zero) value.
struct HostOpDesc {
  std::string name;
  HostOpKind kind = HostOpKind::Convert;
  std::vector<uint32_t> inputs;
  uint32_t output = kNoTensor;
  Activation activation = Activation::None; ///< Add, Conv2D, FC.
  bool ceilMode = false;                    ///< Pools.
  bool countIncludePad = false;             ///< AvgPool.
  std::array<uint32_t, 2> kernel{};         ///< Pools (h, w).
  std::array<uint32_t, 2> strides{};        ///< Pools, Conv2D.
  std::array<uint32_t, 4> pads{};           ///< Top, left, bottom, right.
  std::array<uint32_t, 2> dilations{};      ///< Conv2D.
  uint32_t groups = 0;                      ///< Conv2D.
  int32_t axis = 0; ///< Softmax, Concat, Flatten, Slice, LayerNorm.
  uint32_t size = 0;                        ///< LRN; Transpose's perm.
  float alpha = 0, beta = 0, bias = 0;      ///< LRN.
  float epsilon = 0;                        ///< BatchNorm, LayerNorm.
  float min = 0, max = 0;                   ///< Clip.
};

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

/// A 4-D block of a tensor's view (or of an ofmap, for psums: c = ofmap
/// channel, h = ofmap row, w = ofmap column). h0 and w0 may be negative, and
/// h0 + h, w0 + w may pass the tensor's extent: those positions are padding
/// (zeros in the GLB, never fetched).
struct Box {
  int32_t n0 = 0, c0 = 0, h0 = 0, w0 = 0;
  uint32_t n = 1, c = 1, h = 1, w = 1;
  /// Words the box occupies in the GLB.
  uint64_t volume() const { return uint64_t(n) * c * h * w; }
  bool operator==(const Box &o) const {
    return n0 == o.n0 && c0 == o.c0 && h0 == o.h0 && w0 == o.w0 && n == o.n &&
           c == o.c && h == o.h && w == o.w;
  }
};

/// A box stored in the GLB's ifmap/psum region at word address `addr`.
struct GLBRegion {
  uint32_t addr = 0;
  Box box;
  bool operator==(const GLBRegion &o) const {
    return addr == o.addr && box == o.box;
  }
};

/// Loads layer `layer`'s configuration (the scan chain). Waits for every
/// earlier instruction.
struct ConfigureLayer {
  uint32_t layer = 0;
};

/// DRAM -> GLB: `box` of `tensor` (RLC-decoded if it is compressed) to the
/// banks of role `region`, at `glbAddr`.
struct DramToGlb {
  uint32_t tensor = 0;
  BankRole region = BankRole::Ifmap;
  uint32_t glbAddr = 0;
  Box box;
};

/// GLB -> DRAM: the box at `glbAddr` (psum banks) to `box` of `tensor`,
/// through the output stage when mode is Ofmap, RLC-encoded if the tensor is
/// compressed.
struct GlbToDram {
  uint32_t tensor = 0;
  OutputMode mode = OutputMode::Ofmap;
  uint32_t glbAddr = 0;
  Box box;
};

/// DRAM -> filter GLB: the weights of filters [m0, m0+mCount) and channels
/// [c0, c0+cCount) of `group` of the configured layer (within-group
/// indices), stored as mCount x cCount x R x S words at `filterAddr`; with
/// `bias`, the mCount bias words follow.
struct FilterPreload {
  uint32_t group = 0;
  uint32_t m0 = 0, mCount = 1;
  uint32_t c0 = 0, cCount = 1;
  uint32_t filterAddr = 0;
  bool bias = false;
};

/// One processing pass of the configured layer: filters [m0, m0+mCount),
/// channels [c0, c0+cCount) (within `group`), images [n0, n0+nCount), ofmap
/// rows [e0, e0+eCount). Filters (and bias) from the filter GLB at
/// `filterAddr`, ifmaps from region `ifmap`, psums from/to region `psum`.
struct Pass {
  uint32_t group = 0;
  uint32_t m0 = 0, mCount = 1;
  uint32_t c0 = 0, cCount = 1;
  uint32_t n0 = 0, nCount = 1;
  uint32_t e0 = 0, eCount = 1;
  PsumInput psumIn = PsumInput::Zero;
  uint32_t filterAddr = 0;
  GLBRegion ifmap, psum;
};

/// Runs host-op descriptor `op` on the host.
struct HostOpCall {
  uint32_t op = 0;
};

/// Waits for every earlier instruction to complete.
struct Barrier {};
/// The end of the program; the last instruction, and the only END.
struct End {};

using Instruction = std::variant<ConfigureLayer, DramToGlb, GlbToDram,
                                 FilterPreload, Pass, HostOpCall, Barrier, End>;

Opcode getOpcode(const Instruction &instruction);

//===----------------------------------------------------------------------===//
// The program
//===----------------------------------------------------------------------===//

struct Program {
  /// Free text naming the program (the model it was compiled from).
  std::string name;
  /// The architecture the program was compiled for; stored in the stream as
  /// printArchDescription's JSON, so the simulator runs on exactly it.
  ArchDescription arch;
  /// Bytes of DRAM the program uses: every tensor lies below this.
  uint64_t dramBytes = 0;
  /// Indexed by tensor id, layer index and host-op index.
  std::vector<TensorDesc> tensors;
  std::vector<LayerConfig> layers;
  std::vector<HostOpDesc> hostOps;
  std::vector<Instruction> instructions;
};

} // namespace eyb
} // namespace eyeriss

#endif // EYERISS_ISA_PROGRAM_H
