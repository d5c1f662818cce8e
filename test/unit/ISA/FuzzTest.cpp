//===- FuzzTest.cpp - Corrupt and truncated streams never crash -----------===//
//
// A fuzz loop over mutations of valid streams, seeded so a failure repeats:
// bit flips, random bytes, interesting 32-bit values written over fields,
// insertions, deletions and truncations. Most mutated streams get their
// checksum recomputed, so the mutation reaches the structural and semantic
// checks behind it. For every stream, readProgram must either refuse it
// with a message or return a program that re-encodes to exactly the stream
// (the reader accepts only canonical encodings). Every prefix of a valid
// stream is refused. Run under AddressSanitizer and UBSan, this is what
// shows the reader never reads out of bounds or overflows.
//
//===----------------------------------------------------------------------===//

#include "TestPrograms.h"

#include "eyeriss/ISA/Disassembler.h"
#include "eyeriss/ISA/Reader.h"
#include "eyeriss/ISA/Writer.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <random>

using namespace eyeriss;
using namespace eyeriss::eyb;
using namespace eyeriss::eyb::test;
using namespace llvm;

namespace {

struct Outcome {
  int accepted = 0, refused = 0;
};

/// Reads one stream; checks the contract whatever the outcome.
void readOne(const std::vector<uint8_t> &stream, Outcome &outcome,
             uint64_t iteration) {
  Expected<Program> p = readProgram(stream);
  if (!p) {
    std::string message = toString(p.takeError());
    EXPECT_TRUE(StringRef(message).starts_with("EYB stream: "))
        << "iteration " << iteration << ": " << message;
    ++outcome.refused;
    return;
  }
  ++outcome.accepted;
  Expected<std::vector<uint8_t>> again = writeProgram(*p);
  ASSERT_TRUE(bool(again)) << "iteration " << iteration << ": "
                           << toString(again.takeError());
  EXPECT_EQ(*again, stream)
      << "iteration " << iteration << ": accepted a non-canonical stream";
  // The listing of anything accepted works too.
  std::string text;
  raw_string_ostream os(text);
  disassemble(*p, os);
  EXPECT_FALSE(text.empty());
}

std::vector<uint8_t> mutate(const std::vector<uint8_t> &valid,
                            std::mt19937_64 &rng) {
  std::vector<uint8_t> s = valid;
  auto pick = [&](uint64_t n) {
    return n ? std::uniform_int_distribution<uint64_t>(0, n - 1)(rng) : 0;
  };
  // Fields live at 4-byte boundaries; hit those more often.
  auto position = [&]() {
    uint64_t at = pick(s.size());
    return pick(2) ? at & ~uint64_t(3) : at;
  };
  static const uint32_t interesting[] = {
      0,          1,          2,          3,          7,      8,      0x7f,
      0x80,       0xff,       0x100,      0x7fff,     0x8000, 0xffff, 0x10000,
      0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 2048,   51200};
  int edits = 1 + int(pick(3));
  for (int e = 0; e < edits && !s.empty(); ++e) {
    switch (pick(7)) {
    case 0: // Flip a bit.
      s[pick(s.size())] ^= uint8_t(1u << pick(8));
      break;
    case 1: // A random byte.
      s[pick(s.size())] = uint8_t(pick(256));
      break;
    case 2:
    case 3: { // An interesting value over a field.
      uint64_t at = position();
      if (at + 4 <= s.size())
        support::endian::write32le(&s[at], interesting[pick(20)]);
      break;
    }
    case 4: // Insert bytes.
      s.insert(s.begin() + pick(s.size() + 1), 1 + pick(8), uint8_t(pick(256)));
      break;
    case 5: { // Delete bytes.
      uint64_t at = pick(s.size());
      uint64_t n = std::min<uint64_t>(1 + pick(8), s.size() - at);
      s.erase(s.begin() + at, s.begin() + at + n);
      break;
    }
    case 6: // Truncate.
      s.resize(pick(s.size()));
      break;
    }
  }
  // Mostly reach past the checksum; sometimes also fix the file size, so
  // insertions and deletions reach the section table.
  if (pick(4)) {
    if (pick(2) && s.size() >= 24)
      support::endian::write64le(&s[16], s.size());
    fixChecksum(s);
  }
  return s;
}

void fuzz(const Program &program, uint64_t seed, int iterations) {
  Expected<std::vector<uint8_t>> valid = writeProgram(program);
  ASSERT_TRUE(bool(valid)) << toString(valid.takeError());
  std::mt19937_64 rng(seed);
  Outcome outcome;
  for (int i = 0; i < iterations; ++i) {
    readOne(mutate(*valid, rng), outcome, i);
    if (::testing::Test::HasFatalFailure())
      return;
  }
  // Both outcomes occur: mutations of weights and names are valid
  // programs, most others are not.
  EXPECT_GT(outcome.accepted, 0);
  EXPECT_GT(outcome.refused, iterations / 2);
}

TEST(EYBFuzzTest, TinyProgramMutations) { fuzz(tinyConvProgram(), 1, 10000); }

TEST(EYBFuzzTest, TwoLayerProgramMutations) {
  fuzz(twoLayerProgram(), 2, 10000);
}

TEST(EYBFuzzTest, EveryPrefixIsRefused) {
  std::vector<uint8_t> valid = cantFail(writeProgram(tinyConvProgram()));
  Outcome outcome;
  for (size_t n = 0; n < valid.size(); ++n) {
    std::vector<uint8_t> prefix(valid.begin(), valid.begin() + n);
    readOne(prefix, outcome, n);
    // With the header fixed up to claim the shorter size, the section
    // table and sections are what is short.
    if (n >= 40) {
      support::endian::write64le(&prefix[16], n);
      fixChecksum(prefix);
      readOne(prefix, outcome, n);
    }
  }
  EXPECT_EQ(outcome.accepted, 0);
}

TEST(EYBFuzzTest, EverySingleByteChangeOfTheInstructions) {
  // Exhaustive over one section: each byte of the instruction stream set to
  // each of a few values, checksum fixed.
  std::vector<uint8_t> valid = cantFail(writeProgram(twoLayerProgram()));
  uint64_t offset = support::endian::read64le(&valid[64 + 5 * 24 + 8]);
  uint64_t size = support::endian::read64le(&valid[64 + 5 * 24 + 16]);
  Outcome outcome;
  for (uint64_t at = offset; at < offset + size; ++at)
    for (uint8_t v : {uint8_t(0), uint8_t(1), uint8_t(0x7f), uint8_t(0xff)}) {
      std::vector<uint8_t> s = valid;
      if (s[at] == v)
        continue;
      s[at] = v;
      fixChecksum(s);
      readOne(s, outcome, at);
    }
  EXPECT_GT(outcome.refused, 0);
}

} // namespace
