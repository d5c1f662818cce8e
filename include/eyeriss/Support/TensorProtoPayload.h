//===- TensorProtoPayload.h - The data of an ONNX TensorProto ---*- C++ -*-===//
//
// Shared by the ONNX importer (initializers) and the tensor files (.pb
// inputs and outputs): needs ONNX's protobuf headers.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_SUPPORT_TENSORPROTOPAYLOAD_H
#define EYERISS_SUPPORT_TENSORPROTOPAYLOAD_H

#include "onnx/onnx_pb.h"

#include <cstdint>
#include <cstring>
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

} // namespace eyeriss

#endif // EYERISS_SUPPORT_TENSORPROTOPAYLOAD_H
