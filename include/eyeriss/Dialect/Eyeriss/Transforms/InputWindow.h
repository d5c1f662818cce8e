//===- InputWindow.h - The input a part of a CONV layer reads --*- C++ -*-===//
//
// eyeriss-split-filters (a tile of filter positions) and
// eyeriss-split-wide-layers (a strip of output positions) make a CONV
// layer of a part of another; both slice out the input that part reads.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_DIALECT_EYERISS_TRANSFORMS_INPUTWINDOW_H
#define EYERISS_DIALECT_EYERISS_TRANSFORMS_INPUTWINDOW_H

#include <algorithm>
#include <cstdint>

namespace eyeriss {

/// The part of one spatial dimension of an input of `extent` positions
/// that a layer reads from padded position `first` (the layer's padding
/// before the input subtracted: negative inside it) for `span` positions:
/// [begin, end) of the input, and the padding before and after it that the
/// part still needs.
struct InputWindow {
  int64_t begin, end, padBegin, padEnd;
};
inline InputWindow clipInputWindow(int64_t first, int64_t span,
                                   int64_t extent) {
  return {std::max<int64_t>(first, 0), std::min<int64_t>(first + span, extent),
          std::max<int64_t>(-first, 0),
          std::max<int64_t>(first + span - extent, 0)};
}

} // namespace eyeriss

#endif // EYERISS_DIALECT_EYERISS_TRANSFORMS_INPUTWINDOW_H
