//===- EyerissAttrs.cpp - eyeriss attributes ------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

#include "eyeriss/Arith/FixedPoint.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace eyeriss;

#include "eyeriss/Dialect/Eyeriss/IR/EyerissEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.cpp.inc"

void EyerissDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.cpp.inc"
      >();
}

LogicalResult
FixedPointAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       int64_t input, int64_t weight, int64_t psum,
                       int64_t output) {
  const std::pair<const char *, int64_t> formats[] = {
      {"input", input}, {"weight", weight}, {"psum", psum}, {"output", output}};
  for (auto [name, bits] : formats)
    if (!fixedpoint::Format::isValid(bits))
      return emitError() << "fixed-point " << name << " format " << bits
                         << " is outside ["
                         << fixedpoint::Format::kMinFracBits << ", "
                         << fixedpoint::Format::kMaxFracBits
                         << "] fractional bits";
  int64_t shift = input + weight - psum;
  if (shift < 0 || shift > 16)
    return emitError() << "product window shift input + weight - psum = "
                       << shift
                       << " must select 16 of the product's 32 bits (0 to 16)";
  return success();
}
