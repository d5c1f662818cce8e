//===- RSSearchTest.cpp - Searching the row-stationary mapping space ------===//

#include "LayerShapes.h"

#include "eyeriss/Mapping/RSSearch.h"

#include "gtest/gtest.h"

#include <random>

using namespace eyeriss;
using namespace eyeriss::test;
using namespace llvm;

namespace {

class RSSearchTest : public ::testing::Test {
protected:
  void SetUp() override {
    v1 = loadTarget("eyeriss-v1");
    isca = loadTarget("eyeriss-isca16-256pe");
    ASSERT_TRUE(v1 && isca);
  }

  RSSearchResult search(const RSLayerModel &model, MappingObjective objective,
                        bool exhaustive = false) {
    Expected<RSSearchResult> result =
        searchRSMapping(model, {objective, exhaustive});
    if (!result) {
      ADD_FAILURE() << toString(result.takeError());
      return {};
    }
    return *result;
  }

  /// The pruned search finds a mapping as good as the exhaustive one's.
  void expectPrunedIsOptimal(const LayerShape &shape, const TargetModel &tm,
                             MappingObjective objective) {
    RSLayerModel model(shape, tm);
    RSSearchResult pruned = search(model, objective);
    RSSearchResult full = search(model, objective, /*exhaustive=*/true);
    double a = objectiveValue(pruned.cost, objective);
    double b = objectiveValue(full.cost, objective);
    EXPECT_NEAR(a, b, 1e-9 * b) << "pruned " << pruned.mapping.str()
                                << " exhaustive " << full.mapping.str();
    EXPECT_LE(pruned.mappingsEvaluated, full.mappingsEvaluated);
  }

  std::unique_ptr<TargetModel> v1, isca;
};

TEST_F(RSSearchTest, SearchedMappingsCostNoMoreThanTableIII) {
  std::vector<NamedLayer> layers = alexnetConvLayers(4);
  std::vector<RSMapping> table = alexnetTableIIIMappings();
  for (size_t i = 0; i < layers.size(); ++i) {
    SCOPED_TRACE(layers[i].name);
    RSLayerModel model(layers[i].shape, *v1);
    RSSearchResult best = search(model, MappingObjective::Energy);
    EXPECT_TRUE(model.fits(best.mapping));
    EXPECT_LE(best.cost.totalEnergyPJ(),
              model.evaluate(table[i]).totalEnergyPJ());
    RSSearchResult fastest = search(model, MappingObjective::Latency);
    EXPECT_LE(fastest.cost.totalCycles(),
              model.evaluate(table[i]).totalCycles());
  }
}

TEST_F(RSSearchTest, ObjectivesTradeOff) {
  RSLayerModel model(alexnetConvLayers(4)[1].shape, *v1);
  RSSearchResult energy = search(model, MappingObjective::Energy);
  RSSearchResult latency = search(model, MappingObjective::Latency);
  RSSearchResult edp = search(model, MappingObjective::EnergyDelay);
  EXPECT_LE(energy.cost.totalEnergyPJ(), latency.cost.totalEnergyPJ());
  EXPECT_LE(latency.cost.totalCycles(), energy.cost.totalCycles());
  EXPECT_LE(objectiveValue(edp.cost, MappingObjective::EnergyDelay),
            objectiveValue(energy.cost, MappingObjective::EnergyDelay));
  EXPECT_LE(objectiveValue(edp.cost, MappingObjective::EnergyDelay),
            objectiveValue(latency.cost, MappingObjective::EnergyDelay));
}

TEST_F(RSSearchTest, PrunedEqualsExhaustiveOnAlexNet) {
  std::vector<NamedLayer> layers = alexnetConvLayers(4);
  for (const NamedLayer &l : alexnetFCLayers(4))
    layers.push_back(l);
  for (const NamedLayer &l : layers) {
    SCOPED_TRACE(l.name);
    for (MappingObjective o :
         {MappingObjective::Energy, MappingObjective::Latency,
          MappingObjective::EnergyDelay})
      expectPrunedIsOptimal(l.shape, *v1, o);
  }
}

TEST_F(RSSearchTest, PrunedEqualsExhaustiveOnVGG16) {
  for (const NamedLayer &l : vgg16Layers(4)) {
    SCOPED_TRACE(l.name);
    expectPrunedIsOptimal(l.shape, *v1, MappingObjective::Energy);
  }
}

TEST_F(RSSearchTest, PrunedEqualsExhaustiveOnRandomSmallLayers) {
  std::mt19937 rng(7);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (int i = 0; i < 60; ++i) {
    LayerShape s;
    s.groups = pick(1, 2);
    s.C = s.groups * pick(1, 12);
    s.M = s.groups * pick(1, 40);
    s.N = pick(1, 3);
    s.R = pick(1, 5);
    s.S = pick(1, 5);
    s.dilationH = pick(1, 2);
    s.dilationW = (s.S - 1) * 2 + 1 <= 12 ? pick(1, 2) : 1;
    s.strideH = pick(1, 3);
    s.strideW = pick(1, 3);
    s.padTop = s.padBottom = s.padLeft = s.padRight = pick(0, 2);
    s.H = s.W = pick(s.R * s.dilationH, 30);
    s.E = *slidingWindowOutputSize(s.H, s.R, s.strideH, s.padTop,
                                   s.padBottom, s.dilationH);
    s.F = *slidingWindowOutputSize(s.W, s.S, s.strideW, s.padLeft,
                                   s.padRight, s.dilationW);
    SCOPED_TRACE(testing::Message() << "case " << i << ": N" << s.N << " C"
                                    << s.C << " M" << s.M << " H" << s.H
                                    << " R" << s.R << " S" << s.S << " U"
                                    << s.strideH << " D" << s.dilationH);
    expectPrunedIsOptimal(s, *v1, MappingObjective::Energy);
    expectPrunedIsOptimal(s, *v1, MappingObjective::Latency);
  }
}

TEST_F(RSSearchTest, EveryReturnedMappingRespectsEveryLimit) {
  std::mt19937 rng(11);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (int i = 0; i < 300; ++i) {
    const TargetModel &tm = i % 2 ? *v1 : *isca;
    LayerShape s;
    s.groups = pick(0, 3) == 0 ? pick(2, 4) : 1;
    s.C = s.groups * pick(1, 256);
    s.M = s.groups * pick(1, 256);
    s.N = pick(1, 16);
    s.R = pick(1, 11);
    s.S = pick(1, 11);
    s.strideH = s.strideW = pick(1, 4);
    s.padTop = s.padBottom = s.padLeft = s.padRight = pick(0, s.R / 2);
    s.H = s.W = pick(s.R, 120);
    s.E = *slidingWindowOutputSize(s.H, s.R, s.strideH, s.padTop, s.padBottom);
    s.F = *slidingWindowOutputSize(s.W, s.S, s.strideW, s.padLeft,
                                   s.padRight);
    SCOPED_TRACE(testing::Message() << "case " << i);
    RSLayerModel model(s, tm);
    Expected<RSSearchResult> r =
        searchRSMapping(model, {MappingObjective::Energy, false});
    if (!r) {
      // Only a layer with a genuine limit may be refused.
      std::string msg = toString(r.takeError());
      EXPECT_FALSE(msg.empty());
      continue;
    }
    llvm::Error err = model.check(r->mapping);
    EXPECT_FALSE(bool(err)) << toString(std::move(err));
    EXPECT_EQ(r->cost.counts.macs + r->cost.counts.gatedMACs,
              double(s.numMACs()));
    EXPECT_LE(r->cost.activePEs, tm.numPEs());
    EXPECT_LE(r->cost.glbIfmapBanks + r->cost.glbPsumBanks, tm.glbFmapBanks());
    EXPECT_GT(r->cost.utilization, 0);
    EXPECT_LE(r->cost.utilization, 1.0 + 1e-12);
  }
}

TEST_F(RSSearchTest, UnmappableLayerIsRefusedWithTheLimit) {
  RSLayerModel tall(conv(1, 3, 8, 32, 13, 1, 0), *v1);
  Expected<RSSearchResult> r =
      searchRSMapping(tall, {MappingObjective::Energy, false});
  ASSERT_FALSE(bool(r));
  EXPECT_NE(toString(r.takeError()).find("12 rows"), std::string::npos);
  // A row of 200 ofmap columns x 1024 channels cannot keep even one channel
  // of psums and one ifmap row set in a GLB of 25 banks? It can; but a
  // 1-bank GLB cannot hold a 3-row strip of a 4000-wide ifmap.
  ArchDescription tiny = v1->arch();
  tiny.glb.fmap.banks = 1;
  TargetModel tinyTM(tiny);
  RSLayerModel wide(conv(1, 1, 1, 4000, 3, 1, 0), tinyTM);
  Expected<RSSearchResult> w =
      searchRSMapping(wide, {MappingObjective::Energy, false});
  ASSERT_FALSE(bool(w));
  EXPECT_NE(toString(w.takeError()).find("GLB"), std::string::npos);
}

} // namespace
