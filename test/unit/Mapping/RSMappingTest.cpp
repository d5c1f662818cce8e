//===- RSMappingTest.cpp - The row-stationary cost model ------------------===//

#include "LayerShapes.h"

#include "eyeriss/Mapping/RSCostModel.h"

#include "gtest/gtest.h"

using namespace eyeriss;
using namespace eyeriss::test;
using namespace llvm;

namespace {

class RSCostModelTest : public ::testing::Test {
protected:
  void SetUp() override {
    v1 = loadTarget("eyeriss-v1");
    isca = loadTarget("eyeriss-isca16-256pe");
    ASSERT_TRUE(v1 && isca);
  }
  std::unique_ptr<TargetModel> v1, isca;
};

std::string errorOf(Error err) {
  return err ? toString(std::move(err)) : std::string();
}

TEST_F(RSCostModelTest, TableIIIMappingsFitAndUseThePublishedPEs) {
  std::vector<NamedLayer> layers = alexnetConvLayers(4);
  std::vector<RSMapping> table = alexnetTableIIIMappings();
  const int64_t activePEs[] = {154, 135, 156, 156, 156};
  for (size_t i = 0; i < layers.size(); ++i) {
    SCOPED_TRACE(layers[i].name);
    RSLayerModel model(layers[i].shape, *v1);
    EXPECT_EQ(errorOf(model.check(table[i])), "");
    RSCost cost = model.evaluate(table[i]);
    EXPECT_EQ(cost.activePEs, activePEs[i]);
    EXPECT_EQ(cost.counts.macs + cost.counts.gatedMACs,
              double(layers[i].shape.numMACs()));
    EXPECT_LE(cost.glbIfmapBanks + cost.glbPsumBanks, v1->glbFmapBanks());
    EXPECT_LE(cost.glbFilterWords, v1->glbFilterWords());
  }
}

TEST_F(RSCostModelTest, TableIIIPassCountsAndGLBSplit) {
  std::vector<NamedLayer> layers = alexnetConvLayers(4);
  std::vector<RSMapping> table = alexnetTableIIIMappings();
  // CONV1: 3 filter chunks x 3 channel chunks x 4 ifmaps x 8 strips.
  EXPECT_EQ(RSLayerModel(layers[0].shape, *v1).evaluate(table[0]).passes, 288);
  // CONV2: 2 groups x 8 filter chunks x 24 channel chunks x 4 ifmaps.
  EXPECT_EQ(RSLayerModel(layers[1].shape, *v1).evaluate(table[1]).passes, 1536);
  // CONV4: ifmaps of 4 images x 6 channels x 15 x 15 take 3 banks, psums of
  // 4 x 64 x 13 x 13 take 22: all 25 banks.
  RSCost conv4 = RSLayerModel(layers[3].shape, *v1).evaluate(table[3]);
  EXPECT_EQ(conv4.glbIfmapWords, 4 * 6 * 15 * 15);
  EXPECT_EQ(conv4.glbIfmapBanks, 3);
  EXPECT_EQ(conv4.glbPsumWords, 4 * 64 * 13 * 13);
  EXPECT_EQ(conv4.glbPsumBanks, 22);
}

TEST_F(RSCostModelTest, ProcessingTimeIsNearTheChipsMeasurement) {
  // The analytical pass time is a lower-level estimate (the simulator adds
  // what it leaves out); it must land within 25% below Table V's processing
  // latency, never above it.
  std::vector<NamedLayer> layers = alexnetConvLayers(4);
  std::vector<RSMapping> table = alexnetTableIIIMappings();
  const double measuredMs[] = {16.5, 39.2, 21.8, 16.0, 10.0};
  for (size_t i = 0; i < layers.size(); ++i) {
    SCOPED_TRACE(layers[i].name);
    RSCost cost = RSLayerModel(layers[i].shape, *v1).evaluate(table[i]);
    double ms = cost.processingCycles / v1->coreClockHz() * 1e3;
    EXPECT_LE(ms, measuredMs[i] * 1.02);
    EXPECT_GE(ms, measuredMs[i] * 0.75);
  }
}

TEST_F(RSCostModelTest, FiltersComeFromDRAMOncePerBatchChunkAndStrip) {
  LayerShape s = conv(2, 16, 32, 14, 3, 1, 1);
  RSLayerModel model(s, *isca);
  RSMapping once{32, 2, 14, 16, 2, 1, 2};
  ASSERT_EQ(errorOf(model.check(once)), "");
  RSCost cost = model.evaluate(once);
  EXPECT_EQ(cost.counts.dram[DataKind::Filter], double(s.numFilterWeights()));
  RSMapping twice = once;
  twice.n = 1;
  EXPECT_EQ(model.evaluate(twice).counts.dram[DataKind::Filter],
            2.0 * s.numFilterWeights());
  // Without RLC (the ISCA set-up) every ofmap value is written once.
  EXPECT_EQ(cost.counts.dram[DataKind::Psum], double(s.numOfmapValues()));
}

TEST_F(RSCostModelTest, IfmapsAreRefetchedOncePerGroupOfMChannels) {
  LayerShape s = conv(1, 16, 64, 14, 3, 1, 1);
  RSLayerModel model(s, *isca);
  RSMapping all{64, 1, 14, 8, 4, 1, 1};
  RSMapping half = all;
  half.m = 32;
  ASSERT_EQ(errorOf(model.check(all)), "");
  ASSERT_EQ(errorOf(model.check(half)), "");
  EXPECT_EQ(model.evaluate(all).counts.dram[DataKind::Ifmap],
            double(s.numIfmapValues()));
  EXPECT_EQ(model.evaluate(half).counts.dram[DataKind::Ifmap],
            2.0 * s.numIfmapValues());
  EXPECT_LT(model.evaluate(all).totalEnergy(), model.evaluate(half).totalEnergy());
}

TEST_F(RSCostModelTest, ZeroGatingSavesEnergyNotTime) {
  LayerShape s = alexnetConvLayers(4)[2].shape;
  RSMapping mp = alexnetTableIIIMappings()[2];
  SparsityModel dense, sparse;
  sparse.ifmapZeroFraction = 0.725;
  RSCost a = RSLayerModel(s, *v1, dense).evaluate(mp);
  RSCost b = RSLayerModel(s, *v1, sparse).evaluate(mp);
  EXPECT_EQ(a.processingCycles, b.processingCycles);
  EXPECT_LT(b.energy.mac, a.energy.mac);
  EXPECT_LT(b.energy.spad, a.energy.spad);
  EXPECT_NEAR(b.counts.gatedMACs / s.numMACs(), 0.725, 1e-9);
  // The ISCA set-up has no zero gating: sparsity changes nothing there.
  RSCost c = RSLayerModel(s, *isca, sparse).evaluate({64, 4, 13, 16, 4, 1, 4});
  EXPECT_EQ(c.counts.gatedMACs, 0);
}

TEST_F(RSCostModelTest, RunLengthCompressionShrinksSparseFmapTraffic) {
  LayerShape s = alexnetConvLayers(4)[4].shape;
  RSMapping mp = alexnetTableIIIMappings()[4];
  SparsityModel dense, sparse;
  sparse.ifmapZeroFraction = sparse.ofmapZeroFraction = 0.776;
  RSCost a = RSLayerModel(s, *v1, dense).evaluate(mp);
  RSCost b = RSLayerModel(s, *v1, sparse).evaluate(mp);
  // Dense data expands by 4/3 (three 16-b values per 64-b word) ...
  EXPECT_NEAR(a.counts.dram[DataKind::Psum], s.numOfmapValues() * 4.0 / 3.0,
              1e-6 * s.numOfmapValues());
  // ... sparse data shrinks.
  EXPECT_LT(b.counts.dram[DataKind::Psum], 0.5 * s.numOfmapValues());
  EXPECT_LT(b.counts.dram.total(), a.counts.dram.total());
  EXPECT_EQ(a.dramWordsUncompressed, b.dramWordsUncompressed);
}

TEST_F(RSCostModelTest, LimitsAreNamed) {
  LayerShape s = alexnetConvLayers(4)[2].shape;
  RSLayerModel model(s, *v1);
  auto msg = [&](RSMapping mp) { return errorOf(model.check(mp)); };
  EXPECT_NE(msg({75, 4, 13, 25, 1, 1, 1}).find("psum spad: p = 25"),
            std::string::npos);
  EXPECT_NE(msg({64, 4, 13, 8, 5, 1, 1}).find("ifmap spad"), std::string::npos);
  EXPECT_NE(msg({60, 4, 13, 16, 4, 1, 2}).find("multiple of p*t"),
            std::string::npos);
  EXPECT_NE(msg({64, 4, 13, 16, 4, 5, 1}).find("PE array rows"),
            std::string::npos);
  EXPECT_NE(msg({80, 4, 13, 16, 4, 1, 5}).find("PE array: t = 5"),
            std::string::npos);
  EXPECT_NE(msg({384, 4, 13, 16, 4, 1, 4}).find("GLB: ifmaps need"),
            std::string::npos);
  EXPECT_NE(msg({64, 5, 13, 16, 4, 1, 4}).find("n = 5 exceeds the batch"),
            std::string::npos);
  EXPECT_NE(msg({0, 4, 13, 16, 4, 1, 4}).find("at least 1"), std::string::npos);
}

TEST_F(RSCostModelTest, UnmappableLayersAreNamed) {
  EXPECT_NE(errorOf(checkLayerIsMappable(conv(1, 3, 8, 32, 13, 1, 0), *v1))
                .find("R = 13 exceeds the PE array's 12 rows"),
            std::string::npos);
  LayerShape dilated = conv(1, 8, 8, 32, 5, 1, 4);
  dilated.dilationH = dilated.dilationW = 3;
  dilated.E = dilated.F = 28;
  EXPECT_NE(errorOf(checkLayerIsMappable(dilated, *v1))
                .find("spans 13 ifmap values"),
            std::string::npos);
  EXPECT_EQ(errorOf(checkLayerIsMappable(conv(1, 3, 8, 32, 11, 4, 0), *v1)),
            "");
}

} // namespace
