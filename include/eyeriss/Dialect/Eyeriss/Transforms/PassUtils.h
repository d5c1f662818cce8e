//===- PassUtils.h - What several eyeriss passes share ----------*- C++ -*-===//
//
// The function a whole-network pass runs (calibration, sparsity measurement,
// lowering), the seeded inputs it runs on, and writing a report to a file.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSUTILS_H
#define EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSUTILS_H

#include "eyeriss/Arch/TargetModel.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Reference/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace eyeriss {

/// @main, or the module's only function; else an error naming `purpose`
/// ("to calibrate") at the module.
mlir::FailureOr<mlir::func::FuncOp> getEntryFunction(mlir::ModuleOp module,
                                                     llvm::StringRef pass,
                                                     llvm::StringRef purpose);

/// Standard-normal inputs for `func`, drawn from `seed` (the same inputs
/// eyeriss-compile --input-seed gives the reference executor); an error at
/// `func` if an argument is not a statically shaped tensor. An integer
/// argument (token ids) is drawn uniformly from the entries it indexes, or
/// from {0, 1} when it indexes nothing (a mask).
mlir::FailureOr<llvm::SmallVector<reference::Tensor>>
seededNormalInputs(mlir::func::FuncOp func, unsigned seed,
                   llvm::StringRef purpose);

/// Checks a report pass's `format` option: 'table' or 'json'.
mlir::LogicalResult checkReportFormat(mlir::Operation *op,
                                      llvm::StringRef format);

/// Writes a report with `print` to `path`; an error at `op` if it cannot.
mlir::LogicalResult
writeReportFile(mlir::Operation *op, llvm::StringRef path,
                llvm::function_ref<void(llvm::raw_ostream &)> print);

/// Runs `fn` on every eyeriss.schedule of `module` in IR order, with the
/// module's target model; stops at the first failure (after `fn` reported
/// it). Fails if the module names no loadable target.
mlir::LogicalResult forEachSchedule(
    mlir::ModuleOp module,
    llvm::function_ref<mlir::LogicalResult(ScheduleOp, const TargetModel &)>
        fn);

} // namespace eyeriss

#endif // EYERISS_DIALECT_EYERISS_TRANSFORMS_PASSUTILS_H
