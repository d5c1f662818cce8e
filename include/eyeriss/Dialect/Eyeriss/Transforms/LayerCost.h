//===- LayerCost.h - The cost model's view of a layer op --------*- C++ -*-===//
//
// What the mapper and the energy report both need to know about a layer op
// beyond its shape: the data's sparsity, measured or assumed, and whether its
// DRAM transfers are run-length compressed.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_DIALECT_EYERISS_TRANSFORMS_LAYERCOST_H
#define EYERISS_DIALECT_EYERISS_TRANSFORMS_LAYERCOST_H

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Mapping/RSCostModel.h"

namespace eyeriss {

/// The sparsity the cost model assumes for `layer`: measured zero fractions
/// if the layer has them (EyerissDialect::kZeroFractionsAttrName), else the
/// given assumptions. The network's input
/// (a function argument) is not compressed unless the target says so.
SparsityModel getLayerSparsity(ArrayLayerOpInterface layer,
                               const TargetModel &target,
                               double assumedIfmapZeros,
                               double assumedOfmapZeros);

/// Checks that an assumed zero fraction is in [0, 1].
mlir::LogicalResult verifyZeroFraction(mlir::Operation *op,
                                       llvm::StringRef option, double value);

} // namespace eyeriss

#endif // EYERISS_DIALECT_EYERISS_TRANSFORMS_LAYERCOST_H
