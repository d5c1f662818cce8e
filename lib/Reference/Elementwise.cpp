//===- Elementwise.cpp - Activations, sums, products, concatenation -------===//

#include "eyeriss/Reference/Kernels.h"
#include "eyeriss/Support/HostFormat.h"
#include "eyeriss/Workload/Broadcast.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

using namespace eyeriss::reference;

void eyeriss::reference::clampInPlace(Tensor &tensor, float lo, float hi) {
  // std::max(x, lo) is `x < lo ? lo : x`, so NaN fails both comparisons and
  // passes through, as in PyTorch's relu and clamp; the loop compiles to
  // branch-free SIMD max/min.
  for (float &x : tensor.data)
    x = std::min(std::max(x, lo), hi);
}


Tensor eyeriss::reference::concat(llvm::ArrayRef<Tensor> inputs,
                                  int64_t axis) {
  assert(!inputs.empty() && axis >= 0 && axis < inputs[0].rank() &&
         "axis in range");
  llvm::SmallVector<int64_t> shape = inputs[0].shape;
  shape[axis] = 0;
  for (const Tensor &input : inputs)
    shape[axis] += input.shape[axis];
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  Tensor result = Tensor::zeros(shape);
  // Row-major order: for each index before the axis, every input
  // contributes one contiguous chunk in turn.
  float *out = result.data.data();
  for (int64_t o = 0; o < outer; ++o) {
    for (const Tensor &input : inputs) {
      int64_t chunk = Tensor::numElements(
          llvm::ArrayRef<int64_t>(input.shape).drop_front(axis));
      const float *begin = input.data.data() + o * chunk;
      out = std::copy(begin, begin + chunk, out);
    }
  }
  return result;
}

/// `op` of each pair of elements, the operands broadcast (numpy rules).
template <typename BinaryOp>
static Tensor broadcastBinary(const Tensor &lhs, const Tensor &rhs,
                              BinaryOp op) {
  std::optional<llvm::SmallVector<int64_t>> shape =
      eyeriss::broadcastShape(lhs.shape, rhs.shape);
  assert(shape && "shapes that broadcast");
  Tensor result = Tensor::zeros(*shape);
  size_t rank = shape->size();
  if (lhs.shape == rhs.shape) {
    for (size_t i = 0, e = lhs.data.size(); i < e; ++i)
      result.data[i] = op(lhs.data[i], rhs.data[i]);
    return result;
  }
  llvm::SmallVector<int64_t> ls = eyeriss::broadcastStrides(lhs.shape, rank);
  llvm::SmallVector<int64_t> rs = eyeriss::broadcastStrides(rhs.shape, rank);
  // An odometer over the result's indices, carrying both operands' offsets.
  llvm::SmallVector<int64_t> index(rank, 0);
  int64_t l = 0, r = 0;
  for (float &out : result.data) {
    out = op(lhs.data[l], rhs.data[r]);
    for (size_t d = rank; d-- > 0;) {
      l += ls[d];
      r += rs[d];
      if (++index[d] < (*shape)[d])
        break;
      l -= ls[d] * index[d];
      r -= rs[d] * index[d];
      index[d] = 0;
    }
  }
  return result;
}

Tensor eyeriss::reference::add(const Tensor &lhs, const Tensor &rhs) {
  return broadcastBinary(lhs, rhs, [](float a, float b) { return a + b; });
}

Tensor eyeriss::reference::mul(const Tensor &lhs, const Tensor &rhs) {
  return broadcastBinary(lhs, rhs, [](float a, float b) { return a * b; });
}

Tensor eyeriss::reference::erf(const Tensor &input) {
  Tensor result = input;
  for (float &x : result.data)
    x = std::erf(x);
  return result;
}

float eyeriss::reference::fakeQuantize(float x, float scale, int32_t zeroPoint,
                                       int32_t qmin, int32_t qmax) {
  if (std::isnan(x))
    return x;
  // std::nearbyint rounds in the current mode, which is to nearest, ties to
  // even, unless a caller changed it; the clamp is in float, so that
  // quotients beyond int32's range saturate instead of overflowing.
  float q = std::nearbyint(x / scale) + static_cast<float>(zeroPoint);
  q = std::min(std::max(q, static_cast<float>(qmin)), static_cast<float>(qmax));
  return (q - static_cast<float>(zeroPoint)) * scale;
}

/// `f` of every element.
template <typename F> static Tensor map(const Tensor &input, F f) {
  Tensor result = input;
  for (float &x : result.data)
    x = f(x);
  return result;
}

Tensor eyeriss::reference::unary(const Tensor &input, UnaryFunction fn,
                                 float alpha, float beta) {
  switch (fn) {
  case UnaryFunction::Abs:
    return map(input, [](float x) { return std::fabs(x); });
  case UnaryFunction::Neg:
    return map(input, [](float x) { return -x; });
  case UnaryFunction::Exp:
    return map(input, [](float x) { return std::exp(x); });
  case UnaryFunction::Log:
    return map(input, [](float x) { return std::log(x); });
  case UnaryFunction::Sqrt:
    return map(input, [](float x) { return std::sqrt(x); });
  case UnaryFunction::Reciprocal:
    return map(input, [](float x) { return 1.0f / x; });
  case UnaryFunction::Tanh:
    return map(input, [](float x) { return std::tanh(x); });
  case UnaryFunction::Softplus:
    // log(1 + exp(x)) without overflow: x + log1p(exp(-x)) for x > 0.
    return map(input, [](float x) {
      return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
    });
  case UnaryFunction::Softsign:
    return map(input, [](float x) { return x / (1.0f + std::fabs(x)); });
  case UnaryFunction::LeakyRelu:
    return map(input, [alpha](float x) { return x < 0 ? alpha * x : x; });
  case UnaryFunction::Elu:
    return map(input, [alpha](float x) {
      return x < 0 ? alpha * std::expm1(x) : x;
    });
  case UnaryFunction::Selu:
    return map(input, [alpha, beta](float x) {
      return beta * (x <= 0 ? alpha * std::expm1(x) : x);
    });
  case UnaryFunction::Celu:
    return map(input, [alpha](float x) {
      return std::max(0.0f, x) +
             std::min(0.0f, alpha * std::expm1(x / alpha));
    });
  case UnaryFunction::ThresholdedRelu:
    return map(input, [alpha](float x) { return x > alpha ? x : 0.0f; });
  case UnaryFunction::Sin:
    return map(input, [](float x) { return std::sin(x); });
  case UnaryFunction::Cos:
    return map(input, [](float x) { return std::cos(x); });
  case UnaryFunction::Floor:
    return map(input, [](float x) { return std::floor(x); });
  case UnaryFunction::Ceil:
    return map(input, [](float x) { return std::ceil(x); });
  case UnaryFunction::Round:
    // The default floating-point environment rounds to nearest, ties to
    // even.
    return map(input, [](float x) { return std::nearbyint(x); });
  case UnaryFunction::Sign:
    return map(input, [](float x) { return x > 0 ? 1.0f : x < 0 ? -1.0f : x; });
  case UnaryFunction::RoundToF16:
    return map(input,
               [](float x) { return roundToFormat(x, HostFormat::Float16); });
  case UnaryFunction::RoundToBF16:
    return map(input,
               [](float x) { return roundToFormat(x, HostFormat::BFloat16); });
  case UnaryFunction::Not:
    return map(input, [](float x) { return x == 0.0f ? 1.0f : 0.0f; });
  case UnaryFunction::NonZero:
    return map(input, [](float x) { return x != 0.0f ? 1.0f : 0.0f; });
  case UnaryFunction::Trunc:
    return map(input, [](float x) { return std::trunc(x); });
  case UnaryFunction::Tan:
    return map(input, [](float x) { return std::tan(x); });
  case UnaryFunction::Asin:
    return map(input, [](float x) { return std::asin(x); });
  case UnaryFunction::Acos:
    return map(input, [](float x) { return std::acos(x); });
  case UnaryFunction::Atan:
    return map(input, [](float x) { return std::atan(x); });
  case UnaryFunction::Sinh:
    return map(input, [](float x) { return std::sinh(x); });
  case UnaryFunction::Cosh:
    return map(input, [](float x) { return std::cosh(x); });
  case UnaryFunction::Asinh:
    return map(input, [](float x) { return std::asinh(x); });
  case UnaryFunction::Acosh:
    return map(input, [](float x) { return std::acosh(x); });
  case UnaryFunction::Atanh:
    return map(input, [](float x) { return std::atanh(x); });
  case UnaryFunction::IsNaN:
    return map(input, [](float x) { return std::isnan(x) ? 1.0f : 0.0f; });
  case UnaryFunction::IsInf: {
    bool negative = alpha != 0.0f, positive = beta != 0.0f;
    return map(input, [=](float x) {
      return std::isinf(x) && (x < 0 ? negative : positive) ? 1.0f : 0.0f;
    });
  }
  case UnaryFunction::FakeQuantU8:
  case UnaryFunction::FakeQuantI8: {
    // alpha is the scale, beta the zero point (an integer in range).
    bool isSigned = fn == UnaryFunction::FakeQuantI8;
    int32_t zeroPoint = static_cast<int32_t>(beta);
    return map(input, [=](float x) {
      return fakeQuantize(x, alpha, zeroPoint, isSigned ? -128 : 0,
                          isSigned ? 127 : 255);
    });
  }
  }
  assert(false && "unknown unary function");
  return input;
}

Tensor eyeriss::reference::broadcastTo(const Tensor &input,
                                       llvm::ArrayRef<int64_t> shape) {
  assert(eyeriss::broadcastShape(input.shape, shape) &&
         llvm::ArrayRef<int64_t>(
             *eyeriss::broadcastShape(input.shape, shape)) == shape &&
         "an input that broadcasts to the shape");
  // The broadcast of the input against any tensor of `shape`, keeping the
  // input's values as they are (-0 included).
  return broadcastBinary(input, Tensor::zeros(shape),
                         [](float x, float) { return x; });
}

Tensor eyeriss::reference::binary(const Tensor &lhs, const Tensor &rhs,
                                  BinaryFunction fn) {
  switch (fn) {
  case BinaryFunction::Sub:
    return broadcastBinary(lhs, rhs, [](float a, float b) { return a - b; });
  case BinaryFunction::Div:
    return broadcastBinary(lhs, rhs, [](float a, float b) { return a / b; });
  case BinaryFunction::Pow:
    return broadcastBinary(lhs, rhs,
                           [](float a, float b) { return std::pow(a, b); });
  case BinaryFunction::Max:
    return broadcastBinary(lhs, rhs, [](float a, float b) {
      return std::isnan(a) || std::isnan(b) ? a + b : std::max(a, b);
    });
  case BinaryFunction::Min:
    return broadcastBinary(lhs, rhs, [](float a, float b) {
      return std::isnan(a) || std::isnan(b) ? a + b : std::min(a, b);
    });
  case BinaryFunction::PRelu:
    return broadcastBinary(lhs, rhs,
                           [](float a, float b) { return a < 0 ? b * a : a; });
  // Comparisons and logic give 1 or 0; a comparison with NaN is false.
  case BinaryFunction::Equal:
    return broadcastBinary(lhs, rhs,
                           [](float a, float b) { return float(a == b); });
  case BinaryFunction::Less:
    return broadcastBinary(lhs, rhs,
                           [](float a, float b) { return float(a < b); });
  case BinaryFunction::LessEqual:
    return broadcastBinary(lhs, rhs,
                           [](float a, float b) { return float(a <= b); });
  case BinaryFunction::Greater:
    return broadcastBinary(lhs, rhs,
                           [](float a, float b) { return float(a > b); });
  case BinaryFunction::GreaterEqual:
    return broadcastBinary(lhs, rhs,
                           [](float a, float b) { return float(a >= b); });
  case BinaryFunction::And:
    return broadcastBinary(lhs, rhs, [](float a, float b) {
      return float(a != 0.0f && b != 0.0f);
    });
  case BinaryFunction::Or:
    return broadcastBinary(lhs, rhs, [](float a, float b) {
      return float(a != 0.0f || b != 0.0f);
    });
  case BinaryFunction::Xor:
    return broadcastBinary(lhs, rhs, [](float a, float b) {
      return float((a != 0.0f) != (b != 0.0f));
    });
  case BinaryFunction::Add:
    return add(lhs, rhs);
  case BinaryFunction::Mul:
    return mul(lhs, rhs);
  case BinaryFunction::Mod:
    return broadcastBinary(lhs, rhs, [](float a, float b) {
      // fmod is exact; moving a remainder of the wrong sign by one divisor
      // gives Python's (numpy's) result.
      float r = std::fmod(a, b);
      return r != 0.0f && (r < 0.0f) != (b < 0.0f) ? r + b : r;
    });
  case BinaryFunction::FMod:
    return broadcastBinary(lhs, rhs,
                           [](float a, float b) { return std::fmod(a, b); });
  }
  assert(false && "unknown binary function");
  return lhs;
}

/// `n` wrapped around into a `bits`-bit integer type (two's complement when
/// signed), as numpy's and C's fixed-width integers do.
static int64_t wrapTo(int64_t n, unsigned bits, bool isSigned) {
  uint64_t mask = (uint64_t(1) << bits) - 1;
  uint64_t low = uint64_t(n) & mask;
  if (isSigned && (low >> (bits - 1)) & 1)
    return int64_t(low | ~mask);
  return int64_t(low);
}

/// `fn` of two whole numbers of a type narrow enough (8 or 16 bits) that
/// the exact result, computed in 64 bits, wraps into the type.
static float narrowIntegerOp(float a, float b, BinaryFunction fn,
                             eyeriss::IntegerFormat type) {
  // A whole number beyond 64 bits (a huge float cast to uint8, infinity)
  // has no int64 value to wrap: NaN, refused by the caller. (Pow's exponent
  // is checked there.)
  if (!(std::fabs(a) < 0x1p63f) ||
      (fn != BinaryFunction::Pow && !(std::fabs(b) < 0x1p63f)))
    return std::numeric_limits<float>::quiet_NaN();
  int64_t x = int64_t(a), r = 0;
  switch (fn) {
  case BinaryFunction::Add:
    r = x + int64_t(b);
    break;
  case BinaryFunction::Sub:
    r = x - int64_t(b);
    break;
  case BinaryFunction::Mul:
    r = x * int64_t(b);
    break;
  case BinaryFunction::Div:
    r = x / int64_t(b); // C++ truncates toward zero.
    break;
  case BinaryFunction::Max:
    r = std::max(x, int64_t(b));
    break;
  case BinaryFunction::Min:
    r = std::min(x, int64_t(b));
    break;
  case BinaryFunction::FMod:
    r = x % int64_t(b);
    break;
  case BinaryFunction::Mod: {
    int64_t y = int64_t(b);
    r = x % y;
    if (r != 0 && (r < 0) != (y < 0))
      r += y;
    break;
  }
  case BinaryFunction::Pow:
    if (b >= 0 && b < 0x1p63f && std::trunc(b) == b) {
      // Repeated squaring, wrapping as it goes (numpy's integer power).
      uint64_t base = uint64_t(x), result = 1;
      for (uint64_t e = uint64_t(b); e; e >>= 1, base *= base)
        if (e & 1)
          result *= base;
      r = int64_t(result);
    } else {
      // A negative or fractional exponent: the float power truncated (1 or
      // -1 for a base of 1 or -1, else 0 or the truncated root). 0 to a
      // negative power, a negative base to a fraction and powers beyond
      // what 64 bits hold are no integer: NaN, refused by the caller.
      double p = std::trunc(std::pow(double(x), double(b)));
      if (!(std::fabs(p) < 0x1p63))
        return std::numeric_limits<float>::quiet_NaN();
      r = int64_t(p);
    }
    break;
  default:
    assert(false && "an arithmetic function");
  }
  return float(wrapTo(r, type.bits, type.isSigned));
}

llvm::Expected<Tensor> eyeriss::reference::integerBinary(const Tensor &lhs,
                                                         const Tensor &rhs,
                                                         BinaryFunction fn,
                                                         HostFormat format) {
  std::optional<eyeriss::IntegerFormat> type = eyeriss::integerFormat(format);
  assert(type && type->bits > 1 && "an integer type");
  // Whole-number operands first, so that an error names an input, not the
  // garbage a fraction would make of the result. (Pow's exponent may be a
  // float: ONNX's Pow of an integer base by a float exponent.)
  for (const Tensor *t : {&lhs, &rhs})
    for (size_t i = 0, e = t->data.size();
         i < e && !(t == &rhs && fn == BinaryFunction::Pow); ++i)
      if (!(std::trunc(t->data[i]) == t->data[i]))
        return llvm::createStringError(
            "operand %d element %zu is %g, not a whole number", t == &rhs, i,
            double(t->data[i]));
  bool divides = fn == BinaryFunction::Div || fn == BinaryFunction::Mod ||
                 fn == BinaryFunction::FMod;
  if (divides)
    for (size_t i = 0, e = rhs.data.size(); i < e; ++i)
      if (rhs.data[i] == 0.0f)
        return llvm::createStringError(
            "division by zero (element %zu of the divisor)", i);
  Tensor result;
  if (type->bits <= 16) {
    result = broadcastBinary(lhs, rhs, [&](float a, float b) {
      return narrowIntegerOp(a, b, fn, *type);
    });
    for (size_t i = 0, e = result.data.size(); i < e; ++i)
      if (!std::isfinite(result.data[i]))
        return llvm::createStringError(
            "result element %zu is not an integer (a power of 0 by a negative "
            "exponent, of a negative base by a fraction, or beyond 64 bits)",
            i);
    return result;
  }
  switch (fn) {
  case BinaryFunction::Div:
    // The double quotient of two integers below 2^25 truncates to the
    // integer quotient: a fraction is at least 1/|b|, far above its ulp.
    result = broadcastBinary(lhs, rhs, [](float a, float b) {
      return float(std::trunc(double(a) / double(b)));
    });
    break;
  case BinaryFunction::Pow:
    // A power beyond float's range becomes infinity, refused below.
    result = broadcastBinary(lhs, rhs, [](float a, float b) {
      return float(std::trunc(std::pow(double(a), double(b))));
    });
    break;
  case BinaryFunction::Sub:
  case BinaryFunction::Add:
  case BinaryFunction::Mul:
  case BinaryFunction::Max:
  case BinaryFunction::Min:
  case BinaryFunction::Mod:
  case BinaryFunction::FMod:
    // Exactly rounded float arithmetic of whole numbers: exact while the
    // result stays below 2^24, checked below.
    result = binary(lhs, rhs, fn);
    break;
  default:
    assert(false && "an arithmetic function");
    return binary(lhs, rhs, fn);
  }
  for (size_t i = 0, e = result.data.size(); i < e; ++i) {
    float r = result.data[i];
    if (!std::isfinite(r))
      return llvm::createStringError(
          "result element %zu is %g, not an integer (a power of 0 by a "
          "negative exponent, or of a negative base by a fraction)",
          i, double(r));
    if (!(std::fabs(r) < float(kMaxExactInteger)))
      return llvm::createStringError(
          "result element %zu is %.0f, not below 2^24 in magnitude, where "
          "float32 no longer holds every integer exactly",
          i, double(r));
    if (!type->isSigned && r < 0)
      return llvm::createStringError(
          "result element %zu is %.0f, below 0 in an unsigned type, whose "
          "wrap-around float32 does not hold exactly",
          i, double(r));
  }
  return result;
}

Tensor eyeriss::reference::select(const Tensor &condition, const Tensor &onTrue,
                                  const Tensor &onFalse) {
  std::optional<llvm::SmallVector<int64_t>> both =
      eyeriss::broadcastShape(condition.shape, onTrue.shape);
  assert(both && "operands that broadcast");
  std::optional<llvm::SmallVector<int64_t>> shape =
      eyeriss::broadcastShape(*both, onFalse.shape);
  assert(shape && "operands that broadcast");
  // Each operand laid out at the result's shape, then a choice per element
  // (never arithmetic: -inf and NaN pass through as they are).
  Tensor c = broadcastTo(condition, *shape);
  Tensor t = broadcastTo(onTrue, *shape);
  Tensor result = broadcastTo(onFalse, *shape);
  for (size_t i = 0; i < result.data.size(); ++i)
    if (c.data[i] != 0.0f)
      result.data[i] = t.data[i];
  return result;
}

Tensor eyeriss::reference::sigmoid(const Tensor &input) {
  Tensor result = input;
  // exp of a non-positive argument only: no overflow, and the tails keep
  // their relative precision.
  for (float &x : result.data) {
    if (x >= 0) {
      x = 1.0f / (1.0f + std::exp(-x));
    } else {
      float e = std::exp(x);
      x = e / (1.0f + e);
    }
  }
  return result;
}

Tensor eyeriss::reference::hardSigmoid(const Tensor &input, float alpha,
                                       float beta) {
  Tensor result = input;
  for (float &x : result.data)
    x = std::min(std::max(alpha * x + beta, 0.0f), 1.0f);
  return result;
}
