//===- EyerissDialect.cpp - The eyeriss dialect ---------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"

#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace eyeriss;

#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.cpp.inc"

void EyerissDialect::initialize() {
  targetModelCache = std::make_unique<TargetModelCache>();
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.cpp.inc"
      >();
}

LogicalResult EyerissDialect::verifyOperationAttribute(Operation *op,
                                                        NamedAttribute attr) {
  if (attr.getName() == kZeroFractionsAttrName) {
    if (!isa<ArrayLayerOpInterface>(op))
      return op->emitError() << "'" << kZeroFractionsAttrName
                             << "' is only allowed on a CONV or FC layer";
    auto fractions = dyn_cast<DenseF64ArrayAttr>(attr.getValue());
    if (!fractions || fractions.size() != 2 ||
        llvm::any_of(fractions.asArrayRef(),
                     [](double z) { return !(z >= 0.0 && z <= 1.0); }))
      return op->emitError() << "'" << kZeroFractionsAttrName
                             << "' must be array<f64: ifmap, ofmap> with "
                                "fractions in [0, 1]";
    return success();
  }
  if (attr.getName() != kTargetAttrName)
    return op->emitError() << "unknown eyeriss attribute '" << attr.getName().getValue()
                           << "'";
  if (!isa<ModuleOp>(op))
    return op->emitError() << "'" << kTargetAttrName
                           << "' is only allowed on a module";
  auto target = dyn_cast<TargetAttr>(attr.getValue());
  if (!target)
    return op->emitError() << "'" << kTargetAttrName
                           << "' must be an #eyeriss.target attribute";
  // Loading validates the whole architecture description.
  return getTargetModelCache().getOrLoad(target.getArch(), [&] {
    return op->emitError();
  });
}
