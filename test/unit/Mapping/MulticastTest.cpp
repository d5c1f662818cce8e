//===- MulticastTest.cpp - NoC IDs of row-stationary passes ---------------===//

#include "LayerShapes.h"

#include "eyeriss/Mapping/Multicast.h"
#include "eyeriss/Mapping/RSSearch.h"

#include "llvm/Support/FormatVariadic.h"

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

/// The ifmap IDs of `plan` follow the formula it records: the X-bus of
/// group g of set j has row ID j * groups + g, and a PE (or a tag) for ifmap
/// row rho of group g col ID (rho - groupFirst[g]) / step.
void expectIfmapIDFormula(const MulticastPlan &plan, const RSLayerDims &d) {
  ASSERT_GT(plan.ifmapGroups, 0);
  ASSERT_EQ(int64_t(plan.ifmapGroupFirst.size()), plan.ifmapGroups);
  ASSERT_TRUE(plan.ifmapColIDStep == 1 || plan.ifmapColIDStep == d.strideH);
  auto expectCol = [&](int64_t rowID, int64_t col, int64_t rho) {
    int64_t first = plan.ifmapGroupFirst[rowID % plan.ifmapGroups];
    EXPECT_GE(rho, first);
    EXPECT_EQ((rho - first) % plan.ifmapColIDStep, 0);
    EXPECT_EQ(col, (rho - first) / plan.ifmapColIDStep);
    EXPECT_LT(col, plan.ifmap.unusedColID);
  };
  for (int64_t p = 0; p < plan.rows * plan.cols; ++p) {
    const std::optional<PERole> &role = plan.layerRoles[p];
    if (!role)
      continue;
    int64_t rowID = plan.ifmap.rowID[p / plan.cols];
    EXPECT_EQ(rowID / plan.ifmapGroups, role->set);
    expectCol(rowID, plan.ifmap.colID[p],
              role->ofmapRow * d.strideH + role->filterRow * d.dilationH);
  }
  for (size_t k = 0; k < plan.ifmapTags.size(); ++k)
    for (const Tag &tag : plan.ifmapTags[k]) {
      EXPECT_EQ(tag.row / plan.ifmapGroups, int64_t(k) / plan.stripRows);
      expectCol(tag.row, tag.col, int64_t(k) % plan.stripRows);
    }
}

int64_t countGroups(const RSLayerDims &d, const RSMapping &mp,
                    const TargetModel &tm) {
  RSPlacement pl = RSPlacement::get(d, mp, tm);
  return countIfmapRowIDGroups(d, mp.e, pl.foldFactor, pl.segmentCols,
                               tm.numColIds(Network::GINIfmap) - 1,
                               (tm.numRowIds(Network::GINIfmap) - 1) / mp.r);
}

TEST_F(MulticastTest, Conv1IfmapRowsGroupByResidue) {
  // CONV1: PE (i, l) needs ifmap row 4l + i; the 11 filter rows together
  // need rows 0..34, more than the 31 usable col IDs. Grouped by the
  // residue of their ifmap rows mod 4 (filter rows {0,4,8}, {1,5,9},
  // {2,6,10}, {3,7}), each group's rows are 4 apart and fit col IDs
  // (row - first) / 4: four groups, and each ifmap row is needed by (and
  // sent to) one group only.
  RSLayerDims d = RSLayerDims::get(alexnetConvLayers(4)[0].shape);
  RSMapping mp = alexnetTableIIIMappings()[0];
  PassShape full{2, 1, 7};
  Expected<MulticastPlan> plan = planMulticast(d, mp, full, *v1);
  ASSERT_TRUE(bool(plan)) << toString(plan.takeError());
  Error err = checkMulticast(*plan, d, mp, full, *v1);
  EXPECT_FALSE(bool(err)) << toString(std::move(err));
  EXPECT_EQ(plan->stripRows, 35);
  EXPECT_EQ(plan->ifmapGroups, 4);
  EXPECT_EQ(plan->ifmapColIDStep, 4);
  EXPECT_EQ(plan->ifmapGroupFirst, (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(countGroups(d, mp, *v1), 4);
  for (int64_t rho = 0; rho < plan->stripRows; ++rho)
    EXPECT_EQ(plan->ifmapTags[rho].size(), 1u) << "ifmap row " << rho;
  EXPECT_EQ(plan->ifmapTransfersPerRow(), 1.0);
  // Filter row 5 is in group 1 (first row 1): PE (5, 0) takes row 5, col
  // ID (5 - 1) / 4 = 1; PE (8, 3) takes row 20 of group 0, col ID 5.
  EXPECT_EQ(plan->ifmap.rowID[5], 1);
  EXPECT_EQ(plan->ifmap.colID[5 * plan->cols + 0], 1);
  EXPECT_EQ(plan->ifmap.rowID[8], 0);
  EXPECT_EQ(plan->ifmap.colID[8 * plan->cols + 3], 5);
  expectIfmapIDFormula(*plan, d);
  // Two chains side by side: filter col IDs 0 and 1.
  EXPECT_EQ(plan->filter.colID[0], 0);
  EXPECT_EQ(plan->filter.colID[7], 1);
  // Row 11 holds no PE set: never-matching row IDs.
  EXPECT_EQ(plan->filter.rowID[11], plan->filter.unusedRowID);
  EXPECT_EQ(plan->ifmap.rowID[11], plan->ifmap.unusedRowID);
}

TEST_F(MulticastTest, ContiguousGroupsWhenResidueGroupsDoNotFitRowIDs) {
  // With 2-bit ifmap row IDs (3 usable) CONV1's four residue groups do not
  // fit: the contiguous grouping of filter rows 0-6 (ifmap rows 0-30) and
  // 7-10 (7-34) takes over, and the 35 ifmap rows take 59 transfers.
  ArchDescription narrow = v1->arch();
  narrow.noc.ginIfmap.rowIdBits = 2;
  TargetModel tm(narrow);
  RSLayerDims d = RSLayerDims::get(alexnetConvLayers(4)[0].shape);
  RSMapping mp = alexnetTableIIIMappings()[0];
  PassShape full{2, 1, 7};
  Expected<MulticastPlan> plan = planMulticast(d, mp, full, tm);
  ASSERT_TRUE(bool(plan)) << toString(plan.takeError());
  Error err = checkMulticast(*plan, d, mp, full, tm);
  EXPECT_FALSE(bool(err)) << toString(std::move(err));
  EXPECT_EQ(plan->ifmapGroups, 2);
  EXPECT_EQ(plan->ifmapColIDStep, 1);
  EXPECT_EQ(countGroups(d, mp, tm), 2);
  EXPECT_EQ(plan->ifmapTags[0].size(), 1u);  // row 0: group 0 only
  EXPECT_EQ(plan->ifmapTags[10].size(), 2u); // row 10: both groups
  EXPECT_EQ(plan->ifmapTags[34].size(), 1u); // row 34: group 1 only
  EXPECT_DOUBLE_EQ(plan->ifmapTransfersPerRow(), 59.0 / 35.0);
  expectIfmapIDFormula(*plan, d);

  // One usable row ID: neither grouping fits, and the fewer groups (two)
  // are reported.
  narrow.noc.ginIfmap.rowIdBits = 1;
  TargetModel one(narrow);
  EXPECT_EQ(countGroups(d, mp, one), 2);
  Expected<MulticastPlan> none = planMulticast(d, mp, full, one);
  ASSERT_FALSE(bool(none));
  std::string msg = toString(none.takeError());
  EXPECT_NE(msg.find("the ifmap GIN needs 2 distinct row IDs"),
            std::string::npos)
      << msg;
}

TEST_F(MulticastTest, TiesKeepTheContiguousGrouping) {
  // Stride 2, R = 3, e = 7: the set needs ifmap rows 0..14, one contiguous
  // group, 15 transfers; the residue grouping (filter rows {0, 2} and {1})
  // also needs 15 but two groups, so the contiguous one stays.
  LayerShape s = conv(1, 4, 8, 29, 3, 2, 1);
  RSLayerDims d = RSLayerDims::get(s);
  RSMapping mp{8, 1, 7, 8, 1, 1, 1};
  PassShape full{1, 1, 7};
  Expected<MulticastPlan> plan = planMulticast(d, mp, full, *v1);
  ASSERT_TRUE(bool(plan)) << toString(plan.takeError());
  EXPECT_EQ(plan->ifmapGroups, 1);
  EXPECT_EQ(plan->ifmapColIDStep, 1);
  EXPECT_EQ(countGroups(d, mp, *v1), 1);
  EXPECT_EQ(plan->ifmapTransfersPerRow(), 1.0);
  Error err = checkMulticast(*plan, d, mp, full, *v1);
  EXPECT_FALSE(bool(err)) << toString(std::move(err));
}

TEST_F(MulticastTest, MapperCountAgreesWithThePlanner) {
  // countIfmapRowIDGroups (the mapper's limits) and planMulticast must
  // make the same choice, on random layers and random (not searched)
  // mappings, on both architectures and on variants with narrow ifmap IDs.
  std::mt19937 rng(11);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  int residue = 0, contiguous = 0, unroutable = 0, rowLimited = 0;
  for (int n = 0; n < 3000; ++n) {
    ArchDescription arch = (n % 2 ? v1 : isca)->arch();
    if (n % 3 == 0) {
      arch.noc.ginIfmap.colIdBits = int(pick(2, 5));
      arch.noc.ginIfmap.rowIdBits = int(pick(1, 4));
    }
    TargetModel tm(arch);
    LayerShape s;
    s.groups = 1;
    s.C = pick(1, 16);
    s.M = pick(1, 16);
    s.N = 1;
    s.R = pick(1, 11);
    s.S = pick(1, 3);
    s.strideH = s.strideW = pick(1, 4);
    s.dilationH = s.dilationW = s.R <= 4 ? pick(1, 3) : 1;
    s.padTop = s.padBottom = s.padLeft = s.padRight = pick(0, 2);
    s.H = s.W = pick((s.R - 1) * s.dilationH + 1, 96);
    s.E = *slidingWindowOutputSize(s.H, s.R, s.strideH, s.padTop,
                                   s.padBottom, s.dilationH);
    s.F = *slidingWindowOutputSize(s.W, s.S, s.strideW, s.padLeft,
                                   s.padRight, s.dilationW);
    RSLayerDims d = RSLayerDims::get(s);
    RSMapping mp;
    mp.p = 1;
    mp.q = 1;
    mp.n = 1;
    mp.e = pick(1, std::min<int64_t>(s.E, 2 * tm.numPECols()));
    mp.r = pick(1, std::min<int64_t>(s.C, 3));
    mp.t = pick(1, std::min<int64_t>(s.M, 3));
    mp.m = s.M;
    RSPlacement pl = RSPlacement::get(d, mp, tm);
    if (pl.chainRows > tm.numPERows() ||
        mp.t > pl.chainsPerColumn * pl.chainsPerRow)
      continue;
    SCOPED_TRACE(testing::Message()
                 << "case " << n << ": R=" << s.R << " U=" << s.strideH
                 << " D=" << s.dilationH << " E=" << s.E << " " << mp.str()
                 << " ifmap ID bits " << arch.noc.ginIfmap.rowIdBits << "/"
                 << arch.noc.ginIfmap.colIdBits);
    int64_t groups = countGroups(d, mp, tm);
    int64_t usableRows = tm.numRowIds(Network::GINIfmap) - 1;
    PassShape full{mp.t, mp.r, mp.e};
    Expected<MulticastPlan> plan = planMulticast(d, mp, full, tm);
    std::string msg = plan ? "" : toString(plan.takeError());
    if (msg.find("the filter GIN") != std::string::npos)
      continue; // Checked before the ifmap GIN.
    if (groups == 0) {
      ++unroutable;
      EXPECT_NE(msg.find("one PE row needs ifmap rows"), std::string::npos)
          << msg;
    } else if (mp.r * groups > usableRows) {
      ++rowLimited;
      EXPECT_NE(msg.find(formatv("the ifmap GIN needs {0} distinct row IDs",
                                 mp.r * groups)
                             .str()),
                std::string::npos)
          << msg;
    } else {
      EXPECT_EQ(msg.find("ifmap"), std::string::npos) << msg;
      if (!plan)
        continue; // The psum GIN's IDs.
      EXPECT_EQ(plan->ifmapGroups, groups);
      (plan->ifmapColIDStep > 1 ? residue : contiguous)++;
      expectIfmapIDFormula(*plan, d);
      if (n % 10 < 3)
        expectEveryPassRoutes(s, mp, tm);
    }
    // The mapper's limits name the ifmap GIN exactly when the planner does.
    RSLayerModel model(s, tm);
    std::string check = toString(model.check(mp));
    if (check.empty() || check.find("ifmap GIN") != std::string::npos) {
      EXPECT_EQ(check.find("ifmap GIN") != std::string::npos,
                msg.find("ifmap") != std::string::npos)
          << check << " / " << msg;
    }
  }
  EXPECT_GT(residue, 200);
  EXPECT_GT(contiguous, 500);
  EXPECT_GT(unroutable, 50);
  EXPECT_GT(rowLimited, 50);
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

TEST_F(MulticastTest, NarrowColIDsRouteByResidueOrNotAtAll) {
  // With 3-bit ifmap col IDs (7 usable) a CONV1 PE row's 25 ifmap rows do
  // not fit contiguously, but 4 apart they need 7 col IDs: residue groups
  // of one filter row each (11 groups), every row sent once per filter row
  // that needs it.
  RSLayerDims d = RSLayerDims::get(alexnetConvLayers(4)[0].shape);
  RSMapping mp = alexnetTableIIIMappings()[0];
  PassShape full{2, 1, 7};
  ArchDescription narrow = v1->arch();
  narrow.noc.ginIfmap.colIdBits = 3;
  TargetModel three(narrow);
  Expected<MulticastPlan> plan = planMulticast(d, mp, full, three);
  ASSERT_TRUE(bool(plan)) << toString(plan.takeError());
  Error err = checkMulticast(*plan, d, mp, full, three);
  EXPECT_FALSE(bool(err)) << toString(std::move(err));
  EXPECT_EQ(plan->ifmapGroups, 11);
  EXPECT_EQ(plan->ifmapColIDStep, 4);
  EXPECT_EQ(countGroups(d, mp, three), 11);
  EXPECT_DOUBLE_EQ(plan->ifmapTransfersPerRow(), 77.0 / 35.0);
  expectIfmapIDFormula(*plan, d);

  // 2-bit col IDs (3 usable): a PE row needs 7 even in steps of 4.
  narrow.noc.ginIfmap.colIdBits = 2;
  TargetModel two(narrow);
  EXPECT_EQ(countGroups(d, mp, two), 0);
  plan = planMulticast(d, mp, full, two);
  ASSERT_FALSE(bool(plan));
  std::string msg = toString(plan.takeError());
  EXPECT_NE(msg.find("unroutable ID assignment"), std::string::npos) << msg;
  EXPECT_NE(msg.find("in steps of 4 (7 col IDs)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("2-bit col IDs"), std::string::npos) << msg;
}

} // namespace
