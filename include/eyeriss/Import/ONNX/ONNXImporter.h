//===- ONNXImporter.h - ONNX models into the eyeriss dialect ----*- C++ -*-===//
//
// Reads an ONNX model (binary protobuf or ONNX text form), runs ONNX's own
// checker, version converter and shape inference, and builds a module with one
// function of graph-level eyeriss ops. Every op's location names its ONNX
// node. Anything that cannot be imported is reported through the context's
// diagnostic handler, naming the node, its op type and the opset; no ONNX
// exception escapes this interface.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_IMPORT_ONNX_ONNXIMPORTER_H
#define EYERISS_IMPORT_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/Timing.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace eyeriss {

/// The ONNX opset the importer implements; models at other opsets are
/// converted to it with ONNX's version converter.
constexpr int64_t kImportOpset = 17;
/// The oldest opset accepted: ONNX's first. Older models go through the
/// version converter like any other; a construct it has no adapter for is
/// refused with the converter's message.
constexpr int64_t kMinImportOpset = 1;

/// The ONNX op types (default domain) the importer translates, sorted;
/// with the ones of older opsets that the version converter replaces by
/// them (Upsample).
llvm::ArrayRef<llvm::StringRef> getSupportedONNXOpTypes();

/// The ONNX op types the importer evaluates when their inputs are known at
/// import (shape arithmetic and the constants built from it: Shape, Range,
/// Trilu, ...), sorted; a node of one on run-time data is refused.
llvm::ArrayRef<llvm::StringRef> getFoldedONNXOpTypes();

struct ONNXImportOptions {
  /// Static shapes for graph inputs, by input name (`--shape=name:1,3,224,224`).
  std::map<std::string, std::vector<int64_t>> inputShapes;
  /// Batch size: sets dimension 0 of every graph input (`--batch N`).
  std::optional<int64_t> batch;
  /// Graph inputs made constants (`--bind-input=name=file.pb`): by input
  /// name, the path of an ONNX TensorProto file holding the value. For the
  /// shapes, scales and bounds some models take as inputs.
  std::map<std::string, std::string> boundInputs;
  /// Tensors with more elements than this are refused as absurd.
  int64_t maxTensorElements = int64_t(1) << 29;
  /// Name of the function to create.
  std::string functionName = "main";
  /// The directory that tensors' external data locations are relative to;
  /// importONNXFile sets it to the model file's when empty. Empty for a
  /// model in memory: external data is then an error.
  std::string modelDirectory;
  /// When set, the import's steps are timed under it (--mlir-timing).
  mlir::TimingScope *timing = nullptr;
};

/// Imports the model in `path` (`.onnxtext` or `.txt` is ONNX text form,
/// anything else binary). Returns null after emitting diagnostics.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXFile(llvm::StringRef path, mlir::MLIRContext *context,
               const ONNXImportOptions &options);

/// Imports a model held in memory. `bufferName` names it in diagnostics.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXBuffer(llvm::StringRef buffer, llvm::StringRef bufferName,
                 bool isText, mlir::MLIRContext *context,
                 const ONNXImportOptions &options);

/// Parses a `--bind-input` value of the form `name=file` into `bound`.
llvm::Error parseBoundInput(llvm::StringRef spec,
                            std::map<std::string, std::string> &bound);

/// Parses `--shape` values of the form `name:d0,d1,...` into `shapes`.
llvm::Error parseInputShapeOverride(llvm::StringRef spec,
                                    std::map<std::string,
                                             std::vector<int64_t>> &shapes);


} // namespace eyeriss

#endif // EYERISS_IMPORT_ONNX_ONNXIMPORTER_H
