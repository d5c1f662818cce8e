//===- TargetModelTest.cpp - Queries on the shipped architectures ---------===//
//
// Expected values are the papers' (JSSC 2017 chip summary and Tables II/III,
// ISCA 2016 set-up), not re-derivations of the code under test.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Arch/TargetModel.h"

#include "eyeriss/Arch/ArchDescription.h"

#include "gtest/gtest.h"

#include <optional>

using namespace eyeriss;
using namespace llvm;

namespace {

class TargetModelTest : public testing::Test {
protected:
  void load(StringRef name) {
    Expected<ArchDescription> arch = loadArchDescription(name);
    ASSERT_TRUE(bool(arch)) << toString(arch.takeError());
    target.emplace(std::move(*arch));
  }

  std::optional<TargetModel> target;
};

class EyerissV1Test : public TargetModelTest {
protected:
  void SetUp() override { load("eyeriss-v1"); }
};

TEST_F(EyerissV1Test, PEArray) {
  EXPECT_EQ(target->name(), "eyeriss-v1");
  EXPECT_EQ(target->numPERows(), 12);
  EXPECT_EQ(target->numPECols(), 14);
  EXPECT_EQ(target->numPEs(), 168);
  EXPECT_EQ(target->dataBits(), 16);
}

TEST_F(EyerissV1Test, SpadWords) {
  EXPECT_EQ(target->filterSpadWords(), 224);
  EXPECT_EQ(target->ifmapSpadWords(), 12);
  EXPECT_EQ(target->psumSpadWords(), 24);
}

TEST_F(EyerissV1Test, FitsSpadsAsInJSSCTableII) {
  // JSSC Table III's AlexNet mappings fit: CONV1 (p=16, q=1, S=11) needs
  // 176 <= 224 filter, 11 <= 12 ifmap and 16 <= 24 psum words.
  EXPECT_TRUE(target->fitsSpads(16, 1, 11));
  EXPECT_TRUE(target->fitsSpads(16, 2, 5)); // CONV2
  EXPECT_TRUE(target->fitsSpads(16, 4, 3)); // CONV3
  EXPECT_TRUE(target->fitsSpads(16, 3, 3)); // CONV4 and CONV5
  // Each spad on its own can be the one that overflows.
  EXPECT_FALSE(target->fitsSpads(24, 1, 11)); // Filter: 264 > 224.
  EXPECT_FALSE(target->fitsSpads(1, 2, 11));  // Ifmap: 22 > 12.
  EXPECT_FALSE(target->fitsSpads(25, 1, 1));  // Psum: 25 > 24.
  // Exactly full is a fit.
  EXPECT_TRUE(target->fitsSpads(24, 1, 9));  // 216 filter, 24 psum words.
  EXPECT_TRUE(target->fitsSpads(14, 1, 12)); // 168 filter, 12 ifmap words.
}

TEST_F(EyerissV1Test, GlobalBuffer) {
  // 100 kB for ifmaps and psums as 25 banks, 8 kB for filters (JSSC).
  EXPECT_EQ(target->glbFmapBanks(), 25);
  EXPECT_EQ(target->glbFmapWordsPerBank(), 2048);
  EXPECT_EQ(target->glbFmapWords(), 100 * 1024 / 2);
  EXPECT_EQ(target->glbFilterWords(), 8 * 1024 / 2);
  EXPECT_EQ(target->glbBytes(), 108 * 1024);
}

TEST_F(EyerissV1Test, Networks) {
  EXPECT_EQ(target->wordsPerTransfer(Network::GINFilter), 4);
  EXPECT_EQ(target->wordsPerTransfer(Network::GINIfmap), 1);
  EXPECT_EQ(target->wordsPerTransfer(Network::GINPsum), 4);
  EXPECT_EQ(target->wordsPerTransfer(Network::GON), 4);
  EXPECT_EQ(target->wordsPerTransfer(Network::LocalPsum), 4);

  // 4-bit row IDs everywhere; 5-bit col IDs on the ifmap GIN only.
  EXPECT_EQ(target->numRowIds(Network::GINFilter), 16);
  EXPECT_EQ(target->numRowIds(Network::GINIfmap), 16);
  EXPECT_EQ(target->numRowIds(Network::GINPsum), 16);
  EXPECT_EQ(target->numColIds(Network::GINFilter), 16);
  EXPECT_EQ(target->numColIds(Network::GINIfmap), 32);
  EXPECT_EQ(target->numColIds(Network::GINPsum), 16);
  // Untagged networks have one (implicit) ID.
  EXPECT_EQ(target->numRowIds(Network::GON), 1);
  EXPECT_EQ(target->numColIds(Network::LocalPsum), 1);

  EXPECT_EQ(&target->network(Network::GINIfmap), &target->arch().noc.ginIfmap);
  EXPECT_EQ(&target->network(Network::LocalPsum),
            &target->arch().noc.localPsum);
}

TEST_F(EyerissV1Test, ClocksAndDRAM) {
  EXPECT_DOUBLE_EQ(target->coreClockHz(), 200e6);
  EXPECT_DOUBLE_EQ(target->linkClockHz(), 60e6);
  // 168 MACs per cycle at 200 MHz.
  EXPECT_DOUBLE_EQ(target->peakMACsPerSecond(), 33.6e9);
  // A 64-b bus: four 16-b words, 8 B, per 60 MHz link cycle.
  EXPECT_EQ(target->dramWordsPerLinkCycle(), 4);
  EXPECT_DOUBLE_EQ(target->dramBytesPerSecond(), 480e6);
}

TEST_F(EyerissV1Test, RLC) {
  // A 5-bit run field: 0 to 31 zeros before each value.
  EXPECT_EQ(target->maxRLCRun(), 31);
}

TEST_F(EyerissV1Test, EnergyPerAccess) {
  // ISCA 2016 normalized costs.
  EXPECT_EQ(target->energyPerAccess(EnergyLevel::MAC, EnergyUnit::Normalized),
            1);
  EXPECT_EQ(target->energyPerAccess(EnergyLevel::Spad, EnergyUnit::Normalized),
            1);
  EXPECT_EQ(target->energyPerAccess(EnergyLevel::Array, EnergyUnit::Normalized),
            2);
  EXPECT_EQ(target->energyPerAccess(EnergyLevel::GLB, EnergyUnit::Normalized),
            6);
  EXPECT_EQ(target->energyPerAccess(EnergyLevel::DRAM, EnergyUnit::Normalized),
            200);

  // Picojoule costs come from their own table.
  const EnergyCosts &pj = target->arch().energy.picojoules;
  EXPECT_EQ(target->energyPerAccess(EnergyLevel::MAC, EnergyUnit::Picojoules),
            pj.mac);
  EXPECT_EQ(target->energyPerAccess(EnergyLevel::Spad, EnergyUnit::Picojoules),
            pj.spad);
  EXPECT_EQ(target->energyPerAccess(EnergyLevel::Array, EnergyUnit::Picojoules),
            pj.array);
  EXPECT_EQ(target->energyPerAccess(EnergyLevel::GLB, EnergyUnit::Picojoules),
            pj.glb);
  EXPECT_EQ(target->energyPerAccess(EnergyLevel::DRAM, EnergyUnit::Picojoules),
            pj.dram);
}

TEST_F(EyerissV1Test, CountsInDataWords) {
  // Storage wider than a data word holds several: 32-b psum entries hold two
  // 16-b psums each.
  ArchDescription wide = target->arch();
  wide.pe.psumSpad.wordBits = 32;
  wide.glb.filter.wordBits = 128;
  TargetModel model(wide);
  EXPECT_EQ(model.psumSpadWords(), 48);
  EXPECT_TRUE(model.fitsSpads(25, 1, 1));
  EXPECT_EQ(model.glbFilterWords(), 2 * 4096);
}

TEST(TargetModelNamesTest, MatchTheArchitectureFileKeys) {
  EXPECT_EQ(stringifyNetwork(Network::GINFilter), "gin_filter");
  EXPECT_EQ(stringifyNetwork(Network::GINIfmap), "gin_ifmap");
  EXPECT_EQ(stringifyNetwork(Network::GINPsum), "gin_psum");
  EXPECT_EQ(stringifyNetwork(Network::GON), "gon");
  EXPECT_EQ(stringifyNetwork(Network::LocalPsum), "local_psum");
  EXPECT_EQ(stringifyEnergyLevel(EnergyLevel::MAC), "mac");
  EXPECT_EQ(stringifyEnergyLevel(EnergyLevel::Spad), "spad");
  EXPECT_EQ(stringifyEnergyLevel(EnergyLevel::Array), "array");
  EXPECT_EQ(stringifyEnergyLevel(EnergyLevel::GLB), "glb");
  EXPECT_EQ(stringifyEnergyLevel(EnergyLevel::DRAM), "dram");
}

class ISCA16Test : public TargetModelTest {
protected:
  void SetUp() override { load("eyeriss-isca16-256pe"); }
};

TEST_F(ISCA16Test, ComparisonSetUp) {
  EXPECT_EQ(target->numPERows(), 16);
  EXPECT_EQ(target->numPECols(), 16);
  EXPECT_EQ(target->numPEs(), 256);
  EXPECT_EQ(target->glbBytes(), 128 * 1024);
  // 16 rows and columns need 5-bit IDs (the 32nd is kept for unused PEs).
  EXPECT_EQ(target->numRowIds(Network::GINFilter), 32);
  EXPECT_EQ(target->numColIds(Network::GINPsum), 32);
  // The chip's spads, so the chip's mappings still fit.
  EXPECT_TRUE(target->fitsSpads(16, 1, 11));
  EXPECT_FALSE(target->fitsSpads(25, 1, 1));
  EXPECT_DOUBLE_EQ(target->peakMACsPerSecond(), 256 * 200e6);
  EXPECT_EQ(target->energyPerAccess(EnergyLevel::DRAM, EnergyUnit::Normalized),
            200);
}

} // namespace
