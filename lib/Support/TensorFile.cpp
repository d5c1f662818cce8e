//===- TensorFile.cpp - Tensors in .npy and ONNX .pb files ----------------===//

#include "eyeriss/Support/TensorFile.h"

#include "eyeriss/Support/NpyFile.h"
#include "eyeriss/Support/TensorProtoPayload.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

using namespace eyeriss;

llvm::Expected<TensorFileData>
eyeriss::readTensorProtoFile(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError(buffer.getError(), "%s: %s",
                                   path.str().c_str(),
                                   buffer.getError().message().c_str());
  onnx::TensorProto tensor;
  if ((*buffer)->getBufferSize() >
          static_cast<size_t>(std::numeric_limits<int>::max()) ||
      !tensor.ParseFromArray((*buffer)->getBufferStart(),
                             static_cast<int>((*buffer)->getBufferSize())))
    return llvm::createStringError("%s: not an ONNX TensorProto",
                                   path.str().c_str());
  if (tensor.data_type() != onnx::TensorProto::FLOAT)
    return llvm::createStringError("%s: tensor '%s' is not float32",
                                   path.str().c_str(), tensor.name().c_str());
  TensorFileData result;
  result.name = tensor.name();
  int64_t count = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0 || (d != 0 && count > (int64_t(1) << 34) / d))
      return llvm::createStringError("%s: absurd dimension %lld",
                                     path.str().c_str(), (long long)d);
    result.shape.push_back(d);
    count *= d;
  }
  if (!readTensorProtoPayload(tensor, tensor.float_data(), count, result.data))
    return llvm::createStringError(
        "%s: the tensor holds a different number of values than its shape "
        "(%lld) says",
        path.str().c_str(), (long long)count);
  return result;
}

llvm::Expected<TensorFileData> eyeriss::readTensorFile(llvm::StringRef path) {
  if (!path.ends_with(".npy"))
    return readTensorProtoFile(path);
  llvm::Expected<NpyArray> array = readNpy(path);
  if (!array)
    return array.takeError();
  TensorFileData result;
  result.shape.assign(array->shape.begin(), array->shape.end());
  result.data = std::move(array->data);
  return result;
}

llvm::Error eyeriss::writeTensorFile(llvm::StringRef path,
                                     llvm::StringRef name,
                                     llvm::ArrayRef<int64_t> shape,
                                     llvm::ArrayRef<float> data) {
  if (!path.ends_with(".pb"))
    return writeNpy(path, shape, data);
  onnx::TensorProto tensor;
  tensor.set_name(name.str());
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : shape)
    tensor.add_dims(d);
  std::string raw(data.size() * sizeof(float), '\0');
  std::memcpy(raw.data(), data.data(), raw.size());
  tensor.set_raw_data(std::move(raw));
  std::string bytes;
  if (!tensor.SerializeToString(&bytes))
    return llvm::createStringError("%s: cannot serialize the tensor",
                                   path.str().c_str());
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createStringError(ec, "cannot write %s: %s",
                                   path.str().c_str(), ec.message().c_str());
  os << bytes;
  os.close();
  if (os.has_error())
    return llvm::createStringError(os.error(), "cannot write %s: %s",
                                   path.str().c_str(),
                                   os.error().message().c_str());
  return llvm::Error::success();
}
