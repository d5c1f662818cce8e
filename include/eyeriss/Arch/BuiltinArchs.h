//===- BuiltinArchs.h - Architecture files shipped in the binary -*- C++ -*-===//
//
// The architecture files under arch/ are compiled into the library so that
// `--arch=eyeriss-v1` works from any directory, without an install tree.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_ARCH_BUILTINARCHS_H
#define EYERISS_ARCH_BUILTINARCHS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace eyeriss {

struct BuiltinArch {
  llvm::StringRef name; ///< File name without ".json", e.g. "eyeriss-v1".
  llvm::StringRef json; ///< The file's text.
};

/// Every shipped architecture, sorted by name.
llvm::ArrayRef<BuiltinArch> getBuiltinArchs();

/// The text of the shipped architecture `name`, if there is one.
std::optional<llvm::StringRef> lookupBuiltinArch(llvm::StringRef name);

/// The architecture used when none is given.
constexpr llvm::StringLiteral kDefaultArchName = "eyeriss-v1";

} // namespace eyeriss

#endif // EYERISS_ARCH_BUILTINARCHS_H
