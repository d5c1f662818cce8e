//===- Multicast.cpp - NoC row/col IDs of a processing pass ---------------===//
//
// IDs are set once per layer (the scan chain), from the full pass; a partial
// pass sends fewer items over the same IDs. The schemes (docs/Multicast.md):
//  - filter GIN: row ID = (vertical chain slot, set, filter row), col ID =
//    the chain's column slot: one transfer per filter row reaches that row
//    of its chain in every fold segment;
//  - ifmap GIN: the PE rows of a set are grouped so that the ifmap rows
//    needed within a group span at most the col IDs available; row ID =
//    (set, group), col ID = ifmap row - the group's first. One transfer per
//    (ifmap row, group that needs it) reaches the whole diagonal in every
//    chain (chains on different filters share ifmaps);
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
/// The ifmap GIN's grouping of a set's PE rows, keyed (segment, filter row).
struct IfmapGrouping {
  std::map<std::pair<int64_t, int64_t>, int64_t> groupOf;
  std::vector<int64_t> groupFirst; ///< First ifmap row of each group.
  std::string error;               ///< Non-empty if unroutable.
};

/// Greedy over the rows sorted by their first ifmap row: a row joins the
/// current group while the group's ifmap rows span at most `usable` col IDs.
IfmapGrouping groupIfmapRows(const RSLayerDims &d, int64_t e, int64_t segments,
                             int64_t segmentCols, int64_t usable) {
  IfmapGrouping result;
  struct RowSpan {
    int64_t g, i, first, last;
  };
  SmallVector<RowSpan, 16> spans;
  for (int64_t g = 0; g < segments; ++g) {
    int64_t lFirst = g * segmentCols;
    int64_t lLast = std::min(e, (g + 1) * segmentCols) - 1;
    if (lFirst > lLast)
      continue;
    for (int64_t i = 0; i < d.R; ++i)
      spans.push_back({g, i, lFirst * d.strideH + i * d.dilationH,
                       lLast * d.strideH + i * d.dilationH});
  }
  std::stable_sort(spans.begin(), spans.end(),
                   [](const RowSpan &a, const RowSpan &b) {
                     return a.first < b.first;
                   });
  int64_t groupLast = 0;
  for (const RowSpan &s : spans) {
    if (s.last - s.first + 1 > usable) {
      result.error = formatv("one PE row needs ifmap rows {0}..{1} ({2} col "
                             "IDs)",
                             s.first, s.last, s.last - s.first + 1)
                         .str();
      return result;
    }
    if (result.groupFirst.empty() ||
        std::max(groupLast, s.last) - result.groupFirst.back() + 1 > usable) {
      result.groupFirst.push_back(s.first);
      groupLast = s.last;
    } else {
      groupLast = std::max(groupLast, s.last);
    }
    result.groupOf[{s.g, s.i}] = int64_t(result.groupFirst.size()) - 1;
  }
  return result;
}
} // namespace

int64_t eyeriss::countIfmapRowIDGroups(const RSLayerDims &d, int64_t e,
                                       int64_t foldFactor,
                                       int64_t segmentCols,
                                       int64_t usableColIDs) {
  // groupIfmapRows without its bookkeeping: the mapper asks this for every
  // candidate mapping. The rows' first ifmap rows, (g*segmentCols)*U + i*D,
  // are generated in increasing order of g and i, and a stable sort of at
  // most rows x 1 spans is cheap.
  struct Span {
    int64_t first, last;
  };
  SmallVector<Span, 16> spans;
  for (int64_t g = 0; g < foldFactor; ++g) {
    int64_t lFirst = g * segmentCols;
    int64_t lLast = std::min(e, (g + 1) * segmentCols) - 1;
    if (lFirst > lLast)
      continue;
    for (int64_t i = 0; i < d.R; ++i)
      spans.push_back({lFirst * d.strideH + i * d.dilationH,
                       lLast * d.strideH + i * d.dilationH});
  }
  std::stable_sort(spans.begin(), spans.end(),
                   [](const Span &a, const Span &b) { return a.first < b.first; });
  int64_t groups = 0, groupFirst = 0, groupLast = 0;
  for (const Span &s : spans) {
    if (s.last - s.first + 1 > usableColIDs)
      return 0;
    if (groups == 0 ||
        std::max(groupLast, s.last) - groupFirst + 1 > usableColIDs) {
      ++groups;
      groupFirst = s.first;
      groupLast = s.last;
    } else {
      groupLast = std::max(groupLast, s.last);
    }
  }
  return groups;
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
  // ifmap rows each group needs span at most the usable col IDs.
  {
    const int64_t usable = plan.ifmap.unusedColID; // IDs 0 .. unused-1
    IfmapGrouping grouping =
        groupIfmapRows(d, mp.e, L.segments, L.segmentCols, usable);
    if (!grouping.error.empty())
      return createStringError(formatv(
          "unroutable ID assignment: {0}, the ifmap GIN's {1}-bit col IDs "
          "give {2} plus one that never matches",
          grouping.error, tm.network(Network::GINIfmap).colIdBits, usable));
    std::map<std::pair<int64_t, int64_t>, int64_t> &groupOf = grouping.groupOf;
    std::vector<int64_t> &groupFirst = grouping.groupFirst;
    int64_t groups = int64_t(groupFirst.size());
    if (mp.r * groups > plan.ifmap.unusedRowID)
      return tooMany("ifmap", "row", mp.r * groups, Network::GINIfmap, true);
    forEachPE(mp.t, mp.r, mp.e,
              [&](int64_t c, int64_t g, int64_t j, int64_t i, int64_t x,
                  int64_t l) {
                int64_t grp = groupOf[{g, i}];
                plan.ifmap.rowID[L.row(c, g, j, i)] = j * groups + grp;
                plan.ifmap.colID[pe(L.row(c, g, j, i), L.col(c, x))] =
                    l * d.strideH + i * d.dilationH - groupFirst[grp];
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
                      {j * groups + grp, rho - groupFirst[grp]});
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
