//===- SimulatorTest.cpp - The simulator's interface and invariants -------===//

#include "../ISA/TestPrograms.h"
#include "CompileLayer.h"

#include "eyeriss/Runtime/Simulator.h"

#include "gtest/gtest.h"

using namespace eyeriss;
using namespace eyeriss::runtime;
using namespace eyeriss::eyb;

namespace {
std::unique_ptr<Simulator> make(Program p, SimulatorOptions o = {}) {
  auto sim = Simulator::create(std::move(p), o);
  EXPECT_TRUE(bool(sim)) << toString(sim.takeError());
  return sim ? std::move(*sim) : nullptr;
}

std::string runWith(Simulator &sim, float value) {
  for (uint32_t id : sim.inputs()) {
    std::vector<float> v(size_t(sim.program().tensors[id].numElements()),
                         value);
    if (llvm::Error err = sim.setInput(id, v))
      return toString(std::move(err));
  }
  if (llvm::Error err = sim.run())
    return toString(std::move(err));
  return "";
}
} // namespace

TEST(SimulatorTest, RunsTheTinyProgram) {
  auto sim = make(eyb::test::tinyConvProgram());
  ASSERT_TRUE(sim);
  ASSERT_EQ(runWith(*sim, 0.5f), "");
  const RunStats &s = sim->stats();
  // One layer (conv1) and one host op (pool1).
  ASSERT_EQ(s.layers.size(), 2u);
  EXPECT_EQ(s.layers[0].kind, "conv");
  EXPECT_EQ(s.layers[0].passes, 1);
  EXPECT_EQ(s.layers[0].macs, 2 * 3 * 5 * 5 * 3 * 3);
  EXPECT_EQ(s.layers[1].kind, "host");
  EXPECT_GT(s.layers[0].processingCycles, s.layers[0].configCycles);
  EXPECT_GE(s.layers[0].serialCycles, s.layers[0].processingCycles);
  // The output exists and is finite.
  auto out = sim->readTensor(sim->outputs()[0]);
  ASSERT_TRUE(bool(out));
  EXPECT_EQ(out->size(), 8u);
  for (float v : *out)
    EXPECT_TRUE(std::isfinite(v));
  // Stats and trace serialize.
  llvm::json::Value json = toJSON(s, sim->target());
  EXPECT_TRUE(json.getAsObject()->getObject("totals")->getNumber("power_mw"));
  EXPECT_EQ(json.getAsObject()->getArray("layers")->size(), 2u);
}

TEST(SimulatorTest, ZeroGatingSavesEnergyNotCycles) {
  auto dense = make(eyb::test::tinyConvProgram());
  auto zeros = make(eyb::test::tinyConvProgram());
  ASSERT_TRUE(dense && zeros);
  ASSERT_EQ(runWith(*dense, 0.5f), "");
  ASSERT_EQ(runWith(*zeros, 0.0f), "");
  const LayerStats &d = dense->stats().layers[0], &z = zeros->stats().layers[0];
  EXPECT_EQ(d.processingCycles, z.processingCycles);
  EXPECT_EQ(d.macs, z.macs);
  EXPECT_EQ(z.counts.macs, 0);
  EXPECT_EQ(z.counts.gatedMACs, double(z.macs));
  EXPECT_LT(computeEnergy(z.counts, zeros->target(), EnergyUnit::Picojoules)
                .total(),
            computeEnergy(d.counts, dense->target(), EnergyUnit::Picojoules)
                .total());
  // The same transfers, whatever the data.
  EXPECT_EQ(z.dramBytesUncompressed, d.dramBytesUncompressed);
}

TEST(SimulatorTest, TimingOffKeepsOutputsAndCounts) {
  SimulatorOptions off;
  off.timing = false;
  auto timed = make(eyb::test::twoLayerProgram());
  auto untimed = make(eyb::test::twoLayerProgram(), off);
  ASSERT_TRUE(timed && untimed);
  ASSERT_EQ(runWith(*timed, 0.25f), "");
  ASSERT_EQ(runWith(*untimed, 0.25f), "");
  for (uint32_t id : timed->outputs())
    EXPECT_EQ(*timed->readTensor(id), *untimed->readTensor(id));
  EXPECT_EQ(untimed->stats().totals.processingCycles, 0);
  EXPECT_EQ(timed->stats().totals.counts.glb.total(),
            untimed->stats().totals.counts.glb.total());
}

TEST(SimulatorTest, Diagnostics) {
  // Inputs must be set, once per run.
  auto sim = make(eyb::test::tinyConvProgram());
  ASSERT_TRUE(sim);
  llvm::Error err = sim->run();
  EXPECT_EQ(toString(std::move(err)),
            "input tensor 0 'input' has not been set");
  EXPECT_EQ(toString(sim->setInput(0, std::vector<float>(3, 0.0f))),
            "tensor 'input' has 75 elements, got 3 values");
  EXPECT_EQ(toString(sim->setInput(1, std::vector<float>(3, 0.0f))),
            "tensor 1 is not an input of the program");
  ASSERT_EQ(runWith(*sim, 1.0f), "");
  EXPECT_EQ(toString(sim->run()),
            "the program has already run; create a new simulator");
  EXPECT_FALSE(bool(sim->readTensor(99)));

  // Clocks outside the architecture's range.
  SimulatorOptions fast;
  fast.coreMHz = 400;
  auto bad = Simulator::create(eyb::test::tinyConvProgram(), fast);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(toString(bad.takeError()),
            "core clock 400 MHz is outside eyeriss-v1's range 100 to 250 MHz");
  SimulatorOptions link;
  link.linkMHz = 120;
  bad = Simulator::create(eyb::test::tinyConvProgram(), link);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(toString(bad.takeError()),
            "link clock 120 MHz is outside eyeriss-v1's range (0, 90] MHz");

  // A program that does not verify is refused before anything runs.
  Program p = eyb::test::tinyConvProgram();
  p.instructions.pop_back(); // No END.
  bad = Simulator::create(std::move(p));
  ASSERT_FALSE(bool(bad));
  EXPECT_NE(toString(bad.takeError()).find("END"), std::string::npos);
}

TEST(SimulatorTest, TheClockScalesTime) {
  SimulatorOptions at100;
  at100.coreMHz = 100;
  auto slow = make(eyb::test::tinyConvProgram(), at100);
  auto fast = make(eyb::test::tinyConvProgram());
  ASSERT_TRUE(slow && fast);
  ASSERT_EQ(runWith(*slow, 0.5f), "");
  ASSERT_EQ(runWith(*fast, 0.5f), "");
  // Array cycles are the same; at half the clock they take twice as long.
  EXPECT_EQ(slow->stats().layers[0].processingCycles -
                slow->stats().layers[0].configCycles,
            fast->stats().layers[0].processingCycles -
                fast->stats().layers[0].configCycles);
  // The idle (clock-tree) power scales with the clock: at 100 MHz it is
  // half the architecture file's 200 MHz figure.
  LayerEnergy e100 = computeLayerEnergy(slow->stats().layers[0],
                                        slow->target(), 100, 168);
  LayerEnergy e200 = computeLayerEnergy(slow->stats().layers[0],
                                        slow->target(), 200, 168);
  EXPECT_NEAR(e100.idlePJ / e100.processingMs, e200.idlePJ / e200.processingMs / 2,
              1e-6 * e200.idlePJ / e200.processingMs);
}

TEST(SimulatorTest, TransfersOverlapPassesWhereTheOrderingRulesAllow) {
  // A layer whose ifmap chunk serves several passes (m > p*t) and whose
  // filters fit half the filter GLB: the compiler double-buffers them, so
  // each FILTER_PRELOAD may run while the pass before it computes, and the
  // overlapped schedule beats the serial one (the chip's "total latency"),
  // never the processing latency. The outputs do not depend on it.
  eyeriss::test::LayerSpec spec;
  spec.shape.N = 1;
  spec.shape.C = 2;
  spec.shape.M = 256;
  spec.shape.H = spec.shape.W = spec.shape.E = spec.shape.F = 14;
  spec.shape.R = spec.shape.S = 3;
  spec.shape.padTop = spec.shape.padLeft = spec.shape.padBottom =
      spec.shape.padRight = 1;
  std::string error;
  std::optional<Program> program = eyeriss::test::compileLayer(spec, error);
  ASSERT_TRUE(program.has_value()) << error;
  const RSMapping &mp = program->layers[0].mapping;
  int halves = 0;
  for (const Instruction &in : program->instructions)
    if (auto *fp = std::get_if<FilterPreload>(&in))
      halves |= fp->filterAddr == 0 ? 1 : 2;
  ASSERT_EQ(halves, 3) << "filters not double-buffered: m=" << mp.m
                       << " p=" << mp.p << " t=" << mp.t << " q=" << mp.q
                       << " r=" << mp.r;
  auto sim = make(std::move(*program));
  ASSERT_TRUE(sim);
  ASSERT_EQ(runWith(*sim, 0.5f), "");
  const LayerStats *layer = nullptr;
  for (const LayerStats &l : sim->stats().layers)
    if (l.kind == "conv")
      layer = &l;
  ASSERT_TRUE(layer);
  EXPECT_GT(layer->passes, 2);
  EXPECT_EQ(layer->serialCycles, layer->processingCycles + layer->dramCycles);
  EXPECT_LT(layer->overlappedCycles, layer->serialCycles);
  EXPECT_GE(layer->overlappedCycles, layer->processingCycles);
}
