//===- EyerissDialect.cpp - The eyeriss dialect ---------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

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

/// The function argument and result attributes: the ONNX graph's name of an
/// input or output, and its declared element type when that is not f32.
static LogicalResult verifyInterfaceAttribute(Operation *op, Type type,
                                              NamedAttribute attr,
                                              StringRef what) {
  if (attr.getName() == EyerissDialect::kNameAttrName) {
    if (!isa<StringAttr>(attr.getValue()))
      return op->emitError() << "'" << EyerissDialect::kNameAttrName << "' of "
                             << what << " must be a string";
    return success();
  }
  if (attr.getName() != EyerissDialect::kHostFormatAttrName)
    return op->emitError() << "unknown eyeriss attribute '"
                           << attr.getName().getValue() << "' on " << what;
  // i64, i32 and i1 are integer and bool tensors held as whole f32
  // numbers: token ids and masks fed to the program, indices and
  // comparisons it returns.
  auto format = dyn_cast<TypeAttr>(attr.getValue());
  if (!format ||
      !(isa<Float16Type, BFloat16Type, Float64Type>(format.getValue()) ||
        format.getValue().isSignlessInteger(64) ||
        format.getValue().isSignlessInteger(32) ||
        format.getValue().isSignlessInteger(1)))
    return op->emitError() << "'" << EyerissDialect::kHostFormatAttrName
                           << "' of " << what
                           << " must be f16, bf16, f64, i64, i32 or i1, got "
                           << attr.getValue();
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.getElementType().isF32())
    return op->emitError() << "'" << EyerissDialect::kHostFormatAttrName
                           << "' on " << what << " of type " << type
                           << "; only f32 tensors have a host format";
  return success();
}

LogicalResult EyerissDialect::verifyRegionArgAttribute(Operation *op,
                                                       unsigned regionIndex,
                                                       unsigned argIndex,
                                                       NamedAttribute attr) {
  Region &region = op->getRegion(regionIndex);
  Type type = region.empty() || argIndex >= region.getNumArguments()
                  ? Type()
                  : region.getArgument(argIndex).getType();
  return verifyInterfaceAttribute(op, type, attr,
                                  "argument #" + std::to_string(argIndex));
}

LogicalResult EyerissDialect::verifyRegionResultAttribute(Operation *op,
                                                          unsigned regionIndex,
                                                          unsigned resultIndex,
                                                          NamedAttribute attr) {
  Type type;
  if (auto function = dyn_cast<FunctionOpInterface>(op))
    if (resultIndex < function.getNumResults())
      type = function.getResultTypes()[resultIndex];
  return verifyInterfaceAttribute(op, type, attr,
                                  "result #" + std::to_string(resultIndex));
}

static HostFormat hostFormatOf(TypeAttr attr) {
  if (!attr)
    return HostFormat::Float32;
  Type type = attr.getValue();
  return type.isF16()                 ? HostFormat::Float16
         : type.isBF16()              ? HostFormat::BFloat16
         : type.isF64()               ? HostFormat::Float64
         : type.isSignlessInteger(64) ? HostFormat::Int64
         : type.isSignlessInteger(32) ? HostFormat::Int32
         : type.isSignlessInteger(1)  ? HostFormat::Bool
                                      : HostFormat::Float32;
}

HostFormat EyerissDialect::getArgHostFormat(FunctionOpInterface function,
                                            unsigned index) {
  return hostFormatOf(
      function.getArgAttrOfType<TypeAttr>(index, kHostFormatAttrName));
}

HostFormat EyerissDialect::getResultHostFormat(FunctionOpInterface function,
                                               unsigned index) {
  return hostFormatOf(
      function.getResultAttrOfType<TypeAttr>(index, kHostFormatAttrName));
}
