//===- RewriteUtils.cpp - Shared pattern-driver settings ------------------===//

#include "eyeriss/Dialect/Eyeriss/Transforms/RewriteUtils.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

LogicalResult eyeriss::applyOnlyPatterns(Operation *op,
                                         RewritePatternSet &&patterns) {
  GreedyRewriteConfig config;
  config.enableFolding(false).enableConstantCSE(false);
  return applyPatternsGreedily(op, std::move(patterns), config);
}
