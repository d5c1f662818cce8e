//===- LayerCost.cpp - The cost model's view of a layer op ----------------===//

#include "eyeriss/Dialect/Eyeriss/Transforms/LayerCost.h"

#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"

#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/Support/Format.h"

using namespace mlir;
using namespace eyeriss;

SparsityModel eyeriss::getLayerSparsity(ArrayLayerOpInterface layer,
                                        const TargetModel &target,
                                        double assumedIfmapZeros,
                                        double assumedOfmapZeros) {
  SparsityModel sp;
  sp.ifmapZeroFraction = assumedIfmapZeros;
  sp.ofmapZeroFraction = assumedOfmapZeros;
  if (auto measured =
          layer->getAttrOfType<DenseF64ArrayAttr>(
              EyerissDialect::kZeroFractionsAttrName);
      measured && measured.size() == 2) {
    sp.ifmapZeroFraction = measured[0];
    sp.ofmapZeroFraction = measured[1];
  }
  // As the EYB lowering stores them: 4-D fmaps row-compressed, except the
  // network's input; an FC layer's N x K ifmap and N x M ofmap plain (a
  // "row" would be one value).
  bool isFC = isa<FullyConnectedOp>(layer.getOperation());
  bool isNetworkInput = isa<BlockArgument>(layer->getOperand(0));
  sp.compressIfmap =
      !isFC && (!isNetworkInput || target.arch().rlc.compressFirstLayerInput);
  sp.compressOfmap = !isFC;
  return sp;
}

LogicalResult eyeriss::verifyZeroFraction(Operation *op, StringRef option,
                                          double value) {
  if (value >= 0.0 && value <= 1.0)
    return success();
  std::string printed;
  llvm::raw_string_ostream(printed) << llvm::format("%g", value);
  return op->emitError() << option << " = " << printed
                         << " is not a fraction in [0, 1]";
}
