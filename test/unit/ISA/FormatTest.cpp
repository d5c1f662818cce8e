//===- FormatTest.cpp - EYB encoding, round trips, determinism ------------===//
//
// The header and the instruction encodings are pinned byte for byte (the
// same bytes docs/ISA.md shows); the rest of the format is pinned by round
// trips: write -> read -> write gives the same bytes, and the program read
// back equals the one written, field by field.
//
//===----------------------------------------------------------------------===//

#include "TestPrograms.h"

#include "eyeriss/ISA/Reader.h"
#include "eyeriss/ISA/Writer.h"

#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace eyeriss;
using namespace eyeriss::eyb;
using namespace eyeriss::eyb::test;
using namespace llvm;
namespace endian = llvm::support::endian;

namespace {

std::vector<uint8_t> writeOrFail(const Program &p) {
  Expected<std::vector<uint8_t>> bytes = writeProgram(p);
  if (!bytes) {
    ADD_FAILURE() << toString(bytes.takeError());
    return {};
  }
  return std::move(*bytes);
}

Program readOrFail(ArrayRef<uint8_t> bytes) {
  Expected<Program> p = readProgram(bytes);
  if (!p) {
    ADD_FAILURE() << toString(p.takeError());
    return {};
  }
  return std::move(*p);
}

bool sameTensor(const TensorDesc &a, const TensorDesc &b) {
  return a.name == b.name && a.role == b.role &&
         a.elementType == b.elementType && a.fracBits == b.fracBits &&
         a.shape == b.shape && a.dramAddress == b.dramAddress &&
         a.dramBytes == b.dramBytes && a.rlc == b.rlc && a.data == b.data;
}

bool sameLayer(const LayerConfig &a, const LayerConfig &b) {
  auto shape = [](const LayerShape &s) {
    return std::vector<int64_t>{
        s.N,         s.C,      s.M,       s.H,         s.W,        s.R,
        s.S,         s.E,      s.F,       s.strideH,   s.strideW,  s.dilationH,
        s.dilationW, s.padTop, s.padLeft, s.padBottom, s.padRight, s.groups};
  };
  auto placement = [](const RSPlacement &p) {
    return std::vector<int64_t>{p.foldFactor,      p.segmentCols,  p.chainRows,
                                p.chainsPerColumn, p.chainsPerRow, p.activePEs,
                                p.usedRows,        p.usedCols};
  };
  return a.name == b.name && a.kind == b.kind &&
         shape(a.shape) == shape(b.shape) && a.mapping == b.mapping &&
         placement(a.placement) == placement(b.placement) &&
         a.activation == b.activation && a.ifmap == b.ifmap &&
         a.filter == b.filter && a.bias == b.bias && a.ofmap == b.ofmap &&
         a.ifmapFracBits == b.ifmapFracBits &&
         a.filterFracBits == b.filterFracBits &&
         a.psumFracBits == b.psumFracBits &&
         a.ofmapFracBits == b.ofmapFracBits && a.windowShift == b.windowShift &&
         a.pes == b.pes && a.ginFilter == b.ginFilter &&
         a.ginIfmap == b.ginIfmap && a.ginPsum == b.ginPsum &&
         a.banks == b.banks;
}

bool sameHostOp(const HostOpDesc &a, const HostOpDesc &b) {
  return a.name == b.name && a.kind == b.kind && a.inputs == b.inputs &&
         a.output == b.output && a.activation == b.activation &&
         a.ceilMode == b.ceilMode && a.countIncludePad == b.countIncludePad &&
         a.kernel == b.kernel && a.strides == b.strides && a.pads == b.pads &&
         a.dilations == b.dilations && a.groups == b.groups &&
         a.axis == b.axis && a.size == b.size && a.alpha == b.alpha &&
         a.beta == b.beta && a.bias == b.bias && a.epsilon == b.epsilon &&
         a.min == b.min && a.max == b.max;
}

/// Instructions compare through their encoding (pinned separately).
bool sameInstructions(const Program &a, const Program &b) {
  if (a.instructions.size() != b.instructions.size())
    return false;
  for (size_t i = 0; i < a.instructions.size(); ++i) {
    if (a.instructions[i].index() != b.instructions[i].index())
      return false;
    bool same = std::visit(
        [&](const auto &x) {
          using T = std::decay_t<decltype(x)>;
          const T &y = std::get<T>(b.instructions[i]);
          if constexpr (std::is_same_v<T, ConfigureLayer>)
            return x.layer == y.layer;
          else if constexpr (std::is_same_v<T, DramToGlb>)
            return x.tensor == y.tensor && x.region == y.region &&
                   x.glbAddr == y.glbAddr && x.box == y.box;
          else if constexpr (std::is_same_v<T, GlbToDram>)
            return x.tensor == y.tensor && x.mode == y.mode &&
                   x.glbAddr == y.glbAddr && x.box == y.box;
          else if constexpr (std::is_same_v<T, FilterPreload>)
            return x.group == y.group && x.m0 == y.m0 && x.mCount == y.mCount &&
                   x.c0 == y.c0 && x.cCount == y.cCount &&
                   x.filterAddr == y.filterAddr && x.bias == y.bias;
          else if constexpr (std::is_same_v<T, Pass>)
            return x.group == y.group && x.m0 == y.m0 && x.mCount == y.mCount &&
                   x.c0 == y.c0 && x.cCount == y.cCount && x.n0 == y.n0 &&
                   x.nCount == y.nCount && x.e0 == y.e0 &&
                   x.eCount == y.eCount && x.psumIn == y.psumIn &&
                   x.filterAddr == y.filterAddr && x.ifmap == y.ifmap &&
                   x.psum == y.psum;
          else if constexpr (std::is_same_v<T, HostOpCall>)
            return x.op == y.op;
          else
            return true;
        },
        a.instructions[i]);
    if (!same)
      return false;
  }
  return true;
}

void expectSamePrograms(const Program &a, const Program &b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(printArchDescription(a.arch), printArchDescription(b.arch));
  EXPECT_EQ(a.dramBytes, b.dramBytes);
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (size_t i = 0; i < a.tensors.size(); ++i)
    EXPECT_TRUE(sameTensor(a.tensors[i], b.tensors[i])) << "tensor " << i;
  ASSERT_EQ(a.layers.size(), b.layers.size());
  for (size_t i = 0; i < a.layers.size(); ++i)
    EXPECT_TRUE(sameLayer(a.layers[i], b.layers[i])) << "layer " << i;
  ASSERT_EQ(a.hostOps.size(), b.hostOps.size());
  for (size_t i = 0; i < a.hostOps.size(); ++i)
    EXPECT_TRUE(sameHostOp(a.hostOps[i], b.hostOps[i])) << "host op " << i;
  EXPECT_TRUE(sameInstructions(a, b));
}

TEST(EYBRoundTripTest, TinyConvProgram) {
  Program original = tinyConvProgram();
  std::vector<uint8_t> bytes = writeOrFail(original);
  ASSERT_FALSE(bytes.empty());
  Program decoded = readOrFail(bytes);
  expectSamePrograms(original, decoded);
  EXPECT_EQ(writeOrFail(decoded), bytes);
}

TEST(EYBRoundTripTest, TwoLayerProgram) {
  Program original = twoLayerProgram();
  std::vector<uint8_t> bytes = writeOrFail(original);
  ASSERT_FALSE(bytes.empty());
  Program decoded = readOrFail(bytes);
  expectSamePrograms(original, decoded);
  EXPECT_EQ(writeOrFail(decoded), bytes);
}

TEST(EYBRoundTripTest, EveryHostOpKind) {
  // Host ops of every kind with their attributes set, on float32 tensors
  // (host ops compute on either type).
  Program p;
  p.name = "host-ops";
  p.arch = eyerissV1();
  auto f32 = [&](std::string name, std::vector<int64_t> shape,
                 TensorRole role = TensorRole::Intermediate) {
    return addTensor(p, std::move(name), role, ElementType::Float32, 0,
                     std::move(shape));
  };
  uint32_t x = f32("x", {1, 4, 6, 6}, TensorRole::Input);
  uint32_t conv = f32("conv", {1, 4, 6, 6});
  uint32_t w = addTensor(p, "w", TensorRole::Constant, ElementType::Int16, 14,
                         {4, 2, 3, 3});
  uint32_t bn = f32("bn", {1, 4, 6, 6});
  uint32_t scale =
      addTensor(p, "scale", TensorRole::Constant, ElementType::Int16, 14, {4});
  uint32_t lrn = f32("lrn", {1, 4, 6, 6});
  uint32_t maxp = f32("maxpool", {1, 4, 3, 3});
  uint32_t avgp = f32("avgpool", {1, 4, 3, 3});
  uint32_t gap = f32("gap", {1, 4, 1, 1});
  uint32_t add = f32("add", {1, 4, 3, 3});
  uint32_t cat = f32("cat", {1, 8, 3, 3});
  uint32_t clip = f32("clip", {1, 8, 3, 3});
  uint32_t relu = f32("relu", {1, 8, 3, 3});
  uint32_t resh = f32("reshape", {1, 72});
  uint32_t fcw = addTensor(p, "fcw", TensorRole::Constant, ElementType::Int16,
                           14, {10, 72});
  uint32_t fc = f32("fc", {1, 10});
  uint32_t q = addTensor(p, "q", TensorRole::Intermediate, ElementType::Int16,
                         4, {1, 10});
  uint32_t out = f32("out", {1, 10}, TensorRole::Output);
  uint32_t padded = f32("pad", {1, 4, 8, 9});
  uint32_t sig = f32("sigmoid", {1, 4, 1, 1});
  uint32_t hsig = f32("hard_sigmoid", {1, 4, 1, 1});
  uint32_t prod = f32("mul", {1, 4, 6, 6});
  uint32_t sliced = f32("slice", {1, 2, 6, 6});
  uint32_t shuffled = f32("shuffle", {1, 4, 6, 6});
  uint32_t lnParams = addTensor(p, "ln.params", TensorRole::Constant,
                                ElementType::Int16, 14, {6});
  uint32_t normed = f32("layer_norm", {1, 4, 6, 6});
  uint32_t erfed = f32("erf", {1, 4, 6, 6});
  uint32_t transposed = f32("transpose", {1, 6, 4, 6});
  uint32_t biased = f32("bias_add", {1, 6, 4, 6});
  uint32_t product = f32("matmul", {1, 4, 6, 6});

  auto op = [&](std::string name, HostOpKind kind, std::vector<uint32_t> inputs,
                uint32_t output) {
    HostOpDesc d;
    d.name = std::move(name);
    d.kind = kind;
    d.inputs = std::move(inputs);
    d.output = output;
    p.hostOps.push_back(d);
    p.instructions.push_back(HostOpCall{uint32_t(p.hostOps.size() - 1)});
    return &p.hostOps.back();
  };
  HostOpDesc *c = op("conv", HostOpKind::Conv2D, {x, w}, conv);
  c->strides = {1, 1};
  c->pads = {1, 1, 1, 1};
  c->dilations = {1, 1};
  c->groups = 2;
  c->activation = Activation::ReLU;
  HostOpDesc *b =
      op("bn", HostOpKind::BatchNorm, {conv, scale, scale, scale, scale}, bn);
  b->epsilon = 1e-5f;
  HostOpDesc *l = op("lrn", HostOpKind::LRN, {bn}, lrn);
  l->size = 5;
  l->alpha = 1e-4f;
  l->beta = 0.75f;
  l->bias = 2.0f;
  HostOpDesc *m = op("maxpool", HostOpKind::MaxPool, {lrn}, maxp);
  m->kernel = {3, 3};
  m->strides = {2, 2};
  m->pads = {0, 0, 1, 1};
  m->ceilMode = true;
  HostOpDesc *a = op("avgpool", HostOpKind::AvgPool, {lrn}, avgp);
  a->kernel = {2, 2};
  a->strides = {2, 2};
  a->countIncludePad = true;
  op("gap", HostOpKind::GlobalAvgPool, {lrn}, gap);
  // The kinds format 1.1 added.
  HostOpDesc *pd = op("pad", HostOpKind::Pad, {lrn}, padded);
  pd->pads = {1, 2, 1, 1};
  op("sigmoid", HostOpKind::Sigmoid, {gap}, sig);
  HostOpDesc *hs = op("hard_sigmoid", HostOpKind::HardSigmoid, {sig}, hsig);
  hs->alpha = 1.0f / 6;
  hs->beta = 0.5f;
  op("mul", HostOpKind::Mul, {lrn, hsig}, prod);
  // And those of 1.2.
  HostOpDesc *sl = op("slice", HostOpKind::Slice, {lrn}, sliced);
  sl->axis = 1;
  sl->pads = {1, 0, 0, 0};
  sl->strides = {2, 0};
  HostOpDesc *sh = op("shuffle", HostOpKind::ChannelShuffle, {lrn}, shuffled);
  sh->groups = 2;
  // And those of 1.3, with an add that broadcasts.
  HostOpDesc *ln =
      op("layer_norm", HostOpKind::LayerNorm, {lrn, lnParams, lnParams}, normed);
  ln->axis = 3;
  ln->epsilon = 1e-6f;
  op("erf", HostOpKind::Erf, {normed}, erfed);
  HostOpDesc *tr = op("transpose", HostOpKind::Transpose, {erfed}, transposed);
  tr->size = 0x2130; // perm [0, 3, 1, 2]
  op("bias_add", HostOpKind::Add, {transposed, lnParams}, biased);
  op("matmul", HostOpKind::MatMul, {normed, erfed}, product);
  HostOpDesc *ad = op("add", HostOpKind::Add, {maxp, avgp}, add);
  ad->activation = Activation::ReLU6;
  HostOpDesc *ct = op("cat", HostOpKind::Concat, {add, maxp}, cat);
  ct->axis = 1;
  HostOpDesc *cl = op("clip", HostOpKind::Clip, {cat}, clip);
  cl->min = -1.5f;
  cl->max = 6.0f;
  op("relu", HostOpKind::ReLU, {clip}, relu);
  op("reshape", HostOpKind::Reshape, {relu}, resh);
  op("fc", HostOpKind::FullyConnected, {resh, fcw}, fc);
  op("quantize", HostOpKind::Convert, {fc}, q);
  HostOpDesc *sm = op("softmax", HostOpKind::Softmax, {q}, out);
  sm->axis = 1;
  p.instructions.push_back(End{});

  std::vector<uint8_t> bytes = writeOrFail(p);
  ASSERT_FALSE(bytes.empty());
  Program decoded = readOrFail(bytes);
  expectSamePrograms(p, decoded);
  EXPECT_EQ(writeOrFail(decoded), bytes);
}

TEST(EYBDeterminismTest, IdenticalInputIdenticalBytes) {
  // Two programs built independently, and a copy: the same bytes.
  std::vector<uint8_t> a = writeOrFail(twoLayerProgram());
  std::vector<uint8_t> b = writeOrFail(twoLayerProgram());
  Program copy = twoLayerProgram();
  Program moved = std::move(copy);
  std::vector<uint8_t> c = writeOrFail(moved);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
  // And a one-field difference shows up.
  Program other = twoLayerProgram();
  other.tensors[1].data[0] ^= 1;
  EXPECT_NE(writeOrFail(other), a);
}

TEST(EYBHeaderTest, PinsTheHeaderAndSectionTable) {
  std::vector<uint8_t> bytes = writeOrFail(tinyConvProgram());
  ASSERT_GE(bytes.size(), 232u);
  EXPECT_EQ(std::memcmp(bytes.data(), "EYB1", 4), 0);
  EXPECT_EQ(endian::read16le(&bytes[4]), 1u); // Version 1.17.
  EXPECT_EQ(endian::read16le(&bytes[6]), 17u);
  EXPECT_EQ(endian::read32le(&bytes[8]), 64u); // Header size.
  EXPECT_EQ(endian::read32le(&bytes[12]), 7u); // Sections.
  EXPECT_EQ(endian::read64le(&bytes[16]), bytes.size());
  EXPECT_EQ(endian::read64le(&bytes[24]), 64u); // Section table.
  std::vector<uint8_t> zeroed = bytes;
  std::fill(zeroed.begin() + 32, zeroed.begin() + 36, 0);
  EXPECT_EQ(endian::read32le(&bytes[32]), llvm::crc32(zeroed));
  for (size_t i = 36; i < 64; ++i)
    EXPECT_EQ(bytes[i], 0) << "reserved header byte " << i;

  uint64_t next = 232; // 64 + 7 * 24.
  for (uint32_t k = 0; k < 7; ++k) {
    const uint8_t *entry = &bytes[64 + 24 * k];
    EXPECT_EQ(endian::read32le(entry), k + 1);
    EXPECT_EQ(endian::read32le(entry + 4), 8u);
    uint64_t offset = endian::read64le(entry + 8);
    EXPECT_EQ(offset, (next + 7) / 8 * 8);
    next = offset + endian::read64le(entry + 16);
  }
  EXPECT_EQ(next, bytes.size());

  Expected<StreamInfo> layout = computeLayout(tinyConvProgram());
  ASSERT_TRUE(bool(layout)) << toString(layout.takeError());
  Expected<StreamInfo> info = readStreamInfo(bytes);
  ASSERT_TRUE(bool(info)) << toString(info.takeError());
  EXPECT_EQ(layout->fileSize, info->fileSize);
  ASSERT_EQ(layout->sections.size(), info->sections.size());
  for (size_t k = 0; k < info->sections.size(); ++k) {
    EXPECT_EQ(layout->sections[k].offset, info->sections[k].offset);
    EXPECT_EQ(layout->sections[k].size, info->sections[k].size);
  }
}

/// Bytes from hex text; spaces are ignored.
std::vector<uint8_t> fromHex(StringRef hex) {
  std::vector<uint8_t> bytes;
  std::string digits;
  for (char c : hex)
    if (c != ' ')
      digits += c;
  for (size_t i = 0; i + 1 < digits.size(); i += 2)
    bytes.push_back(
        uint8_t(std::stoul(digits.substr(i, 2), nullptr, /*base=*/16)));
  return bytes;
}

/// The bytes of one section.
std::vector<uint8_t> sectionBytes(const std::vector<uint8_t> &bytes,
                                  SectionKind kind) {
  const uint8_t *entry = &bytes[64 + 24 * (uint32_t(kind) - 1)];
  uint64_t offset = endian::read64le(entry + 8);
  uint64_t size = endian::read64le(entry + 16);
  return std::vector<uint8_t>(bytes.begin() + offset,
                              bytes.begin() + offset + size);
}

TEST(EYBHeaderTest, PinsTheInstructionEncoding) {
  // The tiny program's instruction section, as docs/ISA.md shows it.
  std::vector<uint8_t> bytes = writeOrFail(tinyConvProgram());
  std::vector<uint8_t> code = sectionBytes(bytes, SectionKind::Instructions);
  std::vector<uint8_t> expected = fromHex(
      // count 7, reserved
      "07000000 00000000"
      // CONFIGURE_LAYER layer=0
      "01000800 00000000"
      // FILTER_PRELOAD g=0 m0=0 mCount=2 c0=0 cCount=3 filter@0 bias
      "04002000 00000000 00000000 02000000 00000000 03000000 00000000"
      "01000000"
      // DRAM_TO_GLB %0 region=ifmap glb=0 box (0,0,-1,-1) 1x3x7x7
      "02003000 00000000 01000000 00000000 00000000 00000000 ffffffff"
      "ffffffff 01000000 03000000 07000000 07000000"
      // PASS g=0 m=[0,2) c=[0,3) n=[0,1) e=[0,5) psum-in=bias filter@0
      "05007800 00000000 00000000 02000000 00000000 03000000 00000000"
      "01000000 00000000 05000000 01000000 00000000"
      //   ifmap@0 box (0,0,-1,-1) 1x3x7x7
      "00000000 00000000 00000000 ffffffff ffffffff 01000000 03000000"
      "07000000 07000000"
      //   psum@2048 box (0,0,0,0) 1x2x5x5
      "00080000 00000000 00000000 00000000 00000000 01000000 02000000"
      "05000000 05000000"
      // GLB_TO_DRAM %3 mode=ofmap glb=2048 box (0,0,0,0) 1x2x5x5
      "03003000 03000000 01000000 00080000 00000000 00000000 00000000"
      "00000000 01000000 02000000 05000000 05000000"
      // HOST_OP #0
      "06000800 00000000"
      // END
      "08000800 00000000");
  EXPECT_EQ(code, expected);
}

TEST(EYBWriterTest, RefusesAProgramThatDoesNotVerify) {
  Program p = tinyConvProgram();
  p.instructions.pop_back(); // No END.
  Expected<std::vector<uint8_t>> bytes = writeProgram(p);
  ASSERT_FALSE(bool(bytes));
  EXPECT_EQ(toString(bytes.takeError()),
            "instructions: the program does not end with END");
}

TEST(EYBWriterTest, FilesRoundTrip) {
  SmallString<128> path;
  ASSERT_FALSE(sys::fs::createTemporaryFile("isa-test", "eyb", path));
  Program p = twoLayerProgram();
  ASSERT_FALSE(bool(writeProgramFile(p, path)));
  Expected<Program> back = readProgramFile(path);
  ASSERT_TRUE(bool(back)) << toString(back.takeError());
  expectSamePrograms(p, *back);
  sys::fs::remove(path);

  Expected<Program> missing = readProgramFile(path);
  ASSERT_FALSE(bool(missing));
  EXPECT_NE(toString(missing.takeError()).find(path.str().str()),
            std::string::npos);
}

} // namespace
