//===- LoweringTest.cpp - The EYB translation reads the schedule ----------===//
//
// The translation emits what the schedule phase decided and nothing else:
// a layer without a complete schedule is refused with a message, and a
// scheduled layer's instructions follow its schedule's ops one for one.
//
//===----------------------------------------------------------------------===//

#include "CompileLayer.h"

#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"

#include "gtest/gtest.h"

using namespace eyeriss;
using namespace eyeriss::test;

namespace {
LayerSpec smallConv() {
  LayerSpec spec;
  spec.shape.N = 1;
  spec.shape.C = 8;
  spec.shape.M = 16;
  spec.shape.H = spec.shape.W = 10;
  spec.shape.R = spec.shape.S = 3;
  spec.shape.E = spec.shape.F = 8;
  return spec;
}
} // namespace

TEST(LoweringTest, RefusesAnUnscheduledLayer) {
  std::string error;
  std::optional<eyb::Program> program =
      compileLayer(smallConv(), error, CompilePhase::Quantize);
  ASSERT_FALSE(program.has_value());
  EXPECT_NE(error.find("cannot be lowered: it needs a schedule with placed "
                       "GLB buffers and NoC IDs (--compile-to=schedule)"),
            std::string::npos)
      << error;
}

TEST(LoweringTest, RefusesUnplacedBuffers) {
  std::string error;
  std::optional<eyb::Program> program = compileLayer(
      smallConv(), error, CompilePhase::Quantize,
      [](mlir::OpPassManager &pm) {
        pm.addPass(createEyerissTile());
        pm.addPass(createEyerissScheduleMulticast());
        pm.addPass(createEyerissInsertRLC());
      });
  ASSERT_FALSE(program.has_value());
  EXPECT_NE(error.find("it needs a schedule with placed GLB buffers"),
            std::string::npos)
      << error;
}

TEST(LoweringTest, RefusesUndecidedCompression) {
  std::string error;
  std::optional<eyb::Program> program = compileLayer(
      smallConv(), error, CompilePhase::Quantize,
      [](mlir::OpPassManager &pm) {
        pm.addPass(createEyerissTile());
        pm.addPass(createEyerissAllocateGLB());
        pm.addPass(createEyerissScheduleMulticast());
      });
  ASSERT_FALSE(program.has_value());
  EXPECT_NE(error.find("its compression is not decided (run "
                       "eyeriss-insert-rlc)"),
            std::string::npos)
      << error;
}

TEST(LoweringTest, OneInstructionPerScheduleOp) {
  std::string error;
  std::optional<eyb::Program> program = compileLayer(smallConv(), error);
  ASSERT_TRUE(program.has_value()) << error;
  ASSERT_EQ(program->layers.size(), 1u);
  // CONFIGURE_LAYER, then per load/pass/store op one instruction.
  size_t configure = 0, loads = 0, preloads = 0, passes = 0, stores = 0;
  for (const eyb::Instruction &i : program->instructions) {
    configure += std::holds_alternative<eyb::ConfigureLayer>(i);
    loads += std::holds_alternative<eyb::DramToGlb>(i);
    preloads += std::holds_alternative<eyb::FilterPreload>(i);
    passes += std::holds_alternative<eyb::Pass>(i);
    stores += std::holds_alternative<eyb::GlbToDram>(i);
  }
  EXPECT_EQ(configure, 1u);
  EXPECT_EQ(preloads, passes);
  EXPECT_GE(loads, 1u);
  EXPECT_GE(stores, 1u);
  // Every pass's psums lie in the psum banks the layer configures.
  const eyb::LayerConfig &l = program->layers[0];
  for (const eyb::Instruction &i : program->instructions)
    if (const auto *pass = std::get_if<eyb::Pass>(&i)) {
      uint32_t bank = pass->psum.addr / 2048;
      ASSERT_LT(bank, l.banks.size());
      EXPECT_EQ(l.banks[bank], eyb::BankRole::Psum);
    }
}
