//===- Disassembler.h - A readable listing of an EYB program ----*- C++ -*-===//
//
// The listing `eyeriss-compile --emit=asm` prints and the simulator's trace
// uses: the header and section table, the tensors, each layer's
// configuration with its PE and NoC ID tables drawn as grids of the array,
// the host ops, then one line per instruction with its operands named. It is
// deterministic, so it can be compared in tests.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_ISA_DISASSEMBLER_H
#define EYERISS_ISA_DISASSEMBLER_H

#include "eyeriss/ISA/Format.h"
#include "eyeriss/ISA/Program.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>

namespace eyeriss {
namespace eyb {

/// Prints the listing of `program`. The header and section table are those
/// `info` gives (a decoded stream's), else computeLayout's; a program that
/// does not verify is listed all the same, with the verifier's message in
/// place of the layout.
void disassemble(const Program &program, llvm::raw_ostream &os,
                 const StreamInfo *info = nullptr);

/// Decodes `stream` and prints its listing with the stream's own header.
llvm::Error disassembleStream(llvm::ArrayRef<uint8_t> stream,
                              llvm::raw_ostream &os);

/// One instruction as the listing prints it, without index or newline
/// ("PASS g=0 m=[0,2) c=[0,3) ..."), for traces.
void printInstruction(const Program &program, const Instruction &instruction,
                      llvm::raw_ostream &os);

} // namespace eyb
} // namespace eyeriss

#endif // EYERISS_ISA_DISASSEMBLER_H
