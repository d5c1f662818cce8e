//===- ReferenceExecutor.h - Float32 golden model of eyeriss IR -*- C++ -*-===//
//
// Runs graph-level eyeriss IR on the host in float32, with ONNX semantics:
// the golden model that quantization, mapping, the ISA and the simulator are
// checked against. docs/ReferenceExecutor.md describes each op's formula.
//
// Errors are diagnostics at the offending op or argument; a failure result
// means one has been emitted.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_REFERENCE_REFERENCEEXECUTOR_H
#define EYERISS_REFERENCE_REFERENCEEXECUTOR_H

#include "eyeriss/Reference/Kernels.h"
#include "eyeriss/Reference/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"

namespace eyeriss::reference {

/// Evaluates one graph-level eyeriss op on `operands` (one per op operand,
/// in order) and returns one tensor per result. The op is verified first;
/// the operands must have the shapes of the op's operand types, and every
/// operand and result type must have a float element type (results are
/// computed in float32 whatever the width). Any other op is an error.
/// With `applyFusedActivation` false, a CONV or FC layer's fused activation
/// is left out (its psums before the activation).
/// `accumulation` is how CONV, FC and Gemm sum their products (Kernels.h).
mlir::FailureOr<llvm::SmallVector<Tensor>>
evaluateOp(mlir::Operation *op, llvm::ArrayRef<Tensor> operands,
           bool applyFusedActivation = true,
           Accumulation accumulation = Accumulation::Double);

/// Runs `func` on `inputs` (one per argument, shaped as its type) and
/// returns the values of its func.return. Its body must be one block of ops
/// that evaluateOp knows. Each intermediate tensor is freed after its last
/// use, so peak memory stays near the largest layer's operands and results
/// plus the live skip connections.
///
/// `observer`, if given, sees every op evaluated, with its operands and
/// results (calibration records value ranges through it); with
/// `observePreActivation`, a CONV or FC layer's results as the observer sees
/// them are before its fused activation (which the run still applies).
using OpObserver = llvm::function_ref<void(
    mlir::Operation *op, llvm::ArrayRef<Tensor> operands,
    llvm::ArrayRef<Tensor> results)>;
mlir::FailureOr<llvm::SmallVector<Tensor>>
runFunction(mlir::func::FuncOp func, llvm::ArrayRef<Tensor> inputs,
            OpObserver observer = nullptr, bool observePreActivation = false,
            Accumulation accumulation = Accumulation::Double);

/// The elements of a float constant as a float32 tensor: dense elements
/// (splat or not) of any float type, converted with round-to-nearest, or a
/// dense_resource blob of f32 or f64. Anything else (integer elements, a
/// blob that is missing or elided) is an error reported at `loc`.
mlir::FailureOr<Tensor> fromElementsAttr(mlir::ElementsAttr value,
                                         mlir::Location loc);

/// `tensor` as dense elements of `type`, which must have the tensor's shape
/// and a float element type (values are rounded to it to nearest-even).
mlir::DenseElementsAttr toElementsAttr(const Tensor &tensor,
                                       mlir::RankedTensorType type);

} // namespace eyeriss::reference

#endif // EYERISS_REFERENCE_REFERENCEEXECUTOR_H
