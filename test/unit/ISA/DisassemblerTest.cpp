//===- DisassemblerTest.cpp - The readable listing ------------------------===//
//
// The listing's key lines are checked verbatim: the header with the stream's
// checksum, a tensor, the layer's shape, mapping, bank split and ID grids,
// the host op, and one line per instruction.
//
//===----------------------------------------------------------------------===//

#include "TestPrograms.h"

#include "eyeriss/ISA/Disassembler.h"
#include "eyeriss/ISA/Writer.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace eyeriss;
using namespace eyeriss::eyb;
using namespace eyeriss::eyb::test;
using namespace llvm;

namespace {

std::string listing(const Program &p) {
  std::string text;
  raw_string_ostream os(text);
  disassemble(p, os);
  return text;
}

std::string streamListing(const Program &p) {
  std::string text;
  raw_string_ostream os(text);
  Expected<std::vector<uint8_t>> bytes = writeProgram(p);
  if (!bytes) {
    ADD_FAILURE() << toString(bytes.takeError());
    return "";
  }
  if (Error err = disassembleStream(*bytes, os))
    ADD_FAILURE() << toString(std::move(err));
  return text;
}

void expectLine(StringRef text, StringRef line) {
  SmallVector<StringRef> lines;
  text.split(lines, '\n');
  EXPECT_TRUE(is_contained(lines, line)) << "missing line:\n"
                                         << line.str() << "\nin:\n"
                                         << text.str();
}

TEST(EYBDisassemblerTest, ListsTheTinyProgram) {
  std::string text = streamListing(tinyConvProgram());
  StringRef t(text);
  expectLine(t, "; EYB program 'tiny-conv' for 'eyeriss-v1'");
  EXPECT_TRUE(t.contains("; format 1.17, ")) << text;
  // The checksum docs/ISA.md's worked example shows.
  EXPECT_TRUE(t.contains("; format 1.17, 6436 bytes, crc32 0x8398b6d5"))
      << text;
  expectLine(t, ".sections");
  expectLine(t, "  config        offset     0xe8 size       3231 align 8");
  expectLine(t, ".tensors 5");
  expectLine(t, "  %0 'input' input i16 f=8 1x3x5x5 dram[0x0,0x96) plain");
  expectLine(t, "  %3 'conv1.out' intermediate i16 f=8 1x2x5x5 "
                "dram[0x110,0x1b0) rlc-row");
  expectLine(t, "  %4 'pool1.out' output f32 1x2x2x2 dram[0x1b0,0x1d0) plain");
  expectLine(t, ".layer 0 'conv1' conv activation=relu");
  expectLine(t, "  shape     N=1 C=3 M=2 H=5 W=5 R=3 S=3 E=5 F=5 stride=1x1 "
                "dilation=1x1 pads=1,1,1,1 groups=1");
  expectLine(t, "  mapping   m=2 n=1 e=5 p=2 q=3 r=1 t=1");
  expectLine(t, "  placement fold=1 segment-cols=5 chain-rows=3 "
                "chains-per-column=4 chains-per-row=2 active-pes=15 used=3x5");
  expectLine(t, "  formats   ifmap=8 filter=12 psum=8 ofmap=8 window-shift=12");
  expectLine(t, "  banks     IP.......................  (I ifmap, P psum, . "
                "unused)");
  // Grids: the PE set, the psum column, the ifmap diagonal.
  expectLine(t, "      2  2.0 2.1 2.2 2.3 2.4   .   .   .   .   .   .   .   "
                ".   .");
  expectLine(t, "      0  T T T T T . . . . . . . . .");
  expectLine(t, "      2  ^ ^ ^ ^ ^ . . . . . . . . .");
  expectLine(t, "  gin_ifmap IDs (row ID | col IDs)");
  expectLine(t, "      2   0 |  2  3  4  5  6 31 31 31 31 31 31 31 31 31");
  expectLine(t, ".host_ops 1");
  expectLine(t, "  #0 'pool1' max_pool (%3 'conv1.out') -> %4 'pool1.out' "
                "kernel=2x2 strides=2x2");
  expectLine(t, ".code 7");
  expectLine(t, "     0  CONFIGURE_LAYER  layer=0 'conv1'");
  expectLine(t, "     1  FILTER_PRELOAD   g=0 m=[0,2) c=[0,3) -> filter@0 "
                "+bias");
  expectLine(t, "     2  DRAM_TO_GLB      %0 'input' n[0,1) c[0,3) h[-1,6) "
                "w[-1,6) -> ifmap[0,147)");
  expectLine(t, "     3  PASS             g=0 m=[0,2) c=[0,3) n=[0,1) "
                "e=[0,5) psum-in=bias filter@0 ifmap@0 n[0,1) c[0,3) h[-1,6) "
                "w[-1,6) psum@2048 n[0,1) c[0,2) h[0,5) w[0,5)");
  expectLine(t, "     4  GLB_TO_DRAM      psum[2048,2098) -> %3 'conv1.out' "
                "n[0,1) c[0,2) h[0,5) w[0,5) mode=ofmap rlc-encode");
  expectLine(t, "     5  HOST_OP          #0 'pool1' max_pool");
  expectLine(t, "     6  END");
}

TEST(EYBDisassemblerTest, ListsEveryOpcode) {
  std::string text = listing(twoLayerProgram());
  StringRef t(text);
  expectLine(t, ".layer 1 'fc' fc activation=none");
  expectLine(t, "     6  PASS             g=0 m=[0,2) c=[3,6) n=[0,1) "
                "e=[0,5) psum-in=glb filter@1024 ifmap@0 n[0,1) c[3,6) "
                "h[-1,6) w[-1,6) psum@2048 n[0,1) c[0,2) h[0,5) w[0,5)");
  expectLine(t, "    10  BARRIER");
  expectLine(t, "    13  DRAM_TO_GLB      %5 'flatten.out' n[0,1) c[0,8) "
                "h[0,1) w[0,1) -> ifmap[0,8)");
  expectLine(t, "  #1 'flatten' flatten (%4 'pool1.out') -> %5 'flatten.out' "
                "axis=1");
  // Without a stream, the layout is computed and there is no checksum.
  EXPECT_FALSE(t.contains("crc32"));
  EXPECT_TRUE(t.contains(".sections"));
}

TEST(EYBDisassemblerTest, NamesHostFunctions) {
  // Unary and binary functions by name, the last of each (EYB 1.15's isinf
  // and 1.17's fmod) included; one past the last as a number.
  Program p = gatherProgram();
  HostOpDesc &op = p.hostOps[0];
  op.kind = HostOpKind::Binary;
  for (auto [fn, name] : {std::pair<uint32_t, StringRef>{6, "equal"},
                          {10, "greater_equal"},
                          {13, "xor"},
                          {16 | binary::kIntegers, "mod integers=int64"},
                          {17, "fmod"},
                          {18, "<18>"}}) {
    op.size = fn;
    std::string text = listing(p);
    EXPECT_TRUE(StringRef(text).contains(("fn=" + name).str())) << text;
  }
  op.kind = HostOpKind::Unary;
  op.inputs.pop_back();
  for (auto [fn, name] : {std::pair<uint32_t, StringRef>{24, "not"},
                          {25, "nonzero"},
                          {26, "trunc"},
                          {27, "tan"},
                          {35, "atanh"},
                          {36, "isnan"},
                          {37, "isinf"},
                          {38, "<38>"}}) {
    op.size = fn;
    std::string text = listing(p);
    EXPECT_TRUE(StringRef(text).contains(("fn=" + name).str())) << text;
  }
}

TEST(EYBDisassemblerTest, ListsCumSum) {
  HostOpDesc op;
  op.name = "running";
  op.kind = HostOpKind::CumSum;
  op.axis = 1;
  op.size = cumsum::kExclusive | cumsum::kReverse;
  std::string text = listing(oneHostOpProgram(op, {2, 3}, {2, 3}));
  EXPECT_TRUE(StringRef(text).contains("cumsum")) << text;
  EXPECT_TRUE(StringRef(text).contains("axis=1 exclusive reverse")) << text;
}

TEST(EYBDisassemblerTest, ListsIntegerArithmetic) {
  // EYB 1.17: the binary function by name, the integers flag as a word.
  HostOpDesc op;
  op.name = "row";
  op.kind = HostOpKind::Binary;
  op.size = binary::kMod | binary::kIntegers;
  Program p = oneHostOpProgram(op, {2, 3}, {2, 3});
  p.hostOps[0].inputs.push_back(p.hostOps[0].inputs[0]);
  std::string text = listing(p);
  EXPECT_TRUE(StringRef(text).contains(
      "#0 'row' binary (%0 'x', %0 'x') -> %1 'y' fn=mod integers=int64"))
      << text;
  p.hostOps[0].size =
      binary::withIntegerType(binary::kAdd, uint32_t(HostFormat::UInt8));
  text = listing(p);
  EXPECT_TRUE(StringRef(text).contains("fn=add integers=uint8")) << text;
  p.hostOps[0].size = binary::kFMod;
  text = listing(p);
  EXPECT_TRUE(StringRef(text).contains("-> %1 'y' fn=fmod\n")) << text;
}

TEST(EYBDisassemblerTest, ListsIndexingOps) {
  // EYB 1.16: scatter's reduction and topk's flags by name, gather_nd's
  // axis field as batch_dims.
  HostOpDesc op;
  op.name = "pick";
  op.kind = HostOpKind::ScatterElements;
  op.axis = 1;
  op.size = scatter::kMul;
  std::string text = listing(indexingProgram(op, {2, 5}, {2, 3}, {2, 5}));
  EXPECT_TRUE(StringRef(text).contains(
      "#0 'pick' scatter_elements (%0 'data', %1 'indices', %2 'updates') -> "
      "%3 'y' axis=1 reduction=mul"))
      << text;
  op.kind = HostOpKind::ScatterND;
  op.axis = 0;
  text = listing(indexingProgram(op, {2, 5}, {3, 1}, {2, 5}));
  EXPECT_TRUE(StringRef(text).contains(
      "#0 'pick' scatter_nd (%0 'data', %1 'indices', %2 'updates') -> "
      "%3 'y' reduction=mul"))
      << text;
  op.kind = HostOpKind::GatherND;
  op.axis = 1;
  op.size = 0;
  text = listing(indexingProgram(op, {2, 5, 4}, {2, 3, 1}, {2, 3, 4}));
  EXPECT_TRUE(StringRef(text).contains("gather_nd (%0 'data', %1 'indices') "
                                       "-> %2 'y' batch_dims=1"))
      << text;
  op.kind = HostOpKind::GridSample;
  op.axis = 0;
  op.size = 2 | 1u << gridsample::kPaddingShift | gridsample::kAlignCorners;
  text = listing(indexingProgram(op, {1, 3, 4, 5}, {1, 2, 6, 2}, {1, 3, 2, 6}));
  EXPECT_TRUE(StringRef(text).contains(
      "grid_sample (%0 'data', %1 'indices') -> %2 'y' mode=bicubic "
      "padding=border align_corners"))
      << text;
  op.kind = HostOpKind::TopK;
  op.axis = 1;
  op.size = topk::kSmallest | topk::kIndices;
  text = listing(oneHostOpProgram(op, {2, 5}, {2, 3}));
  EXPECT_TRUE(StringRef(text).contains("topk (%0 'x') -> %1 'y' axis=1 "
                                       "smallest indices"))
      << text;
  op.size = 0;
  text = listing(oneHostOpProgram(op, {2, 5}, {2, 3}));
  EXPECT_TRUE(StringRef(text).contains("axis=1 largest values")) << text;
}

TEST(EYBDisassemblerTest, ListsHostFormats) {
  // A float32 output the graph declares float16 (EYB 1.11); the others,
  // float32, list none.
  Program p = tinyConvProgram();
  p.tensors[4].hostFormat = HostFormat::Float16;
  std::string text = listing(p);
  StringRef t(text);
  expectLine(t, "  %4 'pool1.out' output f32 host=float16 1x2x2x2 "
                "dram[0x1b0,0x1d0) plain");
  expectLine(t, "  %0 'input' input i16 f=8 1x3x5x5 dram[0x0,0x96) plain");
  // Every format by its name (int64, int32, bool: EYB 1.12 to 1.14); one
  // past the last is listed as a number.
  for (HostFormat format :
       {HostFormat::BFloat16, HostFormat::Float64, HostFormat::Int64,
        HostFormat::Int32, HostFormat::Bool, HostFormat::UInt8,
        HostFormat::Int16, HostFormat::UInt64}) {
    p.tensors[4].hostFormat = format;
    text = listing(p);
    EXPECT_TRUE(StringRef(text).contains(
        ("'pool1.out' output f32 host=" + stringifyHostFormat(format) + " ")
            .str()))
        << text;
  }
  p.tensors[4].hostFormat = HostFormat(13);
  text = listing(p);
  EXPECT_TRUE(StringRef(text).contains("'pool1.out' output f32 host=?13 "))
      << text;
}

TEST(EYBDisassemblerTest, ListsAProgramThatDoesNotVerify) {
  Program p = tinyConvProgram();
  p.layers[0].mapping.p = 99;
  p.tensors[0].role = TensorRole(42);
  p.instructions.push_back(HostOpCall{7});
  std::string text = listing(p);
  StringRef t(text);
  EXPECT_TRUE(t.contains("; does not verify: tensor 0 'input': unknown role "
                         "42"))
      << text;
  EXPECT_FALSE(t.contains(".sections"));
  expectLine(t, "  %0 'input' <42> i16 f=8 1x3x5x5 dram[0x0,0x96) plain");
  expectLine(t, "  mapping   m=2 n=1 e=5 p=99 q=3 r=1 t=1");
  expectLine(t, "     7  HOST_OP          #7");
}

TEST(EYBDisassemblerTest, IsDeterministic) {
  EXPECT_EQ(listing(twoLayerProgram()), listing(twoLayerProgram()));
  EXPECT_EQ(streamListing(tinyConvProgram()), streamListing(tinyConvProgram()));
}

TEST(EYBDisassemblerTest, RefusesACorruptStream) {
  std::vector<uint8_t> bytes = cantFail(writeProgram(tinyConvProgram()));
  bytes[100] ^= 0xff;
  std::string text;
  raw_string_ostream os(text);
  Error err = disassembleStream(bytes, os);
  ASSERT_TRUE(bool(err));
  EXPECT_TRUE(StringRef(toString(std::move(err))).contains("checksum"));
  EXPECT_TRUE(text.empty());
}

} // namespace
