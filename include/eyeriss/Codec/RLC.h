//===- RLC.h - Run-length compression of feature maps -----------*- C++ -*-===//
//
// Eyeriss stores every feature map but the first layer's input run-length
// compressed in DRAM (JSSC 2017, Sec. IV-B, Fig. 8): a 64-bit word holds
// three (run, level) pairs, a 5-bit run of zeros followed by a 16-bit value,
// and a flag that marks the stream's last word. The compiler sizes DRAM
// transfers with this codec and the simulator moves the very words, so both
// share this one definition of the bit layout and of the encoding rules.
//
// The encoding is canonical and the decoder accepts only canonical streams,
// so decode(encode(v)) == v for every v and encode(decode(s)) == s for every
// stream s the decoder accepts. Corrupt streams are refused with an error
// naming the word and pair, never asserted on. See docs/RLC.md.
//
//===----------------------------------------------------------------------===//

#ifndef EYERISS_CODEC_RLC_H
#define EYERISS_CODEC_RLC_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace eyeriss {
namespace rlc {

/// The word format, as the architecture file's `rlc` section gives it
/// (ArchDescription's RLCDesc has the same fields). Defaults are the chip's.
///
/// Layout of a word, bit 0 = least significant: pair i occupies bits
/// [i*(runBits+levelBits), (i+1)*(runBits+levelBits)), its run in the low
/// runBits and its level (two's complement) in the next levelBits; the
/// last-word flag is the top bit, wordBits-1. Any bits in between are unused
/// and must be zero.
struct Params {
  int64_t wordBits = 64;
  int64_t pairsPerWord = 3;
  int64_t runBits = 5;
  int64_t levelBits = 16;
  int64_t lastFlagBits = 1;

  /// Checks the fields against each other and against what the codec can
  /// carry (16-bit levels, a one-bit flag, a word of at most 64 bits).
  llvm::Error verify() const;

  /// The longest run one pair can hold: 2^runBits - 1.
  uint64_t maxRun() const { return (uint64_t(1) << runBits) - 1; }
  unsigned pairBits() const { return unsigned(runBits + levelBits); }
  unsigned lastFlagBit() const { return unsigned(wordBits - 1); }
};

/// One decoded (run, level) pair: `run` zeros, then `level`.
struct Pair {
  uint32_t run = 0;
  int16_t level = 0;
  friend bool operator==(Pair a, Pair b) {
    return a.run == b.run && a.level == b.level;
  }
};

/// Packs pair `index` into `word`, replacing what was there. Exposed for
/// tests and for tools that build streams by hand; `params` must be valid
/// and `index` < pairsPerWord (asserted: these are the caller's constants,
/// not stream data).
uint64_t packPair(uint64_t word, unsigned index, Pair pair,
                  const Params &params = {});
/// The pair at `index` of `word`.
Pair unpackPair(uint64_t word, unsigned index, const Params &params = {});
/// Whether `word` has its last-word flag set.
bool isLastWord(uint64_t word, const Params &params = {});

/// Encodes values into words one value at a time, for modelling an
/// encoder's throughput. A word is released only once it is known whether
/// it is the last one (its flag depends on that), so push returns at most
/// one word and finish returns the remaining zero, one or two.
class Encoder {
public:
  /// The chip's format.
  Encoder() = default;
  static llvm::Expected<Encoder> create(const Params &params);

  /// Adds a value; returns a word if one is now complete and not the last.
  std::optional<uint64_t> push(int16_t value);
  /// Ends the stream: flushes pending zeros and the held or partial word,
  /// the last one flagged. An empty stream gives no words. After finish, the
  /// encoder starts a new stream.
  llvm::SmallVector<uint64_t, 2> finish();

  int64_t numValuesPushed() const { return valuesPushed; }
  const Params &params() const { return format; }

private:
  explicit Encoder(const Params &params) : format(params) {}
  std::optional<uint64_t> emitPair(Pair pair);

  Params format;
  uint64_t run = 0;             ///< Zeros seen since the last pair.
  uint64_t word = 0;            ///< The word being filled.
  unsigned pairsInWord = 0;     ///< Pairs in `word`.
  std::optional<uint64_t> held; ///< A full word waiting to learn if it's last.
  int64_t valuesPushed = 0;
};

/// Decodes a stream word by word, checking each as it arrives. The number
/// of values is known in advance (the transfer instruction gives it). After
/// an error, discard the decoder and what it appended.
class Decoder {
public:
  /// The chip's format.
  explicit Decoder(size_t numValues) : expected(numValues) {}
  static llvm::Expected<Decoder> create(size_t numValues, const Params &params);

  /// Decodes one word, appending its values to `out`. Fails if the word
  /// is inconsistent with a canonical stream of numValues values, or if it
  /// arrives after the last word.
  llvm::Error pushWord(uint64_t word, std::vector<int16_t> &out);
  /// Checks that the stream ended: all values decoded, last word seen.
  llvm::Error finish() const;

  /// True once the flagged last word has been decoded.
  bool done() const { return sawLast; }
  size_t numValuesDecoded() const { return decoded; }
  size_t numWordsDecoded() const { return words; }
  const Params &params() const { return format; }

private:
  Decoder(size_t numValues, const Params &params)
      : format(params), expected(numValues) {}

  Params format;
  size_t expected = 0;
  size_t decoded = 0;
  size_t words = 0;
  bool sawLast = false;
};

/// The batch codec for one format. The free functions below use the chip's.
class Codec {
public:
  Codec() = default;
  static llvm::Expected<Codec> create(const Params &params);

  std::vector<uint64_t> encode(llvm::ArrayRef<int16_t> values) const;
  /// encode(values).size(), without allocating.
  size_t encodedWordCount(llvm::ArrayRef<int16_t> values) const;
  /// Decodes exactly numValues values; refuses streams that are corrupt,
  /// truncated, too long or not canonical, naming the word (and pair).
  llvm::Expected<std::vector<int16_t>> decode(llvm::ArrayRef<uint64_t> words,
                                              size_t numValues) const;

  /// Expected words per value, in the limit of a long stream of i.i.d.
  /// values each zero with probability zeroFraction (clamped to [0, 1]).
  /// A pair ends at each non-zero value and after every maxRun+1 zeros, so
  /// pairs per value = (1 - z) / (1 - z^(maxRun+1)); divide by
  /// pairsPerWord.
  double expectedWordsPerValue(double zeroFraction) const;
  /// Expected words for a stream of numValues such values, end effects
  /// included (the pair for trailing zeros, the padding of the last word).
  /// Exact for short streams (numValues * (maxRun+1) * pairsPerWord up to
  /// 2^22: a dynamic program over the run counter and the pair count
  /// modulo pairsPerWord); beyond that, the long-stream rate plus the mean
  /// end effects, off by well under one word.
  double expectedWordCount(size_t numValues, double zeroFraction) const;

  const Params &params() const { return format; }

private:
  explicit Codec(const Params &params) : format(params) {}
  Params format;
};

/// The chip's format (Params{}).
std::vector<uint64_t> encode(llvm::ArrayRef<int16_t> values);
size_t encodedWordCount(llvm::ArrayRef<int16_t> values);
llvm::Expected<std::vector<int16_t>> decode(llvm::ArrayRef<uint64_t> words,
                                            size_t numValues);
double expectedWordsPerValue(double zeroFraction);
double expectedWordCount(size_t numValues, double zeroFraction);

} // namespace rlc
} // namespace eyeriss

#endif // EYERISS_CODEC_RLC_H
