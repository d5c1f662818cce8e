//===- PassUtils.cpp - What several eyeriss passes share ------------------===//

#include "eyeriss/Dialect/Eyeriss/Transforms/PassUtils.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Support/HostFormat.h"

#include "llvm/ADT/SmallPtrSet.h"

#include "llvm/Support/FileSystem.h"

#include <limits>
#include <random>

using namespace mlir;
using namespace eyeriss;

FailureOr<func::FuncOp> eyeriss::getEntryFunction(ModuleOp module,
                                                  StringRef pass,
                                                  StringRef purpose) {
  if (auto main = module.lookupSymbol<func::FuncOp>("main"))
    return main;
  auto funcs = module.getOps<func::FuncOp>();
  if (std::distance(funcs.begin(), funcs.end()) == 1)
    return *funcs.begin();
  return module.emitError() << pass
                            << " needs a @main function (or exactly one "
                               "function) "
                            << purpose,
         failure();
}

/// The range calibration draws the integers of an input from.
struct IntegerInputRange {
  /// The number of entries they may pick; the maximum when they index
  /// nothing.
  int64_t bound = std::numeric_limits<int64_t>::max();
  /// Whether they divide (integer div, mod, fmod): then never 0.
  bool divides = false;
};

/// The range of the integers of `arg`: below the smallest extent they index
/// in a gather (or layout ops of them do); not 0 when they (or layout ops of
/// them) are a divisor.
static IntegerInputRange integerInputRange(BlockArgument arg) {
  IntegerInputRange range;
  int64_t &bound = range.bound;
  SmallVector<Value> worklist = {arg};
  llvm::SmallPtrSet<Operation *, 8> seen;
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (auto gather = dyn_cast<GatherOp>(user);
          gather && use.getOperandNumber() == 1) {
        bound = std::min(
            bound, gather.getData().getType().getDimSize(gather.getAxis()));
        continue;
      }
      if (auto gather = dyn_cast<GatherElementsOp>(user);
          gather && use.getOperandNumber() == 1) {
        bound = std::min(
            bound, gather.getData().getType().getDimSize(gather.getAxis()));
        continue;
      }
      if (auto scatter = dyn_cast<ScatterElementsOp>(user);
          scatter && use.getOperandNumber() == 1) {
        bound = std::min(
            bound, scatter.getData().getType().getDimSize(scatter.getAxis()));
        continue;
      }
      if (auto scatter = dyn_cast<ScatterNDOp>(user);
          scatter && use.getOperandNumber() == 1) {
        // Entry j of each tuple indexes the data's dimension j.
        ArrayRef<int64_t> data = scatter.getData().getType().getShape();
        int64_t k = scatter.getIndices().getType().getShape().back();
        for (int64_t d = 0; d < k; ++d)
          bound = std::min(bound, data[d]);
        continue;
      }
      if (auto gather = dyn_cast<GatherNDOp>(user);
          gather && use.getOperandNumber() == 1) {
        // Each index entry picks in one of the data's dimensions after the
        // batch ones.
        ArrayRef<int64_t> data = gather.getData().getType().getShape();
        int64_t first = gather.getBatchDims();
        int64_t k = gather.getIndices().getType().getShape().back();
        for (int64_t d = first; d < first + k; ++d)
          bound = std::min(bound, data[d]);
        continue;
      }
      if (auto binary = dyn_cast<BinaryOp>(user);
          binary && binary.getIntegers() && use.getOperandNumber() == 1 &&
          llvm::is_contained({BinaryFn::Div, BinaryFn::Mod, BinaryFn::FMod},
                             binary.getFn())) {
        range.divides = true;
        continue;
      }
      if (isa<IdentityOp, ReshapeOp, FlattenOp, TransposeOp, SliceOp, ConcatOp,
              ExpandOp, GatherOp>(user) &&
          seen.insert(user).second)
        worklist.push_back(user->getResult(0));
    }
  }
  return range;
}

FailureOr<SmallVector<reference::Tensor>>
eyeriss::seededNormalInputs(func::FuncOp func, unsigned seed,
                            StringRef purpose) {
  std::mt19937 generator(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  SmallVector<reference::Tensor> inputs;
  for (auto [index, type] : llvm::enumerate(func.getArgumentTypes())) {
    auto ranked = dyn_cast<RankedTensorType>(type);
    if (!ranked || !ranked.hasStaticShape())
      return func.emitError() << "cannot " << purpose << ": argument type "
                              << type << " is not a statically shaped tensor",
             failure();
    reference::Tensor t = reference::Tensor::zeros(ranked.getShape());
    if (isIntegerFormat(EyerissDialect::getArgHostFormat(func, index))) {
      // Token ids: uniform over the rows they pick; a divisor from 1.
      // Integers that index nothing: an 8- or 16-bit type's whole range (an
      // image's pixels, quantized activations), else 0 or 1 (a mask).
      HostFormat format = EyerissDialect::getArgHostFormat(func, index);
      IntegerInputRange range = integerInputRange(func.getArgument(index));
      auto [lo, hi] = seededIntegerRange(format);
      if (range.bound != std::numeric_limits<int64_t>::max()) {
        lo = 0;
        hi = range.bound - 1;
      }
      if (range.divides)
        lo = std::max<int64_t>(lo, 1);
      std::uniform_int_distribution<int64_t> uniform(lo, std::max(hi, lo));
      for (float &v : t.data)
        v = float(uniform(generator));
    } else {
      for (float &v : t.data)
        v = normal(generator);
    }
    inputs.push_back(std::move(t));
  }
  return inputs;
}

LogicalResult
eyeriss::writeReportFile(Operation *op, StringRef path,
                         llvm::function_ref<void(llvm::raw_ostream &)> print) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return op->emitError() << "cannot write '" << path
                           << "': " << ec.message();
  print(os);
  return success();
}

LogicalResult eyeriss::checkReportFormat(Operation *op, StringRef format) {
  if (format == "table" || format == "json")
    return success();
  return op->emitError() << "unknown format '" << format
                         << "' (expected 'table' or 'json')";
}

LogicalResult eyeriss::forEachSchedule(
    ModuleOp module,
    function_ref<LogicalResult(ScheduleOp, const TargetModel &)> fn) {
  FailureOr<const TargetModel *> target = getTargetModel(module);
  if (failed(target))
    return failure();
  WalkResult result = module.walk([&](ScheduleOp schedule) {
    return failed(fn(schedule, **target)) ? WalkResult::interrupt()
                                          : WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}
