//===- LayerNormFusion.h - Raise decomposed layer norms --------*- C++ -*-===//
//
// LayerNormalization entered ONNX at opset 17. Below it, exporters write a
// layer norm as the arithmetic (PyTorch's F.layer_norm at opsets 9-16):
//
//   mean = ReduceMean(x, axes)          d = Sub(x, mean)
//   var  = ReduceMean(Pow(d, 2), axes)  n = Div(d, Sqrt(Add(var, epsilon)))
//   y    = Add(Mul(n, scale), bias)     (the affine part, when present)
//
// with `axes` the trailing dimensions. ConvNeXt and the vision transformers
// exported at PyTorch's default opset (14) hold one such chain per norm, of
// ops the chip's host side does not otherwise have (Sub, Pow, Sqrt, Div of
// two tensors). This raises each chain to one LayerNormalization node, as
// ONNX Runtime's LayerNormFusion does, so that the importer translates it to
// `eyeriss.layer_norm`.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_LAYERNORMFUSION_H
#define EYERISS_LIB_IMPORT_ONNX_LAYERNORMFUSION_H

#include "llvm/ADT/StringMap.h"

#include "onnx/onnx_pb.h"

#include <functional>
#include <string>

namespace eyeriss {

/// Replaces every decomposed layer norm of `graph` (the chain above, each
/// intermediate used only inside it and no graph output, `axes` the last
/// dims of a statically shaped `x`, the exponent the constant 2, epsilon a
/// non-negative constant scalar) with a LayerNormalization node named after
/// the chain's scope. Scale and bias join the node when they are constants
/// of the normalized dims' shape; otherwise the node gets a scale of ones
/// (a new initializer) and they stay as they are. `initializer` returns the
/// tensor of an initializer, or null (Constant nodes are read here). Returns the
/// number of chains replaced.
int fuseLayerNormalization(
    onnx::GraphProto &graph,
    const llvm::StringMap<onnx::TypeProto> &valueTypes,
    const std::function<const onnx::TensorProto *(const std::string &)>
        &initializer);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_LAYERNORMFUSION_H
