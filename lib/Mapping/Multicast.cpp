//===- Multicast.cpp - NoC row/col IDs of a processing pass ---------------===//
//
// IDs are set once per layer (the scan chain), from the full pass; a partial
// pass sends fewer items over the same IDs. The schemes (docs/Multicast.md):
//  - filter GIN: row ID = (vertical chain slot, set, filter row), col ID =
//    the chain's column slot: one transfer per filter row reaches that row
//    of its chain in every fold segment;
//  - ifmap GIN: the PE rows of a set are grouped so that the ifmap rows
//    needed within a group fit the col IDs available; row ID = (set,
//    group), col ID = (ifmap row - the group's first) / step, where step is
//    1 (contiguous groups) or, at vertical stride U > 1, U if the groups
//    hold PE rows of one residue class of ifmap rows mod U (whichever needs
//    fewer transfers). One transfer per (ifmap row, group that needs it)
//    reaches the whole diagonal in every chain (chains on different filters
//    share ifmaps);
//  - psum GIN: row ID = the physical row, col ID = the physical column of
//    the PEs where psums enter a chain (the last filter row of a set).
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Mapping/Multicast.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

using namespace eyeriss;
using namespace llvm;

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

double MulticastPlan::ifmapTransfersPerRow() const {
  int64_t rows = 0, transfers = 0;
  for (const std::vector<Tag> &tags : ifmapTags)
    if (!tags.empty()) {
      ++rows;
      transfers += int64_t(tags.size());
    }
  return rows ? double(transfers) / rows : 0.0;
}

namespace {
/// Where chain c's PE (segment g, set j, filter row i, segment column x) sits.
struct Layout {
  RSPlacement pl;
  int64_t R, r, segments, segmentCols;

  int64_t verticalSlot(int64_t c) const { return c % pl.chainsPerColumn; }
  int64_t columnSlot(int64_t c) const { return c / pl.chainsPerColumn; }
  int64_t row(int64_t c, int64_t g, int64_t j, int64_t i) const {
    return verticalSlot(c) * pl.chainRows + (g * r + j) * R + i;
  }
  int64_t col(int64_t c, int64_t x) const {
    return columnSlot(c) * segmentCols + x;
  }
};
} // namespace

namespace {
/// The ifmap rows one PE row of a set needs: (fold segment g, filter row i)
/// takes rows first, first + U, ..., last of the strip (its ofmap rows l at
/// stride U, shifted by i*D).
struct IfmapRowSpan {
  int64_t g, i, first, last;
};

SmallVector<IfmapRowSpan, 16> ifmapRowSpans(const RSLayerDims &d, int64_t e,
                                            int64_t segments,
                                            int64_t segmentCols) {
  SmallVector<IfmapRowSpan, 16> spans;
  for (int64_t g = 0; g < segments; ++g) {
    int64_t lFirst = g * segmentCols;
    int64_t lLast = std::min(e, (g + 1) * segmentCols) - 1;
    if (lFirst > lLast)
      continue;
    for (int64_t i = 0; i < d.R; ++i)
      spans.push_back({g, i, lFirst * d.strideH + i * d.dilationH,
                       lLast * d.strideH + i * d.dilationH});
  }
  return spans;
}

/// One way of grouping a set's PE rows on the ifmap GIN. With `step` 1 (the
/// contiguous grouping) the groups are runs of the rows sorted by their
/// first ifmap row, and col ID = ifmap row - the group's first row. With
/// `step` U > 1 (the residue grouping) a group only holds rows whose ifmap
/// rows are congruent modulo U, so col ID = (ifmap row - group's first) / U
/// and a group spans U times more ifmap rows.
struct IfmapGrouping {
  int64_t step = 1;
  SmallVector<int64_t, 16> groupOfSpan; ///< Per span of ifmapRowSpans.
  SmallVector<int64_t, 8> groupFirst;   ///< First ifmap row of each group.
  int64_t groups = 0;
  /// Ifmap GIN transfers per set in the layer's full pass: distinct (ifmap
  /// row, group needing it) pairs.
  int64_t transfers = 0;
  /// The index of a span needing more col IDs than there are, or -1.
  int64_t unroutableSpan = -1;
};

/// Greedy over the rows sorted by (first ifmap row mod `step`, first ifmap
/// row): a row joins the current group while it is in the group's residue
/// class and the group's ifmap rows span at most `usable` col IDs in steps
/// of `step`. With `step` 1 this is the contiguous grouping.
IfmapGrouping groupIfmapRows(ArrayRef<IfmapRowSpan> spans, int64_t step,
                             int64_t strideH, int64_t usable) {
  IfmapGrouping result;
  result.step = step;
  result.groupOfSpan.assign(spans.size(), -1);
  SmallVector<int64_t, 16> order(spans.size());
  for (size_t k = 0; k < spans.size(); ++k)
    order[k] = int64_t(k);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    int64_t ra = spans[a].first % step, rb = spans[b].first % step;
    return ra != rb ? ra < rb : spans[a].first < spans[b].first;
  });
  int64_t groupLast = 0;
  for (int64_t k : order) {
    const IfmapRowSpan &s = spans[k];
    if ((s.last - s.first) / step + 1 > usable) {
      result.unroutableSpan = k;
      return result;
    }
    if (result.groups == 0 ||
        s.first % step != result.groupFirst.back() % step ||
        (std::max(groupLast, s.last) - result.groupFirst.back()) / step + 1 >
            usable) {
      result.groupFirst.push_back(s.first);
      ++result.groups;
      groupLast = s.last;
    } else {
      groupLast = std::max(groupLast, s.last);
    }
    result.groupOfSpan[k] = result.groups - 1;
  }
  // Transfers: a span needs the rows first, first + U, ..., last; merge the
  // spans of each (group, residue mod U) and count the rows of the union.
  struct Piece {
    int64_t group, residue, first, last;
  };
  SmallVector<Piece, 16> pieces;
  for (size_t k = 0; k < spans.size(); ++k)
    pieces.push_back({result.groupOfSpan[k], spans[k].first % strideH,
                      spans[k].first, spans[k].last});
  std::sort(pieces.begin(), pieces.end(), [](const Piece &a, const Piece &b) {
    return std::tie(a.group, a.residue, a.first) <
           std::tie(b.group, b.residue, b.first);
  });
  for (size_t k = 0; k < pieces.size();) {
    int64_t first = pieces[k].first, last = pieces[k].last;
    size_t next = k + 1;
    for (; next < pieces.size() && pieces[next].group == pieces[k].group &&
           pieces[next].residue == pieces[k].residue;
         ++next) {
      if (pieces[next].first > last) {
        result.transfers += (last - first) / strideH + 1;
        first = pieces[next].first;
      }
      last = std::max(last, pieces[next].last);
    }
    result.transfers += (last - first) / strideH + 1;
    k = next;
  }
  return result;
}

/// The grouping planMulticast uses: the contiguous one and, at stride
/// U > 1, the residue one; of those whose r * groups row IDs fit (at most
/// `maxGroups` groups), the one with the fewest transfers, then the fewest
/// groups, then the contiguous one. If neither fits the row IDs, the one
/// with the fewest groups (the caller reports the row IDs); if no PE row
/// fits the col IDs, one with `unroutableSpan` set.
IfmapGrouping chooseIfmapGrouping(ArrayRef<IfmapRowSpan> spans,
                                  const RSLayerDims &d, int64_t usable,
                                  int64_t maxGroups) {
  IfmapGrouping best = groupIfmapRows(spans, 1, d.strideH, usable);
  if (d.strideH == 1)
    return best;
  IfmapGrouping residue = groupIfmapRows(spans, d.strideH, d.strideH, usable);
  if (residue.unroutableSpan >= 0)
    return residue; // A PE row needs too many col IDs even in steps of U.
  if (best.unroutableSpan >= 0)
    return residue;
  bool bestFits = best.groups <= maxGroups;
  bool residueFits = residue.groups <= maxGroups;
  if (bestFits != residueFits)
    return residueFits ? residue : best;
  if (!bestFits)
    return residue.groups < best.groups ? residue : best;
  if (std::tie(residue.transfers, residue.groups) <
      std::tie(best.transfers, best.groups))
    return residue;
  return best;
}
} // namespace

int64_t eyeriss::countIfmapRowIDGroups(const RSLayerDims &d, int64_t e,
                                       int64_t foldFactor,
                                       int64_t segmentCols,
                                       int64_t usableColIDs,
                                       int64_t maxGroups) {
  // The mapper asks this for every candidate mapping: the same choice as
  // planMulticast, over at most rows spans, without the IDs and tags.
  SmallVector<IfmapRowSpan, 16> spans =
      ifmapRowSpans(d, e, foldFactor, segmentCols);
  IfmapGrouping grouping = chooseIfmapGrouping(spans, d, usableColIDs,
                                               maxGroups);
  return grouping.unroutableSpan >= 0 ? 0 : grouping.groups;
}

std::vector<PassShape> eyeriss::getPassShapes(const RSLayerDims &d,
                                              const RSMapping &mp) {
  SmallVector<int64_t, 2> chains, sets, rows;
  int64_t pt = mp.p * mp.t, qr = mp.q * mp.r;
  if (d.M / pt)
    chains.push_back(mp.t);
  if (d.M % pt)
    chains.push_back(ceilDiv(d.M % pt, mp.p));
  if (d.C / qr)
    sets.push_back(mp.r);
  if (d.C % qr)
    sets.push_back(ceilDiv(d.C % qr, mp.q));
  if (d.E / mp.e)
    rows.push_back(mp.e);
  if (d.E % mp.e)
    rows.push_back(d.E % mp.e);
  std::vector<PassShape> shapes;
  for (int64_t c : chains)
    for (int64_t s : sets)
      for (int64_t e : rows)
        shapes.push_back({c, s, e});
  return shapes;
}

Expected<MulticastPlan> eyeriss::planMulticast(const RSLayerDims &d,
                                               const RSMapping &mp,
                                               const PassShape &shape,
                                               const TargetModel &tm) {
  if (shape.chains < 1 || shape.chains > mp.t || shape.sets < 1 ||
      shape.sets > mp.r || shape.rows < 1 || shape.rows > mp.e)
    return createStringError("pass shape exceeds the mapping's full pass");
  Layout L{RSPlacement::get(d, mp, tm), d.R, mp.r, 0, 0};
  L.segments = L.pl.foldFactor;
  L.segmentCols = L.pl.segmentCols;
  if (L.pl.chainRows > tm.numPERows() ||
      mp.t > L.pl.chainsPerColumn * L.pl.chainsPerRow)
    return createStringError("the mapping's PE sets do not fit the array");

  MulticastPlan plan;
  plan.rows = tm.numPERows();
  plan.cols = tm.numPECols();
  plan.segments = L.segments;
  plan.segmentCols = L.segmentCols;
  const int64_t numPEs = plan.rows * plan.cols;
  auto pe = [&](int64_t row, int64_t col) { return row * plan.cols + col; };
  auto initNet = [&](NetworkConfig &net, Network which) {
    net.unusedRowID = tm.numRowIds(which) - 1;
    net.unusedColID = tm.numColIds(which) - 1;
    net.rowID.assign(plan.rows, net.unusedRowID);
    net.colID.assign(numPEs, net.unusedColID);
  };
  initNet(plan.filter, Network::GINFilter);
  initNet(plan.ifmap, Network::GINIfmap);
  initNet(plan.psum, Network::GINPsum);

  // Roles of the pass, and the layer's (full pass's) rows and columns.
  plan.roles.assign(numPEs, std::nullopt);
  auto forEachPE = [&](int64_t chains, int64_t sets, int64_t rows,
                       auto &&fn) {
    for (int64_t c = 0; c < chains; ++c)
      for (int64_t g = 0; g < L.segments; ++g)
        for (int64_t j = 0; j < sets; ++j)
          for (int64_t i = 0; i < d.R; ++i)
            for (int64_t x = 0; x < L.segmentCols; ++x) {
              int64_t l = g * L.segmentCols + x;
              if (l >= rows)
                continue;
              fn(c, g, j, i, x, l);
            }
  };
  forEachPE(shape.chains, shape.sets, shape.rows,
            [&](int64_t c, int64_t g, int64_t j, int64_t i, int64_t x,
                int64_t l) {
              plan.roles[pe(L.row(c, g, j, i), L.col(c, x))] =
                  PERole{c, g, j, i, l};
            });
  plan.layerRoles.assign(numPEs, std::nullopt);
  forEachPE(mp.t, mp.r, mp.e,
            [&](int64_t c, int64_t g, int64_t j, int64_t i, int64_t x,
                int64_t l) {
              plan.layerRoles[pe(L.row(c, g, j, i), L.col(c, x))] =
                  PERole{c, g, j, i, l};
            });

  auto tooMany = [&](StringRef net, StringRef what, int64_t need,
                     Network which, bool row) -> Error {
    const NetworkDesc &nd = tm.network(which);
    return createStringError(formatv(
        "unroutable ID assignment: the {0} GIN needs {1} distinct {2} IDs "
        "plus one that never matches, its {3}-bit {2} IDs give {4}",
        net, need, what, row ? nd.rowIdBits : nd.colIdBits,
        row ? tm.numRowIds(which) : tm.numColIds(which)));
  };

  // Filter GIN.
  {
    int64_t rowIDs = std::min(mp.t, L.pl.chainsPerColumn) * mp.r * d.R;
    int64_t colIDs = ceilDiv(mp.t, L.pl.chainsPerColumn);
    if (rowIDs > plan.filter.unusedRowID)
      return tooMany("filter", "row", rowIDs, Network::GINFilter, true);
    if (colIDs > plan.filter.unusedColID)
      return tooMany("filter", "col", colIDs, Network::GINFilter, false);
    forEachPE(mp.t, mp.r, mp.e,
              [&](int64_t c, int64_t g, int64_t j, int64_t i, int64_t x,
                  int64_t) {
                plan.filter.rowID[L.row(c, g, j, i)] =
                    L.verticalSlot(c) * mp.r * d.R + j * d.R + i;
                plan.filter.colID[pe(L.row(c, g, j, i), L.col(c, x))] =
                    L.columnSlot(c);
              });
    plan.filterTags.resize(shape.chains * shape.sets * d.R);
    for (int64_t c = 0; c < shape.chains; ++c)
      for (int64_t j = 0; j < shape.sets; ++j)
        for (int64_t i = 0; i < d.R; ++i)
          plan.filterTags[(c * shape.sets + j) * d.R + i] = {
              L.verticalSlot(c) * mp.r * d.R + j * d.R + i, L.columnSlot(c)};
  }

  // Ifmap GIN: group the (segment, filter row) rows of a set so that the
  // ifmap rows each group needs fit the usable col IDs.
  {
    const int64_t usable = plan.ifmap.unusedColID; // IDs 0 .. unused-1
    SmallVector<IfmapRowSpan, 16> spans =
        ifmapRowSpans(d, mp.e, L.segments, L.segmentCols);
    IfmapGrouping grouping = chooseIfmapGrouping(
        spans, d, usable, plan.ifmap.unusedRowID / mp.r);
    if (grouping.unroutableSpan >= 0) {
      const IfmapRowSpan &s = spans[grouping.unroutableSpan];
      int64_t step = grouping.step;
      return createStringError(formatv(
          "unroutable ID assignment: one PE row needs ifmap rows {0}..{1}{2} "
          "({3} col IDs), the ifmap GIN's {4}-bit col IDs give {5} plus one "
          "that never matches",
          s.first, s.last,
          step > 1 ? formatv(" in steps of {0}", step).str() : "",
          (s.last - s.first) / step + 1,
          tm.network(Network::GINIfmap).colIdBits, usable));
    }
    const int64_t groups = grouping.groups, step = grouping.step;
    if (mp.r * groups > plan.ifmap.unusedRowID)
      return tooMany("ifmap", "row", mp.r * groups, Network::GINIfmap, true);
    plan.ifmapGroups = groups;
    plan.ifmapColIDStep = step;
    plan.ifmapGroupFirst.assign(grouping.groupFirst.begin(),
                                grouping.groupFirst.end());
    std::map<std::pair<int64_t, int64_t>, int64_t> groupOf; // (g, i)
    for (size_t k = 0; k < spans.size(); ++k)
      groupOf[{spans[k].g, spans[k].i}] = grouping.groupOfSpan[k];
    auto colID = [&](int64_t rho, int64_t grp) {
      return (rho - plan.ifmapGroupFirst[grp]) / step;
    };
    forEachPE(mp.t, mp.r, mp.e,
              [&](int64_t c, int64_t g, int64_t j, int64_t i, int64_t x,
                  int64_t l) {
                int64_t grp = groupOf[{g, i}];
                plan.ifmap.rowID[L.row(c, g, j, i)] = j * groups + grp;
                plan.ifmap.colID[pe(L.row(c, g, j, i), L.col(c, x))] =
                    colID(l * d.strideH + i * d.dilationH, grp);
              });
    // Items: every ifmap row some active PE needs, one transfer per group.
    plan.stripRows = (shape.rows - 1) * d.strideH + (d.R - 1) * d.dilationH + 1;
    plan.ifmapTags.assign(shape.sets * plan.stripRows, {});
    std::set<std::tuple<int64_t, int64_t, int64_t>> sent; // (j, rho, group)
    forEachPE(1, shape.sets, shape.rows,
              [&](int64_t, int64_t g, int64_t j, int64_t i, int64_t,
                  int64_t l) {
                int64_t rho = l * d.strideH + i * d.dilationH;
                int64_t grp = groupOf[{g, i}];
                if (sent.insert({j, rho, grp}).second)
                  plan.ifmapTags[j * plan.stripRows + rho].push_back(
                      {j * groups + grp, colID(rho, grp)});
              });
  }

  // Psum GIN: into the last filter row of each set, addressed physically.
  {
    if (L.pl.usedRows > plan.psum.unusedRowID)
      return tooMany("psum", "row", L.pl.usedRows, Network::GINPsum, true);
    if (L.pl.usedCols > plan.psum.unusedColID)
      return tooMany("psum", "col", L.pl.usedCols, Network::GINPsum, false);
    forEachPE(mp.t, mp.r, mp.e,
              [&](int64_t c, int64_t g, int64_t j, int64_t i, int64_t x,
                  int64_t) {
                int64_t row = L.row(c, g, j, i);
                plan.psum.rowID[row] = row;
                if (i == d.R - 1)
                  plan.psum.colID[pe(row, L.col(c, x))] = L.col(c, x);
              });
    plan.psumTags.assign(shape.chains * L.segments * L.segmentCols,
                         Tag{plan.psum.unusedRowID, plan.psum.unusedColID});
    for (int64_t c = 0; c < shape.chains; ++c)
      for (int64_t g = 0; g < L.segments; ++g)
        for (int64_t x = 0; x < L.segmentCols; ++x) {
          if (g * L.segmentCols + x >= shape.rows)
            continue;
          int64_t row = L.row(c, g, shape.sets - 1, d.R - 1);
          plan.psumTags[(c * L.segments + g) * L.segmentCols + x] = {
              row, L.col(c, x)};
        }
  }
  return plan;
}

Error eyeriss::checkMulticast(const MulticastPlan &plan,
                              const RSLayerDims &d, const RSMapping &mp,
                              const PassShape &shape,
                              const TargetModel &tm) {
  const int64_t numPEs = plan.rows * plan.cols;
  auto matched = [&](const NetworkConfig &net, const Tag &tag) {
    std::vector<int64_t> pes;
    for (int64_t p = 0; p < numPEs; ++p)
      if (net.rowID[p / plan.cols] == tag.row && net.colID[p] == tag.col)
        pes.push_back(p);
    return pes;
  };
  auto checkNet = [&](StringRef name, const NetworkConfig &net,
                      const Tag &tag) -> Error {
    if (tag.row == net.unusedRowID || tag.col == net.unusedColID)
      return createStringError(formatv(
          "{0} GIN: a transfer is tagged with the never-matching ID", name));
    for (int64_t id : net.rowID)
      if (id < 0 || id > net.unusedRowID)
        return createStringError(formatv("{0} GIN: row ID {1} out of range",
                                         name, id));
    return Error::success();
  };
  auto describe = [&](int64_t p) {
    return formatv("PE ({0}, {1})", p / plan.cols, p % plan.cols).str();
  };
  // `idleNeeds(role)`: whether an idle PE of the layer with that full-pass
  // role may take the item.
  auto compare = [&](StringRef what, const std::set<int64_t> &need,
                     const std::set<int64_t> &got,
                     function_ref<bool(const PERole &)> idleNeeds) -> Error {
    for (int64_t p : need)
      if (!got.count(p))
        return createStringError(
            formatv("{0} does not reach {1}, which needs it", what,
                    describe(p)));
    for (int64_t p : got) {
      if (need.count(p))
        continue;
      const auto &layerRole = plan.layerRoles[p];
      if (!plan.roles[p] && layerRole && idleNeeds(*layerRole))
        continue;
      return createStringError(
          formatv("{0} reaches {1}, which does not need it", what,
                  describe(p)));
    }
    return Error::success();
  };

  // Filter rows.
  for (int64_t c = 0; c < shape.chains; ++c)
    for (int64_t j = 0; j < shape.sets; ++j)
      for (int64_t i = 0; i < d.R; ++i) {
        const Tag &tag = plan.filterTags[(c * shape.sets + j) * d.R + i];
        if (Error err = checkNet("filter", plan.filter, tag))
          return err;
        std::set<int64_t> need, got;
        for (int64_t p = 0; p < numPEs; ++p)
          if (const auto &role = plan.roles[p]; role && role->chain == c &&
                                                role->set == j &&
                                                role->filterRow == i)
            need.insert(p);
        for (int64_t p : matched(plan.filter, tag))
          got.insert(p);
        if (Error err = compare(
                formatv("filter row {0} of chain {1}, set {2}", i, c, j).str(),
                need, got, [&](const PERole &r) {
                  return r.chain == c && r.set == j && r.filterRow == i;
                }))
          return err;
      }
  // Ifmap rows.
  for (int64_t j = 0; j < shape.sets; ++j)
    for (int64_t rho = 0; rho < plan.stripRows; ++rho) {
      std::set<int64_t> need, got;
      for (int64_t p = 0; p < numPEs; ++p)
        if (const auto &role = plan.roles[p];
            role && role->set == j &&
            role->ofmapRow * d.strideH + role->filterRow * d.dilationH == rho)
          need.insert(p);
      for (const Tag &tag : plan.ifmapTags[j * plan.stripRows + rho]) {
        if (Error err = checkNet("ifmap", plan.ifmap, tag))
          return err;
        for (int64_t p : matched(plan.ifmap, tag))
          if (!got.insert(p).second)
            return createStringError(formatv(
                "ifmap row {0} of set {1} reaches {2} twice", rho, j,
                describe(p)));
      }
      if (Error err = compare(
              formatv("ifmap row {0} of set {1}", rho, j).str(), need, got,
              [&](const PERole &r) {
                return r.set == j &&
                       r.ofmapRow * d.strideH + r.filterRow * d.dilationH ==
                           rho;
              }))
        return err;
    }
  // Psums.
  for (int64_t c = 0; c < shape.chains; ++c)
    for (int64_t g = 0; g < plan.segments; ++g)
      for (int64_t x = 0; x < plan.segmentCols; ++x) {
        int64_t l = g * plan.segmentCols + x;
        if (l >= shape.rows)
          continue;
        const Tag &tag =
            plan.psumTags[(c * plan.segments + g) * plan.segmentCols + x];
        if (Error err = checkNet("psum", plan.psum, tag))
          return err;
        std::set<int64_t> need, got;
        for (int64_t p = 0; p < numPEs; ++p)
          if (const auto &role = plan.roles[p];
              role && role->chain == c && role->segment == g &&
              role->ofmapRow == l && role->set == shape.sets - 1 &&
              role->filterRow == d.R - 1)
            need.insert(p);
        for (int64_t p : matched(plan.psum, tag))
          got.insert(p);
        if (Error err =
                compare(formatv("psum row {0} of chain {1}", l, c).str(), need,
                        got, [](const PERole &) { return false; }))
          return err;
      }
  (void)mp;
  (void)tm;
  return Error::success();
}
