//===- EyerissTarget.cpp - The target model of a module -------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"

#include "mlir/IR/BuiltinOps.h"

using namespace mlir;

namespace eyeriss {

FailureOr<const TargetModel *> TargetModelCache::getOrLoad(
    llvm::StringRef archNameOrPath,
    llvm::function_ref<InFlightDiagnostic()> emitError) {
  std::lock_guard<std::mutex> lock(mutex);
  auto it = models.find(archNameOrPath);
  if (it != models.end())
    return it->second.get();
  llvm::Expected<ArchDescription> arch = loadArchDescription(archNameOrPath);
  if (!arch) {
    emitError() << "cannot load architecture '" << archNameOrPath
                << "': " << llvm::toString(arch.takeError());
    return failure();
  }
  auto model = std::make_unique<TargetModel>(std::move(*arch));
  const TargetModel *result = model.get();
  models[archNameOrPath] = std::move(model);
  return result;
}

FailureOr<const TargetModel *>
getOrLoadTargetModel(MLIRContext *context, llvm::StringRef archNameOrPath,
                     llvm::function_ref<InFlightDiagnostic()> emitError) {
  auto *dialect = context->getOrLoadDialect<EyerissDialect>();
  return dialect->getTargetModelCache().getOrLoad(archNameOrPath, emitError);
}

FailureOr<const TargetModel *> getTargetModel(Operation *op) {
  for (Operation *scope = op; scope; scope = scope->getParentOp()) {
    if (!isa<ModuleOp>(scope))
      continue;
    auto target = scope->getAttrOfType<TargetAttr>(
        EyerissDialect::kTargetAttrName);
    if (!target)
      continue;
    return getOrLoadTargetModel(op->getContext(), target.getArch(),
                                [&] { return scope->emitError(); });
  }
  return op->emitError()
         << "no enclosing module names the target hardware: add an '"
         << EyerissDialect::kTargetAttrName
         << "' attribute (e.g. with --eyeriss-attach-target)";
}

} // namespace eyeriss
