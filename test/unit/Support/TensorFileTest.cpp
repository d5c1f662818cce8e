//===- TensorFileTest.cpp - .npy and ONNX .pb tensor files ----------------===//

#include "eyeriss/Support/TensorFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace eyeriss;

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
