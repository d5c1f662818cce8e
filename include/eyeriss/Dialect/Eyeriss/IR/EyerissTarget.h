//===- EyerissTarget.h - The target model of a module -----------*- C++ -*-===//
//
// Passes and verifiers get the hardware's parameters from here: the module's
// `eyeriss.target` attribute names an architecture description, which is
// loaded once per MLIRContext and shared.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_DIALECT_EYERISS_IR_EYERISSTARGET_H
#define EYERISS_DIALECT_EYERISS_IR_EYERISSTARGET_H

#include "eyeriss/Arch/TargetModel.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"

#include "llvm/ADT/StringMap.h"

#include <memory>
#include <mutex>

namespace eyeriss {

/// Target models loaded in one MLIRContext, keyed by the architecture name or
/// path they were loaded from. Passes may run on several threads.
class TargetModelCache {
public:
  mlir::FailureOr<const TargetModel *>
  getOrLoad(llvm::StringRef archNameOrPath,
            llvm::function_ref<mlir::InFlightDiagnostic()> emitError);

private:
  std::mutex mutex;
  llvm::StringMap<std::unique_ptr<TargetModel>> models;
};

/// Loads (or returns the cached) target model for an architecture name or
/// file path. Errors go to `emitError`.
mlir::FailureOr<const TargetModel *>
getOrLoadTargetModel(mlir::MLIRContext *context, llvm::StringRef archNameOrPath,
                     llvm::function_ref<mlir::InFlightDiagnostic()> emitError);

/// The target model of the module enclosing `op` (or `op` itself if it is the
/// module). Emits an error at `op` when no enclosing module has an
/// `eyeriss.target` attribute or the architecture does not load.
mlir::FailureOr<const TargetModel *> getTargetModel(mlir::Operation *op);

} // namespace eyeriss

#endif // EYERISS_DIALECT_EYERISS_IR_EYERISSTARGET_H
