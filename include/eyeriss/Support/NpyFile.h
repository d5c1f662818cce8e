//===- NpyFile.h - Read and write NumPy .npy files --------------*- C++ -*-===//
//
// Tensors cross between the Python side (PyTorch/ONNX references, test
// inputs) and the C++ tools as .npy files. Ground floor: plain C++ on LLVM
// Support.
//
// Format:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
// Versions 1.0 and 2.0 are read; arrays must be in C order with elements
// little-endian float16, float32, float64, int32 or int64 ('<f2', '<f4',
// '<f8', '<i4', '<i8') or bool ('|b1', bytes 0 and 1), which are converted
// to float (float16 exactly;
// integers only of magnitude at most 2^24, which float holds exactly).
// Every malformed or unsupported file is an error naming the file and the
// problem.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_SUPPORT_NPYFILE_H
#define EYERISS_SUPPORT_NPYFILE_H

#include "eyeriss/Support/HostFormat.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace eyeriss {

/// An array from a .npy file: its shape (empty for a 0-d array) and its
/// elements in row-major order, as float.
struct NpyArray {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> data;
  /// The file's element type: Float16 for '<f2', Float32 for '<f4',
  /// Float64 for '<f8', Int32 for '<i4', Int64 for '<i8', Bool for '|b1',
  /// UInt8, Int8, UInt16, Int16, UInt32, UInt64 for '|u1', '|i1', '<u2',
  /// '<i2', '<u4', '<u8' (integers of magnitude at most 2^24).
  HostFormat format = HostFormat::Float32;
};

/// Reads the .npy file at `path`.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// Parses the bytes of a .npy file; `name` names it in errors.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef contents,
                                  llvm::StringRef name);

/// Writes `data`, row-major with `shape`'s number of elements, to `path` as
/// a .npy file (format 1.0, or 2.0 when the header needs more than 64 KiB)
/// whose dtype `format` chooses: '<f4' for Float32, '<f2' for Float16,
/// '<f8' for Float64, '<i8' for Int64, '<i4' for Int32, '|u1', '|i1',
/// '<u2', '<i2', '<u4', '<u8' for UInt8 ... UInt64 (every value must be a
/// whole number in its range), '|b1' for Bool (0 or 1). numpy has no bfloat16
/// dtype, so BFloat16 writes '<f4' holding the values rounded to bfloat16,
/// which float32 represents exactly (a no-op for values computed as bfloat16).
/// Rounding is to nearest even, as roundToFormat. The file is replaced
/// atomically.
llvm::Error writeNpy(llvm::StringRef path, llvm::ArrayRef<int64_t> shape,
                     llvm::ArrayRef<float> data,
                     HostFormat format = HostFormat::Float32);

} // namespace eyeriss

#endif // EYERISS_SUPPORT_NPYFILE_H
