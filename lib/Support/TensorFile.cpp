//===- TensorFile.cpp - Tensors in .npy and ONNX .pb files ----------------===//

#include "eyeriss/Support/TensorFile.h"

#include "eyeriss/Support/NpyFile.h"
#include "eyeriss/Support/TensorProtoPayload.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>
#include <optional>
#include <type_traits>

using namespace eyeriss;

static constexpr auto kLittle = llvm::endianness::little;

static onnx::TensorProto::DataType dataTypeOf(HostFormat format) {
  switch (format) {
  case HostFormat::Float32:
    return onnx::TensorProto::FLOAT;
  case HostFormat::Float16:
    return onnx::TensorProto::FLOAT16;
  case HostFormat::BFloat16:
    return onnx::TensorProto::BFLOAT16;
  case HostFormat::Float64:
    return onnx::TensorProto::DOUBLE;
  case HostFormat::Int64:
    return onnx::TensorProto::INT64;
  case HostFormat::Int32:
    return onnx::TensorProto::INT32;
  case HostFormat::Bool:
    return onnx::TensorProto::BOOL;
  case HostFormat::UInt8:
    return onnx::TensorProto::UINT8;
  case HostFormat::Int8:
    return onnx::TensorProto::INT8;
  case HostFormat::UInt16:
    return onnx::TensorProto::UINT16;
  case HostFormat::Int16:
    return onnx::TensorProto::INT16;
  case HostFormat::UInt32:
    return onnx::TensorProto::UINT32;
  case HostFormat::UInt64:
    return onnx::TensorProto::UINT64;
  }
  llvm_unreachable("unknown host format");
}

/// Integers as float, exactly or not at all: float holds every whole
/// number up to 2^24, and not all above it.
template <typename Int>
static llvm::Error assignWholeNumbers(const std::vector<Int> &whole,
                                      std::vector<float> &out,
                                      llvm::StringRef path) {
  for (auto [i, n] : llvm::enumerate(whole)) {
    bool tooLarge;
    if constexpr (std::is_unsigned_v<Int>)
      tooLarge = uint64_t(n) > uint64_t(kMaxExactInteger);
    else
      tooLarge =
          int64_t(n) < -kMaxExactInteger || int64_t(n) > kMaxExactInteger;
    if (tooLarge)
      return llvm::createStringError(
          llvm::formatv("{0}: element {1} is {2}, beyond the integers float32 "
                        "holds exactly (magnitude at most 2^24)",
                        path, i, n)
              .str());
  }
  out.assign(whole.begin(), whole.end());
  return llvm::Error::success();
}

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
  std::optional<HostFormat> format =
      integerFormatOfDataType(tensor.data_type());
  if (!format)
    format = floatFormatOfDataType(tensor.data_type());
  if (!format) {
    std::string typeName(onnx::TensorProto::DataType_Name(
        static_cast<onnx::TensorProto::DataType>(tensor.data_type())));
    if (typeName.empty())
      typeName = std::to_string(tensor.data_type());
    return llvm::createStringError(
        "%s: tensor '%s' has data type %s; accepted: FLOAT, FLOAT16, "
        "BFLOAT16, DOUBLE, INT64, INT32, BOOL, UINT8, INT8, UINT16, INT16, "
        "UINT32, UINT64",
        path.str().c_str(), tensor.name().c_str(), typeName.c_str());
  }
  TensorFileData result;
  result.name = tensor.name();
  result.format = *format;
  int64_t count = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0 || (d != 0 && count > (int64_t(1) << 34) / d))
      return llvm::createStringError("%s: absurd dimension %lld",
                                     path.str().c_str(), (long long)d);
    result.shape.push_back(d);
    count *= d;
  }
  bool countMatches = true;
  switch (*format) {
  case HostFormat::Float32:
    countMatches =
        readTensorProtoPayload(tensor, tensor.float_data(), count, result.data);
    break;
  case HostFormat::Float16:
  case HostFormat::BFloat16: {
    std::string problem;
    if (!read16BitFloatPayload(tensor, count, result.data, problem))
      return llvm::createStringError("%s: the tensor %s", path.str().c_str(),
                                     problem.c_str());
    break;
  }
  case HostFormat::Float64: {
    std::vector<double> wide;
    countMatches =
        readTensorProtoPayload(tensor, tensor.double_data(), count, wide);
    result.data.assign(wide.begin(), wide.end());
    break;
  }
  case HostFormat::Int64: {
    // Token ids, indices and labels.
    std::vector<int64_t> whole;
    countMatches =
        readTensorProtoPayload(tensor, tensor.int64_data(), count, whole);
    if (countMatches)
      if (llvm::Error err = assignWholeNumbers(whole, result.data, path))
        return std::move(err);
    break;
  }
  case HostFormat::Bool: {
    // ONNX keeps BOOL values in int32_data (or 1-byte raw_data): 0 or 1.
    std::vector<int32_t> flags;
    if (tensor.has_raw_data()) {
      countMatches = int64_t(tensor.raw_data().size()) == count;
      flags.assign(tensor.raw_data().begin(), tensor.raw_data().end());
    } else {
      countMatches =
          readTensorProtoPayload(tensor, tensor.int32_data(), count, flags);
    }
    if (!countMatches)
      break;
    for (auto [i, flag] : llvm::enumerate(flags))
      if (flag != 0 && flag != 1)
        return llvm::createStringError("%s: element %zu is %d, not a bool (0 "
                                       "or 1)",
                                       path.str().c_str(), i, int(flag));
    result.data.assign(flags.begin(), flags.end());
    break;
  }
  case HostFormat::Int32: {
    // ONNX keeps INT32 values in int32_data (or 4-byte raw_data).
    std::vector<int32_t> whole;
    countMatches =
        readTensorProtoPayload(tensor, tensor.int32_data(), count, whole);
    if (countMatches)
      if (llvm::Error err = assignWholeNumbers(whole, result.data, path))
        return std::move(err);
    break;
  }
  // ONNX keeps the narrower integers in int32_data, UINT32 and UINT64 in
  // uint64_data (or raw_data of their own width).
  case HostFormat::UInt8:
  case HostFormat::Int8:
  case HostFormat::UInt16:
  case HostFormat::Int16:
  case HostFormat::UInt32:
  case HostFormat::UInt64: {
    std::vector<int64_t> whole;
    std::string problem;
    if (!readNarrowIntegerPayload(tensor, count, whole, problem))
      return llvm::createStringError("%s: the tensor %s", path.str().c_str(),
                                     problem.c_str());
    llvm::Error err = assignWholeNumbers(whole, result.data, path);
    if (err)
      return std::move(err);
    break;
  }
  }
  if (!countMatches)
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
  result.format = array->format;
  return result;
}

llvm::Error eyeriss::writeTensorFile(llvm::StringRef path, llvm::StringRef name,
                                     llvm::ArrayRef<int64_t> shape,
                                     llvm::ArrayRef<float> data,
                                     HostFormat format) {
  if (!path.ends_with(".pb"))
    return writeNpy(path, shape, data, format);
  onnx::TensorProto tensor;
  tensor.set_name(name.str());
  tensor.set_data_type(dataTypeOf(format));
  for (int64_t d : shape)
    tensor.add_dims(d);
  using llvm::support::endian::write;
  std::string raw;
  switch (format) {
  case HostFormat::Float32:
    raw.resize(data.size() * sizeof(float));
    for (size_t i = 0; i < data.size(); ++i)
      write<float, kLittle>(raw.data() + i * sizeof(float), data[i]);
    break;
  case HostFormat::Float16:
  case HostFormat::BFloat16:
    raw.resize(data.size() * sizeof(uint16_t));
    for (size_t i = 0; i < data.size(); ++i)
      write<uint16_t, kLittle>(raw.data() + i * sizeof(uint16_t),
                               format == HostFormat::Float16
                                   ? floatToFloat16Bits(data[i])
                                   : floatToBFloat16Bits(data[i]));
    break;
  case HostFormat::Float64:
    raw.resize(data.size() * sizeof(double));
    for (size_t i = 0; i < data.size(); ++i)
      write<double, kLittle>(raw.data() + i * sizeof(double), data[i]);
    break;
  case HostFormat::Bool:
    for (auto [i, x] : llvm::enumerate(data)) {
      if (!wholeNumberOf(x, format))
        return llvm::createStringError(
            "%s: element %zu is %g, which a bool does not hold",
            path.str().c_str(), i, double(x));
      raw.push_back(char(x != 0.0f));
    }
    break;
  case HostFormat::Int64:
  case HostFormat::Int32:
  case HostFormat::UInt8:
  case HostFormat::Int8:
  case HostFormat::UInt16:
  case HostFormat::Int16:
  case HostFormat::UInt32:
  case HostFormat::UInt64: {
    // Raw data of the type's own width, little-endian two's complement.
    size_t width = integerFormat(format)->bits / 8;
    raw.resize(data.size() * width);
    for (size_t i = 0; i < data.size(); ++i) {
      std::optional<int64_t> whole = wholeNumberOf(data[i], format);
      if (!whole)
        return llvm::createStringError(
            "%s: element %zu is %g, which a%s %s does not hold",
            path.str().c_str(), i, double(data[i]),
            format == HostFormat::Int64 || format == HostFormat::Int32 ||
                    format == HostFormat::Int8 || format == HostFormat::Int16
                ? "n"
                : "",
            stringifyHostFormat(format).data());
      uint64_t bits = uint64_t(*whole);
      for (size_t b = 0; b < width; ++b)
        raw[i * width + b] = char(bits >> (8 * b));
    }
    break;
  }
  }
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
