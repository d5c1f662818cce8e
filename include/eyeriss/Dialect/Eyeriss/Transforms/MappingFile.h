//===- MappingFile.h - Reading and writing mapping files --------*- C++ -*-===//
//
// A mapping file pins row-stationary mappings by layer name (e.g. the chip's
// own JSSC Table III choices) and is what --dump-mapping writes, so a dumped
// file can be edited and fed back. docs/Mapping.md documents the format.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_DIALECT_EYERISS_TRANSFORMS_MAPPINGFILE_H
#define EYERISS_DIALECT_EYERISS_TRANSFORMS_MAPPINGFILE_H

#include "eyeriss/Mapping/RSMapping.h"

#include "mlir/IR/BuiltinOps.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace eyeriss {

constexpr int64_t kMappingFileFormatVersion = 1;

struct MappingFileEntry {
  std::string name; ///< The layer's name (getLayerName).
  RSMapping mapping;
  /// The layer's shape as the file records it (`shape`: N, C, M, H, W, R, S,
  /// E, F, U, groups; any subset), in the format's order. A pin applies to a
  /// layer of that shape only: a file made for another model or batch is
  /// refused rather than silently pinned.
  std::vector<std::pair<std::string, int64_t>> shape;
};

/// The `shape` fields of a mapping file and their values in `shape`.
llvm::SmallVector<std::pair<llvm::StringRef, int64_t>>
mappingFileShapeFields(const LayerShape &shape);

struct MappingFile {
  std::string arch; ///< The target the mappings were made for (a warning when
                    ///< it is not the compile's).
  std::vector<MappingFileEntry> layers;
};

/// Parses a mapping file; errors name the buffer and the JSON path of the
/// offending value.
llvm::Expected<MappingFile> parseMappingFile(llvm::StringRef text,
                                             llvm::StringRef bufferName);
llvm::Expected<MappingFile> readMappingFile(llvm::StringRef path);

/// The mappings of every mapped layer of `module`, with each layer's shape,
/// as a mapping file.
llvm::json::Value mappingFileToJSON(mlir::ModuleOp module);

} // namespace eyeriss

#endif // EYERISS_DIALECT_EYERISS_TRANSFORMS_MAPPINGFILE_H
