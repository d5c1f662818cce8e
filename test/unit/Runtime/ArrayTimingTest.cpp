//===- ArrayTimingTest.cpp - The PE array's pass timing -------------------===//

#include "eyeriss/Runtime/ArrayTiming.h"

#include "eyeriss/Arch/ArchDescription.h"

#include "gtest/gtest.h"

using namespace eyeriss;
using namespace eyeriss::runtime;

namespace {
ArrayTimingParams v1() {
  auto arch = loadArchDescription("eyeriss-v1");
  EXPECT_TRUE(bool(arch));
  return ArrayTimingParams::get(TargetModel(*arch));
}

/// One PE (p = 2 filters, q = 1 channel, S = 3) over an ofmap row of 3.
PassWork onePE() {
  PassWork w;
  w.columns = 3;
  w.newValuesAtColumn = {3, 1, 1};
  w.taps = 3;
  w.ifmapTagChannels = {1};
  w.filterTagWords = {6};
  w.psumFilterStride = 3;
  ColumnWork col;
  col.filters = 2;
  PEWork pe;
  pe.filters = 2;
  pe.channels = 1;
  pe.macsPerStep = 6;
  pe.ifmapTag = 0;
  pe.filterTag = 0;
  col.pes.push_back(pe);
  w.columnsWork.push_back(col);
  return w;
}
} // namespace

TEST(ArrayTimingTest, OnePEStepByStep) {
  // Filters: 6 words on the 4-word filter GIN, 2 cycles. Column 0: 3 ifmap
  // values on the 1-word ifmap GIN (cycles 2-5), 2 filters x 3 MACs
  // (5-11); columns 1 and 2: one new value each, MACs 11-17 and 17-23. The
  // last psums leave the 3-stage pipeline and a link hop at 27 and take the
  // GON's cycle 26-27.
  PassTiming t = simulatePass(onePE(), v1());
  EXPECT_EQ(t.cycles, 27);
  EXPECT_EQ(t.breakdown.peMacCycles, 18);
  EXPECT_EQ(t.breakdown.filterLoad, 2);
  EXPECT_EQ(t.breakdown.ifmapGinBusy, 5);
  EXPECT_EQ(t.breakdown.gonBusy, 3);
}

TEST(ArrayTimingTest, PsumsRippleUpAColumn) {
  // A second PE on top of the first: it starts each filter from the psum
  // that came up, so the column finishes about one filter's MACs plus a
  // pipeline drain and a hop (7 cycles) after the bottom PE, not a whole
  // step (6 MACs per filter pair, 3 steps) later.
  PassWork w = onePE();
  PEWork top = w.columnsWork[0].pes[0];
  w.columnsWork[0].pes.push_back(top);
  PassTiming one = simulatePass(onePE(), v1());
  PassTiming two = simulatePass(w, v1());
  EXPECT_GT(two.cycles, one.cycles);
  EXPECT_LE(two.cycles, one.cycles + 2 * (3 + 3 + 1));
  EXPECT_LT(two.cycles, one.cycles + 3 * 6);
  EXPECT_EQ(two.breakdown.peMacCycles, 36);
}

TEST(ArrayTimingTest, TheGONLimitsManyShortColumns) {
  // 40 single-PE columns of 16 psums, 1 MAC each per step: the GON carries
  // 4 psums a cycle, so each step takes at least 40 * 16 / 4 cycles.
  PassWork w;
  w.columns = 10;
  w.newValuesAtColumn.assign(10, 1);
  w.taps = 1;
  w.ifmapTagChannels = {1};
  w.filterTagWords = {16};
  w.psumFilterStride = 10;
  for (int c = 0; c < 40; ++c) {
    ColumnWork col;
    col.filters = 16;
    col.psumGlbAddr = c * 160;
    PEWork pe;
    pe.filters = 16;
    pe.channels = 1;
    pe.macsPerStep = 16;
    pe.ifmapTag = 0;
    pe.filterTag = 0;
    col.pes.push_back(pe);
    w.columnsWork.push_back(col);
  }
  PassTiming t = simulatePass(w, v1());
  EXPECT_GE(t.cycles, 10 * 40 * 16 / 4);
  EXPECT_EQ(t.breakdown.gonBusy, 10 * 40 * 16 / 4);
}

TEST(ArrayTimingTest, DoubleBufferedFiltersLoadDuringTheDrain) {
  PassWork w = onePE();
  PassTiming cold = simulatePass(w, v1());
  w.columnsWork[0].pes[0].freeAt = -10; // Free 10 cycles before the pass.
  PassTiming warm = simulatePass(w, v1());
  EXPECT_EQ(warm.cycles, cold.cycles - 2);
}
