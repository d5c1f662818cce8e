//===- LayerMapping.cpp - Verifying a layer's row-stationary mapping ------===//
//
// A mapping is only meaningful on a target: whether p*q*S weights fit the
// filter spad or the sets fit the array is a question for the architecture
// file the module names, so the layer verifiers ask the cost model's check.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Mapping/RSCostModel.h"

using namespace mlir;
using namespace eyeriss;

LogicalResult RSMappingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                    int64_t m, int64_t n, int64_t e, int64_t p,
                                    int64_t q, int64_t r, int64_t t) {
  const std::pair<const char *, int64_t> params[] = {
      {"m", m}, {"n", n}, {"e", e}, {"p", p}, {"q", q}, {"r", r}, {"t", t}};
  for (auto [name, value] : params)
    if (value < 1)
      return emitError() << "mapping parameter " << name << " = " << value
                         << " must be at least 1";
  return success();
}

LogicalResult eyeriss::verifyLayerMapping(ArrayLayerOpInterface layer) {
  RSMappingAttr mapping = layer.getRSMapping();
  if (!mapping)
    return success();
  // CONV and FC operands are statically shaped (ODS), so the shape is exact.
  Operation *op = layer.getOperation();
  FailureOr<const TargetModel *> target = getTargetModel(op);
  if (failed(target))
    return failure();
  RSLayerModel model(layer.getLayerShape(), **target);
  if (llvm::Error err = model.check(mapping.getMapping()))
    return op->emitOpError() << "mapping " << mapping << " does not fit '"
                             << (*target)->name()
                             << "': " << llvm::toString(std::move(err));
  return success();
}
