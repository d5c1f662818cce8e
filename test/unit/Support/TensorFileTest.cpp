//===- TensorFileTest.cpp - .npy and ONNX .pb tensor files ----------------===//

#include "Bytes.h"

#include "eyeriss/Support/TensorFile.h"

#include "onnx/onnx_pb.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <limits>

using namespace eyeriss;

using eyeriss::test::bytesOf;

namespace {
std::string tempPath(llvm::StringRef suffix) {
  llvm::SmallString<128> path;
  std::error_code ec =
      llvm::sys::fs::createTemporaryFile("tensorfile", suffix, path);
  EXPECT_FALSE(ec) << ec.message();
  return std::string(path);
}

void writeBytes(const std::string &path, llvm::StringRef bytes) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  ASSERT_FALSE(ec);
  os << bytes;
}

/// A TensorProto named "x" of `type` with dims {2, 2}, to fill in.
onnx::TensorProto tensor2x2(onnx::TensorProto::DataType type) {
  onnx::TensorProto tensor;
  tensor.set_name("x");
  tensor.set_data_type(type);
  tensor.add_dims(2);
  tensor.add_dims(2);
  return tensor;
}

/// Reads `tensor` back through a .pb file.
llvm::Expected<TensorFileData> readBack(const onnx::TensorProto &tensor,
                                        std::string &path) {
  path = tempPath("pb");
  std::string bytes;
  EXPECT_TRUE(tensor.SerializeToString(&bytes));
  writeBytes(path, bytes);
  llvm::Expected<TensorFileData> read = readTensorFile(path);
  llvm::sys::fs::remove(path);
  return read;
}

/// The error reading `tensor` gives, with the file's name as "FILE".
std::string readError(const onnx::TensorProto &tensor) {
  std::string path;
  llvm::Expected<TensorFileData> read = readBack(tensor, path);
  if (read) {
    ADD_FAILURE() << "read succeeded";
    return "";
  }
  std::string message = llvm::toString(read.takeError());
  if (llvm::StringRef(message).starts_with(path))
    message = "FILE" + message.substr(path.size());
  return message;
}

const float kInf = std::numeric_limits<float>::infinity();

// Float16 bit patterns and their values: 1, -2, 2^-24 (the smallest
// subnormal), 65504 (the largest finite).
constexpr uint16_t kHalfBits[] = {0x3c00, 0xc000, 0x0001, 0x7bff};
const std::vector<float> kHalfValues = {1.0f, -2.0f, 0x1p-24f, 65504.0f};
// Bfloat16: 1, -2, the largest finite (0x7f7f), the smallest subnormal.
constexpr uint16_t kBHalfBits[] = {0x3f80, 0xc000, 0x7f7f, 0x0001};
const std::vector<float> kBHalfValues = {1.0f, -2.0f, 0x1.fep127f, 0x1p-133f};
} // namespace

TEST(TensorFileTest, RoundTripsThroughBothFormats) {
  std::vector<float> data = {1.5f, -2.0f, 0.0f, 3.25f, 1e-8f, -7.0f};
  for (const char *suffix : {"npy", "pb"}) {
    std::string path = tempPath(suffix);
    ASSERT_FALSE(bool(writeTensorFile(path, "logits", {2, 3}, data)));
    llvm::Expected<TensorFileData> read = readTensorFile(path);
    ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
    EXPECT_EQ(read->shape, (std::vector<int64_t>{2, 3})) << suffix;
    EXPECT_EQ(read->data, data) << suffix;
    // A TensorProto keeps its name; a .npy has none.
    EXPECT_EQ(read->name, std::string(suffix) == "pb" ? "logits" : "");
    llvm::sys::fs::remove(path);
  }
}

TEST(TensorFileTest, RefusesWhatIsNotATensor) {
  std::string path = tempPath("pb");
  writeBytes(path, "\xff\xff\xff\xff not a protobuf");
  llvm::Expected<TensorFileData> read = readTensorFile(path);
  ASSERT_FALSE(bool(read));
  EXPECT_EQ(llvm::toString(read.takeError()),
            path + ": not an ONNX TensorProto");
  llvm::sys::fs::remove(path);

  llvm::Expected<TensorFileData> missing = readTensorFile(path + ".none.pb");
  ASSERT_FALSE(bool(missing));
  EXPECT_NE(llvm::toString(missing.takeError()).find(".none.pb"),
            std::string::npos);
}

TEST(TensorFileTest, RefusesAnUnwritablePath) {
  std::string dir = tempPath("d");
  llvm::sys::fs::remove(dir);
  llvm::Error err = writeTensorFile(dir + "/missing/x.pb", "x", {1}, {1.0f});
  ASSERT_TRUE(bool(err));
  EXPECT_NE(llvm::toString(std::move(err)).find("cannot write"),
            std::string::npos);
}

TEST(TensorFileTest, ReadsFloat16FromRawData) {
  onnx::TensorProto tensor = tensor2x2(onnx::TensorProto::FLOAT16);
  tensor.set_raw_data(bytesOf<uint16_t>(
      {kHalfBits[0], kHalfBits[1], kHalfBits[2], kHalfBits[3]}));
  std::string path;
  llvm::Expected<TensorFileData> read = readBack(tensor, path);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->name, "x");
  EXPECT_EQ(read->shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(read->data, kHalfValues);
  EXPECT_EQ(read->format, HostFormat::Float16);
}

TEST(TensorFileTest, ReadsFloat16FromInt32Data) {
  // ONNX stores one uint16 bit pattern per int32_data element.
  onnx::TensorProto tensor = tensor2x2(onnx::TensorProto::FLOAT16);
  for (uint16_t bits : kHalfBits)
    tensor.add_int32_data(bits);
  std::string path;
  llvm::Expected<TensorFileData> read = readBack(tensor, path);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->data, kHalfValues);
  EXPECT_EQ(read->format, HostFormat::Float16);
}

TEST(TensorFileTest, ReadsBFloat16FromRawData) {
  onnx::TensorProto tensor = tensor2x2(onnx::TensorProto::BFLOAT16);
  tensor.set_raw_data(bytesOf<uint16_t>(
      {kBHalfBits[0], kBHalfBits[1], kBHalfBits[2], kBHalfBits[3]}));
  std::string path;
  llvm::Expected<TensorFileData> read = readBack(tensor, path);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->data, kBHalfValues);
  EXPECT_EQ(read->format, HostFormat::BFloat16);
}

TEST(TensorFileTest, ReadsBFloat16FromInt32Data) {
  onnx::TensorProto tensor = tensor2x2(onnx::TensorProto::BFLOAT16);
  for (uint16_t bits : kBHalfBits)
    tensor.add_int32_data(bits);
  std::string path;
  llvm::Expected<TensorFileData> read = readBack(tensor, path);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->data, kBHalfValues);
  EXPECT_EQ(read->format, HostFormat::BFloat16);
}

TEST(TensorFileTest, ReadsDoubleFromRawData) {
  // Narrowed to the nearest float32.
  onnx::TensorProto tensor = tensor2x2(onnx::TensorProto::DOUBLE);
  tensor.set_raw_data(bytesOf<double>({0.1, -1e10, 1.0 / 3.0, 1e-300}));
  std::string path;
  llvm::Expected<TensorFileData> read = readBack(tensor, path);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->data, (std::vector<float>{0.1f, -1e10f, 1.0f / 3.0f, 0.0f}));
  EXPECT_EQ(read->format, HostFormat::Float64);
}

TEST(TensorFileTest, ReadsDoubleFromDoubleData) {
  onnx::TensorProto tensor = tensor2x2(onnx::TensorProto::DOUBLE);
  for (double x : {0.1, -1e10, 1.0 / 3.0, 2.5})
    tensor.add_double_data(x);
  std::string path;
  llvm::Expected<TensorFileData> read = readBack(tensor, path);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->data, (std::vector<float>{0.1f, -1e10f, 1.0f / 3.0f, 2.5f}));
  EXPECT_EQ(read->format, HostFormat::Float64);
}

TEST(TensorFileTest, RefusesMismatchedCounts) {
  const std::string expected = "FILE: the tensor holds a different number of "
                               "values than its shape (4) says";
  // Three elements' worth for a 2x2 shape, in raw_data and typed fields.
  for (auto type : {onnx::TensorProto::FLOAT16, onnx::TensorProto::BFLOAT16}) {
    onnx::TensorProto raw = tensor2x2(type);
    raw.set_raw_data(bytesOf<uint16_t>({1, 2, 3}));
    EXPECT_EQ(readError(raw), expected) << type;
    // An odd byte count cannot be 16-bit elements either.
    raw.set_raw_data(std::string(7, '\0'));
    EXPECT_EQ(readError(raw), expected) << type;
    onnx::TensorProto typed = tensor2x2(type);
    for (int32_t bits : {1, 2, 3})
      typed.add_int32_data(bits);
    EXPECT_EQ(readError(typed), expected) << type;
  }
  onnx::TensorProto raw = tensor2x2(onnx::TensorProto::DOUBLE);
  raw.set_raw_data(bytesOf<double>({1, 2, 3}));
  EXPECT_EQ(readError(raw), expected);
  onnx::TensorProto typed = tensor2x2(onnx::TensorProto::DOUBLE);
  for (double x : {1.0, 2.0, 3.0, 4.0, 5.0})
    typed.add_double_data(x);
  EXPECT_EQ(readError(typed), expected);
}

TEST(TensorFileTest, RefusesInt32DataOutOfUint16Range) {
  onnx::TensorProto half = tensor2x2(onnx::TensorProto::FLOAT16);
  for (int32_t bits : {0, 1, 65536, 2})
    half.add_int32_data(bits);
  EXPECT_EQ(readError(half), "FILE: the tensor holds 65536 in element 2 of "
                             "int32_data, not a float16 bit pattern (0 to "
                             "65535)");
  onnx::TensorProto bhalf = tensor2x2(onnx::TensorProto::BFLOAT16);
  for (int32_t bits : {-1, 0, 1, 2})
    bhalf.add_int32_data(bits);
  EXPECT_EQ(readError(bhalf), "FILE: the tensor holds -1 in element 0 of "
                              "int32_data, not a bfloat16 bit pattern (0 to "
                              "65535)");
}

TEST(TensorFileTest, ReadsInt64FromInt64Data) {
  // Indices and labels (an ArgMax's expected output).
  onnx::TensorProto ints = tensor2x2(onnx::TensorProto::INT64);
  for (int64_t i : {1, -2, 3, 4})
    ints.add_int64_data(i);
  std::string path;
  llvm::Expected<TensorFileData> read = readBack(ints, path);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->data, (std::vector<float>{1, -2, 3, 4}));
  EXPECT_EQ(read->format, HostFormat::Int64);
}

TEST(TensorFileTest, ReadsInt32FromInt32Data) {
  // Token ids from a converter that uses int32.
  onnx::TensorProto ints = tensor2x2(onnx::TensorProto::INT32);
  for (int32_t i : {1, 2, -3, 16777216})
    ints.add_int32_data(i);
  std::string path;
  llvm::Expected<TensorFileData> read = readBack(ints, path);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->data, (std::vector<float>{1, 2, -3, 16777216}));
  EXPECT_EQ(read->format, HostFormat::Int32);
}

TEST(TensorFileTest, ReadsBoolFromRawDataAndInt32Data) {
  onnx::TensorProto raw = tensor2x2(onnx::TensorProto::BOOL);
  raw.set_raw_data(std::string("\1\0\0\1", 4));
  std::string path;
  llvm::Expected<TensorFileData> read = readBack(raw, path);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->data, (std::vector<float>{1, 0, 0, 1}));
  EXPECT_EQ(read->format, HostFormat::Bool);
  onnx::TensorProto typed = tensor2x2(onnx::TensorProto::BOOL);
  for (int32_t flag : {0, 1, 1, 0})
    typed.add_int32_data(flag);
  read = readBack(typed, path);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->data, (std::vector<float>{0, 1, 1, 0}));
  typed.set_int32_data(2, 7);
  EXPECT_EQ(readError(typed), "FILE: element 2 is 7, not a bool (0 or 1)");
  raw.set_raw_data(std::string("\1\0\0", 3));
  EXPECT_EQ(readError(raw), "FILE: the tensor holds a different number of "
                            "values than its shape (4) says");
}

TEST(TensorFileTest, RefusesIntegersFloatDoesNotHold) {
  onnx::TensorProto ints = tensor2x2(onnx::TensorProto::INT64);
  for (int64_t i : {int64_t(1), int64_t(2), int64_t(3), (int64_t(1) << 24) + 1})
    ints.add_int64_data(i);
  EXPECT_EQ(readError(ints), "FILE: element 3 is 16777217, beyond the "
                             "integers float32 holds exactly (magnitude at "
                             "most 2^24)");
}

TEST(TensorFileTest, RefusesOtherDataTypes) {
  onnx::TensorProto text = tensor2x2(onnx::TensorProto::STRING);
  for (const char *v : {"a", "b", "c", "d"})
    text.add_string_data(v);
  EXPECT_EQ(readError(text), "FILE: tensor 'x' has data type STRING; "
                             "accepted: FLOAT, FLOAT16, BFLOAT16, DOUBLE, "
                             "INT64, INT32, BOOL, UINT8, INT8, UINT16, INT16, "
                             "UINT32, UINT64");
  onnx::TensorProto unknown = tensor2x2(onnx::TensorProto::FLOAT);
  unknown.set_data_type(99);
  EXPECT_EQ(readError(unknown), "FILE: tensor 'x' has data type 99; "
                                "accepted: FLOAT, FLOAT16, BFLOAT16, DOUBLE, "
                                "INT64, INT32, BOOL, UINT8, INT8, UINT16, "
                                "INT16, UINT32, UINT64");
  // Values the type does not hold (in the wider typed fields ONNX keeps
  // them in), or beyond float32's exact integers, are refused, naming the
  // element.
  onnx::TensorProto wide = tensor2x2(onnx::TensorProto::INT16);
  for (int32_t v : {1, -2, 70000, 4})
    wide.add_int32_data(v);
  EXPECT_EQ(readError(wide), "FILE: the tensor holds 70000 in element 2, out "
                             "of the range of its type");
  onnx::TensorProto big = tensor2x2(onnx::TensorProto::UINT64);
  for (uint64_t v : {1ull, 2ull, 3ull, 1ull << 40})
    big.add_uint64_data(v);
  EXPECT_EQ(readError(big), "FILE: element 3 is 1099511627776, beyond the "
                            "integers float32 holds exactly (magnitude at "
                            "most 2^24)");
}

TEST(TensorFileTest, WritesEachFormatAsItsDataType) {
  struct Case {
    HostFormat format;
    onnx::TensorProto::DataType type;
    size_t elementSize;
  } cases[] = {{HostFormat::Float32, onnx::TensorProto::FLOAT, 4},
               {HostFormat::Float16, onnx::TensorProto::FLOAT16, 2},
               {HostFormat::BFloat16, onnx::TensorProto::BFLOAT16, 2},
               {HostFormat::Float64, onnx::TensorProto::DOUBLE, 8},
               {HostFormat::Int64, onnx::TensorProto::INT64, 8},
               {HostFormat::Int32, onnx::TensorProto::INT32, 4}};
  // (Bool, one byte each, is written from 0 and 1 only: below.)
  for (const Case &c : cases) {
    std::string path = tempPath("pb");
    ASSERT_FALSE(
        bool(writeTensorFile(path, "y", {3}, {1.0f, -2.0f, 4.0f}, c.format)));
    auto buffer = llvm::MemoryBuffer::getFile(path);
    ASSERT_TRUE(bool(buffer));
    onnx::TensorProto tensor;
    ASSERT_TRUE(tensor.ParseFromString((*buffer)->getBuffer().str()));
    EXPECT_EQ(tensor.data_type(), c.type);
    EXPECT_EQ(tensor.raw_data().size(), 3 * c.elementSize);
    llvm::sys::fs::remove(path);
  }
  // The bytes themselves, for the 16-bit formats.
  std::string path = tempPath("pb");
  ASSERT_FALSE(bool(
      writeTensorFile(path, "y", {2}, {1.0f, -2.0f}, HostFormat::Float16)));
  auto buffer = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(bool(buffer));
  onnx::TensorProto tensor;
  ASSERT_TRUE(tensor.ParseFromString((*buffer)->getBuffer().str()));
  EXPECT_EQ(tensor.raw_data(), bytesOf<uint16_t>({0x3c00, 0xc000}));
  ASSERT_FALSE(bool(
      writeTensorFile(path, "y", {2}, {1.0f, -2.0f}, HostFormat::BFloat16)));
  buffer = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(bool(buffer));
  ASSERT_TRUE(tensor.ParseFromString((*buffer)->getBuffer().str()));
  EXPECT_EQ(tensor.raw_data(), bytesOf<uint16_t>({0x3f80, 0xc000}));
  ASSERT_FALSE(
      bool(writeTensorFile(path, "y", {2}, {1.0f, -2.0f}, HostFormat::Int64)));
  buffer = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(bool(buffer));
  ASSERT_TRUE(tensor.ParseFromString((*buffer)->getBuffer().str()));
  EXPECT_EQ(tensor.raw_data(), bytesOf<int64_t>({1, -2}));
  ASSERT_FALSE(
      bool(writeTensorFile(path, "y", {2}, {1.0f, -2.0f}, HostFormat::Int32)));
  buffer = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(bool(buffer));
  ASSERT_TRUE(tensor.ParseFromString((*buffer)->getBuffer().str()));
  EXPECT_EQ(tensor.raw_data(), bytesOf<int32_t>({1, -2}));
  ASSERT_FALSE(
      bool(writeTensorFile(path, "y", {2}, {1.0f, 0.0f}, HostFormat::Bool)));
  buffer = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(bool(buffer));
  ASSERT_TRUE(tensor.ParseFromString((*buffer)->getBuffer().str()));
  EXPECT_EQ(tensor.data_type(), onnx::TensorProto::BOOL);
  EXPECT_EQ(tensor.raw_data(), std::string("\1\0", 2));
  // Not whole: refused, naming the element.
  EXPECT_EQ(llvm::toString(writeTensorFile(path, "y", {2}, {1.0f, 2.5f},
                                           HostFormat::Int64)),
            path + ": element 1 is 2.5, which an int64 does not hold");
  llvm::sys::fs::remove(path);
}

TEST(TensorFileTest, RoundTripsEachIntegerFormat) {
  // Each type's extremes (within float32's exact integers for the 32- and
  // 64-bit ones), through .npy and .pb; a value outside the type is refused
  // on writing, naming the element.
  struct Case {
    HostFormat format;
    std::vector<float> values;
    float outside;
  };
  const Case cases[] = {
      {HostFormat::UInt8, {0, 1, 255}, 256},
      {HostFormat::Int8, {-128, 0, 127}, 128},
      {HostFormat::UInt16, {0, 7, 65535}, -1},
      {HostFormat::Int16, {-32768, 5, 32767}, 32768},
      {HostFormat::UInt32, {0, 9, 16777216}, -1},
      {HostFormat::UInt64, {0, 3, 16777216}, -2},
      {HostFormat::Int32, {-16777216, 0, 16777216}, 0.5f},
      {HostFormat::Int64, {-16777216, 0, 16777216}, 0.5f},
  };
  for (const Case &c : cases)
    for (const char *suffix : {"npy", "pb"}) {
      std::string what = (stringifyHostFormat(c.format) + " ." + suffix).str();
      std::string path = tempPath(suffix);
      ASSERT_FALSE(bool(writeTensorFile(path, "t", {3}, c.values, c.format)))
          << what;
      llvm::Expected<TensorFileData> read = readTensorFile(path);
      ASSERT_TRUE(bool(read))
          << what << ": " << llvm::toString(read.takeError());
      EXPECT_EQ(read->data, c.values) << what;
      EXPECT_EQ(read->format, c.format) << what;
      std::vector<float> bad = c.values;
      bad[1] = c.outside;
      llvm::Error err = writeTensorFile(path, "t", {3}, bad, c.format);
      ASSERT_TRUE(bool(err)) << what;
      EXPECT_TRUE(llvm::StringRef(llvm::toString(std::move(err)))
                      .contains("element 1 is"))
          << what;
      llvm::sys::fs::remove(path);
    }
}

TEST(TensorFileTest, RoundTripsEachFormat) {
  // Values each format rounds differently: 0.1 and 1/3 are inexact below
  // float64, 1 + 2^-11 ties to 1 in float16 but is bfloat16-inexact too,
  // 70000 overflows float16, 1e-8 is a float16 underflow.
  std::vector<float> data = {0.1f,     1.0f / 3.0f, 1.0f + 0x1p-11f,
                             70000.0f, 1e-8f,       -0.0f};
  for (HostFormat format : {HostFormat::Float32, HostFormat::Float16,
                            HostFormat::BFloat16, HostFormat::Float64}) {
    for (const char *suffix : {"npy", "pb"}) {
      std::string path = tempPath(suffix);
      ASSERT_FALSE(bool(writeTensorFile(path, "t", {2, 3}, data, format)));
      llvm::Expected<TensorFileData> read = readTensorFile(path);
      ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
      llvm::sys::fs::remove(path);
      std::string what = (stringifyHostFormat(format) + " ." + suffix).str();
      EXPECT_EQ(read->shape, (std::vector<int64_t>{2, 3})) << what;
      ASSERT_EQ(read->data.size(), data.size()) << what;
      for (size_t i = 0; i < data.size(); ++i)
        EXPECT_EQ(read->data[i], roundToFormat(data[i], format))
            << what << " element " << i;
      EXPECT_TRUE(std::signbit(read->data[5])) << what;
      // A .npy has no bfloat16: it comes back as the float32 it was saved as.
      bool npyBFloat16 =
          format == HostFormat::BFloat16 && std::string(suffix) == "npy";
      EXPECT_EQ(read->format, npyBFloat16 ? HostFormat::Float32 : format)
          << what;
    }
  }
  // The rounding is real: float16 overflowed and bfloat16 lost bits.
  EXPECT_EQ(roundToFormat(70000.0f, HostFormat::Float16), kInf);
  EXPECT_NE(roundToFormat(0.1f, HostFormat::BFloat16), 0.1f);
}
