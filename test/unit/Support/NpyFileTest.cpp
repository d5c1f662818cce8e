//===- NpyFileTest.cpp - .npy reading, writing and error paths ------------===//
//
// Files are built byte by byte here (npyFile below), so each malformed case
// breaks exactly one thing; interoperability is checked against Debian's
// numpy when it is installed.
//
//===----------------------------------------------------------------------===//

#include "Bytes.h"

#include "eyeriss/Support/NpyFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>

using namespace eyeriss;
using namespace llvm;

using eyeriss::test::bytesOf;

namespace {

/// A .npy file image: magic, version, header length and `header` padded
/// to 64 bytes, then `data`.
std::string npyFile(StringRef header, StringRef data, unsigned major = 1) {
  std::string padded = header.str();
  size_t prefix = major == 1 ? 10 : 12;
  while ((prefix + padded.size() + 1) % 64 != 0)
    padded.push_back(' ');
  padded.push_back('\n');
  std::string file = "\x93NUMPY";
  file.push_back(static_cast<char>(major));
  file.push_back('\0');
  for (size_t i = 0; i < prefix - 8; ++i)
    file.push_back(static_cast<char>((padded.size() >> (8 * i)) & 0xff));
  return file + padded + data.str();
}

constexpr const char *kF4Header =
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";

/// The message of a parse that must fail, or a test failure.
std::string parseError(StringRef contents) {
  Expected<NpyArray> array = parseNpy(contents, "case.npy");
  if (array) {
    ADD_FAILURE() << "parse succeeded";
    return "";
  }
  return toString(array.takeError());
}

TEST(NpyParse, Float32) {
  Expected<NpyArray> array =
      parseNpy(npyFile(kF4Header, bytesOf<float>({1.5f, -2.0f, 0.0f, 3e8f})),
               "case.npy");
  ASSERT_TRUE(bool(array)) << toString(array.takeError());
  EXPECT_EQ(array->shape, (SmallVector<int64_t>{2, 2}));
  EXPECT_EQ(array->data, (std::vector<float>{1.5f, -2.0f, 0.0f, 3e8f}));
}

TEST(NpyParse, ConvertsFloat64AndIntegers) {
  Expected<NpyArray> f8 = parseNpy(
      npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
              bytesOf<double>({0.25, -1e10, 1.0 / 3.0})),
      "f8.npy");
  ASSERT_TRUE(bool(f8)) << toString(f8.takeError());
  EXPECT_EQ(f8->data,
            (std::vector<float>{0.25f, -1e10f, static_cast<float>(1.0 / 3.0)}));

  Expected<NpyArray> i4 = parseNpy(
      npyFile("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }",
              bytesOf<int32_t>({-7, 123456})),
      "i4.npy");
  ASSERT_TRUE(bool(i4)) << toString(i4.takeError());
  EXPECT_EQ(i4->data, (std::vector<float>{-7.0f, 123456.0f}));

  Expected<NpyArray> i8 = parseNpy(
      npyFile("{'descr': '<i8', 'fortran_order': False, 'shape': (1, 2), }",
              bytesOf<int64_t>({-3, int64_t(1) << 24})),
      "i8.npy");
  ASSERT_TRUE(bool(i8)) << toString(i8.takeError());
  EXPECT_EQ(i8->shape, (SmallVector<int64_t>{1, 2}));
  EXPECT_EQ(i8->data, (std::vector<float>{-3.0f, 16777216.0f}));
}

TEST(NpyParse, RefusesIntegersFloatDoesNotHold) {
  // Token ids and indices are read exactly or not at all: 2^24 + 1 would
  // become 2^24 in float.
  Expected<NpyArray> i8 = parseNpy(
      npyFile("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
              bytesOf<int64_t>({1, (int64_t(1) << 24) + 1})),
      "i8.npy");
  ASSERT_FALSE(bool(i8));
  EXPECT_EQ(toString(i8.takeError()),
            "'i8.npy': element 1 is 16777217, beyond the integers float32 "
            "holds exactly (magnitude at most 2^24)");
  Expected<NpyArray> i4 = parseNpy(
      npyFile("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }",
              bytesOf<int32_t>({INT32_MIN})),
      "i4.npy");
  ASSERT_FALSE(bool(i4));
  EXPECT_TRUE(
      StringRef(toString(i4.takeError())).contains("element 0 is -2147483648"));
  // The unsigned 32- and 64-bit types too, a uint64 beyond int64's range
  // included (it is not read as a negative number).
  Expected<NpyArray> u4 = parseNpy(
      npyFile("{'descr': '<u4', 'fortran_order': False, 'shape': (1,), }",
              bytesOf<uint32_t>({UINT32_MAX})),
      "u4.npy");
  ASSERT_FALSE(bool(u4));
  EXPECT_TRUE(
      StringRef(toString(u4.takeError())).contains("element 0 is 4294967295"));
  Expected<NpyArray> u8 = parseNpy(
      npyFile("{'descr': '<u8', 'fortran_order': False, 'shape': (2,), }",
              bytesOf<uint64_t>({3, UINT64_MAX})),
      "u8.npy");
  ASSERT_FALSE(bool(u8));
  EXPECT_TRUE(StringRef(toString(u8.takeError()))
                  .contains("element 1 is 9223372036854775807, beyond"));
}

TEST(NpyParse, ReadsTheNarrowIntegerTypes) {
  // Each type's extremes, with the format it is read as.
  auto parse = [](const char *descr, std::string bytes, int64_t n) {
    return parseNpy(npyFile(std::string("{'descr': '") + descr +
                                "', 'fortran_order': False, 'shape': (" +
                                std::to_string(n) + ",), }",
                            bytes),
                    "n.npy");
  };
  struct Case {
    const char *descr;
    std::string bytes;
    std::vector<float> values;
    HostFormat format;
  };
  const Case cases[] = {
      {"|u1", bytesOf<uint8_t>({0, 255}), {0, 255}, HostFormat::UInt8},
      {"|i1", bytesOf<int8_t>({-128, 127}), {-128, 127}, HostFormat::Int8},
      {"<u2", bytesOf<uint16_t>({0, 65535}), {0, 65535}, HostFormat::UInt16},
      {"<i2",
       bytesOf<int16_t>({-32768, 32767}),
       {-32768, 32767},
       HostFormat::Int16},
      {"<u4",
       bytesOf<uint32_t>({0, 1u << 24}),
       {0, 16777216},
       HostFormat::UInt32},
      {"<u8",
       bytesOf<uint64_t>({7, 1u << 24}),
       {7, 16777216},
       HostFormat::UInt64},
  };
  for (const Case &c : cases) {
    Expected<NpyArray> a = parse(c.descr, c.bytes, 2);
    ASSERT_TRUE(bool(a)) << c.descr << ": " << toString(a.takeError());
    EXPECT_EQ(a->data, c.values) << c.descr;
    EXPECT_EQ(a->format, c.format) << c.descr;
  }
}

TEST(NpyParse, Float16) {
  // 1, -2, 2^-24 (the smallest subnormal), 65504 (the largest finite),
  // -infinity, -0.
  Expected<NpyArray> f2 = parseNpy(
      npyFile(
          "{'descr': '<f2', 'fortran_order': False, 'shape': (2, 3), }",
          bytesOf<uint16_t>({0x3c00, 0xc000, 0x0001, 0x7bff, 0xfc00, 0x8000})),
      "f2.npy");
  ASSERT_TRUE(bool(f2)) << toString(f2.takeError());
  EXPECT_EQ(f2->shape, (SmallVector<int64_t>{2, 3}));
  std::vector<float> expected = {
      1.0f, -2.0f, 0x1p-24f, 65504.0f, -std::numeric_limits<float>::infinity(),
      -0.0f};
  EXPECT_EQ(f2->data, expected);
  EXPECT_TRUE(std::signbit(f2->data[5]));
  EXPECT_EQ(f2->format, HostFormat::Float16);

  Expected<NpyArray> nan = parseNpy(
      npyFile("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }",
              bytesOf<uint16_t>({0x7e00})),
      "nan.npy");
  ASSERT_TRUE(bool(nan)) << toString(nan.takeError());
  EXPECT_TRUE(std::isnan(nan->data[0]));

  // The data size is checked in elements of 2 bytes.
  EXPECT_EQ(parseError(npyFile(
                "{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }",
                bytesOf<uint16_t>({1, 2}))),
            "'case.npy': data is 4 bytes but the shape needs 3 elements of 2 "
            "bytes (6 bytes)");
}

TEST(NpyParse, ReportsTheFormatRead) {
  struct Case {
    const char *descr;
    std::string data;
    HostFormat format;
  } cases[] = {{"<f4", bytesOf<float>({1}), HostFormat::Float32},
               {"<f8", bytesOf<double>({1}), HostFormat::Float64},
               {"<i4", bytesOf<int32_t>({1}), HostFormat::Int32},
               {"<i8", bytesOf<int64_t>({1}), HostFormat::Int64},
               {"|b1", std::string(1, '\1'), HostFormat::Bool}};
  for (const Case &c : cases) {
    Expected<NpyArray> array =
        parseNpy(npyFile(("{'descr': '" + Twine(c.descr) +
                          "', 'fortran_order': False, 'shape': (1,), }")
                             .str(),
                         c.data),
                 "case.npy");
    ASSERT_TRUE(bool(array)) << toString(array.takeError());
    EXPECT_EQ(array->data, (std::vector<float>{1.0f})) << c.descr;
    EXPECT_EQ(array->format, c.format) << c.descr;
  }
}

TEST(NpyParse, ScalarEmptyAndVersion2) {
  Expected<NpyArray> scalar = parseNpy(
      npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
              bytesOf<float>({42.0f})),
      "scalar.npy");
  ASSERT_TRUE(bool(scalar)) << toString(scalar.takeError());
  EXPECT_TRUE(scalar->shape.empty());
  EXPECT_EQ(scalar->data, (std::vector<float>{42.0f}));

  Expected<NpyArray> empty = parseNpy(
      npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 5), }",
              ""),
      "empty.npy");
  ASSERT_TRUE(bool(empty)) << toString(empty.takeError());
  EXPECT_EQ(empty->shape, (SmallVector<int64_t>{0, 5}));
  EXPECT_TRUE(empty->data.empty());

  // Key order and quotes as another writer might produce them.
  Expected<NpyArray> v2 = parseNpy(
      npyFile("{\"shape\": (2,), \"fortran_order\": False, \"descr\": '<f4'}",
              bytesOf<float>({1.0f, 2.0f}), /*major=*/2),
      "v2.npy");
  ASSERT_TRUE(bool(v2)) << toString(v2.takeError());
  EXPECT_EQ(v2->data, (std::vector<float>{1.0f, 2.0f}));
}

TEST(NpyParseErrors, BadMagic) {
  std::string file = npyFile(kF4Header, bytesOf<float>({1, 2, 3, 4}));
  file[1] = 'X';
  EXPECT_EQ(parseError(file),
            "'case.npy': not a .npy file (bad magic string)");
  EXPECT_EQ(parseError(""), "'case.npy': not a .npy file (bad magic string)");
  EXPECT_EQ(parseError("PK\x03\x04 a zip file"),
            "'case.npy': not a .npy file (bad magic string)");
}

TEST(NpyParseErrors, TruncatedHeader) {
  std::string file = npyFile(kF4Header, bytesOf<float>({1, 2, 3, 4}));
  EXPECT_EQ(parseError(StringRef(file).take_front(4)),
            "'case.npy': truncated header: the file ends inside the magic "
            "string and version");
  EXPECT_EQ(parseError(StringRef(file).take_front(9)),
            "'case.npy': truncated header: the file ends inside the header "
            "length");
  EXPECT_EQ(parseError(StringRef(file).take_front(40)),
            "'case.npy': truncated header: it should be 118 bytes but the "
            "file ends after 30");
}

TEST(NpyParseErrors, UnsupportedVersion) {
  std::string file = npyFile(kF4Header, bytesOf<float>({1, 2, 3, 4}));
  file[6] = 3;
  EXPECT_EQ(parseError(file), "'case.npy': unsupported .npy format version "
                              "3.0 (supported: 1.0, 2.0)");
}

TEST(NpyParseErrors, UnsupportedDtype) {
  for (StringRef descr : {">f4", ">f2", "<f16", ">u2", "<c8", "<u16"}) {
    std::string header = ("{'descr': '" + descr +
                          "', 'fortran_order': False, 'shape': (4,), }")
                             .str();
    EXPECT_EQ(parseError(npyFile(header, std::string(16, '\0'))),
              ("'case.npy': unsupported dtype '" + descr +
               "' (supported: <f2, <f4, <f8, <i4, <i8, |b1, |u1, |i1, <u2, "
               "<i2, <u4, <u8)")
                  .str());
  }
}

TEST(NpyParseErrors, FortranOrder) {
  EXPECT_EQ(
      parseError(npyFile(
          "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
          bytesOf<float>({1, 2, 3, 4}))),
      "'case.npy': the array is in Fortran order; only C order is supported "
      "(save np.ascontiguousarray(a))");
}

TEST(NpyParseErrors, DataShorterOrLongerThanTheShape) {
  EXPECT_EQ(parseError(npyFile(kF4Header, bytesOf<float>({1, 2, 3}))),
            "'case.npy': data is 12 bytes but the shape needs 4 elements of "
            "4 bytes (16 bytes)");
  EXPECT_EQ(parseError(npyFile(kF4Header, bytesOf<float>({1, 2, 3, 4, 5}))),
            "'case.npy': 4 bytes follow the 16 bytes of data the shape "
            "needs");
}

TEST(NpyParseErrors, AbsurdShape) {
  EXPECT_EQ(parseError(npyFile("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (4611686018427387904, 4), }",
                               "")),
            "'case.npy': absurd shape: the element count overflows");
  EXPECT_EQ(parseError(npyFile("{'descr': '<f8', 'fortran_order': False, "
                               "'shape': (4611686018427387904,), }",
                               "")),
            "'case.npy': absurd shape: the data size overflows");
  EXPECT_EQ(parseError(npyFile("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (99999999999999999999,), }",
                               "")),
            "'case.npy': absurd shape: dimension 99999999999999999999 is too "
            "large");
  // Large but representable: refused from the data size, before any
  // allocation.
  EXPECT_EQ(parseError(npyFile("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (1000000, 1000000), }",
                               "")),
            "'case.npy': data is 0 bytes but the shape needs 1000000000000 "
            "elements of 4 bytes (4000000000000 bytes)");
  EXPECT_EQ(parseError(npyFile("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (-1,), }",
                               "")),
            "'case.npy': malformed header: expected a non-negative dimension "
            "at '-1,), }'");
}

TEST(NpyParseErrors, MalformedHeader) {
  EXPECT_EQ(parseError(npyFile("{'descr': '<f4', 'shape': (4,), }",
                               bytesOf<float>({1, 2, 3, 4}))),
            "'case.npy': malformed header: it needs 'descr', "
            "'fortran_order' and 'shape'");
  EXPECT_EQ(parseError(npyFile("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (4,), 'extra': 1}",
                               bytesOf<float>({1, 2, 3, 4}))),
            "'case.npy': malformed header: unknown key 'extra'");
  EXPECT_EQ(parseError(npyFile("{'descr': '<f4', 'descr': '<f4', "
                               "'fortran_order': False, 'shape': (4,)}",
                               bytesOf<float>({1, 2, 3, 4}))),
            "'case.npy': malformed header: key 'descr' appears twice");
  EXPECT_EQ(parseError(npyFile("{'descr': '<f4', 'fortran_order': 0, "
                               "'shape': (4,)}",
                               bytesOf<float>({1, 2, 3, 4}))),
            "'case.npy': malformed header: expected True or False at '0, "
            "'shape': (4,)}'");
  EXPECT_EQ(parseError(npyFile("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': [4]}",
                               bytesOf<float>({1, 2, 3, 4}))),
            "'case.npy': malformed header: expected a shape tuple at '[4]}'");
  EXPECT_EQ(parseError(npyFile("{'descr: '<f4'}", "")),
            "'case.npy': malformed header: expected ':' at '<f4'}'");
  EXPECT_EQ(parseError(npyFile("['descr']", "")),
            "'case.npy': malformed header: expected '{' at '['descr']'");
  EXPECT_EQ(parseError(npyFile("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (4,",
                               "")),
            "'case.npy': malformed header: expected a non-negative dimension "
            "at the end of the header");
}

/// A scratch directory, removed with everything in it.
class NpyFiles : public testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("eyeriss-npy", dir));
  }
  void TearDown() override { sys::fs::remove_directories(dir); }

  std::string path(StringRef name) {
    SmallString<128> p(dir);
    sys::path::append(p, name);
    return std::string(p);
  }

  SmallString<128> dir;
};

TEST_F(NpyFiles, RoundTrip) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-100.0f, 100.0f);
  std::vector<float> data(2 * 3 * 5);
  for (float &x : data)
    x = dist(rng);
  data[0] = -0.0f;
  data[1] = std::numeric_limits<float>::denorm_min();
  data[2] = std::numeric_limits<float>::infinity();
  ASSERT_FALSE(bool(errorToBool(writeNpy(path("a.npy"), {2, 3, 5}, data))));
  Expected<NpyArray> back = readNpy(path("a.npy"));
  ASSERT_TRUE(bool(back)) << toString(back.takeError());
  EXPECT_EQ(back->shape, (SmallVector<int64_t>{2, 3, 5}));
  ASSERT_EQ(back->data.size(), data.size());
  EXPECT_EQ(std::memcmp(back->data.data(), data.data(), data.size() * 4), 0);
}

TEST_F(NpyFiles, WrittenHeaderIsNumpys) {
  ASSERT_FALSE(errorToBool(writeNpy(path("v.npy"), {3}, {1.0f, 2.0f, 3.0f})));
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path("v.npy"));
  ASSERT_TRUE(bool(file));
  StringRef bytes = (*file)->getBuffer();
  // numpy 1.x and 2.x write exactly this for np.save of a float32 (3,) array.
  std::string expected = npyFile(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
      bytesOf<float>({1.0f, 2.0f, 3.0f}));
  EXPECT_EQ(bytes, expected);
  EXPECT_EQ((bytes.size() - 12) % 64, 0u);
}

TEST_F(NpyFiles, WritesFloat16) {
  // 1 + 2^-11 ties to 1; 65520 overflows; 2^-24 is subnormal; 0.1 rounds.
  std::vector<float> data = {1.0f,     1.0f + 0x1p-11f, 65520.0f,
                             0x1p-24f, -0.0f,           0.1f};
  ASSERT_FALSE(
      errorToBool(writeNpy(path("h.npy"), {2, 3}, data, HostFormat::Float16)));
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path("h.npy"));
  ASSERT_TRUE(bool(file));
  EXPECT_EQ((*file)->getBuffer(),
            npyFile("{'descr': '<f2', 'fortran_order': False, 'shape': (2, "
                    "3), }",
                    bytesOf<uint16_t>(
                        {0x3c00, 0x3c00, 0x7c00, 0x0001, 0x8000, 0x2e66})));

  Expected<NpyArray> back = readNpy(path("h.npy"));
  ASSERT_TRUE(bool(back)) << toString(back.takeError());
  EXPECT_EQ(back->format, HostFormat::Float16);
  ASSERT_EQ(back->data.size(), data.size());
  for (size_t i = 0; i < data.size(); ++i)
    EXPECT_EQ(back->data[i], roundToFormat(data[i], HostFormat::Float16)) << i;
}

TEST_F(NpyFiles, WritesFloat64) {
  std::vector<float> data = {0.1f, -3.5f, 1e-40f};
  ASSERT_FALSE(
      errorToBool(writeNpy(path("d.npy"), {3}, data, HostFormat::Float64)));
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path("d.npy"));
  ASSERT_TRUE(bool(file));
  // The float32 values, widened exactly.
  EXPECT_EQ((*file)->getBuffer(),
            npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), "
                    "}",
                    bytesOf<double>({double(0.1f), -3.5, double(1e-40f)})));
  Expected<NpyArray> back = readNpy(path("d.npy"));
  ASSERT_TRUE(bool(back)) << toString(back.takeError());
  EXPECT_EQ(back->data, data);
  EXPECT_EQ(back->format, HostFormat::Float64);
}

TEST_F(NpyFiles, WritesInt64) {
  // Indices (ArgMax's), held as whole floats: written as '<i8'.
  std::vector<float> data = {0.0f, 7.0f, -3.0f, 16777216.0f};
  ASSERT_FALSE(
      errorToBool(writeNpy(path("i.npy"), {4}, data, HostFormat::Int64)));
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path("i.npy"));
  ASSERT_TRUE(bool(file));
  EXPECT_EQ((*file)->getBuffer(),
            npyFile("{'descr': '<i8', 'fortran_order': False, 'shape': (4,), "
                    "}",
                    bytesOf<int64_t>({0, 7, -3, 16777216})));
  Expected<NpyArray> back = readNpy(path("i.npy"));
  ASSERT_TRUE(bool(back)) << toString(back.takeError());
  EXPECT_EQ(back->data, data);
  EXPECT_EQ(back->format, HostFormat::Int64);
  // A fraction, an infinity or NaN is no int64: refused, naming it.
  for (float bad : {0.5f, std::numeric_limits<float>::infinity(),
                    std::numeric_limits<float>::quiet_NaN(), 1e19f}) {
    Error err = writeNpy(path("bad.npy"), {2}, {1.0f, bad}, HostFormat::Int64);
    ASSERT_TRUE(bool(err));
    char expected[64];
    std::snprintf(expected, sizeof(expected),
                  "element 1 is %g, which an int64 does not hold", double(bad));
    EXPECT_TRUE(StringRef(toString(std::move(err))).contains(expected)) << bad;
  }
}

TEST_F(NpyFiles, WritesAndReadsBool) {
  // A mask or a comparison's result: '|b1', one byte each, 0 or 1.
  std::vector<float> data = {1.0f, 0.0f, 0.0f, 1.0f};
  ASSERT_FALSE(
      errorToBool(writeNpy(path("b.npy"), {2, 2}, data, HostFormat::Bool)));
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path("b.npy"));
  ASSERT_TRUE(bool(file));
  EXPECT_EQ((*file)->getBuffer(),
            npyFile("{'descr': '|b1', 'fortran_order': False, 'shape': (2, "
                    "2), }",
                    std::string("\1\0\0\1", 4)));
  Expected<NpyArray> back = readNpy(path("b.npy"));
  ASSERT_TRUE(bool(back)) << toString(back.takeError());
  EXPECT_EQ(back->data, data);
  EXPECT_EQ(back->format, HostFormat::Bool);
  Error err = writeNpy(path("bad.npy"), {1}, {2.0f}, HostFormat::Bool);
  EXPECT_TRUE(StringRef(toString(std::move(err)))
                  .contains("element 0 is 2, which a bool does not hold"));
  Expected<NpyArray> bad = parseNpy(
      npyFile("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }",
              std::string("\1\2", 2)),
      "b.npy");
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(toString(bad.takeError()),
            "'b.npy': element 1 is byte 2, not a bool (0 or 1)");
}

TEST_F(NpyFiles, WritesInt32) {
  // A model's int32 outputs (token ids passed through): '<i4'.
  std::vector<float> data = {0.0f, -7.0f, 16777216.0f};
  ASSERT_FALSE(
      errorToBool(writeNpy(path("i.npy"), {3}, data, HostFormat::Int32)));
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path("i.npy"));
  ASSERT_TRUE(bool(file));
  EXPECT_EQ((*file)->getBuffer(),
            npyFile("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), "
                    "}",
                    bytesOf<int32_t>({0, -7, 16777216})));
  Expected<NpyArray> back = readNpy(path("i.npy"));
  ASSERT_TRUE(bool(back)) << toString(back.takeError());
  EXPECT_EQ(back->data, data);
  EXPECT_EQ(back->format, HostFormat::Int32);
  // Beyond int32's range, or a fraction: refused.
  for (float bad : {0.5f, 4294967296.0f}) {
    Error err = writeNpy(path("bad.npy"), {1}, {bad}, HostFormat::Int32);
    ASSERT_TRUE(bool(err));
    char expected[64];
    std::snprintf(expected, sizeof(expected),
                  "element 0 is %g, which an int32 does not hold", double(bad));
    EXPECT_TRUE(StringRef(toString(std::move(err))).contains(expected)) << bad;
  }
}

TEST_F(NpyFiles, WritesBFloat16AsFloat32) {
  // numpy has no bfloat16: '<f4' holding the values rounded to bfloat16
  // (1 + 2^-8 ties to 1, 259 to 260; 1 + 2^-7 is bfloat16 already).
  std::vector<float> data = {1.0f + 0x1p-8f, 259.0f, 1.0f + 0x1p-7f};
  ASSERT_FALSE(
      errorToBool(writeNpy(path("b.npy"), {3}, data, HostFormat::BFloat16)));
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path("b.npy"));
  ASSERT_TRUE(bool(file));
  EXPECT_EQ((*file)->getBuffer(),
            npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), "
                    "}",
                    bytesOf<float>({1.0f, 260.0f, 1.0f + 0x1p-7f})));
}

TEST_F(NpyFiles, HugeHeaderUsesVersion2) {
  // 30000 dimensions of 1 need a header longer than 64 KiB.
  SmallVector<int64_t> shape(30000, 1);
  ASSERT_FALSE(errorToBool(writeNpy(path("deep.npy"), shape, {5.0f})));
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path("deep.npy"));
  ASSERT_TRUE(bool(file));
  EXPECT_EQ((*file)->getBuffer()[6], 2);
  Expected<NpyArray> back = readNpy(path("deep.npy"));
  ASSERT_TRUE(bool(back)) << toString(back.takeError());
  EXPECT_EQ(back->shape, shape);
  EXPECT_EQ(back->data, (std::vector<float>{5.0f}));
}

TEST_F(NpyFiles, Errors) {
  std::string missing = path("missing.npy");
  Expected<NpyArray> absent = readNpy(missing);
  ASSERT_FALSE(bool(absent));
  std::string message = toString(absent.takeError());
  EXPECT_NE(message.find("'" + missing + "'"), std::string::npos) << message;
  EXPECT_NE(message.find("o such file"), std::string::npos) << message;

  EXPECT_EQ(toString(writeNpy(path("w.npy"), {2, 2}, {1.0f})),
            "'" + path("w.npy") +
                "': the shape holds 4 elements but 1 were given");
  EXPECT_EQ(toString(writeNpy(path("w.npy"), {-1}, {})),
            "'" + path("w.npy") +
                "': cannot write a negative or overflowing shape");
  Error unwritable = writeNpy(path("no/such/dir/w.npy"), {1}, {1.0f});
  ASSERT_TRUE(bool(unwritable));
  message = toString(std::move(unwritable));
  EXPECT_NE(message.find("no/such/dir/w.npy"), std::string::npos) << message;
}

/// Debian's numpy, or nothing when it is not installed.
std::optional<std::string> findNumpy() {
  const char *python = "/usr/bin/python3";
  if (!sys::fs::can_execute(python))
    return std::nullopt;
  std::string error;
  int status = sys::ExecuteAndWait(python, {python, "-c", "import numpy"},
                                   std::nullopt, {"", "", ""}, 0, 0, &error);
  if (status != 0)
    return std::nullopt;
  return std::string(python);
}

int runPython(StringRef python, StringRef script, StringRef dir) {
  return sys::ExecuteAndWait(python, {python, "-c", script, dir});
}

TEST_F(NpyFiles, ReadsWhatNumpyWrites) {
  std::optional<std::string> python = findNumpy();
  if (!python)
    GTEST_SKIP() << "/usr/bin/python3 with numpy is not available";
  const char *script = R"py(
import sys, os
import numpy as np
d = sys.argv[1]
a = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7
np.save(os.path.join(d, 'f4.npy'), a)
np.save(os.path.join(d, 'f8.npy'), a.astype(np.float64))
np.save(os.path.join(d, 'i4.npy'), np.array([[-5, 7]], dtype=np.int32))
np.save(os.path.join(d, 'i8.npy'), np.array([2**24, -1], dtype=np.int64))
np.save(os.path.join(d, 'scalar.npy'), np.float32(2.5))
np.save(os.path.join(d, 'fortran.npy'), np.asfortranarray(a))
np.save(os.path.join(d, 'f2.npy'), a.astype(np.float16))
with open(os.path.join(d, 'v2.npy'), 'wb') as f:
    np.lib.format.write_array(f, a, version=(2, 0))
)py";
  ASSERT_EQ(runPython(*python, script, dir), 0);

  std::vector<float> expected(24);
  for (int i = 0; i < 24; ++i)
    expected[i] = static_cast<float>(i) / 7.0f;
  for (StringRef name : {"f4.npy", "v2.npy"}) {
    Expected<NpyArray> array = readNpy(path(name));
    ASSERT_TRUE(bool(array)) << toString(array.takeError());
    EXPECT_EQ(array->shape, (SmallVector<int64_t>{2, 3, 4})) << name.str();
    EXPECT_EQ(array->data, expected) << name.str();
  }
  Expected<NpyArray> f8 = readNpy(path("f8.npy"));
  ASSERT_TRUE(bool(f8)) << toString(f8.takeError());
  EXPECT_EQ(f8->data, expected);
  Expected<NpyArray> i4 = readNpy(path("i4.npy"));
  ASSERT_TRUE(bool(i4)) << toString(i4.takeError());
  EXPECT_EQ(i4->shape, (SmallVector<int64_t>{1, 2}));
  EXPECT_EQ(i4->data, (std::vector<float>{-5.0f, 7.0f}));
  Expected<NpyArray> i8 = readNpy(path("i8.npy"));
  ASSERT_TRUE(bool(i8)) << toString(i8.takeError());
  EXPECT_EQ(i8->data, (std::vector<float>{16777216.0f, -1.0f}));
  Expected<NpyArray> scalar = readNpy(path("scalar.npy"));
  ASSERT_TRUE(bool(scalar)) << toString(scalar.takeError());
  EXPECT_TRUE(scalar->shape.empty());
  EXPECT_EQ(scalar->data, (std::vector<float>{2.5f}));

  Expected<NpyArray> fortran = readNpy(path("fortran.npy"));
  ASSERT_FALSE(bool(fortran));
  EXPECT_NE(toString(fortran.takeError()).find("Fortran order"),
            std::string::npos);
  // numpy's float32 -> float16 cast rounds to nearest even, as ours.
  Expected<NpyArray> f2 = readNpy(path("f2.npy"));
  ASSERT_TRUE(bool(f2)) << toString(f2.takeError());
  EXPECT_EQ(f2->shape, (SmallVector<int64_t>{2, 3, 4}));
  EXPECT_EQ(f2->format, HostFormat::Float16);
  ASSERT_EQ(f2->data.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(f2->data[i], roundToFormat(expected[i], HostFormat::Float16))
        << i;
}

TEST_F(NpyFiles, NumpyReadsWhatWeWrite) {
  std::optional<std::string> python = findNumpy();
  if (!python)
    GTEST_SKIP() << "/usr/bin/python3 with numpy is not available";
  std::vector<float> data(3 * 4);
  for (int i = 0; i < 12; ++i)
    data[i] = static_cast<float>(i) * 0.5f - 2.0f;
  ASSERT_FALSE(errorToBool(writeNpy(path("ours.npy"), {3, 4}, data)));
  ASSERT_FALSE(errorToBool(writeNpy(path("scalar.npy"), {}, {1.25f})));
  // Values float16 cannot hold exactly: numpy's rounding must agree.
  std::vector<float> thirds(12);
  for (int i = 0; i < 12; ++i)
    thirds[i] = static_cast<float>(i) / 3.0f - 2.0f;
  ASSERT_FALSE(errorToBool(
      writeNpy(path("f2.npy"), {3, 4}, thirds, HostFormat::Float16)));
  ASSERT_FALSE(errorToBool(
      writeNpy(path("f8.npy"), {3, 4}, thirds, HostFormat::Float64)));
  const char *script = R"py(
import sys, os
import numpy as np
d = sys.argv[1]
a = np.load(os.path.join(d, 'ours.npy'))
assert a.dtype == np.float32 and a.shape == (3, 4), (a.dtype, a.shape)
assert (a == np.arange(12, dtype=np.float32).reshape(3, 4) * 0.5 - 2).all()
s = np.load(os.path.join(d, 'scalar.npy'))
assert s.shape == () and s == np.float32(1.25)
thirds = np.arange(12, dtype=np.float32).reshape(3, 4) / np.float32(3) - 2
h = np.load(os.path.join(d, 'f2.npy'))
assert h.dtype == np.float16 and h.shape == (3, 4), (h.dtype, h.shape)
assert (h.view(np.uint16) == thirds.astype(np.float16).view(np.uint16)).all()
w = np.load(os.path.join(d, 'f8.npy'))
assert w.dtype == np.float64 and (w == thirds.astype(np.float64)).all()
)py";
  EXPECT_EQ(runPython(*python, script, dir), 0);
}

} // namespace
