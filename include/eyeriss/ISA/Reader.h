//===- Reader.h - Decode and validate an EYB stream -------------*- C++ -*-===//
//
// The decoder. Streams come from files, so nothing in them is trusted: every
// offset, size, count, enum value and cross-reference is checked before it
// is used, and a stream that is corrupt, truncated, of another version or
// semantically invalid (verifyProgram) is refused with an llvm::Error that
// names the byte offset, the section and record, and what is wrong. It never
// asserts or crashes on input data.
//
// The reader accepts only the canonical encoding, the one writeProgram
// produces: writeProgram(readProgram(s)) == s for every accepted stream s.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_ISA_READER_H
#define EYERISS_ISA_READER_H

#include "eyeriss/ISA/Format.h"
#include "eyeriss/ISA/Program.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace eyeriss {
namespace eyb {

/// Decodes and verifies a whole stream.
llvm::Expected<Program> readProgram(llvm::ArrayRef<uint8_t> stream);

/// Reads the file at `path` and decodes it; messages start with the path.
llvm::Expected<Program> readProgramFile(llvm::StringRef path);

/// Checks and decodes only the header and the section table (magic,
/// version, size, checksum, section bounds), for tools that list a stream
/// without decoding it.
llvm::Expected<StreamInfo> readStreamInfo(llvm::ArrayRef<uint8_t> stream);

} // namespace eyb
} // namespace eyeriss

#endif // EYERISS_ISA_READER_H
