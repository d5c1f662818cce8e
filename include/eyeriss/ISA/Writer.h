//===- Writer.h - Encode a program as an EYB stream -------------*- C++ -*-===//
//
// The encoder. It verifies the program first (verifyProgram), so a stream it
// writes is one the reader accepts, and it is deterministic: the bytes are a
// function of the program alone (no timestamps, no pointers, no hash-table
// order, padding zeroed), so identical input gives identical output.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_ISA_WRITER_H
#define EYERISS_ISA_WRITER_H

#include "eyeriss/ISA/Format.h"
#include "eyeriss/ISA/Program.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace eyeriss {
namespace eyb {

/// Encodes `program`; fails, naming the problem, if it does not verify.
llvm::Expected<std::vector<uint8_t>> writeProgram(const Program &program);

/// writeProgram, then writes the bytes to `path` ("-" for stdout).
llvm::Error writeProgramFile(const Program &program, llvm::StringRef path);

/// The header and section table writeProgram would produce, without
/// encoding the weights (checksum left 0). Fails as writeProgram does.
llvm::Expected<StreamInfo> computeLayout(const Program &program);

} // namespace eyb
} // namespace eyeriss

#endif // EYERISS_ISA_WRITER_H
