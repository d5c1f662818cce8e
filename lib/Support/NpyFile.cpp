//===- NpyFile.cpp - Read and write NumPy .npy files ----------------------===//
//
// A .npy file is a 6-byte magic, a version (major, minor), a header length
// (2 bytes in version 1.0, 4 in 2.0, little-endian), a header that is a
// Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and a newline so that the data starts on a 64-byte
// boundary, and then the raw elements. The header is parsed strictly, as
// the dict numpy writes: the three keys, once each, and nothing else.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Support/NpyFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/EndianStream.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

using namespace eyeriss;
using namespace llvm;

static constexpr StringLiteral kMagic("\x93NUMPY");
/// Magic and version bytes.
static constexpr size_t kPreambleSize = kMagic.size() + 2;
/// The data starts at a multiple of this (numpy's ARRAY_ALIGN).
static constexpr size_t kAlignment = 64;

namespace {
/// The element types read.
enum class DType { F2, F4, F8, I4, I8, B1, U1, I1, U2, I2, U4, U8 };

/// What the header says.
struct Header {
  DType dtype;
  bool fortranOrder;
  SmallVector<int64_t> shape;
};

/// A minimal reader of the header dict.
class HeaderParser {
public:
  explicit HeaderParser(StringRef text) : rest(text) {}

  /// Parses the dict; an error describes the first problem.
  Expected<Header> parse();

private:
  void skipSpace() { rest = rest.ltrim(" \t\r\n"); }
  bool consume(StringRef token) {
    skipSpace();
    return rest.consume_front(token);
  }
  /// An error quoting the start of what is left of the header.
  Error expected(StringRef what) {
    StringRef context = rest.ltrim().take_front(20).rtrim();
    if (context.empty())
      return createStringError(formatv(
          "malformed header: expected {0} at the end of the header", what));
    return createStringError(
        formatv("malformed header: expected {0} at '{1}'", what, context));
  }
  Expected<std::string> parseString();
  Expected<bool> parseBool();
  Error parseShape(SmallVector<int64_t> &shape);

  StringRef rest;
};
} // namespace

Expected<std::string> HeaderParser::parseString() {
  skipSpace();
  if (rest.empty() || (rest.front() != '\'' && rest.front() != '"'))
    return expected("a string");
  char quote = rest.front();
  size_t end = rest.find(quote, 1);
  if (end == StringRef::npos)
    return expected("a closing quote");
  std::string value = rest.slice(1, end).str();
  rest = rest.drop_front(end + 1);
  return value;
}

Expected<bool> HeaderParser::parseBool() {
  if (consume("True"))
    return true;
  if (consume("False"))
    return false;
  return expected("True or False");
}

Error HeaderParser::parseShape(SmallVector<int64_t> &shape) {
  if (!consume("("))
    return expected("a shape tuple");
  while (!consume(")")) {
    skipSpace();
    StringRef digits = rest.take_while(isDigit);
    if (digits.empty())
      return expected("a non-negative dimension");
    int64_t dim;
    if (digits.getAsInteger(10, dim))
      return createStringError(
          formatv("absurd shape: dimension {0} is too large", digits));
    shape.push_back(dim);
    rest = rest.drop_front(digits.size());
    if (!consume(",")) {
      if (!consume(")"))
        return expected("',' or ')' in the shape");
      break;
    }
  }
  return Error::success();
}

Expected<Header> HeaderParser::parse() {
  if (!consume("{"))
    return expected("'{'");
  std::optional<std::string> descr;
  std::optional<bool> fortran;
  SmallVector<int64_t> shape;
  bool haveShape = false;
  while (!consume("}")) {
    Expected<std::string> key = parseString();
    if (!key)
      return key.takeError();
    if (!consume(":"))
      return expected("':'");
    bool duplicate = false;
    if (*key == "descr") {
      duplicate = descr.has_value();
      Expected<std::string> value = parseString();
      if (!value)
        return value.takeError();
      descr = *value;
    } else if (*key == "fortran_order") {
      duplicate = fortran.has_value();
      Expected<bool> value = parseBool();
      if (!value)
        return value.takeError();
      fortran = *value;
    } else if (*key == "shape") {
      duplicate = haveShape;
      shape.clear();
      if (Error err = parseShape(shape))
        return err;
      haveShape = true;
    } else {
      return createStringError(
          formatv("malformed header: unknown key '{0}'", *key));
    }
    if (duplicate)
      return createStringError(
          formatv("malformed header: key '{0}' appears twice", *key));
    if (!consume(",")) {
      if (!consume("}"))
        return expected("',' or '}'");
      break;
    }
  }
  skipSpace();
  if (!rest.empty())
    return expected("the end of the header");
  if (!descr || !fortran || !haveShape)
    return createStringError(
        "malformed header: it needs 'descr', 'fortran_order' and 'shape'");

  std::optional<DType> dtype = StringSwitch<std::optional<DType>>(*descr)
                                   .Case("<f2", DType::F2)
                                   .Case("<f4", DType::F4)
                                   .Case("<f8", DType::F8)
                                   .Case("<i4", DType::I4)
                                   .Case("<i8", DType::I8)
                                   .Case("|b1", DType::B1)
                                   .Case("|u1", DType::U1)
                                   .Case("|i1", DType::I1)
                                   .Case("<u2", DType::U2)
                                   .Case("<i2", DType::I2)
                                   .Case("<u4", DType::U4)
                                   .Case("<u8", DType::U8)
                                   .Default(std::nullopt);
  if (!dtype)
    return createStringError(
        formatv("unsupported dtype '{0}' (supported: <f2, <f4, <f8, <i4, <i8, "
                "|b1, |u1, |i1, <u2, <i2, <u4, <u8)",
                *descr));
  return Header{*dtype, *fortran, std::move(shape)};
}

static size_t sizeOf(DType dtype) {
  switch (dtype) {
  case DType::B1:
  case DType::U1:
  case DType::I1:
    return 1;
  case DType::F2:
  case DType::U2:
  case DType::I2:
    return 2;
  case DType::F4:
  case DType::I4:
  case DType::U4:
    return 4;
  case DType::F8:
  case DType::I8:
  case DType::U8:
    return 8;
  }
  llvm_unreachable("unknown dtype");
}

/// The value of an integer element (any integer dtype but B1); a uint64
/// beyond int64's range saturates, which the caller refuses as too large.
static int64_t readInteger(DType dtype, const char *bytes) {
  using namespace llvm::support::endian;
  constexpr auto little = llvm::endianness::little;
  switch (dtype) {
  case DType::U1:
    return uint8_t(*bytes);
  case DType::I1:
    return int8_t(*bytes);
  case DType::U2:
    return read<uint16_t, little>(bytes);
  case DType::I2:
    return read<int16_t, little>(bytes);
  case DType::I4:
    return read<int32_t, little>(bytes);
  case DType::U4:
    return read<uint32_t, little>(bytes);
  case DType::I8:
    return read<int64_t, little>(bytes);
  case DType::U8: {
    uint64_t n = read<uint64_t, little>(bytes);
    return n > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(n);
  }
  default:
    llvm_unreachable("an integer dtype");
  }
}

static float readElement(DType dtype, const char *bytes) {
  using namespace llvm::support::endian;
  constexpr auto little = llvm::endianness::little;
  switch (dtype) {
  case DType::F2:
    return float16BitsToFloat(read<uint16_t, little>(bytes));
  case DType::F4:
    return read<float, little>(bytes);
  case DType::F8:
    return static_cast<float>(read<double, little>(bytes));
  case DType::B1:
    return static_cast<float>(static_cast<uint8_t>(*bytes));
  default:
    // Integers: the caller has checked that float32 holds them exactly.
    return static_cast<float>(readInteger(dtype, bytes));
  }
}

/// The parse itself, with messages that parseNpy prefixes with the name.
static Expected<NpyArray> parseContents(StringRef contents) {
  // A file that stops inside the magic string is truncated, not foreign.
  if (contents.empty() ||
      !kMagic.starts_with(contents.take_front(kMagic.size())))
    return createStringError("not a .npy file (bad magic string)");
  if (contents.size() < kPreambleSize)
    return createStringError("truncated header: the file ends inside the "
                             "magic string and version");
  unsigned major = static_cast<unsigned char>(contents[kMagic.size()]);
  unsigned minor = static_cast<unsigned char>(contents[kMagic.size() + 1]);
  if ((major != 1 && major != 2) || minor != 0)
    return createStringError(formatv(
        "unsupported .npy format version {0}.{1} (supported: 1.0, 2.0)",
        major, minor));

  using namespace llvm::support::endian;
  size_t lengthSize = major == 1 ? 2 : 4;
  if (contents.size() < kPreambleSize + lengthSize)
    return createStringError(
        "truncated header: the file ends inside the header length");
  const char *lengthBytes = contents.data() + kPreambleSize;
  uint64_t headerLength =
      major == 1 ? read<uint16_t, llvm::endianness::little>(lengthBytes)
                 : read<uint32_t, llvm::endianness::little>(lengthBytes);
  uint64_t dataOffset = kPreambleSize + lengthSize + headerLength;
  if (contents.size() < dataOffset)
    return createStringError(
        formatv("truncated header: it should be {0} bytes but the file ends "
                "after {1}",
                headerLength, contents.size() - kPreambleSize - lengthSize));

  Expected<Header> header =
      HeaderParser(contents.slice(kPreambleSize + lengthSize, dataOffset))
          .parse();
  if (!header)
    return header.takeError();
  if (header->fortranOrder)
    return createStringError(
        "the array is in Fortran order; only C order is supported (save "
        "np.ascontiguousarray(a))");

  // Checked before anything is allocated: a corrupt shape must not become
  // a huge allocation.
  int64_t count = 1;
  for (int64_t dim : header->shape)
    if (MulOverflow(count, dim, count))
      return createStringError("absurd shape: the element count overflows");
  int64_t elementSize = static_cast<int64_t>(sizeOf(header->dtype));
  int64_t byteCount;
  if (MulOverflow(count, elementSize, byteCount))
    return createStringError("absurd shape: the data size overflows");
  uint64_t available = contents.size() - dataOffset;
  if (available < static_cast<uint64_t>(byteCount))
    return createStringError(
        formatv("data is {0} bytes but the shape needs {1} elements of {2} "
                "bytes ({3} bytes)",
                available, count, elementSize, byteCount));
  if (available > static_cast<uint64_t>(byteCount))
    return createStringError(
        formatv("{0} bytes follow the {1} bytes of data the shape needs",
                available - byteCount, byteCount));

  NpyArray array;
  array.shape = std::move(header->shape);
  switch (header->dtype) {
  case DType::F2:
    array.format = HostFormat::Float16;
    break;
  case DType::F4:
    array.format = HostFormat::Float32;
    break;
  case DType::F8:
    array.format = HostFormat::Float64;
    break;
  case DType::I4:
    array.format = HostFormat::Int32;
    break;
  case DType::I8:
    array.format = HostFormat::Int64;
    break;
  case DType::B1:
    array.format = HostFormat::Bool;
    break;
  case DType::U1:
    array.format = HostFormat::UInt8;
    break;
  case DType::I1:
    array.format = HostFormat::Int8;
    break;
  case DType::U2:
    array.format = HostFormat::UInt16;
    break;
  case DType::I2:
    array.format = HostFormat::Int16;
    break;
  case DType::U4:
    array.format = HostFormat::UInt32;
    break;
  case DType::U8:
    array.format = HostFormat::UInt64;
    break;
  }
  array.data.resize(count);
  const char *bytes = contents.data() + dataOffset;
  for (int64_t i = 0; i < count; ++i) {
    const char *element = bytes + i * elementSize;
    // An integer array is read exactly or not at all (token ids, indices):
    // float holds every whole number up to 2^24, and not all above it.
    if (array.format == HostFormat::Bool && uint8_t(*element) > 1)
      return createStringError(
          formatv("element {0} is byte {1}, not a bool (0 or 1)", i,
                  uint8_t(*element)));
    if (isIntegerFormat(array.format) && array.format != HostFormat::Bool) {
      int64_t n = readInteger(header->dtype, element);
      if (n < -kMaxExactInteger || n > kMaxExactInteger)
        return createStringError(
            formatv("element {0} is {1}, beyond the integers float32 holds "
                    "exactly (magnitude at most 2^24)",
                    i, n));
    }
    array.data[i] = readElement(header->dtype, element);
  }
  return array;
}

Expected<NpyArray> eyeriss::parseNpy(StringRef contents, StringRef name) {
  Expected<NpyArray> array = parseContents(contents);
  if (!array)
    return createFileError(name, array.takeError());
  return array;
}

Expected<NpyArray> eyeriss::readNpy(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer = MemoryBuffer::getFile(
      path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createFileError(path, buffer.getError());
  return parseNpy((*buffer)->getBuffer(), path);
}

/// The dtype written for `format`.
static StringRef descrOf(HostFormat format) {
  switch (format) {
  case HostFormat::Float32:
  case HostFormat::BFloat16: // numpy has no bfloat16.
    return "<f4";
  case HostFormat::Float16:
    return "<f2";
  case HostFormat::Float64:
    return "<f8";
  case HostFormat::Int64:
    return "<i8";
  case HostFormat::Int32:
    return "<i4";
  case HostFormat::Bool:
    return "|b1";
  case HostFormat::UInt8:
    return "|u1";
  case HostFormat::Int8:
    return "|i1";
  case HostFormat::UInt16:
    return "<u2";
  case HostFormat::Int16:
    return "<i2";
  case HostFormat::UInt32:
    return "<u4";
  case HostFormat::UInt64:
    return "<u8";
  }
  llvm_unreachable("unknown host format");
}

/// The header dict numpy writes, without padding: "(3,)" for one dimension.
static std::string headerDict(StringRef descr, ArrayRef<int64_t> shape) {
  std::string text;
  raw_string_ostream os(text);
  os << "{'descr': '" << descr << "', 'fortran_order': False, 'shape': (";
  interleave(shape, os, ", ");
  if (shape.size() == 1)
    os << ",";
  os << "), }";
  return text;
}

Error eyeriss::writeNpy(StringRef path, ArrayRef<int64_t> shape,
                        ArrayRef<float> data, HostFormat format) {
  int64_t count = 1;
  for (int64_t dim : shape)
    if (dim < 0 || MulOverflow(count, dim, count))
      return createFileError(
          path, createStringError("cannot write a negative or overflowing "
                                  "shape"));
  if (count != static_cast<int64_t>(data.size()))
    return createFileError(
        path, createStringError(formatv("the shape holds {0} elements but "
                                        "{1} were given",
                                        count, data.size())));

  if (isIntegerFormat(format))
    for (auto [i, x] : llvm::enumerate(data))
      if (!wholeNumberOf(x, format))
        return createFileError(
            path, createStringError("element %zu is %g, which %s %s does "
                                    "not hold",
                                    i, double(x),
                                    format == HostFormat::Bool ? "a" : "an",
                                    stringifyHostFormat(format).data()));

  std::string header = headerDict(descrOf(format), shape);
  // Pad with spaces and end with a newline so that the data is aligned.
  unsigned major = 1;
  size_t prefix = kPreambleSize + 2;
  size_t total = alignTo(prefix + header.size() + 1, kAlignment);
  if (total - prefix > UINT16_MAX) {
    major = 2;
    prefix = kPreambleSize + 4;
    total = alignTo(prefix + header.size() + 1, kAlignment);
  }
  header.append(total - prefix - header.size() - 1, ' ');
  header.push_back('\n');

  Error err = writeToOutput(path, [&](raw_ostream &os) {
    using namespace llvm::support::endian;
    constexpr auto little = llvm::endianness::little;
    os << kMagic;
    os << static_cast<char>(major) << static_cast<char>(0);
    if (major == 1)
      write<uint16_t>(os, header.size(), little);
    else
      write<uint32_t>(os, header.size(), little);
    os << header;
    switch (format) {
    case HostFormat::Float32:
      for (float x : data)
        write<float>(os, x, little);
      break;
    case HostFormat::Float16:
      for (float x : data)
        write<uint16_t>(os, floatToFloat16Bits(x), little);
      break;
    case HostFormat::BFloat16:
      for (float x : data)
        write<float>(os, roundToFormat(x, HostFormat::BFloat16), little);
      break;
    case HostFormat::Float64:
      for (float x : data)
        write<double>(os, x, little);
      break;
    case HostFormat::Int64:
      for (float x : data)
        write<int64_t>(os, *wholeNumber(x), little);
      break;
    case HostFormat::Int32:
      for (float x : data)
        write<int32_t>(os, int32_t(*wholeNumber(x)), little);
      break;
    case HostFormat::Bool:
      for (float x : data)
        os << char(x != 0.0f);
      break;
    // Checked above: whole numbers of the format's range.
    case HostFormat::UInt8:
    case HostFormat::Int8:
      for (float x : data)
        os << char(*wholeNumber(x));
      break;
    case HostFormat::UInt16:
    case HostFormat::Int16:
      for (float x : data)
        write<uint16_t>(os, uint16_t(*wholeNumber(x)), little);
      break;
    case HostFormat::UInt32:
      for (float x : data)
        write<uint32_t>(os, uint32_t(*wholeNumber(x)), little);
      break;
    case HostFormat::UInt64:
      for (float x : data)
        write<uint64_t>(os, uint64_t(*wholeNumber(x)), little);
      break;
    }
    return Error::success();
  });
  if (err)
    return createFileError(path, std::move(err));
  return Error::success();
}
