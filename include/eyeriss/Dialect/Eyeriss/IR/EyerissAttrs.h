//===- EyerissAttrs.h - eyeriss attributes ----------------------*- C++ -*-===//

#ifndef EYERISS_DIALECT_EYERISS_IR_EYERISSATTRS_H
#define EYERISS_DIALECT_EYERISS_IR_EYERISSATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "eyeriss/Mapping/RSMapping.h"

#include "eyeriss/Dialect/Eyeriss/IR/EyerissEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.h.inc"

#endif // EYERISS_DIALECT_EYERISS_IR_EYERISSATTRS_H
