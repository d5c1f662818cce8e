//===- SpectralOperators.h - DFT and STFT on the PE array -----*- C++ -*-===//
//
// A discrete Fourier transform of a fixed length is a product with a
// constant matrix, and a short-time Fourier transform the same product on
// the signal's frames: what a keyword-spotting or speech front end computes
// before its CNN is an FC layer of the array like any other. Each node is
// rewritten, before translation, into the ONNX nodes that compute it, with
// the basis as a Constant:
//
//   DFT(x[..., N, C], axis, inverse, onesided, dft_length L)
//     = Transpose^-1(Reshape(MatMul(Reshape(Transpose(x)) [.., N*C],
//                                   basis [N*C, 2K])) [.., K, 2])
//   STFT(signal[B, L, C], frame_step h, window w, frame_length F, onesided)
//     = Reshape(MatMul(Reshape(Gather<axis 1>(signal, t*h + n)) [B, T, F*C],
//                      w[n] * basis [F*C, 2K])) [B, T, K, 2]
//
// with C = 1 (real) or 2 (complex input), T = 1 + (L - F)/h frames, K =
// L/2 + 1 bins when onesided, else L (the STFT's L is F), and for output
// bin k, input sample n:
//
//   basis[(n, re), (k, re)] =  g cos a     basis[(n, re), (k, im)] = g sin a
//   basis[(n, im), (k, re)] = -g sin a     basis[(n, im), (k, im)] = g cos a
//
// a = -/+ 2 pi ((k n) mod L) / L (forward / inverse), g = 1/L for the
// inverse, else 1. A dft_length below the axis's extent leaves the basis
// rows of the dropped samples zero; one above it pads the signal with
// zeros, which add nothing. The basis is computed in double precision and
// stored as float32; a signal of another float type is cast to float32 and
// the result cast back.
//
// The STFT's frames are gathered on the host rather than convolved: as a
// 1-D convolution, a 512-tap filter over a second of audio would be split
// into 43 column tiles of the ifmap spad's width, each over an input wider
// than EYB's 4096 columns; the FC layer takes a frame's samples as its
// input channels.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_SPECTRALOPERATORS_H
#define EYERISS_LIB_IMPORT_ONNX_SPECTRALOPERATORS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include "onnx/onnx_pb.h"

#include <optional>
#include <string>

namespace eyeriss {

/// The domain STFT nodes wait in between deferSTFTShapeInference and
/// expandSpectralOperators.
inline constexpr llvm::StringLiteral kDeferredSTFTDomain =
    "eyeriss.deferred_stft";

/// ONNX 1.12's STFT shape inference miscounts the op's output: with
/// onesided = 1 it subtracts the number of bins rather than the frame
/// length from the signal's (30 frames of 64 samples every 16 in 512, not
/// 29), and an absent onesided it reads as 0 where the schema's default is
/// 1. Its STFT nodes therefore move to kDeferredSTFTDomain (imported by the
/// model), which shape inference passes over, until expandSpectralOperators
/// rewrites them into nodes it infers correctly.
void deferSTFTShapeInference(onnx::ModelProto &model);

/// True for the DFT and STFT nodes expandSpectralOperators rewrites.
bool isSpectralOperator(const onnx::NodeProto &node);

/// What expandSpectralOperators did.
struct SpectralOperatorsResult {
  /// Nodes rewritten.
  int expanded = 0;
  /// A node that cannot be rewritten (in its own domain), and why.
  std::optional<onnx::NodeProto> badNode;
  std::string message;
};

/// Rewrites every DFT and STFT node of `model`'s graph into the nodes
/// above, in its place, and drops kDeferredSTFTDomain's import: named
/// `<node>.<part>` (`<node>` its name, else its output), their inner values
/// `<output>::<part>`. Types and shapes come from `typeOf` (null if
/// unknown); constant inputs (dft_length, frame_step, the window,
/// frame_length) from `initializerOf` (an initializer of that name, or
/// null) or a Constant node of the graph. The signal's shape and those
/// inputs must be known; a node whose are not, or whose attributes ONNX
/// does not allow, is reported in its own terms.
SpectralOperatorsResult expandSpectralOperators(
    onnx::ModelProto &model,
    llvm::function_ref<const onnx::TypeProto *(const std::string &)> typeOf,
    llvm::function_ref<const onnx::TensorProto *(const std::string &)>
        initializerOf);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_SPECTRALOPERATORS_H
