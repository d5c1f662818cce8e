//===- Format.h - The EYB binary format: constants and layouts -*- C++ -*-===//
//
// EYB is the one format in which the compiler hands a compiled network to the
// cycle-level simulator (and, in principle, to the chip's host driver): the
// architecture it was compiled for, the DRAM tensors, the per-layer
// configuration the scan chain loads, the host-side op descriptors, a linear
// instruction stream and the quantized weights. This header pins the byte
// layout: magic, version, section kinds, the size of every fixed record and
// the offset of every field, the enum encodings, and the format's limits.
// Writer.cpp and Reader.cpp both use these constants and nothing else, so the
// two cannot drift apart; docs/ISA.md is the prose form of this file.
//
// All multi-byte fields are little-endian, whatever the host. Plain C++17 on
// LLVM Support only: the simulator in runtime/ includes it too.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_ISA_FORMAT_H
#define EYERISS_ISA_FORMAT_H

#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace eyeriss {
namespace eyb {

//===----------------------------------------------------------------------===//
// Versioning
//===----------------------------------------------------------------------===//

/// The four bytes every stream starts with: "EYB1". They never change; the
/// version fields below do.
inline constexpr char kMagic[4] = {'E', 'Y', 'B', '1'};

/// A major version change breaks old readers; a reader refuses any other
/// major. A minor version only adds (opcodes, section kinds, enum values,
/// host-op kinds) without changing the meaning of existing streams, so a
/// reader accepts every minor up to its own and refuses newer ones (it could
/// meet an addition it does not know).
inline constexpr uint16_t kVersionMajor = 1;
inline constexpr uint16_t kVersionMinor = 17;

//===----------------------------------------------------------------------===//
// Header and section table
//===----------------------------------------------------------------------===//

inline constexpr uint32_t kHeaderSize = 64;
/// Byte offsets of the header fields.
namespace header {
inline constexpr size_t kMagic = 0;         ///< 4 bytes "EYB1".
inline constexpr size_t kVersionMajor = 4;  ///< u16.
inline constexpr size_t kVersionMinor = 6;  ///< u16.
inline constexpr size_t kHeaderSize = 8;    ///< u32, = 64.
inline constexpr size_t kSectionCount = 12; ///< u32.
inline constexpr size_t kFileSize = 16;     ///< u64, the whole stream.
inline constexpr size_t kSectionTable = 24; ///< u64, offset of the table.
inline constexpr size_t kChecksum = 32;     ///< u32 CRC-32, see below.
inline constexpr size_t kFlags = 36;        ///< u32, 0.
inline constexpr size_t kReserved = 40;     ///< 24 bytes of 0.
} // namespace header

/// One section table entry: u32 kind, u32 alignment, u64 offset, u64 size.
inline constexpr uint32_t kSectionEntrySize = 24;
/// Every section starts at a multiple of this; the bytes between sections
/// are zero.
inline constexpr uint32_t kSectionAlignment = 8;

/// Section kinds. Every version-1 stream has all seven, once each, in this
/// order, laid out back to back (8-byte aligned) after the section table.
enum class SectionKind : uint32_t {
  Config = 1,       ///< Program name, DRAM size, the architecture (JSON).
  Strings = 2,      ///< Names, referenced as (offset, length) pairs.
  Tensors = 3,      ///< The DRAM tensor table.
  Layers = 4,       ///< One configuration per PE-array layer.
  HostOps = 5,      ///< Host-op descriptors.
  Instructions = 6, ///< The instruction stream.
  Weights = 7,      ///< Initial contents of the constant tensors.
};
inline constexpr uint32_t kNumSectionKinds = 7;

//===----------------------------------------------------------------------===//
// Limits (a stream beyond them is refused)
//===----------------------------------------------------------------------===//

/// Largest spatial extent (H, W, E, F, R, S) and padding of a layer or
/// tensor. Keeps every product the verifier and the mapper's model form
/// well inside int64.
inline constexpr int64_t kMaxSpatial = 4096;
/// Largest batch, and largest channel or filter count.
inline constexpr int64_t kMaxBatch = 65535;
inline constexpr int64_t kMaxChannels = int64_t(1) << 20;
/// Largest tensor, in elements, and largest dimension of any tensor.
inline constexpr int64_t kMaxTensorElements = int64_t(1) << 40;
inline constexpr int64_t kMaxTensorDim = (int64_t(1) << 31) - 1;
/// The largest architecture the layer record's tables can describe: PE
/// fields are bytes, NoC IDs are bytes.
inline constexpr int64_t kMaxPERows = 255;
inline constexpr int64_t kMaxPECols = 255;
inline constexpr int64_t kMaxIdBits = 8;
/// GLB banks of the ifmap/psum region (one role byte each).
inline constexpr int64_t kMaxBanks = 65535;
/// Host-op inputs.
inline constexpr uint32_t kMaxHostOpInputs = 1024;
/// Longest name (program, tensor, layer, host op), in bytes.
inline constexpr size_t kMaxNameBytes = 4096;

/// "No tensor" in optional tensor fields (a layer without bias).
inline constexpr uint32_t kNoTensor = 0xFFFFFFFFu;

//===----------------------------------------------------------------------===//
// Enumerations (the stored value is the enumerator's)
//===----------------------------------------------------------------------===//

enum class ElementType : uint8_t {
  Int16 = 1,   ///< 16-bit fixed point, `fracBits` fractional bits.
  Float32 = 2, ///< IEEE binary32; host-side tensors only.
};

enum class TensorRole : uint8_t {
  Input = 1,        ///< Filled by the host before the run.
  Output = 2,       ///< Read by the host after the run.
  Constant = 3,     ///< Initialized from the weights section.
  Intermediate = 4, ///< Written and read by the program.
};

/// How a tensor is stored in DRAM. None: densely, row-major. Otherwise
/// run-length compressed (RLC.h), one independent stream per granule, each
/// in a fixed worst-case slot: the innermost dimension of the 4-D view (a
/// row of W values), the innermost two (an H x W plane) or three (an image).
enum class RLCGranule : uint8_t { None = 0, Row = 1, Plane = 2, Image = 3 };

enum class LayerKind : uint8_t { Conv = 1, FullyConnected = 2 };

/// Activation of a layer's (or an Add's) output stage.
enum class Activation : uint8_t { None = 0, ReLU = 1, ReLU6 = 2 };

/// What a bank of the GLB's ifmap/psum region holds during a layer.
enum class BankRole : uint8_t { Unused = 0, Ifmap = 1, Psum = 2 };

/// Where a processing pass's psums start from.
enum class PsumInput : uint8_t {
  Zero = 0, ///< First channel chunk, no bias.
  Bias = 1, ///< First channel chunk: the filters' bias words.
  GLB = 2,  ///< A later channel chunk: read back through the psum GIN.
};

/// What GLB_TO_DRAM applies on the way out.
enum class OutputMode : uint8_t {
  Raw = 0,   ///< Copy the words.
  Ofmap = 1, ///< The output stage: activation, then requantize.
};

/// PE record flag bits.
enum PEFlags : uint8_t {
  kPEActive = 1,        ///< Part of a PE set in this layer.
  kPEPsumFromBelow = 2, ///< Input psums on the local link (else psum GIN).
  kPEPsumToAbove = 4,   ///< Output psums on the local link (else GON).
};

enum class Opcode : uint8_t {
  ConfigureLayer = 1,
  DramToGlb = 2,
  GlbToDram = 3,
  FilterPreload = 4,
  Pass = 5,
  HostOp = 6,
  Barrier = 7,
  End = 8,
};
inline constexpr uint8_t kMaxOpcode = 8;

enum class HostOpKind : uint16_t {
  Convert = 1, ///< Change element type / format / storage.
  MaxPool = 2,
  AvgPool = 3,
  GlobalAvgPool = 4,
  LRN = 5,
  Softmax = 6,
  Add = 7,
  Concat = 8,
  Reshape = 9,
  Flatten = 10,
  Clip = 11,
  ReLU = 12,
  BatchNorm = 13,
  Conv2D = 14,
  FullyConnected = 15,
  // Added in 1.1.
  Pad = 16,
  Sigmoid = 17,
  HardSigmoid = 18,
  Mul = 19,
  // Added in 1.2.
  Slice = 20,
  ChannelShuffle = 21,
  // Added in 1.3 (with broadcasting operands of add).
  LayerNorm = 22,
  Erf = 23,
  Transpose = 24,
  MatMul = 25,
  // Added in 1.4.
  Resize = 26,
  // Added in 1.5.
  Unary = 27,
  Binary = 28,
  // Added in 1.6.
  InsertZeros = 29,
  // Added in 1.7.
  Reduce = 30,
  // Added in 1.9.
  Expand = 31,
  // Added in 1.13.
  Gather = 32,
  // Added in 1.14.
  Select = 33,
  // Added in 1.15.
  CumSum = 34,
  // Added in 1.16.
  GatherElements = 35,
  ScatterElements = 36,
  TopK = 37,
  GatherND = 38,
  ScatterND = 39,
  GridSample = 40,
};
inline constexpr uint16_t kMaxHostOpKind = 40;

/// GatherElements (data, indices) keeps its axis in `axis`: output element
/// [i0, ..., ik, ...] is data[i0, ..., indices[i0, ..., ik, ...], ...], the
/// output shaped as the indices. ScatterElements (data, indices, updates)
/// writes updates into a copy of data at those positions, combining by the
/// `size` field: 0 replace (later updates win), 1 add, 2 mul. GatherND
/// (data, indices) keeps ONNX's batch_dims in `axis`; ScatterND (data,
/// indices, updates) writes each update slice at the position its index
/// tuple names, combining as ScatterElements does. Each index is a whole
/// number held in float32; negative ones count from the end; the runtime
/// refuses one out of range.
namespace scatter {
inline constexpr uint32_t kReplace = 0, kAdd = 1, kMul = 2;
inline constexpr uint32_t kMaxReduction = 2;
} // namespace scatter

/// GridSample (x: N x C x H x W, grid: N x Ho x Wo x 2) keeps in the `size`
/// field its interpolation in bits 0-1 (0 bilinear, 1 nearest, 2 bicubic),
/// its padding in bits 2-3 (0 zeros, 1 border, 2 reflection) and
/// align_corners in bit 4.
namespace gridsample {
inline constexpr uint32_t kModeMask = 0x3, kMaxMode = 2;
inline constexpr unsigned kPaddingShift = 2;
inline constexpr uint32_t kPaddingMask = 0x3, kMaxPadding = 2;
inline constexpr uint32_t kAlignCorners = 1u << 4;
inline constexpr uint32_t kUsedBits =
    kModeMask | kPaddingMask << kPaddingShift | kAlignCorners;
} // namespace gridsample

/// TopK keeps its axis in `axis` and K as the output's extent along it; the
/// `size` field's bit 0 selects the smallest K (else the largest) and bit 1
/// the output: their indices along the axis, as float32 whole numbers (else
/// their values). Both are in order, largest (smallest) first, ties broken
/// by the lower index (ONNX TopK); an op gives one of the two, so ONNX's
/// two outputs are two host ops.
namespace topk {
inline constexpr uint32_t kSmallest = 1u << 0, kIndices = 1u << 1;
inline constexpr uint32_t kUsedBits = kSmallest | kIndices;
} // namespace topk

/// CumSum keeps its axis in `axis` and in the `size` field bit 0
/// exclusive (each sum leaves out its own element) and bit 1 reverse (sums
/// run from the end of the axis).
namespace cumsum {
inline constexpr uint32_t kExclusive = 1u << 0, kReverse = 1u << 1;
inline constexpr uint32_t kUsedBits = kExclusive | kReverse;
} // namespace cumsum

/// Reduce keeps in the `size` field its function in bits 0-3 (0 sum, 1 mean,
/// 2 max, 3 min, 4 prod, 5 l1, 6 l2, 7 sum_square, 8 log_sum, 9
/// log_sum_exp), the reduced axes as a mask (at least one, inside the rank)
/// and keepdims in bit 12: dimensions 0-3 in bits 8-11 and, since 1.8 (which
/// allows rank 8), dimensions 4-7 in bits 13-16.
namespace reduce {
/// 0 sum, 1 mean, 2 max, 3 min, 4 prod, 5 l1, 6 l2, 7 sum_square, 8
/// log_sum, 9 log_sum_exp, and since 1.12 10 argmax, 11 argmin, 12
/// argmax_last, 13 argmin_last (the index along the one reduced axis, as a
/// float: ONNX ArgMax and ArgMin, select_last_index 0 or 1).
inline constexpr uint32_t kMaxFunction = 13;
inline constexpr uint32_t kFirstArgFunction = 10;
inline constexpr uint16_t kArgMinorVersion = 12;
inline constexpr unsigned kAxesShift = 8;
inline constexpr unsigned kHighAxesShift = 13;
inline constexpr uint32_t kKeepDims = 1u << 12;
/// Every bit the field may use.
inline constexpr uint32_t kUsedBits =
    0xffu | 0xfu << kAxesShift | kKeepDims | 0xfu << kHighAxesShift;
/// The bit of the size field that marks dimension `d` (0 to 7) reduced.
inline constexpr uint32_t axisBit(unsigned d) {
  return d < 4 ? 1u << (kAxesShift + d) : 1u << (kHighAxesShift + d - 4);
}
/// The reduced dimensions as a mask, bit d for dimension d.
inline constexpr uint32_t axesMask(uint32_t size) {
  return (size >> kAxesShift & 0xfu) | (size >> kHighAxesShift & 0xfu) << 4;
}
} // namespace reduce

/// Unary and binary keep their function in the `size` field: unary 0 abs,
/// 1 neg, 2 exp, 3 log, 4 sqrt, 5 reciprocal, 6 tanh, 7 softplus, 8
/// softsign, 9 leaky_relu, 10 elu, 11 selu, 12 celu, 13 thresholded_relu
/// (alpha and beta their parameters), since 1.9 14 fake_quant_u8 and 15
/// fake_quant_i8 (alpha the scale, beta the zero point), and since 1.10 16
/// sin, 17 cos, 18 floor, 19 ceil, 20 round (half to even), 21 sign, and
/// since 1.11 22 round_to_f16 and 23 round_to_bf16 (ONNX Cast to float16 or
/// bfloat16: the nearest value of that type, ties to even, overflow to
/// infinity), and since 1.14 24 not (`x == 0`), 25 nonzero (`x != 0`: Cast to
/// bool) and 26 trunc (toward zero: Cast of a float to an integer type),
/// and since 1.15 27 tan, 28 asin, 29 acos, 30 atan, 31 sinh, 32 cosh, 33
/// asinh, 34 acosh, 35 atanh, 36 isnan and 37 isinf (1 for -inf when alpha
/// is 1, for +inf when beta is 1; each 0 or 1); binary 0 sub, 1 div, 2 pow, 3
/// max, 4 min, 5 prelu, and since 1.14 6 equal, 7 less, 8 less_equal, 9
/// greater, 10 greater_equal, 11 and, 12 or, 13 xor (1 where true, 0 where
/// false; logic of 0/1 tensors), and since 1.17 14 add, 15 mul, 16 mod (the
/// remainder with the divisor's sign, Python's %) and 17 fmod (with the
/// dividend's sign, C's fmod). A binary's `size` field keeps the function in
/// its low byte and, since 1.17, flags above it (namespace binary).
inline constexpr uint32_t kMaxUnaryFunction = 37;
/// The unary functions of 1.9, and that minor version.
inline constexpr uint32_t kFirstFakeQuantFunction = 14;
inline constexpr uint32_t kLastFakeQuantFunction = 15;
inline constexpr uint16_t kFakeQuantMinorVersion = 9;
/// The first unary function of 1.10 (sin), and that minor version.
inline constexpr uint32_t kFirstRoundingFunction = 16;
inline constexpr uint32_t kLastRoundingFunction = 21;
inline constexpr uint16_t kRoundingMinorVersion = 10;
/// The unary functions of 1.11 (round_to_f16, round_to_bf16), and that minor
/// version.
inline constexpr uint32_t kFirstCastFunction = 22;
inline constexpr uint32_t kLastCastFunction = 23;
inline constexpr uint16_t kCastFunctionMinorVersion = 11;
/// The unary functions of 1.14 (not, nonzero, trunc) and its binary ones
/// (the comparisons and logic), and that minor version.
inline constexpr uint32_t kFirstLogicFunction = 24;
inline constexpr uint32_t kFirstComparisonFunction = 6;
inline constexpr uint16_t kLogicMinorVersion = 14;
/// The last unary function of 1.14 (trunc); the unary functions after it
/// (the trigonometric and hyperbolic ones, isnan, isinf) are 1.15's.
inline constexpr uint32_t kLastLogicFunction = 26;
inline constexpr uint32_t kFirstTrigFunction = 27;
inline constexpr uint32_t kIsInfFunction = 37;
inline constexpr uint16_t kTrigMinorVersion = 15;

/// Pad keeps its mode in the `size` field and a constant pad's value in
/// `alpha`, since 1.9 (before, both 0: zeros): 0 constant, 1 reflect (the
/// border element not repeated; each pad less than its extent), 2 edge (the
/// border element repeated).
namespace pad {
inline constexpr uint32_t kConstant = 0, kReflect = 1, kEdge = 2;
inline constexpr uint32_t kMaxMode = 2;
inline constexpr uint16_t kModeMinorVersion = 9;
} // namespace pad
inline constexpr uint32_t kMaxBinaryFunction = 17;
/// The last binary function of 1.14 (xor).
inline constexpr uint32_t kLastComparisonFunction = 13;

/// Integer arithmetic (1.17): the binary functions after xor, and the
/// integer type in bits 8-11 of the size field, the host format code of the
/// operands' ONNX type (4 int64, 5 int32, 7 uint8 ... 12 uint64; 0: float
/// arithmetic). With a type the operands are whole numbers held in float32
/// and the function is ONNX's on integers (numpy's where ONNX leaves it
/// open): div truncates toward zero, pow's result is truncated toward zero,
/// and a division or remainder by zero is an error. Results of the 8- and
/// 16-bit types wrap around as the type does (uint8 200 + 100 is 44); those
/// of the 32- and 64-bit types must stay below 2^24 in magnitude, where
/// float32 still holds them exactly (float rounding is monotone, so a
/// rounded result below 2^24 is the exact one), and be non-negative for
/// the unsigned ones (whose wrap-around lies beyond 2^24), or the op fails.
/// A type is valid with add, sub, mul, div, pow, max, min, mod and fmod;
/// add and mul exist only with one (float sums and products are host-op
/// kinds 7 and 19).
namespace binary {
inline constexpr uint32_t kFunctionMask = 0xff;
inline constexpr uint32_t kIntegerShift = 8;
inline constexpr uint32_t kIntegerMask = 0xf;
/// The integer type (a HostFormat code), 0 for float arithmetic.
inline constexpr uint32_t integerType(uint32_t size) {
  return size >> kIntegerShift & kIntegerMask;
}
inline constexpr uint32_t withIntegerType(uint32_t fn, uint32_t format) {
  return fn | format << kIntegerShift;
}
/// The int64 type: the most common.
inline constexpr uint32_t kIntegers = 4u << kIntegerShift;
inline constexpr uint32_t kFirstIntegerFunction = 14;
inline constexpr uint32_t kAdd = 14, kMul = 15, kMod = 16, kFMod = 17;
/// sub, div, pow, max and min (0 to 4) take the flag too.
inline constexpr uint32_t kLastFloatArithmetic = 4;
inline constexpr uint16_t kIntegerMinorVersion = 17;
inline constexpr uint32_t function(uint32_t size) {
  return size & kFunctionMask;
}
} // namespace binary

/// Slice keeps its start in pads top and the magnitude of its step in
/// strides h; since 1.10 the `size` field's bit 0 marks a descending slice
/// (a negative step: torch.flip, x[::-1]) that keeps start, start - step,
/// ..., so its start is the highest index kept.
namespace slice {
inline constexpr uint32_t kDescending = 1;
inline constexpr uint16_t kDescendingMinorVersion = 10;
} // namespace slice

/// The format minor version from which `add` takes operands of different
/// shapes that broadcast.
inline constexpr uint16_t kBroadcastAddMinorVersion = 3;

/// Tensors have rank 1 to 8 (1 to 4 before 1.8), and float32 ones also 0
/// since 1.10; int16 tensors, the PE array's feature maps and filters, 1 to
/// 4. Transpose keeps its
/// permutation in the `size` field, 4 bits per dimension, dimension 0 in the
/// lowest bits.
inline constexpr unsigned kMaxTensorRank = 8;
inline constexpr unsigned kMaxInt16TensorRank = 4;
/// The format minor version from which tensors have rank 5 to 8 (in the
/// wide tensor records).
inline constexpr uint16_t kWideTensorMinorVersion = 8;
/// The format minor version from which a float32 tensor may have rank 0: a
/// scalar, one element (x.mean() in PyTorch, a global max to divide by).
inline constexpr uint16_t kScalarTensorMinorVersion = 10;
/// The format minor version from which a float32 input or output tensor
/// records its host format (HostFormat: the element type the graph declares
/// and the host reads or writes, float16, bfloat16 or float64; the program
/// computes in float32 and the PE array's fixed point regardless) in the
/// field int16 tensors keep their fracBits in. Before, that field is 0
/// (float32).
inline constexpr uint16_t kHostFormatMinorVersion = 11;
/// The format minor version from which an output's host format may be 4,
/// int64 (ArgMax's indices, whole numbers the program holds in float32).
inline constexpr uint16_t kInt64HostFormatMinorVersion = 12;
/// The format minor version from which an input's host format may be int64
/// or int32 (token ids, which a gather's indices may be) and an output's
/// int32 (5).
inline constexpr uint16_t kIntegerInputMinorVersion = 13;
/// The format minor version from which an input or output's host format may
/// be 6, bool (masks, comparisons' results: 0 and 1 held in float32).
inline constexpr uint16_t kBoolHostFormatMinorVersion = 14;

/// The minor format version that added a host-op kind: a stream of an older
/// minor cannot use it.
inline uint16_t hostOpKindMinorVersion(HostOpKind kind) {
  if (uint16_t(kind) >= uint16_t(HostOpKind::GatherElements))
    return 16;
  if (uint16_t(kind) >= uint16_t(HostOpKind::CumSum))
    return 15;
  if (uint16_t(kind) >= uint16_t(HostOpKind::Select))
    return 14;
  if (uint16_t(kind) >= uint16_t(HostOpKind::Gather))
    return 13;
  if (uint16_t(kind) >= uint16_t(HostOpKind::Expand))
    return 9;
  if (uint16_t(kind) >= uint16_t(HostOpKind::Reduce))
    return 7;
  if (uint16_t(kind) >= uint16_t(HostOpKind::InsertZeros))
    return 6;
  if (uint16_t(kind) >= uint16_t(HostOpKind::Unary))
    return 5;
  if (uint16_t(kind) >= uint16_t(HostOpKind::Resize))
    return 4;
  if (uint16_t(kind) >= uint16_t(HostOpKind::LayerNorm))
    return 3;
  if (uint16_t(kind) >= uint16_t(HostOpKind::Slice))
    return 2;
  return uint16_t(kind) >= uint16_t(HostOpKind::Pad) ? 1 : 0;
}

/// Resize keeps its modes in the `size` field: the interpolation (0 nearest,
/// 1 linear, 2 cubic) in bits 0-3, the coordinate transformation (0
/// half_pixel, 1 pytorch_half_pixel, 2 align_corners, 3 asymmetric, 4
/// tf_half_pixel_for_nn, 5 tf_crop_and_resize) in bits 4-7, the nearest
/// rounding (0 round_prefer_floor, 1 round_prefer_ceil, 2 floor, 3 ceil) in
/// bits 8-11, exclude_outside in bit 12, and in bit 13 whether input 1 holds
/// the scales (else each is the output's extent over the input's).
namespace resize {
inline constexpr unsigned kModeShift = 0;
inline constexpr unsigned kCoordinatesShift = 4;
inline constexpr unsigned kNearestShift = 8;
inline constexpr uint32_t kFieldMask = 0xf;
inline constexpr uint32_t kExcludeOutside = 1u << 12;
inline constexpr uint32_t kHasScales = 1u << 13;
inline constexpr uint32_t kMaxMode = 2, kMaxCoordinates = 5, kMaxNearest = 3;
/// The tf_crop_and_resize code: its roi is the last input.
inline constexpr uint32_t kTFCropAndResize = 5;
} // namespace resize

/// Host-op flag bits.
enum HostOpFlags : uint8_t { kHostCeilMode = 1, kHostCountIncludePad = 2 };

//===----------------------------------------------------------------------===//
// Record layouts (sizes in bytes; see docs/ISA.md for the field tables)
//===----------------------------------------------------------------------===//

/// Config section: u64 dramBytes, u32 name length, u32 arch-name length,
/// u32 arch-JSON length, u32 reserved, then the three strings.
inline constexpr uint32_t kConfigFixedSize = 24;
/// Tensors, layers, host ops, instructions and weights start with u32 count,
/// u32 record size (tensors, layers) or reserved 0 (the others).
inline constexpr uint32_t kTableHeaderSize = 8;
/// A tensor record holds 4 dimensions; since 1.8 a stream with a tensor of
/// rank 5 to 8 has wide records of 8 dimensions (the section's record size
/// says which).
inline constexpr uint32_t kTensorRecordSize = 48;
inline constexpr uint32_t kWideTensorRecordSize = 64;
/// The fixed part of a layer record; the PE table, the NoC ID tables and the
/// bank roles follow, sized from the architecture (layerRecordSize).
inline constexpr uint32_t kLayerFixedSize = 184;
inline constexpr uint32_t kPERecordSize = 8;
/// The fixed part of a host-op record; u32 input ids follow, then padding
/// to a multiple of 8.
inline constexpr uint32_t kHostOpFixedSize = 96;
inline constexpr uint32_t kWeightsEntrySize = 24;
/// Instruction header: u8 opcode, u8 0, u16 record size in bytes.
inline constexpr uint32_t kInstructionHeaderSize = 4;
/// A GLB box: i32 n0, c0, h0, w0 then u32 n, c, h, w.
inline constexpr uint32_t kBoxSize = 32;

/// Size of an instruction record (header included), or nullopt for an
/// unknown opcode value.
std::optional<uint32_t> instructionSize(uint8_t opcode);

/// Size of a layer record for an array of rows x cols PEs with `banks` GLB
/// banks: the fixed part, 8 bytes per PE, for each of the three GINs one row
/// ID per PE row and one col ID per PE, one byte per bank, padded to 8.
uint64_t layerRecordSize(int64_t rows, int64_t cols, int64_t banks);

//===----------------------------------------------------------------------===//
// What a stream's header and section table say
//===----------------------------------------------------------------------===//

struct SectionInfo {
  SectionKind kind = SectionKind::Config;
  uint32_t alignment = kSectionAlignment;
  uint64_t offset = 0; ///< From the start of the stream.
  uint64_t size = 0;   ///< Bytes, padding excluded.
};

struct StreamInfo {
  uint16_t versionMajor = kVersionMajor;
  uint16_t versionMinor = kVersionMinor;
  uint64_t fileSize = 0;
  /// CRC-32 (IEEE 802.3, as zlib's crc32) of the whole stream with the
  /// checksum field read as zero.
  uint32_t checksum = 0;
  std::vector<SectionInfo> sections; ///< In table order.
};

//===----------------------------------------------------------------------===//
// Names (for listings and messages)
//===----------------------------------------------------------------------===//

llvm::StringRef stringifySectionKind(SectionKind kind);
llvm::StringRef stringifyElementType(ElementType type);
llvm::StringRef stringifyTensorRole(TensorRole role);
llvm::StringRef stringifyRLCGranule(RLCGranule granule);
llvm::StringRef stringifyLayerKind(LayerKind kind);
llvm::StringRef stringifyActivation(Activation activation);
llvm::StringRef stringifyBankRole(BankRole role);
llvm::StringRef stringifyPsumInput(PsumInput input);
llvm::StringRef stringifyOutputMode(OutputMode mode);
/// "CONFIGURE_LAYER", "DRAM_TO_GLB", ...
llvm::StringRef stringifyOpcode(Opcode opcode);
/// "convert", "max_pool", ... (the eyeriss dialect's op names).
llvm::StringRef stringifyHostOpKind(HostOpKind kind);

/// Whether a raw value is a known enumerator (for the reader and the
/// verifier, which must not trust a value cast into the enum).
bool isValidElementType(uint8_t v);
bool isValidTensorRole(uint8_t v);
bool isValidRLCGranule(uint8_t v);
bool isValidLayerKind(uint8_t v);
bool isValidActivation(uint8_t v);
bool isValidBankRole(uint8_t v);
bool isValidPsumInput(uint8_t v);
bool isValidOutputMode(uint8_t v);
bool isValidOpcode(uint8_t v);
bool isValidHostOpKind(uint16_t v);

} // namespace eyb
} // namespace eyeriss

#endif // EYERISS_ISA_FORMAT_H
