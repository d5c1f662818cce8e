//===- Partition.cpp - The PE array's ops and the host's ------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/Support/raw_ostream.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSPARTITION
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
/// Ops that move no data and compute nothing at run time.
bool isFree(Operation *op) {
  return isa<ConstantOp, ReshapeOp, FlattenOp, IdentityOp, DropoutOp,
             func::ReturnOp, func::FuncOp, ModuleOp>(op);
}

struct PartitionPass
    : public eyeriss::impl::EyerissPartitionBase<PartitionPass> {
  using Base::Base;

  void runOnOperation() override {
    int64_t arrayOps = 0, arrayMACs = 0;
    llvm::MapVector<StringRef, int64_t> hostOps;
    bool failedAny = false;
    getOperation().walk([&](Operation *op) {
      if (auto layer = dyn_cast<ArrayLayerOpInterface>(op)) {
        ++arrayOps;
        arrayMACs += layer.getNumMACs();
        return;
      }
      if (isFree(op) || op->getDialect() != op->getContext()
                                                ->getLoadedDialect<EyerissDialect>())
        return;
      ++hostOps[op->getName().stripDialect()];
      if (!allowHost) {
        op->emitOpError() << "runs on the host CPU: the PE array runs only "
                             "CONV and FC layers, and host fallback is "
                             "disabled";
        failedAny = true;
      }
    });
    if (failedAny)
      return signalPassFailure();
    if (report) {
      llvm::outs() << "PE array: " << arrayOps << " CONV/FC layers, "
                   << arrayMACs << " MACs\nhost CPU:";
      if (hostOps.empty())
        llvm::outs() << " nothing";
      for (auto [name, count] : hostOps)
        llvm::outs() << " " << name << " x" << count;
      llvm::outs() << "\n";
    }
    markAllAnalysesPreserved();
  }
};
} // namespace
