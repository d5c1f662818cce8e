//===- ReferenceTestSupport.h - Shared helpers of the executor tests -----===//
//
// Each test writes a small function in MLIR text, runs it through
// runFunction on seeded random inputs, and compares the results with a
// deliberately naive loop written in the test (double accumulation, one
// output element at a time, no blocking), never with the library's kernels.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_TEST_UNIT_REFERENCE_REFERENCETESTSUPPORT_H
#define EYERISS_TEST_UNIT_REFERENCE_REFERENCETESTSUPPORT_H

#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"
#include "eyeriss/Reference/ReferenceExecutor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <optional>
#include <random>
#include <string>

namespace eyeriss::reference::testing {

/// "tensor<2x3xf32>".
inline std::string tensorType(llvm::ArrayRef<int64_t> shape,
                              llvm::StringRef element = "f32") {
  std::string text = "tensor<";
  for (int64_t d : shape)
    text += std::to_string(d) + "x";
  return text + element.str() + ">";
}

/// A tensor of uniform values in [lo, hi) from a seeded generator.
inline Tensor randomTensor(llvm::ArrayRef<int64_t> shape, uint32_t seed,
                           float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  Tensor t = Tensor::zeros(shape);
  for (float &x : t.data)
    x = dist(rng);
  return t;
}

/// Expects equal shapes and elements within `tol` relative to
/// max(1, |expected|).
inline void expectClose(const Tensor &actual, const Tensor &expected,
                        double tol = 1e-5) {
  ASSERT_EQ(actual.shape, expected.shape);
  ASSERT_EQ(actual.data.size(), expected.data.size());
  int reported = 0;
  for (size_t i = 0; i < actual.data.size(); ++i) {
    double e = expected.data[i], a = actual.data[i];
    bool close = (std::isnan(e) && std::isnan(a)) ||
                 std::abs(a - e) <= tol * std::max(1.0, std::abs(e));
    if (!close && reported++ < 5)
      ADD_FAILURE() << "element " << i << ": got " << a << ", expected " << e;
  }
}

/// Parses modules with the eyeriss and func dialects and runs their
/// functions, collecting diagnostics.
class ReferenceTest : public ::testing::Test {
protected:
  ReferenceTest() {
    context.loadDialect<EyerissDialect, mlir::func::FuncDialect>();
    handler.emplace(&context, [this](mlir::Diagnostic &diag) {
      llvm::raw_string_ostream(diagnostics)
          << diag.getLocation() << ": " << diag << "\n";
    });
  }

  /// Parses `source`, a module whose first function is run.
  mlir::func::FuncOp parse(llvm::StringRef source) {
    module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    if (!module) {
      ADD_FAILURE() << "parse failed:\n" << diagnostics << source.str();
      return nullptr;
    }
    auto funcs = module->getOps<mlir::func::FuncOp>();
    if (funcs.empty()) {
      ADD_FAILURE() << "no function in:\n" << source.str();
      return nullptr;
    }
    return *funcs.begin();
  }

  /// Runs `source` on `inputs`; a failure fails the test.
  llvm::SmallVector<Tensor> run(llvm::StringRef source,
                                llvm::ArrayRef<Tensor> inputs) {
    mlir::func::FuncOp func = parse(source);
    if (!func)
      return {};
    mlir::FailureOr<llvm::SmallVector<Tensor>> results =
        runFunction(func, inputs);
    if (failed(results)) {
      ADD_FAILURE() << "runFunction failed:\n" << diagnostics << source.str();
      return {};
    }
    return std::move(*results);
  }

  /// Runs a one-result function and returns that result.
  Tensor runOne(llvm::StringRef source, llvm::ArrayRef<Tensor> inputs) {
    llvm::SmallVector<Tensor> results = run(source, inputs);
    if (results.size() != 1) {
      ADD_FAILURE() << "expected one result, got " << results.size();
      return Tensor();
    }
    return std::move(results.front());
  }

  /// Runs `source`, which must fail, and returns the diagnostics.
  std::string runExpectingError(llvm::StringRef source,
                                llvm::ArrayRef<Tensor> inputs) {
    mlir::func::FuncOp func = parse(source);
    if (!func)
      return "";
    diagnostics.clear();
    EXPECT_TRUE(failed(runFunction(func, inputs))) << source.str();
    return diagnostics;
  }

  mlir::MLIRContext context;
  std::string diagnostics;
  std::optional<mlir::ScopedDiagnosticHandler> handler;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

} // namespace eyeriss::reference::testing

#endif // EYERISS_TEST_UNIT_REFERENCE_REFERENCETESTSUPPORT_H
