//===- RecurrentLayers.cpp - ONNX RNN, GRU and LSTM, unrolled -------------===//

#include "RecurrentLayers.h"

#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"

#include <string>

using namespace mlir;
using namespace eyeriss;

int64_t eyeriss::recurrentGateCount(RecurrentCell cell) {
  switch (cell) {
  case RecurrentCell::RNN:
    return 1;
  case RecurrentCell::GRU:
    return 3;
  case RecurrentCell::LSTM:
    return 4;
  }
  return 0;
}

int64_t eyeriss::recurrentActivationCount(RecurrentCell cell) {
  switch (cell) {
  case RecurrentCell::RNN:
    return 1;
  case RecurrentCell::GRU:
    return 2;
  case RecurrentCell::LSTM:
    return 3;
  }
  return 0;
}

std::optional<RecurrentActivation>
eyeriss::parseRecurrentActivation(llvm::StringRef name) {
  using Kind = RecurrentActivation::Kind;
  auto unary = [](UnaryFn fn, float alpha = 0) {
    return RecurrentActivation{Kind::Unary, fn, alpha, 0};
  };
  std::string lower = name.lower();
  // The parameters are the defaults of the ONNX ops of these names.
  return llvm::StringSwitch<std::optional<RecurrentActivation>>(lower)
      .Case("sigmoid", RecurrentActivation{Kind::Sigmoid})
      .Case("tanh", RecurrentActivation{Kind::Tanh})
      .Case("relu", RecurrentActivation{Kind::Relu})
      .Case("hardsigmoid",
            RecurrentActivation{Kind::HardSigmoid, UnaryFn::Tanh, 0.2f, 0.5f})
      .Case("softsign", unary(UnaryFn::Softsign))
      .Case("softplus", unary(UnaryFn::Softplus))
      .Case("leakyrelu", unary(UnaryFn::LeakyRelu, 0.01f))
      .Case("elu", unary(UnaryFn::Elu, 1.0f))
      .Case("thresholdedrelu", unary(UnaryFn::ThresholdedRelu, 1.0f))
      .Default(std::nullopt);
}

namespace {

/// Builds one layer's ops, all named `<node><suffix>`.
class Unroller {
public:
  Unroller(OpBuilder &builder, NameLoc loc, const RecurrentLayerSpec &spec,
           Value x)
      : b(builder), loc(loc), name(loc.getName().getValue().str()), spec(spec),
        x(x) {
    ArrayRef<int64_t> shape = cast<RankedTensorType>(x.getType()).getShape();
    steps = shape[0];
    batch = shape[1];
    inputSize = shape[2];
    hidden = spec.hidden;
    gates = recurrentGateCount(spec.cell);
  }

  RecurrentLayerResults build(Value initialH, Value initialC);

private:
  /// One direction: its last hidden and cell states, and its steps' hidden
  /// states as [T, N, H].
  struct DirectionResult {
    Value y, h, c;
  };
  DirectionResult buildDirection(int64_t d, Value initialH, Value initialC);

  /// The next hidden (and cell) state of direction `d` from step input
  /// `xt` ([N, G*H]) and the current states (null: zeros).
  std::pair<Value, Value> step(const Twine &prefix, int64_t d, Value xt,
                               Value h, Value c);

  Location at(const Twine &suffix) {
    return NameLoc::get(b.getStringAttr(name + suffix), loc);
  }
  RankedTensorType tensor(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, b.getF32Type());
  }
  Value constant(const Twine &suffix, ArrayRef<int64_t> shape,
                 ArrayRef<float> values) {
    return ConstantOp::create(b, at(suffix),
                              DenseElementsAttr::get(tensor(shape), values));
  }
  /// Rows [row, row + rows) of matrix `d` of the [D, M, K] parameter `attr`,
  /// flattened.
  SmallVector<float> rowsOf(DenseElementsAttr attr, int64_t d, int64_t row,
                            int64_t rows) {
    ArrayRef<int64_t> shape = attr.getType().getShape();
    int64_t cols = shape.size() == 3 ? shape[2] : 1;
    int64_t perMatrix = shape[1] * cols;
    auto values = attr.getValues<float>();
    SmallVector<float> out;
    out.reserve(rows * cols);
    for (int64_t i = 0; i < rows * cols; ++i)
      out.push_back(values[d * perMatrix + row * cols + i]);
    return out;
  }
  /// `a` [rows, K] times the constant `w` [M, K] transposed, plus `bias`
  /// [M] when given: a fully connected layer for the array.
  Value gemm(const Twine &suffix, Value a, Value w, Value bias) {
    int64_t rows = cast<RankedTensorType>(a.getType()).getDimSize(0);
    int64_t m = cast<RankedTensorType>(w.getType()).getDimSize(0);
    return GemmOp::create(b, at(suffix), tensor({rows, m}), a, w, bias,
                          b.getF32FloatAttr(1.0f), b.getF32FloatAttr(1.0f),
                          nullptr, b.getUnitAttr());
  }
  /// Columns [start, start + count) of an [N, F] step tensor.
  Value columns(const Twine &suffix, Value v, int64_t start, int64_t count) {
    auto type = cast<RankedTensorType>(v.getType());
    if (start == 0 && count == type.getDimSize(1))
      return v;
    return SliceOp::create(b, at(suffix), tensor({type.getDimSize(0), count}),
                           v, b.getI64IntegerAttr(1),
                           b.getI64IntegerAttr(start), b.getI64IntegerAttr(1));
  }
  Value reshape(const Twine &suffix, Value v, ArrayRef<int64_t> shape) {
    return ReshapeOp::create(b, at(suffix), tensor(shape), v);
  }
  /// Elementwise ops; `lhs` has the result's shape, `rhs` broadcasts to it.
  Value add(const Twine &suffix, Value lhs, Value rhs) {
    return AddOp::create(b, at(suffix), lhs.getType(), lhs, rhs,
                         /*activation=*/nullptr);
  }
  Value mul(const Twine &suffix, Value lhs, Value rhs) {
    return MulOp::create(b, at(suffix), lhs.getType(), lhs, rhs);
  }
  Value sub(const Twine &suffix, Value lhs, Value rhs) {
    return BinaryOp::create(b, at(suffix), lhs.getType(), lhs, rhs,
                            BinaryFn::Sub);
  }
  Value activate(const Twine &suffix, const RecurrentActivation &act, Value v) {
    using Kind = RecurrentActivation::Kind;
    Location l = at(suffix);
    switch (act.kind) {
    case Kind::Sigmoid:
      return SigmoidOp::create(b, l, v.getType(), v);
    case Kind::Relu:
      return ReLUOp::create(b, l, v.getType(), v);
    case Kind::HardSigmoid:
      return HardSigmoidOp::create(b, l, v.getType(), v,
                                   b.getF32FloatAttr(act.alpha),
                                   b.getF32FloatAttr(act.beta));
    case Kind::Tanh:
      return UnaryOp::create(b, l, v.getType(), v,
                             UnaryFnAttr::get(b.getContext(), UnaryFn::Tanh),
                             b.getF32FloatAttr(0), b.getF32FloatAttr(0));
    case Kind::Unary:
      return UnaryOp::create(
          b, l, v.getType(), v, UnaryFnAttr::get(b.getContext(), act.fn),
          b.getF32FloatAttr(act.alpha), b.getF32FloatAttr(act.beta));
    }
    return v;
  }
  const RecurrentActivation &activation(int64_t d, int64_t which) {
    return spec.activations[d * recurrentActivationCount(spec.cell) + which];
  }
  /// `v` [T, N, F] with each batch element's first len[n] steps reversed
  /// and the rest kept: a reverse direction's steps, which start at the end
  /// of each sequence. Its own inverse.
  Value reverseWithinLengths(const Twine &suffix, Value v);

  OpBuilder &b;
  NameLoc loc;
  std::string name;
  const RecurrentLayerSpec &spec;
  Value x;
  int64_t steps, batch, inputSize, hidden, gates;
  /// Per direction: the recurrent weights as constants (GRU's default form:
  /// the update and reset gates' rows, then the new gate's), the bias of
  /// the recurrent product when it cannot join the input's (GRU with
  /// linear_before_reset; its new gate's part alone for a zero state), and
  /// the peepholes.
  Value recurrent, recurrentNew, recurrentBias, newGateRecurrentBias;
  Value peepholeI, peepholeO, peepholeF;
};

} // namespace

Value Unroller::reverseWithinLengths(const Twine &suffix, Value v) {
  int64_t features = cast<RankedTensorType>(v.getType()).getDimSize(2);
  SmallVector<Value> perElement;
  for (int64_t n = 0; n < batch; ++n) {
    std::string element = (suffix + ".n" + Twine(n)).str();
    Value column = SliceOp::create(
        b, at(element), tensor({steps, 1, features}), v, b.getI64IntegerAttr(1),
        b.getI64IntegerAttr(n), b.getI64IntegerAttr(1));
    int64_t len = spec.sequenceLengths[n];
    if (len <= 1) {
      perElement.push_back(column);
      continue;
    }
    SmallVector<Value> parts;
    parts.push_back(SliceOp::create(
        b, at(element + ".reversed"), tensor({len, 1, features}), column,
        b.getI64IntegerAttr(0), b.getI64IntegerAttr(len - 1),
        b.getI64IntegerAttr(-1)));
    if (len < steps)
      parts.push_back(SliceOp::create(
          b, at(element + ".rest"), tensor({steps - len, 1, features}), column,
          b.getI64IntegerAttr(0), b.getI64IntegerAttr(len),
          b.getI64IntegerAttr(1)));
    perElement.push_back(parts.size() == 1
                             ? parts[0]
                             : ConcatOp::create(b, at(element + ".steps"),
                                                tensor({steps, 1, features}),
                                                parts, b.getI64IntegerAttr(0))
                                   .getResult());
  }
  if (perElement.size() == 1)
    return perElement[0];
  return ConcatOp::create(b, at(suffix), tensor({steps, batch, features}),
                          perElement, b.getI64IntegerAttr(1));
}

std::pair<Value, Value> Unroller::step(const Twine &prefixTwine, int64_t d,
                                       Value xt, Value h, Value c) {
  std::string p = prefixTwine.str();
  int64_t H = hidden;
  switch (spec.cell) {
  case RecurrentCell::RNN: {
    Value pre =
        h ? add(p + ".gates", xt, gemm(p + ".recurrent", h, recurrent, Value()))
          : xt;
    return {activate(p + ".h", activation(d, 0), pre), Value()};
  }
  case RecurrentCell::GRU: {
    const RecurrentActivation &f = activation(d, 0), &g = activation(d, 1);
    // z and r are the first 2H columns (ONNX's zrh order): one activation.
    Value zrPre = columns(p + ".zr.input", xt, 0, 2 * H);
    Value newPre = columns(p + ".new.input", xt, 2 * H, H);
    Value rec;
    if (h && spec.linearBeforeReset) {
      rec = gemm(p + ".recurrent", h, recurrent, recurrentBias);
      zrPre =
          add(p + ".zr.gates", zrPre, columns(p + ".zr.rec", rec, 0, 2 * H));
    } else if (h) {
      zrPre = add(p + ".zr.gates", zrPre,
                  gemm(p + ".recurrent", h, recurrent, Value()));
    }
    Value zr = activate(p + ".zr", f, zrPre);
    Value z = columns(p + ".z", zr, 0, H);
    Value r = columns(p + ".r", zr, H, H);
    if (spec.linearBeforeReset) {
      // r (.) (H R_h^T + Rb_h); with H = 0 that is r (.) Rb_h.
      if (rec)
        newPre = add(
            p + ".new.gates", newPre,
            mul(p + ".new.reset", columns(p + ".new.rec", rec, 2 * H, H), r));
      else if (newGateRecurrentBias)
        newPre = add(p + ".new.gates", newPre,
                     mul(p + ".new.reset", r, newGateRecurrentBias));
    } else if (h) {
      newPre = add(p + ".new.gates", newPre,
                   gemm(p + ".new.recurrent", mul(p + ".reset", h, r),
                        recurrentNew, Value()));
    }
    Value hNew = activate(p + ".new", g, newPre);
    // (1 - z) (.) n + z (.) H = n + z (.) (H - n).
    Value next =
        h ? add(p + ".h", hNew, mul(p + ".keep", sub(p + ".delta", h, hNew), z))
          : sub(p + ".h", hNew, mul(p + ".keep", hNew, z));
    return {next, Value()};
  }
  case RecurrentCell::LSTM: {
    const RecurrentActivation &f = activation(d, 0), &g = activation(d, 1),
                              &hAct = activation(d, 2);
    Value pre =
        h ? add(p + ".gates", xt, gemm(p + ".recurrent", h, recurrent, Value()))
          : xt;
    // ONNX's gate order is i, o, f, c.
    Value i, o, fg;
    if (!peepholeI) {
      // i, o and f are the first 3H columns: one activation.
      Value iof =
          activate(p + ".iof", f, columns(p + ".iof.in", pre, 0, 3 * H));
      i = columns(p + ".i", iof, 0, H);
      o = columns(p + ".o", iof, H, H);
      fg = columns(p + ".f", iof, 2 * H, H);
    } else {
      Value iPre = columns(p + ".i.in", pre, 0, H);
      Value fPre = columns(p + ".f.in", pre, 2 * H, H);
      if (c) {
        iPre = add(p + ".i.peephole", iPre, mul(p + ".i.pc", c, peepholeI));
        fPre = add(p + ".f.peephole", fPre, mul(p + ".f.pc", c, peepholeF));
      }
      i = activate(p + ".i", f, iPre);
      fg = activate(p + ".f", f, fPre);
    }
    Value cell =
        activate(p + ".cell", g, columns(p + ".cell.in", pre, 3 * H, H));
    Value input = mul(p + ".c.input", i, cell);
    Value next = c ? add(p + ".c", mul(p + ".c.forget", c, fg), input) : input;
    if (peepholeI)
      o = activate(p + ".o", f,
                   add(p + ".o.peephole", columns(p + ".o.in", pre, H, H),
                       mul(p + ".o.pc", next, peepholeO)));
    return {mul(p + ".h", o, activate(p + ".c.act", hAct, next)), next};
  }
  }
  return {Value(), Value()};
}

Unroller::DirectionResult Unroller::buildDirection(int64_t d, Value initialH,
                                                   Value initialC) {
  bool reverse = spec.reverse[d];
  std::string dir = reverse ? ".bwd" : ".fwd";
  int64_t H = hidden, GH = gates * hidden;
  bool gru = spec.cell == RecurrentCell::GRU;
  bool lbr = gru && spec.linearBeforeReset;

  // The input's part of every gate for every step: one layer of T x N rows.
  // Its bias is Wb + Rb, except for GRU's new gate with linear_before_reset,
  // whose Rb is inside the reset gate's product.
  SmallVector<float> inputBias(size_t(GH), 0.0f);
  SmallVector<float> newGateBias(size_t(GH), 0.0f);
  bool anyBias = false, anyNewGateBias = false;
  if (spec.b) {
    SmallVector<float> wb = rowsOf(spec.b, d, 0, GH);
    SmallVector<float> rb = rowsOf(spec.b, d, GH, GH);
    for (int64_t k = 0; k < GH; ++k) {
      bool rbInside = lbr && k >= 2 * H;
      inputBias[k] = wb[k] + (rbInside ? 0.0f : rb[k]);
      if (rbInside)
        newGateBias[k] = rb[k];
      anyBias |= inputBias[k] != 0.0f;
      anyNewGateBias |= rbInside && rb[k] != 0.0f;
    }
  }
  Value flat = reshape(dir + ".x.rows", x, {steps * batch, inputSize});
  Value inputWeights =
      constant(dir + ".w", {GH, inputSize}, rowsOf(spec.w, d, 0, GH));
  Value inputPart =
      gemm(dir + ".input", flat, inputWeights,
           anyBias ? constant(dir + ".bias", {GH}, inputBias) : Value());
  Value perStep = reshape(dir + ".input.steps", inputPart, {steps, batch, GH});

  if (gru && !lbr) {
    recurrent =
        constant(dir + ".r.zr", {2 * H, H}, rowsOf(spec.r, d, 0, 2 * H));
    recurrentNew =
        constant(dir + ".r.new", {H, H}, rowsOf(spec.r, d, 2 * H, H));
  } else {
    recurrent = constant(dir + ".r", {GH, H}, rowsOf(spec.r, d, 0, GH));
  }
  recurrentBias = newGateRecurrentBias = Value();
  if (anyNewGateBias) {
    recurrentBias = constant(dir + ".r.bias", {GH}, newGateBias);
    newGateRecurrentBias = constant(dir + ".r.bias.new", {H},
                                    ArrayRef<float>(newGateBias).take_back(H));
  }
  peepholeI = peepholeO = peepholeF = Value();
  if (spec.p) {
    SmallVector<float> peep = rowsOf(spec.p, d, 0, 3 * H);
    if (llvm::any_of(peep, [](float v) { return v != 0.0f; })) {
      ArrayRef<float> all(peep);
      peepholeI = constant(dir + ".p.i", {H}, all.slice(0, H));
      peepholeO = constant(dir + ".p.o", {H}, all.slice(H, H));
      peepholeF = constant(dir + ".p.f", {H}, all.slice(2 * H, H));
    }
  }

  auto stateOf = [&](Value initial, const char *what) -> Value {
    if (!initial)
      return Value();
    Value slice =
        SliceOp::create(b, at(dir + "." + what + ".initial.slice"),
                        tensor({1, batch, H}), initial, b.getI64IntegerAttr(0),
                        b.getI64IntegerAttr(d), b.getI64IntegerAttr(1));
    return reshape(dir + "." + what + ".initial", slice, {batch, H});
  };
  Value h = stateOf(initialH, "h");
  Value c = stateOf(initialC, "c");

  // With lengths, each step masks the batch elements whose sequence ended;
  // a reverse direction walks its reversed sequences forward.
  bool masked = !spec.sequenceLengths.empty();
  if (masked && reverse)
    perStep = reverseWithinLengths(dir + ".input.reversed", perStep);
  SmallVector<Value> outputs(steps, Value());
  for (int64_t k = 0; k < steps; ++k) {
    int64_t t = reverse && !masked ? steps - 1 - k : k;
    std::string p = (dir + ".t" + Twine(t)).str();
    SmallVector<float> mask;
    if (masked)
      for (int64_t len : spec.sequenceLengths)
        mask.push_back(k < len ? 1.0f : 0.0f);
    bool allEnded =
        masked && llvm::all_of(mask, [](float m) { return m == 0; });
    bool noneEnded = llvm::all_of(mask, [](float m) { return m == 1; });
    if (allEnded) {
      // Every sequence ended: the states stay, the output is zeros.
      SmallVector<float> zeros(size_t(batch * H), 0.0f);
      outputs[t] = constant(p + ".y", {1, batch, H}, zeros);
      continue;
    }
    Value xt =
        reshape(p + ".x",
                SliceOp::create(b, at(p + ".x.step"), tensor({1, batch, GH}),
                                perStep, b.getI64IntegerAttr(0),
                                b.getI64IntegerAttr(t), b.getI64IntegerAttr(1)),
                {batch, GH});
    auto [hNext, cNext] = step(p, d, xt, h, c);
    Value y = hNext;
    if (!noneEnded) {
      // Ended sequences keep their states and output zeros.
      Value m = constant(p + ".mask", {batch, 1}, mask);
      y = mul(p + ".y.masked", hNext, m);
      auto keep = [&](Value next, Value prev, const char *what) {
        if (!prev)
          return what[0] == 'h' ? y : mul(p + ".c.masked", next, m);
        return add(p + "." + what + ".kept", prev,
                   mul(p + "." + what + ".update",
                       sub(p + "." + what + ".change", next, prev), m));
      };
      hNext = keep(hNext, h, "h");
      if (cNext)
        cNext = keep(cNext, c, "c");
    }
    h = hNext;
    c = cNext;
    outputs[t] = reshape(p + ".y", y, {1, batch, H});
  }
  Value y = steps == 1
                ? outputs[0]
                : ConcatOp::create(b, at(dir + ".y"), tensor({steps, batch, H}),
                                   outputs, b.getI64IntegerAttr(0))
                      .getResult();
  if (masked && reverse)
    y = reverseWithinLengths(dir + ".y.restored", y);
  // A direction whose every sequence is empty returns its initial states.
  auto zerosIfNull = [&](Value v, const char *what) {
    if (v)
      return v;
    SmallVector<float> zeros(size_t(batch * H), 0.0f);
    return constant(dir + "." + what + ".zeros", {batch, H}, zeros);
  };
  return {y, zerosIfNull(h, "h"),
          spec.cell == RecurrentCell::LSTM ? zerosIfNull(c, "c") : Value()};
}

RecurrentLayerResults Unroller::build(Value initialH, Value initialC) {
  int64_t D = spec.reverse.size();
  SmallVector<Value> ys, hs, cs;
  for (int64_t d = 0; d < D; ++d) {
    DirectionResult r = buildDirection(d, initialH, initialC);
    std::string dir = spec.reverse[d] ? ".bwd" : ".fwd";
    ys.push_back(reshape(dir + ".y.dir", r.y, {steps, 1, batch, hidden}));
    hs.push_back(reshape(dir + ".h.dir", r.h, {1, batch, hidden}));
    if (r.c)
      cs.push_back(reshape(dir + ".c.dir", r.c, {1, batch, hidden}));
  }
  auto join = [&](const char *what, ArrayRef<Value> parts,
                  ArrayRef<int64_t> shape, int64_t axis) -> Value {
    if (parts.empty())
      return Value();
    if (parts.size() == 1)
      return parts[0];
    return ConcatOp::create(b, at(what), tensor(shape), parts,
                            b.getI64IntegerAttr(axis));
  };
  return {join(".y", ys, {steps, D, batch, hidden}, 1),
          join(".h", hs, {D, batch, hidden}, 0),
          join(".c", cs, {D, batch, hidden}, 0)};
}

RecurrentLayerResults
eyeriss::buildRecurrentLayer(OpBuilder &builder, NameLoc loc,
                             const RecurrentLayerSpec &spec, Value x,
                             Value initialH, Value initialC) {
  return Unroller(builder, loc, spec, x).build(initialH, initialC);
}
