//===- VerifierTest.cpp - Semantic checks of a program --------------------===//
//
// Each test breaks one rule of a valid hand-built program and checks the
// verifier's message: the record, the field and the limit it breaks.
//
//===----------------------------------------------------------------------===//

#include "TestPrograms.h"

#include "eyeriss/ISA/Verifier.h"
#include "llvm/Support/FormatVariadic.h"

#include "gtest/gtest.h"

#include <limits>

using namespace eyeriss;
using namespace eyeriss::eyb;
using namespace eyeriss::eyb::test;
using namespace llvm;

namespace {

std::string verifyError(const Program &p) {
  Error err = verifyProgram(p);
  if (!err) {
    ADD_FAILURE() << "program verified";
    return "";
  }
  return toString(std::move(err));
}

/// Gives tensor `id` a new shape and moves it to fresh DRAM at the end, so
/// that its size stays right.
void reshapeTensor(Program &p, uint32_t id, std::vector<int64_t> shape) {
  TensorDesc &t = p.tensors[id];
  t.shape = std::move(shape);
  t.dramBytes = requiredDramBytes(t, p.arch.rlc);
  t.dramAddress = (p.dramBytes + 7) / 8 * 8;
  p.dramBytes = t.dramAddress + t.dramBytes;
}

/// Appends a float32 constant holding `values` at fresh DRAM; its id.
uint32_t addFloatConstant(Program &p, std::string name,
                          std::vector<float> values) {
  TensorDesc t;
  t.name = std::move(name);
  t.role = TensorRole::Constant;
  t.elementType = ElementType::Float32;
  t.shape = {int64_t(values.size())};
  t.data = packFloat32(values);
  t.dramBytes = requiredDramBytes(t, p.arch.rlc);
  t.dramAddress = (p.dramBytes + 7) / 8 * 8;
  p.dramBytes = t.dramAddress + t.dramBytes;
  p.tensors.push_back(std::move(t));
  return uint32_t(p.tensors.size() - 1);
}

/// The tiny program's PASS, DRAM_TO_GLB, ... (by instruction index).
template <typename T> T &inst(Program &p, size_t index) {
  return std::get<T>(p.instructions[index]);
}

TEST(EYBVerifierTest, HandBuiltProgramsVerify) {
  EXPECT_FALSE(bool(verifyProgram(tinyConvProgram())));
  EXPECT_FALSE(bool(verifyProgram(twoLayerProgram())));
}

TEST(EYBVerifierTest, Tensors) {
  Program p = tinyConvProgram();
  p.tensors[3].dramBytes = 100;
  EXPECT_EQ(verifyError(p), "tensor 3 'conv1.out': DRAM size 100 bytes, its "
                            "shape 1x2x5x5 (rlc-row) needs 160");

  p = tinyConvProgram();
  p.tensors[2].dramAddress = 4;
  EXPECT_EQ(verifyError(p), "tensor 2 'conv1.bias': DRAM address 0x4 is not "
                            "a multiple of 8 bytes");

  p = tinyConvProgram();
  p.tensors[4].dramAddress = p.dramBytes;
  EXPECT_EQ(verifyError(p), "tensor 4 'pool1.out': DRAM bytes [0x1d0, 0x1f0) "
                            "exceed the program's DRAM of 0x1d0 bytes");

  p = tinyConvProgram();
  p.tensors[3].dramAddress = p.tensors[1].dramAddress; // Over the weights.
  EXPECT_EQ(verifyError(p),
            "tensor 3 'conv1.out': DRAM bytes [0x98, 0x138) overlap those of "
            "tensor 1 'conv1.weight' [0x98, 0x104); constants and inputs may "
            "not share DRAM");

  p = tinyConvProgram();
  p.tensors[1].data.pop_back();
  EXPECT_EQ(verifyError(p), "tensor 1 'conv1.weight': constant data of 107 "
                            "bytes, the tensor takes 108");

  p = tinyConvProgram();
  p.tensors[0].rlc = RLCGranule::Row;
  p.tensors[0].dramBytes = requiredDramBytes(p.tensors[0], p.arch.rlc);
  EXPECT_EQ(verifyError(p), "tensor 0 'input': an input tensor is "
                            "RLC-compressed, but architecture 'eyeriss-v1' "
                            "does not compress the network's input");

  p = tinyConvProgram();
  p.tensors[4].fracBits = 3;
  EXPECT_EQ(verifyError(p), "tensor 4 'pool1.out': a float32 tensor has "
                            "fracBits 3, must be 0");

  // Only what the host exchanges has a format of its own (EYB 1.11).
  p = tinyConvProgram();
  p.tensors[4].hostFormat = HostFormat::BFloat16;
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.tensors[1].hostFormat = HostFormat::Float16;
  EXPECT_EQ(verifyError(p), "tensor 1 'conv1.weight': host format float16 on "
                            "a tensor of role constant and type i16; only "
                            "float32 inputs and outputs have one");
  p = tinyConvProgram();
  p.tensors[0].hostFormat = HostFormat::Float64;
  EXPECT_EQ(verifyError(p), "tensor 0 'input': host format float64 on a "
                            "tensor of role input and type i16; only "
                            "float32 inputs and outputs have one");
  p = tinyConvProgram();
  p.tensors[4].hostFormat = HostFormat::Int64;
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.tensors[4].role = TensorRole::Intermediate;
  EXPECT_EQ(verifyError(p), "tensor 4 'pool1.out': host format int64 on a "
                            "tensor of role intermediate and type f32; only "
                            "float32 inputs and outputs have one");
  p = tinyConvProgram();
  p.tensors[4].hostFormat = HostFormat::UInt8;
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.tensors[4].hostFormat = HostFormat(13);
  EXPECT_EQ(verifyError(p), "tensor 4 'pool1.out': host format 13, must be 0 "
                            "to 12");

  p = tinyConvProgram();
  p.tensors[0].shape = {1, 3, 0, 5};
  EXPECT_EQ(verifyError(p), "tensor 0 'input': dimension 2 is 0, must be 1 "
                            "to 2147483647");

  p = tinyConvProgram();
  p.tensors[0].name = "in\nput";
  EXPECT_EQ(verifyError(p), "tensor 0 'in\\0Aput': name has control "
                            "character 0x0a at byte 2");
}

TEST(EYBVerifierTest, LayerShapeAndTensors) {
  Program p = tinyConvProgram();
  p.layers[0].shape.E = 4;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': ofmap 4x5 does not follow from "
                            "the ifmap, filter, strides, dilations and pads "
                            "(expected 5x5)");

  p = tinyConvProgram();
  p.layers[0].ofmap = 4;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': ofmap tensor 4 'pool1.out' is "
                            "not int16");

  p = tinyConvProgram();
  p.layers[0].bias = 1;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': bias tensor 1 'conv1.weight' "
                            "has shape 2x3x3x3, the layer needs 2x1x1x1");

  p = tinyConvProgram();
  p.layers[0].filterFracBits = 11;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': filter format: the layer says "
                            "11 fractional bits, tensor 1 'conv1.weight' has "
                            "12");

  p = tinyConvProgram();
  p.layers[0].windowShift = 4;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': window shift 4, but filter + "
                            "ifmap - psum fractional bits = 12 + 8 - 8 = 12");

  // A shift the 16-of-32-bit window cannot select.
  p = tinyConvProgram();
  p.layers[0].psumFracBits = 2;
  p.layers[0].windowShift = 18;
  p.tensors[2].fracBits = 2;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': window shift 18: the datapath "
                            "selects 16 of the product's 32 bits, a shift of "
                            "0 to 16");
}

TEST(EYBVerifierTest, MappingLimits) {
  Program p = tinyConvProgram();
  p.layers[0].mapping.q = 5;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': mapping m=2 n=1 e=5 p=2 q=5 "
                            "r=1 t=1: q = 5 exceeds the 3 channels per group");

  p = tinyConvProgram();
  p.layers[0].placement.usedCols = 6;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': placement used_cols = 6, the "
                            "mapping gives 5");
}

TEST(EYBVerifierTest, PETable) {
  Program p = tinyConvProgram();
  int64_t cols = p.arch.peArray.cols;
  p.layers[0].pes[1 * cols + 1].ofmapRow = 0; // Duplicates PE (1, 0).
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': PE (1, 1) and PE (1, 0) both "
                            "compute chain 0, channel set 0, filter row 1, "
                            "ofmap row 0");

  p = tinyConvProgram();
  p.layers[0].pes[0 * cols + 2].psumFromBelow = false;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': PE (1, 2): sends psums up, but "
                            "the PE above does not take them");

  p = tinyConvProgram();
  p.layers[0].pes[0 * cols + 6].filterRow = 1; // Inactive PE.
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': PE (0, 6): an inactive PE must "
                            "have all fields 0");

  p = tinyConvProgram();
  p.layers[0].pes[2 * cols + 4] = PEConfig(); // 14 active PEs, not 15.
  p.layers[0].pes[1 * cols + 4].psumFromBelow = false;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': 14 active PEs, the mapping "
                            "places 15");

  p = tinyConvProgram();
  p.layers[0].pes.pop_back();
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': PE table has 167 entries, the "
                            "12 x 14 array 168");
}

TEST(EYBVerifierTest, MulticastIds) {
  Program p = tinyConvProgram();
  int64_t cols = p.arch.peArray.cols;
  p.layers[0].ginIfmap.colIds[0] = 40;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': gin_ifmap: col ID 40 of PE (0, "
                            "0) does not fit 5 bits");

  p = tinyConvProgram();
  p.layers[0].ginFilter.rowIds[11] = 16;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': gin_filter: row ID 16 of X-bus "
                            "11 does not fit 4 bits");

  // An unused PE that shares its IDs with filter row 0's PEs would take
  // their weights.
  p = tinyConvProgram();
  p.layers[0].ginFilter.colIds[0 * cols + 9] = 0;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': gin_filter: PE (0, 0) and PE "
                            "(0, 9) share row ID 0 and col ID 0 but need "
                            "different data");

  // Two ifmap diagonals on one tag.
  p = tinyConvProgram();
  p.layers[0].ginIfmap.colIds[0 * cols + 1] = 0;
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': gin_ifmap: PE (0, 0) and PE "
                            "(0, 1) share row ID 0 and col ID 0 but need "
                            "different data");

  p = tinyConvProgram();
  p.layers[0].ginPsum.rowIds.pop_back();
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': gin_psum: 11 row IDs and 168 "
                            "col IDs, the 12 x 14 array needs 12 and 168");
}

TEST(EYBVerifierTest, Banks) {
  Program p = tinyConvProgram();
  p.layers[0].banks.pop_back();
  EXPECT_EQ(verifyError(p), "layer 0 'conv1': 24 bank roles, the GLB has 25 "
                            "banks");

  // The psum region in an ifmap bank.
  p = tinyConvProgram();
  p.layers[0].banks[1] = BankRole::Ifmap;
  EXPECT_EQ(verifyError(p), "instruction 3 (PASS): psum GLB words [2048, "
                            "2098) need psum banks, but bank 1 is ifmap in "
                            "layer 0 'conv1'");
}

TEST(EYBVerifierTest, GLBCapacity) {
  Program p = tinyConvProgram();
  inst<DramToGlb>(p, 2).glbAddr = 51200 - 100;
  EXPECT_EQ(verifyError(p), "instruction 2 (DRAM_TO_GLB): destination GLB "
                            "words [51100, 51247) exceed the GLB's 51200 "
                            "words");

  p = tinyConvProgram();
  inst<FilterPreload>(p, 1).filterAddr = 4050;
  EXPECT_EQ(verifyError(p), "instruction 1 (FILTER_PRELOAD): filter GLB "
                            "words [4050, 4106) exceed its 4096 words");

  p = tinyConvProgram();
  inst<DramToGlb>(p, 2).box.c = 100000;
  EXPECT_EQ(verifyError(p), "instruction 2 (DRAM_TO_GLB): source box c[0, "
                            "100000) is outside tensor 0 'input' of extent 3");
}

TEST(EYBVerifierTest, PassOperands) {
  Program p = tinyConvProgram();
  inst<Pass>(p, 3).eCount = 6;
  EXPECT_EQ(verifyError(p), "instruction 3 (PASS): ofmap rows [0, 6): need 1 "
                            "to e = 5 of the 5 rows");

  p = tinyConvProgram();
  inst<Pass>(p, 3).ifmap.box.h = 6; // Misses the last padded row.
  inst<DramToGlb>(p, 2).box.h = 6;
  EXPECT_EQ(verifyError(p), "instruction 3 (PASS): ifmap box n[0, 1) c[0, 3) "
                            "h[-1, 5) w[-1, 6) does not hold the pass's n[0, "
                            "1) c[0, 3) h[-1, 6) w[-1, 6)");

  p = tinyConvProgram();
  inst<Pass>(p, 3).psum.box.c = 1;
  EXPECT_EQ(verifyError(p), "instruction 3 (PASS): psum box n[0, 1) c[0, 1) "
                            "h[0, 5) w[0, 5) does not hold the pass's n[0, 1) "
                            "c[0, 2) h[0, 5) w[0, 5)");

  p = tinyConvProgram();
  p.layers[0].bias = kNoTensor;
  inst<FilterPreload>(p, 1).bias = false;
  EXPECT_EQ(verifyError(p), "instruction 3 (PASS): starts psums from the "
                            "bias, but layer 0 'conv1' has no bias");
}

TEST(EYBVerifierTest, Dataflow) {
  Program p = tinyConvProgram();
  std::swap(p.instructions[4], p.instructions[5]); // Pool before the write.
  EXPECT_EQ(verifyError(p), "instruction 4 (HOST_OP): reads tensor 3 "
                            "'conv1.out' before any instruction writes it");

  p = tinyConvProgram();
  inst<GlbToDram>(p, 4).tensor = 0;
  inst<GlbToDram>(p, 4).box.c = 2;
  EXPECT_EQ(verifyError(p), "instruction 4 (GLB_TO_DRAM): writes tensor 0 "
                            "'input': input tensors are read-only");

  p = tinyConvProgram();
  p.instructions.erase(p.instructions.begin() + 5); // No pool.
  EXPECT_EQ(verifyError(p), "tensor 4 'pool1.out': an output that no "
                            "instruction writes");

  p = tinyConvProgram();
  p.instructions.erase(p.instructions.begin()); // No CONFIGURE_LAYER.
  EXPECT_EQ(verifyError(p), "instruction 0 (FILTER_PRELOAD): no layer is "
                            "configured (CONFIGURE_LAYER first)");

  p = tinyConvProgram();
  p.instructions.insert(p.instructions.begin() + 2, End{});
  EXPECT_EQ(verifyError(p), "instruction 2 (END): END before the last "
                            "instruction");
}

TEST(EYBVerifierTest, RLCGranules) {
  Program p = tinyConvProgram();
  inst<GlbToDram>(p, 4).box.w = 4; // Part of each row's stream.
  EXPECT_EQ(verifyError(p), "instruction 4 (GLB_TO_DRAM): tensor 3 "
                            "'conv1.out' is stored as rlc-row RLC streams; "
                            "the box must cover whole streams");
}

TEST(EYBVerifierTest, CumSum) {
  // Format 1.15's cumsum: an axis inside the rank, the output of the
  // input's shape, the size field's bits 0 (exclusive) and 1 (reverse).
  HostOpDesc op;
  op.name = "running";
  op.kind = HostOpKind::CumSum;
  op.axis = 1;
  op.size = cumsum::kExclusive | cumsum::kReverse;
  Program p = oneHostOpProgram(op, {2, 3}, {2, 3});
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.hostOps[0].axis = 2;
  EXPECT_EQ(verifyError(p), "host op 0 'running': axis 2 outside the input's "
                            "rank 2");
  p.hostOps[0].axis = 0;
  p.hostOps[0].size = 4;
  EXPECT_EQ(verifyError(p), "host op 0 'running': cumsum's size field 0x4 sets "
                            "bits other than 0 (exclusive) and 1 (reverse)");
  p.hostOps[0].size = 0;
  p.hostOps[0].alpha = 1.0f;
  EXPECT_EQ(verifyError(p), "host op 0 'running': cumsum does not use "
                            "attribute alpha; it must be 0");
}

TEST(EYBVerifierTest, GatherAndScatterElements) {
  // Format 1.16: indices of the data's rank, no larger than the data but
  // along the axis; the output shaped as the indices (gather) or the data
  // (scatter, whose updates are shaped as the indices); reductions 0-2.
  HostOpDesc op;
  op.name = "pick";
  op.kind = HostOpKind::GatherElements;
  op.axis = 1;
  Program p = indexingProgram(op, {2, 5}, {2, 7}, {2, 7});
  EXPECT_FALSE(bool(verifyProgram(p)));
  p = indexingProgram(op, {2, 5}, {3, 2}, {3, 2});
  EXPECT_EQ(verifyError(p), "host op 0 'pick': the indices 3x2 are larger "
                            "than the data 2x5 in dimension 0");
  p = indexingProgram(op, {2, 5}, {2, 3}, {2, 5});
  EXPECT_EQ(verifyError(p), "host op 0 'pick': output shape 2x5, expected "
                            "2x3");
  p = indexingProgram(op, {2, 5}, {6}, {6});
  EXPECT_TRUE(StringRef(verifyError(p)).contains("have rank 1, the data 2"));
  p = indexingProgram(op, {2, 5}, {2, 3}, {2, 3});
  p.hostOps[0].axis = 2;
  EXPECT_EQ(verifyError(p), "host op 0 'pick': axis 2 outside the data's "
                            "rank 2");

  op.kind = HostOpKind::ScatterElements;
  op.size = scatter::kAdd;
  p = indexingProgram(op, {2, 5}, {2, 3}, {2, 5});
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.hostOps[0].size = 3;
  EXPECT_EQ(verifyError(p), "host op 0 'pick': scatter_elements's reduction "
                            "3 is not 0 (replace), 1 (add) or 2 (mul)");
  p = indexingProgram(op, {2, 5}, {2, 3}, {2, 3});
  EXPECT_EQ(verifyError(p), "host op 0 'pick': output shape 2x3, expected "
                            "2x5");
  p = indexingProgram(op, {2, 5}, {2, 3}, {2, 5});
  p.hostOps[0].inputs[2] =
      addTensor(p, "other", TensorRole::Input, ElementType::Float32, 0, {2, 2});
  EXPECT_EQ(verifyError(p), "host op 0 'pick': the updates 2x2 must be "
                            "shaped as the indices 2x3");
  // Gather elements uses no size field.
  op.kind = HostOpKind::GatherElements;
  p = indexingProgram(op, {2, 5}, {2, 3}, {2, 3});
  EXPECT_EQ(verifyError(p), "host op 0 'pick': gather_elements does not use "
                            "attribute size; it must be 0");
}

TEST(EYBVerifierTest, ScatterND) {
  // Index tuples of 1 to rank entries; updates shaped as the indices' rows
  // by the data's remaining dimensions; the output shaped as the data.
  HostOpDesc op;
  op.name = "assign";
  op.kind = HostOpKind::ScatterND;
  op.size = scatter::kMul;
  Program p = indexingProgram(op, {2, 5, 4}, {3, 2}, {2, 5, 4});
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.hostOps[0].inputs[2] =
      addTensor(p, "other", TensorRole::Input, ElementType::Float32, 0, {3, 5});
  EXPECT_EQ(verifyError(p), "host op 0 'assign': the updates 3x5 must be "
                            "shaped 3x4 (the indices' rows by the data's "
                            "slices)");
  p = indexingProgram(op, {2, 5, 4}, {3, 2}, {2, 5});
  EXPECT_EQ(verifyError(p), "host op 0 'assign': output shape 2x5, expected "
                            "2x5x4");
  p = indexingProgram(op, {2, 5, 4}, {3, 2}, {2, 5, 4});
  p.hostOps[0].size = 3;
  EXPECT_EQ(verifyError(p), "host op 0 'assign': scatter_nd's reduction 3 is "
                            "not 0 (replace), 1 (add) or 2 (mul)");
  p = indexingProgram(op, {2, 5, 4}, {3, 2}, {2, 5, 4});
  p.hostOps[0].axis = 1;
  EXPECT_EQ(verifyError(p), "host op 0 'assign': scatter_nd does not use "
                            "attribute axis; it must be 0");
}

TEST(EYBVerifierTest, GridSample) {
  // A 4-D input, an N x Ho x Wo x 2 grid, an N x C x Ho x Wo output; the
  // size field's mode and padding 0-2, align_corners bit 4.
  HostOpDesc op;
  op.name = "warp";
  op.kind = HostOpKind::GridSample;
  op.size = 1 | 2u << gridsample::kPaddingShift;
  Program p = indexingProgram(op, {2, 3, 4, 5}, {2, 6, 7, 2}, {2, 3, 6, 7});
  EXPECT_FALSE(bool(verifyProgram(p)));
  p = indexingProgram(op, {2, 3, 4, 5}, {1, 6, 7, 2}, {2, 3, 6, 7});
  EXPECT_EQ(verifyError(p), "host op 0 'warp': the grid 1x6x7x2 must be "
                            "2xHoxWox2");
  p = indexingProgram(op, {2, 3, 4, 5}, {2, 6, 7, 2}, {2, 3, 7, 6});
  EXPECT_EQ(verifyError(p), "host op 0 'warp': output shape 2x3x7x6, "
                            "expected 2x3x6x7");
  p = indexingProgram(op, {2, 3, 4, 5}, {2, 6, 7, 2}, {2, 3, 6, 7});
  p.hostOps[0].size = 3;
  EXPECT_EQ(verifyError(p), "host op 0 'warp': grid_sample's size field 0x3 "
                            "is not a mode 0-2 (bits 0-1), a padding 0-2 "
                            "(bits 2-3) and align_corners (bit 4)");
  p.hostOps[0].size = 1u << 5;
  EXPECT_TRUE(StringRef(verifyError(p)).contains("size field 0x20"));
}

TEST(EYBVerifierTest, GatherNDAndTopK) {
  HostOpDesc op;
  op.name = "pick";
  op.kind = HostOpKind::GatherND;
  op.axis = 1; // batch_dims
  Program p = indexingProgram(op, {2, 5, 4}, {2, 3, 1}, {2, 3, 4});
  EXPECT_FALSE(bool(verifyProgram(p)));
  p = indexingProgram(op, {2, 5, 4}, {2, 3, 1}, {2, 3});
  EXPECT_EQ(verifyError(p), "host op 0 'pick': output shape 2x3, expected "
                            "2x3x4");
  p = indexingProgram(op, {2, 5, 4}, {2, 3, 3}, {2, 3});
  EXPECT_EQ(verifyError(p), "host op 0 'pick': the indices' last dimension "
                            "is 3; it must be 1 to 2 (the data's rank less "
                            "batch_dims)");
  p = indexingProgram(op, {2, 5, 4}, {3, 3, 1}, {3, 3, 4});
  EXPECT_EQ(verifyError(p), "host op 0 'pick': batch dimension 0 is 2 in the "
                            "data and 3 in the indices");
  p = indexingProgram(op, {2, 5, 4}, {2, 1}, {2});
  p.hostOps[0].axis = 2;
  EXPECT_TRUE(StringRef(verifyError(p))
                  .contains("batch_dims 2 must be less than the ranks of the "
                            "data (3) and the "
                            "indices (2)"));

  op = HostOpDesc();
  op.name = "best";
  op.kind = HostOpKind::TopK;
  op.axis = 1;
  op.size = topk::kIndices;
  p = oneHostOpProgram(op, {2, 5}, {2, 5});
  EXPECT_FALSE(bool(verifyProgram(p)));
  p = oneHostOpProgram(op, {2, 5}, {2, 6});
  EXPECT_EQ(verifyError(p), "host op 0 'best': output shape 2x6, expected "
                            "2x5 with K, dimension 1, from 1 to 5");
  p = oneHostOpProgram(op, {2, 5}, {1, 3});
  EXPECT_TRUE(StringRef(verifyError(p)).contains("output shape 1x3"));
  p = oneHostOpProgram(op, {2, 5}, {2, 3});
  p.hostOps[0].size = 4;
  EXPECT_EQ(verifyError(p), "host op 0 'best': topk's size field 0x4 sets "
                            "bits other than 0 (smallest) and 1 (indices)");
}

TEST(EYBVerifierTest, HostOps) {
  Program p = tinyConvProgram();
  p.hostOps[0].axis = 1;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': max_pool does not use "
                            "attribute axis; it must be 0");

  p = tinyConvProgram();
  p.hostOps[0].strides = {1, 1};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': output shape 1x2x2x2, "
                            "expected 1x2x4x4");

  p = tinyConvProgram();
  p.hostOps[0].inputs = {3, 3};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': max_pool takes 1 to 1 "
                            "inputs, has 2");

  p = tinyConvProgram();
  p.hostOps[0].output = 3;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': the output is also an input "
                            "(host ops do not run in place)");

  p = tinyConvProgram();
  p.hostOps[0].kind = HostOpKind(99);
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': unknown host-op kind 99");

  // The kinds of format 1.1: a pad uses only its pads, and its output is
  // the input grown by them; a mul's inputs must broadcast.
  p = tinyConvProgram();
  p.hostOps[0].kind = HostOpKind::Pad;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': pad does not use attribute "
                            "kernel; it must be 0");
  p.hostOps[0].kernel = {0, 0};
  p.hostOps[0].strides = {0, 0};
  p.hostOps[0].pads = {1, 1, 1, 1};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': output shape 1x2x2x2, "
                            "expected 1x2x7x7");
  // Format 1.9's modes: the mode in size, a constant pad's value in alpha;
  // a reflection stays below the extent (the input is 1x2x5x5).
  reshapeTensor(p, p.hostOps[0].output, {1, 2, 7, 7});
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.hostOps[0].alpha = 0.5f;
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.hostOps[0].size = pad::kReflect;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': only a constant pad takes a "
                            "value (alpha)");
  p.hostOps[0].alpha = 0.0f;
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.hostOps[0].size = 3;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': pad mode 3, must be 0 to 2");
  p.hostOps[0].size = pad::kReflect;
  p.hostOps[0].pads = {5, 0, 0, 0};
  reshapeTensor(p, p.hostOps[0].output, {1, 2, 10, 5});
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': reflect pad 5 on H must be "
                            "below the extent 5");
  p.hostOps[0].size = pad::kEdge;
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.hostOps[0].beta = 1.0f;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': pad does not use attribute "
                            "beta; it must be 0");
  p.hostOps[0].beta = 0.0f;
  // Format 1.9's expand: the output a shape the input broadcasts to.
  p.hostOps[0].kind = HostOpKind::Expand;
  p.hostOps[0].size = 0;
  p.hostOps[0].pads = {0, 0, 0, 0};
  reshapeTensor(p, p.hostOps[0].output, {3, 2, 5, 5});
  EXPECT_FALSE(bool(verifyProgram(p)));
  reshapeTensor(p, p.hostOps[0].output, {2, 1, 2, 5, 5});
  EXPECT_FALSE(bool(verifyProgram(p)));
  reshapeTensor(p, p.hostOps[0].output, {1, 3, 5, 5});
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': the input 1x2x5x5 does not "
                            "broadcast to the output 1x3x5x5");
  reshapeTensor(p, p.hostOps[0].output, {2, 5, 5});
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': the input 1x2x5x5 does not "
                            "broadcast to the output 2x5x5");
  p.hostOps[0].pads = {1, 1, 1, 1};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': expand does not use "
                            "attribute pads; it must be 0");
  p.hostOps[0].kind = HostOpKind::HardSigmoid;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': hard_sigmoid does not use "
                            "attribute pads; it must be 0");

  p = tinyConvProgram();
  HostOpDesc &mul = p.hostOps[0];
  mul.kind = HostOpKind::Mul;
  mul.kernel = mul.strides = {0, 0};
  mul.inputs.push_back(2); // conv1.bias, of shape 2
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': inputs of shapes 1x2x5x5 "
                            "and 2 do not broadcast");

  // The kinds of format 1.2: a slice keeps its start in pads top and its
  // step in strides h, and must stay inside the input; a channel shuffle's
  // groups divide the channels. (pool1: 1x2x5x5 -> 1x2x2x2.)
  p = tinyConvProgram();
  HostOpDesc &slice = p.hostOps[0];
  slice.kind = HostOpKind::Slice;
  slice.kernel = {0, 0};
  slice.strides = {2, 1};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': slice takes its start from "
                            "pads top and its step (at least 1) from strides "
                            "h; the other fields must be 0 (strides 2x1, pads "
                            "0,0,0,0)");
  slice.strides = {2, 0};
  slice.axis = 4;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': axis 4 outside the input's "
                            "rank 4");
  slice.axis = 2;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': output shape 1x2x2x2 must be "
                            "the input's 1x2x5x5 with at least one element "
                            "on axis 2");
  slice.axis = 3;
  reshapeTensor(p, slice.output, {1, 2, 5, 2});
  slice.pads = {2, 0, 0, 0};
  slice.strides = {3, 0};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': 2 elements from 2 in steps "
                            "of 3 reach index 5, outside the input's extent "
                            "5");
  slice.strides = {2, 0};
  EXPECT_FALSE(bool(verifyProgram(p)));
  // Format 1.10's descending slices: from start down, reaching 0 at most.
  slice.size = slice::kDescending;
  slice.strides = {3, 0};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': 2 elements from 2 in steps "
                            "of -3 reach index -1, outside the input's extent "
                            "5");
  slice.strides = {2, 0};
  slice.pads = {1, 0, 0, 0};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': 2 elements from 1 in steps "
                            "of -2 reach index -1, outside the input's extent "
                            "5");
  slice.pads = {5, 0, 0, 0};
  slice.strides = {1, 0};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': 2 elements from 5 in steps "
                            "of -1 reach index 5, outside the input's extent "
                            "5");
  slice.pads = {4, 0, 0, 0};
  slice.strides = {4, 0};
  EXPECT_FALSE(bool(verifyProgram(p)));
  slice.size = 2;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': slice size field 2: only bit "
                            "0 (a descending slice) may be set");
  slice.size = 0;
  slice.pads = {2, 0, 0, 0};
  slice.strides = {2, 0};

  p = tinyConvProgram();
  HostOpDesc &shuffle = p.hostOps[0];
  shuffle.kind = HostOpKind::ChannelShuffle;
  shuffle.kernel = shuffle.strides = {0, 0};
  reshapeTensor(p, shuffle.output, {1, 2, 5, 5});
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': groups must be at least 1");
  shuffle.groups = 3;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': groups 3 does not divide the "
                            "2 channels");
  shuffle.groups = 2;
  EXPECT_FALSE(bool(verifyProgram(p)));

  // The kinds of format 1.3 (conv1.out is 1x2x5x5, conv1.bias 2): a layer
  // norm's parameters have the shape of the dimensions it normalizes; a
  // transpose's permutation is one digit per dimension; an add broadcasts.
  p = tinyConvProgram();
  HostOpDesc &ln = p.hostOps[0];
  ln.kind = HostOpKind::LayerNorm;
  ln.kernel = ln.strides = {0, 0};
  ln.inputs = {3, 2, 2};
  reshapeTensor(p, ln.output, {1, 2, 5, 5});
  ln.axis = 4;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': axis 4 outside the input's "
                            "rank 4");
  ln.axis = 3;
  EXPECT_TRUE(StringRef(verifyError(p)).contains(
      "has shape 2, must be 5 (the input's dimensions from axis 3)"))
      << verifyError(p);
  ln.axis = 1;
  ln.epsilon = -1;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': negative epsilon -1.00");
  ln.inputs = {3, 2};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': layer_norm takes 3 to 3 "
                            "inputs, has 2");

  p = tinyConvProgram();
  HostOpDesc &tr = p.hostOps[0];
  tr.kind = HostOpKind::Transpose;
  tr.kernel = tr.strides = {0, 0};
  reshapeTensor(p, tr.output, {1, 2, 5, 5});
  tr.size = 0x3110;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': perm field 0x3110 is not a "
                            "permutation of the input's 4 dimensions");
  tr.size = 0x13210;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': perm field 0x13210 has digits "
                            "past the input's rank 4");
  tr.size = 0x3120; // [0, 2, 1, 3]
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': output shape 1x2x5x5, "
                            "expected 1x5x2x5");
  reshapeTensor(p, tr.output, {1, 5, 2, 5});
  EXPECT_FALSE(bool(verifyProgram(p)));
  tr.kind = HostOpKind::Erf;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': erf does not use attribute "
                            "size; it must be 0");

  p = tinyConvProgram();
  HostOpDesc &add = p.hostOps[0];
  add.kind = HostOpKind::Add;
  add.kernel = add.strides = {0, 0};
  add.inputs.push_back(2);
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': inputs of shapes 1x2x5x5 "
                            "and 2 do not broadcast");
  // A matmul of 1x2x5x5 by itself: 1x2 matrices of 5 x 5.
  add.kind = HostOpKind::MatMul;
  add.inputs = {3, 2};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': inputs of shapes 1x2x5x5 and "
                            "2 are not M x K and K x N matrices");
  add.inputs = {3, 3};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': output shape 1x2x2x2, "
                            "expected 1x2x5x5");
  reshapeTensor(p, add.output, {1, 2, 5, 5});
  EXPECT_FALSE(bool(verifyProgram(p)));

  // Format 1.4's resize: its modes in the size field; its scales and roi
  // float32 constants whose values the verifier reads.
  p = tinyConvProgram();
  uint32_t scales = addFloatConstant(p, "scales", {1, 1, 2, 2});
  HostOpDesc &rs = p.hostOps[0];
  rs.kind = HostOpKind::Resize;
  rs.kernel = rs.strides = {0, 0};
  reshapeTensor(p, rs.output, {1, 2, 10, 10});
  rs.size = 1 | 1u << resize::kCoordinatesShift; // linear, pytorch_half_pixel
  EXPECT_FALSE(bool(verifyProgram(p)));
  rs.size = 3;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': resize size field 0x3: "
                            "interpolation 3 (0 to 2), coordinates 0 (0 to "
                            "5), nearest rounding 0 (0 to 3), no bits above "
                            "13");
  rs.size = 1 | 1u << 14;
  EXPECT_TRUE(StringRef(verifyError(p)).contains("no bits above 13"));
  rs.size = 1 | resize::kHasScales;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': resize takes 2 to 2 inputs, "
                            "has 1");
  rs.inputs = {3, scales};
  EXPECT_FALSE(bool(verifyProgram(p)));
  rs.inputs = {3, 2}; // conv1.bias: an int16 constant
  EXPECT_TRUE(StringRef(verifyError(p)).contains(
      "the scales tensor 2 'conv1.bias' must be a float32 constant of shape "
      "4"))
      << verifyError(p);
  rs.inputs = {3, scales};
  p.tensors[scales].data = packFloat32({1, 1, -2, 2});
  EXPECT_TRUE(StringRef(verifyError(p)).contains(
      "hold -2.00; each must be positive and finite"))
      << verifyError(p);
  p.tensors[scales].data = packFloat32({1, 1, 2, 2});
  rs.size |= resize::kTFCropAndResize << resize::kCoordinatesShift;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': resize takes 3 to 3 inputs, "
                            "has 2");
  rs.inputs = {3, scales, scales};
  EXPECT_TRUE(StringRef(verifyError(p)).contains(
      "the roi tensor 5 'scales' must be a float32 constant of shape 8"))
      << verifyError(p);
  rs.inputs = {3, scales,
               addFloatConstant(p, "roi", {0, 0, 0, 0, 1, 1, 1, 1})};
  EXPECT_FALSE(bool(verifyProgram(p)));
  reshapeTensor(p, rs.output, {2, 10, 10});
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': output shape 2x10x10 must "
                            "have the input's rank 4");

  // Format 1.5's unary and binary: the function in the size field; a binary
  // broadcasts as add does.
  p = tinyConvProgram();
  HostOpDesc &fn = p.hostOps[0];
  fn.kind = HostOpKind::Unary;
  fn.kernel = fn.strides = {0, 0};
  reshapeTensor(p, fn.output, {1, 2, 5, 5});
  fn.size = 9; // leaky_relu
  fn.alpha = 0.1f;
  EXPECT_FALSE(bool(verifyProgram(p)));
  fn.size = 38;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': unary function 38, must be 0 "
                            "to 37");
  // Format 1.15's isinf: alpha and beta are flags.
  fn.size = 37;
  fn.alpha = 1.0f;
  fn.beta = 0.0f;
  EXPECT_FALSE(bool(verifyProgram(p)));
  fn.beta = 0.5f;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': isinf's alpha (detect -inf) "
                            "and beta (detect +inf) must each be 0 or 1");
  fn.beta = 0.0f;
  fn.alpha = 0.1f;
  // Format 1.10's sin ... sign take no parameters the verifier checks.
  fn.size = 20; // round
  EXPECT_FALSE(bool(verifyProgram(p)));
  // Format 1.9's fake quantizations: alpha the scale, beta the zero point.
  fn.size = 14; // fake_quant_u8
  fn.alpha = 0.02f;
  fn.beta = 128.0f;
  EXPECT_FALSE(bool(verifyProgram(p)));
  fn.alpha = 0.0f;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': fake quantization scale "
                            "(alpha) 0 must be positive and finite");
  fn.alpha = -0.02f;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': fake quantization scale "
                            "(alpha) -0.02 must be positive and finite");
  fn.alpha = std::numeric_limits<float>::infinity();
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': float attributes must be "
                            "finite");
  fn.alpha = 0.02f;
  fn.beta = 256.0f;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': fake quantization zero point "
                            "(beta) 256 must be an integer in [0, 255]");
  fn.size = 15; // fake_quant_i8
  fn.beta = 128.0f;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': fake quantization zero point "
                            "(beta) 128 must be an integer in [-128, 127]");
  fn.beta = 1.5f;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': fake quantization zero point "
                            "(beta) 1.5 must be an integer in [-128, 127]");
  fn.beta = -128.0f;
  EXPECT_FALSE(bool(verifyProgram(p)));
  fn.alpha = 0.1f;
  fn.beta = 0.0f;
  fn.kind = HostOpKind::Binary;
  fn.size = 5; // prelu
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': binary takes 2 to 2 inputs, "
                            "has 1");
  fn.inputs = {3, 2};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': binary does not use "
                            "attribute alpha; it must be 0");
  fn.alpha = 0;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': inputs of shapes 1x2x5x5 "
                            "and 2 do not broadcast");
  fn.inputs = {3, 3};
  EXPECT_FALSE(bool(verifyProgram(p)));
  fn.size = 18;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': binary function 18, must be "
                            "0 to 17");
  // Format 1.17's integer arithmetic: an integer type (bits 8-11, a host
  // format code) on add, sub, mul, div, pow, max, min, mod and fmod only;
  // add and mul only with one; no other bits.
  fn.size = binary::kMod | binary::kIntegers;
  EXPECT_FALSE(bool(verifyProgram(p)));
  fn.size = binary::withIntegerType(1, uint32_t(HostFormat::UInt8)); // div
  EXPECT_FALSE(bool(verifyProgram(p)));
  fn.size = binary::kFMod; // A float fmod.
  EXPECT_FALSE(bool(verifyProgram(p)));
  fn.size = 5 | binary::kIntegers;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': binary function 5 does not "
                            "take an integer type (add, sub, mul, div, pow, "
                            "max, min, mod, fmod do)");
  fn.size = 6 | binary::kIntegers; // equal
  EXPECT_TRUE(StringRef(verifyError(p)).contains("does not take an integer"));
  fn.size = binary::kAdd;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': binary function 14 (add) "
                            "needs an integer type");
  fn.size = binary::kMul;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': binary function 15 (mul) "
                            "needs an integer type");
  // Bool (6) and the float formats are not integer types; 13 is no format.
  for (uint32_t type : {1u, 3u, 6u, 13u}) {
    fn.size = binary::withIntegerType(binary::kAdd, type);
    EXPECT_EQ(
        verifyError(p),
        llvm::formatv("host op 0 'pool1': binary integer type {0}, must be 0 "
                      "(float) or an integer host format (4, 5, 7 to 12)",
                      type)
            .str());
  }
  fn.size = binary::kAdd | binary::kIntegers | 1u << 12;
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': binary size field 0x140e sets "
                            "unknown bits");

  // Format 1.6's insert_zeros: the factors in the strides field; conv1.out
  // (1x2x5x5) by 2 x 3 gives 1x2x9x13.
  p = tinyConvProgram();
  HostOpDesc &iz = p.hostOps[0];
  iz.kind = HostOpKind::InsertZeros;
  iz.kernel = {0, 0};
  iz.strides = {2, 3};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': output shape 1x2x2x2, "
                            "expected 1x2x9x13");
  reshapeTensor(p, iz.output, {1, 2, 9, 13});
  EXPECT_FALSE(bool(verifyProgram(p)));
  iz.strides = {0, 3};
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': stride 0, must be 1 to "
                            "4096");

  // Format 1.7's reduce: function, axes mask and keepdims in the size field;
  // conv1.out (1x2x5x5) over axes 1 and 3, kept, gives 1x1x5x1.
  p = tinyConvProgram();
  HostOpDesc &rd = p.hostOps[0];
  rd.kind = HostOpKind::Reduce;
  rd.kernel = rd.strides = {0, 0};
  rd.size = 2 | 0xau << reduce::kAxesShift | reduce::kKeepDims; // max
  EXPECT_EQ(verifyError(p), "host op 0 'pool1': output shape 1x2x2x2, "
                            "expected 1x1x5x1");
  reshapeTensor(p, rd.output, {1, 1, 5, 1});
  EXPECT_FALSE(bool(verifyProgram(p)));
  rd.size = 14 | 0xau << reduce::kAxesShift | reduce::kKeepDims;
  EXPECT_TRUE(StringRef(verifyError(p)).contains("function 14 (0 to 13)"));
  rd.size = 2;
  EXPECT_TRUE(StringRef(verifyError(p)).contains("axes mask 0x0 (at least "
                                                 "one axis"))
      << verifyError(p);
}

TEST(EYBVerifierTest, Select) {
  // Format 1.14's select: three inputs that broadcast to the output.
  Program p = gatherProgram();
  const uint32_t table = 0, ids = 1;
  p.tensors[ids].hostFormat = HostFormat::Float32;
  p.hostOps[0].kind = HostOpKind::Select;
  reshapeTensor(p, ids, {7, 1});
  reshapeTensor(p, p.hostOps[0].output, {7, 5});
  p.hostOps[0].inputs = {ids, table, table};
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.hostOps[0].inputs = {ids, table};
  EXPECT_EQ(verifyError(p), "host op 0 'embed': select takes 3 to 3 inputs, "
                            "has 2");
  reshapeTensor(p, ids, {2, 3});
  p.hostOps[0].inputs = {ids, table, table};
  EXPECT_EQ(verifyError(p), "host op 0 'embed': inputs of shapes 2x3, 7x5 "
                            "and 7x5 do not broadcast");
  reshapeTensor(p, ids, {1, 5});
  reshapeTensor(p, p.hostOps[0].output, {1, 5});
  EXPECT_EQ(verifyError(p), "host op 0 'embed': output shape 1x5, expected "
                            "7x5");
}

TEST(EYBVerifierTest, Gather) {
  // Format 1.13's gather: rows of a float32 table picked by float32 indices
  // (token ids); the output is the table's shape with the axis replaced by
  // the indices' shape.
  Program p = gatherProgram();
  const uint32_t table = 0, ids = 1, rows = 2;
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.hostOps[0].axis = 1;
  EXPECT_EQ(verifyError(p), "host op 0 'embed': output shape 2x3x5, "
                            "expected 7x2x3");
  reshapeTensor(p, rows, {7, 2, 3});
  EXPECT_FALSE(bool(verifyProgram(p)));
  p.hostOps[0].axis = 2;
  EXPECT_EQ(verifyError(p), "host op 0 'embed': axis 2 outside the data's "
                            "rank 2");
  p.hostOps[0].axis = 1;
  p.hostOps[0].inputs = {table};
  EXPECT_EQ(verifyError(p), "host op 0 'embed': gather takes 2 to 2 inputs, "
                            "has 1");
  p.hostOps[0].inputs = {table, ids};
  p.hostOps[0].size = 1;
  EXPECT_EQ(verifyError(p), "host op 0 'embed': gather does not use "
                            "attribute size; it must be 0");
}

TEST(EYBVerifierTest, TensorsOfRankFiveToEight) {
  // Format 1.8: float32 tensors up to rank 8, for the host ops.
  Program p = rank6TransposeProgram();
  EXPECT_FALSE(bool(verifyProgram(p)));
  reshapeTensor(p, 1, {1, 2, 3, 1, 2, 2});
  EXPECT_EQ(verifyError(p), "host op 0 'partition': output shape 1x2x3x1x2x2, "
                            "expected 1x2x1x3x2x2");
  reshapeTensor(p, 1, {1, 1, 1, 1, 1, 1, 1, 1, 12});
  EXPECT_EQ(verifyError(p), "tensor 1 'y': rank 9, must be 0 to 8");
  // The PE array's int16 tensors stay 4-D.
  p = rank6TransposeProgram();
  p.tensors[0].elementType = ElementType::Int16;
  reshapeTensor(p, 0, {1, 2, 3, 1, 2, 2});
  EXPECT_EQ(verifyError(p), "tensor 0 'x': an int16 tensor of rank 6, must "
                            "be 1 to 4");
  // Format 1.10's scalars are float32 only.
  reshapeTensor(p, 0, {});
  EXPECT_EQ(verifyError(p), "tensor 0 'x': an int16 tensor of rank 0, must "
                            "be 1 to 4");
  // A reduce over dimensions 1 and 5 (bits 9 and 14), kept: 1x1x3x1x2x1.
  p = rank6TransposeProgram();
  HostOpDesc &rd = p.hostOps[0];
  rd.kind = HostOpKind::Reduce;
  rd.size = 1 | reduce::axisBit(1) | reduce::axisBit(5) | reduce::kKeepDims;
  EXPECT_EQ(rd.size, 1u | 1u << 9 | 1u << 14 | 1u << 12);
  reshapeTensor(p, 1, {1, 1, 3, 1, 2, 1});
  EXPECT_FALSE(bool(verifyProgram(p)));
  // Dimension 6 is past the rank.
  rd.size |= reduce::axisBit(6);
  EXPECT_TRUE(StringRef(verifyError(p))
                  .contains("axes mask 0x62 (at least "
                            "one axis, inside the "
                            "input's rank 6"))
      << verifyError(p);
  rd.size = 1 | reduce::axisBit(1) | 1u << 17;
  EXPECT_TRUE(StringRef(verifyError(p)).contains("no other bits"))
      << verifyError(p);
  // Format 1.12's argmax takes one axis; over dimension 1, kept, of the
  // 1x2x3x1x2x2 input it gives 1x1x3x1x2x2.
  rd.size = reduce::kFirstArgFunction | reduce::axisBit(1) |
            reduce::axisBit(5) | reduce::kKeepDims;
  EXPECT_TRUE(StringRef(verifyError(p))
                  .contains("reduce function 10 (argmax, argmin) over axes "
                            "mask 0x22; it takes one axis"))
      << verifyError(p);
  rd.size = reduce::kMaxFunction | reduce::axisBit(1) | reduce::kKeepDims;
  reshapeTensor(p, 1, {1, 1, 3, 1, 2, 2});
  EXPECT_FALSE(bool(verifyProgram(p)));
}

TEST(EYBVerifierTest, Architecture) {
  Program p = tinyConvProgram();
  p.arch.peArray.rows = 300;
  for (NetworkDesc *net :
       {&p.arch.noc.ginFilter, &p.arch.noc.ginIfmap, &p.arch.noc.ginPsum})
    net->rowIdBits = 9; // The loader's own rule: IDs for every row.
  EXPECT_EQ(verifyError(p), "architecture: a 300 x 14 PE array exceeds the "
                            "format's 255 x 255");
  p = tinyConvProgram();
  p.arch.noc.ginIfmap.colIdBits = 9;
  EXPECT_EQ(verifyError(p), "architecture: gin_ifmap: IDs of 4/9 bits exceed "
                            "the format's 8");
}

TEST(EYBVerifierTest, OffsetsInMessages) {
  Program p = tinyConvProgram();
  inst<Pass>(p, 3).eCount = 6;
  RecordOffsets offsets;
  offsets.instructions = {0x100, 0x108, 0x128, 0x158, 0x1d0, 0x200, 0x208};
  Error err = verifyProgram(p, &offsets);
  EXPECT_EQ(toString(std::move(err)),
            "instruction 3 (PASS) (byte 0x158): ofmap rows [0, 6): need 1 to "
            "e = 5 of the 5 rows");
}

} // namespace
