//===- eyeriss-translate.cpp - mlir-translate for the eyeriss dialect -----===//
//
// Translates scheduled eyeriss IR (eyeriss-compile --compile-to=schedule, or
// eyeriss-opt --eyeriss-schedule-pipeline, possibly edited by hand) into an
// EYB program: the binary (--eyeriss-to-eyb) or its listing
// (--eyeriss-to-eyb-asm). eyeriss-compile does the same after its schedule
// phase; this tool starts from IR, so that a schedule can be changed and
// run on the simulator without recompiling the model.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"
#include "eyeriss/ISA/Disassembler.h"
#include "eyeriss/ISA/Writer.h"
#include "eyeriss/Target/EYB/LowerToEYB.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

using namespace mlir;

namespace {
void registerDialects(DialectRegistry &registry) {
  registry.insert<eyeriss::EyerissDialect, func::FuncDialect>();
}

LogicalResult translate(ModuleOp module, raw_ostream &os, bool listing) {
  FailureOr<eyeriss::eyb::Program> program = eyeriss::lowerToEYB(module);
  if (failed(program))
    return failure();
  if (listing) {
    eyeriss::eyb::disassemble(*program, os);
    return success();
  }
  llvm::Expected<std::vector<uint8_t>> bytes =
      eyeriss::eyb::writeProgram(*program);
  if (!bytes)
    return module.emitError() << llvm::toString(bytes.takeError());
  os.write(reinterpret_cast<const char *>(bytes->data()), bytes->size());
  return success();
}
} // namespace

int main(int argc, char **argv) {
  TranslateFromMLIRRegistration toBinary(
      "eyeriss-to-eyb", "EYB binary of scheduled eyeriss IR",
      [](ModuleOp module, raw_ostream &os) {
        return translate(module, os, /*listing=*/false);
      },
      registerDialects);
  TranslateFromMLIRRegistration toListing(
      "eyeriss-to-eyb-asm", "EYB listing of scheduled eyeriss IR",
      [](ModuleOp module, raw_ostream &os) {
        return translate(module, os, /*listing=*/true);
      },
      registerDialects);
  return failed(mlirTranslateMain(argc, argv, "eyeriss-mlir translation tool"));
}
