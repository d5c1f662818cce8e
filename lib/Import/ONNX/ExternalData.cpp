//===- ExternalData.cpp - Tensors stored beside the model -----------------===//

#include "ExternalData.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <optional>
#include <string>

using namespace eyeriss;

namespace {

/// Bytes per element of the types the importer reads.
std::optional<uint64_t> elementBytes(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    return 2;
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
    return 4;
  case onnx::TensorProto::DOUBLE:
  case onnx::TensorProto::INT64:
    return 8;
  default:
    return std::nullopt;
  }
}

llvm::Error tensorError(const onnx::TensorProto &tensor,
                        const llvm::Twine &message) {
  return llvm::createStringError("tensor '" + tensor.name() +
                                 "' keeps its data in an external file: " +
                                 message.str());
}

llvm::Error load(onnx::TensorProto &tensor, llvm::StringRef modelDirectory,
                 int64_t maxElements) {
  std::string location;
  std::optional<uint64_t> offset, length;
  for (const onnx::StringStringEntryProto &entry : tensor.external_data()) {
    if (entry.key() == "location") {
      location = entry.value();
    } else if (entry.key() == "offset" || entry.key() == "length") {
      uint64_t value;
      if (llvm::StringRef(entry.value()).getAsInteger(10, value))
        return tensorError(tensor, "its " + entry.key() + " '" +
                                       entry.value() + "' is not a number");
      (entry.key() == "offset" ? offset : length) = value;
    }
  }
  if (location.empty())
    return tensorError(tensor, "it names no location");
  if (modelDirectory.empty())
    return tensorError(tensor, "'" + location +
                                   "' is relative to the model's directory, "
                                   "unknown for a model read from memory");
  // ONNX's rule (onnx.external_data_helper): a relative path that stays in
  // the model's directory.
  bool escapes = llvm::sys::path::is_absolute(location) ||
                 llvm::sys::path::has_root_name(location);
  for (auto it = llvm::sys::path::begin(location),
            end = llvm::sys::path::end(location);
       it != end; ++it)
    escapes |= *it == "..";
  if (escapes)
    return tensorError(tensor, "its location '" + location +
                                   "' must be a relative path inside the "
                                   "model's directory");
  std::optional<uint64_t> bytesPerElement = elementBytes(tensor.data_type());
  if (!bytesPerElement)
    return tensorError(tensor, "element type " +
                                   std::to_string(tensor.data_type()) +
                                   " is not supported there");
  uint64_t count = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0)
      return tensorError(tensor, "it has a negative dimension " +
                                     std::to_string(d));
    if (d != 0 && count > static_cast<uint64_t>(maxElements) / d)
      return tensorError(tensor, "it is larger than the limit of " +
                                     std::to_string(maxElements) +
                                     " elements (--max-tensor-elements)");
    count *= d;
  }
  uint64_t bytes = count * *bytesPerElement;
  if (length && *length != bytes)
    return tensorError(tensor, "its length " + std::to_string(*length) +
                                   " is not the " + std::to_string(bytes) +
                                   " bytes of its " + std::to_string(count) +
                                   " elements");
  llvm::SmallString<256> path(modelDirectory);
  llvm::sys::path::append(path, location);
  uint64_t fileSize;
  if (std::error_code ec = llvm::sys::fs::file_size(path, fileSize))
    return tensorError(tensor, "cannot read '" + path + "': " + ec.message());
  uint64_t start = offset.value_or(0);
  if (start > fileSize || bytes > fileSize - start)
    return tensorError(tensor, "bytes " + std::to_string(start) + " to " +
                                   std::to_string(start + bytes) +
                                   " are past the end of '" + path + "' (" +
                                   std::to_string(fileSize) + " bytes)");
  std::string data;
  if (bytes > 0) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> slice =
        llvm::MemoryBuffer::getFileSlice(path, bytes, start);
    if (!slice)
      return tensorError(tensor, "cannot read '" + path +
                                     "': " + slice.getError().message());
    data.assign((*slice)->getBufferStart(), bytes);
  }
  tensor.clear_external_data();
  tensor.clear_float_data();
  tensor.clear_double_data();
  tensor.clear_int32_data();
  tensor.clear_int64_data();
  tensor.set_data_location(onnx::TensorProto::DEFAULT);
  tensor.set_raw_data(std::move(data));
  return llvm::Error::success();
}

} // namespace

llvm::Error eyeriss::loadExternalData(onnx::GraphProto &graph,
                                      llvm::StringRef modelDirectory,
                                      int64_t maxElements) {
  for (onnx::TensorProto &tensor : *graph.mutable_initializer())
    if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
      if (llvm::Error error = load(tensor, modelDirectory, maxElements))
        return error;
  return llvm::Error::success();
}
