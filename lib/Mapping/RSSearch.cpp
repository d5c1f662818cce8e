//===- RSSearch.cpp - Searching the row-stationary mapping space ----------===//
//
// Pruning (each rule keeps at least one optimal mapping; docs/Mapping.md has
// the arguments, and RSSearchTest checks them against the exhaustive mode):
//  - m: the largest multiple of p*t the GLB holds. m only changes how often
//    ifmaps are re-fetched (ceil(M/m) times), so larger is never worse.
//  - e: for each count of strips, only the smallest e giving it, when the
//    ifmap rows a strip touches grow affinely with its height (true unless
//    dilation makes rows overlap irregularly; then every e is tried). Same
//    passes and the same accesses; less GLB; and its strips are the most
//    balanced (majorized by any other e's), which a pass time convex in the
//    strip height favours (Karamata).
//  - n: likewise per count of batch chunks (pass costs are linear in the
//    images of a chunk, so no condition is needed).
//  - p, q, r, t: every value (r*R <= rows bounds r).
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Mapping/RSSearch.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cmath>

using namespace eyeriss;
using namespace llvm;

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

StringRef eyeriss::stringifyMappingObjective(MappingObjective objective) {
  switch (objective) {
  case MappingObjective::Energy:
    return "energy";
  case MappingObjective::Latency:
    return "latency";
  case MappingObjective::EnergyDelay:
    return "edp";
  }
  llvm_unreachable("unknown objective");
}

std::optional<MappingObjective>
eyeriss::symbolizeMappingObjective(StringRef str) {
  return StringSwitch<std::optional<MappingObjective>>(str)
      .Case("energy", MappingObjective::Energy)
      .Case("latency", MappingObjective::Latency)
      .Case("edp", MappingObjective::EnergyDelay)
      .Default(std::nullopt);
}

double eyeriss::objectiveValue(const RSCost &cost, MappingObjective objective) {
  switch (objective) {
  case MappingObjective::Energy:
    return cost.totalEnergyPJ();
  case MappingObjective::Latency:
    return double(cost.totalCycles());
  case MappingObjective::EnergyDelay:
    return cost.totalEnergyPJ() * double(cost.totalCycles());
  }
  llvm_unreachable("unknown objective");
}

static double tieBreakValue(const RSCost &cost, MappingObjective objective) {
  return objective == MappingObjective::Energy ? double(cost.totalCycles())
                                               : cost.totalEnergyPJ();
}

namespace {
class BestMapping {
public:
  explicit BestMapping(MappingObjective objective) : objective(objective) {}

  void offer(const RSMapping &mapping, const RSCost &cost) {
    ++evaluated;
    double value = objectiveValue(cost, objective);
    double tie = tieBreakValue(cost, objective);
    // Relative tolerance: equal-cost mappings summed in a different order
    // must not win on rounding.
    auto less = [](double a, double b) { return a < b - 1e-12 * std::abs(b); };
    if (found && !less(value, bestValue) &&
        (less(bestValue, value) || !less(tie, bestTie)))
      return;
    found = true;
    bestValue = value;
    bestTie = tie;
    best = {mapping, cost, 0};
  }

  MappingObjective objective;
  bool found = false;
  double bestValue = 0, bestTie = 0;
  RSSearchResult best;
  int64_t evaluated = 0;
};
} // namespace

/// The smallest value of a chunk size giving each distinct chunk count of
/// `total`, in increasing order.
static SmallVector<int64_t> smallestPerChunkCount(int64_t total) {
  SmallVector<int64_t> sizes;
  for (int64_t count = total; count >= 1; --count) {
    int64_t size = ceilDiv(total, count);
    if (sizes.empty() || sizes.back() != size)
      sizes.push_back(size);
  }
  return sizes;
}

static bool stripRowsAreAffine(const RSLayerModel &model) {
  const RSLayerDims &d = model.dims();
  if (d.E < 3)
    return true;
  int64_t step = model.stripIfmapRows(2) - model.stripIfmapRows(1);
  for (int64_t h = 3; h <= d.E; ++h)
    if (model.stripIfmapRows(h) - model.stripIfmapRows(h - 1) != step)
      return false;
  return true;
}

Expected<RSSearchResult>
eyeriss::searchRSMapping(const RSLayerModel &model,
                         const RSSearchOptions &options) {
  const TargetModel &tm = model.target();
  if (Error err = checkLayerIsMappable(model.shape(), tm))
    return std::move(err);
  const RSLayerDims &d = model.dims();
  BestMapping best(options.objective);

  // Batch chunks: every per-pass count and time is linear in the chunk's
  // images, so n obeys the same argument as e (below) with no condition.
  SmallVector<int64_t> allN;
  if (options.exhaustive) {
    for (int64_t n = 1; n <= d.N; ++n)
      allN.push_back(n);
  } else {
    allN = smallestPerChunkCount(d.N);
  }
  SmallVector<int64_t> allE;
  bool pruneE = !options.exhaustive && stripRowsAreAffine(model);
  if (pruneE) {
    // The smallest e per strip count, and per fold factor k within it: the
    // ifmap GIN's col IDs bound a PE row's ceil(e/k) PEs, which a larger e
    // with a larger k can meet when the smallest e cannot.
    for (int64_t e0 : smallestPerChunkCount(d.E)) {
      int64_t strips = ceilDiv(d.E, e0);
      for (int64_t k = ceilDiv(e0, tm.numPECols());; ++k) {
        int64_t e = std::max(e0, (k - 1) * tm.numPECols() + 1);
        if (e > d.E || ceilDiv(d.E, e) != strips || d.R * k > tm.numPERows())
          break;
        allE.push_back(e);
      }
    }
    llvm::sort(allE);
    allE.erase(std::unique(allE.begin(), allE.end()), allE.end());
  } else {
    for (int64_t e = 1; e <= d.E; ++e)
      allE.push_back(e);
  }

  int64_t maxP = std::min({d.M, tm.psumSpadWords(),
                           tm.filterSpadWords() / std::max<int64_t>(d.S, 1)});
  for (int64_t p = 1; p <= maxP; ++p) {
    int64_t maxQ = std::min({d.C, tm.ifmapSpadWords() / d.dilatedS,
                             tm.filterSpadWords() / (p * d.S)});
    for (int64_t q = 1; q <= maxQ; ++q) {
      // r is bounded by the array's rows (r*R <= rows): every value is tried.
      SmallVector<int64_t> rs;
      for (int64_t r = 1; r <= ceilDiv(d.C, q); ++r)
        rs.push_back(r);
      for (int64_t n : allN)
        for (int64_t e : allE) {
          int64_t fold = ceilDiv(e, tm.numPECols());
          if (d.R * fold > tm.numPERows())
            break; // Wider sets only fold more.
          for (int64_t r : rs) {
            if (r * d.R * fold > tm.numPERows())
              break; // rs is increasing.
            // Chains of r*R*fold rows x ceil(e/fold) columns: how many fit.
            int64_t segmentCols = ceilDiv(e, fold);
            int64_t slots = (tm.numPERows() / (r * d.R * fold)) *
                            (tm.numPECols() / segmentCols);
            int64_t maxT = std::min(ceilDiv(d.M, p), slots);
            for (int64_t t = 1; t <= maxT; ++t) {
              RSMapping mp{std::min(p * t, d.M), n, e, p, q, r, t};
              if (!options.exhaustive) {
                mp.m = model.maxGLBChannels(mp);
                if (mp.m == 0)
                  continue;
                if (!model.fits(mp))
                  continue;
                best.offer(mp, model.evaluate(mp));
                continue;
              }
              std::optional<RSLayerModel::PassTotals> passes;
              // Every limit but the GLB's is the same for every m: if the
              // GLB-free part fails, no m fits.
              mp.m = std::min(p * t, d.M);
              if (!model.fitsIgnoringGLB(mp))
                continue;
              for (int64_t m = p * t; m < d.M + p * t; m += p * t) {
                mp.m = std::min(m, d.M);
                if (!model.fitsGLB(mp))
                  break; // More m only needs more GLB.
                if (!passes)
                  passes = model.sumPasses(mp);
                best.offer(mp, model.evaluate(mp, *passes));
              }
            }
          }
        }
    }
  }

  if (!best.found) {
    // Name the limit that even the smallest mapping breaks.
    RSMapping smallest{1, 1, 1, 1, 1, 1, 1};
    if (Error err = model.check(smallest))
      return createStringError("no row-stationary mapping fits " +
                               tm.name().str() + ": even " + smallest.str() +
                               " breaks a limit: " + toString(std::move(err)));
    return createStringError("no row-stationary mapping fits " +
                             tm.name().str());
  }
  best.best.mappingsEvaluated = best.evaluated;
  return best.best;
}
