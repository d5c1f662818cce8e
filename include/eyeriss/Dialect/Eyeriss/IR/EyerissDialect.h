//===- EyerissDialect.h - The eyeriss dialect -------------------*- C++ -*-===//

#ifndef EYERISS_DIALECT_EYERISS_IR_EYERISSDIALECT_H
#define EYERISS_DIALECT_EYERISS_IR_EYERISSDIALECT_H

#include "eyeriss/Support/HostFormat.h"

#include "mlir/IR/Dialect.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include <memory>

namespace eyeriss {
class TargetModelCache;
} // namespace eyeriss

#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h.inc"

#endif // EYERISS_DIALECT_EYERISS_IR_EYERISSDIALECT_H
