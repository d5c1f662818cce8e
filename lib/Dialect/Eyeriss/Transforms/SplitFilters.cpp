//===- SplitFilters.cpp - CONV filters larger than a PE set can hold ------===//
//
// A row-stationary PE set needs one PE row per filter row (PE sets are not
// folded vertically), and each PE slides a filter row over a window of the
// ifmap row held in its ifmap spad. A filter taller than the array, or one
// whose (dilated) row is wider than the ifmap spad, has no mapping: a vision
// transformer's 16 x 16 patch embedding on Eyeriss's 12 rows and 12-word
// ifmap spads. Such a filter is split into tiles the array can hold; each
// tile is a CONV layer on the part of the input that tile reads, and the
// host sums the tiles' outputs.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissTarget.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/ConstantUtils.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/InputWindow.h"
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace eyeriss {
#define GEN_PASS_DEF_EYERISSSPLITFILTERS
#include "eyeriss/Dialect/Eyeriss/Transforms/Passes.h.inc"
} // namespace eyeriss

using namespace mlir;
using namespace eyeriss;

namespace {

/// Equal bands of at most `limit` of `extent` positions: 16 on 12 become
/// 8 + 8, not 12 + 4. Returns the band size.
int64_t bandSize(int64_t extent, int64_t limit) {
  int64_t bands = (extent + limit - 1) / limit;
  return (extent + bands - 1) / bands;
}

/// The input a tile of filter positions [k0, k0 + k) reads along one
/// dimension: output position e reads padded input position
/// e * stride + (k0 + j) * dilation, so the tile is a window of the same
/// stride on the input.
InputWindow tileWindow(int64_t k0, int64_t k, int64_t out, int64_t stride,
                       int64_t dilation, int64_t padBefore, int64_t in) {
  return clipInputWindow(k0 * dilation - padBefore,
                         (out - 1) * stride + (k - 1) * dilation + 1, in);
}

void splitFilter(Conv2DOp conv, ArrayRef<float> filter, int64_t maxRows,
                 int64_t maxCols) {
  OpBuilder b(conv);
  auto filterType = conv.getFilter().getType();
  auto inputType = conv.getInput().getType();
  auto resultType = conv.getType();
  const int64_t M = filterType.getDimSize(0), C = filterType.getDimSize(1);
  const int64_t R = filterType.getDimSize(2), S = filterType.getDimSize(3);
  ArrayRef<int64_t> pads = conv.getPads();
  const int64_t rowBand = bandSize(R, maxRows), colBand = bandSize(S, maxCols);
  std::string name = getLayerName(conv);
  Location childLoc = conv.getLoc();

  // Slices `input` to [begin, end) along `dim` (2 = rows, 3 = columns),
  // unless that is all of it.
  auto slice = [&](Value input, int dim, const InputWindow &w,
                   Location loc) -> Value {
    auto type = cast<RankedTensorType>(input.getType());
    if (w.begin == 0 && w.end == type.getDimSize(dim))
      return input;
    SmallVector<int64_t> shape(type.getShape());
    shape[dim] = w.end - w.begin;
    return SliceOp::create(
               b, loc, RankedTensorType::get(shape, type.getElementType()),
               input, b.getI64IntegerAttr(dim), b.getI64IntegerAttr(w.begin),
               b.getI64IntegerAttr(1))
        .getResult();
  };

  // A tile whose window lies wholly in the padding reads only zeros and
  // adds nothing: DeepLabV3's atrous rates of 24 and 36 on a 14 x 14 map
  // leave only the centre taps on the image.
  struct Tile {
    int64_t r0, rows, s0, cols;
    InputWindow rowWindow, colWindow;
  };
  SmallVector<Tile> tiles;
  for (int64_t r0 = 0; r0 < R; r0 += rowBand) {
    const int64_t rows = std::min(rowBand, R - r0);
    InputWindow rowWindow =
        tileWindow(r0, rows, resultType.getDimSize(2), conv.getStrides()[0],
                   conv.getDilations()[0], pads[0], inputType.getDimSize(2));
    for (int64_t s0 = 0; s0 < S; s0 += colBand) {
      const int64_t cols = std::min(colBand, S - s0);
      InputWindow colWindow =
          tileWindow(s0, cols, resultType.getDimSize(3), conv.getStrides()[1],
                     conv.getDilations()[1], pads[1], inputType.getDimSize(3));
      if (rowWindow.end > rowWindow.begin && colWindow.end > colWindow.begin)
        tiles.push_back({r0, rows, s0, cols, rowWindow, colWindow});
    }
  }
  // Every output reads only padding: the mapper refuses the layer as it is.
  if (tiles.empty())
    return;

  Value sum;
  // One row slice serves every tile of a band.
  int64_t bandRow = -1;
  Value bandInput;
  for (auto [index, t] : llvm::enumerate(tiles)) {
    bool first = index == 0, last = index + 1 == tiles.size();
    if (t.r0 != bandRow) {
      bandRow = t.r0;
      bandInput = slice(
          conv.getInput(), 2, t.rowWindow,
          NameLoc::get(b.getStringAttr(name + ".r" + std::to_string(t.r0)),
                       childLoc));
    }
    Location loc = NameLoc::get(
        b.getStringAttr(name + ".r" + std::to_string(t.r0) + "s" +
                        std::to_string(t.s0)),
        childLoc);
    Value input = slice(bandInput, 3, t.colWindow, loc);
    SmallVector<int64_t> tilePads = {t.rowWindow.padBegin, t.colWindow.padBegin,
                                     t.rowWindow.padEnd, t.colWindow.padEnd};
    std::vector<float> tile;
    tile.reserve(M * C * t.rows * t.cols);
    for (int64_t mc = 0; mc < M * C; ++mc)
      for (int64_t r = t.r0; r < t.r0 + t.rows; ++r)
        for (int64_t s = t.s0; s < t.s0 + t.cols; ++s)
          tile.push_back(filter[(mc * R + r) * S + s]);
    Value tileFilter = createF32Constant(b, conv.getFilter().getLoc(),
                                         {M, C, t.rows, t.cols}, tile);
    // The layer's activation applies to the whole sum: the last add's, or
    // the one tile's.
    bool only = first && last;
    Value out = Conv2DOp::create(
        b, only ? conv.getLoc() : loc, resultType, input, tileFilter,
        first ? conv.getBias() : Value(), conv.getStridesAttr(),
        b.getDenseI64ArrayAttr(tilePads), conv.getDilationsAttr(),
        conv.getGroupsAttr(), only ? conv.getActivationAttr() : nullptr,
        /*mapping=*/nullptr, /*quant=*/nullptr);
    sum = !sum ? out
               : AddOp::create(b, last ? conv.getLoc() : loc, resultType, sum,
                               out, last ? conv.getActivationAttr() : nullptr)
                     .getResult();
  }
  conv.getResult().replaceAllUsesWith(sum);
  conv.erase();
}

struct SplitFiltersPass
    : public eyeriss::impl::EyerissSplitFiltersBase<SplitFiltersPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<const TargetModel *> target = getTargetModel(module);
    if (failed(target))
      return signalPassFailure();
    const int64_t maxRows = (*target)->numPERows();
    const int64_t spadWords = (*target)->ifmapSpadWords();
    SmallVector<std::tuple<Conv2DOp, std::vector<float>, int64_t>> large;
    module.walk([&](Conv2DOp conv) {
      auto type = conv.getFilter().getType();
      int64_t dilation = conv.getDilations()[1];
      // Filter columns whose dilated span fits the ifmap spad.
      int64_t maxCols = spadWords >= 1 ? (spadWords - 1) / dilation + 1 : 0;
      bool tooTall = type.getDimSize(2) > maxRows;
      bool tooWide = type.getDimSize(3) > maxCols;
      if ((!tooTall && !tooWide) || maxRows < 1 || maxCols < 1 ||
          conv.getMapping() || conv.getQuant())
        return;
      // A filter that is not a constant is the mapper's to refuse.
      if (std::optional<std::vector<float>> filter =
              getF32ConstantValues(conv.getFilter()))
        large.emplace_back(conv, std::move(*filter), maxCols);
    });
    for (auto &[conv, filter, maxCols] : large)
      splitFilter(conv, filter, maxRows, maxCols);
  }
};

} // namespace
