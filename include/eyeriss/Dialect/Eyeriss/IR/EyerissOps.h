//===- EyerissOps.h - eyeriss operations ------------------------*- C++ -*-===//

#ifndef EYERISS_DIALECT_EYERISS_IR_EYERISSOPS_H
#define EYERISS_DIALECT_EYERISS_IR_EYERISSOPS_H

#include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"
#include "eyeriss/Workload/LayerShape.h"

#include <string>

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "eyeriss/Dialect/Eyeriss/IR/EyerissInterfaces.h.inc"

namespace eyeriss {
/// Checks the `mapping` of a CONV or FC layer whose shape has been verified
/// against the target named by the enclosing module: every spad, array, NoC
/// ID and GLB limit (RSLayerModel::check). Success if there is no mapping.
mlir::LogicalResult verifyLayerMapping(ArrayLayerOpInterface layer);
} // namespace eyeriss

#define GET_OP_CLASSES
#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h.inc"


namespace eyeriss {
/// A human-readable name for a layer: the name in its location (the ONNX
/// node name after import), else `file:line:col`, else the op name.
std::string getLayerName(mlir::Operation *op);

/// A shape for diagnostics: "2x3x4", or "scalar" for rank 0.
std::string formatShape(llvm::ArrayRef<int64_t> shape);
} // namespace eyeriss

#endif // EYERISS_DIALECT_EYERISS_IR_EYERISSOPS_H
