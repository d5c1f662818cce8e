//===- Writer.cpp - Encode a program as an EYB stream ---------------------===//
//
// Each section is built into its own buffer by a function that follows the
// field tables of docs/ISA.md line by line; the stream is the header, the
// section table and the sections at 8-byte-aligned offsets, with zeros in
// between. Strings go to the strings section in the order records name them
// (tensors, layers, host ops), without sharing, so the table is a function
// of the program alone. The checksum is computed last, over the finished
// stream with its own field still zero.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/ISA/Writer.h"
#include "eyeriss/ISA/Verifier.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <limits>

using namespace eyeriss;
using namespace eyeriss::eyb;
using namespace llvm;

namespace {

/// Appends little-endian fields to a byte buffer.
class ByteWriter {
public:
  explicit ByteWriter(std::vector<uint8_t> &buffer) : buf(buffer) {}

  void u8(uint8_t v) { buf.push_back(v); }
  void u16(uint16_t v) {
    u8(uint8_t(v));
    u8(uint8_t(v >> 8));
  }
  void u32(uint32_t v) {
    u16(uint16_t(v));
    u16(uint16_t(v >> 16));
  }
  void u64(uint64_t v) {
    u32(uint32_t(v));
    u32(uint32_t(v >> 32));
  }
  void i32(int32_t v) { u32(uint32_t(v)); }
  /// Shape and mapping fields are int64 in memory and u32 in the stream;
  /// the verifier has checked that they fit.
  void dim(int64_t v) { u32(uint32_t(v)); }
  void f32(float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof(bits));
    u32(bits);
  }
  void bytes(ArrayRef<uint8_t> data) {
    buf.insert(buf.end(), data.begin(), data.end());
  }
  void str(StringRef s) { buf.insert(buf.end(), s.begin(), s.end()); }
  void zeros(size_t n) { buf.insert(buf.end(), n, 0); }
  void padTo(size_t alignment) {
    zeros((alignment - buf.size() % alignment) % alignment);
  }
  size_t size() const { return buf.size(); }

private:
  std::vector<uint8_t> &buf;
};

/// Builds the strings section while records reference it.
class StringTable {
public:
  /// Writes the (offset, length) reference of `s` to `w`.
  void ref(ByteWriter &w, StringRef s) {
    w.u32(uint32_t(bytes.size()));
    w.u32(uint32_t(s.size()));
    bytes.insert(bytes.end(), s.begin(), s.end());
  }
  std::vector<uint8_t> bytes;
};

struct Sections {
  std::vector<uint8_t> config, strings, tensors, layers, hostOps, instructions;
  uint64_t weightsSize = 0;
};

} // namespace

static void writeBox(ByteWriter &w, const Box &b) {
  w.i32(b.n0);
  w.i32(b.c0);
  w.i32(b.h0);
  w.i32(b.w0);
  w.u32(b.n);
  w.u32(b.c);
  w.u32(b.h);
  w.u32(b.w);
}

static void encodeConfig(const Program &p, const std::string &archJSON,
                         std::vector<uint8_t> &out) {
  ByteWriter w(out);
  w.u64(p.dramBytes);
  w.u32(uint32_t(p.name.size()));
  w.u32(uint32_t(p.arch.name.size()));
  w.u32(uint32_t(archJSON.size()));
  w.u32(0);
  w.str(p.name);
  w.str(p.arch.name);
  w.str(archJSON);
}

static void encodeTensors(const Program &p, StringTable &strings,
                          std::vector<uint8_t> &out) {
  ByteWriter w(out);
  // Wide records (8 dimensions) only when a tensor needs them, so that a
  // program of ranks up to 4 is encoded as before 1.8.
  bool wide = llvm::any_of(
      p.tensors, [](const TensorDesc &t) { return t.shape.size() > 4; });
  w.u32(uint32_t(p.tensors.size()));
  w.u32(wide ? kWideTensorRecordSize : kTensorRecordSize);
  for (const TensorDesc &t : p.tensors) {
    strings.ref(w, t.name);
    w.u8(uint8_t(t.role));
    w.u8(uint8_t(t.elementType));
    w.u8(uint8_t(t.shape.size()));
    w.u8(uint8_t(t.rlc));
    w.i32(t.elementType == ElementType::Float32 ? int32_t(t.hostFormat)
                                                : t.fracBits);
    for (size_t i = 0; i < (wide ? 8u : 4u); ++i)
      w.dim(i < t.shape.size() ? t.shape[i] : 0);
    w.u64(t.dramAddress);
    w.u64(t.dramBytes);
  }
}

static void encodeLayers(const Program &p, StringTable &strings,
                         std::vector<uint8_t> &out) {
  ByteWriter w(out);
  const ArchDescription &a = p.arch;
  uint64_t recordSize =
      layerRecordSize(a.peArray.rows, a.peArray.cols, a.glb.fmap.banks);
  w.u32(uint32_t(p.layers.size()));
  w.u32(uint32_t(recordSize));
  for (const LayerConfig &l : p.layers) {
    size_t start = w.size();
    strings.ref(w, l.name);
    w.u8(uint8_t(l.kind));
    w.u8(uint8_t(l.activation));
    w.u16(0);
    w.u32(l.ifmap);
    w.u32(l.filter);
    w.u32(l.bias);
    w.u32(l.ofmap);
    w.i32(l.ifmapFracBits);
    w.i32(l.filterFracBits);
    w.i32(l.psumFracBits);
    w.i32(l.ofmapFracBits);
    w.i32(l.windowShift);
    const LayerShape &s = l.shape;
    for (int64_t v : {s.N, s.C, s.M, s.H, s.W, s.R, s.S, s.E, s.F, s.strideH,
                      s.strideW, s.dilationH, s.dilationW, s.padTop, s.padLeft,
                      s.padBottom, s.padRight, s.groups})
      w.dim(v);
    const RSMapping &m = l.mapping;
    for (int64_t v : {m.m, m.n, m.e, m.p, m.q, m.r, m.t})
      w.dim(v);
    const RSPlacement &pl = l.placement;
    for (int64_t v :
         {pl.foldFactor, pl.segmentCols, pl.chainRows, pl.chainsPerColumn,
          pl.chainsPerRow, pl.activePEs, pl.usedRows, pl.usedCols})
      w.dim(v);
    w.u32(0);
    for (const PEConfig &pe : l.pes) {
      w.u8(uint8_t((pe.active ? kPEActive : 0) |
                   (pe.psumFromBelow ? kPEPsumFromBelow : 0) |
                   (pe.psumToAbove ? kPEPsumToAbove : 0)));
      w.u8(pe.filterRow);
      w.u8(pe.channelSet);
      w.u8(0);
      w.u16(pe.chain);
      w.u16(pe.ofmapRow);
    }
    for (const MulticastIds *ids : {&l.ginFilter, &l.ginIfmap, &l.ginPsum}) {
      w.bytes(ids->rowIds);
      w.bytes(ids->colIds);
    }
    for (BankRole role : l.banks)
      w.u8(uint8_t(role));
    w.zeros(start + recordSize - w.size());
  }
}

static void encodeHostOps(const Program &p, StringTable &strings,
                          std::vector<uint8_t> &out) {
  ByteWriter w(out);
  w.u32(uint32_t(p.hostOps.size()));
  w.u32(0);
  for (const HostOpDesc &op : p.hostOps) {
    strings.ref(w, op.name);
    w.u16(uint16_t(op.kind));
    w.u8(uint8_t(op.activation));
    w.u8(uint8_t((op.ceilMode ? kHostCeilMode : 0) |
                 (op.countIncludePad ? kHostCountIncludePad : 0)));
    w.u32(op.output);
    w.u32(uint32_t(op.inputs.size()));
    w.i32(op.axis);
    for (uint32_t v : op.kernel)
      w.u32(v);
    for (uint32_t v : op.strides)
      w.u32(v);
    for (uint32_t v : op.pads)
      w.u32(v);
    for (uint32_t v : op.dilations)
      w.u32(v);
    w.u32(op.groups);
    w.u32(op.size);
    for (float v : {op.alpha, op.beta, op.bias, op.epsilon, op.min, op.max})
      w.f32(v);
    for (uint32_t id : op.inputs)
      w.u32(id);
    w.padTo(8);
  }
}

static void encodeInstruction(ByteWriter &w, const Instruction &inst) {
  Opcode opcode = getOpcode(inst);
  w.u8(uint8_t(opcode));
  w.u8(0);
  w.u16(uint16_t(*instructionSize(uint8_t(opcode))));
  switch (opcode) {
  case Opcode::ConfigureLayer:
    w.u32(std::get<ConfigureLayer>(inst).layer);
    break;
  case Opcode::DramToGlb: {
    const auto &i = std::get<DramToGlb>(inst);
    w.u32(i.tensor);
    w.u8(uint8_t(i.region));
    w.zeros(3);
    w.u32(i.glbAddr);
    writeBox(w, i.box);
    break;
  }
  case Opcode::GlbToDram: {
    const auto &i = std::get<GlbToDram>(inst);
    w.u32(i.tensor);
    w.u8(uint8_t(i.mode));
    w.zeros(3);
    w.u32(i.glbAddr);
    writeBox(w, i.box);
    break;
  }
  case Opcode::FilterPreload: {
    const auto &i = std::get<FilterPreload>(inst);
    for (uint32_t v : {i.group, i.m0, i.mCount, i.c0, i.cCount, i.filterAddr})
      w.u32(v);
    w.u8(i.bias ? 1 : 0);
    w.zeros(3);
    break;
  }
  case Opcode::Pass: {
    const auto &i = std::get<Pass>(inst);
    for (uint32_t v : {i.group, i.m0, i.mCount, i.c0, i.cCount, i.n0, i.nCount,
                       i.e0, i.eCount})
      w.u32(v);
    w.u8(uint8_t(i.psumIn));
    w.zeros(3);
    w.u32(i.filterAddr);
    w.u32(i.ifmap.addr);
    writeBox(w, i.ifmap.box);
    w.u32(i.psum.addr);
    writeBox(w, i.psum.box);
    break;
  }
  case Opcode::HostOp:
    w.u32(std::get<HostOpCall>(inst).op);
    break;
  case Opcode::Barrier:
  case Opcode::End:
    w.u32(0);
    break;
  }
}

static void encodeInstructions(const Program &p, std::vector<uint8_t> &out) {
  ByteWriter w(out);
  w.u32(uint32_t(p.instructions.size()));
  w.u32(0);
  for (const Instruction &inst : p.instructions)
    encodeInstruction(w, inst);
}

static uint64_t alignUp(uint64_t v) {
  return (v + kSectionAlignment - 1) / kSectionAlignment * kSectionAlignment;
}

/// The constant tensors, in id order, that the weights section carries.
static SmallVector<uint32_t> weightTensors(const Program &p) {
  SmallVector<uint32_t> ids;
  for (uint32_t id = 0; id < p.tensors.size(); ++id)
    if (p.tensors[id].role == TensorRole::Constant)
      ids.push_back(id);
  return ids;
}

/// Offsets of each weight blob from the start of the weights section, and
/// the section's size.
static std::pair<SmallVector<uint64_t>, uint64_t>
weightsLayout(const Program &p, ArrayRef<uint32_t> ids) {
  SmallVector<uint64_t> offsets;
  uint64_t pos = kTableHeaderSize + uint64_t(ids.size()) * kWeightsEntrySize;
  uint64_t end = pos;
  for (uint32_t id : ids) {
    pos = alignUp(pos);
    offsets.push_back(pos);
    pos += p.tensors[id].data.size();
    end = pos;
  }
  return {offsets, end};
}

static Expected<Sections> encodeSections(const Program &p) {
  if (Error err = verifyProgram(p))
    return std::move(err);
  Sections s;
  encodeConfig(p, printArchDescription(p.arch), s.config);
  StringTable strings;
  encodeTensors(p, strings, s.tensors);
  encodeLayers(p, strings, s.layers);
  encodeHostOps(p, strings, s.hostOps);
  encodeInstructions(p, s.instructions);
  if (strings.bytes.size() > std::numeric_limits<uint32_t>::max())
    return createStringError(
        formatv("the names take {0} bytes, more than the 4 GiB a string "
                "reference can address",
                strings.bytes.size()));
  s.strings = std::move(strings.bytes);
  s.weightsSize = weightsLayout(p, weightTensors(p)).second;
  return s;
}

static StreamInfo layoutOf(const Sections &s) {
  StreamInfo info;
  uint64_t pos = kHeaderSize + uint64_t(kNumSectionKinds) * kSectionEntrySize;
  const uint64_t sizes[kNumSectionKinds] = {
      s.config.size(), s.strings.size(), s.tensors.size(),
      s.layers.size(), s.hostOps.size(), s.instructions.size(),
      s.weightsSize};
  for (uint32_t k = 0; k < kNumSectionKinds; ++k) {
    pos = alignUp(pos);
    SectionInfo section;
    section.kind = SectionKind(k + 1);
    section.alignment = kSectionAlignment;
    section.offset = pos;
    section.size = sizes[k];
    info.sections.push_back(section);
    pos += sizes[k];
  }
  info.fileSize = pos;
  return info;
}

Expected<StreamInfo> eyb::computeLayout(const Program &program) {
  Expected<Sections> sections = encodeSections(program);
  if (!sections)
    return sections.takeError();
  return layoutOf(*sections);
}

Expected<std::vector<uint8_t>> eyb::writeProgram(const Program &program) {
  Expected<Sections> sectionsOr = encodeSections(program);
  if (!sectionsOr)
    return sectionsOr.takeError();
  const Sections &s = *sectionsOr;
  StreamInfo info = layoutOf(s);

  std::vector<uint8_t> out;
  out.reserve(info.fileSize);
  ByteWriter w(out);
  w.str(StringRef(kMagic, sizeof(kMagic)));
  w.u16(kVersionMajor);
  w.u16(kVersionMinor);
  w.u32(kHeaderSize);
  w.u32(kNumSectionKinds);
  w.u64(info.fileSize);
  w.u64(kHeaderSize);
  w.u32(0); // Checksum, patched below.
  w.u32(0); // Flags.
  w.zeros(kHeaderSize - w.size());
  for (const SectionInfo &section : info.sections) {
    w.u32(uint32_t(section.kind));
    w.u32(section.alignment);
    w.u64(section.offset);
    w.u64(section.size);
  }
  const std::vector<uint8_t> *bodies[] = {&s.config,  &s.strings,
                                          &s.tensors, &s.layers,
                                          &s.hostOps, &s.instructions};
  for (size_t k = 0; k < std::size(bodies); ++k) {
    w.zeros(info.sections[k].offset - w.size());
    w.bytes(*bodies[k]);
  }

  // Weights: the index, then each constant tensor's bytes, 8-byte aligned.
  w.zeros(info.sections.back().offset - w.size());
  size_t weightsStart = w.size();
  SmallVector<uint32_t> ids = weightTensors(program);
  auto [offsets, size] = weightsLayout(program, ids);
  (void)size;
  w.u32(uint32_t(ids.size()));
  w.u32(0);
  for (size_t i = 0; i < ids.size(); ++i) {
    w.u32(ids[i]);
    w.u32(0);
    w.u64(offsets[i]);
    w.u64(program.tensors[ids[i]].data.size());
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    w.zeros(weightsStart + offsets[i] - w.size());
    w.bytes(program.tensors[ids[i]].data);
  }
  assert(w.size() == info.fileSize && "layout and encoding disagree");

  uint32_t crc = llvm::crc32(out);
  support::endian::write32le(&out[header::kChecksum], crc);
  return out;
}

Error eyb::writeProgramFile(const Program &program, StringRef path) {
  Expected<std::vector<uint8_t>> bytes = writeProgram(program);
  if (!bytes)
    return bytes.takeError();
  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return createStringError(ec, "%s: %s", path.str().c_str(),
                             ec.message().c_str());
  os.write(reinterpret_cast<const char *>(bytes->data()), bytes->size());
  os.close();
  if (os.has_error())
    return createStringError(os.error(), "%s: %s", path.str().c_str(),
                             os.error().message().c_str());
  return Error::success();
}
