//===- DumpMapping.cpp - Write the mappings to a mapping file -------------===//

#include "eyeriss/Dialect/Eyeriss/Transforms/MappingFile.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"

#include "mlir/Support/FileUtilities.h"

#include "llvm/Support/ToolOutputFile.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSDUMPMAPPING
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {
struct DumpMappingPass
    : public eyeriss::impl::EyerissDumpMappingBase<DumpMappingPass> {
  using Base::Base;

  void runOnOperation() override {
    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> out = openOutputFile(file, &error);
    if (!out) {
      getOperation().emitError() << "cannot write mapping file: " << error;
      return signalPassFailure();
    }
    out->os() << llvm::formatv("{0:2}", mappingFileToJSON(getOperation()))
              << "\n";
    out->keep();
    markAllAnalysesPreserved();
  }
};
} // namespace
