//===- TensorFile.h - Tensors in .npy and ONNX .pb files --------*- C++ -*-===//
//
// The tools' tensor I/O: NumPy .npy (NpyFile.h) or an ONNX TensorProto
// (.pb, as ONNX's backend tests store inputs and outputs), chosen by the
// file's extension. float32 only. Errors name the file and the problem.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_SUPPORT_TENSORFILE_H
#define EYERISS_SUPPORT_TENSORFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace eyeriss {

struct TensorFileData {
  /// The TensorProto's name; empty for .npy.
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// Reads an ONNX TensorProto file.
llvm::Expected<TensorFileData> readTensorProtoFile(llvm::StringRef path);
/// Reads `path`: .npy by its extension, a TensorProto otherwise.
llvm::Expected<TensorFileData> readTensorFile(llvm::StringRef path);
/// Writes `path`: a TensorProto named `name` if it ends in .pb, .npy
/// otherwise.
llvm::Error writeTensorFile(llvm::StringRef path, llvm::StringRef name,
                            llvm::ArrayRef<int64_t> shape,
                            llvm::ArrayRef<float> data);

} // namespace eyeriss

#endif // EYERISS_SUPPORT_TENSORFILE_H
