//===- DramLinkTest.cpp - The DRAM link behind asynchronous FIFOs ---------===//

#include "eyeriss/Runtime/DramLink.h"

#include "gtest/gtest.h"

using namespace eyeriss::runtime;

TEST(DramLinkTest, TheSlowerSideSetsThePace) {
  DramLinkParams p; // 200 MHz core, 60 MHz link, 16-word FIFO.
  LinkTransfer t;
  t.coreCyclesPerWord.assign(600, 1);
  // Link-bound: 600 words at 60 MHz = 10 us = 2000 core cycles, plus the
  // synchronizer and the last word's GLB write.
  int64_t linkBound = simulateLinkTransfer(t, p);
  EXPECT_GE(linkBound, 2000);
  EXPECT_LE(linkBound, 2010);
  // Core-bound: an RLC decoder spending 10 core cycles per word.
  t.coreCyclesPerWord.assign(600, 10);
  int64_t coreBound = simulateLinkTransfer(t, p);
  EXPECT_GE(coreBound, 6000);
  EXPECT_LE(coreBound, 6020);
  // Writes to DRAM mirror reads.
  t.toChip = false;
  t.coreCyclesPerWord.assign(600, 1);
  int64_t write = simulateLinkTransfer(t, p);
  EXPECT_GE(write, 2000);
  EXPECT_LE(write, 2012);
}

TEST(DramLinkTest, OnChipWorkAndAFasterLink) {
  DramLinkParams p;
  LinkTransfer t;
  t.extraCoreCycles = 100; // Padding zeros, no DRAM words.
  EXPECT_EQ(simulateLinkTransfer(t, p), 100);
  t.extraCoreCycles = 0;
  t.coreCyclesPerWord.assign(900, 1);
  int64_t at60 = simulateLinkTransfer(t, p);
  p.linkMHz = 90;
  int64_t at90 = simulateLinkTransfer(t, p);
  EXPECT_NEAR(double(at60) / double(at90), 1.5, 0.02);
}

TEST(DramLinkTest, AShallowFifoExposesJitter) {
  // Bursts of slow words: a deep FIFO lets the link run ahead, a one-word
  // FIFO makes it wait for each.
  LinkTransfer t;
  for (int i = 0; i < 400; ++i)
    t.coreCyclesPerWord.push_back(i % 8 == 0 ? 20 : 1);
  DramLinkParams deep, shallow;
  shallow.fifoDepth = 1;
  EXPECT_LT(simulateLinkTransfer(t, deep), simulateLinkTransfer(t, shallow));
}
