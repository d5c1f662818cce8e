//===- Reader.cpp - Decode and validate an EYB stream ---------------------===//
//
// Decoding is a walk over the stream with a bounds-checked cursor per
// section. The first problem found is kept (a sticky error, so the field
// reads stay one line each) and every later read returns 0, which nothing
// uses: each record is checked for a failure before its values are used.
// Counts are checked against the bytes that remain before anything is
// allocated for them, so a corrupt count cannot make the reader allocate
// more than the stream's own size.
//
// Layers: the stream's structure (offsets, sizes, enum values, ids) is
// checked here, with byte offsets in the messages; the program's meaning is
// then checked by verifyProgram, given the records' offsets; last, the
// stream must be the canonical encoding of what was decoded, which catches
// whatever is left (non-zero padding, a reordered string table) in one rule.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/ISA/Reader.h"
#include "eyeriss/ISA/Verifier.h"
#include "eyeriss/ISA/Writer.h"

#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstring>
#include <optional>

using namespace eyeriss;
using namespace eyeriss::eyb;
using namespace llvm;
namespace endian = llvm::support::endian;

namespace {

/// The first error of a decode, with the byte offset it concerns.
class Diagnostic {
public:
  void report(uint64_t offset, const Twine &where, const Twine &message) {
    if (!text.empty())
      return;
    text = formatv("byte {0:x}, {1}: {2}", offset, where.str(), message.str())
               .str();
  }
  bool failed() const { return !text.empty(); }
  Error take() {
    return createStringError(inconvertibleErrorCode(), "EYB stream: " + text);
  }

private:
  std::string text;
};

/// Reads little-endian fields of [pos, end) of a stream. A read past `end`
/// reports a truncation and returns 0; after any error every read returns 0.
class Cursor {
public:
  Cursor(ArrayRef<uint8_t> stream, uint64_t begin, uint64_t end,
         Diagnostic &diag, std::string where)
      : data(stream), pos(begin), end(end), diag(diag),
        where(std::move(where)) {}

  uint64_t offset() const { return pos; }
  uint64_t remaining() const { return end - pos; }
  bool failed() const { return diag.failed(); }
  void setWhere(std::string w) { where = std::move(w); }
  const std::string &getWhere() const { return where; }

  /// Reports a problem with the field that starts at `at`.
  void error(uint64_t at, const Twine &message) {
    diag.report(at, where, message);
  }

  bool need(uint64_t bytes, StringRef field) {
    if (diag.failed())
      return false;
    if (end - pos < bytes) {
      diag.report(pos, where,
                  formatv("truncated: {0} needs {1} bytes, {2} remain", field,
                          bytes, end - pos));
      return false;
    }
    return true;
  }
  uint8_t u8(StringRef field) {
    if (!need(1, field))
      return 0;
    return data[pos++];
  }
  uint16_t u16(StringRef field) {
    if (!need(2, field))
      return 0;
    uint16_t v = endian::read16le(&data[pos]);
    pos += 2;
    return v;
  }
  uint32_t u32(StringRef field) {
    if (!need(4, field))
      return 0;
    uint32_t v = endian::read32le(&data[pos]);
    pos += 4;
    return v;
  }
  uint64_t u64(StringRef field) {
    if (!need(8, field))
      return 0;
    uint64_t v = endian::read64le(&data[pos]);
    pos += 8;
    return v;
  }
  int32_t i32(StringRef field) { return int32_t(u32(field)); }
  float f32(StringRef field) {
    uint32_t bits = u32(field);
    float v;
    std::memcpy(&v, &bits, sizeof(v));
    return v;
  }
  ArrayRef<uint8_t> bytes(uint64_t n, StringRef field) {
    if (!need(n, field))
      return {};
    ArrayRef<uint8_t> v = data.slice(pos, n);
    pos += n;
    return v;
  }
  /// Reserved bytes: must be zero.
  void zeros(uint64_t n, StringRef field) {
    uint64_t at = pos;
    for (uint8_t b : bytes(n, field))
      if (b != 0) {
        error(at, formatv("{0} must be 0", field));
        return;
      }
  }
  template <typename Enum>
  Enum enumU8(StringRef field, bool (*isValid)(uint8_t)) {
    uint64_t at = pos;
    uint8_t v = u8(field);
    if (!failed() && !isValid(v))
      error(at, formatv("unknown {0} {1}", field, unsigned(v)));
    return Enum(v);
  }
  /// A record count, checked against the bytes left for `minRecordSize`
  /// bytes per record.
  uint32_t count(StringRef what, uint64_t minRecordSize) {
    uint64_t at = pos;
    uint32_t n = u32("record count");
    if (!failed() && uint64_t(n) * minRecordSize > remaining())
      error(at, formatv("{0} {1} need at least {2} bytes, the section has "
                        "{3} left",
                        n, what, uint64_t(n) * minRecordSize, remaining()));
    return n;
  }
  /// The end of a section: nothing may be left.
  void expectEnd() {
    if (!failed() && pos != end)
      error(pos, formatv("{0} unexpected bytes at the end of the section",
                         end - pos));
  }

private:
  ArrayRef<uint8_t> data;
  uint64_t pos, end;
  Diagnostic &diag;
  std::string where;
};

class StreamReader {
public:
  explicit StreamReader(ArrayRef<uint8_t> stream) : data(stream) {}

  Expected<StreamInfo> readInfo();
  Expected<Program> read();

private:
  Cursor section(SectionKind kind) {
    const SectionInfo &s = info.sections[uint32_t(kind) - 1];
    return Cursor(data, s.offset, s.offset + s.size, diag,
                  (stringifySectionKind(kind) + " section").str());
  }
  std::string name(Cursor &c, StringRef field);
  uint32_t tensorId(Cursor &c, StringRef field, bool optional = false);
  Box box(Cursor &c, StringRef field);

  void readConfig();
  void readTensors();
  void readLayers();
  void readHostOps();
  void readInstructions();
  void readWeights();
  Error checkCanonical();

  ArrayRef<uint8_t> data;
  Diagnostic diag;
  StreamInfo info;
  Program p;
  RecordOffsets offsets;
  ArrayRef<uint8_t> strings;
  uint64_t nextString = 0;
};

} // namespace

//===----------------------------------------------------------------------===//
// Header and section table
//===----------------------------------------------------------------------===//

Expected<StreamInfo> StreamReader::readInfo() {
  // The magic and version first, alone: a stream of another version may lay
  // out the rest of its header differently.
  size_t magicBytes = std::min<size_t>(data.size(), sizeof(kMagic));
  if (magicBytes && std::memcmp(data.data(), kMagic, magicBytes) != 0) {
    std::string got;
    for (size_t i = 0; i < magicBytes; ++i)
      got +=
          formatv("{0:x-2}", data[i]).str() + (i + 1 < magicBytes ? " " : "");
    diag.report(0, "header",
                formatv("not an EYB stream: magic bytes '{0}', expected "
                        "'45 59 42 31' (\"EYB1\")",
                        got));
    return diag.take();
  }
  if (data.size() < header::kVersionMinor + 2) {
    diag.report(data.size(), "header",
                formatv("truncated header: the stream has {0} bytes, the "
                        "header {1}",
                        data.size(), kHeaderSize));
    return diag.take();
  }
  info.versionMajor = endian::read16le(&data[header::kVersionMajor]);
  info.versionMinor = endian::read16le(&data[header::kVersionMinor]);
  if (info.versionMajor != kVersionMajor || info.versionMinor > kVersionMinor) {
    diag.report(header::kVersionMajor, "header",
                formatv("unsupported format version {0}.{1}: this reader "
                        "reads {2}.0 to {2}.{3}",
                        info.versionMajor, info.versionMinor, kVersionMajor,
                        kVersionMinor));
    return diag.take();
  }
  if (data.size() < kHeaderSize) {
    diag.report(data.size(), "header",
                formatv("truncated header: the stream has {0} bytes, the "
                        "header {1}",
                        data.size(), kHeaderSize));
    return diag.take();
  }

  Cursor c(data, header::kHeaderSize, kHeaderSize, diag, "header");
  uint32_t headerSize = c.u32("header size");
  if (headerSize != kHeaderSize)
    c.error(header::kHeaderSize, formatv("header size {0}, version 1 has {1}",
                                         headerSize, kHeaderSize));
  uint32_t sectionCount = c.u32("section count");
  if (!c.failed() && sectionCount != kNumSectionKinds)
    c.error(header::kSectionCount, formatv("{0} sections, version 1 has {1}",
                                           sectionCount, kNumSectionKinds));
  info.fileSize = c.u64("file size");
  if (!c.failed() && info.fileSize != data.size())
    c.error(header::kFileSize,
            info.fileSize > data.size()
                ? formatv("truncated stream: the header gives {0} bytes, the "
                          "stream has {1}",
                          info.fileSize, data.size())
                      .str()
                : formatv("the header gives {0} bytes, the stream has {1}: "
                          "trailing bytes",
                          info.fileSize, data.size())
                      .str());
  uint64_t tableOffset = c.u64("section table offset");
  if (!c.failed() && tableOffset != kHeaderSize)
    c.error(header::kSectionTable,
            formatv("section table at {0}, version 1 puts it at {1}",
                    tableOffset, kHeaderSize));
  if (diag.failed())
    return diag.take();

  // The checksum covers everything, so check it before trusting any more
  // of the header.
  info.checksum = endian::read32le(&data[header::kChecksum]);
  const uint8_t zero[4] = {0, 0, 0, 0};
  uint32_t crc = llvm::crc32(data.take_front(header::kChecksum));
  crc = llvm::crc32(crc, zero);
  crc = llvm::crc32(crc, data.drop_front(header::kChecksum + 4));
  if (crc != info.checksum) {
    diag.report(header::kChecksum, "header",
                formatv("checksum mismatch: the header says {0:x8}, the "
                        "contents give {1:x8}; the stream is corrupt",
                        info.checksum, crc));
    return diag.take();
  }
  Cursor rest(data, header::kFlags, kHeaderSize, diag, "header");
  rest.zeros(4, "flags");
  rest.zeros(kHeaderSize - header::kReserved, "reserved header bytes");

  // The section table: all kinds, in order, back to back.
  uint64_t tableEnd =
      kHeaderSize + uint64_t(kNumSectionKinds) * kSectionEntrySize;
  Cursor t(data, kHeaderSize, data.size(), diag, "section table");
  uint64_t next = tableEnd;
  for (uint32_t k = 0; k < kNumSectionKinds && !diag.failed(); ++k) {
    uint64_t at = t.offset();
    t.setWhere(formatv("section table entry {0}", k).str());
    SectionInfo s;
    uint32_t kind = t.u32("section kind");
    s.alignment = t.u32("alignment");
    s.offset = t.u64("offset");
    s.size = t.u64("size");
    if (t.failed())
      break;
    if (kind != k + 1) {
      t.error(at,
              formatv("section kind {0}, expected {1} ({2}): version 1 "
                      "has each kind once, in order",
                      kind, k + 1, stringifySectionKind(SectionKind(k + 1))));
      break;
    }
    s.kind = SectionKind(kind);
    t.setWhere((stringifySectionKind(s.kind) + " section entry").str());
    if (s.alignment != kSectionAlignment) {
      t.error(at + 4, formatv("alignment {0}, version 1 aligns every section "
                              "to {1}",
                              s.alignment, kSectionAlignment));
      break;
    }
    if (s.offset > info.fileSize || s.size > info.fileSize - s.offset) {
      t.error(at + 8, formatv("{0} bytes at {1:x} are outside the "
                              "{2}-byte stream",
                              s.size, s.offset, info.fileSize));
      break;
    }
    uint64_t expected =
        (next + kSectionAlignment - 1) / kSectionAlignment * kSectionAlignment;
    if (s.offset != expected) {
      t.error(at + 8, formatv("offset {0:x}, expected {1:x}: sections follow "
                              "each other, 8-byte aligned",
                              s.offset, expected));
      break;
    }
    Cursor gap(data, next, s.offset, diag,
               (stringifySectionKind(s.kind) + " section padding").str());
    gap.zeros(s.offset - next, "padding");
    next = s.offset + s.size;
    info.sections.push_back(s);
  }
  if (!diag.failed() && next != info.fileSize)
    diag.report(
        next, "end of stream",
        formatv("{0} bytes after the last section", info.fileSize - next));
  if (diag.failed())
    return diag.take();
  return info;
}

//===----------------------------------------------------------------------===//
// Sections
//===----------------------------------------------------------------------===//

std::string StreamReader::name(Cursor &c, StringRef field) {
  uint64_t at = c.offset();
  uint32_t offset = c.u32(field);
  uint32_t length = c.u32(field);
  if (c.failed())
    return "";
  if (uint64_t(offset) + length > strings.size()) {
    c.error(at,
            formatv("{0}: bytes [{1}, {2}) of the strings section, which "
                    "has {3}",
                    field, offset, uint64_t(offset) + length, strings.size()));
    return "";
  }
  // Names are stored in the order records reference them, unshared.
  if (offset != nextString) {
    c.error(at, formatv("{0} at strings offset {1}, expected {2}: names are "
                        "stored one after another in record order",
                        field, offset, nextString));
    return "";
  }
  nextString += length;
  return std::string(reinterpret_cast<const char *>(strings.data()) + offset,
                     length);
}

uint32_t StreamReader::tensorId(Cursor &c, StringRef field, bool optional) {
  uint64_t at = c.offset();
  uint32_t id = c.u32(field);
  if (!c.failed() && id >= p.tensors.size() && !(optional && id == kNoTensor))
    c.error(at, formatv("{0} tensor id {1} out of range ({2} tensors)", field,
                        id, p.tensors.size()));
  return id;
}

Box StreamReader::box(Cursor &c, StringRef field) {
  Box b;
  b.n0 = c.i32(field);
  b.c0 = c.i32(field);
  b.h0 = c.i32(field);
  b.w0 = c.i32(field);
  b.n = c.u32(field);
  b.c = c.u32(field);
  b.h = c.u32(field);
  b.w = c.u32(field);
  return b;
}

void StreamReader::readConfig() {
  Cursor c = section(SectionKind::Config);
  p.dramBytes = c.u64("DRAM size");
  uint32_t nameLength = c.u32("program name length");
  uint32_t archNameLength = c.u32("architecture name length");
  uint64_t jsonAt = c.offset();
  uint32_t jsonLength = c.u32("architecture JSON length");
  c.zeros(4, "reserved");
  if (c.failed())
    return;
  if (uint64_t(nameLength) + archNameLength + jsonLength != c.remaining()) {
    c.error(jsonAt - 8,
            formatv("name, architecture name and JSON lengths {0} + {1} + "
                    "{2} do not add up to the {3} bytes that follow",
                    nameLength, archNameLength, jsonLength, c.remaining()));
    return;
  }
  ArrayRef<uint8_t> name = c.bytes(nameLength, "program name");
  uint64_t archNameAt = c.offset();
  ArrayRef<uint8_t> archName = c.bytes(archNameLength, "architecture name");
  uint64_t at = c.offset();
  ArrayRef<uint8_t> json = c.bytes(jsonLength, "architecture JSON");
  p.name.assign(name.begin(), name.end());
  Expected<ArchDescription> arch = parseArchDescription(
      StringRef(reinterpret_cast<const char *>(json.data()), json.size()),
      "architecture JSON");
  if (!arch) {
    c.error(at, toString(arch.takeError()));
    return;
  }
  p.arch = std::move(*arch);
  if (printArchDescription(p.arch) !=
      StringRef(reinterpret_cast<const char *>(json.data()), json.size())) {
    c.error(at, "the architecture JSON is not in the canonical form "
                "printArchDescription writes");
    return;
  }
  StringRef archNameStr(reinterpret_cast<const char *>(archName.data()),
                        archName.size());
  if (archNameStr != p.arch.name) {
    c.error(archNameAt, formatv("architecture name '{0}' differs from the "
                                "JSON's '{1}'",
                                archNameStr, p.arch.name));
    return;
  }
  // The layer records' size depends on these; check them before use.
  if (p.arch.peArray.rows > kMaxPERows || p.arch.peArray.cols > kMaxPECols ||
      p.arch.glb.fmap.banks > kMaxBanks)
    c.error(at,
            formatv("architecture of {0} x {1} PEs and {2} GLB banks "
                    "exceeds the format's {3} x {4} and {5}",
                    p.arch.peArray.rows, p.arch.peArray.cols,
                    p.arch.glb.fmap.banks, kMaxPERows, kMaxPECols, kMaxBanks));
}

void StreamReader::readTensors() {
  Cursor c = section(SectionKind::Tensors);
  uint32_t n = c.count("tensors", kTensorRecordSize);
  uint64_t sizeAt = c.offset();
  uint32_t recordSize = c.u32("record size");
  if (c.failed())
    return;
  if (recordSize != kTensorRecordSize &&
      !(recordSize == kWideTensorRecordSize &&
        info.versionMinor >= kWideTensorMinorVersion))
    return c.error(
        sizeAt,
        formatv("tensor records of {0} bytes, version {1}.{2} has {3}{4}",
                recordSize, kVersionMajor, info.versionMinor, kTensorRecordSize,
                info.versionMinor >= kWideTensorMinorVersion
                    ? formatv(" or {0}", kWideTensorRecordSize).str()
                    : std::string()));
  // Wide records hold 8 dimensions, the others 4.
  unsigned recordDims = recordSize == kWideTensorRecordSize ? 8 : 4;
  bool anyWide = false;
  p.tensors.resize(n);
  for (uint32_t id = 0; id < n && !c.failed(); ++id) {
    offsets.tensors.push_back(c.offset());
    c.setWhere(formatv("tensors section, tensor {0}", id).str());
    TensorDesc &t = p.tensors[id];
    t.name = name(c, "name");
    t.role = c.enumU8<TensorRole>("role", isValidTensorRole);
    t.elementType = c.enumU8<ElementType>("element type", isValidElementType);
    uint64_t rankAt = c.offset();
    uint8_t rank = c.u8("rank");
    unsigned minRank = info.versionMinor >= kScalarTensorMinorVersion ? 0 : 1;
    if (!c.failed() && (rank < minRank || rank > recordDims))
      c.error(rankAt, formatv("rank {0}, must be {1} to {2}{3}", unsigned(rank),
                              minRank, recordDims,
                              rank == 0 ? formatv(" (scalars are new in format "
                                                  "{0}.{1}; the stream says "
                                                  "{0}.{2})",
                                                  kVersionMajor,
                                                  kScalarTensorMinorVersion,
                                                  info.versionMinor)
                                              .str()
                                        : std::string()));
    anyWide |= rank > 4;
    t.rlc = c.enumU8<RLCGranule>("RLC granule", isValidRLCGranule);
    // The same field holds an int16 tensor's fracBits and, since 1.11, a
    // float32 tensor's host format.
    uint64_t formatAt = c.offset();
    int32_t formatField = c.i32("fracBits");
    if (t.elementType != ElementType::Float32) {
      t.fracBits = formatField;
    } else if (!c.failed() && formatField != 0) {
      if (info.versionMinor < kHostFormatMinorVersion)
        c.error(formatAt,
                formatv("a float32 tensor has fracBits {0}, must be 0 (host "
                        "formats are new in format {1}.{2}; the stream says "
                        "{1}.{3})",
                        formatField, kVersionMajor, kHostFormatMinorVersion,
                        info.versionMinor));
      else if (formatField < 0 || formatField > int32_t(kLastHostFormat))
        c.error(formatAt, formatv("host format {0}, must be 0 (float32) to "
                                  "{1} (uint64)",
                                  formatField, int32_t(kLastHostFormat)));
      else if (formatField >= int32_t(HostFormat::UInt8) &&
               info.versionMinor < binary::kIntegerMinorVersion)
        c.error(formatAt, formatv("host format {0} ({1}) is new in format "
                                  "{2}.{3}; the stream says {2}.{4}",
                                  formatField,
                                  stringifyHostFormat(HostFormat(formatField)),
                                  kVersionMajor, binary::kIntegerMinorVersion,
                                  info.versionMinor));
      else if (formatField == int32_t(HostFormat::Bool) &&
               info.versionMinor < kBoolHostFormatMinorVersion)
        c.error(formatAt, formatv("host format 6 (bool) is new in format "
                                  "{0}.{1}; the stream says {0}.{2}",
                                  kVersionMajor, kBoolHostFormatMinorVersion,
                                  info.versionMinor));
      else if (formatField == int32_t(HostFormat::Int64) &&
               info.versionMinor < kInt64HostFormatMinorVersion)
        c.error(formatAt, formatv("host format 4 (int64) is new in format "
                                  "{0}.{1}; the stream says {0}.{2}",
                                  kVersionMajor, kInt64HostFormatMinorVersion,
                                  info.versionMinor));
      else if (formatField == int32_t(HostFormat::Int32) &&
               info.versionMinor < kIntegerInputMinorVersion)
        c.error(formatAt, formatv("host format 5 (int32) is new in format "
                                  "{0}.{1}; the stream says {0}.{2}",
                                  kVersionMajor, kIntegerInputMinorVersion,
                                  info.versionMinor));
      else if (isIntegerFormat(HostFormat(formatField)) &&
               t.role == TensorRole::Input &&
               info.versionMinor < kIntegerInputMinorVersion)
        c.error(formatAt, formatv("an input of host format {0} is new in "
                                  "format {1}.{2}; the stream says {1}.{3}",
                                  stringifyHostFormat(HostFormat(formatField)),
                                  kVersionMajor, kIntegerInputMinorVersion,
                                  info.versionMinor));
      else
        t.hostFormat = HostFormat(formatField);
    }
    for (unsigned i = 0; i < recordDims; ++i) {
      uint64_t at = c.offset();
      uint32_t d = c.u32("dimension");
      if (c.failed())
        break;
      if (i < rank && d == 0)
        c.error(at, formatv("dimension {0} is 0", i));
      else if (i >= rank && d != 0)
        c.error(at, formatv("dimension {0} is {1} in a rank-{2} tensor; "
                            "unused dimensions are 0",
                            i, d, unsigned(rank)));
      else if (i < rank)
        t.shape.push_back(d);
    }
    t.dramAddress = c.u64("DRAM address");
    t.dramBytes = c.u64("DRAM size");
  }
  c.setWhere("tensors section");
  if (!c.failed() && recordDims == 8 && !anyWide)
    return c.error(sizeAt, formatv("tensor records of {0} bytes, but no "
                                   "tensor has rank above 4 ({1}-byte "
                                   "records)",
                                   kWideTensorRecordSize, kTensorRecordSize));
  c.expectEnd();
}

void StreamReader::readLayers() {
  Cursor c = section(SectionKind::Layers);
  const ArchDescription &a = p.arch;
  int64_t rows = a.peArray.rows, cols = a.peArray.cols;
  uint64_t expectedSize = layerRecordSize(rows, cols, a.glb.fmap.banks);
  uint32_t n = c.count("layers", expectedSize);
  uint64_t sizeAt = c.offset();
  uint32_t recordSize = c.u32("record size");
  if (c.failed())
    return;
  if (recordSize != expectedSize)
    return c.error(sizeAt,
                   formatv("layer records of {0} bytes, the {1} x {2} array "
                           "with {3} GLB banks needs {4}",
                           recordSize, rows, cols, a.glb.fmap.banks,
                           expectedSize));
  p.layers.resize(n);
  for (uint32_t index = 0; index < n && !c.failed(); ++index) {
    uint64_t start = c.offset();
    offsets.layers.push_back(start);
    c.setWhere(formatv("layers section, layer {0}", index).str());
    LayerConfig &l = p.layers[index];
    l.name = name(c, "name");
    l.kind = c.enumU8<LayerKind>("layer kind", isValidLayerKind);
    l.activation = c.enumU8<Activation>("activation", isValidActivation);
    c.zeros(2, "reserved");
    l.ifmap = tensorId(c, "ifmap");
    l.filter = tensorId(c, "filter");
    l.bias = tensorId(c, "bias", /*optional=*/true);
    l.ofmap = tensorId(c, "ofmap");
    l.ifmapFracBits = c.i32("ifmap fracBits");
    l.filterFracBits = c.i32("filter fracBits");
    l.psumFracBits = c.i32("psum fracBits");
    l.ofmapFracBits = c.i32("ofmap fracBits");
    l.windowShift = c.i32("window shift");
    LayerShape &s = l.shape;
    for (int64_t *f :
         {&s.N, &s.C, &s.M, &s.H, &s.W, &s.R, &s.S, &s.E, &s.F, &s.strideH,
          &s.strideW, &s.dilationH, &s.dilationW, &s.padTop, &s.padLeft,
          &s.padBottom, &s.padRight, &s.groups})
      *f = c.u32("shape field");
    RSMapping &m = l.mapping;
    for (int64_t *f : {&m.m, &m.n, &m.e, &m.p, &m.q, &m.r, &m.t})
      *f = c.u32("mapping parameter");
    RSPlacement &pl = l.placement;
    for (int64_t *f :
         {&pl.foldFactor, &pl.segmentCols, &pl.chainRows, &pl.chainsPerColumn,
          &pl.chainsPerRow, &pl.activePEs, &pl.usedRows, &pl.usedCols})
      *f = c.u32("placement field");
    c.zeros(4, "reserved");
    if (c.failed())
      break;
    l.pes.resize(rows * cols);
    for (PEConfig &pe : l.pes) {
      uint64_t at = c.offset();
      uint8_t flags = c.u8("PE flags");
      if (!c.failed() &&
          (flags & ~(kPEActive | kPEPsumFromBelow | kPEPsumToAbove)))
        c.error(at, formatv("PE flags {0:x2} set unknown bits", flags));
      pe.active = flags & kPEActive;
      pe.psumFromBelow = flags & kPEPsumFromBelow;
      pe.psumToAbove = flags & kPEPsumToAbove;
      pe.filterRow = c.u8("PE filter row");
      pe.channelSet = c.u8("PE channel set");
      c.zeros(1, "PE reserved byte");
      pe.chain = c.u16("PE chain");
      pe.ofmapRow = c.u16("PE ofmap row");
    }
    for (MulticastIds *ids : {&l.ginFilter, &l.ginIfmap, &l.ginPsum}) {
      ArrayRef<uint8_t> rowIds = c.bytes(rows, "row IDs");
      ArrayRef<uint8_t> colIds = c.bytes(rows * cols, "col IDs");
      ids->rowIds.assign(rowIds.begin(), rowIds.end());
      ids->colIds.assign(colIds.begin(), colIds.end());
    }
    l.banks.resize(a.glb.fmap.banks);
    for (BankRole &role : l.banks)
      role = c.enumU8<BankRole>("bank role", isValidBankRole);
    c.zeros(start + recordSize - c.offset(), "record padding");
  }
  c.expectEnd();
}

void StreamReader::readHostOps() {
  Cursor c = section(SectionKind::HostOps);
  uint32_t n = c.count("host ops", kHostOpFixedSize);
  c.zeros(4, "reserved");
  if (c.failed())
    return;
  p.hostOps.resize(n);
  for (uint32_t index = 0; index < n && !c.failed(); ++index) {
    offsets.hostOps.push_back(c.offset());
    c.setWhere(formatv("host_ops section, host op {0}", index).str());
    HostOpDesc &op = p.hostOps[index];
    op.name = name(c, "name");
    uint64_t at = c.offset();
    uint16_t kind = c.u16("host-op kind");
    if (!c.failed() && !isValidHostOpKind(kind))
      c.error(at, formatv("unknown host-op kind {0} (version {1}.{2} knows 1 "
                          "to {3})",
                          kind, kVersionMajor, kVersionMinor, kMaxHostOpKind));
    else if (!c.failed() &&
             hostOpKindMinorVersion(HostOpKind(kind)) > info.versionMinor)
      c.error(at, formatv("host-op kind {0} ({1}) is new in format {2}.{3}; "
                          "the stream says {2}.{4}",
                          kind, stringifyHostOpKind(HostOpKind(kind)),
                          kVersionMajor,
                          hostOpKindMinorVersion(HostOpKind(kind)),
                          info.versionMinor));
    op.kind = HostOpKind(kind);
    op.activation = c.enumU8<Activation>("activation", isValidActivation);
    at = c.offset();
    uint8_t flags = c.u8("flags");
    if (!c.failed() && (flags & ~(kHostCeilMode | kHostCountIncludePad)))
      c.error(at, formatv("flags {0:x2} set unknown bits", flags));
    op.ceilMode = flags & kHostCeilMode;
    op.countIncludePad = flags & kHostCountIncludePad;
    op.output = tensorId(c, "output");
    at = c.offset();
    uint32_t numInputs = c.u32("input count");
    if (!c.failed() && numInputs > kMaxHostOpInputs)
      c.error(at, formatv("{0} inputs, the limit is {1}", numInputs,
                          kMaxHostOpInputs));
    op.axis = c.i32("axis");
    for (uint32_t &v : op.kernel)
      v = c.u32("kernel");
    for (uint32_t &v : op.strides)
      v = c.u32("strides");
    for (uint32_t &v : op.pads)
      v = c.u32("pads");
    for (uint32_t &v : op.dilations)
      v = c.u32("dilations");
    op.groups = c.u32("groups");
    uint64_t sizeAt = c.offset();
    op.size = c.u32("size");
    op.alpha = c.f32("alpha");
    op.beta = c.f32("beta");
    op.bias = c.f32("bias");
    op.epsilon = c.f32("epsilon");
    op.min = c.f32("min");
    op.max = c.f32("max");
    if (c.failed())
      break;
    for (uint32_t i = 0; i < numInputs && !c.failed(); ++i)
      op.inputs.push_back(tensorId(c, "input"));
    // Tensors come first, so their shapes are known here.
    if (!c.failed() && op.kind == HostOpKind::Add &&
        info.versionMinor < kBroadcastAddMinorVersion &&
        op.inputs.size() == 2 && op.inputs[0] < p.tensors.size() &&
        op.inputs[1] < p.tensors.size() &&
        p.tensors[op.inputs[0]].shape != p.tensors[op.inputs[1]].shape)
      c.error(at, formatv("add of operands of different shapes (broadcasting) "
                          "is new in format {0}.{1}; the stream says {0}.{2}",
                          kVersionMajor, kBroadcastAddMinorVersion,
                          info.versionMinor));
    if (!c.failed() && op.kind == HostOpKind::Unary &&
        op.size >= kFirstFakeQuantFunction &&
        op.size <= kLastFakeQuantFunction &&
        info.versionMinor < kFakeQuantMinorVersion)
      c.error(sizeAt,
              formatv("unary function {0} (fake quantization) is new in "
                      "format {1}.{2}; the stream says {1}.{3}",
                      op.size, kVersionMajor, kFakeQuantMinorVersion,
                      info.versionMinor));
    if (!c.failed() && op.kind == HostOpKind::Unary &&
        op.size >= kFirstRoundingFunction && op.size <= kLastRoundingFunction &&
        info.versionMinor < kRoundingMinorVersion)
      c.error(sizeAt, formatv("unary function {0} (sin, cos, floor, ceil, "
                              "round, sign) is new in format {1}.{2}; the "
                              "stream says {1}.{3}",
                              op.size, kVersionMajor, kRoundingMinorVersion,
                              info.versionMinor));
    if (!c.failed() && op.kind == HostOpKind::Unary &&
        op.size >= kFirstCastFunction && op.size <= kLastCastFunction &&
        info.versionMinor < kCastFunctionMinorVersion)
      c.error(sizeAt, formatv("unary function {0} (round_to_f16, "
                              "round_to_bf16) is new in format {1}.{2}; the "
                              "stream says {1}.{3}",
                              op.size, kVersionMajor, kCastFunctionMinorVersion,
                              info.versionMinor));
    if (!c.failed() && op.kind == HostOpKind::Binary &&
        (binary::function(op.size) >= binary::kFirstIntegerFunction ||
         (op.size & ~binary::kFunctionMask)) &&
        info.versionMinor < binary::kIntegerMinorVersion)
      c.error(sizeAt,
              formatv("binary function {0} of integer type {1} (add, mul, "
                      "mod, fmod, integer arithmetic) is new in format "
                      "{2}.{3}; the stream says {2}.{4}",
                      binary::function(op.size), op.size >> 8, kVersionMajor,
                      binary::kIntegerMinorVersion, info.versionMinor));
    if (!c.failed() &&
        ((op.kind == HostOpKind::Unary && op.size >= kFirstLogicFunction &&
          op.size <= kLastLogicFunction) ||
         (op.kind == HostOpKind::Binary &&
          op.size >= kFirstComparisonFunction &&
          op.size <= kLastComparisonFunction)) &&
        info.versionMinor < kLogicMinorVersion)
      c.error(sizeAt,
              formatv("{0} function {1} (comparisons, logic, trunc) "
                      "is new in format {2}.{3}; the stream says "
                      "{2}.{4}",
                      stringifyHostOpKind(op.kind), op.size, kVersionMajor,
                      kLogicMinorVersion, info.versionMinor));
    if (!c.failed() && op.kind == HostOpKind::Unary &&
        op.size >= kFirstTrigFunction && op.size <= kMaxUnaryFunction &&
        info.versionMinor < kTrigMinorVersion)
      c.error(sizeAt,
              formatv("unary function {0} (tan ... atanh, isnan, isinf) is "
                      "new in format {1}.{2}; the stream says {1}.{3}",
                      op.size, kVersionMajor, kTrigMinorVersion,
                      info.versionMinor));
    if (!c.failed() && op.kind == HostOpKind::Reduce &&
        (op.size & 0xff) >= reduce::kFirstArgFunction &&
        info.versionMinor < reduce::kArgMinorVersion)
      c.error(sizeAt, formatv("reduce function {0} (argmax, argmin) is new "
                              "in format {1}.{2}; the stream says {1}.{3}",
                              op.size & 0xff, kVersionMajor,
                              reduce::kArgMinorVersion, info.versionMinor));
    if (!c.failed() && op.kind == HostOpKind::Slice && op.size != 0 &&
        info.versionMinor < slice::kDescendingMinorVersion)
      c.error(sizeAt, formatv("descending slices are new in format {0}.{1}; "
                              "the stream says {0}.{2}",
                              kVersionMajor, slice::kDescendingMinorVersion,
                              info.versionMinor));
    if (!c.failed() && op.kind == HostOpKind::Pad &&
        (op.size != 0 || op.alpha != 0) &&
        info.versionMinor < pad::kModeMinorVersion)
      c.error(sizeAt, formatv("pad modes and values are new in format "
                              "{0}.{1}; the stream says {0}.{2}",
                              kVersionMajor, pad::kModeMinorVersion,
                              info.versionMinor));
    if (numInputs % 2)
      c.zeros(4, "record padding");
  }
  c.expectEnd();
}

void StreamReader::readInstructions() {
  Cursor c = section(SectionKind::Instructions);
  uint32_t n = c.count("instructions", 8);
  c.zeros(4, "reserved");
  if (c.failed())
    return;
  p.instructions.reserve(n);
  for (uint32_t index = 0; index < n && !c.failed(); ++index) {
    uint64_t start = c.offset();
    offsets.instructions.push_back(start);
    c.setWhere(formatv("instructions section, instruction {0}", index).str());
    uint8_t opcode = c.u8("opcode");
    c.zeros(1, "reserved");
    uint64_t sizeAt = c.offset();
    uint16_t size = c.u16("record size");
    if (c.failed())
      break;
    std::optional<uint32_t> expected = instructionSize(opcode);
    if (!expected) {
      c.error(start, formatv("unknown opcode {0} (version {1}.{2} knows 1 to "
                             "{3})",
                             unsigned(opcode), kVersionMajor, kVersionMinor,
                             unsigned(kMaxOpcode)));
      break;
    }
    c.setWhere(formatv("instructions section, instruction {0} ({1})", index,
                       stringifyOpcode(Opcode(opcode)))
                   .str());
    if (size != *expected) {
      c.error(sizeAt, formatv("record size {0}, {1} has {2}", size,
                              stringifyOpcode(Opcode(opcode)), *expected));
      break;
    }
    switch (Opcode(opcode)) {
    case Opcode::ConfigureLayer: {
      uint64_t at = c.offset();
      uint32_t layer = c.u32("layer");
      if (!c.failed() && layer >= p.layers.size())
        c.error(at, formatv("layer {0} out of range ({1} layers)", layer,
                            p.layers.size()));
      p.instructions.push_back(ConfigureLayer{layer});
      break;
    }
    case Opcode::DramToGlb: {
      DramToGlb i;
      i.tensor = tensorId(c, "source");
      i.region = c.enumU8<BankRole>("region", isValidBankRole);
      c.zeros(3, "reserved");
      i.glbAddr = c.u32("GLB address");
      i.box = box(c, "box");
      p.instructions.push_back(i);
      break;
    }
    case Opcode::GlbToDram: {
      GlbToDram i;
      i.tensor = tensorId(c, "destination");
      i.mode = c.enumU8<OutputMode>("output mode", isValidOutputMode);
      c.zeros(3, "reserved");
      i.glbAddr = c.u32("GLB address");
      i.box = box(c, "box");
      p.instructions.push_back(i);
      break;
    }
    case Opcode::FilterPreload: {
      FilterPreload i;
      for (uint32_t *f :
           {&i.group, &i.m0, &i.mCount, &i.c0, &i.cCount, &i.filterAddr})
        *f = c.u32("operand");
      uint64_t at = c.offset();
      uint8_t flags = c.u8("flags");
      if (!c.failed() && flags > 1)
        c.error(at, formatv("flags {0:x2} set unknown bits", flags));
      i.bias = flags & 1;
      c.zeros(3, "reserved");
      p.instructions.push_back(i);
      break;
    }
    case Opcode::Pass: {
      Pass i;
      for (uint32_t *f : {&i.group, &i.m0, &i.mCount, &i.c0, &i.cCount, &i.n0,
                          &i.nCount, &i.e0, &i.eCount})
        *f = c.u32("operand");
      i.psumIn = c.enumU8<PsumInput>("psum input", isValidPsumInput);
      c.zeros(3, "reserved");
      i.filterAddr = c.u32("filter address");
      i.ifmap.addr = c.u32("ifmap address");
      i.ifmap.box = box(c, "ifmap box");
      i.psum.addr = c.u32("psum address");
      i.psum.box = box(c, "psum box");
      p.instructions.push_back(i);
      break;
    }
    case Opcode::HostOp: {
      uint64_t at = c.offset();
      uint32_t op = c.u32("host op");
      if (!c.failed() && op >= p.hostOps.size())
        c.error(at, formatv("host op {0} out of range ({1} host ops)", op,
                            p.hostOps.size()));
      p.instructions.push_back(HostOpCall{op});
      break;
    }
    case Opcode::Barrier:
      c.zeros(4, "reserved");
      p.instructions.push_back(Barrier{});
      break;
    case Opcode::End:
      c.zeros(4, "reserved");
      p.instructions.push_back(End{});
      break;
    }
  }
  c.expectEnd();
}

void StreamReader::readWeights() {
  Cursor c = section(SectionKind::Weights);
  uint32_t n = c.count("weight entries", kWeightsEntrySize);
  c.zeros(4, "reserved");
  if (c.failed())
    return;
  uint64_t sectionStart = info.sections.back().offset;
  uint64_t sectionSize = info.sections.back().size;
  int64_t previous = -1;
  std::vector<std::pair<uint32_t, std::pair<uint64_t, uint64_t>>> entries;
  for (uint32_t i = 0; i < n && !c.failed(); ++i) {
    uint64_t at = c.offset();
    c.setWhere(formatv("weights section, entry {0}", i).str());
    uint32_t id = tensorId(c, "data");
    c.zeros(4, "reserved");
    uint64_t offset = c.u64("data offset");
    uint64_t size = c.u64("data size");
    if (c.failed())
      break;
    const TensorDesc &t = p.tensors[id];
    if (t.role != TensorRole::Constant)
      return c.error(at, formatv("tensor {0} is {1}; only constants have "
                                 "data",
                                 id, stringifyTensorRole(t.role)));
    if (int64_t(id) <= previous)
      return c.error(at, formatv("tensor {0} after tensor {1}: entries are "
                                 "in increasing tensor order, one per "
                                 "constant",
                                 id, previous));
    if (offset > sectionSize || size > sectionSize - offset)
      return c.error(at + 8, formatv("{0} bytes of data at {1:x} are "
                                     "outside the {2}-byte section",
                                     size, offset, sectionSize));
    previous = id;
    entries.push_back({id, {offset, size}});
  }
  if (c.failed())
    return;
  uint32_t constants = 0;
  for (const TensorDesc &t : p.tensors)
    constants += t.role == TensorRole::Constant;
  if (constants != n)
    return c.error(sectionStart, formatv("{0} entries for {1} constant tensors",
                                         n, constants));
  for (auto &[id, range] : entries) {
    const uint8_t *begin = data.data() + sectionStart + range.first;
    p.tensors[id].data.assign(begin, begin + range.second);
  }
}

Error StreamReader::checkCanonical() {
  Expected<std::vector<uint8_t>> canonical = writeProgram(p);
  if (!canonical)
    return canonical.takeError();
  std::vector<uint8_t> &expected = *canonical;
  // The writer puts the newest minor version. A stream of an older minor
  // (readHostOps made sure it uses nothing added later) means the same, and
  // is canonical with its own version and the checksum that goes with it.
  if (info.versionMinor != kVersionMinor && expected.size() >= kHeaderSize) {
    endian::write16le(&expected[header::kVersionMinor], info.versionMinor);
    endian::write32le(&expected[header::kChecksum], 0);
    endian::write32le(&expected[header::kChecksum], llvm::crc32(expected));
  }
  if (ArrayRef<uint8_t>(expected) == data)
    return Error::success();
  uint64_t at = 0;
  while (at < expected.size() && at < data.size() && expected[at] == data[at])
    ++at;
  std::string where = "header";
  for (const SectionInfo &s : info.sections)
    if (at >= s.offset)
      where = (stringifySectionKind(s.kind) + " section").str();
  diag.report(at, where,
              at < expected.size() && at < data.size()
                  ? formatv("not the canonical encoding of its contents: "
                            "byte {0:x2}, the writer puts {1:x2} here",
                            data[at], expected[at])
                        .str()
                  : std::string("not the canonical encoding of its contents"));
  return diag.take();
}

Expected<Program> StreamReader::read() {
  if (Expected<StreamInfo> header = readInfo(); !header)
    return header.takeError();
  readConfig();
  if (!diag.failed()) {
    const SectionInfo &s = info.sections[uint32_t(SectionKind::Strings) - 1];
    strings = data.slice(s.offset, s.size);
  }
  for (void (StreamReader::*step)() :
       {&StreamReader::readTensors, &StreamReader::readLayers,
        &StreamReader::readHostOps, &StreamReader::readInstructions,
        &StreamReader::readWeights})
    if (!diag.failed())
      (this->*step)();
  if (!diag.failed() && nextString != strings.size())
    diag.report(
        info.sections[uint32_t(SectionKind::Strings) - 1].offset + nextString,
        "strings section",
        formatv("{0} bytes no record names", strings.size() - nextString));
  if (diag.failed())
    return diag.take();
  if (Error err = verifyProgram(p, &offsets))
    return createStringError(inconvertibleErrorCode(),
                             "EYB stream: invalid program: " +
                                 toString(std::move(err)));
  if (Error err = checkCanonical())
    return std::move(err);
  return std::move(p);
}

Expected<StreamInfo> eyb::readStreamInfo(ArrayRef<uint8_t> stream) {
  return StreamReader(stream).readInfo();
}

Expected<Program> eyb::readProgram(ArrayRef<uint8_t> stream) {
  return StreamReader(stream).read();
}

Expected<Program> eyb::readProgramFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createStringError(buffer.getError(), "%s: %s", path.str().c_str(),
                             buffer.getError().message().c_str());
  ArrayRef<uint8_t> bytes(
      reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart()),
      (*buffer)->getBufferSize());
  Expected<Program> program = readProgram(bytes);
  if (!program)
    return createStringError(inconvertibleErrorCode(), "%s: %s",
                             path.str().c_str(),
                             toString(program.takeError()).c_str());
  return program;
}
