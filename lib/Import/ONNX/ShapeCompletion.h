//===- ShapeCompletion.h - Output shapes ONNX 1.12 infers no dims for -*- C++
//-*-===//
//
// ONNX 1.12's shape inference gives an Einsum's output its rank only, and a
// OneHot's output no extent along the new axis even when the depth is a
// constant; the importer needs every value's static shape.
// completeMissingShapes fills in the extents from an Einsum's equation and
// its inputs' static shapes, and from a OneHot's constant depth; shape
// inference then runs again, so that the values after them get theirs.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_SHAPECOMPLETION_H
#define EYERISS_LIB_IMPORT_ONNX_SHAPECOMPLETION_H

#include "onnx/onnx_pb.h"

namespace eyeriss {

/// Gives every default-domain Einsum and OneHot node of `graph` whose
/// inputs have static shapes and whose output has none a static output
/// shape in the graph's value_info (or in its output, for a graph output):
/// an Einsum's from its equation (an explicit output's letters, or in
/// implicit mode the letters used once, in alphabetical order), a OneHot's
/// from its indices' shape with the depth (a scalar initializer, read as
/// ONNX does: toward zero) inserted at `axis`. What it cannot read
/// (ellipses, letters of different extents, a term's length not its
/// input's rank, a computed depth) is left alone for the importer to
/// report. Returns whether any shape was added.
bool completeMissingShapes(onnx::GraphProto &graph);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_SHAPECOMPLETION_H
