//===- Verifier.h - Semantic checks of an EYB program -----------*- C++ -*-===//
//
// What makes a program executable by the simulator without further checks:
// every id in range, every enum a known value, every shape consistent with
// its layer, every mapping within the target's limits (the mapper's own
// RSLayerModel::check), the placement and PE tables consistent with the
// mapping, every NoC ID within the target's ID bits, every GLB access inside
// the GLB and inside banks of the right role, every DRAM tensor inside the
// program's DRAM and sized exactly, every tensor written before it is read.
// The writer runs it before encoding and the reader after decoding.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_ISA_VERIFIER_H
#define EYERISS_ISA_VERIFIER_H

#include "eyeriss/ISA/Program.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace eyeriss {
namespace eyb {

/// Where each record of a decoded program sat in its stream, so that the
/// reader's semantic diagnostics can name byte offsets too.
struct RecordOffsets {
  std::vector<uint64_t> tensors, layers, hostOps, instructions;
};

/// Checks `program`; the error names the first problem: the record (tensor
/// id, layer or host-op index, instruction index, with its name and, given
/// `offsets`, its byte offset), the field, and the limit it breaks.
llvm::Error verifyProgram(const Program &program,
                          const RecordOffsets *offsets = nullptr);

} // namespace eyb
} // namespace eyeriss

#endif // EYERISS_ISA_VERIFIER_H
