//===- BitExactTest.cpp - The simulator equals a plain fixed-point loop ---===//
//
// Property test: layers compiled by the real compiler (mapper, quantizer,
// EYB lowering) and run on the simulator produce, word for word, what a
// straightforward loop computes from the program's own int16 words (input,
// weights, bias in the psum format, the window shift and output stage of
// docs/FixedPoint.md). Shapes: every AlexNet layer (grouped, as Eyeriss ran
// it), and random CONV and FC layers with strides, dilations, padding,
// groups, under every mapping objective. VGG-16's shapes are in
// BitExactLongTest.cpp (label long).
//
//===----------------------------------------------------------------------===//

#include "BitExact.h"
#include "../Mapping/LayerShapes.h"

#include "gtest/gtest.h"

using namespace eyeriss;
using namespace eyeriss::test;

namespace {

/// An FC layer as the dialect has it: an N x K input, M x K weights.
LayerShape fcLayer(int64_t n, int64_t k, int64_t m) {
  LayerShape s;
  s.N = n;
  s.C = k;
  s.M = m;
  return s;
}

TEST(BitExactTest, AlexNetLayers) {
  // Grouped AlexNet (JSSC 2017 Table III shapes), one image.
  std::vector<std::pair<LayerShape, bool>> layers;
  for (const NamedLayer &l : alexnetConvLayers(1))
    layers.push_back({l.shape, false});
  layers.push_back({fcLayer(1, 9216, 4096), true});
  layers.push_back({fcLayer(1, 4096, 4096), true});
  layers.push_back({fcLayer(1, 4096, 1000), true});
  unsigned seed = 100;
  for (auto &[shape, isFC] : layers) {
    LayerSpec spec;
    spec.shape = shape;
    spec.fc = isFC;
    spec.seed = seed++;
    expectBitExact(spec, /*timing=*/true);
  }
}

TEST(BitExactTest, PsumsSpilledToDRAMKeepTheirCarries) {
  // A layer whose psums are parked in the GLB between passes (channels in
  // several passes). Spilling them to DRAM raw and loading them back before
  // each such pass must change nothing: not the words, nor, with inputs far
  // beyond the calibration, the outputs found to have overflowed.
  LayerShape shape;
  shape.N = 1;
  shape.C = 96;
  shape.M = 16;
  shape.H = shape.W = 13;
  shape.R = shape.S = 3;
  shape.E = shape.F = 11;
  LayerSpec spec;
  spec.shape = shape;
  spec.seed = 5;
  spec.activation = "";
  std::string error;
  std::optional<eyb::Program> program = compileLayer(spec, error);
  ASSERT_TRUE(program.has_value()) << error;
  const eyb::LayerConfig &l = program->layers[0];
  eyb::TensorDesc spill;
  spill.name = "psum.spill";
  spill.fracBits = l.psumFracBits;
  spill.shape = {l.shape.N, l.shape.M, l.shape.E, l.shape.F};
  spill.dramAddress = (program->dramBytes + 7) / 8 * 8;
  spill.dramBytes = eyb::requiredDramBytes(spill, program->arch.rlc);
  program->dramBytes = spill.dramAddress + spill.dramBytes;
  program->tensors.push_back(spill);
  const uint32_t spillId = uint32_t(program->tensors.size() - 1);
  std::vector<eyb::Instruction> rewritten;
  int64_t spills = 0;
  for (const eyb::Instruction &in : program->instructions) {
    if (const auto *pass = std::get_if<eyb::Pass>(&in);
        pass && pass->psumIn == eyb::PsumInput::GLB) {
      rewritten.push_back(eyb::GlbToDram{spillId, eyb::OutputMode::Raw,
                                         pass->psum.addr, pass->psum.box});
      rewritten.push_back(eyb::DramToGlb{spillId, eyb::BankRole::Psum,
                                         pass->psum.addr, pass->psum.box});
      ++spills;
    }
    rewritten.push_back(in);
  }
  ASSERT_GT(spills, 0) << "the layer keeps no psums between passes";
  program->instructions = std::move(rewritten);
  int64_t overflows = 0;
  expectBitExact(*program, /*timing=*/false, 8.0f, &overflows);
  EXPECT_GT(overflows, 0);
}

TEST(BitExactTest, RandomLayers) {
  std::mt19937 rng(2026);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const char *objectives[] = {"energy", "latency", "edp"};
  const char *activations[] = {"", "relu", "relu6"};
  int checked = 0;
  int64_t overflows = 0;
  for (int i = 0; checked < 60; ++i) {
    ASSERT_LT(i, 400) << "too many random shapes were unmappable";
    LayerSpec spec;
    spec.seed = unsigned(1000 + i);
    spec.objective = objectives[i % 3];
    spec.activation = activations[pick(0, 2)];
    spec.bias = pick(0, 3) != 0;
    spec.arch = pick(0, 3) == 0 ? "eyeriss-isca16-256pe" : "eyeriss-v1";
    if (pick(0, 5) == 0) {
      spec.fc = true;
      spec.shape = fcLayer(pick(1, 4), pick(1, 300), pick(1, 70));
    } else {
      LayerShape s;
      s.groups = pick(0, 3) == 0 ? 2 : 1;
      s.N = pick(1, 3);
      s.C = s.groups * pick(1, 12);
      s.M = s.groups * pick(1, 20);
      s.H = pick(3, 24);
      s.W = pick(3, 24);
      s.R = pick(1, std::min<int64_t>(5, s.H));
      s.S = pick(1, std::min<int64_t>(5, s.W));
      s.strideH = pick(1, 3);
      s.strideW = pick(1, 3);
      s.dilationH = pick(0, 4) == 0 ? 2 : 1;
      s.dilationW = pick(0, 4) == 0 ? 2 : 1;
      s.padTop = pick(0, 2);
      s.padBottom = pick(0, 2);
      s.padLeft = pick(0, 2);
      s.padRight = pick(0, 2);
      int64_t spanH = (s.R - 1) * s.dilationH + 1,
              spanW = (s.S - 1) * s.dilationW + 1;
      if (s.H + s.padTop + s.padBottom < spanH ||
          s.W + s.padLeft + s.padRight < spanW)
        continue;
      s.E = (s.H + s.padTop + s.padBottom - spanH) / s.strideH + 1;
      s.F = (s.W + s.padLeft + s.padRight - spanW) / s.strideW + 1;
      spec.shape = s;
    }
    std::string error;
    std::optional<eyb::Program> program = compileLayer(spec, error);
    if (!program) {
      // Shapes the mapper refuses (e.g. a filter wider than the ifmap
      // spad) must be refused with a diagnostic, never mis-compiled.
      EXPECT_NE(error.find("error"), std::string::npos) << error;
      continue;
    }
    SCOPED_TRACE("random layer " + std::to_string(i));
    // Every third layer gets inputs 8x beyond its calibration: its psums
    // overflow, and the output words must still be the chip's (wrapped).
    int64_t layerOverflows = 0;
    expectBitExact(*program, /*timing=*/true, i % 3 == 2 ? 8.0f : 1.0f,
                   &layerOverflows);
    overflows += layerOverflows;
    ++checked;
  }
  // The overflow check above was exercised.
  EXPECT_GT(overflows, 0);
}

} // namespace
