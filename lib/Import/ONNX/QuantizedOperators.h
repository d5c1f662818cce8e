//===- QuantizedOperators.h - ONNX's integer operators as QDQ -*- C++ -*-===//
//
// ONNX has two ways of writing a quantized model: QDQ (float operators
// between QuantizeLinear / DequantizeLinear pairs) and the integer
// operators of the "QOperator" format that quantization tools also write:
// QLinearConv, QLinearMatMul (8-bit in, 8-bit out, with scales and zero
// points) and ConvInteger, MatMulInteger (8-bit in, int32 out). The chip
// computes in 16-bit fixed point, not in 8-bit integers, so each becomes
// what it computes in the QDQ form the importer translates:
//
//   QLinearConv(x, xs, xz, w, ws, wz, ys, yz, B) =
//     QuantizeLinear(Conv(DequantizeLinear(x, xs, xz),
//                         DequantizeLinear<axis 0>(w, ws, wz),
//                         DequantizeLinear<axis 0>(B, Mul(xs, ws))), ys, yz)
//   QLinearMatMul(a, as, az, b, bs, bz, ys, yz) =
//     QuantizeLinear(MatMul(DequantizeLinear(a, as, az),
//                           DequantizeLinear<axis -1>(b, bs, bz)), ys, yz)
//   ConvInteger(x, w, xz, wz) =
//     Cast<int32>(Round(Conv(DequantizeLinear(x, 1, xz),
//                            DequantizeLinear<axis 0>(w, 1, wz))))
//   MatMulInteger(A, B, az, bz) =
//     Cast<int32>(Round(MatMul(DequantizeLinear<axis -2>(A, 1, az),
//                              DequantizeLinear<axis -1>(B, 1, bz))))
//
// (the bias's scale is xs * ws, ONNX's definition; the Round makes the
// int32 result the nearest integer to the chip's fixed-point sum). A chain
// of QLinearConvs then meets as QuantizeLinear -> DequantizeLinear pairs of
// equal parameters, which import as fake quantizations on the host, and
// each convolution runs on the PE array with its weights dequantized.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_QUANTIZEDOPERATORS_H
#define EYERISS_LIB_IMPORT_ONNX_QUANTIZEDOPERATORS_H

#include "llvm/ADT/STLFunctionalExtras.h"

#include "onnx/onnx_pb.h"

#include <optional>
#include <string>

namespace eyeriss {

/// The integer operators ONNX defines that expandQuantizedOperators
/// rewrites.
bool isQuantizedOperator(const onnx::NodeProto &node);

/// What expandQuantizedOperators did.
struct QuantizedOperatorsResult {
  /// Nodes rewritten.
  int expanded = 0;
  /// A node whose scales or zero points do not fit its data, and why.
  std::optional<onnx::NodeProto> badNode;
  std::string message;
};

/// Rewrites every QLinearConv, QLinearMatMul, ConvInteger and MatMulInteger
/// node of `graph` into the nodes above, in its place: named
/// `<node>.<part>` (`<node>` its name, else its output), their inner values
/// `<output>::<part>`, the scales of 1 Constant nodes shaped like the zero
/// point they go with. Types come from `typeOf` (null if unknown). First
/// checks, where the shapes are known, that each scale and zero point holds
/// one value, or (the weights' and MatMulInteger's) one per output channel,
/// column or row, so that a mismatch is reported in the op's own terms.
QuantizedOperatorsResult expandQuantizedOperators(
    onnx::GraphProto &graph,
    llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_QUANTIZEDOPERATORS_H
