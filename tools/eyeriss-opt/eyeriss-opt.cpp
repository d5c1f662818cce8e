//===- eyeriss-opt.cpp - mlir-opt for the eyeriss dialect -----------------===//
//
// Parses, verifies, transforms and prints eyeriss IR. Registers only the
// dialects eyeriss-mlir uses and every eyeriss-* pass.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<eyeriss::EyerissDialect, mlir::func::FuncDialect>();

  eyeriss::registerEyerissPasses();
  eyeriss::registerEyerissPipelines();
  // Generic cleanups that the eyeriss pipelines use.
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "eyeriss-mlir optimizer driver\n", registry));
}
