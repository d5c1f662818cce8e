//===- TensorProtoPayload.h - The data of an ONNX TensorProto ---*- C++ -*-===//
//
// Shared by the ONNX importer (initializers) and the tensor files (.pb
// inputs and outputs): needs ONNX's protobuf headers.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_SUPPORT_TENSORPROTOPAYLOAD_H
#define EYERISS_SUPPORT_TENSORPROTOPAYLOAD_H

#include "eyeriss/Support/HostFormat.h"

#include "onnx/onnx_pb.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace eyeriss {

/// Copies the little-endian payload of a tensor (raw_data or the typed
/// repeated field) into `out`; false if it holds other than `count` values.
template <typename T, typename Repeated>
bool readTensorProtoPayload(const onnx::TensorProto &tensor,
                            const Repeated &typedData, int64_t count,
                            std::vector<T> &out) {
  out.resize(count);
  if (tensor.has_raw_data()) {
    if (tensor.raw_data().size() != count * sizeof(T))
      return false;
    std::memcpy(out.data(), tensor.raw_data().data(), count * sizeof(T));
    return true;
  }
  if (typedData.size() != count)
    return false;
  for (int64_t i = 0; i < count; ++i)
    out[i] = static_cast<T>(typedData.Get(i));
  return true;
}

/// The integer format of an ONNX data type (INT64, INT32, BOOL, UINT8, INT8,
/// UINT16, INT16, UINT32, UINT64); nullopt for the others.
inline std::optional<HostFormat> integerFormatOfDataType(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::INT64:
    return HostFormat::Int64;
  case onnx::TensorProto::INT32:
    return HostFormat::Int32;
  case onnx::TensorProto::BOOL:
    return HostFormat::Bool;
  case onnx::TensorProto::UINT8:
    return HostFormat::UInt8;
  case onnx::TensorProto::INT8:
    return HostFormat::Int8;
  case onnx::TensorProto::UINT16:
    return HostFormat::UInt16;
  case onnx::TensorProto::INT16:
    return HostFormat::Int16;
  case onnx::TensorProto::UINT32:
    return HostFormat::UInt32;
  case onnx::TensorProto::UINT64:
    return HostFormat::UInt64;
  default:
    return std::nullopt;
  }
}

/// The floating-point format of an ONNX data type; nullopt for the others.
inline std::optional<HostFormat> floatFormatOfDataType(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
    return HostFormat::Float32;
  case onnx::TensorProto::FLOAT16:
    return HostFormat::Float16;
  case onnx::TensorProto::BFLOAT16:
    return HostFormat::BFloat16;
  case onnx::TensorProto::DOUBLE:
    return HostFormat::Float64;
  default:
    return std::nullopt;
  }
}

/// The elements of a FLOAT16 or BFLOAT16 tensor, widened to float (exactly):
/// little-endian bit patterns in raw_data, or one pattern per element of
/// int32_data (ONNX's typed field for them). On a count other than `count`
/// or a pattern that is not 16 bits, `problem` says which ("holds ...") and
/// the result is false.
inline bool read16BitFloatPayload(const onnx::TensorProto &tensor,
                                  int64_t count, std::vector<float> &out,
                                  std::string &problem) {
  bool half = tensor.data_type() == onnx::TensorProto::FLOAT16;
  std::vector<uint16_t> bits;
  if (!readTensorProtoPayload(tensor, tensor.int32_data(), count, bits)) {
    problem = "holds a different number of values than its shape (" +
              std::to_string(count) + ") says";
    return false;
  }
  if (!tensor.has_raw_data())
    for (int64_t i = 0; i < count; ++i)
      if (int32_t v = tensor.int32_data(int(i)); v < 0 || v > 0xffff) {
        problem = "holds " + std::to_string(v) + " in element " +
                  std::to_string(i) + " of int32_data, not a " +
                  (half ? "float16" : "bfloat16") + " bit pattern (0 to 65535)";
        return false;
      }
  out.resize(bits.size());
  for (size_t i = 0; i < bits.size(); ++i)
    out[i] = half ? float16BitsToFloat(bits[i]) : bfloat16BitsToFloat(bits[i]);
  return true;
}

/// The elements of an INT8, UINT8, INT16, UINT16, UINT32 or UINT64 tensor,
/// widened to int64 (a UINT64 above INT64_MAX saturates): raw_data of the
/// type's own width, or ONNX's typed field, int32_data for the 8- and
/// 16-bit types and uint64_data for the others. On a count other than
/// `count`, or a typed value the type does not hold (the field is wider),
/// `problem` says which ("holds ...") and the result is false.
inline bool readNarrowIntegerPayload(const onnx::TensorProto &tensor,
                                     int64_t count, std::vector<int64_t> &out,
                                     std::string &problem) {
  auto read = [&](auto typed, const auto &repeated) {
    using T = decltype(typed);
    std::vector<T> data;
    if (!readTensorProtoPayload(tensor, repeated, count, data)) {
      problem = "holds a different number of values than its shape (" +
                std::to_string(count) + ") says";
      return false;
    }
    if (!tensor.has_raw_data())
      for (int64_t i = 0; i < count; ++i)
        if (repeated.Get(int(i)) !=
            static_cast<decltype(repeated.Get(int(i)))>(data[i])) {
          problem = "holds " + std::to_string(repeated.Get(int(i))) +
                    " in element " + std::to_string(i) +
                    ", out of the range of its type";
          return false;
        }
    out.clear();
    for (T v : data)
      out.push_back(std::is_unsigned_v<T> && uint64_t(v) > uint64_t(INT64_MAX)
                        ? INT64_MAX
                        : int64_t(v));
    return true;
  };
  switch (tensor.data_type()) {
  case onnx::TensorProto::INT8:
    return read(int8_t(), tensor.int32_data());
  case onnx::TensorProto::UINT8:
    return read(uint8_t(), tensor.int32_data());
  case onnx::TensorProto::INT16:
    return read(int16_t(), tensor.int32_data());
  case onnx::TensorProto::UINT16:
    return read(uint16_t(), tensor.int32_data());
  case onnx::TensorProto::UINT32:
    return read(uint32_t(), tensor.uint64_data());
  case onnx::TensorProto::UINT64:
    return read(uint64_t(), tensor.uint64_data());
  default:
    problem = "is not of a narrow integer type";
    return false;
  }
}

} // namespace eyeriss

#endif // EYERISS_SUPPORT_TENSORPROTOPAYLOAD_H
