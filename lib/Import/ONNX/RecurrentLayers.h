//===- RecurrentLayers.h - ONNX RNN, GRU and LSTM, unrolled ------*- C++
//-*-===//
//
// The chip has no recurrence: it runs one layer over a batch of inputs. An
// ONNX RNN, GRU or LSTM node (PyTorch's nn.RNN, nn.GRU, nn.LSTM) is therefore
// unrolled at import over its static sequence length into ops the program
// already has:
//
//   - one fully connected layer over every time step at once, X W^T + Wb
//     (+ Rb), whose batch is seq_length x batch_size: the array runs it;
//   - per step, one fully connected layer of the previous hidden state,
//     H R^T (batch batch_size), also on the array (GRU's default form has
//     two: the update and reset gates', then the new gate's of r (.) H);
//   - per step, the gates' slices, activations and elementwise products on
//     the host, as ONNX's equations say.
//
// Each op is named after the node: `<node>.fwd.t3.gates`, `<node>.bwd.t0.h`,
// so that reports and diagnostics place it. The step's inputs come from
// slices of the first layer's output; the outputs Y, Y_h and Y_c are
// concatenations of the steps' hidden states.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_LIB_IMPORT_ONNX_RECURRENTLAYERS_H
#define EYERISS_LIB_IMPORT_ONNX_RECURRENTLAYERS_H

#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace eyeriss {

enum class RecurrentCell { RNN, GRU, LSTM };

/// The number of gates of a cell: W and R hold this many H x ... blocks.
int64_t recurrentGateCount(RecurrentCell cell);
/// The number of activation functions per direction: RNN's f, GRU's f and
/// g, LSTM's f, g and h.
int64_t recurrentActivationCount(RecurrentCell cell);

/// One of the activation functions ONNX's recurrent ops name.
struct RecurrentActivation {
  enum class Kind { Sigmoid, Tanh, Relu, HardSigmoid, Unary } kind;
  /// For Kind::Unary (Softsign, Softplus, LeakyRelu, Elu, ThresholdedRelu).
  UnaryFn fn = UnaryFn::Tanh;
  float alpha = 0, beta = 0;
};

/// The activation `name` (ONNX's spelling, case-insensitively) with the
/// default parameters of the ONNX op of that name; nullopt for a name ONNX
/// does not define, and for Affine and ScaledTanh, which have no defaults.
std::optional<RecurrentActivation>
parseRecurrentActivation(llvm::StringRef name);

/// An ONNX recurrent node with its constant parameters, checked by the
/// importer: shapes as ONNX defines them with D = the number of directions,
/// G = recurrentGateCount(cell) and H = hidden.
struct RecurrentLayerSpec {
  RecurrentCell cell = RecurrentCell::LSTM;
  int64_t hidden = 0;
  /// The directions computed, in ONNX's order: {forward}, {reverse}, or
  /// {forward, reverse} (bidirectional).
  llvm::SmallVector<bool, 2> reverse;
  /// recurrentActivationCount(cell) per direction, in the order above.
  llvm::SmallVector<RecurrentActivation, 6> activations;
  /// GRU: the new gate applies the reset gate after its recurrent product.
  bool linearBeforeReset = false;
  /// f32 [D, G*H, I] and [D, G*H, H].
  mlir::DenseElementsAttr w, r;
  /// f32 [D, 2*G*H] (Wb then Rb), or null (zeros).
  mlir::DenseElementsAttr b;
  /// LSTM's peepholes, f32 [D, 3*H] (i, o, f), or null (none).
  mlir::DenseElementsAttr p;
  /// Each batch element's number of steps, each within [0, seq_length], or
  /// empty: all of them.
  llvm::SmallVector<int64_t> sequenceLengths;
};

struct RecurrentLayerResults {
  /// [T, D, N, H]: every step's hidden state (zeros past a sequence's end).
  mlir::Value y;
  /// [D, N, H]: the last hidden state of each direction (each sequence's).
  mlir::Value yH;
  /// LSTM: [D, N, H], the last cell state; null for the others.
  mlir::Value yC;
};

/// Builds the unrolled layer at `builder`'s insertion point. `x` is
/// [T, N, I] (seq_length first: the importer transposes layout 1), and
/// `initialH` / `initialC` are [D, N, H] or null (zeros). `loc` is a NameLoc
/// whose name prefixes the ops'.
RecurrentLayerResults buildRecurrentLayer(mlir::OpBuilder &builder,
                                          mlir::NameLoc loc,
                                          const RecurrentLayerSpec &spec,
                                          mlir::Value x, mlir::Value initialH,
                                          mlir::Value initialC);

} // namespace eyeriss

#endif // EYERISS_LIB_IMPORT_ONNX_RECURRENTLAYERS_H
