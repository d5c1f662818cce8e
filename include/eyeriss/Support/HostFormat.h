//===- HostFormat.h - Element types tensors are exchanged in -*- C++ -*-===//
//
// Models may hold float16, bfloat16 or float64 tensors, and take or return
// int64, int32 and bool ones (token ids, masks, ArgMax's indices); the
// compiler and the simulator compute in float32 throughout, and these
// formats matter only at the edges: reading a file converts its elements to
// float32 (exactly, as float32 holds every float16 and bfloat16 value and
// every integer up to 2^24), and writing one, or emulating a model's
// narrower type, rounds float32 values to the format. Integer tensors hold
// whole numbers (of magnitude at most 2^24, exact in float32), bool ones 0
// and 1. Ground floor: plain C++ on LLVM Support.
//
// Rounding is IEEE 754 round-to-nearest-even, as a cast gives: overflow goes
// to infinity, float16 subnormals are kept, signaling NaNs become quiet (sign
// and leading payload kept). The conversions are bit manipulation rather
// than llvm::APFloat, whose general arbitrary-format arithmetic they would
// run for every element of a tensor; the unit tests check them against
// APFloat over every float16 and bfloat16 value and many float32 ones.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_SUPPORT_HOSTFORMAT_H
#define EYERISS_SUPPORT_HOSTFORMAT_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace eyeriss {

/// A tensor element type as the host (a file, the user's framework) holds
/// it. The values are stored in binary formats: never renumber them.
enum class HostFormat : uint8_t {
  Float32 = 0,
  Float16 = 1,
  BFloat16 = 2,
  Float64 = 3,
  /// Whole numbers (token ids, ArgMax's indices), held in float32 by the
  /// program.
  Int64 = 4,
  Int32 = 5,
  /// 0 and 1 (masks, comparisons' results), held in float32 by the program.
  Bool = 6,
  /// The narrower and unsigned integer types (uint8 images, int8 and int16
  /// data), whole numbers of their type's range, held in float32 by the
  /// program (uint32 and uint64 values of magnitude at most 2^24).
  UInt8 = 7,
  Int8 = 8,
  UInt16 = 9,
  Int16 = 10,
  UInt32 = 11,
  UInt64 = 12,
};
inline constexpr HostFormat kLastHostFormat = HostFormat::UInt64;

/// Integer tensors are held in float32, which holds every whole number of
/// at most this magnitude exactly; files with larger ones are refused.
inline constexpr int64_t kMaxExactInteger = int64_t(1) << 24;

/// Whether `format` is one of the formats of whole numbers (Int64, Int32,
/// Bool, and UInt8 to UInt64).
inline bool isIntegerFormat(HostFormat format) {
  return format == HostFormat::Int64 || format == HostFormat::Int32 ||
         format == HostFormat::Bool || format >= HostFormat::UInt8;
}

/// An integer format's width in bits (1 for Bool) and signedness; nullopt
/// for the float formats.
struct IntegerFormat {
  unsigned bits;
  bool isSigned;
};
std::optional<IntegerFormat> integerFormat(HostFormat format);

/// The values a program holds of integer `format`: its type's range, within
/// float32's exact integers ([-2^24, 2^24] for the 32- and 64-bit types;
/// [0, 1] for Bool).
std::pair<int64_t, int64_t> heldIntegerRange(HostFormat format);

/// What an input of integer `format` must hold, for errors: "0 or 1", "a
/// whole number from 0 to 255", ..., "a whole number of magnitude at most
/// 2^24" (the 32- and 64-bit types, within float32's exact integers).
std::string describeIntegerRange(HostFormat format);

/// The range seeded random inputs of integer `format` (calibration's,
/// eyeriss-run's) are drawn from when they index nothing: an 8- or 16-bit
/// type's whole range (an image's pixels, quantized activations), else 0
/// and 1 (a mask, a bool).
std::pair<int64_t, int64_t> seededIntegerRange(HostFormat format);

/// The float32 value nearest to `x` that `format` represents (round to
/// nearest, ties to even). Float32 and Float64 return `x` unchanged: float64
/// represents every float32; Int64 rounds to the nearest whole number, ties
/// to even (an index is one already), and so does Int32; Bool gives 1 for
/// any nonzero value (NaN included) and 0 for zero, as a cast to bool.
float roundToFormat(float x, HostFormat format);

/// `x` as an int64 when it is a whole number in int64's range; nullopt for a
/// fraction, an infinity or NaN (writing one as Int64 is an error).
std::optional<int64_t> wholeNumber(float x);
/// `x` as a whole number of integer `format`'s range (Int64, Int32, ...,
/// UInt64; Bool: 0 or 1); nullopt otherwise.
std::optional<int64_t> wholeNumberOf(float x, HostFormat format);

/// The value of an IEEE binary16 bit pattern (exact).
float float16BitsToFloat(uint16_t bits);
/// The binary16 bit pattern nearest to `x` (round to nearest, ties to even).
uint16_t floatToFloat16Bits(float x);

/// The value of a bfloat16 bit pattern, the top half of a float32 (exact).
float bfloat16BitsToFloat(uint16_t bits);
/// The bfloat16 bit pattern nearest to `x` (round to nearest, ties to even).
uint16_t floatToBFloat16Bits(float x);

/// "float32", "float16", "bfloat16", "float64", "int64", "int32", "bool",
/// "uint8", "int8", "uint16", "int16", "uint32" or "uint64".
llvm::StringRef stringifyHostFormat(HostFormat format);
/// The format named by stringifyHostFormat's spelling, or nullopt.
std::optional<HostFormat> symbolizeHostFormat(llvm::StringRef name);

} // namespace eyeriss

#endif // EYERISS_SUPPORT_HOSTFORMAT_H
