//===- RLC.cpp - Run-length compression of feature maps -------------------===//
//
// One encoder (Encoder) and one checker (Decoder) carry all the rules; the
// batch functions just loop over them, so streaming and batch use cannot
// disagree. The rules, in the encoder's terms: a zero extends the current
// run unless the run is already maxRun, in which case it is emitted as the
// pair's level; any other value ends the run as the level of a pair; at the
// end of the stream r > 0 pending zeros become one pair (r-1, 0). The
// decoder accepts exactly the streams this produces.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Codec/RLC.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace eyeriss;
using namespace eyeriss::rlc;
using namespace llvm;

static Error formatError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), "RLC format: " + message);
}

static Error streamError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), "RLC stream: " + message);
}

Error Params::verify() const {
  if (wordBits < 2 || wordBits > 64)
    return formatError(formatv("word_bits = {0} is outside [2, 64]", wordBits));
  if (pairsPerWord < 1 || pairsPerWord > 64)
    return formatError(
        formatv("pairs_per_word = {0} is outside [1, 64]", pairsPerWord));
  if (runBits < 1 || runBits > 32)
    return formatError(formatv("run_bits = {0} is outside [1, 32]", runBits));
  if (levelBits != 16)
    return formatError(formatv("level_bits = {0}: levels carry 16-bit data "
                               "words, so they must be 16 bits",
                               levelBits));
  if (lastFlagBits != 1)
    return formatError(formatv("last_flag_bits = {0}: the stream needs a "
                               "one-bit last-word flag",
                               lastFlagBits));
  int64_t needed = pairsPerWord * (runBits + levelBits) + lastFlagBits;
  if (needed > wordBits)
    return formatError(formatv(
        "{0} pairs of {1}+{2} bits and a {3}-bit flag need {4} bits, "
        "more than word_bits = {5}",
        pairsPerWord, runBits, levelBits, lastFlagBits, needed, wordBits));
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Bit layout
//===----------------------------------------------------------------------===//

static uint64_t lowMask(unsigned bits) {
  return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
}

static uint64_t lastFlagMask(const Params &params) {
  return uint64_t(1) << params.lastFlagBit();
}

/// Bits that are neither a pair nor the flag; they must be zero.
static uint64_t unusedMask(const Params &params) {
  uint64_t pairs = lowMask(unsigned(params.pairsPerWord) * params.pairBits());
  return ~(pairs | lastFlagMask(params));
}

uint64_t rlc::packPair(uint64_t word, unsigned index, Pair pair,
                       const Params &params) {
  assert(index < params.pairsPerWord && "pair index out of range");
  unsigned offset = index * params.pairBits();
  uint64_t field =
      (uint64_t(pair.run) & lowMask(unsigned(params.runBits))) |
      (uint64_t(static_cast<uint16_t>(pair.level)) << params.runBits);
  word &= ~(lowMask(params.pairBits()) << offset);
  return word | (field << offset);
}

Pair rlc::unpackPair(uint64_t word, unsigned index, const Params &params) {
  assert(index < params.pairsPerWord && "pair index out of range");
  uint64_t field = word >> (index * params.pairBits());
  Pair pair;
  pair.run = static_cast<uint32_t>(field & lowMask(unsigned(params.runBits)));
  pair.level =
      static_cast<int16_t>(static_cast<uint16_t>(field >> params.runBits));
  return pair;
}

bool rlc::isLastWord(uint64_t word, const Params &params) {
  return (word & lastFlagMask(params)) != 0;
}

//===----------------------------------------------------------------------===//
// Encoder
//===----------------------------------------------------------------------===//

Expected<Encoder> Encoder::create(const Params &params) {
  if (Error error = params.verify())
    return std::move(error);
  return Encoder(params);
}

std::optional<uint64_t> Encoder::emitPair(Pair pair) {
  // A new pair follows the held word, so the held word is not the last.
  std::optional<uint64_t> released = held;
  held.reset();
  word = packPair(word, pairsInWord++, pair, format);
  if (pairsInWord == format.pairsPerWord) {
    held = word;
    word = 0;
    pairsInWord = 0;
  }
  return released;
}

std::optional<uint64_t> Encoder::push(int16_t value) {
  ++valuesPushed;
  if (value == 0 && run < format.maxRun()) {
    ++run;
    return std::nullopt;
  }
  Pair pair{static_cast<uint32_t>(run), value};
  run = 0;
  return emitPair(pair);
}

SmallVector<uint64_t, 2> Encoder::finish() {
  SmallVector<uint64_t, 2> out;
  if (run > 0) {
    // r trailing zeros: r-1 zeros, then a zero level.
    if (std::optional<uint64_t> released =
            emitPair({static_cast<uint32_t>(run - 1), 0}))
      out.push_back(*released);
  }
  // Either a partial word or a held full one (never both: a pair that
  // starts a new word releases the held one) is the last.
  if (pairsInWord > 0)
    out.push_back(word | lastFlagMask(format));
  else if (held)
    out.push_back(*held | lastFlagMask(format));
  *this = Encoder(format);
  return out;
}

//===----------------------------------------------------------------------===//
// Decoder
//===----------------------------------------------------------------------===//

Expected<Decoder> Decoder::create(size_t numValues, const Params &params) {
  if (Error error = params.verify())
    return std::move(error);
  return Decoder(numValues, params);
}

Error Decoder::pushWord(uint64_t word, std::vector<int16_t> &out) {
  const size_t index = words++;
  if (expected == 0)
    return streamError(
        formatv("word {0}: a stream of 0 values has no words", index));
  if (sawLast)
    return streamError(
        formatv("word {0}: follows the word flagged last, but all {1} values "
                "were decoded",
                index, expected));
  if (uint64_t unused = word & unusedMask(format))
    return streamError(
        formatv("word {0}: unused bits are set (mask {1:x16}), word {2:x16}",
                index, unused, word));
  const bool last = isLastWord(word, format);
  for (unsigned j = 0; j < format.pairsPerWord; ++j) {
    Pair pair = unpackPair(word, j, format);
    if (decoded == expected) {
      // Padding after the final pair of the stream.
      if (pair.run != 0 || pair.level != 0)
        return streamError(formatv(
            "word {0}, pair {1}: (run {2}, level {3}) follows the last of "
            "the {4} values (more values than expected, or padding that is "
            "not (0, 0))",
            index, j, pair.run, pair.level, expected));
      continue;
    }
    const uint64_t count = uint64_t(pair.run) + 1;
    if (count > expected - decoded)
      return streamError(formatv(
          "word {0}, pair {1}: (run {2}, level {3}) decodes {4} values after "
          "{5}, more than the {6} expected",
          index, j, pair.run, pair.level, count, decoded, expected));
    if (pair.level == 0 && pair.run < format.maxRun() &&
        count != expected - decoded)
      return streamError(formatv(
          "word {0}, pair {1}: (run {2}, level 0) before the end of the "
          "stream is not canonical (the encoder adds such zeros to the next "
          "run; only runs of {3} end in a zero level)",
          index, j, pair.run, format.maxRun()));
    out.insert(out.end(), pair.run, int16_t(0));
    out.push_back(pair.level);
    decoded += count;
  }
  if (decoded == expected && !last)
    return streamError(
        formatv("word {0}: holds the last of the {1} values, but its "
                "last-word flag is clear",
                index, expected));
  if (decoded < expected && last)
    return streamError(
        formatv("word {0}: last-word flag set after only {1} of the {2} values",
                index, decoded, expected));
  sawLast = last;
  return Error::success();
}

Error Decoder::finish() const {
  if (expected == 0 || sawLast)
    return Error::success();
  if (words == 0)
    return streamError(
        formatv("the stream is empty, but {0} values are expected", expected));
  return streamError(
      formatv("the stream ends after word {0} without a last-word flag, "
              "with {1} of the {2} values decoded",
              words - 1, decoded, expected));
}

//===----------------------------------------------------------------------===//
// Batch codec
//===----------------------------------------------------------------------===//

Expected<Codec> Codec::create(const Params &params) {
  if (Error error = params.verify())
    return std::move(error);
  return Codec(params);
}

std::vector<uint64_t> Codec::encode(ArrayRef<int16_t> values) const {
  Encoder encoder = cantFail(Encoder::create(format));
  std::vector<uint64_t> words;
  words.reserve(values.size() / format.pairsPerWord + 1);
  for (int16_t value : values)
    if (std::optional<uint64_t> word = encoder.push(value))
      words.push_back(*word);
  for (uint64_t word : encoder.finish())
    words.push_back(word);
  return words;
}

size_t Codec::encodedWordCount(ArrayRef<int16_t> values) const {
  // The encoder's pair rule, counting instead of packing.
  const uint64_t maxRun = format.maxRun();
  uint64_t pairs = 0, run = 0;
  for (int16_t value : values) {
    if (value == 0 && run < maxRun) {
      ++run;
      continue;
    }
    ++pairs;
    run = 0;
  }
  pairs += run > 0;
  return size_t((pairs + format.pairsPerWord - 1) / format.pairsPerWord);
}

Expected<std::vector<int16_t>> Codec::decode(ArrayRef<uint64_t> words,
                                             size_t numValues) const {
  Decoder decoder = cantFail(Decoder::create(numValues, format));
  std::vector<int16_t> values;
  // Reserve what the words can hold at most, not a possibly corrupt count.
  const uint64_t perWord =
      uint64_t(format.pairsPerWord) * (format.maxRun() + 1);
  values.reserve(words.size() > numValues / perWord ? numValues
                                                    : words.size() * perWord);
  for (uint64_t word : words)
    if (Error error = decoder.pushWord(word, values))
      return std::move(error);
  if (Error error = decoder.finish())
    return std::move(error);
  return values;
}

double Codec::expectedWordsPerValue(double zeroFraction) const {
  if (std::isnan(zeroFraction))
    return zeroFraction;
  const double z = std::clamp(zeroFraction, 0.0, 1.0);
  const double runsPerPair = double(format.maxRun()) + 1;
  // The run counter is a Markov chain on 0..maxRun: stationary weights are
  // proportional to z^r, and a pair ends on a non-zero (1 - z) or on a zero
  // at maxRun (z * P(maxRun)), which sums to (1 - z) / (1 - z^(maxRun+1)).
  const double pairsPerValue =
      z >= 1.0 ? 1.0 / runsPerPair
               : (1.0 - z) / (1.0 - std::pow(z, runsPerPair));
  return pairsPerValue / double(format.pairsPerWord);
}

/// E[words] for n values by dynamic programming over the encoder's state:
/// the run counter r in [0, maxRun] and the pairs emitted modulo
/// pairsPerWord; completed words are counted as probability mass wraps.
static double exactWordCount(size_t n, double z, uint64_t maxRun,
                             unsigned pairsPerWord) {
  const size_t runs = size_t(maxRun) + 1;
  auto at = [&](size_t r, unsigned m) { return r * pairsPerWord + m; };
  std::vector<double> prob(runs * pairsPerWord, 0.0), next(prob.size());
  prob[at(0, 0)] = 1.0;
  double fullWords = 0;
  for (size_t i = 0; i < n; ++i) {
    std::fill(next.begin(), next.end(), 0.0);
    for (size_t r = 0; r < runs; ++r) {
      for (unsigned m = 0; m < pairsPerWord; ++m) {
        const double p = prob[at(r, m)];
        if (p == 0)
          continue;
        // A pair is emitted on a non-zero, or on a zero at maxRun.
        const double emit = r == maxRun ? p : p * (1 - z);
        if (r < maxRun)
          next[at(r + 1, m)] += p * z;
        if (m + 1 == pairsPerWord) {
          fullWords += emit;
          next[at(0, 0)] += emit;
        } else {
          next[at(0, m + 1)] += emit;
        }
      }
    }
    prob.swap(next);
  }
  // finish(): pending zeros add a pair; a partly filled word counts whole.
  double words = fullWords;
  for (size_t r = 0; r < runs; ++r)
    for (unsigned m = 0; m < pairsPerWord; ++m) {
      const unsigned finalM = r > 0 ? (m + 1) % pairsPerWord : m;
      const double p = prob[at(r, m)];
      words += r > 0 && finalM == 0 ? p : 0; // the trailing pair fills a word
      words += finalM != 0 ? p : 0;          // a partial last word
    }
  return words;
}

double Codec::expectedWordCount(size_t numValues, double zeroFraction) const {
  if (numValues == 0)
    return 0;
  if (std::isnan(zeroFraction))
    return zeroFraction;
  const double z = std::clamp(zeroFraction, 0.0, 1.0);
  const uint64_t period = format.maxRun() + 1;
  const unsigned pairsPerWord = unsigned(format.pairsPerWord);
  constexpr uint64_t kExactBudget = uint64_t(1) << 22;
  if (period <= kExactBudget / pairsPerWord &&
      numValues <= kExactBudget / (period * pairsPerWord))
    return exactWordCount(numValues, z, format.maxRun(), pairsPerWord);

  // Long stream: pairs from the values at the stationary rate...
  double pairs =
      double(numValues) * expectedWordsPerValue(z) * double(pairsPerWord);
  // ...plus one for trailing zeros, unless their count T is a multiple of
  // maxRun+1 (P(T = t) = z^t (1 - z) for t < n, P(T = n) = z^n)...
  double noPending = 0;
  for (uint64_t t = 0; t <= numValues; t += period) {
    const double zt = std::pow(z, double(t));
    noPending += t == numValues ? zt : zt * (1.0 - z);
    if (zt < 1e-18)
      break;
  }
  pairs += 1.0 - noPending;
  // ...and the last word's padding: (pairsPerWord - 1) / 2 pairs on average
  // when the pair count is uniform modulo pairsPerWord, as it is in the
  // long run.
  return pairs / pairsPerWord + (pairsPerWord - 1.0) / (2.0 * pairsPerWord);
}

std::vector<uint64_t> rlc::encode(ArrayRef<int16_t> values) {
  return Codec().encode(values);
}
size_t rlc::encodedWordCount(ArrayRef<int16_t> values) {
  return Codec().encodedWordCount(values);
}
Expected<std::vector<int16_t>> rlc::decode(ArrayRef<uint64_t> words,
                                           size_t numValues) {
  return Codec().decode(words, numValues);
}
double rlc::expectedWordsPerValue(double zeroFraction) {
  return Codec().expectedWordsPerValue(zeroFraction);
}
double rlc::expectedWordCount(size_t numValues, double zeroFraction) {
  return Codec().expectedWordCount(numValues, zeroFraction);
}
