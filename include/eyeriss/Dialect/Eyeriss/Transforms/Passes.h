//===- Passes.h - eyeriss passes --------------------------------*- C++ -*-===//

#ifndef EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSES_H
#define EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSES_H

#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace eyeriss {

#define GEN_PASS_DECL
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"

} // namespace eyeriss

#endif // EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSES_H
