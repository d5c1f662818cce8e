//===- EinsumShapes.h - Output shapes ONNX 1.12 infers no dims for -*- C++
//-*-===//
//
// ONNX 1.12's shape inference gives an Einsum's output its rank only, and
// the importer needs every value's static shape. completeEinsumShapes fills
// in the extents from the equation and the inputs' static shapes; shape
// inference then runs again, so that the values after it get theirs.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_EINSUMSHAPES_H
#define EYERISS_LIB_IMPORT_ONNX_EINSUMSHAPES_H

#include "onnx/onnx_pb.h"

namespace eyeriss {

/// Gives every default-domain Einsum node of `graph` whose inputs have
/// static shapes and whose output has none a static output shape in the
/// graph's value_info (or in its output, for a graph output), from the
/// equation: an explicit output's letters, or (implicit mode) the letters
/// used once, in alphabetical order. Equations it cannot read (ellipses,
/// letters of different extents, a term's length not its input's rank) are
/// left alone for the importer to report. Returns whether any shape was
/// added.
bool completeEinsumShapes(onnx::GraphProto &graph);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_EINSUMSHAPES_H
