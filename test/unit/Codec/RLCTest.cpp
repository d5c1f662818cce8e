//===- RLCTest.cpp - Run-length compression codec -------------------------===//
//
// The bit layout is pinned by literal words; the pair rule by exact pair
// counts on the worst cases (no zeros, all zeros around the run limit,
// alternating); the codec as a whole by round trips both ways: every value
// sequence survives encode then decode, and every stream the decoder accepts
// (including random corruptions of valid ones) re-encodes to itself. Every
// diagnostic is checked word for word.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Codec/RLC.h"

#include "llvm/Support/Error.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace eyeriss::rlc;
using namespace llvm;

namespace {

constexpr uint64_t kLast = uint64_t(1) << 63;

std::vector<int16_t> zeros(size_t n) { return std::vector<int16_t>(n, 0); }

/// All pairs of a stream, padding included.
std::vector<Pair> pairsOf(const std::vector<uint64_t> &words,
                          const Params &params = {}) {
  std::vector<Pair> pairs;
  for (uint64_t word : words)
    for (unsigned j = 0; j < params.pairsPerWord; ++j)
      pairs.push_back(unpackPair(word, j, params));
  return pairs;
}

std::vector<int16_t> decodeOrFail(const std::vector<uint64_t> &words, size_t n,
                                  const Codec &codec = Codec()) {
  Expected<std::vector<int16_t>> values = codec.decode(words, n);
  if (!values) {
    ADD_FAILURE() << toString(values.takeError());
    return {};
  }
  return std::move(*values);
}

std::string decodeError(const std::vector<uint64_t> &words, size_t n,
                        const Codec &codec = Codec()) {
  Expected<std::vector<int16_t>> values = codec.decode(words, n);
  if (values) {
    ADD_FAILURE() << "stream accepted";
    return "";
  }
  return toString(values.takeError());
}

/// Values with the given probability of zero; non-zeros include extremes.
std::vector<int16_t> randomValues(std::mt19937_64 &rng, size_t n, double z) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<int16_t> values(n);
  for (int16_t &v : values) {
    if (unit(rng) < z) {
      v = 0;
      continue;
    }
    do
      v = static_cast<int16_t>(rng());
    while (v == 0);
    if (rng() % 16 == 0)
      v = rng() % 2 ? int16_t(-32768) : int16_t(32767);
  }
  return values;
}

/// Checks encode/decode/count agree on `values`; returns the words.
std::vector<uint64_t> roundTrip(const std::vector<int16_t> &values,
                                const Codec &codec = Codec()) {
  std::vector<uint64_t> words = codec.encode(values);
  EXPECT_EQ(codec.encodedWordCount(values), words.size());
  EXPECT_EQ(decodeOrFail(words, values.size(), codec), values);
  if (!words.empty()) {
    for (size_t i = 0; i + 1 < words.size(); ++i)
      EXPECT_FALSE(isLastWord(words[i], codec.params()));
    EXPECT_TRUE(isLastWord(words.back(), codec.params()));
  }
  return words;
}

//===----------------------------------------------------------------------===//
// Format
//===----------------------------------------------------------------------===//

TEST(RLCParamsTest, ChipFormatIsValid) {
  Params chip;
  EXPECT_EQ(toString(chip.verify()), "");
  EXPECT_EQ(chip.maxRun(), 31u);
  EXPECT_EQ(chip.pairBits(), 21u);
  EXPECT_EQ(chip.lastFlagBit(), 63u);
}

TEST(RLCParamsTest, RejectsInconsistentFormats) {
  struct Case {
    Params params;
    const char *message;
  };
  auto with = [](auto change) {
    Params p;
    change(p);
    return p;
  };
  const Case cases[] = {
      {with([](Params &p) { p.wordBits = 65; }),
       "RLC format: word_bits = 65 is outside [2, 64]"},
      {with([](Params &p) { p.wordBits = 0; }),
       "RLC format: word_bits = 0 is outside [2, 64]"},
      {with([](Params &p) { p.pairsPerWord = 0; }),
       "RLC format: pairs_per_word = 0 is outside [1, 64]"},
      {with([](Params &p) { p.runBits = 0; }),
       "RLC format: run_bits = 0 is outside [1, 32]"},
      {with([](Params &p) { p.runBits = 33; }),
       "RLC format: run_bits = 33 is outside [1, 32]"},
      {with([](Params &p) { p.levelBits = 8; }),
       "RLC format: level_bits = 8: levels carry 16-bit data words, so they "
       "must be 16 bits"},
      {with([](Params &p) { p.lastFlagBits = 0; }),
       "RLC format: last_flag_bits = 0: the stream needs a one-bit last-word "
       "flag"},
      {with([](Params &p) { p.runBits = 6; }),
       "RLC format: 3 pairs of 6+16 bits and a 1-bit flag need 67 bits, more "
       "than word_bits = 64"},
      {with([](Params &p) { p.wordBits = 48; }),
       "RLC format: 3 pairs of 5+16 bits and a 1-bit flag need 64 bits, more "
       "than word_bits = 48"},
  };
  for (const Case &c : cases) {
    EXPECT_EQ(toString(c.params.verify()), c.message);
    Expected<Codec> codec = Codec::create(c.params);
    ASSERT_FALSE(bool(codec));
    EXPECT_EQ(toString(codec.takeError()), c.message);
    Expected<Encoder> encoder = Encoder::create(c.params);
    ASSERT_FALSE(bool(encoder));
    EXPECT_EQ(toString(encoder.takeError()), c.message);
    Expected<Decoder> decoder = Decoder::create(5, c.params);
    ASSERT_FALSE(bool(decoder));
    EXPECT_EQ(toString(decoder.takeError()), c.message);
  }
}

TEST(RLCLayoutTest, PinsTheBitLayout) {
  // JSSC 2017 Fig. 8's example: 0 0 12 0 0 0 0 53 0 0 22 -> (2, 12) (4, 53)
  // (2, 22), one word: pair i at bits [21i, 21i+21), run in the low 5 bits,
  // level in the next 16; bit 63 flags the last word.
  std::vector<int16_t> values = {0, 0, 12, 0, 0, 0, 0, 53, 0, 0, 22};
  std::vector<uint64_t> words = roundTrip(values);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0], 0x800b0800d4800182u);
  EXPECT_EQ(words[0], kLast | (uint64_t(2 | 22 << 5) << 42) |
                          (uint64_t(4 | 53 << 5) << 21) | (2 | 12 << 5));

  // 40 zeros then 7: (31, 0) covers 32 zeros, (8, 7) the other 8 and the 7;
  // the third pair is (0, 0) padding.
  values = zeros(40);
  values.push_back(7);
  words = roundTrip(values);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0], 0x800000001d00001fu);
  EXPECT_EQ(pairsOf(words), (std::vector<Pair>{{31, 0}, {8, 7}, {0, 0}}));

  // Levels are two's complement: -1 is 0xffff.
  words = roundTrip({-1});
  EXPECT_EQ(words, (std::vector<uint64_t>{0x80000000001fffe0u}));

  uint64_t word = packPair(0, 1, {17, -2});
  EXPECT_EQ(unpackPair(word, 1), (Pair{17, -2}));
  EXPECT_EQ(unpackPair(word, 0), (Pair{0, 0}));
  EXPECT_EQ(unpackPair(word, 2), (Pair{0, 0}));
  // Packing over a field replaces it.
  EXPECT_EQ(unpackPair(packPair(word, 1, {3, 4}), 1), (Pair{3, 4}));
  EXPECT_FALSE(isLastWord(word));
  EXPECT_TRUE(isLastWord(word | kLast));
}

//===----------------------------------------------------------------------===//
// Worst cases and exact pair counts
//===----------------------------------------------------------------------===//

TEST(RLCEncodeTest, NoZerosPackThreeValuesPerWord) {
  for (size_t n : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 300u, 1000u}) {
    std::vector<int16_t> values(n);
    for (size_t i = 0; i < n; ++i)
      values[i] = static_cast<int16_t>(i % 2 ? -int(i) - 1 : int(i) + 1);
    std::vector<uint64_t> words = roundTrip(values);
    EXPECT_EQ(words.size(), (n + 2) / 3) << n;
    std::vector<Pair> pairs = pairsOf(words);
    for (size_t i = 0; i < n; ++i)
      EXPECT_EQ(pairs[i], (Pair{0, values[i]}));
    for (size_t i = n; i < pairs.size(); ++i)
      EXPECT_EQ(pairs[i], (Pair{0, 0})) << "padding";
  }
}

TEST(RLCEncodeTest, AllZerosAroundTheRunLimit) {
  struct Case {
    size_t n;
    std::vector<Pair> pairs; // padding excluded
  };
  const Pair full{31, 0};               // 32 zeros
  std::vector<Pair> thousand(31, full); // 31 * 32 = 992 zeros
  thousand.push_back({7, 0});           // + 8
  const Case cases[] = {
      {0, {}},
      {1, {{0, 0}}},
      {2, {{1, 0}}},
      {31, {{30, 0}}},
      {32, {full}},
      {33, {full, {0, 0}}},
      {64, {full, full}},
      {96, {full, full, full}},
      {97, {full, full, full, {0, 0}}},
      {1000, thousand},
  };
  for (const Case &c : cases) {
    std::vector<uint64_t> words = roundTrip(zeros(c.n));
    EXPECT_EQ(words.size(), (c.pairs.size() + 2) / 3) << c.n;
    std::vector<Pair> pairs = pairsOf(words);
    ASSERT_GE(pairs.size(), c.pairs.size());
    pairs.resize(c.pairs.size());
    EXPECT_EQ(pairs, c.pairs) << c.n;
  }
  EXPECT_EQ(encode({}), std::vector<uint64_t>());
  EXPECT_EQ(encodedWordCount(zeros(1000)), 11u);
}

TEST(RLCEncodeTest, ZerosThenValuesAndTrailingZeros) {
  // 31 zeros then 5 fits one pair; 32 zeros then 5 needs two.
  std::vector<int16_t> values = zeros(31);
  values.push_back(5);
  EXPECT_EQ(pairsOf(roundTrip(values))[0], (Pair{31, 5}));
  values = zeros(32);
  values.push_back(5);
  std::vector<Pair> pairs = pairsOf(roundTrip(values));
  EXPECT_EQ(pairs[0], (Pair{31, 0}));
  EXPECT_EQ(pairs[1], (Pair{0, 5}));
  // Trailing zeros: 5 then three zeros -> (0, 5) (2, 0).
  pairs = pairsOf(roundTrip({5, 0, 0, 0}));
  EXPECT_EQ(pairs[0], (Pair{0, 5}));
  EXPECT_EQ(pairs[1], (Pair{2, 0}));
  EXPECT_EQ(pairs[2], (Pair{0, 0}));
}

TEST(RLCEncodeTest, Alternating) {
  for (size_t n : {1u, 2u, 5u, 6u, 7u, 600u, 601u}) {
    std::vector<int16_t> values(n);
    for (size_t i = 0; i < n; ++i)
      values[i] = i % 2 ? int16_t(-7) : int16_t(0);
    std::vector<uint64_t> words = roundTrip(values);
    // One pair (1, -7) per two values, (0, 0) for a trailing zero.
    EXPECT_EQ(words.size(), ((n + 1) / 2 + 2) / 3) << n;
    EXPECT_EQ(pairsOf(words)[0], (n == 1 ? Pair{0, 0} : Pair{1, -7}));
  }
}

TEST(RLCEncodeTest, RandomRoundTrips) {
  std::mt19937_64 rng(21);
  for (int trial = 0; trial < 3000; ++trial) {
    double z = (trial % 21) / 20.0;
    size_t n = rng() % (trial % 10 == 0 ? 5000 : 200);
    roundTrip(randomValues(rng, n, z));
  }
}

TEST(RLCEncodeTest, OtherFormats) {
  Params p;
  p.wordBits = 48;
  p.pairsPerWord = 2;
  p.runBits = 4;
  Codec codec = cantFail(Codec::create(p));
  EXPECT_EQ(codec.params().maxRun(), 15u);
  std::vector<uint64_t> words = roundTrip(zeros(17), codec);
  // 16 zeros = (15, 0), then (0, 0); flag at bit 47.
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0], (uint64_t(1) << 47) | 15u);
  std::mt19937_64 rng(22);
  for (int trial = 0; trial < 500; ++trial)
    roundTrip(randomValues(rng, rng() % 300, (trial % 11) / 10.0), codec);
  // A format with unused bits between the pairs and the flag.
  p = Params();
  p.pairsPerWord = 2;
  Codec gap = cantFail(Codec::create(p));
  for (int trial = 0; trial < 500; ++trial)
    roundTrip(randomValues(rng, rng() % 300, (trial % 11) / 10.0), gap);
  // 32-bit runs: one pair holds 2^32 values; the counter must not overflow.
  p = Params();
  p.pairsPerWord = 1;
  p.runBits = 32;
  p.wordBits = 64;
  Codec wide = cantFail(Codec::create(p));
  roundTrip(zeros(100000), wide);
  EXPECT_EQ(wide.encodedWordCount(zeros(100000)), 1u);
}

//===----------------------------------------------------------------------===//
// Streaming
//===----------------------------------------------------------------------===//

TEST(RLCStreamTest, EncoderReleasesWordsOnceTheirFlagIsKnown) {
  std::mt19937_64 rng(23);
  for (int trial = 0; trial < 1000; ++trial) {
    std::vector<int16_t> values =
        randomValues(rng, rng() % 400, (trial % 11) / 10.0);
    Encoder encoder;
    std::vector<uint64_t> words;
    for (int16_t v : values) {
      std::optional<uint64_t> word = encoder.push(v);
      if (word) {
        EXPECT_FALSE(isLastWord(*word));
        words.push_back(*word);
      }
    }
    EXPECT_EQ(encoder.numValuesPushed(), int64_t(values.size()));
    SmallVector<uint64_t, 2> tail = encoder.finish();
    EXPECT_LE(tail.size(), 2u);
    words.insert(words.end(), tail.begin(), tail.end());
    ASSERT_EQ(words, encode(values));
    // finish() starts a new stream.
    EXPECT_EQ(encoder.numValuesPushed(), 0);
    EXPECT_TRUE(encoder.finish().empty());
  }
  // A held full word is released by the next pair, flagged by finish.
  Encoder encoder;
  EXPECT_FALSE(encoder.push(1));
  EXPECT_FALSE(encoder.push(2));
  EXPECT_FALSE(encoder.push(3)); // full, but may be the last
  EXPECT_FALSE(encoder.push(0)); // a zero only extends the run
  std::optional<uint64_t> first = encoder.push(4);
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(isLastWord(*first));
  SmallVector<uint64_t, 2> tail = encoder.finish();
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(unpackPair(tail[0], 0), (Pair{1, 4}));
  EXPECT_TRUE(isLastWord(tail[0]));
  // Trailing zeros after a full held word: two words from finish.
  EXPECT_FALSE(encoder.push(1));
  EXPECT_FALSE(encoder.push(2));
  EXPECT_FALSE(encoder.push(3));
  EXPECT_FALSE(encoder.push(0));
  tail = encoder.finish();
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_FALSE(isLastWord(tail[0]));
  EXPECT_TRUE(isLastWord(tail[1]));
  EXPECT_EQ(unpackPair(tail[1], 0), (Pair{0, 0}));
}

TEST(RLCStreamTest, DecoderWordByWord) {
  std::mt19937_64 rng(24);
  std::vector<int16_t> values = randomValues(rng, 1000, 0.6);
  std::vector<uint64_t> words = encode(values);
  Decoder decoder(values.size());
  std::vector<int16_t> out;
  for (size_t i = 0; i < words.size(); ++i) {
    EXPECT_FALSE(decoder.done());
    size_t before = out.size();
    ASSERT_EQ(toString(decoder.pushWord(words[i], out)), "");
    // One to 32 values per pair; only the last word has padding pairs.
    if (i + 1 < words.size()) {
      EXPECT_GE(out.size() - before, 3u);
    }
    EXPECT_LE(out.size() - before, 96u);
    EXPECT_EQ(decoder.numWordsDecoded(), i + 1);
    EXPECT_EQ(decoder.numValuesDecoded(), out.size());
    EXPECT_EQ(toString(decoder.finish()).empty(), i + 1 == words.size());
  }
  EXPECT_TRUE(decoder.done());
  EXPECT_EQ(out, values);
}

//===----------------------------------------------------------------------===//
// Corrupt streams
//===----------------------------------------------------------------------===//

TEST(RLCDecodeTest, RefusesCorruptStreams) {
  // A valid three-word stream of 9 values: 1 2 3 | 4 5 6 | 7 8 9.
  std::vector<int16_t> nine = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<uint64_t> good = encode(nine);
  ASSERT_EQ(good.size(), 3u);

  EXPECT_EQ(decodeError({}, 9),
            "RLC stream: the stream is empty, but 9 values are expected");
  EXPECT_EQ(decodeError(good, 0),
            "RLC stream: word 0: a stream of 0 values has no words");
  EXPECT_EQ(decodeOrFail({}, 0), std::vector<int16_t>());

  // Truncated: the last word is missing.
  EXPECT_EQ(decodeError({good[0], good[1]}, 9),
            "RLC stream: the stream ends after word 1 without a last-word "
            "flag, with 6 of the 9 values decoded");
  // The word holding the last value is not flagged.
  EXPECT_EQ(decodeError({good[0], good[1], good[2] & ~kLast}, 9),
            "RLC stream: word 2: holds the last of the 9 values, but its "
            "last-word flag is clear");
  // Flagged too early.
  EXPECT_EQ(decodeError({good[0] | kLast, good[1], good[2]}, 9),
            "RLC stream: word 0: last-word flag set after only 3 of the 9 "
            "values");
  // A word after the last one.
  EXPECT_EQ(decodeError({good[0], good[1], good[2], good[2]}, 9),
            "RLC stream: word 3: follows the word flagged last, but all 9 "
            "values were decoded");
  // Fewer values expected than the stream holds.
  EXPECT_EQ(decodeError(good, 8),
            "RLC stream: word 2, pair 2: (run 0, level 9) follows the last of "
            "the 8 values (more values than expected, or padding that is not "
            "(0, 0))");
  EXPECT_EQ(decodeError(encode(zeros(10)), 5),
            "RLC stream: word 0, pair 0: (run 9, level 0) decodes 10 values "
            "after 0, more than the 5 expected");
  EXPECT_EQ(decodeError(encode(zeros(40)), 20),
            "RLC stream: word 0, pair 0: (run 31, level 0) decodes 32 values "
            "after 0, more than the 20 expected");
  // More values expected than the stream holds.
  EXPECT_EQ(decodeError(good, 10),
            "RLC stream: word 2: last-word flag set after only 9 of the 10 "
            "values");

  // Padding after the last value must be zero.
  std::vector<uint64_t> seven = encode({1, 2, 3, 4, 5, 6, 7});
  ASSERT_EQ(seven.size(), 3u);
  EXPECT_EQ(decodeError({seven[0], seven[1], packPair(seven[2], 2, {0, 3})}, 7),
            "RLC stream: word 2, pair 2: (run 0, level 3) follows the last of "
            "the 7 values (more values than expected, or padding that is not "
            "(0, 0))");
  EXPECT_EQ(decodeError({seven[0], seven[1], packPair(seven[2], 1, {4, 0})}, 7),
            "RLC stream: word 2, pair 1: (run 4, level 0) follows the last of "
            "the 7 values (more values than expected, or padding that is not "
            "(0, 0))");

  // Non-canonical: zeros ended by a zero level before the end.
  std::vector<uint64_t> nonCanonical = {
      packPair(packPair(0, 0, {2, 0}), 1, {0, 5}) | kLast};
  EXPECT_EQ(decodeError(nonCanonical, 4),
            "RLC stream: word 0, pair 0: (run 2, level 0) before the end of "
            "the stream is not canonical (the encoder adds such zeros to the "
            "next run; only runs of 31 end in a zero level)");
  // Stray (0, 0) pairs in the middle of the stream are caught the same way.
  EXPECT_EQ(decodeError({packPair(0, 2, {0, 5}) | kLast}, 3),
            "RLC stream: word 0, pair 0: (run 0, level 0) before the end of "
            "the stream is not canonical (the encoder adds such zeros to the "
            "next run; only runs of 31 end in a zero level)");

  // Unused bits (a format whose pairs leave a gap below the flag).
  Params gapParams;
  gapParams.pairsPerWord = 2;
  Codec gap = cantFail(Codec::create(gapParams));
  std::vector<uint64_t> gapWords = gap.encode({1, 2});
  ASSERT_EQ(gapWords.size(), 1u);
  EXPECT_EQ(decodeError({gapWords[0] | (uint64_t(1) << 50)}, 2, gap),
            "RLC stream: word 0: unused bits are set (mask "
            "0x0004000000000000), word 0x8004000008000020");
}

/// Random corruptions of valid streams are either refused or re-encode to
/// themselves: the decoder accepts canonical streams only.
TEST(RLCDecodeTest, AcceptedStreamsReencodeToThemselves) {
  std::mt19937_64 rng(25);
  int accepted = 0, refused = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::vector<int16_t> values =
        randomValues(rng, 1 + rng() % 60, (trial % 11) / 10.0);
    std::vector<uint64_t> words = encode(values);
    size_t n = values.size();
    switch (rng() % 4) {
    case 0: // flip one bit
      words[rng() % words.size()] ^= uint64_t(1) << (rng() % 64);
      break;
    case 1: // flip a few bits in run fields
      for (int k = 0; k < 3; ++k)
        words[rng() % words.size()] ^= uint64_t(1)
                                       << (21 * (rng() % 3) + rng() % 5);
      break;
    case 2: // change the expected count
      n = n + (rng() % 2 ? 1 : -1) * (1 + rng() % 3);
      if (n > 1000)
        n = 0;
      break;
    default: // drop or duplicate a word
      if (rng() % 2)
        words.erase(words.begin() + rng() % words.size());
      else
        words.insert(words.begin() + rng() % words.size(),
                     words[rng() % words.size()]);
    }
    Expected<std::vector<int16_t>> decoded = decode(words, n);
    if (!decoded) {
      consumeError(decoded.takeError());
      ++refused;
      continue;
    }
    ++accepted;
    ASSERT_EQ(decoded->size(), n);
    ASSERT_EQ(encode(*decoded), words);
  }
  // Both outcomes happen (level bits flip freely and stay valid).
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(refused, 1000);
}

//===----------------------------------------------------------------------===//
// The analytic cost model
//===----------------------------------------------------------------------===//

TEST(RLCModelTest, ClosedFormLimits) {
  EXPECT_DOUBLE_EQ(expectedWordsPerValue(0.0), 1.0 / 3);
  EXPECT_DOUBLE_EQ(expectedWordsPerValue(1.0), 1.0 / 96);
  EXPECT_DOUBLE_EQ(expectedWordsPerValue(-0.5), 1.0 / 3); // clamped
  EXPECT_DOUBLE_EQ(expectedWordsPerValue(2.0), 1.0 / 96);
  EXPECT_TRUE(std::isnan(expectedWordsPerValue(std::nan(""))));
  // Continuous at z = 1 and decreasing in z.
  EXPECT_NEAR(expectedWordsPerValue(1 - 1e-9), 1.0 / 96, 1e-9);
  for (double z = 0; z < 1; z += 0.01)
    EXPECT_GT(expectedWordsPerValue(z), expectedWordsPerValue(z + 0.01));
  EXPECT_EQ(expectedWordCount(0, 0.5), 0.0);
  EXPECT_EQ(expectedWordCount(1, 0.5), 1.0);
}

TEST(RLCModelTest, MatchesTheEncoderOnLongRandomStreams) {
  std::mt19937_64 rng(26);
  for (double z : {0.0, 0.1, 0.3, 0.387, 0.5, 0.725, 0.776, 0.793, 0.9, 0.95,
                   0.99, 0.999, 1.0}) {
    const size_t n = 4000000;
    std::vector<int16_t> values = randomValues(rng, n, z);
    double measured = double(encodedWordCount(values)) / n;
    EXPECT_NEAR(measured / expectedWordsPerValue(z), 1.0, 0.01) << "z=" << z;
    EXPECT_NEAR(double(encodedWordCount(values)) / expectedWordCount(n, z), 1.0,
                0.01)
        << "z=" << z;
  }
}

TEST(RLCModelTest, WordCountOnShortStreams) {
  // Deterministic cases are exact.
  for (size_t n : {1u, 2u, 3u, 4u, 40u, 1000u, 10000u}) {
    EXPECT_NEAR(expectedWordCount(n, 0.0), double((n + 2) / 3), 1e-9) << n;
    EXPECT_NEAR(expectedWordCount(n, 1.0), double(encodedWordCount(zeros(n))),
                1e-9)
        << n;
  }
  // Small n by enumeration: n = 2, z = 1/2 -> [x x]: 1 word, [0 x]: 1,
  // [x 0]: 1, [0 0]: 1.
  EXPECT_NEAR(expectedWordCount(2, 0.5), 1.0, 1e-12);
  // Averaged over many random streams.
  std::mt19937_64 rng(27);
  for (size_t n : {4u, 40u, 100u, 300u}) {
    for (double z : {0.2, 0.6, 0.9, 0.98}) {
      double total = 0;
      const int trials = 4000;
      for (int t = 0; t < trials; ++t)
        total += double(encodedWordCount(randomValues(rng, n, z)));
      EXPECT_NEAR(total / trials / expectedWordCount(n, z), 1.0, 0.02)
          << "n=" << n << " z=" << z;
    }
  }
  // The long-stream branch (beyond 2^22 / 96 = 43690 values) continues the
  // exact one.
  for (double z : {0.0, 0.3, 0.776, 0.99, 1.0}) {
    double exact = expectedWordCount(43690, z);
    double approx = expectedWordCount(43691, z) - expectedWordsPerValue(z);
    EXPECT_NEAR(approx, exact, 0.5) << "z=" << z;
  }
}

} // namespace
