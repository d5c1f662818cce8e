//===- BuiltinArchs.cpp - Architecture files shipped in the binary --------===//

#include "eyeriss/Arch/BuiltinArchs.h"

#include "llvm/ADT/STLExtras.h"

using namespace eyeriss;
using namespace llvm;

/// The text of each arch/*.json, embedded by cmake/EmbedArchFiles.cmake and
/// sorted by name.
static const BuiltinArch kBuiltinArchs[] = {
#include "BuiltinArchs.inc"
};

ArrayRef<BuiltinArch> eyeriss::getBuiltinArchs() { return kBuiltinArchs; }

std::optional<StringRef> eyeriss::lookupBuiltinArch(StringRef name) {
  const BuiltinArch *it =
      partition_point(kBuiltinArchs, [&](const BuiltinArch &builtin) {
        return builtin.name < name;
      });
  if (it == std::end(kBuiltinArchs) || it->name != name)
    return std::nullopt;
  return it->json;
}
