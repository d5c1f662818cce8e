//===- Program.cpp - An EYB program in memory -----------------------------===//
//
// Sizes are computed with saturating arithmetic: they are asked of programs
// not yet verified (the verifier itself asks), whose fields may be anything.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/ISA/Program.h"

#include "llvm/Support/Endian.h"

#include <cstring>
#include <limits>

using namespace eyeriss;
using namespace eyeriss::eyb;
using namespace llvm;

/// a * b, or UINT64_MAX if that overflows.
static uint64_t mulSat(uint64_t a, uint64_t b) {
  if (a != 0 && b > std::numeric_limits<uint64_t>::max() / a)
    return std::numeric_limits<uint64_t>::max();
  return a * b;
}

std::array<int64_t, 4> TensorDesc::view() const {
  std::array<int64_t, 4> v = {1, 1, 1, 1};
  for (size_t i = 0; i < shape.size() && i < 4; ++i)
    v[i] = shape[i];
  return v;
}

int64_t TensorDesc::numElements() const {
  uint64_t n = 1;
  for (int64_t d : shape)
    n = mulSat(n, d < 0 ? 0 : uint64_t(d));
  return n > uint64_t(std::numeric_limits<int64_t>::max())
             ? std::numeric_limits<int64_t>::max()
             : int64_t(n);
}

int64_t eyb::rlcGranuleValues(const std::array<int64_t, 4> &view,
                              RLCGranule granule) {
  int64_t dims = granule == RLCGranule::Row     ? 1
                 : granule == RLCGranule::Plane ? 2
                 : granule == RLCGranule::Image ? 3
                                                : 0;
  uint64_t n = 1;
  for (int64_t i = 4 - dims; i < 4; ++i)
    n = mulSat(n, view[i] < 0 ? 0 : uint64_t(view[i]));
  return n > uint64_t(std::numeric_limits<int64_t>::max())
             ? std::numeric_limits<int64_t>::max()
             : int64_t(n);
}

uint64_t eyb::rlcSlotBytes(int64_t granuleValues, const RLCDesc &rlc) {
  if (granuleValues <= 0 || rlc.pairsPerWord <= 0 || rlc.wordBits <= 0)
    return 0;
  uint64_t words = (uint64_t(granuleValues) + uint64_t(rlc.pairsPerWord) - 1) /
                   uint64_t(rlc.pairsPerWord);
  return mulSat(words, uint64_t(rlc.wordBits) / 8);
}

uint64_t eyb::requiredDramBytes(const TensorDesc &tensor, const RLCDesc &rlc) {
  if (tensor.rlc == RLCGranule::None)
    return mulSat(uint64_t(tensor.numElements()), tensor.elementBytes());
  std::array<int64_t, 4> view = tensor.view();
  int64_t perGranule = rlcGranuleValues(view, tensor.rlc);
  if (perGranule <= 0)
    return 0;
  uint64_t granules = uint64_t(tensor.numElements()) / uint64_t(perGranule);
  return mulSat(granules, rlcSlotBytes(perGranule, rlc));
}

std::vector<uint8_t> eyb::packInt16(ArrayRef<int16_t> values) {
  std::vector<uint8_t> bytes(values.size() * 2);
  for (size_t i = 0; i < values.size(); ++i)
    support::endian::write16le(&bytes[2 * i], uint16_t(values[i]));
  return bytes;
}

std::vector<uint8_t> eyb::packFloat32(ArrayRef<float> values) {
  std::vector<uint8_t> bytes(values.size() * 4);
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits;
    std::memcpy(&bits, &values[i], 4);
    support::endian::write32le(&bytes[4 * i], bits);
  }
  return bytes;
}

std::vector<int16_t> eyb::unpackInt16(ArrayRef<uint8_t> bytes) {
  std::vector<int16_t> values(bytes.size() / 2);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = int16_t(support::endian::read16le(&bytes[2 * i]));
  return values;
}

std::vector<float> eyb::unpackFloat32(ArrayRef<uint8_t> bytes) {
  std::vector<float> values(bytes.size() / 4);
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits = support::endian::read32le(&bytes[4 * i]);
    std::memcpy(&values[i], &bits, 4);
  }
  return values;
}

Opcode eyb::getOpcode(const Instruction &instruction) {
  // The variant's alternatives are in opcode order.
  return Opcode(instruction.index() + 1);
}
