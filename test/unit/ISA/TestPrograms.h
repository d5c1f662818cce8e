//===- TestPrograms.h - Hand-built EYB programs for the tests ---*- C++ -*-===//
//
// Programs written out field by field, the way the compiler's passes will
// fill them, on the shipped eyeriss-v1 description:
//  - tinyConvProgram: one 3x3 conv layer (C=3, M=2, 5x5 input, pad 1) in a
//    single processing pass starting from the bias, its RLC-compressed ofmap
//    max-pooled on the host into a float32 output. docs/ISA.md lists it.
//  - twoLayerProgram: a conv layer whose 6 channels take two passes (the
//    second reads the psums back), host pool and flatten, an FC layer, a
//    host convert and softmax. It exercises every opcode.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_TEST_UNIT_ISA_TESTPROGRAMS_H
#define EYERISS_TEST_UNIT_ISA_TESTPROGRAMS_H

#include "eyeriss/Arch/ArchDescription.h"
#include "eyeriss/Arch/TargetModel.h"
#include "eyeriss/ISA/Program.h"

#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <string>
#include <vector>

namespace eyeriss::eyb::test {

inline ArchDescription eyerissV1() {
  llvm::Expected<ArchDescription> arch = loadArchDescription("eyeriss-v1");
  if (!arch) {
    ADD_FAILURE() << llvm::toString(arch.takeError());
    return {};
  }
  return std::move(*arch);
}

/// Appends a tensor; its DRAM bytes follow the previous tensor's, 8-byte
/// aligned, and the program's DRAM grows to hold it.
inline uint32_t addTensor(Program &p, std::string name, TensorRole role,
                          ElementType type, int32_t fracBits,
                          std::vector<int64_t> shape,
                          RLCGranule rlc = RLCGranule::None) {
  TensorDesc t;
  t.name = std::move(name);
  t.role = role;
  t.elementType = type;
  t.fracBits = fracBits;
  t.shape = std::move(shape);
  t.rlc = rlc;
  t.dramAddress = (p.dramBytes + 7) / 8 * 8;
  t.dramBytes = requiredDramBytes(t, p.arch.rlc);
  p.dramBytes = t.dramAddress + t.dramBytes;
  if (role == TensorRole::Constant) {
    // Deterministic, non-trivial weights: a small LCG.
    std::vector<int16_t> values(t.numElements());
    uint32_t state = 12345 + uint32_t(p.tensors.size());
    for (int16_t &v : values) {
      state = state * 1103515245u + 12345u;
      v = int16_t((state >> 16) % 2001) - 1000;
    }
    t.data = packInt16(values);
  }
  p.tensors.push_back(std::move(t));
  return uint32_t(p.tensors.size() - 1);
}

/// Places one PE set of R rows x e columns (r = t = 1, no folding) at the
/// array's top-left corner: filter row i on PE row i, ofmap row j on PE
/// column j, psums flowing up to row 0. IDs: the filter GIN tells rows apart
/// by row ID; the ifmap GIN multicasts ifmap row j*U + i*D along its
/// diagonal by col ID; the psum GIN reaches the bottom row by col ID. IDs
/// that never match (the largest) go to PEs that take nothing.
inline void placeSingleSet(LayerConfig &l, const ArchDescription &arch) {
  TargetModel target(arch);
  int64_t rows = arch.peArray.rows, cols = arch.peArray.cols;
  int64_t R = l.shape.R, e = l.mapping.e;
  l.placement = RSPlacement::get(RSLayerDims::get(l.shape), l.mapping, target);
  l.pes.assign(rows * cols, PEConfig());
  uint8_t rowNever = 15, colNever = 15, ifmapColNever = 31;
  l.ginFilter = {std::vector<uint8_t>(rows, rowNever),
                 std::vector<uint8_t>(rows * cols, colNever)};
  l.ginIfmap = {std::vector<uint8_t>(rows, rowNever),
                std::vector<uint8_t>(rows * cols, ifmapColNever)};
  l.ginPsum = {std::vector<uint8_t>(rows, rowNever),
               std::vector<uint8_t>(rows * cols, colNever)};
  for (int64_t i = 0; i < R; ++i) {
    l.ginFilter.rowIds[i] = uint8_t(i);
    l.ginIfmap.rowIds[i] = 0;
    for (int64_t j = 0; j < e; ++j) {
      PEConfig &pe = l.pes[i * cols + j];
      pe.active = true;
      pe.filterRow = uint8_t(i);
      pe.ofmapRow = uint16_t(j);
      pe.psumFromBelow = i + 1 < R;
      pe.psumToAbove = i > 0;
      l.ginFilter.colIds[i * cols + j] = 0;
      l.ginIfmap.colIds[i * cols + j] =
          uint8_t(j * l.shape.strideH + i * l.shape.dilationH);
      if (i + 1 == R)
        l.ginPsum.colIds[i * cols + j] = uint8_t(j);
    }
  }
  l.ginPsum.rowIds[R - 1] = 0;
  l.banks.assign(arch.glb.fmap.banks, BankRole::Unused);
  l.banks[0] = BankRole::Ifmap;
  l.banks[1] = BankRole::Psum;
}

/// The GLB word address of bank 1, where the tests keep psums.
inline uint32_t psumBase(const ArchDescription &arch) {
  return uint32_t(TargetModel(arch).glbFmapWordsPerBank());
}

inline LayerConfig convLayer(std::string name, uint32_t ifmap, uint32_t filter,
                             uint32_t bias, uint32_t ofmap,
                             const LayerShape &shape, const RSMapping &mapping,
                             const ArchDescription &arch) {
  LayerConfig l;
  l.name = std::move(name);
  l.kind = LayerKind::Conv;
  l.shape = shape;
  l.mapping = mapping;
  l.activation = Activation::ReLU;
  l.ifmap = ifmap;
  l.filter = filter;
  l.bias = bias;
  l.ofmap = ofmap;
  l.ifmapFracBits = 8;
  l.filterFracBits = 12;
  l.psumFracBits = 8;
  l.ofmapFracBits = 8;
  l.windowShift = 12;
  placeSingleSet(l, arch);
  return l;
}

/// A program of the one host op `op`, from a float32 input of shape `in` to
/// a float32 output of shape `out`.
inline Program oneHostOpProgram(HostOpDesc op, std::vector<int64_t> in,
                                std::vector<int64_t> out) {
  Program p;
  p.name = op.name;
  p.arch = eyerissV1();
  op.inputs = {
      addTensor(p, "x", TensorRole::Input, ElementType::Float32, 0, in)};
  op.output =
      addTensor(p, "y", TensorRole::Output, ElementType::Float32, 0, out);
  p.hostOps.push_back(op);
  p.instructions = {HostOpCall{0}, End{}};
  return p;
}

/// An embedding lookup (EYB 1.13): a host gather of rows of a float32
/// input `table` (7 x 5) at the int64 token ids of input `ids` (2 x 3) into
/// output `rows` (2 x 3 x 5): tensors 0, 1 and 2.
inline Program gatherProgram() {
  Program p;
  p.name = "embedding";
  p.arch = eyerissV1();
  uint32_t table =
      addTensor(p, "table", TensorRole::Input, ElementType::Float32, 0, {7, 5});
  uint32_t ids =
      addTensor(p, "ids", TensorRole::Input, ElementType::Float32, 0, {2, 3});
  uint32_t rows = addTensor(p, "rows", TensorRole::Output, ElementType::Float32,
                            0, {2, 3, 5});
  p.tensors[ids].hostFormat = HostFormat::Int64;
  HostOpDesc op;
  op.name = "embed";
  op.kind = HostOpKind::Gather;
  op.inputs = {table, ids};
  op.output = rows;
  p.hostOps.push_back(op);
  p.instructions = {HostOpCall{0}, End{}};
  return p;
}

/// One of EYB 1.16's indexing host ops: `op` reading float32 inputs `data`
/// and `indices` (and, for the scatters, `updates`: shaped as the indices
/// for scatter_elements, as the indices' rows by the data's slices for
/// scatter_nd) into output `y`, tensors 0, 1, (2,) and the last.
inline Program indexingProgram(HostOpDesc op, std::vector<int64_t> data,
                               std::vector<int64_t> indices,
                               std::vector<int64_t> out) {
  Program p;
  p.name = op.name;
  p.arch = eyerissV1();
  op.inputs = {
      addTensor(p, "data", TensorRole::Input, ElementType::Float32, 0, data),
      addTensor(p, "indices", TensorRole::Input, ElementType::Float32, 0,
                indices)};
  p.tensors[op.inputs[1]].hostFormat = HostFormat::Int64;
  if (op.kind == HostOpKind::ScatterElements)
    op.inputs.push_back(addTensor(p, "updates", TensorRole::Input,
                                  ElementType::Float32, 0, indices));
  if (op.kind == HostOpKind::ScatterND) {
    std::vector<int64_t> updates(indices.begin(), indices.end() - 1);
    updates.insert(updates.end(), data.begin() + indices.back(), data.end());
    op.inputs.push_back(addTensor(p, "updates", TensorRole::Input,
                                  ElementType::Float32, 0, updates));
  }
  op.output =
      addTensor(p, "y", TensorRole::Output, ElementType::Float32, 0, out);
  p.hostOps.push_back(op);
  p.instructions = {HostOpCall{0}, End{}};
  return p;
}

inline Program tinyConvProgram() {
  Program p;
  p.name = "tiny-conv";
  p.arch = eyerissV1();
  uint32_t in = addTensor(p, "input", TensorRole::Input, ElementType::Int16, 8,
                          {1, 3, 5, 5});
  uint32_t w = addTensor(p, "conv1.weight", TensorRole::Constant,
                         ElementType::Int16, 12, {2, 3, 3, 3});
  uint32_t b = addTensor(p, "conv1.bias", TensorRole::Constant,
                         ElementType::Int16, 8, {2});
  uint32_t out =
      addTensor(p, "conv1.out", TensorRole::Intermediate, ElementType::Int16, 8,
                {1, 2, 5, 5}, RLCGranule::Row);
  uint32_t pool = addTensor(p, "pool1.out", TensorRole::Output,
                            ElementType::Float32, 0, {1, 2, 2, 2});

  LayerShape s;
  s.N = 1, s.C = 3, s.M = 2, s.H = 5, s.W = 5, s.R = 3, s.S = 3, s.E = 5,
  s.F = 5;
  s.padTop = s.padLeft = s.padBottom = s.padRight = 1;
  RSMapping m;
  m.m = 2, m.n = 1, m.e = 5, m.p = 2, m.q = 3, m.r = 1, m.t = 1;
  p.layers.push_back(convLayer("conv1", in, w, b, out, s, m, p.arch));

  HostOpDesc op;
  op.name = "pool1";
  op.kind = HostOpKind::MaxPool;
  op.inputs = {out};
  op.output = pool;
  op.kernel = {2, 2};
  op.strides = {2, 2};
  p.hostOps.push_back(op);

  Box ifmapBox{0, 0, -1, -1, 1, 3, 7, 7};
  Box psumBox{0, 0, 0, 0, 1, 2, 5, 5};
  uint32_t psumAddr = psumBase(p.arch);
  p.instructions = {
      ConfigureLayer{0},
      FilterPreload{0, 0, 2, 0, 3, 0, true},
      DramToGlb{in, BankRole::Ifmap, 0, ifmapBox},
      Pass{0,
           0,
           2,
           0,
           3,
           0,
           1,
           0,
           5,
           PsumInput::Bias,
           0,
           {0, ifmapBox},
           {psumAddr, psumBox}},
      GlbToDram{out, OutputMode::Ofmap, psumAddr, psumBox},
      HostOpCall{0},
      End{},
  };
  return p;
}

inline Program twoLayerProgram() {
  Program p;
  p.name = "two-layer";
  p.arch = eyerissV1();
  uint32_t in = addTensor(p, "input", TensorRole::Input, ElementType::Int16, 8,
                          {1, 6, 5, 5});
  uint32_t w1 = addTensor(p, "conv1.weight", TensorRole::Constant,
                          ElementType::Int16, 12, {2, 6, 3, 3});
  uint32_t b1 = addTensor(p, "conv1.bias", TensorRole::Constant,
                          ElementType::Int16, 8, {2});
  uint32_t c1 =
      addTensor(p, "conv1.out", TensorRole::Intermediate, ElementType::Int16, 8,
                {1, 2, 5, 5}, RLCGranule::Plane);
  uint32_t pool = addTensor(p, "pool1.out", TensorRole::Intermediate,
                            ElementType::Int16, 8, {1, 2, 2, 2});
  uint32_t flat = addTensor(p, "flatten.out", TensorRole::Intermediate,
                            ElementType::Int16, 8, {1, 8});
  uint32_t w2 = addTensor(p, "fc.weight", TensorRole::Constant,
                          ElementType::Int16, 12, {4, 8});
  uint32_t fc = addTensor(p, "fc.out", TensorRole::Intermediate,
                          ElementType::Int16, 8, {1, 4});
  uint32_t logits = addTensor(p, "logits", TensorRole::Intermediate,
                              ElementType::Float32, 0, {1, 4});
  uint32_t prob =
      addTensor(p, "prob", TensorRole::Output, ElementType::Float32, 0, {1, 4});

  LayerShape s;
  s.N = 1, s.C = 6, s.M = 2, s.H = 5, s.W = 5, s.R = 3, s.S = 3, s.E = 5,
  s.F = 5;
  s.padTop = s.padLeft = s.padBottom = s.padRight = 1;
  RSMapping m;
  m.m = 2, m.n = 1, m.e = 5, m.p = 2, m.q = 3, m.r = 1, m.t = 1;
  p.layers.push_back(convLayer("conv1", in, w1, b1, c1, s, m, p.arch));

  LayerShape f;
  f.N = 1, f.C = 8, f.M = 4;
  RSMapping fm;
  fm.m = 4, fm.n = 1, fm.e = 1, fm.p = 4, fm.q = 8, fm.r = 1, fm.t = 1;
  LayerConfig fcLayer = convLayer("fc", flat, w2, kNoTensor, fc, f, fm, p.arch);
  fcLayer.kind = LayerKind::FullyConnected;
  fcLayer.activation = Activation::None;
  p.layers.push_back(fcLayer);

  HostOpDesc maxPool;
  maxPool.name = "pool1";
  maxPool.kind = HostOpKind::MaxPool;
  maxPool.inputs = {c1};
  maxPool.output = pool;
  maxPool.kernel = {2, 2};
  maxPool.strides = {2, 2};
  maxPool.ceilMode = false;
  HostOpDesc flatten;
  flatten.name = "flatten";
  flatten.kind = HostOpKind::Flatten;
  flatten.inputs = {pool};
  flatten.output = flat;
  flatten.axis = 1;
  HostOpDesc convert;
  convert.name = "dequantize";
  convert.kind = HostOpKind::Convert;
  convert.inputs = {fc};
  convert.output = logits;
  HostOpDesc softmax;
  softmax.name = "softmax";
  softmax.kind = HostOpKind::Softmax;
  softmax.inputs = {logits};
  softmax.output = prob;
  softmax.axis = 1;
  p.hostOps = {maxPool, flatten, convert, softmax};

  uint32_t psumAddr = psumBase(p.arch);
  // Conv: channels [0,3) then [3,6); the filters of the second chunk are
  // preloaded into the other half of the filter GLB.
  Box ifmap0{0, 0, -1, -1, 1, 3, 7, 7}, ifmap1{0, 3, -1, -1, 1, 3, 7, 7};
  Box psumBox{0, 0, 0, 0, 1, 2, 5, 5};
  // FC: the 8 inputs as 8 channels of a 1x1 ifmap.
  Box fcIn{0, 0, 0, 0, 1, 8, 1, 1}, fcOut{0, 0, 0, 0, 1, 4, 1, 1};
  p.instructions = {
      ConfigureLayer{0},
      FilterPreload{0, 0, 2, 0, 3, 0, true},
      FilterPreload{0, 0, 2, 3, 3, 1024, false},
      DramToGlb{in, BankRole::Ifmap, 0, ifmap0},
      Pass{0,
           0,
           2,
           0,
           3,
           0,
           1,
           0,
           5,
           PsumInput::Bias,
           0,
           {0, ifmap0},
           {psumAddr, psumBox}},
      DramToGlb{in, BankRole::Ifmap, 0, ifmap1},
      Pass{0,
           0,
           2,
           3,
           3,
           0,
           1,
           0,
           5,
           PsumInput::GLB,
           1024,
           {0, ifmap1},
           {psumAddr, psumBox}},
      GlbToDram{c1, OutputMode::Ofmap, psumAddr, psumBox},
      HostOpCall{0},
      HostOpCall{1},
      Barrier{},
      ConfigureLayer{1},
      FilterPreload{0, 0, 4, 0, 8, 0, false},
      DramToGlb{flat, BankRole::Ifmap, 0, fcIn},
      Pass{0,
           0,
           4,
           0,
           8,
           0,
           1,
           0,
           1,
           PsumInput::Zero,
           0,
           {0, fcIn},
           {psumAddr, fcOut}},
      GlbToDram{fc, OutputMode::Ofmap, psumAddr, fcOut},
      HostOpCall{2},
      HostOpCall{3},
      End{},
  };
  return p;
}

/// Recomputes the header checksum after a test has edited a stream, so the
/// reader gets past the checksum to the check under test.
inline void fixChecksum(std::vector<uint8_t> &bytes) {
  if (bytes.size() < 36)
    return;
  llvm::support::endian::write32le(&bytes[32], 0);
  llvm::support::endian::write32le(&bytes[32], llvm::crc32(bytes));
}

/// A program of one host transpose over rank-6 float32 tensors (format 1.8):
/// a shifted-window transformer's window partition, x of 1x2x3x1x2x2
/// permuted (0, 1, 3, 2, 4, 5) into y of 1x2x1x3x2x2.
inline Program rank6TransposeProgram() {
  Program p;
  p.name = "window-partition";
  p.arch = eyerissV1();
  uint32_t x = addTensor(p, "x", TensorRole::Input, ElementType::Float32, 0,
                         {1, 2, 3, 1, 2, 2});
  uint32_t y = addTensor(p, "y", TensorRole::Output, ElementType::Float32, 0,
                         {1, 2, 1, 3, 2, 2});
  HostOpDesc op;
  op.name = "partition";
  op.kind = HostOpKind::Transpose;
  // Output dimension i is input dimension perm[i], 4 bits each.
  const uint32_t perm[] = {0, 1, 3, 2, 4, 5};
  for (uint32_t i = 0; i < 6; ++i)
    op.size |= perm[i] << (4 * i);
  op.inputs = {x};
  op.output = y;
  p.hostOps.push_back(op);
  p.instructions = {HostOpCall{0}, End{}};
  return p;
}

} // namespace eyeriss::eyb::test

#endif // EYERISS_TEST_UNIT_ISA_TESTPROGRAMS_H
