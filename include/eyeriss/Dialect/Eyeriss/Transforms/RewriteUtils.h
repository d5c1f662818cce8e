//===- RewriteUtils.h - Shared pattern-driver settings ----------*- C++ -*-===//

#ifndef EYERISS_DIALECT_EYERISS_TRANSFORMS_REWRITEUTILS_H
#define EYERISS_DIALECT_EYERISS_TRANSFORMS_REWRITEUTILS_H

#include "mlir/IR/PatternMatch.h"

namespace eyeriss {

/// Applies `patterns` greedily to `op` and nothing else: the driver's own
/// folding would also hoist and merge every constant, which is the
/// canonicalizer's job, not that of a single-purpose pass.
llvm::LogicalResult applyOnlyPatterns(mlir::Operation *op,
                                      mlir::RewritePatternSet &&patterns);

} // namespace eyeriss

#endif // EYERISS_DIALECT_EYERISS_TRANSFORMS_REWRITEUTILS_H
