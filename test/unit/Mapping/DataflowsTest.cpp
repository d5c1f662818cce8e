//===- DataflowsTest.cpp - The dataflows row stationary is compared with --===//
//
// The ISCA 2016 set-up (arch eyeriss-isca16-256pe: 256 PEs, equal storage
// area, AlexNet at batch 16). Expected values are the paper's where it gives
// one (storage: §VI-B) or follow from its definitions of the dataflows (§IV,
// §VI-A: what each keeps in its RF and what goes to the GLB); the rest are
// invariants any mapping must satisfy (exact MACs, capacities). The AlexNet
// table printed by AlexNetTable is the one docs/Dataflows.md discusses.
//
//===----------------------------------------------------------------------===//

#include "LayerShapes.h"

#include "eyeriss/Mapping/Dataflows.h"

#include "eyeriss/Arch/ArchDescription.h"
#include "eyeriss/Arch/BuiltinArchs.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <map>
#include <optional>
#include <random>

using namespace eyeriss;
using namespace eyeriss::test;
using namespace llvm;

namespace {

/// AlexNet as Eyeriss ran it (grouped CONV2/4/5, 227 x 227 input), FC6 as
/// the 256 x 6 x 6 convolution it is.
std::vector<NamedLayer> alexNet(int64_t n) {
  std::vector<NamedLayer> layers = alexnetConvLayers(n);
  for (NamedLayer &l : alexnetFCLayers(n))
    layers.push_back(std::move(l));
  return layers;
}

bool isConv(const NamedLayer &l) { return l.name.rfind("CONV", 0) == 0; }

ArchDescription isca16Arch() {
  std::optional<StringRef> text = lookupBuiltinArch("eyeriss-isca16-256pe");
  if (!text)
    report_fatal_error("eyeriss-isca16-256pe is not a builtin architecture");
  Expected<ArchDescription> arch =
      parseArchDescription(*text, "eyeriss-isca16-256pe");
  if (!arch)
    report_fatal_error(arch.takeError());
  return std::move(*arch);
}

/// Energy of one data type at every level, normalized costs of `t`.
double energyOf(const AccessCounts &c, DataKind k, const TargetModel &t) {
  auto cost = [&](EnergyLevel l) {
    return t.energyPerAccess(l, EnergyUnit::Normalized);
  };
  return c.dram[k] * cost(EnergyLevel::DRAM) + c.glb[k] * cost(EnergyLevel::GLB) +
         c.array[k] * cost(EnergyLevel::Array) +
         c.spad[k] * cost(EnergyLevel::Spad);
}

/// The level with the most energy.
EnergyLevel dominantLevel(const EnergyBreakdown &e) {
  EnergyLevel best = EnergyLevel::MAC;
  for (EnergyLevel l : {EnergyLevel::Spad, EnergyLevel::Array,
                        EnergyLevel::GLB, EnergyLevel::DRAM})
    if (e.at(l) > e.at(best))
      best = l;
  return best;
}

class DataflowsTest : public testing::Test {
protected:
  static void SetUpTestSuite() {
    target = new TargetModel(isca16Arch());
    results = new std::map<std::pair<std::string, Dataflow>, DataflowResult>;
  }
  static void TearDownTestSuite() {
    delete results;
    delete target;
    results = nullptr;
    target = nullptr;
  }

  static std::optional<DataflowResult> eval(Dataflow df,
                                            const LayerShape &shape,
                                            const TargetModel &t) {
    Expected<DataflowResult> r = evaluateDataflow(df, shape, t);
    if (!r) {
      ADD_FAILURE() << stringifyDataflow(df).str() << ": "
                    << toString(r.takeError());
      return std::nullopt;
    }
    return std::move(*r);
  }

  /// AlexNet at batch 16, evaluated once per test binary.
  static const DataflowResult &alex(const NamedLayer &layer, Dataflow df) {
    auto key = std::make_pair(layer.name, df);
    auto it = results->find(key);
    if (it == results->end()) {
      std::optional<DataflowResult> r = eval(df, layer.shape, *target);
      it = results->emplace(key, r ? std::move(*r) : DataflowResult{}).first;
    }
    return it->second;
  }

  /// Invariants every result must satisfy.
  static void checkInvariants(const DataflowResult &r, const LayerShape &s,
                              const TargetModel &t, StringRef what) {
    SCOPED_TRACE(what.str() + " " + stringifyDataflow(r.dataflow).str() +
                 ": " + r.mapping);
    DataflowStorage st = equalAreaStorage(r.dataflow, t);
    EXPECT_EQ(r.storage.rfWordsPerPE, st.rfWordsPerPE);
    EXPECT_EQ(r.storage.glbWords, st.glbWords);
    // Exact MACs (counts are doubles; integers below 2^53 are exact).
    EXPECT_EQ(r.counts.macs, double(s.numMACs()));
    EXPECT_EQ(r.counts.gatedMACs, 0);
    // Capacities.
    EXPECT_GE(r.rfWordsUsed, 0);
    EXPECT_LE(r.rfWordsUsed, st.rfWordsPerPE);
    EXPECT_GT(r.glbWordsUsed, 0);
    EXPECT_LE(r.glbWordsUsed, st.glbWords);
    EXPECT_GE(r.activePEs, 1);
    EXPECT_LE(r.activePEs, t.numPEs());
    EXPECT_GT(r.utilization, 0);
    EXPECT_LE(r.utilization, 1 + 1e-12);
    EXPECT_GE(r.cycles, s.numMACs() / t.numPEs());
    // Every count is a count.
    for (const LevelAccesses *l :
         {&r.counts.dram, &r.counts.glb, &r.counts.array, &r.counts.spad})
      for (double w : l->words)
        EXPECT_GE(w, 0);
    // Energy is the counts times the file's costs.
    EnergyBreakdown e = computeEnergy(r.counts, t, EnergyUnit::Normalized);
    EXPECT_DOUBLE_EQ(r.energy.total(), e.total());
    // Each word of the layer crosses the chip boundary at least once: every
    // weight, every ofmap value.
    double ofmap = double(s.numOfmapValues());
    EXPECT_GE(r.counts.dram[DataKind::Filter], double(s.numFilterWeights()));
    EXPECT_GE(r.counts.dram[DataKind::Psum], ofmap);
    // Every ofmap value leaves the array for the GLB, is written there and
    // read out towards DRAM (the RS model's psum counting).
    EXPECT_GE(r.counts.array[DataKind::Psum], ofmap);
    EXPECT_GE(r.counts.glb[DataKind::Psum], 2 * ofmap);
    // A word is written into the GLB once per DRAM fetch.
    EXPECT_EQ(r.counts.glb[DataKind::Filter] >= r.counts.dram[DataKind::Filter],
              true);
    // Both operands of every MAC reach its PE over the array, except for a
    // weight that stays in the RF (WS).
    EXPECT_GE(r.counts.array[DataKind::Ifmap], r.counts.macs);
    if (r.dataflow != Dataflow::WS) {
      EXPECT_GE(r.counts.array[DataKind::Filter], r.counts.macs);
    }
    EXPECT_FALSE(r.mapping.empty());
  }

  static TargetModel *target;
  static std::map<std::pair<std::string, Dataflow>, DataflowResult> *results;
};

TargetModel *DataflowsTest::target = nullptr;
std::map<std::pair<std::string, Dataflow>, DataflowResult>
    *DataflowsTest::results = nullptr;

//===----------------------------------------------------------------------===//
// Names and storage
//===----------------------------------------------------------------------===//

TEST_F(DataflowsTest, Names) {
  std::vector<std::string> names;
  for (Dataflow df : getComparisonDataflows())
    names.push_back(stringifyDataflow(df).str());
  EXPECT_EQ(names, (std::vector<std::string>{"WS", "OS-A", "OS-B", "OS-C",
                                             "NLR"}));
}

TEST_F(DataflowsTest, EqualAreaStorage) {
  // RF area per byte = 1.6 GLB bytes: ISCA §VI-B's 2.6x GLB ratio under
  // Eq. (2), whose baseline has as many RF bytes as GLB bytes.
  EXPECT_DOUBLE_EQ(rfToGLBAreaPerByte(), 1.6);
  // The RS baseline of the file: 260 spad words per PE, 64 Ki GLB words.
  int64_t baseRF = 260, baseGLB = 65536, pes = 256;
  ASSERT_EQ(target->filterSpadWords() + target->ifmapSpadWords() +
                target->psumSpadWords(),
            baseRF);
  ASSERT_EQ(target->glbFmapWords() + target->glbFilterWords(), baseGLB);

  struct Expect {
    Dataflow df;
    int64_t rf, glb;
  };
  // glb = 65536 + floor(256 * (260 - rf) * 1.6).
  for (Expect x : {Expect{Dataflow::WS, 1, 171622},
                   Expect{Dataflow::OSA, 260, 65536},
                   Expect{Dataflow::OSB, 16, 165478},
                   Expect{Dataflow::OSC, 1, 171622},
                   Expect{Dataflow::NLR, 0, 172032}}) {
    SCOPED_TRACE(stringifyDataflow(x.df).str());
    DataflowStorage s = equalAreaStorage(x.df, *target);
    EXPECT_EQ(s.numPEs, pes);
    EXPECT_EQ(s.rfWordsPerPE, x.rf);
    EXPECT_EQ(s.rfWordsPerPE, rfWordsPerPE(x.df, *target));
    EXPECT_EQ(s.glbWords, x.glb);
    // Same area as the baseline, to within the rounding to whole words.
    double area = pes * s.rfWordsPerPE * 1.6 + s.glbWords;
    EXPECT_NEAR(area, pes * baseRF * 1.6 + baseGLB, 1.0);
  }

  // ISCA §VI-B: "the difference in total on-chip storage size can go up to
  // 80kB. For the global buffer alone, the size difference is up to 2.6x."
  // With the file's 520 B spads (not 512 B) we get 2.625x and 78 kB.
  DataflowStorage nlr = equalAreaStorage(Dataflow::NLR, *target);
  double nlrBytes = 2.0 * (nlr.glbWords + pes * nlr.rfWordsPerPE);
  double rsBytes = 2.0 * (baseGLB + pes * baseRF);
  EXPECT_NEAR(double(nlr.glbWords) / baseGLB, 2.6, 0.05);
  EXPECT_GT(nlrBytes - rsBytes, 70 * 1024);
  EXPECT_LE(nlrBytes - rsBytes, 80 * 1024);
  // No dataflow has more total storage than NLR, none less than RS.
  for (Dataflow df : getComparisonDataflows()) {
    DataflowStorage s = equalAreaStorage(df, *target);
    double bytes = 2.0 * (s.glbWords + pes * s.rfWordsPerPE);
    EXPECT_LE(bytes, nlrBytes);
    EXPECT_GE(bytes, rsBytes);
  }
}

//===----------------------------------------------------------------------===//
// AlexNet, batch 16
//===----------------------------------------------------------------------===//

TEST_F(DataflowsTest, AlexNetInvariants) {
  for (const NamedLayer &layer : alexNet(16))
    for (Dataflow df : getComparisonDataflows())
      checkInvariants(alex(layer, df), layer.shape, *target, layer.name);
}

TEST_F(DataflowsTest, AlexNetMACs) {
  // JSSC Table V's per-image CONV MACs (grouped AlexNet), times 16.
  std::map<std::string, double> perImage{{"CONV1", 105415200},
                                         {"CONV2", 223948800},
                                         {"CONV3", 149520384},
                                         {"CONV4", 112140288},
                                         {"CONV5", 74760192}};
  for (const NamedLayer &layer : alexNet(16)) {
    if (!isConv(layer))
      continue;
    for (Dataflow df : getComparisonDataflows())
      EXPECT_EQ(alex(layer, df).counts.macs, 16 * perImage[layer.name])
          << layer.name << " " << stringifyDataflow(df).str();
  }
}

/// WS (ISCA §IV-A, §VI-A): the RF holds the one stationary weight; ifmaps and
/// psums never enter it; psums are passed PE to PE and spill to the GLB.
TEST_F(DataflowsTest, WeightStationaryCharacter) {
  for (const NamedLayer &layer : alexNet(16)) {
    SCOPED_TRACE(layer.name);
    const DataflowResult &r = alex(layer, Dataflow::WS);
    EXPECT_EQ(r.rfWordsUsed, 1);
    // Ifmaps are not kept in the RF, but Eq. (3) charges every operand use
    // one RF access (d >= 1); psums never enter it.
    EXPECT_EQ(r.counts.spad[DataKind::Ifmap], r.counts.macs);
    EXPECT_EQ(r.counts.spad[DataKind::Psum], 0);
    // One RF read of the weight per MAC, plus the weight loads.
    EXPECT_GE(r.counts.spad[DataKind::Filter], r.counts.macs);
    EXPECT_LE(r.counts.spad[DataKind::Filter], 1.1 * r.counts.macs);
    // Weights are reused in place: far fewer array transfers than MACs.
    EXPECT_LT(r.counts.array[DataKind::Filter], 0.1 * r.counts.macs);
    // Psums are summed across the R x S PEs of a filter plane (one hop per
    // MAC or so) and "temporarily stored to the global buffer" (§IV-A): a
    // GLB write and read per plane and ofmap value.
    EXPECT_GT(r.counts.array[DataKind::Psum], 0.5 * r.counts.macs);
    double planes = r.counts.macs / double(layer.shape.R * layer.shape.S);
    EXPECT_GE(r.counts.glb[DataKind::Psum], 2 * planes);
  }
}

/// OS (ISCA §IV-B): every psum accumulates in its PE's RF; the array carries
/// all input reuse (each operand of each MAC arrives over the array).
TEST_F(DataflowsTest, OutputStationaryCharacter) {
  for (Dataflow df : {Dataflow::OSA, Dataflow::OSB, Dataflow::OSC})
    for (const NamedLayer &layer : alexNet(16)) {
      SCOPED_TRACE(layer.name + " " + stringifyDataflow(df).str());
      const DataflowResult &r = alex(layer, df);
      const AccessCounts &c = r.counts;
      // Psums: a read and a write of the RF per MAC (Eq. (4), d = C*R*S
      // per GLB channel tile); they only leave the PE between channel tiles
      // and at the end, never PE to PE.
      EXPECT_EQ(c.spad[DataKind::Psum], 2 * c.macs);
      EXPECT_LT(c.array[DataKind::Psum], 0.1 * c.macs);
      EXPECT_EQ(c.array[DataKind::Ifmap], c.macs);
      EXPECT_EQ(c.array[DataKind::Filter], c.macs);
      // The RF does not hold weights: only Eq. (3)'s one access per use.
      EXPECT_EQ(c.spad[DataKind::Filter], c.macs);
      // Psums only reach the GLB between channel tiles: fewer GLB accesses
      // than the inputs.
      EXPECT_LT(c.glb[DataKind::Psum],
                c.glb[DataKind::Ifmap] + c.glb[DataKind::Filter]);
    }
  // OS-A and OS-B buffer ifmaps in the RF for convolutional reuse (ISCA
  // §IV-B "Hardware Usage") on every CONV layer; OS-C does not.
  for (const NamedLayer &layer : alexNet(16)) {
    if (!isConv(layer))
      continue;
    EXPECT_GT(alex(layer, Dataflow::OSA).counts.spad[DataKind::Ifmap], 0);
    EXPECT_GT(alex(layer, Dataflow::OSB).counts.spad[DataKind::Ifmap], 0);
    EXPECT_EQ(alex(layer, Dataflow::OSC).counts.spad[DataKind::Ifmap],
              alex(layer, Dataflow::OSC).counts.macs);
    // OS-C (MOC-SOP) has no convolutional reuse and no weight reuse below
    // the GLB: every MAC reads its weight from the GLB, and the GLB is its
    // most expensive level on CONV layers.
    const DataflowResult &osc = alex(layer, Dataflow::OSC);
    EXPECT_GE(osc.counts.glb[DataKind::Filter], osc.counts.macs);
    EXPECT_EQ(dominantLevel(osc.energy), EnergyLevel::GLB) << layer.name;
  }
}

/// NLR (ISCA §IV-C, §VI-A): no RF at all; everything is kept in the GLB,
/// which dominates its energy on CONV layers. Its only "RF" accesses are
/// Eq. (3)'s one per operand use (d = 1) of the two inputs.
TEST_F(DataflowsTest, NoLocalReuseCharacter) {
  for (const NamedLayer &layer : alexNet(16)) {
    SCOPED_TRACE(layer.name);
    const DataflowResult &r = alex(layer, Dataflow::NLR);
    EXPECT_EQ(r.rfWordsUsed, 0);
    EXPECT_EQ(r.counts.spad[DataKind::Ifmap], r.counts.macs);
    EXPECT_EQ(r.counts.spad[DataKind::Filter], r.counts.macs);
    EXPECT_EQ(r.counts.spad[DataKind::Psum], 0);
    EXPECT_GE(r.counts.glb[DataKind::Filter], r.counts.macs);
    // Psums are summed across the PE groups and go back to the GLB.
    EXPECT_GT(r.counts.array[DataKind::Psum], 0);
    EXPECT_GT(r.counts.glb[DataKind::Psum], 0);
    if (isConv(layer)) {
      EXPECT_EQ(dominantLevel(r.energy), EnergyLevel::GLB);
    }
  }
}

/// FC layers have no convolutional reuse; a weight is used N = 16 times, so
/// fetching the 37.7 M / 16.8 M / 4.1 M weights alone costs 200/16 = 12.5
/// per MAC, and DRAM dominates every dataflow — except WS on the 1 x 1 FC
/// layers (FC7, FC8): a filter "plane" is one weight, so every product goes
/// to the GLB as a psum and comes back (2 GLB accesses per MAC, 12 per MAC).
TEST_F(DataflowsTest, FullyConnectedLayersAreDRAMBound) {
  for (const NamedLayer &layer : alexNet(16)) {
    if (isConv(layer))
      continue;
    for (Dataflow df : getComparisonDataflows()) {
      SCOPED_TRACE(layer.name + " " + stringifyDataflow(df).str());
      const DataflowResult &r = alex(layer, df);
      EXPECT_GE(r.energy.dram / r.counts.macs, 200.0 / 16);
      if (df == Dataflow::WS && layer.shape.R * layer.shape.S == 1) {
        EXPECT_GE(r.counts.glb[DataKind::Psum], 2 * r.counts.macs);
        EXPECT_EQ(dominantLevel(r.energy), EnergyLevel::GLB);
        continue;
      }
      EXPECT_EQ(dominantLevel(r.energy), EnergyLevel::DRAM);
    }
  }
}

/// What the model gives beyond the paper's definitions (docs/Dataflows.md):
/// the dataflows that read a weight from the GLB for every MAC (OS-C, NLR)
/// cost more than the others on every CONV layer.
TEST_F(DataflowsTest, ModelOrderingOnConvLayers) {
  for (const NamedLayer &layer : alexNet(16)) {
    if (!isConv(layer))
      continue;
    for (Dataflow weightFromGLB : {Dataflow::OSC, Dataflow::NLR})
      for (Dataflow other : {Dataflow::WS, Dataflow::OSA, Dataflow::OSB})
        EXPECT_GT(alex(layer, weightFromGLB).energy.total(),
                  alex(layer, other).energy.total())
            << layer.name << ": " << stringifyDataflow(weightFromGLB).str()
            << " vs " << stringifyDataflow(other).str();
  }
}

/// The table docs/Dataflows.md quotes: normalized energy per layer and per
/// MAC, with the per-level breakdown per MAC.
TEST_F(DataflowsTest, AlexNetTable) {
  std::string text;
  raw_string_ostream os(text);
  os << "AlexNet, batch 16, eyeriss-isca16-256pe, equal storage area; "
        "normalized energy (MAC = 1)\n";
  os << formatv("{0,-6} {1,-5} {2,12} {3,7} | per MAC: {4,5} {5,5} {6,5} "
                "{7,5} {8,5} | {9,5} {10,5} {11,5} | {12,5}\n",
                "layer", "flow", "energy", "E/MAC", "MAC", "RF", "array",
                "GLB", "DRAM", "ifmap", "filt", "psum", "util");
  std::map<Dataflow, std::pair<double, double>> convSum, fcSum;
  for (const NamedLayer &layer : alexNet(16)) {
    for (Dataflow df : getComparisonDataflows()) {
      const DataflowResult &r = alex(layer, df);
      double macs = r.counts.macs;
      os << formatv("{0,-6} {1,-5} {2,12:e3} {3,7:f2} | per MAC: {4,5:f2} "
                    "{5,5:f2} {6,5:f2} {7,5:f2} {8,5:f2} | {9,5:f2} {10,5:f2} "
                    "{11,5:f2} | {12,5:f2}\n",
                    layer.name, stringifyDataflow(df), r.energy.total(),
                    r.energyPerMAC(), r.energy.mac / macs,
                    r.energy.spad / macs, r.energy.array / macs,
                    r.energy.glb / macs, r.energy.dram / macs,
                    energyOf(r.counts, DataKind::Ifmap, *target) / macs,
                    energyOf(r.counts, DataKind::Filter, *target) / macs,
                    energyOf(r.counts, DataKind::Psum, *target) / macs,
                    r.utilization);
      auto &sum = isConv(layer) ? convSum[df] : fcSum[df];
      sum.first += r.energy.total();
      sum.second += macs;
    }
  }
  os << "CONV1-5 / FC6-8 energy per MAC:";
  for (Dataflow df : getComparisonDataflows())
    os << formatv("  {0} {1:f2} / {2:f2}", stringifyDataflow(df),
                  convSum[df].first / convSum[df].second,
                  fcSum[df].first / fcSum[df].second);
  os << "\nChosen mappings:\n";
  for (const NamedLayer &layer : alexNet(16))
    for (Dataflow df : getComparisonDataflows())
      os << formatv("  {0,-6} {1,-5} {2}\n", layer.name, stringifyDataflow(df),
                    alex(layer, df).mapping);
  outs() << text;
  outs().flush();
}

//===----------------------------------------------------------------------===//
// Odd shapes and properties
//===----------------------------------------------------------------------===//

TEST_F(DataflowsTest, OddShapes) {
  std::vector<NamedLayer> odd = {
      {"1x1 filter", conv(2, 64, 32, 14, 1, 1, 0, 1)},
      {"stride > filter", conv(1, 8, 8, 31, 2, 3, 0, 1)},
      {"stride > filter, 1x1", conv(1, 8, 8, 15, 1, 2, 0, 1)},
      {"tiny", conv(1, 1, 1, 1, 1, 1, 0, 1)},
      {"batch 1 AlexNet CONV2", conv(1, 96, 256, 27, 5, 1, 2, 2)},
      {"depthwise", conv(2, 32, 32, 10, 3, 1, 1, 32)},
      {"filter plane > 256 PEs", conv(2, 2, 3, 20, 17, 1, 0, 1)},
      {"FC batch 1", conv(1, 512, 100, 1, 1, 1, 0, 1)},
      {"wide pad", conv(1, 3, 4, 5, 3, 1, 4, 1)},
  };
  LayerShape rect = conv(3, 5, 7, 9, 3, 1, 1, 1);
  rect.W = 23;
  rect.S = 5;
  rect.strideW = 2;
  rect.padLeft = 0;
  rect.padRight = 1;
  rect.F = (rect.W + rect.padLeft + rect.padRight - rect.S) / rect.strideW + 1;
  odd.push_back({"rectangular", rect});
  LayerShape dil = conv(1, 4, 4, 16, 3, 1, 2, 1);
  dil.dilationH = dil.dilationW = 2;
  dil.E = dil.F = (16 + 4 - 5) / 1 + 1;
  odd.push_back({"dilated", dil});
  for (const NamedLayer &layer : odd)
    for (Dataflow df : getComparisonDataflows())
      if (std::optional<DataflowResult> r = eval(df, layer.shape, *target))
        checkInvariants(*r, layer.shape, *target, layer.name);
}

/// Seeded random shapes: exact MACs and capacities, whatever the shape.
TEST_F(DataflowsTest, RandomShapes) {
  std::mt19937_64 rng(20160618);
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  for (int i = 0; i < 60; ++i) {
    LayerShape s;
    s.groups = pick(0, 3) == 0 ? pick(2, 4) : 1;
    s.N = pick(1, 4);
    s.C = s.groups * pick(1, 48);
    s.M = s.groups * pick(1, 48);
    s.R = pick(1, 7);
    s.S = pick(1, 7);
    s.strideH = pick(1, 4);
    s.strideW = pick(1, 4);
    s.dilationH = pick(0, 4) == 0 ? 2 : 1;
    s.dilationW = pick(0, 4) == 0 ? 2 : 1;
    s.padTop = pick(0, 2);
    s.padBottom = pick(0, 2);
    s.padLeft = pick(0, 2);
    s.padRight = pick(0, 2);
    int64_t rd = (s.R - 1) * s.dilationH + 1, sd = (s.S - 1) * s.dilationW + 1;
    s.H = pick(std::max<int64_t>(1, rd - s.padTop - s.padBottom), 40);
    s.W = pick(std::max<int64_t>(1, sd - s.padLeft - s.padRight), 40);
    s.E = (s.H + s.padTop + s.padBottom - rd) / s.strideH + 1;
    s.F = (s.W + s.padLeft + s.padRight - sd) / s.strideW + 1;
    std::string what =
        formatv("shape {0}: N={1} C={2} M={3} {4}x{5} R={6} S={7} U={8}/{9} "
                "dil={10}/{11} pad={12},{13},{14},{15} g={16}",
                i, s.N, s.C, s.M, s.H, s.W, s.R, s.S, s.strideH, s.strideW,
                s.dilationH, s.dilationW, s.padTop, s.padBottom, s.padLeft,
                s.padRight, s.groups);
    for (Dataflow df : getComparisonDataflows()) {
      SCOPED_TRACE(what);
      if (std::optional<DataflowResult> r = eval(df, s, *target))
        checkInvariants(*r, s, *target, what);
    }
  }
}

/// The search is exhaustive over a candidate set that does not depend on the
/// GLB size, so a larger GLB can only help.
TEST_F(DataflowsTest, LargerGLBNeverCostsMore) {
  ArchDescription big = isca16Arch();
  big.glb.fmap.banks *= 4;
  TargetModel bigTarget(big);
  for (const NamedLayer &layer :
       {NamedLayer{"CONV2", conv(4, 96, 256, 27, 5, 1, 2, 2)},
        NamedLayer{"FC7", conv(4, 4096, 1024, 1, 1, 1, 0, 1)}})
    for (Dataflow df : getComparisonDataflows()) {
      std::optional<DataflowResult> small = eval(df, layer.shape, *target);
      std::optional<DataflowResult> large = eval(df, layer.shape, bigTarget);
      ASSERT_TRUE(small && large);
      EXPECT_GT(large->storage.glbWords, small->storage.glbWords);
      EXPECT_LE(large->energy.total(), small->energy.total() * (1 + 1e-12))
          << layer.name << " " << stringifyDataflow(df).str();
    }
}

/// Processing two images can always be done as two runs of one, so it never
/// costs more than twice as much (filter reuse across the batch can only
/// lower it).
TEST_F(DataflowsTest, BatchNeverCostsMoreThanSeparateImages) {
  for (const NamedLayer &layer :
       {NamedLayer{"CONV3", conv(1, 256, 384, 13, 3, 1, 1, 1)},
        NamedLayer{"FC8", conv(1, 4096, 1000, 1, 1, 1, 0, 1)}})
    for (Dataflow df : getComparisonDataflows()) {
      LayerShape two = layer.shape;
      two.N = 2;
      std::optional<DataflowResult> r1 = eval(df, layer.shape, *target);
      std::optional<DataflowResult> r2 = eval(df, two, *target);
      ASSERT_TRUE(r1 && r2);
      EXPECT_LE(r2->energy.total(), 2 * r1->energy.total() * (1 + 1e-12))
          << layer.name << " " << stringifyDataflow(df).str();
    }
  // For FC layers the batch is the only weight reuse: DRAM energy per MAC
  // falls with N.
  LayerShape fc1 = conv(1, 4096, 1000, 1, 1, 1, 0, 1), fc16 = fc1;
  fc16.N = 16;
  for (Dataflow df : getComparisonDataflows()) {
    std::optional<DataflowResult> a = eval(df, fc1, *target);
    std::optional<DataflowResult> b = eval(df, fc16, *target);
    ASSERT_TRUE(a && b);
    EXPECT_LT(b->energy.dram / b->counts.macs,
              a->energy.dram / a->counts.macs / 8);
  }
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

std::string errorOf(Dataflow df, const LayerShape &s, const TargetModel &t) {
  Expected<DataflowResult> r = evaluateDataflow(df, s, t);
  if (r)
    return "";
  return toString(r.takeError());
}

TEST_F(DataflowsTest, MalformedShapesAreErrors) {
  LayerShape s = conv(1, 6, 4, 8, 3, 1, 0, 2);
  s.groups = 4;
  EXPECT_EQ(errorOf(Dataflow::WS, s, *target),
            "layer shape: groups = 4 does not divide C = 6");
  s.groups = 3;
  EXPECT_EQ(errorOf(Dataflow::WS, s, *target),
            "layer shape: groups = 3 does not divide M = 4");
  s = conv(1, 6, 4, 8, 3, 1, 0, 1);
  s.N = 0;
  EXPECT_EQ(errorOf(Dataflow::NLR, s, *target),
            "layer shape: N = 0 must be at least 1");
  s = conv(1, 6, 4, 8, 3, 1, 0, 1);
  s.padLeft = -1;
  EXPECT_EQ(errorOf(Dataflow::OSA, s, *target),
            "layer shape: padLeft = -1 must not be negative");
  s = conv(1, 6, 4, 8, 3, 1, 0, 1);
  s.padTop = int64_t(1) << 40;
  EXPECT_EQ(errorOf(Dataflow::WS, s, *target),
            "layer shape: padTop = 1099511627776 exceeds the model's limit of "
            "1048576");
  s = conv(1, 6, 4, 8, 3, 1, 0, 1);
  s.E = 7; // 8 - 3 + 1 = 6
  EXPECT_EQ(errorOf(Dataflow::OSB, s, *target),
            "layer shape: E = 7 ofmap rows need 9 padded ifmap rows (R = 3, "
            "stride 1, dilation 1), but the padded ifmap has 8");
}

TEST_F(DataflowsTest, LayerTooLargeForTheGLBIsAnError) {
  // One ofmap row of a 1 x 60000 ifmap needs 60000 ifmap and 60000 psum
  // words, more than OS-A's 65536-word GLB (it spent its area on RF); NLR's
  // 172032-word GLB holds them.
  LayerShape s = conv(1, 1, 1, 1, 1, 1, 0, 1);
  s.W = 60000;
  s.F = 60000;
  EXPECT_EQ(errorOf(Dataflow::OSA, s, *target),
            "OS-A: the smallest GLB tile (1 image, 1 filter, 1 channel, 1 "
            "ofmap row: 60000 ifmap + 1 filter + 60000 psum words = 120001) "
            "exceeds the equal-area GLB of 65536 words");
  EXPECT_EQ(errorOf(Dataflow::NLR, s, *target), "");
}

} // namespace
