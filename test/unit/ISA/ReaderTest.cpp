//===- ReaderTest.cpp - Malformed streams and their diagnostics -----------===//
//
// One test per way a stream can be wrong, each checking the whole message:
// the byte offset, the section and record, and what is wrong. Edits after
// the header are followed by fixChecksum, so that they reach the check under
// test instead of stopping at the checksum.
//
//===----------------------------------------------------------------------===//

#include "TestPrograms.h"

#include "eyeriss/ISA/Reader.h"
#include "eyeriss/ISA/Writer.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"

#include "gtest/gtest.h"

using namespace eyeriss;
using namespace eyeriss::eyb;
using namespace eyeriss::eyb::test;
using namespace llvm;
namespace endian = llvm::support::endian;

namespace {

class EYBReaderTest : public ::testing::Test {
protected:
  void SetUp() override { bytes = cantFail(writeProgram(tinyConvProgram())); }

  /// The message readProgram refuses `stream` with.
  static std::string error(ArrayRef<uint8_t> stream) {
    Expected<Program> p = readProgram(stream);
    if (p) {
      ADD_FAILURE() << "stream accepted";
      return "";
    }
    return toString(p.takeError());
  }
  std::string error() { return error(bytes); }

  uint64_t sectionOffset(SectionKind kind) const {
    return endian::read64le(&bytes[64 + 24 * (uint32_t(kind) - 1) + 8]);
  }
  /// Offset of the first record of a table section.
  uint64_t firstRecord(SectionKind kind) const {
    return sectionOffset(kind) + 8;
  }
  void put32(uint64_t offset, uint32_t v) {
    endian::write32le(&bytes[offset], v);
  }
  std::string hex(uint64_t v) const { return formatv("{0:x}", v).str(); }

  std::vector<uint8_t> bytes;
};

TEST_F(EYBReaderTest, AcceptsTheValidStream) {
  Expected<Program> p = readProgram(bytes);
  ASSERT_TRUE(bool(p)) << toString(p.takeError());
  EXPECT_EQ(p->name, "tiny-conv");
}

TEST_F(EYBReaderTest, EmptyStream) {
  EXPECT_EQ(error({}), "EYB stream: byte 0x0, header: truncated header: the "
                       "stream has 0 bytes, the header 64");
}

TEST_F(EYBReaderTest, BadMagic) {
  bytes[0] = 'X';
  EXPECT_EQ(error(), "EYB stream: byte 0x0, header: not an EYB stream: magic "
                     "bytes '58 59 42 31', expected '45 59 42 31' (\"EYB1\")");
  // Also when the stream is shorter than the magic.
  EXPECT_EQ(error(ArrayRef<uint8_t>(bytes).take_front(2)),
            "EYB stream: byte 0x0, header: not an EYB stream: magic bytes "
            "'58 59', expected '45 59 42 31' (\"EYB1\")");
}

TEST_F(EYBReaderTest, UnsupportedVersion) {
  endian::write16le(&bytes[4], 2);
  EXPECT_EQ(error(), "EYB stream: byte 0x4, header: unsupported format "
                     "version 2.17: this reader reads 1.0 to 1.17");
  endian::write16le(&bytes[4], 1);
  endian::write16le(&bytes[6], 18);
  EXPECT_EQ(error(), "EYB stream: byte 0x4, header: unsupported format "
                     "version 1.18: this reader reads 1.0 to 1.17");
  // The version is checked before the header's size: a short stream of
  // another version is refused for its version.
  endian::write16le(&bytes[4], 0);
  EXPECT_EQ(error(ArrayRef<uint8_t>(bytes).take_front(8)),
            "EYB stream: byte 0x4, header: unsupported format version 0.18: "
            "this reader reads 1.0 to 1.17");
}

TEST_F(EYBReaderTest, OlderMinorVersionsAreRead) {
  // A 1.0 stream (no host-op kind of 1.1 in it) means the same to this
  // reader: minor versions only add.
  endian::write16le(&bytes[6], 0);
  fixChecksum(bytes);
  Expected<Program> p = readProgram(bytes);
  ASSERT_TRUE(bool(p)) << toString(p.takeError());
  EXPECT_EQ(p->hostOps.size(), 1u);
  // But not one that uses a host-op kind 1.1 added.
  uint64_t kind = firstRecord(SectionKind::HostOps) + 8;
  endian::write16le(&bytes[kind], uint16_t(HostOpKind::Pad));
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, host_ops section, host op "
                             "0: host-op kind 16 (pad) is new in format 1.1; "
                             "the stream says 1.0",
                             hex(kind))
                         .str());
  // A 1.1 stream takes a pad, but not a kind 1.2 added.
  endian::write16le(&bytes[6], 1);
  fixChecksum(bytes);
  // The version check passes; the verifier then refuses the max pool's
  // fields for a pad.
  std::string padError = error();
  EXPECT_TRUE(StringRef(padError).contains("pad does not use attribute "
                                           "kernel"))
      << padError;
  endian::write16le(&bytes[kind], uint16_t(HostOpKind::ChannelShuffle));
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, host_ops section, host op "
                             "0: host-op kind 21 (channel_shuffle) is new in "
                             "format 1.2; the stream says 1.1",
                             hex(kind))
                         .str());
  // A 1.2 stream takes a channel shuffle, but not a kind 1.3 added.
  endian::write16le(&bytes[6], 2);
  endian::write16le(&bytes[kind], uint16_t(HostOpKind::LayerNorm));
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, host_ops section, host op "
                             "0: host-op kind 22 (layer_norm) is new in "
                             "format 1.3; the stream says 1.2",
                             hex(kind))
                         .str());
  // A 1.3 stream takes a layer norm, but not a resize, which 1.4 added.
  endian::write16le(&bytes[6], 3);
  endian::write16le(&bytes[kind], uint16_t(HostOpKind::Resize));
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, host_ops section, host op "
                             "0: host-op kind 26 (resize) is new in "
                             "format 1.4; the stream says 1.3",
                             hex(kind))
                         .str());
  // A 1.4 stream takes a resize, but not a unary or binary, which 1.5 added.
  endian::write16le(&bytes[6], 4);
  endian::write16le(&bytes[kind], uint16_t(HostOpKind::Binary));
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, host_ops section, host op "
                             "0: host-op kind 28 (binary) is new in "
                             "format 1.5; the stream says 1.4",
                             hex(kind))
                         .str());
  // A 1.5 stream takes a binary, but not an insert_zeros, which 1.6 added.
  endian::write16le(&bytes[6], 5);
  endian::write16le(&bytes[kind], uint16_t(HostOpKind::InsertZeros));
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, host_ops section, host op "
                             "0: host-op kind 29 (insert_zeros) is new in "
                             "format 1.6; the stream says 1.5",
                             hex(kind))
                         .str());
  // A 1.6 stream takes an insert_zeros, but not a reduce, which 1.7 added.
  endian::write16le(&bytes[6], 6);
  endian::write16le(&bytes[kind], uint16_t(HostOpKind::Reduce));
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, host_ops section, host op "
                             "0: host-op kind 30 (reduce) is new in "
                             "format 1.7; the stream says 1.6",
                             hex(kind))
                         .str());
}

TEST(EYBReaderVersionTest, BroadcastingAddIsNewInMinor3) {
  // A host add of a 1x2x5x5 input and a 5-element constant: valid in 1.3,
  // refused in a stream that says 1.2, where add took one shape.
  Program p;
  p.name = "bias-add";
  p.arch = eyerissV1();
  uint32_t x = addTensor(p, "x", TensorRole::Input, ElementType::Float32, 0,
                         {1, 2, 5, 5});
  uint32_t bias = addTensor(p, "bias", TensorRole::Intermediate,
                            ElementType::Float32, 0, {5});
  p.tensors[bias].role = TensorRole::Constant;
  p.tensors[bias].data.assign(5 * sizeof(float), 0);
  uint32_t y = addTensor(p, "y", TensorRole::Output, ElementType::Float32, 0,
                         {1, 2, 5, 5});
  HostOpDesc op;
  op.name = "add";
  op.kind = HostOpKind::Add;
  op.inputs = {x, bias};
  op.output = y;
  p.hostOps.push_back(op);
  p.instructions = {HostOpCall{0}, End{}};
  std::vector<uint8_t> bytes = cantFail(writeProgram(p));
  Expected<Program> current = readProgram(bytes);
  ASSERT_TRUE(bool(current)) << toString(current.takeError());
  endian::write16le(&bytes[6], 2);
  fixChecksum(bytes);
  Expected<Program> old = readProgram(bytes);
  ASSERT_FALSE(bool(old));
  std::string message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains(
      "add of operands of different shapes (broadcasting) is new in format "
      "1.3; the stream says 1.2"))
      << message;
}

/// `p` as written, but saying it is of minor version `minor`.
std::vector<uint8_t> writeAsMinor(const Program &p, uint16_t minor) {
  std::vector<uint8_t> bytes = cantFail(writeProgram(p));
  endian::write16le(&bytes[6], minor);
  fixChecksum(bytes);
  return bytes;
}

TEST(EYBReaderVersionTest, FakeQuantizationIsNewInMinor9) {
  // A host fake quantization (unary function 15, int8): valid in 1.9,
  // refused in a stream that says 1.8, whose unary functions end at 13;
  // an older unary function stays readable there.
  HostOpDesc op;
  op.name = "qdq";
  op.kind = HostOpKind::Unary;
  op.size = kFirstFakeQuantFunction + 1;
  op.alpha = 0.05f;
  op.beta = -3.0f;
  Program p = oneHostOpProgram(op, {1, 2, 5, 5}, {1, 2, 5, 5});
  Expected<Program> current = readProgram(cantFail(writeProgram(p)));
  ASSERT_TRUE(bool(current)) << toString(current.takeError());
  EXPECT_EQ(current->hostOps[0].size, 15u);
  EXPECT_EQ(current->hostOps[0].beta, -3.0f);
  Expected<Program> old = readProgram(writeAsMinor(p, 8));
  ASSERT_FALSE(bool(old));
  std::string message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains(
      "host_ops section, host op 0: unary function 15 (fake quantization) is "
      "new in format 1.9; the stream says 1.8"))
      << message;

  p.hostOps[0].size = 6; // tanh
  p.hostOps[0].alpha = p.hostOps[0].beta = 0.0f;
  Expected<Program> tanh = readProgram(writeAsMinor(p, 8));
  EXPECT_TRUE(bool(tanh)) << toString(tanh.takeError());
}

TEST_F(EYBReaderTest, ExpandIsNewInMinor9) {
  uint64_t kind = firstRecord(SectionKind::HostOps) + 8;
  endian::write16le(&bytes[kind], uint16_t(HostOpKind::Expand));
  endian::write16le(&bytes[6], 8);
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, host_ops section, host op "
                             "0: host-op kind 31 (expand) is new in format "
                             "1.9; the stream says 1.8",
                             hex(kind))
                         .str());
}

TEST(EYBReaderVersionTest, DescendingSlicesAreNewInMinor10) {
  // A reversal (start 4, step -1): valid in 1.10, refused in a stream that
  // says 1.9, where the size field of a slice was 0; an ascending slice
  // stays readable there.
  HostOpDesc op;
  op.name = "flip";
  op.kind = HostOpKind::Slice;
  op.axis = 3;
  op.pads = {4, 0, 0, 0};
  op.strides = {1, 0};
  op.size = slice::kDescending;
  Program p = oneHostOpProgram(op, {1, 2, 5, 5}, {1, 2, 5, 5});
  Expected<Program> current = readProgram(cantFail(writeProgram(p)));
  ASSERT_TRUE(bool(current)) << toString(current.takeError());
  EXPECT_EQ(current->hostOps[0].size, slice::kDescending);
  Expected<Program> old = readProgram(writeAsMinor(p, 9));
  ASSERT_FALSE(bool(old));
  std::string message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains(
      "host_ops section, host op 0: descending slices are new in format "
      "1.10; the stream says 1.9"))
      << message;

  p.hostOps[0].size = 0;
  p.hostOps[0].pads = {0, 0, 0, 0};
  Expected<Program> ascending = readProgram(writeAsMinor(p, 9));
  EXPECT_TRUE(bool(ascending)) << toString(ascending.takeError());
}

TEST(EYBReaderVersionTest, ScalarTensorsAreNewInMinor10) {
  // x.mean() of a 2 x 3 tensor: a reduce over both axes, not kept, into a
  // tensor of rank 0. Valid in 1.10; a stream that says 1.9 has no scalars.
  HostOpDesc op;
  op.name = "mean";
  op.kind = HostOpKind::Reduce;
  op.size = 1 | reduce::axisBit(0) | reduce::axisBit(1);
  Program p = oneHostOpProgram(op, {2, 3}, {});
  Expected<Program> current = readProgram(cantFail(writeProgram(p)));
  ASSERT_TRUE(bool(current)) << toString(current.takeError());
  EXPECT_TRUE(current->tensors[1].shape.empty());
  EXPECT_EQ(current->tensors[1].dramBytes, 4u);
  Expected<Program> old = readProgram(writeAsMinor(p, 9));
  ASSERT_FALSE(bool(old));
  std::string message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains(
      "tensors section, tensor 1: rank 0, must be 1 to 4 (scalars are new in "
      "format 1.10; the stream says 1.9)"))
      << message;
}

TEST(EYBReaderVersionTest, SinToSignAreNewInMinor10) {
  // Unary functions 16 (sin) to 21 (sign): valid in 1.10, refused in a
  // stream that says 1.9; a fake quantization (15) stays readable there.
  HostOpDesc op;
  op.name = "fn";
  op.kind = HostOpKind::Unary;
  Program p = oneHostOpProgram(op, {1, 2, 5, 5}, {1, 2, 5, 5});
  for (uint32_t fn = kFirstRoundingFunction; fn <= kLastRoundingFunction;
       ++fn) {
    p.hostOps[0].size = fn;
    Expected<Program> current = readProgram(cantFail(writeProgram(p)));
    ASSERT_TRUE(bool(current)) << toString(current.takeError());
    EXPECT_EQ(current->hostOps[0].size, fn);
    Expected<Program> old = readProgram(writeAsMinor(p, 9));
    ASSERT_FALSE(bool(old));
    std::string message = toString(old.takeError());
    EXPECT_TRUE(StringRef(message).contains(
        formatv("host_ops section, host op 0: unary function {0} (sin, cos, "
                "floor, ceil, round, sign) is new in format 1.10; the stream "
                "says 1.9",
                fn)
            .str()))
        << message;
  }
  p.hostOps[0].size = kLastFakeQuantFunction;
  p.hostOps[0].alpha = 0.5f;
  Expected<Program> fakeQuant = readProgram(writeAsMinor(p, 9));
  EXPECT_TRUE(bool(fakeQuant)) << toString(fakeQuant.takeError());
}

TEST(EYBReaderVersionTest, HostFormatRoundingIsNewInMinor11) {
  // Unary functions 22 (round_to_f16) and 23 (round_to_bf16): valid in
  // 1.11, refused in a stream that says 1.10, where sign (21) stays
  // readable.
  HostOpDesc op;
  op.name = "cast";
  op.kind = HostOpKind::Unary;
  Program p = oneHostOpProgram(op, {1, 2, 5, 5}, {1, 2, 5, 5});
  for (uint32_t fn = kFirstCastFunction; fn <= kLastCastFunction; ++fn) {
    p.hostOps[0].size = fn;
    Expected<Program> current = readProgram(cantFail(writeProgram(p)));
    ASSERT_TRUE(bool(current)) << toString(current.takeError());
    EXPECT_EQ(current->hostOps[0].size, fn);
    Expected<Program> old = readProgram(writeAsMinor(p, 10));
    ASSERT_FALSE(bool(old));
    std::string message = toString(old.takeError());
    EXPECT_TRUE(StringRef(message).contains(
        formatv("host_ops section, host op 0: unary function {0} "
                "(round_to_f16, round_to_bf16) is new in format 1.11; the "
                "stream says 1.10",
                fn)
            .str()))
        << message;
  }
  p.hostOps[0].size = kLastRoundingFunction;
  Expected<Program> sign = readProgram(writeAsMinor(p, 10));
  EXPECT_TRUE(bool(sign)) << toString(sign.takeError());
}

TEST(EYBReaderVersionTest, HostFormatsAreNewInMinor11) {
  // A float16 input and a float64 output: their formats are stored in the
  // fracBits field of the float32 tensor records and read back; a stream
  // that says 1.10 has only float32 there, and a format past float64 is
  // refused.
  HostOpDesc op;
  op.name = "neg";
  op.kind = HostOpKind::Unary;
  op.size = 1;
  Program p = oneHostOpProgram(op, {1, 4}, {1, 4});
  p.tensors[0].hostFormat = HostFormat::Float16;
  p.tensors[1].hostFormat = HostFormat::Float64;
  std::vector<uint8_t> bytes = cantFail(writeProgram(p));
  Expected<Program> current = readProgram(bytes);
  ASSERT_TRUE(bool(current)) << toString(current.takeError());
  EXPECT_EQ(current->tensors[0].hostFormat, HostFormat::Float16);
  EXPECT_EQ(current->tensors[1].hostFormat, HostFormat::Float64);
  EXPECT_EQ(current->tensors[0].fracBits, 0);
  Expected<Program> old = readProgram(writeAsMinor(p, 10));
  ASSERT_FALSE(bool(old));
  std::string message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains(
      "tensors section, tensor 0: a float32 tensor has fracBits 1, must be 0 "
      "(host formats are new in format 1.11; the stream says 1.10)"))
      << message;

  // Tensor 0's record: its fracBits field is at offset 12.
  const SectionInfo *tensors = nullptr;
  StreamInfo info = cantFail(readStreamInfo(bytes));
  for (const SectionInfo &section : info.sections)
    if (section.kind == SectionKind::Tensors)
      tensors = &section;
  ASSERT_NE(tensors, nullptr);
  size_t field = tensors->offset + 8 + 12;
  ASSERT_EQ(endian::read32le(&bytes[field]), 1u);
  endian::write32le(&bytes[field], 13);
  fixChecksum(bytes);
  Expected<Program> bad = readProgram(bytes);
  ASSERT_FALSE(bool(bad));
  message = toString(bad.takeError());
  EXPECT_TRUE(StringRef(message).contains(
      "tensors section, tensor 0: host format 13, must be 0 (float32) to 12 "
      "(uint64)"))
      << message;
}

TEST(EYBReaderVersionTest, TrigonometricFunctionsAreNewInMinor15) {
  // Unary functions 27 to 37 (tan ... atanh, isnan, isinf) and host-op kind
  // 34 (cumsum) are 1.15's:
  // refused in a stream that says 1.14, where trunc stays readable.
  HostOpDesc op;
  op.name = "angle";
  op.kind = HostOpKind::Unary;
  Program p = oneHostOpProgram(op, {2, 3}, {2, 3});
  for (uint32_t fn = kFirstTrigFunction; fn <= kMaxUnaryFunction; ++fn) {
    p.hostOps[0].size = fn;
    Expected<Program> current = readProgram(cantFail(writeProgram(p)));
    ASSERT_TRUE(bool(current)) << toString(current.takeError());
    Expected<Program> old = readProgram(writeAsMinor(p, 14));
    ASSERT_FALSE(bool(old));
    std::string message = toString(old.takeError());
    EXPECT_TRUE(StringRef(message).contains(
        formatv("host op 0: unary function {0} (tan ... atanh, isnan, isinf) "
                "is new in format 1.15; the stream says 1.14",
                fn)
            .str()))
        << message;
  }
  p.hostOps[0].size = kLastLogicFunction; // trunc stays readable.
  EXPECT_TRUE(bool(readProgram(writeAsMinor(p, 14))));

  p.hostOps[0].kind = HostOpKind::CumSum;
  p.hostOps[0].axis = 1;
  p.hostOps[0].size = cumsum::kExclusive | cumsum::kReverse;
  Expected<Program> current = readProgram(cantFail(writeProgram(p)));
  ASSERT_TRUE(bool(current)) << toString(current.takeError());
  EXPECT_EQ(current->hostOps[0].kind, HostOpKind::CumSum);
  EXPECT_EQ(current->hostOps[0].size, 3u);
  Expected<Program> old = readProgram(writeAsMinor(p, 14));
  ASSERT_FALSE(bool(old));
  std::string message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains("host-op kind 34 (cumsum) is new in "
                                          "format 1.15; the stream says 1.14"))
      << message;
}

TEST(EYBReaderVersionTest, IndexingOpsAreNewInMinor16) {
  // Host-op kinds 35 to 40 (gather_elements, scatter_elements, topk,
  // gather_nd, scatter_nd, grid_sample) are 1.16's: read back with their
  // fields, refused in a stream that says 1.15.
  struct Case {
    HostOpKind kind;
    std::vector<int64_t> data, indices, out;
    int32_t axis;
    uint32_t size;
  } cases[] = {
      {HostOpKind::GatherElements, {2, 5}, {2, 3}, {2, 3}, 1, 0},
      {HostOpKind::ScatterElements, {2, 5}, {2, 3}, {2, 5}, 1, scatter::kMul},
      {HostOpKind::GatherND, {2, 5, 4}, {2, 3, 1}, {2, 3, 4}, 1, 0},
      {HostOpKind::ScatterND, {2, 5, 4}, {3, 2}, {2, 5, 4}, 0, scatter::kAdd},
  };
  for (const Case &c : cases) {
    HostOpDesc op;
    op.name = "pick";
    op.kind = c.kind;
    op.axis = c.axis;
    op.size = c.size;
    Program p = indexingProgram(op, c.data, c.indices, c.out);
    Expected<Program> current = readProgram(cantFail(writeProgram(p)));
    ASSERT_TRUE(bool(current)) << toString(current.takeError());
    EXPECT_EQ(current->hostOps[0].kind, c.kind);
    EXPECT_EQ(current->hostOps[0].axis, c.axis);
    EXPECT_EQ(current->hostOps[0].size, c.size);
    Expected<Program> old = readProgram(writeAsMinor(p, 15));
    ASSERT_FALSE(bool(old));
    std::string message = toString(old.takeError());
    EXPECT_TRUE(StringRef(message).contains(
        formatv("host-op kind {0} ({1}) is new in format 1.16; the stream "
                "says 1.15",
                unsigned(c.kind), stringifyHostOpKind(c.kind))
            .str()))
        << message;
  }
  HostOpDesc op;
  op.name = "best";
  op.kind = HostOpKind::TopK;
  op.axis = 1;
  op.size = topk::kSmallest | topk::kIndices;
  Program p = oneHostOpProgram(op, {2, 5}, {2, 3});
  Expected<Program> current = readProgram(cantFail(writeProgram(p)));
  ASSERT_TRUE(bool(current)) << toString(current.takeError());
  EXPECT_EQ(current->hostOps[0].size, 3u);
  Expected<Program> old = readProgram(writeAsMinor(p, 15));
  ASSERT_FALSE(bool(old));
  EXPECT_TRUE(StringRef(toString(old.takeError()))
                  .contains("host-op kind 37 (topk) is new in format 1.16"));

  op.kind = HostOpKind::GridSample;
  op.axis = 0;
  op.size = 2 | 1u << gridsample::kPaddingShift | gridsample::kAlignCorners;
  p = indexingProgram(op, {1, 3, 4, 5}, {1, 2, 6, 2}, {1, 3, 2, 6});
  current = readProgram(cantFail(writeProgram(p)));
  ASSERT_TRUE(bool(current)) << toString(current.takeError());
  EXPECT_EQ(current->hostOps[0].size, op.size);
  old = readProgram(writeAsMinor(p, 15));
  ASSERT_FALSE(bool(old));
  EXPECT_TRUE(StringRef(toString(old.takeError()))
                  .contains("host-op kind 40 (grid_sample) is new in format "
                            "1.16"));
}

TEST(EYBReaderVersionTest, IntegerArithmeticIsNewInMinor17) {
  // Binary functions 14 to 17 (add, mul, mod, fmod) and the integers flag:
  // valid in 1.17, each refused in a stream that says 1.16, where the older
  // functions without the flag stay readable.
  HostOpDesc op;
  op.name = "row";
  op.kind = HostOpKind::Binary;
  Program p = oneHostOpProgram(op, {2, 3}, {2, 3});
  p.hostOps[0].inputs.push_back(p.hostOps[0].inputs[0]);
  std::vector<uint32_t> sizes;
  for (uint32_t fn = binary::kFirstIntegerFunction; fn <= kMaxBinaryFunction;
       ++fn)
    sizes.push_back(fn | binary::kIntegers);
  sizes.push_back(binary::kFMod);         // Float fmod.
  sizes.push_back(1 | binary::kIntegers); // Integer div.
  sizes.push_back(
      binary::withIntegerType(1, uint32_t(HostFormat::UInt8))); // A uint8 div.
  for (uint32_t size : sizes) {
    p.hostOps[0].size = size;
    Expected<Program> current = readProgram(cantFail(writeProgram(p)));
    ASSERT_TRUE(bool(current)) << toString(current.takeError());
    EXPECT_EQ(current->hostOps[0].size, size);
    Expected<Program> old = readProgram(writeAsMinor(p, 16));
    ASSERT_FALSE(bool(old));
    std::string message = toString(old.takeError());
    EXPECT_TRUE(StringRef(message).contains(
        formatv("host op 0: binary function {0} of integer type {1} (add, "
                "mul, mod, fmod, integer arithmetic) is new in format 1.17; "
                "the stream says 1.16",
                size & 0xff, size >> 8)
            .str()))
        << message;
  }
  p.hostOps[0].size = 1; // Float div stays readable.
  EXPECT_TRUE(bool(readProgram(writeAsMinor(p, 16))));

  // Host formats 7 to 12 (uint8 ... uint64) on inputs and outputs.
  for (HostFormat format :
       {HostFormat::UInt8, HostFormat::Int16, HostFormat::UInt64}) {
    p.tensors[0].hostFormat = format;
    Expected<Program> current = readProgram(cantFail(writeProgram(p)));
    ASSERT_TRUE(bool(current)) << toString(current.takeError());
    EXPECT_EQ(current->tensors[0].hostFormat, format);
    Expected<Program> old = readProgram(writeAsMinor(p, 16));
    ASSERT_FALSE(bool(old));
    EXPECT_TRUE(
        StringRef(toString(old.takeError()))
            .contains(formatv("host format {0} ({1}) is new in format "
                              "1.17; the stream says 1.16",
                              unsigned(format), stringifyHostFormat(format))
                          .str()));
  }
}

TEST(EYBReaderVersionTest, ArgMaxAndInt64OutputsAreNewInMinor12) {
  // Reduce functions 10 to 13 (argmax, argmin and their last-index forms)
  // into an output the host writes as int64: valid in 1.12; in a stream
  // that says 1.11 the functions are refused, and so is host format 4.
  HostOpDesc op;
  op.name = "argmax";
  op.kind = HostOpKind::Reduce;
  Program p = oneHostOpProgram(op, {2, 3}, {2});
  p.tensors[1].hostFormat = HostFormat::Int64;
  for (uint32_t fn = reduce::kFirstArgFunction; fn <= reduce::kMaxFunction;
       ++fn) {
    p.hostOps[0].size = fn | reduce::axisBit(1);
    Expected<Program> current = readProgram(cantFail(writeProgram(p)));
    ASSERT_TRUE(bool(current)) << toString(current.takeError());
    EXPECT_EQ(current->hostOps[0].size & 0xff, fn);
    EXPECT_EQ(current->tensors[1].hostFormat, HostFormat::Int64);
    Expected<Program> old = readProgram(writeAsMinor(p, 11));
    ASSERT_FALSE(bool(old));
    std::string message = toString(old.takeError());
    EXPECT_TRUE(StringRef(message).contains(
        "tensors section, tensor 1: host format 4 (int64) is new in format "
        "1.12; the stream says 1.11"))
        << message;
  }
  p.tensors[1].hostFormat = HostFormat::Float32;
  Expected<Program> old = readProgram(writeAsMinor(p, 11));
  ASSERT_FALSE(bool(old));
  std::string message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains(
      "host_ops section, host op 0: reduce function 13 (argmax, argmin) is "
      "new in format 1.12; the stream says 1.11"))
      << message;
  p.hostOps[0].size = 2 | reduce::axisBit(1); // max stays readable.
  Expected<Program> max = readProgram(writeAsMinor(p, 11));
  EXPECT_TRUE(bool(max)) << toString(max.takeError());
}

TEST(EYBReaderVersionTest, ComparisonsSelectAndBoolsAreNewInMinor14) {
  // A padding mask: a bool input, compared (binary 6 to 13), negated (unary
  // 24 to 26) and chosen by (select, kind 33). Valid in 1.14; each is
  // refused in a stream that says 1.13, where the older functions stay
  // readable.
  HostOpDesc op;
  op.name = "mask";
  op.kind = HostOpKind::Binary;
  Program p = oneHostOpProgram(op, {2, 3}, {2, 3});
  p.hostOps[0].inputs.push_back(p.hostOps[0].inputs[0]);
  for (uint32_t fn = kFirstComparisonFunction; fn <= kLastComparisonFunction;
       ++fn) {
    p.hostOps[0].size = fn;
    Expected<Program> current = readProgram(cantFail(writeProgram(p)));
    ASSERT_TRUE(bool(current)) << toString(current.takeError());
    Expected<Program> old = readProgram(writeAsMinor(p, 13));
    ASSERT_FALSE(bool(old));
    std::string message = toString(old.takeError());
    EXPECT_TRUE(StringRef(message).contains(
        formatv("host op 0: binary function {0} (comparisons, logic, "
                "trunc) is new in format 1.14; the stream says 1.13",
                fn)
            .str()))
        << message;
  }
  p.hostOps[0].size = 5; // prelu stays readable.
  EXPECT_TRUE(bool(readProgram(writeAsMinor(p, 13))));

  p.hostOps[0].kind = HostOpKind::Unary;
  p.hostOps[0].inputs.pop_back();
  for (uint32_t fn = kFirstLogicFunction; fn <= kLastLogicFunction; ++fn) {
    p.hostOps[0].size = fn;
    EXPECT_TRUE(bool(readProgram(cantFail(writeProgram(p)))));
    Expected<Program> old = readProgram(writeAsMinor(p, 13));
    ASSERT_FALSE(bool(old));
    EXPECT_TRUE(StringRef(toString(old.takeError()))
                    .contains("(comparisons, logic, trunc) is new in format "
                              "1.14"));
  }
  p.hostOps[0].size = kLastCastFunction; // round_to_bf16 stays readable.
  EXPECT_TRUE(bool(readProgram(writeAsMinor(p, 13))));

  p.hostOps[0].kind = HostOpKind::Select;
  p.hostOps[0].size = 0;
  p.hostOps[0].inputs = {0, 0, 0};
  p.tensors[0].hostFormat = HostFormat::Bool;
  p.tensors[1].hostFormat = HostFormat::Bool;
  Expected<Program> current = readProgram(cantFail(writeProgram(p)));
  ASSERT_TRUE(bool(current)) << toString(current.takeError());
  EXPECT_EQ(current->hostOps[0].kind, HostOpKind::Select);
  EXPECT_EQ(current->tensors[0].hostFormat, HostFormat::Bool);
  Expected<Program> old = readProgram(writeAsMinor(p, 13));
  ASSERT_FALSE(bool(old));
  std::string message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains(
      "tensors section, tensor 0: host format 6 (bool) is new in format "
      "1.14; the stream says 1.13"))
      << message;
  p.tensors[0].hostFormat = p.tensors[1].hostFormat = HostFormat::Float32;
  old = readProgram(writeAsMinor(p, 13));
  ASSERT_FALSE(bool(old));
  message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains("host-op kind 33")) << message;
}

TEST(EYBReaderVersionTest, GatherAndIntegerInputsAreNewInMinor13) {
  // An embedding lookup: an int64 input of token ids gathers rows of a
  // float32 table. Valid in 1.13; a 1.12 stream may hold neither the
  // integer input nor the gather, nor an int32 output.
  Program p = gatherProgram();
  const uint32_t ids = 1, rows = 2;
  Expected<Program> current = readProgram(cantFail(writeProgram(p)));
  ASSERT_TRUE(bool(current)) << toString(current.takeError());
  EXPECT_EQ(current->hostOps[0].kind, HostOpKind::Gather);
  EXPECT_EQ(current->tensors[ids].hostFormat, HostFormat::Int64);

  Expected<Program> old = readProgram(writeAsMinor(p, 12));
  ASSERT_FALSE(bool(old));
  std::string message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains(
      "tensors section, tensor 1: an input of host format int64 is new in "
      "format 1.13; the stream says 1.12"))
      << message;
  p.tensors[ids].hostFormat = HostFormat::Float32;
  old = readProgram(writeAsMinor(p, 12));
  ASSERT_FALSE(bool(old));
  message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains("host-op kind 32")) << message;

  // int32, on an input or an output, is 1.13's too.
  p.tensors[ids].hostFormat = HostFormat::Int32;
  p.tensors[rows].hostFormat = HostFormat::Int32;
  current = readProgram(cantFail(writeProgram(p)));
  ASSERT_TRUE(bool(current)) << toString(current.takeError());
  EXPECT_EQ(current->tensors[rows].hostFormat, HostFormat::Int32);
  old = readProgram(writeAsMinor(p, 12));
  ASSERT_FALSE(bool(old));
  message = toString(old.takeError());
  EXPECT_TRUE(StringRef(message).contains(
      "tensors section, tensor 1: host format 5 (int32) is new in format "
      "1.13; the stream says 1.12"))
      << message;
}

TEST(EYBReaderVersionTest, PadModesAreNewInMinor9) {
  // A reflect pad and a constant pad of 0.5: valid in 1.9, refused in a
  // stream that says 1.8, where a pad filled with zeros; a zero pad stays
  // readable there.
  HostOpDesc op;
  op.name = "pads";
  op.kind = HostOpKind::Pad;
  op.pads = {1, 1, 1, 1};
  Program p = oneHostOpProgram(op, {1, 2, 5, 5}, {1, 2, 7, 7});
  for (auto [mode, value] : {std::pair{pad::kReflect, 0.0f},
                             std::pair{pad::kConstant, 0.5f}}) {
    p.hostOps[0].size = mode;
    p.hostOps[0].alpha = value;
    Expected<Program> current = readProgram(cantFail(writeProgram(p)));
    ASSERT_TRUE(bool(current)) << toString(current.takeError());
    EXPECT_EQ(current->hostOps[0].size, mode);
    EXPECT_EQ(current->hostOps[0].alpha, value);
    Expected<Program> old = readProgram(writeAsMinor(p, 8));
    ASSERT_FALSE(bool(old));
    std::string message = toString(old.takeError());
    EXPECT_TRUE(StringRef(message).contains(
        "host_ops section, host op 0: pad modes and values are new in format "
        "1.9; the stream says 1.8"))
        << message;
  }
  p.hostOps[0].size = pad::kConstant;
  p.hostOps[0].alpha = 0.0f;
  Expected<Program> zeros = readProgram(writeAsMinor(p, 8));
  EXPECT_TRUE(bool(zeros)) << toString(zeros.takeError());
}

TEST(EYBReaderVersionTest, WideTensorRecordsAreNewInMinor8) {
  // A tensor of rank 6 needs the 64-byte records of 1.8; a program of ranks
  // up to 4 keeps the 48-byte ones.
  std::vector<uint8_t> narrow = cantFail(writeProgram(tinyConvProgram()));
  std::vector<uint8_t> bytes = cantFail(writeProgram(rank6TransposeProgram()));
  auto recordSizeAt = [](ArrayRef<uint8_t> stream) {
    Expected<StreamInfo> info = readStreamInfo(stream);
    EXPECT_TRUE(bool(info));
    for (const SectionInfo &s : info->sections)
      if (s.kind == SectionKind::Tensors)
        return s.offset + 4;
    ADD_FAILURE() << "no tensors section";
    return uint64_t(0);
  };
  EXPECT_EQ(endian::read32le(&narrow[recordSizeAt(narrow)]), 48u);
  uint64_t sizeAt = recordSizeAt(bytes);
  EXPECT_EQ(endian::read32le(&bytes[sizeAt]), 64u);
  Expected<Program> p = readProgram(bytes);
  ASSERT_TRUE(bool(p)) << toString(p.takeError());
  EXPECT_EQ(p->tensors[1].shape, (std::vector<int64_t>{1, 2, 1, 3, 2, 2}));

  std::vector<uint8_t> old = bytes;
  endian::write16le(&old[6], 7);
  fixChecksum(old);
  Expected<Program> refused = readProgram(old);
  ASSERT_FALSE(bool(refused));
  EXPECT_EQ(toString(refused.takeError()),
            formatv("EYB stream: byte {0}, tensors section: tensor records "
                    "of 64 bytes, version 1.7 has 48",
                    formatv("{0:x}", sizeAt))
                .str());

  // Wide records where no tensor needs them are not canonical: refused.
  // Each record: rank at byte 10, dimensions from byte 16.
  for (uint64_t r = sizeAt + 4; r < sizeAt + 4 + 2 * 64; r += 64) {
    bytes[r + 10] = 4;
    for (int d = 4; d < 8; ++d)
      endian::write32le(&bytes[r + 16 + 4 * d], 0);
  }
  fixChecksum(bytes);
  refused = readProgram(bytes);
  ASSERT_FALSE(bool(refused));
  EXPECT_EQ(toString(refused.takeError()),
            formatv("EYB stream: byte {0}, tensors section: tensor records "
                    "of 64 bytes, but no tensor has rank above 4 (48-byte "
                    "records)",
                    formatv("{0:x}", sizeAt))
                .str());
}

TEST_F(EYBReaderTest, TruncatedHeader) {
  EXPECT_EQ(error(ArrayRef<uint8_t>(bytes).take_front(40)),
            "EYB stream: byte 0x28, header: truncated header: the stream has "
            "40 bytes, the header 64");
  EXPECT_EQ(error(ArrayRef<uint8_t>(bytes).take_front(3)),
            "EYB stream: byte 0x3, header: truncated header: the stream has "
            "3 bytes, the header 64");
}

TEST_F(EYBReaderTest, TruncatedStream) {
  size_t size = bytes.size();
  EXPECT_EQ(error(ArrayRef<uint8_t>(bytes).drop_back(10)),
            formatv("EYB stream: byte 0x10, header: truncated stream: the "
                    "header gives {0} bytes, the stream has {1}",
                    size, size - 10)
                .str());
}

TEST_F(EYBReaderTest, TrailingBytes) {
  size_t size = bytes.size();
  bytes.push_back(0);
  EXPECT_EQ(error(), formatv("EYB stream: byte 0x10, header: the header gives "
                             "{0} bytes, the stream has {1}: trailing bytes",
                             size, size + 1)
                         .str());
}

TEST_F(EYBReaderTest, ChecksumMismatch) {
  uint32_t crc = endian::read32le(&bytes[32]);
  bytes[bytes.size() - 1] ^= 0x40; // A weight.
  std::string message = error();
  EXPECT_TRUE(StringRef(message).starts_with(
      formatv("EYB stream: byte 0x20, header: checksum mismatch: the header "
              "says {0:x8}, the contents give 0x",
              crc)
          .str()))
      << message;
  EXPECT_TRUE(StringRef(message).ends_with("; the stream is corrupt"));
}

TEST_F(EYBReaderTest, ReservedHeaderBytes) {
  bytes[40] = 1;
  fixChecksum(bytes);
  EXPECT_EQ(error(), "EYB stream: byte 0x28, header: reserved header bytes "
                     "must be 0");
}

TEST_F(EYBReaderTest, SectionOutOfBounds) {
  uint64_t entry = 64 + 24 * 6; // Weights.
  uint64_t offset = sectionOffset(SectionKind::Weights);
  endian::write64le(&bytes[entry + 16], 1u << 20);
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, weights section entry: "
                             "1048576 bytes at {1} are outside the {2}-byte "
                             "stream",
                             hex(entry + 8), hex(offset), bytes.size())
                         .str());
}

TEST_F(EYBReaderTest, SectionOrderAndPlacement) {
  put32(64 + 24, 3); // Entry 1 claims to be the tensors section.
  fixChecksum(bytes);
  EXPECT_EQ(error(), "EYB stream: byte 0x58, section table entry 1: section "
                     "kind 3, expected 2 (strings): version 1 has each kind "
                     "once, in order");
  put32(64 + 24, 2);
  uint64_t offset = sectionOffset(SectionKind::Tensors);
  endian::write64le(&bytes[64 + 2 * 24 + 8], offset + 8);
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte 0x78, tensors section entry: "
                             "offset {0}, expected {1}: sections follow each "
                             "other, 8-byte aligned",
                             hex(offset + 8), hex(offset))
                         .str());
}

TEST_F(EYBReaderTest, UnknownEnumValue) {
  uint64_t role = firstRecord(SectionKind::Tensors) + 8;
  bytes[role] = 9;
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, tensors section, tensor "
                             "0: unknown role 9",
                             hex(role))
                         .str());
}

TEST_F(EYBReaderTest, BadTensorId) {
  uint64_t ifmap = firstRecord(SectionKind::Layers) + 12;
  put32(ifmap, 99);
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, layers section, layer 0: "
                             "ifmap tensor id 99 out of range (5 tensors)",
                             hex(ifmap))
                         .str());
}

TEST_F(EYBReaderTest, UnknownOpcode) {
  uint64_t first = firstRecord(SectionKind::Instructions);
  bytes[first] = 42;
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, instructions section, "
                             "instruction 0: unknown opcode 42 (version 1.17 "
                             "knows 1 to 8)",
                             hex(first))
                         .str());
}

TEST_F(EYBReaderTest, InstructionRecordSize) {
  uint64_t first = firstRecord(SectionKind::Instructions);
  endian::write16le(&bytes[first + 2], 16);
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, instructions section, "
                             "instruction 0 (CONFIGURE_LAYER): record size "
                             "16, CONFIGURE_LAYER has 8",
                             hex(first + 2))
                         .str());
}

TEST_F(EYBReaderTest, LayerIndexOutOfRange) {
  uint64_t first = firstRecord(SectionKind::Instructions);
  put32(first + 4, 5);
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, instructions section, "
                             "instruction 0 (CONFIGURE_LAYER): layer 5 out of "
                             "range (1 layers)",
                             hex(first + 4))
                         .str());
}

TEST_F(EYBReaderTest, ReservedInstructionBytes) {
  uint64_t end = firstRecord(SectionKind::Instructions) + 8 * 0 + 8 + 32 + 48 +
                 120 + 48 + 8; // END, after the six others.
  ASSERT_EQ(bytes[end], 8);
  bytes[end + 5] = 1;
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, instructions section, "
                             "instruction 6 (END): reserved must be 0",
                             hex(end + 4))
                         .str());
}

TEST_F(EYBReaderTest, HostOpInputsRunPastTheSection) {
  uint64_t count = firstRecord(SectionKind::HostOps) + 16;
  put32(count, 1000);
  fixChecksum(bytes);
  std::string message = error();
  EXPECT_TRUE(StringRef(message).contains(
      "host_ops section, host op 0: truncated: input needs 4 bytes, 0 "
      "remain"))
      << message;
}

TEST_F(EYBReaderTest, StringReferences) {
  // Tensor 1 reuses tensor 0's name: a valid reference, but not canonical.
  uint64_t name1 = firstRecord(SectionKind::Tensors) + 48;
  put32(name1, 0);
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, tensors section, tensor "
                             "1: name at strings offset 0, expected 5: names "
                             "are stored one after another in record order",
                             hex(name1))
                         .str());
  put32(name1, 1000);
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, tensors section, tensor "
                             "1: name: bytes [1000, 1012) of the strings "
                             "section, which has 55",
                             hex(name1))
                         .str());
}

TEST_F(EYBReaderTest, ArchitectureName) {
  uint64_t name = sectionOffset(SectionKind::Config) + 24 + 9; // "tiny-conv"
  ASSERT_EQ(bytes[name + 9], '1');
  bytes[name + 9] = '2'; // "eyeriss-v2"
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, config section: "
                             "architecture name 'eyeriss-v2' differs from the "
                             "JSON's 'eyeriss-v1'",
                             hex(name))
                         .str());
}

TEST_F(EYBReaderTest, ArchitectureJSON) {
  uint64_t json = sectionOffset(SectionKind::Config) + 24 + 9 + 10;
  ASSERT_EQ(bytes[json], '{');
  bytes[json] = '[';
  fixChecksum(bytes);
  std::string message = error();
  EXPECT_TRUE(StringRef(message).starts_with(
      formatv("EYB stream: byte {0}, config section: architecture JSON",
              hex(json))
          .str()))
      << message;

  // Valid JSON with another value is refused by the loader's own checks...
  bytes = cantFail(writeProgram(tinyConvProgram()));
  std::string text(bytes.begin() + json, bytes.end());
  size_t rows = text.find("\"rows\": 12");
  ASSERT_NE(rows, std::string::npos);
  bytes[json + rows + 9] = '0'; // "rows": 10: other layer record sizes.
  fixChecksum(bytes);
  message = error();
  EXPECT_TRUE(StringRef(message).contains(
      "layers section: layer records of 2096 bytes, the 10 x 14 array with "
      "25 GLB banks needs"))
      << message;
}

TEST_F(EYBReaderTest, SemanticErrorsNameTheRecord) {
  // PASS over 3 filters, more than p*t = 2.
  uint64_t pass = firstRecord(SectionKind::Instructions) + 8 + 32 + 48;
  ASSERT_EQ(bytes[pass], 5);
  put32(pass + 12, 3);
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: invalid program: instruction 3 "
                             "(PASS) (byte {0}): filters [0, 3): need 1 to "
                             "p*t = 2 of the 2 filters per group",
                             hex(pass))
                         .str());
}

TEST_F(EYBReaderTest, WeightsOfANonConstant) {
  uint64_t entry = firstRecord(SectionKind::Weights);
  put32(entry, 0);
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, weights section, entry 0: "
                             "tensor 0 is input; only constants have data",
                             hex(entry))
                         .str());
}

TEST_F(EYBReaderTest, UnknownHostOpKind) {
  // The kind is the u16 after the record's 8-byte name reference.
  uint64_t kind = firstRecord(SectionKind::HostOps) + 8;
  endian::write16le(&bytes[kind], 41);
  fixChecksum(bytes);
  EXPECT_EQ(error(), formatv("EYB stream: byte {0}, host_ops section, host op "
                             "0: unknown host-op kind 41 (version 1.17 knows "
                             "1 to 40)",
                             hex(kind))
                         .str());
}

TEST_F(EYBReaderTest, StreamInfoAlone) {
  Expected<StreamInfo> info = readStreamInfo(bytes);
  ASSERT_TRUE(bool(info)) << toString(info.takeError());
  EXPECT_EQ(info->versionMajor, 1);
  EXPECT_EQ(info->versionMinor, 17);
  EXPECT_EQ(info->fileSize, bytes.size());
  ASSERT_EQ(info->sections.size(), 7u);
  EXPECT_EQ(info->sections[5].kind, SectionKind::Instructions);
  EXPECT_EQ(info->checksum, endian::read32le(&bytes[32]));
}

} // namespace
