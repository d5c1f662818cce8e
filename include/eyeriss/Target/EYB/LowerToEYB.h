//===- LowerToEYB.h - From mapped, quantized IR to an EYB program -*- C++ -*-===//
//
// The last step of the compiler: tiles every mapped CONV/FC layer into the
// processing passes of its loop nest (RSMapping.h) with their DRAM<->GLB
// transfers, allocates the GLB (ifmap and psum banks) and DRAM (every
// tensor, run-length compressed where the chip compresses), fills each
// layer's configuration (PE table and NoC IDs from Multicast.h), quantizes the
// weights, describes the host ops, and returns the program the simulator runs
// (docs/ISA.md). The program has passed eyb::verifyProgram.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_TARGET_EYB_LOWERTOEYB_H
#define EYERISS_TARGET_EYB_LOWERTOEYB_H

#include "eyeriss/ISA/Program.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

namespace eyeriss {

/// Lowers `module` (every CONV/FC layer mapped and quantized, a @main
/// function or a single one) to an EYB program; on failure a diagnostic has
/// been emitted at the offending op.
mlir::FailureOr<eyb::Program> lowerToEYB(mlir::ModuleOp module);

} // namespace eyeriss

#endif // EYERISS_TARGET_EYB_LOWERTOEYB_H
