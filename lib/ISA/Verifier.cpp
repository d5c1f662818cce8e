//===- Verifier.cpp - Semantic checks of an EYB program -------------------===//
//
// The checks run in dependency order (architecture, tensors, layers, host
// ops, instructions), and each record's fields are checked before anything
// is computed from them, so no later check meets a value that could make it
// overflow, divide by zero or allocate without bound: the mapper's
// RSLayerModel, which sizes vectors by the layer's extents, only sees layers
// whose extents are within the format's limits and match their tensors.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/ISA/Verifier.h"

#include "eyeriss/Arch/TargetModel.h"
#include "eyeriss/Arith/FixedPoint.h"
#include "eyeriss/Mapping/RSCostModel.h"
#include "eyeriss/Workload/Broadcast.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <tuple>

using namespace eyeriss;
using namespace eyeriss::eyb;
using namespace llvm;

namespace {

class Verifier {
public:
  Verifier(const Program &program, const RecordOffsets *offsets)
      : p(program), offsets(offsets) {}

  Error run();

private:
  Error verifyArch();
  Error verifyName(StringRef name, const Twine &where);
  Error verifyTensor(uint32_t id);
  Error verifyDramOverlaps();
  Error verifyLayer(uint32_t index);
  Error verifyLayerShape(const LayerConfig &l, const std::string &where);
  Error verifyLayerTensors(const LayerConfig &l, const std::string &where);
  Error verifyPETable(const LayerConfig &l, const std::string &where);
  Error verifyMulticast(const LayerConfig &l, const std::string &where);
  Error verifyHostOp(uint32_t index);
  Error verifyHostOpShapes(const HostOpDesc &op, const std::string &where);
  Error verifyInstructions();
  Error verifyInstruction(uint32_t index, const Instruction &inst);

  // Instruction helpers.
  Error needLayer(const std::string &where);
  Error checkTensorId(uint32_t id, const std::string &where, StringRef field);
  Error checkRead(uint32_t id, const std::string &where);
  Error checkWrite(uint32_t id, const std::string &where);
  Error checkBoxInTensor(const Box &box, uint32_t tensor, bool allowPadding,
                         const std::string &where, StringRef field);
  Error checkFmapRegion(uint32_t addr, const Box &box, BankRole role,
                        const std::string &where, StringRef field);
  Error checkFilterRegion(uint32_t addr, uint64_t words,
                          const std::string &where);
  Error checkChunk(const LayerConfig &l, uint32_t group, uint32_t m0,
                   uint32_t mCount, uint32_t c0, uint32_t cCount,
                   const std::string &where);

  std::string tensorWhere(uint32_t id) const;
  std::string layerWhere(uint32_t index) const;
  std::string hostOpWhere(uint32_t index) const;
  std::string instructionWhere(uint32_t index, const Instruction &inst) const;

  const Program &p;
  const RecordOffsets *offsets;
  std::optional<TargetModel> target;

  // Instruction walk state.
  const LayerConfig *layer = nullptr;
  uint32_t layerIndex = 0;
  std::vector<char> written;
};

Error fail(const Twine &where, const Twine &message) {
  return createStringError(inconvertibleErrorCode(),
                           (where + ": " + message).str());
}

/// A name as messages quote it: control characters escaped, so a corrupt
/// name cannot garble the terminal that shows the message.
std::string quoted(StringRef name) {
  std::string text;
  raw_string_ostream os(text);
  os << '\'';
  printEscapedString(name, os);
  os << '\'';
  return text;
}

std::string offsetSuffix(const std::vector<uint64_t> *offsets, size_t index) {
  if (!offsets || index >= offsets->size())
    return "";
  return formatv(" (byte {0:x})", (*offsets)[index]).str();
}

/// "a x b x c".
std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s.empty() ? "<rank 0>" : s;
}

} // namespace

std::string Verifier::tensorWhere(uint32_t id) const {
  return formatv("tensor {0} {1}{2}", id, quoted(p.tensors[id].name),
                 offsetSuffix(offsets ? &offsets->tensors : nullptr, id))
      .str();
}

std::string Verifier::layerWhere(uint32_t index) const {
  return formatv("layer {0} {1}{2}", index, quoted(p.layers[index].name),
                 offsetSuffix(offsets ? &offsets->layers : nullptr, index))
      .str();
}

std::string Verifier::hostOpWhere(uint32_t index) const {
  return formatv("host op {0} {1}{2}", index, quoted(p.hostOps[index].name),
                 offsetSuffix(offsets ? &offsets->hostOps : nullptr, index))
      .str();
}

std::string Verifier::instructionWhere(uint32_t index,
                                       const Instruction &inst) const {
  return formatv(
             "instruction {0} ({1}){2}", index,
             stringifyOpcode(getOpcode(inst)),
             offsetSuffix(offsets ? &offsets->instructions : nullptr, index))
      .str();
}

//===----------------------------------------------------------------------===//
// Architecture and names
//===----------------------------------------------------------------------===//

Error Verifier::verifyName(StringRef name, const Twine &where) {
  if (name.size() > kMaxNameBytes)
    return fail(where, formatv("name of {0} bytes, the limit is {1}",
                               name.size(), kMaxNameBytes));
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = name[i];
    if (c < 0x20 || c == 0x7f)
      return fail(where,
                  formatv("name has control character {0:x2} at byte {1}",
                          unsigned(c), i));
  }
  return Error::success();
}

Error Verifier::verifyArch() {
  // The loader is the one definition of a valid description; printing and
  // re-parsing also proves the description survives the stream's JSON.
  Expected<ArchDescription> parsed =
      parseArchDescription(printArchDescription(p.arch), "architecture");
  if (!parsed)
    return parsed.takeError();
  if (Error err = verifyName(p.name, "program name"))
    return err;
  if (Error err = verifyName(p.arch.name, "architecture name"))
    return err;
  const ArchDescription &a = p.arch;
  if (a.peArray.rows > kMaxPERows || a.peArray.cols > kMaxPECols)
    return fail("architecture",
                formatv("a {0} x {1} PE array exceeds the format's {2} x {3}",
                        a.peArray.rows, a.peArray.cols, kMaxPERows,
                        kMaxPECols));
  if (a.glb.fmap.banks > kMaxBanks)
    return fail("architecture", formatv("{0} GLB banks exceed the format's {1}",
                                        a.glb.fmap.banks, kMaxBanks));
  for (auto [net, desc] : {std::pair{Network::GINFilter, &a.noc.ginFilter},
                           std::pair{Network::GINIfmap, &a.noc.ginIfmap},
                           std::pair{Network::GINPsum, &a.noc.ginPsum}})
    if (desc->rowIdBits > kMaxIdBits || desc->colIdBits > kMaxIdBits)
      return fail("architecture",
                  formatv("{0}: IDs of {1}/{2} bits exceed the format's {3}",
                          stringifyNetwork(net), desc->rowIdBits,
                          desc->colIdBits, kMaxIdBits));
  target.emplace(a);
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

Error Verifier::verifyTensor(uint32_t id) {
  const TensorDesc &t = p.tensors[id];
  std::string where = tensorWhere(id);
  if (Error err = verifyName(t.name, where))
    return err;
  if (!isValidTensorRole(uint8_t(t.role)))
    return fail(where, formatv("unknown role {0}", unsigned(t.role)));
  if (!isValidElementType(uint8_t(t.elementType)))
    return fail(where,
                formatv("unknown element type {0}", unsigned(t.elementType)));
  if (!isValidRLCGranule(uint8_t(t.rlc)))
    return fail(where, formatv("unknown RLC granule {0}", unsigned(t.rlc)));
  if (t.shape.size() > kMaxTensorRank)
    return fail(where, formatv("rank {0}, must be 0 to {1}", t.shape.size(),
                               kMaxTensorRank));
  int64_t elements = 1;
  for (size_t i = 0; i < t.shape.size(); ++i) {
    int64_t d = t.shape[i];
    if (d < 1 || d > kMaxTensorDim)
      return fail(where, formatv("dimension {0} is {1}, must be 1 to {2}", i, d,
                                 kMaxTensorDim));
    if (elements > kMaxTensorElements / d)
      return fail(where, formatv("shape {0} has more than 2^40 elements",
                                 shapeStr(t.shape)));
    elements *= d;
  }
  if (t.elementType == ElementType::Int16) {
    if (t.shape.empty() || t.shape.size() > kMaxInt16TensorRank)
      return fail(where, formatv("an int16 tensor of rank {0}, must be 1 to "
                                 "{1}",
                                 t.shape.size(), kMaxInt16TensorRank));
    if (!fixedpoint::Format::isValid(t.fracBits))
      return fail(where, formatv("fracBits {0} outside [{1}, {2}]", t.fracBits,
                                 fixedpoint::Format::kMinFracBits,
                                 fixedpoint::Format::kMaxFracBits));
  } else if (t.fracBits != 0) {
    return fail(where, formatv("a float32 tensor has fracBits {0}, must be 0",
                               t.fracBits));
  }
  if (uint8_t(t.hostFormat) > uint8_t(kLastHostFormat))
    return fail(where,
                formatv("host format {0}, must be 0 to {1}",
                        unsigned(t.hostFormat), unsigned(kLastHostFormat)));
  // Only what the host exchanges has a format other than the program's.
  if (t.hostFormat != HostFormat::Float32 &&
      (t.elementType != ElementType::Float32 ||
       (t.role != TensorRole::Input && t.role != TensorRole::Output)))
    return fail(where, formatv("host format {0} on a tensor of role {2} and "
                               "type {1}; only float32 inputs and outputs "
                               "have one",
                               stringifyHostFormat(t.hostFormat),
                               stringifyElementType(t.elementType),
                               stringifyTensorRole(t.role)));
  const RLCDesc &rlc = p.arch.rlc;
  if (t.rlc != RLCGranule::None) {
    if (t.elementType != ElementType::Int16)
      return fail(where, "only int16 tensors can be RLC-compressed");
    if (!rlc.enabled)
      return fail(where, formatv("RLC-compressed, but architecture '{0}' has "
                                 "no RLC codec",
                                 p.arch.name));
    if (t.role == TensorRole::Constant)
      return fail(where, "constant tensors are stored uncompressed");
    if (t.role == TensorRole::Input && !rlc.compressFirstLayerInput)
      return fail(where, formatv("an input tensor is RLC-compressed, but "
                                 "architecture '{0}' does not compress the "
                                 "network's input",
                                 p.arch.name));
  }
  if (t.dramAddress % 8 != 0)
    return fail(where,
                formatv("DRAM address {0:x} is not a multiple of 8 bytes",
                        t.dramAddress));
  uint64_t required = requiredDramBytes(t, rlc);
  if (t.dramBytes != required)
    return fail(where, formatv("DRAM size {0} bytes, its shape {1} ({2}) "
                               "needs {3}",
                               t.dramBytes, shapeStr(t.shape),
                               stringifyRLCGranule(t.rlc), required));
  if (t.dramAddress > p.dramBytes || t.dramBytes > p.dramBytes - t.dramAddress)
    return fail(where, formatv("DRAM bytes [{0:x}, {1:x}) exceed the "
                               "program's DRAM of {2:x} bytes",
                               t.dramAddress, t.dramAddress + t.dramBytes,
                               p.dramBytes));
  if (t.role == TensorRole::Constant) {
    if (t.data.size() != t.dramBytes)
      return fail(where, formatv("constant data of {0} bytes, the tensor "
                                 "takes {1}",
                                 t.data.size(), t.dramBytes));
  } else if (!t.data.empty()) {
    return fail(where, formatv("a {0} tensor carries {1} bytes of data; "
                               "only constants do",
                               stringifyTensorRole(t.role), t.data.size()));
  }
  return Error::success();
}

Error Verifier::verifyDramOverlaps() {
  // Intermediates may share DRAM (a compiler reuses space of dead tensors),
  // but nothing may overlap a constant or an input: the program would
  // overwrite its own weights or inputs.
  std::vector<uint32_t> order(p.tensors.size());
  for (uint32_t i = 0; i < order.size(); ++i)
    order[i] = i;
  llvm::sort(order, [&](uint32_t a, uint32_t b) {
    const TensorDesc &x = p.tensors[a], &y = p.tensors[b];
    return std::tie(x.dramAddress, x.dramBytes, a) <
           std::tie(y.dramAddress, y.dramBytes, b);
  });
  auto isProtected = [&](uint32_t id) {
    return p.tensors[id].role == TensorRole::Constant ||
           p.tensors[id].role == TensorRole::Input;
  };
  // Sorted by start, b overlaps an earlier a iff b starts before a's end:
  // so track the furthest end of all earlier tensors and of earlier
  // protected ones.
  uint64_t maxEnd = 0, maxProtectedEnd = 0;
  uint32_t maxEndId = 0, maxProtectedId = 0;
  for (uint32_t id : order) {
    const TensorDesc &t = p.tensors[id];
    uint64_t end = t.dramAddress + t.dramBytes;
    std::optional<uint32_t> other;
    if (t.dramAddress < maxProtectedEnd)
      other = maxProtectedId;
    else if (isProtected(id) && t.dramAddress < maxEnd)
      other = maxEndId;
    if (other)
      return fail(
          tensorWhere(id),
          formatv("DRAM bytes [{0:x}, {1:x}) overlap those of {2} "
                  "[{3:x}, {4:x}); constants and inputs may not "
                  "share DRAM",
                  t.dramAddress, end, tensorWhere(*other),
                  p.tensors[*other].dramAddress,
                  p.tensors[*other].dramAddress + p.tensors[*other].dramBytes));
    if (end > maxEnd) {
      maxEnd = end;
      maxEndId = id;
    }
    if (isProtected(id) && end > maxProtectedEnd) {
      maxProtectedEnd = end;
      maxProtectedId = id;
    }
  }
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

Error Verifier::verifyLayerShape(const LayerConfig &l,
                                 const std::string &where) {
  const LayerShape &s = l.shape;
  struct Field {
    const char *name;
    int64_t value, min, max;
  };
  const Field fields[] = {
      {"N", s.N, 1, kMaxBatch},
      {"C", s.C, 1, kMaxChannels},
      {"M", s.M, 1, kMaxChannels},
      {"H", s.H, 1, kMaxSpatial},
      {"W", s.W, 1, kMaxSpatial},
      {"R", s.R, 1, kMaxSpatial},
      {"S", s.S, 1, kMaxSpatial},
      {"E", s.E, 1, kMaxSpatial},
      {"F", s.F, 1, kMaxSpatial},
      {"stride_h", s.strideH, 1, kMaxSpatial},
      {"stride_w", s.strideW, 1, kMaxSpatial},
      {"dilation_h", s.dilationH, 1, kMaxSpatial},
      {"dilation_w", s.dilationW, 1, kMaxSpatial},
      {"pad_top", s.padTop, 0, kMaxSpatial},
      {"pad_left", s.padLeft, 0, kMaxSpatial},
      {"pad_bottom", s.padBottom, 0, kMaxSpatial},
      {"pad_right", s.padRight, 0, kMaxSpatial},
      {"groups", s.groups, 1, kMaxChannels},
  };
  for (const Field &f : fields)
    if (f.value < f.min || f.value > f.max)
      return fail(where, formatv("shape field {0} = {1}, must be {2} to {3}",
                                 f.name, f.value, f.min, f.max));
  if (s.C % s.groups || s.M % s.groups)
    return fail(where, formatv("groups = {0} divides neither C = {1} nor "
                               "M = {2} evenly",
                               s.groups, s.C, s.M));
  std::optional<int64_t> e = slidingWindowOutputSize(
      s.H, s.R, s.strideH, s.padTop, s.padBottom, s.dilationH);
  std::optional<int64_t> f = slidingWindowOutputSize(
      s.W, s.S, s.strideW, s.padLeft, s.padRight, s.dilationW);
  if (!e || !f || *e != s.E || *f != s.F)
    return fail(
        where, formatv("ofmap {0}x{1} does not follow from the ifmap, "
                       "filter, strides, dilations and pads (expected {2}x{3})",
                       s.E, s.F, e ? std::to_string(*e) : "none",
                       f ? std::to_string(*f) : "none"));
  if (l.kind == LayerKind::FullyConnected &&
      (s.H != 1 || s.W != 1 || s.R != 1 || s.S != 1 || s.strideH != 1 ||
       s.strideW != 1 || s.dilationH != 1 || s.dilationW != 1 || s.padTop ||
       s.padLeft || s.padBottom || s.padRight || s.groups != 1))
    return fail(where, "an FC layer runs as a 1x1 convolution over K "
                       "channels: H, W, R, S, strides, dilations, groups "
                       "must be 1 and pads 0");
  const RSMapping &m = l.mapping;
  for (auto [name, v] :
       {std::pair{"m", m.m}, std::pair{"n", m.n}, std::pair{"e", m.e},
        std::pair{"p", m.p}, std::pair{"q", m.q}, std::pair{"r", m.r},
        std::pair{"t", m.t}})
    if (v < 1 || v > kMaxChannels)
      return fail(where, formatv("mapping parameter {0} = {1}, must be 1 to "
                                 "{2}",
                                 name, v, kMaxChannels));
  return Error::success();
}

Error Verifier::verifyLayerTensors(const LayerConfig &l,
                                   const std::string &where) {
  const LayerShape &s = l.shape;
  struct Operand {
    const char *name;
    uint32_t id;
    std::array<int64_t, 4> view;
    int32_t fracBits;
    bool optional;
  };
  const Operand operands[] = {
      {"ifmap", l.ifmap, {s.N, s.C, s.H, s.W}, l.ifmapFracBits, false},
      {"filter",
       l.filter,
       {s.M, s.channelsPerGroup(), s.R, s.S},
       l.filterFracBits,
       false},
      {"bias", l.bias, {s.M, 1, 1, 1}, l.psumFracBits, true},
      {"ofmap", l.ofmap, {s.N, s.M, s.E, s.F}, l.ofmapFracBits, false},
  };
  for (const Operand &o : operands) {
    if (o.id == kNoTensor && o.optional)
      continue;
    if (o.id >= p.tensors.size())
      return fail(where, formatv("{0} tensor id {1} out of range ({2} "
                                 "tensors)",
                                 o.name, o.id, p.tensors.size()));
    const TensorDesc &t = p.tensors[o.id];
    if (t.elementType != ElementType::Int16)
      return fail(where,
                  formatv("{0} {1} is not int16", o.name, tensorWhere(o.id)));
    if (t.view() != o.view)
      return fail(where, formatv("{0} {1} has shape {2}, the layer needs {3}",
                                 o.name, tensorWhere(o.id), shapeStr(t.shape),
                                 shapeStr(o.view)));
    if (t.fracBits != o.fracBits)
      return fail(where,
                  formatv("{0} format: the layer says {1} fractional "
                          "bits, {2} has {3}",
                          o.name, o.fracBits, tensorWhere(o.id), t.fracBits));
    if ((o.id == l.filter || o.id == l.bias) && t.rlc != RLCGranule::None)
      return fail(where, formatv("{0} {1} is RLC-compressed; filters and "
                                 "biases are read uncompressed",
                                 o.name, tensorWhere(o.id)));
  }
  if (!fixedpoint::Format::isValid(l.psumFracBits))
    return fail(where, formatv("psum fracBits {0} outside [{1}, {2}]",
                               l.psumFracBits, fixedpoint::Format::kMinFracBits,
                               fixedpoint::Format::kMaxFracBits));
  int32_t shift = l.filterFracBits + l.ifmapFracBits - l.psumFracBits;
  if (l.windowShift != shift)
    return fail(where, formatv("window shift {0}, but filter + ifmap - psum "
                               "fractional bits = {1} + {2} - {3} = {4}",
                               l.windowShift, l.filterFracBits, l.ifmapFracBits,
                               l.psumFracBits, shift));
  int64_t maxShift = p.arch.arithmetic.productBits - p.arch.arithmetic.dataBits;
  if (shift < 0 || shift > maxShift)
    return fail(where, formatv("window shift {0}: the datapath selects {1} of "
                               "the product's {2} bits, a shift of 0 to {3}",
                               shift, p.arch.arithmetic.dataBits,
                               p.arch.arithmetic.productBits, maxShift));
  return Error::success();
}

Error Verifier::verifyPETable(const LayerConfig &l, const std::string &where) {
  int64_t rows = target->numPERows(), cols = target->numPECols();
  if (int64_t(l.pes.size()) != rows * cols)
    return fail(where, formatv("PE table has {0} entries, the {1} x {2} array "
                               "{3}",
                               l.pes.size(), rows, cols, rows * cols));
  const RSMapping &m = l.mapping;
  // First what each PE computes (ranges, one PE per product), then how
  // their psums flow, so a message names the first real cause.
  std::map<std::tuple<int, int, int, int>, int64_t> seen;
  int64_t active = 0;
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t col = 0; col < cols; ++col) {
      const PEConfig &pe = l.pes[row * cols + col];
      std::string at = formatv("PE ({0}, {1})", row, col).str();
      if (!pe.active) {
        if (!(pe == PEConfig()))
          return fail(where, at + ": an inactive PE must have all fields 0");
        continue;
      }
      ++active;
      if (pe.filterRow >= l.shape.R || pe.channelSet >= m.r ||
          pe.chain >= m.t || pe.ofmapRow >= m.e)
        return fail(where, formatv("{0}: filter row {1}, channel set {2}, "
                                   "chain {3}, ofmap row {4} outside R = {5}, "
                                   "r = {6}, t = {7}, e = {8}",
                                   at, pe.filterRow, pe.channelSet, pe.chain,
                                   pe.ofmapRow, l.shape.R, m.r, m.t, m.e));
      auto key = std::make_tuple(int(pe.chain), int(pe.channelSet),
                                 int(pe.filterRow), int(pe.ofmapRow));
      auto [it, inserted] = seen.insert({key, row * cols + col});
      if (!inserted)
        return fail(where,
                    formatv("{0} and PE ({1}, {2}) both compute chain "
                            "{3}, channel set {4}, filter row {5}, "
                            "ofmap row {6}",
                            at, it->second / cols, it->second % cols, pe.chain,
                            pe.channelSet, pe.filterRow, pe.ofmapRow));
    }
  if (active != l.placement.activePEs)
    return fail(where, formatv("{0} active PEs, the mapping places {1}", active,
                               l.placement.activePEs));

  // Per (chain, ofmap row): PEs, and those sending to the GON.
  std::map<std::pair<int, int>, std::pair<int64_t, int64_t>> columns;
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t col = 0; col < cols; ++col) {
      const PEConfig &pe = l.pes[row * cols + col];
      if (!pe.active)
        continue;
      std::string at = formatv("PE ({0}, {1})", row, col).str();
      if (pe.psumFromBelow) {
        const PEConfig *below =
            row + 1 < rows ? &l.pes[(row + 1) * cols + col] : nullptr;
        if (!below || !below->active || !below->psumToAbove ||
            below->chain != pe.chain || below->ofmapRow != pe.ofmapRow)
          return fail(where, at + ": takes psums from below, but the PE "
                                  "below does not send this chain's psums "
                                  "of this ofmap row up");
      }
      if (pe.psumToAbove) {
        const PEConfig *above =
            row > 0 ? &l.pes[(row - 1) * cols + col] : nullptr;
        if (!above || !above->active || !above->psumFromBelow)
          return fail(where, at + ": sends psums up, but the PE above does "
                                  "not take them");
      }
      auto &column = columns[{pe.chain, pe.ofmapRow}];
      ++column.first;
      column.second += pe.psumToAbove ? 0 : 1;
    }
  // Every (chain, ofmap row) accumulates r*R products in one vertical run:
  // links are consistent (above), so one PE sending to the GON means one run.
  for (const auto &[key, column] : columns)
    if (column.second != 1)
      return fail(where,
                  formatv("chain {0}, ofmap row {1}: its {2} PEs form "
                          "{3} psum columns, must form one",
                          key.first, key.second, column.first, column.second));
  return Error::success();
}

Error Verifier::verifyMulticast(const LayerConfig &l,
                                const std::string &where) {
  int64_t rows = target->numPERows(), cols = target->numPECols();
  const LayerShape &s = l.shape;
  struct Net {
    Network network;
    const MulticastIds *ids;
  };
  for (const Net &net : {Net{Network::GINFilter, &l.ginFilter},
                         Net{Network::GINIfmap, &l.ginIfmap},
                         Net{Network::GINPsum, &l.ginPsum}}) {
    StringRef name = stringifyNetwork(net.network);
    const NetworkDesc &desc = target->network(net.network);
    if (int64_t(net.ids->rowIds.size()) != rows ||
        int64_t(net.ids->colIds.size()) != rows * cols)
      return fail(where,
                  formatv("{0}: {1} row IDs and {2} col IDs, the "
                          "{3} x {4} array needs {3} and {5}",
                          name, net.ids->rowIds.size(), net.ids->colIds.size(),
                          rows, cols, rows * cols));
    for (int64_t row = 0; row < rows; ++row)
      if (net.ids->rowIds[row] >> desc.rowIdBits)
        return fail(where,
                    formatv("{0}: row ID {1} of X-bus {2} does not fit "
                            "{3} bits",
                            name, net.ids->rowIds[row], row, desc.rowIdBits));
    for (int64_t i = 0; i < rows * cols; ++i)
      if (net.ids->colIds[i] >> desc.colIdBits)
        return fail(where, formatv("{0}: col ID {1} of PE ({2}, {3}) does not "
                                   "fit {4} bits",
                                   name, net.ids->colIds[i], i / cols, i % cols,
                                   desc.colIdBits));
    // A value tagged (row ID, col ID) reaches every PE with those IDs, so
    // PEs sharing IDs must want the same data (and PEs that take nothing
    // from this network must not share IDs with one that does).
    // Data identity: filter rows by (chain, channel set, filter row); ifmap
    // rows by (channel set, padded row offset within the strip); input
    // psums, taken only at the bottom of a column, by (chain, ofmap row).
    DenseMap<std::pair<unsigned, unsigned>, std::pair<int64_t, int64_t>> owner;
    for (int64_t row = 0; row < rows; ++row)
      for (int64_t col = 0; col < cols; ++col) {
        const PEConfig &pe = l.pes[row * cols + col];
        int64_t data = -1; // Takes nothing from this network.
        if (pe.active) {
          switch (net.network) {
          case Network::GINFilter:
            data =
                (int64_t(pe.chain) * 256 + pe.channelSet) * 256 + pe.filterRow;
            break;
          case Network::GINIfmap:
            data = int64_t(pe.channelSet) * (int64_t(1) << 40) +
                   int64_t(pe.ofmapRow) * s.strideH +
                   int64_t(pe.filterRow) * s.dilationH;
            break;
          default:
            if (!pe.psumFromBelow)
              data = int64_t(pe.chain) * 65536 + pe.ofmapRow;
            break;
          }
        }
        std::pair<unsigned, unsigned> ids = {net.ids->rowIds[row],
                                             net.ids->colIds[row * cols + col]};
        auto [it, inserted] = owner.insert({ids, {data, row * cols + col}});
        if (!inserted && it->second.first != data)
          return fail(where,
                      formatv("{0}: PE ({1}, {2}) and PE ({3}, {4}) share row "
                              "ID {5} and col ID {6} but need different data",
                              name, it->second.second / cols,
                              it->second.second % cols, row, col, ids.first,
                              ids.second));
      }
  }
  return Error::success();
}

Error Verifier::verifyLayer(uint32_t index) {
  const LayerConfig &l = p.layers[index];
  std::string where = layerWhere(index);
  if (Error err = verifyName(l.name, where))
    return err;
  if (!isValidLayerKind(uint8_t(l.kind)))
    return fail(where, formatv("unknown layer kind {0}", unsigned(l.kind)));
  if (!isValidActivation(uint8_t(l.activation)))
    return fail(where,
                formatv("unknown activation {0}", unsigned(l.activation)));
  if (Error err = verifyLayerShape(l, where))
    return err;
  if (Error err = verifyLayerTensors(l, where))
    return err;
  if (Error err = checkLayerIsMappable(l.shape, *target))
    return fail(where, "not mappable: " + toString(std::move(err)));
  RSLayerModel model(l.shape, *target);
  if (Error err = model.check(l.mapping))
    return fail(where,
                "mapping " + l.mapping.str() + ": " + toString(std::move(err)));
  RSPlacement expected = RSPlacement::get(model.dims(), l.mapping, *target);
  const RSPlacement &got = l.placement;
  struct Field {
    const char *name;
    int64_t got, expected;
  };
  for (const Field &f :
       {Field{"fold_factor", got.foldFactor, expected.foldFactor},
        Field{"segment_cols", got.segmentCols, expected.segmentCols},
        Field{"chain_rows", got.chainRows, expected.chainRows},
        Field{"chains_per_column", got.chainsPerColumn,
              expected.chainsPerColumn},
        Field{"chains_per_row", got.chainsPerRow, expected.chainsPerRow},
        Field{"active_pes", got.activePEs, expected.activePEs},
        Field{"used_rows", got.usedRows, expected.usedRows},
        Field{"used_cols", got.usedCols, expected.usedCols}})
    if (f.got != f.expected)
      return fail(where, formatv("placement {0} = {1}, the mapping gives {2}",
                                 f.name, f.got, f.expected));
  if (Error err = verifyPETable(l, where))
    return err;
  if (Error err = verifyMulticast(l, where))
    return err;
  if (int64_t(l.banks.size()) != target->glbFmapBanks())
    return fail(where, formatv("{0} bank roles, the GLB has {1} banks",
                               l.banks.size(), target->glbFmapBanks()));
  for (size_t b = 0; b < l.banks.size(); ++b)
    if (!isValidBankRole(uint8_t(l.banks[b])))
      return fail(where, formatv("bank {0}: unknown role {1}", b,
                                 unsigned(l.banks[b])));
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Host ops
//===----------------------------------------------------------------------===//

Error Verifier::verifyHostOpShapes(const HostOpDesc &op,
                                   const std::string &where) {
  auto shapeOf = [&](uint32_t id) -> const std::vector<int64_t> & {
    return p.tensors[id].shape;
  };
  const std::vector<int64_t> &out = shapeOf(op.output);
  const std::vector<int64_t> &in = shapeOf(op.inputs[0]);
  auto mismatch = [&](ArrayRef<int64_t> expected) {
    return fail(where, formatv("output shape {0}, expected {1}", shapeStr(out),
                               shapeStr(expected)));
  };
  auto needRank = [&](uint32_t id, size_t rank, StringRef what) -> Error {
    if (shapeOf(id).size() != rank)
      return fail(where, formatv("{0} {1} has rank {2}, must be {3}", what,
                                 tensorWhere(id), shapeOf(id).size(), rank));
    return Error::success();
  };
  auto numElements = [&](uint32_t id) { return p.tensors[id].numElements(); };
  // Input 1 holds indices: whole numbers the host reads as float32.
  auto needF32Indices = [&]() -> Error {
    if (p.tensors[op.inputs[1]].elementType != ElementType::Float32)
      return fail(where, formatv("the indices {0} must be a float32 tensor",
                                 tensorWhere(op.inputs[1])));
    return Error::success();
  };
  // The axis field inside the rank of the first input (`of` names it).
  auto needAxis = [&](StringRef of) -> Error {
    if (op.axis < 0 || size_t(op.axis) >= in.size())
      return fail(where, formatv("axis {0} outside the {1} rank {2}", op.axis,
                                 of, in.size()));
    return Error::success();
  };

  switch (op.kind) {
  case HostOpKind::Convert:
  case HostOpKind::ReLU:
  case HostOpKind::Clip:
  case HostOpKind::Sigmoid:
  case HostOpKind::HardSigmoid:
  case HostOpKind::Erf:
  case HostOpKind::Unary:
  case HostOpKind::Softmax:
  case HostOpKind::CumSum:
  case HostOpKind::LRN:
    if (op.kind == HostOpKind::LRN)
      if (Error err = needRank(op.inputs[0], 4, "input"))
        return err;
    if (op.kind == HostOpKind::Softmax || op.kind == HostOpKind::CumSum)
      if (Error err = needAxis("input's"))
        return err;
    if (out != in)
      return mismatch(in);
    return Error::success();
  case HostOpKind::MaxPool:
  case HostOpKind::AvgPool: {
    if (Error err = needRank(op.inputs[0], 4, "input"))
      return err;
    std::optional<int64_t> h =
        slidingWindowOutputSize(in[2], op.kernel[0], op.strides[0], op.pads[0],
                                op.pads[2], 1, op.ceilMode);
    std::optional<int64_t> w =
        slidingWindowOutputSize(in[3], op.kernel[1], op.strides[1], op.pads[1],
                                op.pads[3], 1, op.ceilMode);
    if (!h || !w)
      return fail(where, "no pooling window fits the input");
    std::vector<int64_t> expected = {in[0], in[1], *h, *w};
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::GlobalAvgPool: {
    if (Error err = needRank(op.inputs[0], 4, "input"))
      return err;
    std::vector<int64_t> expected = {in[0], in[1], 1, 1};
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::Pad: {
    if (Error err = needRank(op.inputs[0], 4, "input"))
      return err;
    // A reflection reaches at most extent - 1 elements past the border.
    if (op.size == pad::kReflect)
      for (int d = 0; d < 2; ++d)
        for (uint32_t p : {op.pads[d], op.pads[d + 2]})
          if (int64_t(p) >= in[2 + d])
            return fail(where, formatv("reflect pad {0} on {1} must be below "
                                       "the extent {2}",
                                       p, d == 0 ? "H" : "W", in[2 + d]));
    std::vector<int64_t> expected = {in[0], in[1],
                                     in[2] + op.pads[0] + op.pads[2],
                                     in[3] + op.pads[1] + op.pads[3]};
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::Slice: {
    // The axis is checked against the rank here, where the rank is known.
    if (Error err = needAxis("input's"))
      return err;
    std::vector<int64_t> expected = in;
    if (out.size() == in.size())
      expected[op.axis] = out[op.axis];
    if (out != expected || out[op.axis] < 1)
      return fail(where, formatv("output shape {0} must be the input's {1} "
                                 "with at least one element on axis {2}",
                                 shapeStr(out), shapeStr(in), op.axis));
    // Ascending: the last index kept is start + (count - 1) * step, inside
    // the axis; descending: start itself is the highest and start - (count -
    // 1) * step the lowest, at least 0. All three are below 2^32 and count
    // below 2^31, so the products fit.
    bool descending = op.size & slice::kDescending;
    int64_t span = (out[op.axis] - 1) * int64_t(op.strides[0]);
    int64_t low = descending ? int64_t(op.pads[0]) - span : op.pads[0];
    int64_t high = descending ? op.pads[0] : int64_t(op.pads[0]) + span;
    if (low < 0 || high >= in[op.axis])
      return fail(where,
                  formatv("{0} elements from {1} in steps of {2}{3} "
                          "reach index {4}, outside the input's "
                          "extent {5}",
                          out[op.axis], op.pads[0], descending ? "-" : "",
                          op.strides[0], low < 0 ? low : high, in[op.axis]));
    return Error::success();
  }
  case HostOpKind::Reduce: {
    uint32_t fn = op.size & 0xff, mask = reduce::axesMask(op.size);
    if (fn > reduce::kMaxFunction || mask == 0 || (mask >> in.size()) != 0 ||
        (op.size & ~reduce::kUsedBits))
      return fail(where,
                  formatv("reduce size field {0:x}: function {1} (0 to "
                          "{2}), axes mask {3:x} (at least one axis, "
                          "inside the input's rank {4}; dimensions 0-3 "
                          "in bits 8-11, 4-7 in bits 13-16), keepdims "
                          "in bit 12, no other bits",
                          op.size, fn, reduce::kMaxFunction, mask, in.size()));
    // An index is along one axis, and exact in float32 below 2^24.
    if (fn >= reduce::kFirstArgFunction) {
      if (llvm::popcount(mask) != 1)
        return fail(where, formatv("reduce function {0} (argmax, argmin) "
                                   "over axes mask {1:x}; it takes one axis",
                                   fn, mask));
      int64_t extent = in[llvm::countr_zero(mask)];
      if (extent > (int64_t(1) << 24))
        return fail(where, formatv("argmax/argmin over an axis of {0} "
                                   "elements; float32 holds indices below "
                                   "2^24 exactly",
                                   extent));
    }
    std::vector<int64_t> expected;
    for (size_t d = 0; d < in.size(); ++d) {
      if (!(mask & (1u << d)))
        expected.push_back(in[d]);
      else if (op.size & reduce::kKeepDims)
        expected.push_back(1);
    }
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::InsertZeros: {
    if (Error err = needRank(op.inputs[0], 4, "input"))
      return err;
    std::vector<int64_t> expected = {
        in[0], in[1], (in[2] - 1) * int64_t(op.strides[0]) + 1,
        (in[3] - 1) * int64_t(op.strides[1]) + 1};
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::ChannelShuffle:
    if (Error err = needRank(op.inputs[0], 4, "input"))
      return err;
    if (in[1] % op.groups)
      return fail(where, formatv("groups {0} does not divide the {1} "
                                 "channels",
                                 op.groups, in[1]));
    if (out != in)
      return mismatch(in);
    return Error::success();
  case HostOpKind::LayerNorm: {
    if (Error err = needAxis("input's"))
      return err;
    std::vector<int64_t> normalized(in.begin() + op.axis, in.end());
    for (size_t i = 1; i < op.inputs.size(); ++i)
      if (shapeOf(op.inputs[i]) != normalized)
        return fail(where, formatv("parameter {0} has shape {1}, must be {2} "
                                   "(the input's dimensions from axis {3})",
                                   tensorWhere(op.inputs[i]),
                                   shapeStr(shapeOf(op.inputs[i])),
                                   shapeStr(normalized), op.axis));
    if (out != in)
      return mismatch(in);
    return Error::success();
  }
  case HostOpKind::Transpose: {
    std::vector<int64_t> expected;
    std::vector<bool> seen(in.size(), false);
    for (size_t i = 0; i < in.size(); ++i) {
      unsigned d = (op.size >> (4 * i)) & 0xf;
      if (d >= in.size() || seen[d])
        return fail(where, formatv("perm field {0:x} is not a permutation of "
                                   "the input's {1} dimensions",
                                   op.size, in.size()));
      seen[d] = true;
      expected.push_back(in[d]);
    }
    // (Ranks are at most kMaxTensorRank, so the shift stays below 32.)
    if (in.size() < 8 && (op.size >> (4 * in.size())) != 0)
      return fail(where, formatv("perm field {0:x} has digits past the "
                                 "input's rank {1}",
                                 op.size, in.size()));
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::Resize: {
    if (out.size() != in.size())
      return fail(where, formatv("output shape {0} must have the input's rank "
                                 "{1}",
                                 shapeStr(out), in.size()));
    // The scales and the roi are float32 constants the verifier can read:
    // every scale positive and finite, every roi value finite.
    size_t next = 1;
    auto checkParameter = [&](StringRef what, size_t count,
                              bool positive) -> Error {
      uint32_t id = op.inputs[next++];
      const TensorDesc &t = p.tensors[id];
      if (t.role != TensorRole::Constant ||
          t.elementType != ElementType::Float32 ||
          t.shape != std::vector<int64_t>{int64_t(count)})
        return fail(where, formatv("the {0} {1} must be a float32 constant "
                                   "of shape {2}",
                                   what, tensorWhere(id), count));
      for (float v : unpackFloat32(t.data))
        if (!std::isfinite(v) || (positive && !(v > 0)))
          return fail(where, formatv("the {0} {1} hold {2}; each must be {3}",
                                     what, tensorWhere(id), v,
                                     positive ? "positive and finite"
                                              : "finite"));
      return Error::success();
    };
    if (op.size & resize::kHasScales)
      if (Error err = checkParameter("scales", in.size(), true))
        return err;
    if (((op.size >> resize::kCoordinatesShift) & resize::kFieldMask) ==
        resize::kTFCropAndResize)
      if (Error err = checkParameter("roi", 2 * in.size(), false))
        return err;
    return Error::success();
  }
  case HostOpKind::MatMul: {
    const std::vector<int64_t> &rhs = shapeOf(op.inputs[1]);
    if (in.size() < 2 || rhs.size() < 2 || in.back() != rhs[rhs.size() - 2])
      return fail(where, formatv("inputs of shapes {0} and {1} are not "
                                 "M x K and K x N matrices",
                                 shapeStr(in), shapeStr(rhs)));
    std::optional<SmallVector<int64_t>> expected =
        broadcastShape(ArrayRef<int64_t>(in).drop_back(2),
                       ArrayRef<int64_t>(rhs).drop_back(2));
    if (!expected)
      return fail(where, formatv("the batch dimensions of {0} and {1} do not "
                                 "broadcast",
                                 shapeStr(in), shapeStr(rhs)));
    expected->push_back(in[in.size() - 2]);
    expected->push_back(rhs.back());
    if (ArrayRef<int64_t>(out) != ArrayRef<int64_t>(*expected))
      return mismatch(*expected);
    return Error::success();
  }
  case HostOpKind::Add:
  case HostOpKind::Mul:
  case HostOpKind::Binary: {
    const std::vector<int64_t> &rhs = shapeOf(op.inputs[1]);
    std::optional<SmallVector<int64_t>> expected =
        broadcastShape(in, rhs);
    if (!expected)
      return fail(where, formatv("inputs of shapes {0} and {1} do not "
                                 "broadcast",
                                 shapeStr(in), shapeStr(rhs)));
    if (ArrayRef<int64_t>(out) != ArrayRef<int64_t>(*expected))
      return mismatch(*expected);
    return Error::success();
  }
  case HostOpKind::Concat: {
    if (Error err = needAxis("inputs'"))
      return err;
    std::vector<int64_t> expected = in;
    expected[op.axis] = 0;
    for (uint32_t id : op.inputs) {
      const std::vector<int64_t> &s = shapeOf(id);
      bool ok = s.size() == in.size();
      for (size_t i = 0; ok && i < s.size(); ++i)
        ok = int64_t(i) == op.axis || s[i] == in[i];
      if (!ok)
        return fail(where, formatv("input {0} of shape {1} does not concat "
                                   "with shape {2} along axis {3}",
                                   tensorWhere(id), shapeStr(s), shapeStr(in),
                                   op.axis));
      expected[op.axis] += s[op.axis];
    }
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::Select: {
    std::optional<SmallVector<int64_t>> both =
        broadcastShape(in, shapeOf(op.inputs[1]));
    std::optional<SmallVector<int64_t>> shape =
        both ? broadcastShape(*both, shapeOf(op.inputs[2])) : std::nullopt;
    if (!shape)
      return fail(where, formatv("inputs of shapes {0}, {1} and {2} do not "
                                 "broadcast",
                                 shapeStr(in), shapeStr(shapeOf(op.inputs[1])),
                                 shapeStr(shapeOf(op.inputs[2]))));
    if (ArrayRef<int64_t>(out) != ArrayRef<int64_t>(*shape))
      return mismatch(*shape);
    return Error::success();
  }
  case HostOpKind::Gather: {
    // The indices are whole numbers the host reads; the runtime checks
    // each one against the extent.
    const std::vector<int64_t> &indices = shapeOf(op.inputs[1]);
    if (Error err = needF32Indices())
      return err;
    if (Error err = needAxis("data's"))
      return err;
    std::vector<int64_t> expected(in.begin(), in.begin() + op.axis);
    expected.insert(expected.end(), indices.begin(), indices.end());
    expected.insert(expected.end(), in.begin() + op.axis + 1, in.end());
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::GatherElements:
  case HostOpKind::ScatterElements: {
    // data, indices (, updates): one rank, the indices no larger than the
    // data but along the axis; the runtime checks each index against the
    // data's extent there.
    bool scatterOp = op.kind == HostOpKind::ScatterElements;
    const std::vector<int64_t> &indices = shapeOf(op.inputs[1]);
    if (Error err = needF32Indices())
      return err;
    if (Error err = needAxis("data's"))
      return err;
    if (indices.size() != in.size())
      return fail(where, formatv("the indices {0} have rank {1}, the data {2}",
                                 tensorWhere(op.inputs[1]), indices.size(),
                                 in.size()));
    for (size_t d = 0; d < in.size(); ++d)
      if (indices[d] > in[d] && int64_t(d) != op.axis)
        return fail(where, formatv("the indices {0} are larger than the data "
                                   "{1} in dimension {2}",
                                   shapeStr(indices), shapeStr(in), d));
    if (scatterOp && shapeOf(op.inputs[2]) != indices)
      return fail(where,
                  formatv("the updates {0} must be shaped as the "
                          "indices {1}",
                          shapeStr(shapeOf(op.inputs[2])), shapeStr(indices)));
    const std::vector<int64_t> &expected = scatterOp ? in : indices;
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::TopK: {
    if (Error err = needAxis("input's"))
      return err;
    // K is the output's extent along the axis: 1 to the input's.
    std::vector<int64_t> expected = in;
    if (out.size() == in.size() && out[op.axis] >= 1 &&
        out[op.axis] <= in[op.axis])
      expected[op.axis] = out[op.axis];
    if (out != expected)
      return fail(where,
                  formatv("output shape {0}, expected {1} with K, "
                          "dimension {2}, from 1 to {3}",
                          shapeStr(out), shapeStr(in), op.axis, in[op.axis]));
    return Error::success();
  }
  case HostOpKind::GatherND: {
    // ONNX GatherND: batch_dims b (the axis field) leading dimensions
    // shared; each row of the indices' last dimension (k entries) picks
    // data[batch..., i1, ..., ik], a tensor of the data's trailing shape.
    const std::vector<int64_t> &indices = shapeOf(op.inputs[1]);
    if (Error err = needF32Indices())
      return err;
    size_t b = size_t(std::max(op.axis, 0));
    if (op.axis < 0 || indices.empty() || b >= indices.size() || b >= in.size())
      return fail(where, formatv("batch_dims {0} must be less than the ranks "
                                 "of the data ({1}) and the indices ({2})",
                                 op.axis, in.size(), indices.size()));
    int64_t k = indices.back();
    if (k < 1 || size_t(k) > in.size() - b)
      return fail(where, formatv("the indices' last dimension is {0}; it "
                                 "must be 1 to {1} (the data's rank less "
                                 "batch_dims)",
                                 k, in.size() - b));
    for (size_t d = 0; d < b; ++d)
      if (indices[d] != in[d])
        return fail(where, formatv("batch dimension {0} is {1} in the data "
                                   "and {2} in the indices",
                                   d, in[d], indices[d]));
    std::vector<int64_t> expected(indices.begin(), indices.end() - 1);
    expected.insert(expected.end(), in.begin() + b + k, in.end());
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::GridSample: {
    // x: N x C x H x W; grid: N x Ho x Wo x 2 (normalized x, y).
    if (Error err = needRank(op.inputs[0], 4, "input"))
      return err;
    const std::vector<int64_t> &grid = shapeOf(op.inputs[1]);
    if (grid.size() != 4 || grid[0] != in[0] || grid[3] != 2)
      return fail(where, formatv("the grid {0} must be {1}xHoxWox2",
                                 shapeStr(grid), in[0]));
    std::vector<int64_t> expected = {in[0], in[1], grid[1], grid[2]};
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::ScatterND: {
    // ONNX ScatterND: each row of the indices' last dimension (k entries,
    // 1 to the data's rank) names a position of the data's first k
    // dimensions; updates hold a slice of the rest for each row.
    const std::vector<int64_t> &indices = shapeOf(op.inputs[1]);
    if (Error err = needF32Indices())
      return err;
    int64_t k = indices.empty() ? 0 : indices.back();
    if (k < 1 || size_t(k) > in.size())
      return fail(where, formatv("the indices' last dimension is {0}; it "
                                 "must be 1 to {1} (the data's rank)",
                                 k, in.size()));
    std::vector<int64_t> updates(indices.begin(), indices.end() - 1);
    updates.insert(updates.end(), in.begin() + k, in.end());
    if (shapeOf(op.inputs[2]) != updates)
      return fail(where,
                  formatv("the updates {0} must be shaped {1} (the "
                          "indices' rows by the data's slices)",
                          shapeStr(shapeOf(op.inputs[2])), shapeStr(updates)));
    if (out != in)
      return mismatch(in);
    return Error::success();
  }
  case HostOpKind::Expand: {
    std::optional<SmallVector<int64_t>> shape = broadcastShape(in, out);
    if (in.size() > out.size() || !shape ||
        ArrayRef<int64_t>(*shape) != ArrayRef<int64_t>(out))
      return fail(where, formatv("the input {0} does not broadcast to the "
                                 "output {1}",
                                 shapeStr(in), shapeStr(out)));
    return Error::success();
  }
  case HostOpKind::Reshape:
    if (numElements(op.output) != numElements(op.inputs[0]))
      return fail(where, formatv("reshape of {0} into {1} changes the "
                                 "number of elements",
                                 shapeStr(in), shapeStr(out)));
    return Error::success();
  case HostOpKind::Flatten: {
    if (op.axis < 0 || size_t(op.axis) > in.size())
      return fail(where,
                  formatv("axis {0} outside [0, {1}]", op.axis, in.size()));
    int64_t outer = 1, inner = 1;
    for (size_t i = 0; i < in.size(); ++i)
      (int64_t(i) < op.axis ? outer : inner) *= in[i];
    std::vector<int64_t> expected = {outer, inner};
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::BatchNorm: {
    if (in.size() < 2)
      return fail(where, "the input needs a channel dimension");
    for (size_t i = 1; i < op.inputs.size(); ++i)
      if (shapeOf(op.inputs[i]) != std::vector<int64_t>{in[1]})
        return fail(where, formatv("parameter {0} has shape {1}, must be {2}",
                                   tensorWhere(op.inputs[i]),
                                   shapeStr(shapeOf(op.inputs[i])), in[1]));
    if (out != in)
      return mismatch(in);
    return Error::success();
  }
  case HostOpKind::Conv2D: {
    if (Error err = needRank(op.inputs[0], 4, "input"))
      return err;
    if (Error err = needRank(op.inputs[1], 4, "filter"))
      return err;
    const std::vector<int64_t> &w = shapeOf(op.inputs[1]);
    if (in[1] % op.groups || w[0] % op.groups || w[1] != in[1] / op.groups)
      return fail(where, formatv("filter {0} does not fit input {1} with "
                                 "{2} groups",
                                 shapeStr(w), shapeStr(in), op.groups));
    if (op.inputs.size() == 3 &&
        shapeOf(op.inputs[2]) != std::vector<int64_t>{w[0]})
      return fail(where, formatv("bias of shape {0}, must be {1}",
                                 shapeStr(shapeOf(op.inputs[2])), w[0]));
    std::optional<int64_t> e = slidingWindowOutputSize(
        in[2], w[2], op.strides[0], op.pads[0], op.pads[2], op.dilations[0]);
    std::optional<int64_t> f = slidingWindowOutputSize(
        in[3], w[3], op.strides[1], op.pads[1], op.pads[3], op.dilations[1]);
    if (!e || !f)
      return fail(where, "no filter window fits the input");
    std::vector<int64_t> expected = {in[0], w[0], *e, *f};
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  case HostOpKind::FullyConnected: {
    if (Error err = needRank(op.inputs[0], 2, "input"))
      return err;
    if (Error err = needRank(op.inputs[1], 2, "weight"))
      return err;
    const std::vector<int64_t> &w = shapeOf(op.inputs[1]);
    if (w[1] != in[1])
      return fail(where, formatv("weight {0} does not fit input {1}",
                                 shapeStr(w), shapeStr(in)));
    if (op.inputs.size() == 3 &&
        shapeOf(op.inputs[2]) != std::vector<int64_t>{w[0]})
      return fail(where, formatv("bias of shape {0}, must be {1}",
                                 shapeStr(shapeOf(op.inputs[2])), w[0]));
    std::vector<int64_t> expected = {in[0], w[0]};
    if (out != expected)
      return mismatch(expected);
    return Error::success();
  }
  }
  return Error::success();
}

Error Verifier::verifyHostOp(uint32_t index) {
  const HostOpDesc &op = p.hostOps[index];
  std::string where = hostOpWhere(index);
  if (Error err = verifyName(op.name, where))
    return err;
  if (!isValidHostOpKind(uint16_t(op.kind)))
    return fail(where, formatv("unknown host-op kind {0}", unsigned(op.kind)));
  if (!isValidActivation(uint8_t(op.activation)))
    return fail(where,
                formatv("unknown activation {0}", unsigned(op.activation)));
  HostOpKind k = op.kind;

  // Operand counts.
  size_t minInputs = 1, maxInputs = 1;
  switch (k) {
  case HostOpKind::Add:
  case HostOpKind::Mul:
  case HostOpKind::MatMul:
  case HostOpKind::Binary:
  case HostOpKind::Gather:
  case HostOpKind::GatherElements:
  case HostOpKind::GatherND:
  case HostOpKind::GridSample:
    minInputs = maxInputs = 2;
    break;
  case HostOpKind::Select:
  case HostOpKind::ScatterElements:
  case HostOpKind::ScatterND:
    minInputs = maxInputs = 3;
    break;
  case HostOpKind::Concat:
    maxInputs = kMaxHostOpInputs;
    break;
  case HostOpKind::BatchNorm:
    minInputs = maxInputs = 5;
    break;
  case HostOpKind::LayerNorm:
    minInputs = maxInputs = 3;
    break;
  case HostOpKind::Resize: {
    // x, then the scales and the roi when the size field says so.
    uint32_t coordinates =
        (op.size >> resize::kCoordinatesShift) & resize::kFieldMask;
    minInputs = maxInputs = 1 + ((op.size & resize::kHasScales) ? 1 : 0) +
                            (coordinates == resize::kTFCropAndResize ? 1 : 0);
    break;
  }
  case HostOpKind::Conv2D:
  case HostOpKind::FullyConnected:
    minInputs = 2;
    maxInputs = 3;
    break;
  default:
    break;
  }
  if (op.inputs.size() < minInputs || op.inputs.size() > maxInputs)
    return fail(where, formatv("{0} takes {1} to {2} inputs, has {3}",
                               stringifyHostOpKind(k), minInputs, maxInputs,
                               op.inputs.size()));
  for (uint32_t id : op.inputs)
    if (id >= p.tensors.size())
      return fail(where, formatv("input tensor id {0} out of range ({1} "
                                 "tensors)",
                                 id, p.tensors.size()));
  if (op.output >= p.tensors.size())
    return fail(where, formatv("output tensor id {0} out of range ({1} "
                               "tensors)",
                               op.output, p.tensors.size()));
  if (is_contained(op.inputs, op.output))
    return fail(where, "the output is also an input (host ops do not run in "
                       "place)");

  // Attributes: the ones a kind uses must be sensible, the others default.
  bool pool = k == HostOpKind::MaxPool || k == HostOpKind::AvgPool;
  bool conv = k == HostOpKind::Conv2D;
  bool usesActivation =
      k == HostOpKind::Add || conv || k == HostOpKind::FullyConnected;
  bool slice = k == HostOpKind::Slice;
  bool layerNorm = k == HostOpKind::LayerNorm;
  bool usesAxis = k == HostOpKind::Softmax || k == HostOpKind::Concat ||
                  k == HostOpKind::Flatten || slice || layerNorm ||
                  k == HostOpKind::Gather || k == HostOpKind::CumSum ||
                  k == HostOpKind::GatherElements ||
                  k == HostOpKind::ScatterElements || k == HostOpKind::TopK ||
                  k == HostOpKind::GatherND;
  bool lrn = k == HostOpKind::LRN;
  bool resizeOp = k == HostOpKind::Resize;
  bool unaryOp = k == HostOpKind::Unary, binaryOp = k == HostOpKind::Binary;
  bool padOp = k == HostOpKind::Pad;
  bool usesAlphaBeta =
      lrn || k == HostOpKind::HardSigmoid || resizeOp || unaryOp;
  struct Unused {
    const char *name;
    bool used, isDefault;
  };
  const Unused attrs[] = {
      {"activation", usesActivation, op.activation == Activation::None},
      {"ceil_mode", pool, !op.ceilMode},
      {"count_include_pad", k == HostOpKind::AvgPool, !op.countIncludePad},
      {"kernel", pool, op.kernel == std::array<uint32_t, 2>{}},
      {"strides", pool || conv || slice || k == HostOpKind::InsertZeros,
       op.strides == std::array<uint32_t, 2>{}},
      {"pads", pool || conv || slice || k == HostOpKind::Pad,
       op.pads == std::array<uint32_t, 4>{}},
      {"dilations", conv, op.dilations == std::array<uint32_t, 2>{}},
      {"groups", conv || k == HostOpKind::ChannelShuffle, op.groups == 0},
      {"axis", usesAxis, op.axis == 0},
      {"size",
       lrn || k == HostOpKind::Transpose || resizeOp || unaryOp || binaryOp ||
           k == HostOpKind::Reduce || padOp || slice ||
           k == HostOpKind::CumSum || k == HostOpKind::ScatterElements ||
           k == HostOpKind::TopK || k == HostOpKind::ScatterND ||
           k == HostOpKind::GridSample,
       op.size == 0},
      {"alpha", usesAlphaBeta || padOp, op.alpha == 0},
      {"beta", usesAlphaBeta, op.beta == 0},
      {"bias", lrn, op.bias == 0},
      {"epsilon", k == HostOpKind::BatchNorm || layerNorm, op.epsilon == 0},
      {"min", k == HostOpKind::Clip, op.min == 0},
      {"max", k == HostOpKind::Clip, op.max == 0},
  };
  for (const Unused &a : attrs)
    if (!a.used && !a.isDefault)
      return fail(where, formatv("{0} does not use attribute {1}; it must be "
                                 "0",
                                 stringifyHostOpKind(k), a.name));
  for (float v : {op.alpha, op.beta, op.bias, op.epsilon, op.min, op.max})
    if (!std::isfinite(v))
      return fail(where, "float attributes must be finite");
  if (k == HostOpKind::CumSum && (op.size & ~cumsum::kUsedBits))
    return fail(where, formatv("cumsum's size field {0:x} sets bits other "
                               "than 0 (exclusive) and 1 (reverse)",
                               op.size));
  if ((k == HostOpKind::ScatterElements || k == HostOpKind::ScatterND) &&
      op.size > scatter::kMaxReduction)
    return fail(where, formatv("{0}'s reduction {1} is not 0 (replace), 1 "
                               "(add) or 2 (mul)",
                               stringifyHostOpKind(k), op.size));
  if (k == HostOpKind::GridSample &&
      ((op.size & ~gridsample::kUsedBits) ||
       (op.size & gridsample::kModeMask) > gridsample::kMaxMode ||
       (op.size >> gridsample::kPaddingShift & gridsample::kPaddingMask) >
           gridsample::kMaxPadding))
    return fail(where, formatv("grid_sample's size field {0:x} is not a mode "
                               "0-2 (bits 0-1), a padding 0-2 (bits 2-3) and "
                               "align_corners (bit 4)",
                               op.size));
  if (k == HostOpKind::TopK && (op.size & ~topk::kUsedBits))
    return fail(where, formatv("topk's size field {0:x} sets bits other "
                               "than 0 (smallest) and 1 (indices)",
                               op.size));
  if (pool || conv || k == HostOpKind::InsertZeros)
    for (uint32_t v : op.strides)
      if (v < 1 || v > kMaxSpatial)
        return fail(where,
                    formatv("stride {0}, must be 1 to {1}", v, kMaxSpatial));
  if (pool || conv || k == HostOpKind::Pad) {
    for (uint32_t v : op.pads)
      if (v > kMaxSpatial)
        return fail(where, formatv("pad {0} exceeds {1}", v, kMaxSpatial));
  }
  if (pool)
    for (uint32_t v : op.kernel)
      if (v < 1 || v > kMaxSpatial)
        return fail(where, formatv("kernel extent {0}, must be 1 to {1}", v,
                                   kMaxSpatial));
  if (conv) {
    for (uint32_t v : op.dilations)
      if (v < 1 || v > kMaxSpatial)
        return fail(where,
                    formatv("dilation {0}, must be 1 to {1}", v, kMaxSpatial));
    if (op.groups < 1)
      return fail(where, "groups must be at least 1");
  }
  if (slice) {
    // Start (pads top) and step (strides h); the other fields of the two
    // arrays stay 0.
    if (op.strides[0] < 1 || op.strides[1] != 0 || op.pads[1] != 0 ||
        op.pads[2] != 0 || op.pads[3] != 0)
      return fail(where, formatv("slice takes its start from pads top and "
                                 "its step (at least 1) from strides h; the "
                                 "other fields must be 0 (strides {0}x{1}, "
                                 "pads {2},{3},{4},{5})",
                                 op.strides[0], op.strides[1], op.pads[0],
                                 op.pads[1], op.pads[2], op.pads[3]));
    if (op.size & ~slice::kDescending)
      return fail(where, formatv("slice size field {0}: only bit 0 (a "
                                 "descending slice) may be set",
                                 op.size));
  }
  if (k == HostOpKind::ChannelShuffle && op.groups < 1)
    return fail(where, "groups must be at least 1");
  if (lrn && (op.size < 1 || op.size % 2 == 0 || op.size > kMaxChannels))
    return fail(where,
                formatv("LRN size {0} must be odd and at least 1", op.size));
  if (k == HostOpKind::Clip && op.min > op.max)
    return fail(where, formatv("clip min {0} exceeds max {1}", op.min, op.max));
  if ((k == HostOpKind::BatchNorm || layerNorm) && op.epsilon < 0)
    return fail(where, formatv("negative epsilon {0}", op.epsilon));
  if (padOp && op.size > pad::kMaxMode)
    return fail(where,
                formatv("pad mode {0}, must be 0 to {1}", op.size, pad::kMaxMode));
  if (padOp && op.size != pad::kConstant && op.alpha != 0)
    return fail(where, "only a constant pad takes a value (alpha)");
  if (unaryOp && op.size > kMaxUnaryFunction)
    return fail(where, formatv("unary function {0}, must be 0 to {1}",
                               op.size, kMaxUnaryFunction));
  if (unaryOp && op.size >= kFirstFakeQuantFunction &&
      op.size <= kLastFakeQuantFunction) {
    // The kernel divides by the scale and converts the zero point to int.
    bool isSigned = op.size == kFirstFakeQuantFunction + 1;
    int lo = isSigned ? -128 : 0, hi = isSigned ? 127 : 255;
    auto shown = [](float v) {
      char text[32];
      std::snprintf(text, sizeof text, "%g", v);
      return std::string(text);
    };
    if (!(op.alpha > 0.0f) || !std::isfinite(op.alpha))
      return fail(where, formatv("fake quantization scale (alpha) {0} must "
                                 "be positive and finite",
                                 shown(op.alpha)));
    if (!(op.beta >= float(lo) && op.beta <= float(hi)) ||
        op.beta != std::trunc(op.beta))
      return fail(where, formatv("fake quantization zero point (beta) {0} "
                                 "must be an integer in [{1}, {2}]",
                                 shown(op.beta), lo, hi));
  }
  if (unaryOp && op.size == kIsInfFunction &&
      ((op.alpha != 0 && op.alpha != 1) || (op.beta != 0 && op.beta != 1)))
    return fail(where, "isinf's alpha (detect -inf) and beta (detect +inf) "
                       "must each be 0 or 1");
  if (binaryOp) {
    uint32_t fn = binary::function(op.size);
    if (fn > kMaxBinaryFunction)
      return fail(where, formatv("binary function {0}, must be 0 to {1}", fn,
                                 kMaxBinaryFunction));
    if (op.size & ~(binary::kFunctionMask | binary::kIntegerMask
                                                << binary::kIntegerShift))
      return fail(
          where, formatv("binary size field {0:x} sets unknown bits", op.size));
    uint32_t type = binary::integerType(op.size);
    if (type != 0 && (type > uint32_t(kLastHostFormat) ||
                      !isIntegerFormat(HostFormat(type)) ||
                      HostFormat(type) == HostFormat::Bool))
      return fail(where, formatv("binary integer type {0}, must be 0 (float) "
                                 "or an integer host format (4, 5, 7 to 12)",
                                 type));
    // The comparisons and logic read integers as they are; prelu is a
    // float function.
    bool arithmetic = fn <= binary::kLastFloatArithmetic ||
                      fn >= binary::kFirstIntegerFunction;
    if (type && !arithmetic)
      return fail(where, formatv("binary function {0} does not take an "
                                 "integer type (add, sub, mul, div, pow, "
                                 "max, min, mod, fmod do)",
                                 fn));
    // Float sums and products are host-op kinds add and mul.
    if (!type && (fn == binary::kAdd || fn == binary::kMul))
      return fail(where, formatv("binary function {0} ({1}) needs an "
                                 "integer type",
                                 fn, fn == binary::kAdd ? "add" : "mul"));
  }
  if (resizeOp) {
    uint32_t mode = (op.size >> resize::kModeShift) & resize::kFieldMask;
    uint32_t coordinates =
        (op.size >> resize::kCoordinatesShift) & resize::kFieldMask;
    uint32_t nearest = (op.size >> resize::kNearestShift) & resize::kFieldMask;
    uint32_t known = (resize::kFieldMask << resize::kModeShift) |
                     (resize::kFieldMask << resize::kCoordinatesShift) |
                     (resize::kFieldMask << resize::kNearestShift) |
                     resize::kExcludeOutside | resize::kHasScales;
    if (mode > resize::kMaxMode || coordinates > resize::kMaxCoordinates ||
        nearest > resize::kMaxNearest || (op.size & ~known))
      return fail(where, formatv("resize size field {0:x}: interpolation {1} "
                                 "(0 to {2}), coordinates {3} (0 to {4}), "
                                 "nearest rounding {5} (0 to {6}), no bits "
                                 "above 13",
                                 op.size, mode, resize::kMaxMode, coordinates,
                                 resize::kMaxCoordinates, nearest,
                                 resize::kMaxNearest));
  }
  return verifyHostOpShapes(op, where);
}

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

Error Verifier::needLayer(const std::string &where) {
  if (!layer)
    return fail(where, "no layer is configured (CONFIGURE_LAYER first)");
  return Error::success();
}

Error Verifier::checkTensorId(uint32_t id, const std::string &where,
                              StringRef field) {
  if (id >= p.tensors.size())
    return fail(where, formatv("{0} tensor id {1} out of range ({2} tensors)",
                               field, id, p.tensors.size()));
  return Error::success();
}

Error Verifier::checkRead(uint32_t id, const std::string &where) {
  if (!written[id])
    return fail(where, formatv("reads {0} before any instruction writes it",
                               tensorWhere(id)));
  return Error::success();
}

Error Verifier::checkWrite(uint32_t id, const std::string &where) {
  TensorRole role = p.tensors[id].role;
  if (role == TensorRole::Input || role == TensorRole::Constant)
    return fail(where, formatv("writes {0}: {1} tensors are read-only",
                               tensorWhere(id), stringifyTensorRole(role)));
  written[id] = 1;
  return Error::success();
}

Error Verifier::checkBoxInTensor(const Box &b, uint32_t tensor,
                                 bool allowPadding, const std::string &where,
                                 StringRef field) {
  std::array<int64_t, 4> view = p.tensors[tensor].view();
  const int64_t origin[4] = {b.n0, b.c0, b.h0, b.w0};
  const int64_t extent[4] = {b.n, b.c, b.h, b.w};
  static const char *dims = "nchw";
  for (int i = 0; i < 4; ++i) {
    int64_t slack = allowPadding && i >= 2 ? kMaxSpatial : 0;
    if (extent[i] < 1 || origin[i] < -slack ||
        origin[i] + extent[i] > view[i] + slack)
      return fail(
          where,
          formatv("{0} box {1}[{2}, {3}) is outside {4} of "
                  "extent {5}{6}",
                  field, dims[i], origin[i], origin[i] + extent[i],
                  tensorWhere(tensor), view[i],
                  allowPadding && i >= 2
                      ? formatv(" (padding up to {0})", kMaxSpatial).str()
                      : ""));
  }
  return Error::success();
}

Error Verifier::checkFmapRegion(uint32_t addr, const Box &b, BankRole role,
                                const std::string &where, StringRef field) {
  uint64_t capacity = uint64_t(target->glbFmapWords());
  for (uint32_t extent : {b.n, b.c, b.h, b.w})
    if (extent < 1 || extent > capacity)
      return fail(where, formatv("{0} box extent {1} does not fit the GLB's "
                                 "{2} words",
                                 field, extent, capacity));
  uint64_t words = b.volume();
  if (words > capacity || addr > capacity - words)
    return fail(where, formatv("{0} GLB words [{1}, {2}) exceed the GLB's "
                               "{3} words",
                               field, addr, uint64_t(addr) + words, capacity));
  uint64_t bankWords = uint64_t(target->glbFmapWordsPerBank());
  for (uint64_t bank = addr / bankWords; bank <= (addr + words - 1) / bankWords;
       ++bank)
    if (layer->banks[bank] != role)
      return fail(where,
                  formatv("{0} GLB words [{1}, {2}) need {3} banks, but bank "
                          "{4} is {5} in layer {6} {7}",
                          field, addr, addr + words, stringifyBankRole(role),
                          bank, stringifyBankRole(layer->banks[bank]),
                          layerIndex, quoted(layer->name)));
  return Error::success();
}

Error Verifier::checkFilterRegion(uint32_t addr, uint64_t words,
                                  const std::string &where) {
  uint64_t capacity = uint64_t(target->glbFilterWords());
  if (words > capacity || addr > capacity - words)
    return fail(where, formatv("filter GLB words [{0}, {1}) exceed its {2} "
                               "words",
                               addr, uint64_t(addr) + words, capacity));
  return Error::success();
}

Error Verifier::checkChunk(const LayerConfig &l, uint32_t group, uint32_t m0,
                           uint32_t mCount, uint32_t c0, uint32_t cCount,
                           const std::string &where) {
  const LayerShape &s = l.shape;
  const RSMapping &m = l.mapping;
  if (group >= s.groups)
    return fail(where,
                formatv("group {0}, the layer has {1}", group, s.groups));
  if (mCount < 1 || mCount > m.p * m.t ||
      uint64_t(m0) + mCount > uint64_t(s.filtersPerGroup()))
    return fail(where, formatv("filters [{0}, {1}): need 1 to p*t = {2} of "
                               "the {3} filters per group",
                               m0, uint64_t(m0) + mCount, m.p * m.t,
                               s.filtersPerGroup()));
  if (cCount < 1 || cCount > m.q * m.r ||
      uint64_t(c0) + cCount > uint64_t(s.channelsPerGroup()))
    return fail(where, formatv("channels [{0}, {1}): need 1 to q*r = {2} of "
                               "the {3} channels per group",
                               c0, uint64_t(c0) + cCount, m.q * m.r,
                               s.channelsPerGroup()));
  return Error::success();
}

Error Verifier::verifyInstruction(uint32_t index, const Instruction &inst) {
  std::string where = instructionWhere(index, inst);
  switch (getOpcode(inst)) {
  case Opcode::ConfigureLayer: {
    uint32_t id = std::get<ConfigureLayer>(inst).layer;
    if (id >= p.layers.size())
      return fail(where, formatv("layer {0} out of range ({1} layers)", id,
                                 p.layers.size()));
    layer = &p.layers[id];
    layerIndex = id;
    return Error::success();
  }
  case Opcode::DramToGlb: {
    const auto &i = std::get<DramToGlb>(inst);
    if (Error err = needLayer(where))
      return err;
    if (Error err = checkTensorId(i.tensor, where, "source"))
      return err;
    if (p.tensors[i.tensor].elementType != ElementType::Int16)
      return fail(where, formatv("{0} is not int16; the chip moves 16-bit "
                                 "words",
                                 tensorWhere(i.tensor)));
    if (i.region != BankRole::Ifmap && i.region != BankRole::Psum)
      return fail(where, formatv("region {0}, must be ifmap or psum",
                                 unsigned(i.region)));
    if (Error err = checkBoxInTensor(i.box, i.tensor, /*allowPadding=*/true,
                                     where, "source"))
      return err;
    if (Error err =
            checkFmapRegion(i.glbAddr, i.box, i.region, where, "destination"))
      return err;
    return checkRead(i.tensor, where);
  }
  case Opcode::GlbToDram: {
    const auto &i = std::get<GlbToDram>(inst);
    if (Error err = needLayer(where))
      return err;
    if (Error err = checkTensorId(i.tensor, where, "destination"))
      return err;
    const TensorDesc &t = p.tensors[i.tensor];
    if (t.elementType != ElementType::Int16)
      return fail(where, formatv("{0} is not int16; the chip moves 16-bit "
                                 "words",
                                 tensorWhere(i.tensor)));
    if (!isValidOutputMode(uint8_t(i.mode)))
      return fail(where, formatv("unknown output mode {0}", unsigned(i.mode)));
    if (Error err = checkBoxInTensor(i.box, i.tensor, /*allowPadding=*/false,
                                     where, "destination"))
      return err;
    if (Error err =
            checkFmapRegion(i.glbAddr, i.box, BankRole::Psum, where, "source"))
      return err;
    if (t.rlc != RLCGranule::None) {
      // An RLC stream is written whole: the box must cover whole granules.
      std::array<int64_t, 4> v = t.view();
      int inner = int(t.rlc); // Innermost dimensions per granule.
      const int64_t origin[4] = {i.box.n0, i.box.c0, i.box.h0, i.box.w0};
      const int64_t extent[4] = {i.box.n, i.box.c, i.box.h, i.box.w};
      for (int d = 4 - inner; d < 4; ++d)
        if (origin[d] != 0 || extent[d] != v[d])
          return fail(where, formatv("{0} is stored as {1} RLC streams; the "
                                     "box must cover whole streams",
                                     tensorWhere(i.tensor),
                                     stringifyRLCGranule(t.rlc)));
    }
    return checkWrite(i.tensor, where);
  }
  case Opcode::FilterPreload: {
    const auto &i = std::get<FilterPreload>(inst);
    if (Error err = needLayer(where))
      return err;
    if (Error err =
            checkChunk(*layer, i.group, i.m0, i.mCount, i.c0, i.cCount, where))
      return err;
    if (i.bias && layer->bias == kNoTensor)
      return fail(where, formatv("loads bias words, but layer {0} {1} has "
                                 "no bias",
                                 layerIndex, quoted(layer->name)));
    uint64_t words =
        uint64_t(i.mCount) * i.cCount * layer->shape.R * layer->shape.S +
        (i.bias ? i.mCount : 0);
    if (Error err = checkFilterRegion(i.filterAddr, words, where))
      return err;
    if (Error err = checkRead(layer->filter, where))
      return err;
    return i.bias ? checkRead(layer->bias, where) : Error::success();
  }
  case Opcode::Pass: {
    const auto &i = std::get<Pass>(inst);
    if (Error err = needLayer(where))
      return err;
    const LayerShape &s = layer->shape;
    const RSMapping &m = layer->mapping;
    if (Error err =
            checkChunk(*layer, i.group, i.m0, i.mCount, i.c0, i.cCount, where))
      return err;
    if (i.nCount < 1 || i.nCount > m.n || int64_t(i.n0) + i.nCount > s.N)
      return fail(where, formatv("images [{0}, {1}): need 1 to n = {2} of "
                                 "the batch of {3}",
                                 i.n0, uint64_t(i.n0) + i.nCount, m.n, s.N));
    if (i.eCount < 1 || i.eCount > m.e || int64_t(i.e0) + i.eCount > s.E)
      return fail(where, formatv("ofmap rows [{0}, {1}): need 1 to e = {2} "
                                 "of the {3} rows",
                                 i.e0, uint64_t(i.e0) + i.eCount, m.e, s.E));
    if (!isValidPsumInput(uint8_t(i.psumIn)))
      return fail(where, formatv("unknown psum input {0}", unsigned(i.psumIn)));
    if (i.psumIn == PsumInput::Bias && layer->bias == kNoTensor)
      return fail(where, formatv("starts psums from the bias, but layer {0} "
                                 "{1} has no bias",
                                 layerIndex, quoted(layer->name)));
    uint64_t filterWords = uint64_t(i.mCount) * i.cCount * s.R * s.S +
                           (i.psumIn == PsumInput::Bias ? i.mCount : 0);
    if (Error err = checkFilterRegion(i.filterAddr, filterWords, where))
      return err;

    // The ifmap region must hold every value the pass reads (tensor
    // coordinates; padding is negative or past the extent).
    int64_t cg = s.channelsPerGroup(), mg = s.filtersPerGroup();
    if (Error err = checkBoxInTensor(i.ifmap.box, layer->ifmap,
                                     /*allowPadding=*/true, where, "ifmap"))
      return err;
    const Box &ib = i.ifmap.box;
    int64_t rowLo = int64_t(i.e0) * s.strideH - s.padTop;
    int64_t rowHi = (int64_t(i.e0) + i.eCount - 1) * s.strideH +
                    (s.R - 1) * s.dilationH - s.padTop + 1;
    int64_t colLo = -s.padLeft;
    int64_t colHi =
        (s.F - 1) * s.strideW + (s.S - 1) * s.dilationW - s.padLeft + 1;
    int64_t chLo = int64_t(i.group) * cg + i.c0;
    auto covers = [](int64_t origin, int64_t extent, int64_t lo, int64_t hi) {
      return origin <= lo && origin + extent >= hi;
    };
    if (!covers(ib.n0, ib.n, i.n0, int64_t(i.n0) + i.nCount) ||
        !covers(ib.c0, ib.c, chLo, chLo + i.cCount) ||
        !covers(ib.h0, ib.h, rowLo, rowHi) ||
        !covers(ib.w0, ib.w, colLo, colHi))
      return fail(where,
                  formatv("ifmap box n[{0}, {1}) c[{2}, {3}) h[{4}, {5}) "
                          "w[{6}, {7}) does not hold the pass's n[{8}, {9}) "
                          "c[{10}, {11}) h[{12}, {13}) w[{14}, {15})",
                          ib.n0, int64_t(ib.n0) + ib.n, ib.c0,
                          int64_t(ib.c0) + ib.c, ib.h0, int64_t(ib.h0) + ib.h,
                          ib.w0, int64_t(ib.w0) + ib.w, i.n0,
                          int64_t(i.n0) + i.nCount, chLo, chLo + i.cCount,
                          rowLo, rowHi, colLo, colHi));
    if (ib.h0 < -s.padTop || int64_t(ib.h0) + ib.h > s.H + s.padBottom ||
        ib.w0 < -s.padLeft || int64_t(ib.w0) + ib.w > s.W + s.padRight)
      return fail(where, "ifmap box reaches past the layer's padding");
    if (Error err =
            checkFmapRegion(i.ifmap.addr, ib, BankRole::Ifmap, where, "ifmap"))
      return err;

    const Box &pb = i.psum.box;
    if (Error err = checkBoxInTensor(pb, layer->ofmap, /*allowPadding=*/false,
                                     where, "psum"))
      return err;
    int64_t fLo = int64_t(i.group) * mg + i.m0;
    if (!covers(pb.n0, pb.n, i.n0, int64_t(i.n0) + i.nCount) ||
        !covers(pb.c0, pb.c, fLo, fLo + i.mCount) ||
        !covers(pb.h0, pb.h, i.e0, int64_t(i.e0) + i.eCount) ||
        !covers(pb.w0, pb.w, 0, s.F))
      return fail(where,
                  formatv("psum box n[{0}, {1}) c[{2}, {3}) h[{4}, {5}) "
                          "w[{6}, {7}) does not hold the pass's n[{8}, {9}) "
                          "c[{10}, {11}) h[{12}, {13}) w[0, {14})",
                          pb.n0, int64_t(pb.n0) + pb.n, pb.c0,
                          int64_t(pb.c0) + pb.c, pb.h0, int64_t(pb.h0) + pb.h,
                          pb.w0, int64_t(pb.w0) + pb.w, i.n0,
                          int64_t(i.n0) + i.nCount, fLo, fLo + i.mCount, i.e0,
                          int64_t(i.e0) + i.eCount, s.F));
    if (Error err =
            checkFmapRegion(i.psum.addr, pb, BankRole::Psum, where, "psum"))
      return err;
    return Error::success();
  }
  case Opcode::HostOp: {
    uint32_t id = std::get<HostOpCall>(inst).op;
    if (id >= p.hostOps.size())
      return fail(where, formatv("host op {0} out of range ({1} host ops)", id,
                                 p.hostOps.size()));
    const HostOpDesc &op = p.hostOps[id];
    for (uint32_t input : op.inputs)
      if (Error err = checkRead(input, where))
        return err;
    return checkWrite(op.output, where);
  }
  case Opcode::Barrier:
  case Opcode::End:
    return Error::success();
  }
  return Error::success();
}

Error Verifier::verifyInstructions() {
  written.assign(p.tensors.size(), 0);
  for (uint32_t id = 0; id < p.tensors.size(); ++id)
    written[id] = p.tensors[id].role == TensorRole::Input ||
                  p.tensors[id].role == TensorRole::Constant;
  if (p.instructions.empty() || getOpcode(p.instructions.back()) != Opcode::End)
    return fail("instructions", "the program does not end with END");
  for (uint32_t index = 0; index < p.instructions.size(); ++index) {
    const Instruction &inst = p.instructions[index];
    if (getOpcode(inst) == Opcode::End && index + 1 != p.instructions.size())
      return fail(instructionWhere(index, inst),
                  "END before the last instruction");
    if (Error err = verifyInstruction(index, inst))
      return err;
  }
  for (uint32_t id = 0; id < p.tensors.size(); ++id)
    if (p.tensors[id].role == TensorRole::Output && !written[id])
      return fail(tensorWhere(id), "an output that no instruction writes");
  return Error::success();
}

Error Verifier::run() {
  if (Error err = verifyArch())
    return err;
  // Counts and ids are u32 in the stream (and kNoTensor is reserved).
  if (p.tensors.size() >= kNoTensor || p.layers.size() >= kNoTensor ||
      p.hostOps.size() >= kNoTensor || p.instructions.size() >= kNoTensor)
    return fail("program", "more than 2^32 - 1 tensors, layers, host ops or "
                           "instructions");
  for (uint32_t id = 0; id < p.tensors.size(); ++id)
    if (Error err = verifyTensor(id))
      return err;
  if (Error err = verifyDramOverlaps())
    return err;
  for (uint32_t i = 0; i < p.layers.size(); ++i)
    if (Error err = verifyLayer(i))
      return err;
  for (uint32_t i = 0; i < p.hostOps.size(); ++i)
    if (Error err = verifyHostOp(i))
      return err;
  return verifyInstructions();
}

Error eyb::verifyProgram(const Program &program, const RecordOffsets *offsets) {
  return Verifier(program, offsets).run();
}
