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
  // i64, i32, i1, ui8, ... are integer and bool tensors held as whole f32
  // numbers: token ids and masks fed to the program, indices and
  // comparisons it returns.
  auto format = dyn_cast<TypeAttr>(attr.getValue());
  if (!format || !EyerissDialect::getHostFormat(format.getValue()))
    return op->emitError() << "'" << EyerissDialect::kHostFormatAttrName
                           << "' of " << what
                           << " must be f16, bf16, f64, i64, i32, i1, ui8, "
                              "i8, ui16, i16, ui32 or ui64, got "
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

/// The formats and the types that name them: signless integers for the
/// signed types (and bool), unsigned ones for the unsigned.
static Type typeOfFormat(MLIRContext *context, HostFormat format) {
  auto integer = [&](unsigned bits, bool isUnsigned) -> Type {
    return IntegerType::get(context, bits,
                            isUnsigned ? IntegerType::Unsigned
                                       : IntegerType::Signless);
  };
  switch (format) {
  case HostFormat::Float32:
    return nullptr;
  case HostFormat::Float16:
    return Float16Type::get(context);
  case HostFormat::BFloat16:
    return BFloat16Type::get(context);
  case HostFormat::Float64:
    return Float64Type::get(context);
  default: {
    IntegerFormat type = *integerFormat(format);
    return integer(type.bits, !type.isSigned && type.bits > 1);
  }
  }
}

std::optional<HostFormat> EyerissDialect::getHostFormat(Type type) {
  for (uint8_t f = 1; f <= uint8_t(kLastHostFormat); ++f)
    if (typeOfFormat(type.getContext(), HostFormat(f)) == type)
      return HostFormat(f);
  return std::nullopt;
}

Type EyerissDialect::getHostFormatType(MLIRContext *context,
                                       HostFormat format) {
  return typeOfFormat(context, format);
}

static HostFormat hostFormatOf(TypeAttr attr) {
  if (!attr)
    return HostFormat::Float32;
  return EyerissDialect::getHostFormat(attr.getValue())
      .value_or(HostFormat::Float32);
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
