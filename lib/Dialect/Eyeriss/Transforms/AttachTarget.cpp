//===- AttachTarget.cpp - Name the target hardware of a module ------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSATTACHTARGET
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
struct AttachTargetPass
    : public eyeriss::impl::EyerissAttachTargetBase<AttachTargetPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto existing =
        module->getAttrOfType<TargetAttr>(EyerissDialect::kTargetAttrName);
    if (existing && existing.getArch() != arch && !override) {
      module.emitError() << "module already targets '" << existing.getArch()
                         << "'; refusing to retarget it to '" << arch
                         << "' (use override=true)";
      return signalPassFailure();
    }
    if (failed(getOrLoadTargetModel(&getContext(), arch,
                                    [&] { return module.emitError(); })))
      return signalPassFailure();
    module->setAttr(EyerissDialect::kTargetAttrName,
                    TargetAttr::get(&getContext(), arch));
  }
};
} // namespace
