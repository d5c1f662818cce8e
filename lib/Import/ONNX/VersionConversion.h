//===- VersionConversion.h - ONNX's version converter, repaired -*- C++ -*-===//
//
// Models at any opset are brought to the one the importer implements with
// ONNX's own version converter. ONNX 1.12's adapters have gaps and bugs,
// mostly for the first opsets (1-6), that would refuse real models or,
// worse, change what they compute; this wraps the converter with adapters,
// registered through its own extension point, that replace or complete
// them, and runs shape inference first (adapters read shapes, which the
// converter takes only from the model's value_info):
//
// - Add/Sub/Mul/Div/Pow 6 -> 7: legacy broadcasting (`broadcast` = 1 with
//   `axis`) must unsqueeze rank(A) - axis - rank(B) trailing dims of B. ONNX
//   1.12 unsqueezes rank(A) - rank(B) whatever the axis, so a per-channel B
//   of shape [C] at axis 1 of an NCHW A became [C, 1, 1, 1], which
//   broadcasts to [C, C, H, W].
// - Reshape 4 -> 5: the `shape` attribute becomes a 1-D constant input (ONNX
//   1.12 writes a tensor without dims, a scalar holding n values).
// - Pad 1 -> 2 (`paddings` renamed `pads`, same layout) and Split 1 -> 2
//   (the attribute form; the `split` input is refused): no adapter in 1.12.
// - BatchNormalization and Dropout 6 -> 7: `is_test` = 0 is refused naming
//   the node (ONNX asserts with a message about the attribute only).
// - Softmax 12 -> 13 (the 2-D coercion becomes Flatten, Softmax, Reshape):
//   when the input's shape is not known, the Reshape takes Shape(input)
//   instead of asserting (the vision transformer at opset 11).
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_VERSIONCONVERSION_H
#define EYERISS_LIB_IMPORT_ONNX_VERSIONCONVERSION_H

#include "onnx/onnx_pb.h"

#include <cstdint>
#include <string>

namespace eyeriss {

/// Converts `model`, whose default-domain opset is `fromOpset`, to
/// `toOpset` (> `fromOpset`). Throws std::exception with ONNX's or our
/// message (naming the node) when a node cannot be converted.
/// ONNX's exception text without its assertion wrapping: "<file>:<line>:
/// <function>: Assertion `<condition>` failed: <message>" gives <message>.
std::string cleanONNXMessage(const std::string &what);

onnx::ModelProto convertONNXOpset(const onnx::ModelProto &model,
                                  int64_t fromOpset, int64_t toOpset);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_VERSIONCONVERSION_H
