//===- MulticastTest.cpp - NoC IDs of row-stationary passes ---------------===//

#include "LayerShapes.h"

#include "eyeriss/Mapping/Multicast.h"
#include "eyeriss/Mapping/RSSearch.h"

#include "gtest/gtest.h"

#include <random>

using namespace eyeriss;
using namespace eyeriss::test;
using namespace llvm;

namespace {

class MulticastTest : public ::testing::Test {
protected:
  void SetUp() override {
    v1 = loadTarget("eyeriss-v1");
    isca = loadTarget("eyeriss-isca16-256pe");
    ASSERT_TRUE(v1 && isca);
  }

  /// Plans and checks every pass shape of the layer under `mapping`.
  void expectEveryPassRoutes(const LayerShape &shape, const RSMapping &mp,
                             const TargetModel &tm) {
    RSLayerDims d = RSLayerDims::get(shape);
    for (const PassShape &ps : getPassShapes(d, mp)) {
      SCOPED_TRACE(testing::Message() << mp.str() << " pass " << ps.chains
                                      << "/" << ps.sets << "/" << ps.rows);
      Expected<MulticastPlan> plan = planMulticast(d, mp, ps, tm);
      ASSERT_TRUE(bool(plan)) << toString(plan.takeError());
      Error err = checkMulticast(*plan, d, mp, ps, tm);
      EXPECT_FALSE(bool(err)) << toString(std::move(err));
    }
  }

  std::unique_ptr<TargetModel> v1, isca;
};

TEST_F(MulticastTest, TableIIIMappingsRoute) {
  std::vector<NamedLayer> layers = alexnetConvLayers(4);
  std::vector<RSMapping> table = alexnetTableIIIMappings();
  for (size_t i = 0; i < layers.size(); ++i) {
    SCOPED_TRACE(layers[i].name);
    expectEveryPassRoutes(layers[i].shape, table[i], *v1);
  }
}

TEST_F(MulticastTest, Conv1IfmapRowsNeedTwoRowIDGroups) {
  // CONV1: a PE row needs 25 ifmap rows (7 ofmap rows at stride 4), the
  // 11 filter rows together 35 > 31 usable col IDs: two groups, and the
  // ifmap rows both need are sent twice.
  RSLayerDims d = RSLayerDims::get(alexnetConvLayers(4)[0].shape);
  RSMapping mp = alexnetTableIIIMappings()[0];
  Expected<MulticastPlan> plan = planMulticast(d, mp, {2, 1, 7}, *v1);
  ASSERT_TRUE(bool(plan)) << toString(plan.takeError());
  EXPECT_EQ(plan->stripRows, 35);
  EXPECT_EQ(plan->ifmapTags[0].size(), 1u);  // row 0: group 0 only
  EXPECT_EQ(plan->ifmapTags[10].size(), 2u); // row 10: both groups
  EXPECT_EQ(plan->ifmapTags[34].size(), 1u); // row 34: group 1 only
  EXPECT_GT(plan->ifmapTransfersPerRow(), 1.0);
  // Two chains side by side: filter col IDs 0 and 1.
  EXPECT_EQ(plan->filter.colID[0], 0);
  EXPECT_EQ(plan->filter.colID[7], 1);
  // Row 11 holds no PE set: never-matching row IDs.
  EXPECT_EQ(plan->filter.rowID[11], plan->filter.unusedRowID);
  EXPECT_EQ(plan->ifmap.rowID[11], plan->ifmap.unusedRowID);
}

TEST_F(MulticastTest, SearchedMappingsOfRandomLayersRoute) {
  std::mt19937 rng(5);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (int n = 0; n < 120; ++n) {
    const TargetModel &tm = n % 2 ? *v1 : *isca;
    LayerShape s;
    s.groups = 1;
    s.C = pick(1, 64);
    s.M = pick(1, 96);
    s.N = pick(1, 4);
    s.R = pick(1, 7);
    s.S = pick(1, 7);
    s.strideH = s.strideW = pick(1, 4);
    s.dilationH = s.dilationW = s.R <= 3 ? pick(1, 2) : 1;
    s.padTop = s.padBottom = s.padLeft = s.padRight = pick(0, 2);
    s.H = s.W = pick((s.R - 1) * s.dilationH + 1, 64);
    s.E = *slidingWindowOutputSize(s.H, s.R, s.strideH, s.padTop,
                                   s.padBottom, s.dilationH);
    s.F = *slidingWindowOutputSize(s.W, s.S, s.strideW, s.padLeft,
                                   s.padRight, s.dilationW);
    SCOPED_TRACE(testing::Message() << "case " << n);
    RSLayerModel model(s, tm);
    for (MappingObjective o :
         {MappingObjective::Energy, MappingObjective::Latency}) {
      Expected<RSSearchResult> r = searchRSMapping(model, {o, false});
      if (!r) {
        consumeError(r.takeError());
        continue;
      }
      expectEveryPassRoutes(s, r->mapping, tm);
    }
  }
}

TEST_F(MulticastTest, TheCheckerCatchesAWrongID) {
  RSLayerDims d = RSLayerDims::get(alexnetConvLayers(4)[2].shape);
  RSMapping mp = alexnetTableIIIMappings()[2];
  PassShape full{mp.t, mp.r, mp.e};
  Expected<MulticastPlan> plan = planMulticast(d, mp, full, *v1);
  ASSERT_TRUE(bool(plan));
  MulticastPlan wrongFilter = *plan;
  wrongFilter.filter.rowID[3] = wrongFilter.filter.rowID[0];
  std::string msg = toString(checkMulticast(wrongFilter, d, mp, full, *v1));
  EXPECT_NE(msg.find("filter row"), std::string::npos) << msg;
  MulticastPlan wrongIfmap = *plan;
  wrongIfmap.ifmap.colID[5] += 1;
  msg = toString(checkMulticast(wrongIfmap, d, mp, full, *v1));
  EXPECT_NE(msg.find("ifmap row"), std::string::npos) << msg;
  MulticastPlan wrongPsum = *plan;
  wrongPsum.psumTags[0].col = wrongPsum.psum.unusedColID;
  msg = toString(checkMulticast(wrongPsum, d, mp, full, *v1));
  EXPECT_NE(msg.find("never-matching"), std::string::npos) << msg;
}

TEST_F(MulticastTest, NarrowIDsAreUnroutable) {
  ArchDescription narrow = v1->arch();
  narrow.noc.ginIfmap.colIdBits = 3; // 7 usable col IDs
  TargetModel tm(narrow);
  RSLayerDims d = RSLayerDims::get(alexnetConvLayers(4)[0].shape);
  RSMapping mp = alexnetTableIIIMappings()[0];
  Expected<MulticastPlan> plan = planMulticast(d, mp, {2, 1, 7}, tm);
  ASSERT_FALSE(bool(plan));
  std::string msg = toString(plan.takeError());
  EXPECT_NE(msg.find("unroutable ID assignment"), std::string::npos) << msg;
  EXPECT_NE(msg.find("3-bit col IDs"), std::string::npos) << msg;
}

} // namespace
