//===- TensorFile.h - Tensors in .npy and ONNX .pb files --------*- C++ -*-===//
//
// The tools' tensor I/O: NumPy .npy (NpyFile.h) or an ONNX TensorProto
// (.pb, as ONNX's backend tests store inputs and outputs), chosen by the
// file's extension. Elements are float32 in memory; files may hold float16,
// bfloat16 or float64 (HostFormat.h), converted exactly on reading and
// rounded to nearest even on writing. Errors name the file and the problem.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_SUPPORT_TENSORFILE_H
#define EYERISS_SUPPORT_TENSORFILE_H

#include "eyeriss/Support/HostFormat.h"

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
  /// The file's element type.
  HostFormat format = HostFormat::Float32;
};

/// Reads an ONNX TensorProto file of data type FLOAT, FLOAT16, BFLOAT16,
/// DOUBLE, INT64, INT32 or BOOL, from raw_data (little-endian) or the typed
/// field (float_data; int32_data holding one uint16 bit pattern per element
/// for FLOAT16 and BFLOAT16; double_data; int64_data; int32_data, also for
/// BOOL). Integers of magnitude above 2^24, which float does not hold
/// exactly, and bools other than 0 and 1 are refused.
llvm::Expected<TensorFileData> readTensorProtoFile(llvm::StringRef path);
/// Reads `path`: .npy by its extension, a TensorProto otherwise.
llvm::Expected<TensorFileData> readTensorFile(llvm::StringRef path);
/// Writes `path`: a TensorProto named `name` if it ends in .pb, .npy
/// otherwise (writeNpy). A TensorProto has the data type of `format` and its
/// elements in raw_data, little-endian.
llvm::Error writeTensorFile(llvm::StringRef path, llvm::StringRef name,
                            llvm::ArrayRef<int64_t> shape,
                            llvm::ArrayRef<float> data,
                            HostFormat format = HostFormat::Float32);

} // namespace eyeriss

#endif // EYERISS_SUPPORT_TENSORFILE_H
