//===- ConstantUtils.h - Reading and making f32 constants -------*- C++ -*-===//
//
// Passes that rewrite weights (batch-norm folding, Gemm to FC) compute the new
// weights on the host from the values of eyeriss.constant ops. These helpers
// read such a constant as plain floats and build one back, so that each pass
// holds only its own arithmetic.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_DIALECT_EYERISS_TRANSFORMS_CONSTANTUTILS_H
#define EYERISS_DIALECT_EYERISS_TRANSFORMS_CONSTANTUTILS_H

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

#include <optional>
#include <vector>

namespace eyeriss {

/// The value of `value` if it is the result of an eyeriss.constant holding a
/// DenseElementsAttr of f32; null otherwise (not a constant, another element
/// type, or a `dense_resource` blob).
mlir::DenseElementsAttr getF32ConstantAttr(mlir::Value value);

/// The elements of getF32ConstantAttr(value) in row-major order, a splat
/// expanded to every element; std::nullopt when it is null.
std::optional<std::vector<float>> getF32ConstantValues(mlir::Value value);

/// `extra` plus the values of a layer's existing bias (`bias` null: none),
/// elementwise: the bias of a layer that absorbs a following constant add.
/// std::nullopt when `bias` is not an f32 constant of `extra`'s size.
std::optional<std::vector<float>> addToBias(mlir::Value bias,
                                            std::vector<float> extra);

/// Creates an eyeriss.constant of an f32 tensor of `shape` holding `values`
/// in row-major order.
ConstantOp createF32Constant(mlir::OpBuilder &builder, mlir::Location loc,
                             llvm::ArrayRef<int64_t> shape,
                             llvm::ArrayRef<float> values);

} // namespace eyeriss

#endif // EYERISS_DIALECT_EYERISS_TRANSFORMS_CONSTANTUTILS_H
