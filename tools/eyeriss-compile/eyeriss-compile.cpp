//===- eyeriss-compile.cpp - ONNX to Eyeriss compiler driver --------------===//
//
// eyeriss-compile model.onnx [-o out] [--compile-to=<phase>] [--arch=...]
//
// Imports an ONNX model and runs the compilation phases in order, stopping
// after --compile-to and printing the IR there. The phases are the same
// pipelines eyeriss-opt exposes as --eyeriss-<phase>-pipeline, so both tools
// run exactly the same code.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Arch/BuiltinArchs.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Pipelines.h"
#include "eyeriss/Import/ONNX/ONNXImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace eyeriss;

namespace cl = llvm::cl;

static cl::OptionCategory compileCategory("eyeriss-compile options");

static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<model.onnx | model.onnxtext>"),
                                          cl::cat(compileCategory));

static cl::opt<std::string> outputFilename("o", cl::desc("Output file (default: stdout)"),
                                           cl::value_desc("file"), cl::init("-"),
                                           cl::cat(compileCategory));

static cl::opt<CompilePhase> compileTo(
    "compile-to", cl::desc("Stop after this phase and print the IR"),
    cl::init(CompilePhase::Canonicalize),
    cl::values(clEnumValN(CompilePhase::Import, "import",
                          "ONNX translated to eyeriss ops, unchanged"),
               clEnumValN(CompilePhase::Canonicalize, "canonicalize",
                          "identities dropped, batch norms folded, "
                          "activations fused, Gemm turned into FC, "
                          "constants folded")),
    cl::cat(compileCategory));

static cl::opt<std::string> archName(
    "arch",
    cl::desc("Target architecture: a shipped name (eyeriss-v1, "
             "eyeriss-isca16-256pe) or an architecture JSON file"),
    cl::value_desc("name|file"), cl::init(std::string(kDefaultArchName)),
    cl::cat(compileCategory));

static cl::list<std::string> inputShapes(
    "shape",
    cl::desc("Static shape of a graph input, e.g. --shape=input:1,3,224,224 "
             "(repeatable)"),
    cl::value_desc("name:d0,d1,..."), cl::cat(compileCategory));

static cl::opt<int64_t> batch("batch",
                              cl::desc("Batch size: sets dimension 0 of every graph input"),
                              cl::value_desc("N"), cl::init(0),
                              cl::cat(compileCategory));

static cl::opt<int64_t> maxTensorElements(
    "max-tensor-elements",
    cl::desc("Refuse tensors with more elements than this"),
    cl::init(ONNXImportOptions().maxTensorElements), cl::cat(compileCategory));

static cl::opt<bool> printSupportedOps(
    "print-supported-ops",
    cl::desc("Print the ONNX op types the importer supports, one a line, "
             "and exit"),
    cl::init(false), cl::cat(compileCategory));

static cl::opt<int64_t> elideWeights(
    "elide-weights-larger-than",
    cl::desc("Print constants with more elements than this as __elided__ "
             "(0: print every weight; the output can then be parsed back)"),
    cl::init(64), cl::cat(compileCategory));


int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::HideUnrelatedOptions({&compileCategory, &cl::getGeneralCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "eyeriss-compile: compiles an ONNX model for the Eyeriss accelerator\n");

  if (printSupportedOps) {
    for (llvm::StringRef op : getSupportedONNXOpTypes())
      llvm::outs() << op << "\n";
    return 0;
  }
  if (inputFilename.empty()) {
    llvm::errs() << "eyeriss-compile: no input model (see --help)\n";
    return 1;
  }

  ONNXImportOptions importOptions;
  for (const std::string &spec : inputShapes)
    if (llvm::Error err = parseInputShapeOverride(spec, importOptions.inputShapes)) {
      llvm::errs() << "eyeriss-compile: " << llvm::toString(std::move(err)) << "\n";
      return 1;
    }
  if (batch.getNumOccurrences()) {
    if (batch <= 0) {
      llvm::errs() << "eyeriss-compile: --batch must be positive\n";
      return 1;
    }
    importOptions.batch = batch;
  }
  if (maxTensorElements <= 0) {
    llvm::errs() << "eyeriss-compile: --max-tensor-elements must be positive\n";
    return 1;
  }
  importOptions.maxTensorElements = maxTensorElements;

  DialectRegistry registry;
  registry.insert<EyerissDialect, func::FuncDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);

  DefaultTimingManager tm;
  applyDefaultTimingManagerCLOptions(tm);
  TimingScope timing = tm.getRootScope();

  OwningOpRef<ModuleOp> module;
  {
    TimingScope importTiming = timing.nest("Import ONNX");
    importOptions.timing = &importTiming;
    module = importONNXFile(inputFilename, &context, importOptions);
  }
  if (!module)
    return 1;

  PassManager pm(&context, ModuleOp::getOperationName());
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  pm.enableTiming(timing);
  EyerissAttachTargetOptions targetOptions;
  targetOptions.arch = archName;
  pm.addPass(createEyerissAttachTarget(targetOptions));
  buildPipelineUpTo(pm, compileTo);
  if (failed(pm.run(*module)))
    return 1;

  std::string errorMessage;
  auto output = openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << "eyeriss-compile: " << errorMessage << "\n";
    return 1;
  }
  {
    TimingScope printTiming = timing.nest("Output");
    OpPrintingFlags flags;
    if (elideWeights > 0)
      flags.elideLargeElementsAttrs(elideWeights);
    module->print(output->os(), flags);
    output->os() << "\n";
  }
  output->keep();
  return 0;
}
