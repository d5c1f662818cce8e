//===- EyerissAttrs.cpp - eyeriss attributes ------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

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
