//===- ExternalData.h - Tensors stored beside the model --------*- C++ -*-===//
//
// ONNX can keep a tensor's bytes in a file next to the model (protobuf caps
// a file at 2 GiB; PyTorch writes big models that way, and
// onnx.save_model(..., save_as_external_data=True) does it on request). The
// tensor then holds `location` (a path relative to the model's directory),
// optionally `offset` and `length`. ONNX 1.12's C++ library leaves loading
// to its Python side, so the importer reads the bytes itself, with ONNX's
// rules: the location stays inside the model's directory.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_EXTERNALDATA_H
#define EYERISS_LIB_IMPORT_ONNX_EXTERNALDATA_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include "onnx/onnx_pb.h"

#include <cstdint>

namespace eyeriss {

/// Reads the external data of every initializer of `graph` into its
/// raw_data (which then is an ordinary tensor). `modelDirectory` is where
/// the locations are relative to (empty: the model came from memory, and
/// external data is an error). A tensor of more than `maxElements`
/// elements, of an element type other than float32/64 or int32/64, with a
/// location that is absolute or leaves the directory, a length that is not
/// its size, or bytes past the end of the file is an error naming it.
llvm::Error loadExternalData(onnx::GraphProto &graph,
                             llvm::StringRef modelDirectory,
                             int64_t maxElements);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_EXTERNALDATA_H
