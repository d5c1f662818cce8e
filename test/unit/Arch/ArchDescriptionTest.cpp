//===- ArchDescriptionTest.cpp - Reading and printing architecture files --===//
//
// Negative tests start from the shipped eyeriss-v1 file and change one field,
// so each bad file differs from a valid one in that field only, and check the
// whole message: the file, the field's path and the reason.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Arch/ArchDescription.h"
#include "eyeriss/Arch/BuiltinArchs.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cstring>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

using namespace eyeriss;
using namespace llvm;

namespace {

constexpr StringLiteral kBufferName = "test.json";

StringRef shippedText(StringRef name) {
  std::optional<StringRef> text = lookupBuiltinArch(name);
  if (!text) {
    ADD_FAILURE() << name.str() << " is not a builtin architecture";
    return "";
  }
  return *text;
}

/// The shipped eyeriss-v1 file as a JSON object, for a test to change.
json::Object shippedV1() {
  Expected<json::Value> value = json::parse(shippedText("eyeriss-v1"));
  if (!value) {
    ADD_FAILURE() << toString(value.takeError());
    return {};
  }
  return std::move(*value->getAsObject());
}

/// The object holding the field at dotted `path` in `file`, and the field's
/// key in it.
std::pair<json::Object *, std::string> fieldAt(json::Object &file,
                                               StringRef path) {
  SmallVector<StringRef> keys;
  path.split(keys, '.');
  json::Object *holder = &file;
  for (StringRef key : ArrayRef(keys).drop_back()) {
    holder = holder->getObject(key);
    if (!holder) {
      ADD_FAILURE() << path.str() << " is not a field of eyeriss-v1";
      return {&file, "no such field"};
    }
  }
  return {holder, keys.back().str()};
}

/// What parseArchDescription says of `file`: "" if it accepts it, else its
/// error message.
std::string diagnose(StringRef text) {
  Expected<ArchDescription> arch = parseArchDescription(text, kBufferName);
  if (arch)
    return "";
  return toString(arch.takeError());
}

std::string diagnose(json::Object file) {
  return diagnose(formatv("{0:2}", json::Value(std::move(file))).str());
}

/// eyeriss-v1 with the field at `path` set to `value`.
std::string diagnoseWith(StringRef path, json::Value value) {
  json::Object file = shippedV1();
  auto [holder, key] = fieldAt(file, path);
  (*holder)[key] = std::move(value);
  return diagnose(std::move(file));
}

/// eyeriss-v1 without the field at `path`.
std::string diagnoseWithout(StringRef path) {
  json::Object file = shippedV1();
  auto [holder, key] = fieldAt(file, path);
  EXPECT_TRUE(holder->erase(key)) << path.str();
  return diagnose(std::move(file));
}

/// The message for `reasons` (one `<path>: <reason>` per line) in test.json.
std::string expected(StringRef reasons) {
  SmallVector<StringRef> lines;
  reasons.split(lines, '\n');
  return join(map_range(lines,
                        [](StringRef line) {
                          return (kBufferName + ": " + line).str();
                        }),
              "\n");
}

/// Dotted paths of every field of `object` (objects and their fields alike),
/// and separately of the objects.
void collectFields(const json::Object &object, StringRef prefix,
                   std::vector<std::string> &fields,
                   std::vector<std::string> &objects) {
  for (const json::Object::value_type *field : json::sortedElements(object)) {
    std::string path = prefix.empty()
                           ? field->first.str()
                           : (prefix + "." + StringRef(field->first)).str();
    fields.push_back(path);
    if (const json::Object *child = field->second.getAsObject()) {
      objects.push_back(path);
      collectFields(*child, path, fields, objects);
    }
  }
}

//===----------------------------------------------------------------------===//
// One bad field at a time
//===----------------------------------------------------------------------===//

struct BadField {
  const char *testName;
  const char *path;
  json::Value value;
  /// The expected message without the file name: one `<path>: <reason>` per
  /// line.
  const char *reasons;
};

void PrintTo(const BadField &bad, std::ostream *os) {
  *os << bad.path << " = " << formatv("{0}", bad.value).str();
}

const BadField kBadFields[] = {
    // Wrong JSON type.
    {"IntegerGivenAsString", "pe_array.rows", "12",
     "pe_array.rows: expected an integer, got \"12\""},
    {"IntegerGivenAsFraction", "pe.filter_spad.entries", 224.5,
     "pe.filter_spad.entries: expected an integer, got 224.5"},
    {"IntegerGivenAsNull", "dram.fifo_depth", nullptr,
     "dram.fifo_depth: expected an integer, got null"},
    {"NumberGivenAsString", "clocks.core_mhz", "200",
     "clocks.core_mhz: expected a number, got \"200\""},
    {"BooleanGivenAsInteger", "rlc.enabled", 1,
     "rlc.enabled: expected a boolean, got 1"},
    {"StringGivenAsNumber", "description", 5,
     "description: expected a string, got 5"},
    {"ObjectGivenAsInteger", "glb.filter", 8,
     "glb.filter: expected an object, got 8"},

    // Zero, negative and oversized values.
    {"RowsZero", "pe_array.rows", 0,
     "pe_array.rows: must be a positive integer, got 0"},
    {"ColsNegative", "pe_array.cols", -14,
     "pe_array.cols: must be a positive integer, got -14"},
    {"PipelineStagesZero", "pe.pipeline_stages", 0,
     "pe.pipeline_stages: must be a positive integer, got 0"},
    {"SpadEntriesZero", "pe.psum_spad.entries", 0,
     "pe.psum_spad.entries: must be a positive integer, got 0"},
    {"SpadWordBitsNegative", "pe.ifmap_spad.word_bits", -16,
     "pe.ifmap_spad.word_bits: must be a positive integer, got -16"},
    {"GLBBanksZero", "glb.ifmap_psum.banks", 0,
     "glb.ifmap_psum.banks: must be a positive integer, got 0"},
    {"GLBWordsPerBankTooLarge", "glb.ifmap_psum.words_per_bank", 1 << 21,
     "glb.ifmap_psum.words_per_bank: must be at most 1048576, got 2097152"},
    {"NetworkWidthZero", "noc.gon.width_bits", 0,
     "noc.gon.width_bits: must be a positive integer, got 0"},
    {"IdBitsZero", "noc.gin_psum.row_id_bits", 0,
     "noc.gin_psum.row_id_bits: must be a positive integer, got 0"},
    {"IdBitsTooWide", "noc.gin_psum.col_id_bits", 31,
     "noc.gin_psum.col_id_bits: must be at most 30, got 31"},
    {"DRAMBusZero", "dram.bus_bits", 0,
     "dram.bus_bits: must be a positive integer, got 0"},
    {"FIFODepthZero", "dram.fifo_depth", 0,
     "dram.fifo_depth: must be a positive integer, got 0"},
    {"LastFlagBitsNegative", "rlc.last_flag_bits", -1,
     "rlc.last_flag_bits: must be a non-negative integer, got -1"},
    {"DataBitsZero", "arithmetic.data_bits", 0,
     "arithmetic.data_bits: must be a positive integer, got 0"},
    {"ScanChainZero", "config.scan_chain_bits", 0,
     "config.scan_chain_bits: must be a positive integer, got 0"},
    {"LoadTimeNegative", "config.load_time_us", -1,
     "config.load_time_us: must be non-negative, got -1"},
    {"CoreClockZero", "clocks.core_mhz", 0,
     "clocks.core_mhz: must be positive, got 0"},
    {"LinkMaxClockNegative", "clocks.link_max_mhz", -90.5,
     "clocks.link_max_mhz: must be positive, got -90.5"},

    // Arrays the NoC IDs cannot address (one ID is kept for unused PEs).
    {"IfmapColIdsTooFew", "noc.gin_ifmap.col_id_bits", 3,
     "noc.gin_ifmap.col_id_bits: 3 bits address at most 7 columns (one of "
     "the 8 IDs is kept for unused PEs), but pe_array.cols is 14"},
    {"RowsNeedAFifthIdBit", "pe_array.rows", 16,
     "noc.gin_filter.row_id_bits: 4 bits address at most 15 rows (one of the "
     "16 IDs is kept for unused PEs), but pe_array.rows is 16\n"
     "noc.gin_ifmap.row_id_bits: 4 bits address at most 15 rows (one of the "
     "16 IDs is kept for unused PEs), but pe_array.rows is 16\n"
     "noc.gin_psum.row_id_bits: 4 bits address at most 15 rows (one of the "
     "16 IDs is kept for unused PEs), but pe_array.rows is 16"},
    // The ifmap GIN has 5-bit col IDs and still addresses 16 columns.
    {"ColsNeedAFifthIdBit", "pe_array.cols", 16,
     "noc.gin_filter.col_id_bits: 4 bits address at most 15 columns (one of "
     "the 16 IDs is kept for unused PEs), but pe_array.cols is 16\n"
     "noc.gin_psum.col_id_bits: 4 bits address at most 15 columns (one of "
     "the 16 IDs is kept for unused PEs), but pe_array.cols is 16"},

    // Format version.
    {"FormatVersionTwo", "format_version", 2,
     "format_version: unsupported version 2; this build reads version 1"},
    {"FormatVersionAsString", "format_version", "1",
     "format_version: expected an integer, got \"1\""},

    // RLC word layout.
    {"RLCRunTooWideForWord", "rlc.run_bits", 6,
     "rlc.word_bits: must be at least pairs_per_word * (run_bits + "
     "level_bits) + last_flag_bits = 3 * (6 + 16) + 1 = 67, got 64"},
    {"RLCWordTooNarrow", "rlc.word_bits", 63,
     "rlc.word_bits: must be at least pairs_per_word * (run_bits + "
     "level_bits) + last_flag_bits = 3 * (5 + 16) + 1 = 64, got 63"},
    {"RLCLevelNotADataWord", "rlc.level_bits", 8,
     "rlc.level_bits: must equal arithmetic.data_bits (16), got 8"},
    {"RLCWithoutLastFlag", "rlc.last_flag_bits", 0,
     "rlc: RLC format: last_flag_bits = 0: the stream needs a one-bit "
     "last-word flag"},

    // Widths against the data word.
    {"SpadWordNotWholeDataWords", "pe.filter_spad.word_bits", 24,
     "pe.filter_spad.word_bits: must be a multiple of arithmetic.data_bits "
     "(16), got 24"},
    {"GLBWordNotWholeDataWords", "glb.filter.word_bits", 40,
     "glb.filter.word_bits: must be a multiple of arithmetic.data_bits (16), "
     "got 40"},
    {"DRAMBusNotWholeDataWords", "dram.bus_bits", 40,
     "dram.bus_bits: must be a multiple of arithmetic.data_bits (16), got 40"},
    {"GINNarrowerThanDataWord", "noc.gin_ifmap.width_bits", 8,
     "noc.gin_ifmap.width_bits: must be at least arithmetic.data_bits (16), "
     "got 8"},
    {"LocalLinkNarrowerThanDataWord", "noc.local_psum.width_bits", 8,
     "noc.local_psum.width_bits: must be at least arithmetic.data_bits (16), "
     "got 8"},
    {"ProductTooWide", "arithmetic.product_bits", 40,
     "arithmetic.product_bits: must be between arithmetic.data_bits (16) and "
     "twice it (32), got 40"},
    {"ProductTooNarrow", "arithmetic.product_bits", 8,
     "arithmetic.product_bits: must be between arithmetic.data_bits (16) and "
     "twice it (32), got 8"},

    // Clocks.
    {"CoreClockAboveRange", "clocks.core_mhz", 300,
     "clocks.core_mhz: must be within [core_min_mhz, core_max_mhz] = [100, "
     "250], got 300"},
    {"CoreClockBelowRange", "clocks.core_mhz", 62.5,
     "clocks.core_mhz: must be within [core_min_mhz, core_max_mhz] = [100, "
     "250], got 62.5"},
    {"CoreRangeInverted", "clocks.core_min_mhz", 300,
     "clocks.core_min_mhz: must not exceed core_max_mhz (250), got 300"},
    {"LinkClockAboveMax", "clocks.link_mhz", 100,
     "clocks.link_mhz: must not exceed link_max_mhz (90), got 100"},

    // Spad kind.
    {"SpadKindUnknown", "pe.ifmap_spad.kind", "flipflop",
     "pe.ifmap_spad.kind: must be \"sram\" or \"register\", got \"flipflop\""},

    // Energy.
    {"PicojoulesNegative", "energy.picojoules.glb", -9,
     "energy.picojoules.glb: must be non-negative, got -9"},
    {"NormalizedNegative", "energy.normalized.dram", -200,
     "energy.normalized.dram: must be non-negative, got -200"},
    {"IdlePowerNegative", "energy.idle_power_mw", -0.5,
     "energy.idle_power_mw: must be non-negative, got -0.5"},
    {"NormalizedMACNotOne", "energy.normalized.mac", 2,
     "energy.normalized.mac: must be 1 (costs are normalized to one MAC), got "
     "2"},

    // Zero gating.
    {"PowerSavingAboveOne", "zero_gating.pe_power_saving_fraction", 1.5,
     "zero_gating.pe_power_saving_fraction: must be between 0 and 1, got 1.5"},
    {"PowerSavingNegative", "zero_gating.pe_power_saving_fraction", -0.1,
     "zero_gating.pe_power_saving_fraction: must be between 0 and 1, got "
     "-0.1"},
    {"ZeroBufferShorterThanIfmapSpad", "zero_gating.zero_buffer_bits", 11,
     "zero_gating.zero_buffer_bits: must equal pe.ifmap_spad.entries (12) "
     "when zero gating is enabled, got 11"},
    {"IfmapSpadLongerThanZeroBuffer", "pe.ifmap_spad.entries", 16,
     "zero_gating.zero_buffer_bits: must equal pe.ifmap_spad.entries (16) "
     "when zero gating is enabled, got 12"},

    // Name.
    {"NameEmpty", "name", "",
     "name: must be a non-empty name of letters, digits, '-', '_' and '.', "
     "got \"\""},
    {"NameWithSpace", "name", "my chip",
     "name: must be a non-empty name of letters, digits, '-', '_' and '.', "
     "got \"my chip\""},
};

class BadFieldTest : public testing::TestWithParam<BadField> {};

TEST_P(BadFieldTest, IsReportedAtItsPath) {
  const BadField &bad = GetParam();
  EXPECT_EQ(diagnoseWith(bad.path, bad.value), expected(bad.reasons));
}

INSTANTIATE_TEST_SUITE_P(ArchDescription, BadFieldTest,
                         testing::ValuesIn(kBadFields),
                         [](const testing::TestParamInfo<BadField> &info) {
                           return std::string(info.param.testName);
                         });

//===----------------------------------------------------------------------===//
// Rules over every field
//===----------------------------------------------------------------------===//

TEST(ArchDescriptionTest, EveryFieldIsRequired) {
  std::vector<std::string> fields, objects;
  collectFields(shippedV1(), "", fields, objects);
  for (const std::string &path : fields) {
    SCOPED_TRACE(path);
    EXPECT_EQ(diagnoseWithout(path),
              expected(path + ": missing required field"));
  }
}

TEST(ArchDescriptionTest, EveryFieldChecksItsJSONType) {
  std::vector<std::string> fields, objects;
  collectFields(shippedV1(), "", fields, objects);
  for (const std::string &path : fields) {
    SCOPED_TRACE(path);
    // No field of the format is an array.
    std::string message = diagnoseWith(path, json::Array{});
    EXPECT_TRUE(StringRef(message).starts_with(expected(path + ": expected ")))
        << message;
    EXPECT_TRUE(StringRef(message).ends_with(", got an array")) << message;
    EXPECT_FALSE(StringRef(message).contains('\n')) << message;
  }
}

TEST(ArchDescriptionTest, EveryObjectRejectsUnknownFields) {
  std::vector<std::string> fields, objects;
  collectFields(shippedV1(), "", fields, objects);
  objects.insert(objects.begin(), ""); // The top level too.
  for (const std::string &object : objects) {
    SCOPED_TRACE(object);
    std::string path = object.empty() ? "bogus" : object + ".bogus";
    EXPECT_EQ(diagnoseWith(path, 1),
              expected(path + ": unknown field 'bogus'"));
  }
}

//===----------------------------------------------------------------------===//
// Unknown fields, malformed files, several errors
//===----------------------------------------------------------------------===//

TEST(ArchDescriptionTest, MisspeltFieldSuggestsTheIntendedOne) {
  // Moved out before inserting: insertion may move the object's entries.
  json::Object file = shippedV1();
  json::Value peArray = std::move(file["pe_array"]);
  file.erase("pe_array");
  file["pe_aray"] = std::move(peArray);
  EXPECT_EQ(diagnose(std::move(file)),
            expected("pe_array: missing required field\n"
                     "pe_aray: unknown field 'pe_aray'; did you mean "
                     "'pe_array'?"));

  json::Object nested = shippedV1();
  json::Object &spad = *nested.getObject("pe")->getObject("filter_spad");
  json::Value entries = std::move(spad["entries"]);
  spad.erase("entries");
  spad["entires"] = std::move(entries);
  EXPECT_EQ(diagnose(std::move(nested)),
            expected("pe.filter_spad.entries: missing required field\n"
                     "pe.filter_spad.entires: unknown field 'entires'; did "
                     "you mean 'entries'?"));
}

TEST(ArchDescriptionTest, NoGuessWhenTheIntendedFieldIsPresent) {
  EXPECT_EQ(diagnoseWith("pe_aray", json::Object{}),
            expected("pe_aray: unknown field 'pe_aray'"));
}

TEST(ArchDescriptionTest, MalformedJSONGivesLineAndColumn) {
  // Line 3, column 3 is the 'o' the parser stops at.
  std::string message = diagnose("{\n  \"format_version\": 1,\n  oops\n}\n");
  EXPECT_TRUE(StringRef(message).starts_with("test.json:3:3: ")) << message;

  message = diagnose("");
  EXPECT_TRUE(StringRef(message).starts_with("test.json:1:1: ")) << message;

  // A shipped file cut short ends in the middle of the last object.
  StringRef text = shippedText("eyeriss-v1").rtrim();
  message = diagnose(text.drop_back());
  std::string lastLine = std::to_string(text.count('\n') + 1);
  EXPECT_TRUE(StringRef(message).starts_with("test.json:" + lastLine + ":"))
      << message;
}

TEST(ArchDescriptionTest, TopLevelMustBeAnObject) {
  EXPECT_EQ(diagnose("[1, 2]"),
            expected("(root): expected an object, got an array"));
}

TEST(ArchDescriptionTest, OtherFormatVersionIsNotReadFurther) {
  // A version 2 file may legitimately lack version 1 fields: only the
  // version is reported.
  json::Object file = shippedV1();
  file["format_version"] = 2;
  file.erase("pe_array");
  EXPECT_EQ(diagnose(std::move(file)),
            expected("format_version: unsupported version 2; this build "
                     "reads version 1"));
}

TEST(ArchDescriptionTest, ReportsEveryProblemAtOnce) {
  json::Object file = shippedV1();
  (*file.getObject("pe_array"))["rows"] = 0;
  (*file.getObject("dram"))["fifo_depth"] = "deep";
  EXPECT_EQ(diagnose(std::move(file)),
            expected("pe_array.rows: must be a positive integer, got 0\n"
                     "dram.fifo_depth: expected an integer, got \"deep\""));
}

TEST(ArchDescriptionTest, RulesBetweenFieldsWaitForValidFields) {
  // A missing data_bits is reported once, not again by every width rule.
  EXPECT_EQ(diagnoseWithout("arithmetic.data_bits"),
            expected("arithmetic.data_bits: missing required field"));
}

//===----------------------------------------------------------------------===//
// Valid edge cases
//===----------------------------------------------------------------------===//

TEST(ArchDescriptionTest, AcceptsBoundaryValues) {
  // 15 rows and 15 columns leave the 16th 4-bit ID for unused PEs.
  EXPECT_EQ(diagnoseWith("pe_array.rows", 15), "");
  EXPECT_EQ(diagnoseWith("pe_array.cols", 15), "");
  // Clocks at the ends of their ranges.
  EXPECT_EQ(diagnoseWith("clocks.core_mhz", 250), "");
  EXPECT_EQ(diagnoseWith("clocks.link_mhz", 90), "");
  // Without zero gating the zero buffer is not tied to the ifmap spad.
  json::Object file = shippedV1();
  json::Object &gating = *file.getObject("zero_gating");
  gating["enabled"] = false;
  gating["zero_buffer_bits"] = 0;
  EXPECT_EQ(diagnose(std::move(file)), "");
}

TEST(ArchDescriptionTest, AcceptsIntegralNumbersWrittenWithAPoint) {
  std::string text = shippedText("eyeriss-v1").str();
  size_t at = text.find("\"rows\": 12,");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, strlen("\"rows\": 12,"), "\"rows\": 12.0,");
  Expected<ArchDescription> arch = parseArchDescription(text, kBufferName);
  ASSERT_TRUE(bool(arch)) << toString(arch.takeError());
  EXPECT_EQ(arch->peArray.rows, 12);
}

//===----------------------------------------------------------------------===//
// Shipped files and printing
//===----------------------------------------------------------------------===//

TEST(ArchDescriptionTest, BuiltinsAreSortedAndNamedAfterTheirFiles) {
  ArrayRef<BuiltinArch> builtins = getBuiltinArchs();
  ASSERT_FALSE(builtins.empty());
  for (size_t i = 1; i < builtins.size(); ++i)
    EXPECT_LT(builtins[i - 1].name, builtins[i].name);
  for (const BuiltinArch &builtin : builtins) {
    SCOPED_TRACE(builtin.name.str());
    Expected<ArchDescription> arch = loadArchDescription(builtin.name);
    ASSERT_TRUE(bool(arch)) << toString(arch.takeError());
    EXPECT_EQ(arch->name, builtin.name);
    std::optional<StringRef> text = lookupBuiltinArch(builtin.name);
    ASSERT_TRUE(text.has_value());
    EXPECT_EQ(*text, builtin.json);
  }
  EXPECT_TRUE(lookupBuiltinArch(kDefaultArchName).has_value());
  EXPECT_TRUE(lookupBuiltinArch("eyeriss-isca16-256pe").has_value());
  EXPECT_FALSE(lookupBuiltinArch("eyeriss-v2").has_value());
  EXPECT_FALSE(lookupBuiltinArch("").has_value());
}

TEST(ArchDescriptionTest, PrintedDescriptionsReadBack) {
  for (const BuiltinArch &builtin : getBuiltinArchs()) {
    SCOPED_TRACE(builtin.name.str());
    Expected<ArchDescription> arch =
        parseArchDescription(builtin.json, builtin.name);
    ASSERT_TRUE(bool(arch)) << toString(arch.takeError());
    std::string printed = printArchDescription(*arch);
    Expected<ArchDescription> reread = parseArchDescription(printed, "printed");
    ASSERT_TRUE(bool(reread)) << toString(reread.takeError()) << "\n"
                              << printed;
    // Every field is printed, so equal prints mean equal descriptions.
    EXPECT_EQ(printArchDescription(*reread), printed);
    // Shipped files are kept in printed form, so a description printed from
    // a tool can be diffed against them.
    EXPECT_EQ(printed, builtin.json);
  }
}

TEST(ArchDescriptionTest, PrintsNumbersShortest) {
  Expected<ArchDescription> arch = loadArchDescription("eyeriss-v1");
  ASSERT_TRUE(bool(arch)) << toString(arch.takeError());
  std::string printed = printArchDescription(*arch);
  EXPECT_NE(printed.find("\"pe_power_saving_fraction\": 0.45\n"),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find("\"core_mhz\": 200,"), std::string::npos) << printed;
}

TEST(ArchDescriptionTest, EyerissV1HasThePublishedParameters) {
  // JSSC 2017, as summarized in docs/ArchitectureFile.md.
  Expected<ArchDescription> arch = loadArchDescription("eyeriss-v1");
  ASSERT_TRUE(bool(arch)) << toString(arch.takeError());
  EXPECT_EQ(arch->peArray.rows, 12);
  EXPECT_EQ(arch->peArray.cols, 14);
  EXPECT_EQ(arch->pe.pipelineStages, 3);
  EXPECT_EQ(arch->pe.filterSpad.entries, 224);
  EXPECT_EQ(arch->pe.filterSpad.kind, "sram");
  EXPECT_EQ(arch->pe.ifmapSpad.entries, 12);
  EXPECT_EQ(arch->pe.ifmapSpad.kind, "register");
  EXPECT_EQ(arch->pe.psumSpad.entries, 24);
  EXPECT_EQ(arch->glb.fmap.bytes(), 100 * 1024);
  EXPECT_EQ(arch->glb.filter.bytes(), 8 * 1024);
  EXPECT_EQ(arch->noc.ginFilter.widthBits, 64);
  EXPECT_EQ(arch->noc.ginIfmap.widthBits, 16);
  EXPECT_EQ(arch->noc.ginPsum.widthBits, 64);
  EXPECT_EQ(arch->noc.gon.widthBits, 64);
  EXPECT_EQ(arch->noc.localPsum.widthBits, 64);
  EXPECT_EQ(arch->noc.ginIfmap.rowIdBits, 4);
  EXPECT_EQ(arch->noc.ginIfmap.colIdBits, 5);
  EXPECT_EQ(arch->noc.ginFilter.colIdBits, 4);
  EXPECT_EQ(arch->noc.ginPsum.colIdBits, 4);
  EXPECT_EQ(arch->clocks.coreMHz, 200);
  EXPECT_EQ(arch->clocks.linkMHz, 60);
  EXPECT_EQ(arch->clocks.linkMaxMHz, 90);
  EXPECT_EQ(arch->dram.busBits, 64);
  EXPECT_TRUE(arch->rlc.enabled);
  EXPECT_EQ(arch->rlc.pairsPerWord, 3);
  EXPECT_EQ(arch->rlc.runBits, 5);
  EXPECT_FALSE(arch->rlc.compressFirstLayerInput);
  EXPECT_FALSE(arch->rlc.compressFilters);
  EXPECT_EQ(arch->zeroGating.pePowerSavingFraction, 0.45);
  EXPECT_EQ(arch->config.scanChainBits, 1794);
  EXPECT_EQ(arch->energy.normalized.dram, 200);
  EXPECT_EQ(arch->energy.normalized.glb, 6);
  EXPECT_EQ(arch->energy.normalized.array, 2);
  EXPECT_EQ(arch->energy.normalized.spad, 1);
}

TEST(ArchDescriptionTest, ISCA16HasTheComparisonSetUp) {
  // ISCA 2016: 256 PEs, 512 B of RF per PE, a 128 kB GLB in total.
  Expected<ArchDescription> arch = loadArchDescription("eyeriss-isca16-256pe");
  ASSERT_TRUE(bool(arch)) << toString(arch.takeError());
  EXPECT_EQ(arch->peArray.rows * arch->peArray.cols, 256);
  EXPECT_EQ(arch->glb.fmap.bytes() + arch->glb.filter.bytes(), 128 * 1024);
  // The chip's spad split, 520 B: within 2% of ISCA's 512 B.
  const PEDesc &pe = arch->pe;
  int64_t rfBits = pe.filterSpad.entries * pe.filterSpad.wordBits +
                   pe.ifmapSpad.entries * pe.ifmapSpad.wordBits +
                   pe.psumSpad.entries * pe.psumSpad.wordBits;
  EXPECT_EQ(rfBits / 8, 520);
  // The ISCA model counts dense, uncompressed accesses and nothing else.
  EXPECT_FALSE(arch->rlc.enabled);
  EXPECT_FALSE(arch->zeroGating.enabled);
  EXPECT_EQ(arch->energy.idlePowerMW, 0);
}

//===----------------------------------------------------------------------===//
// Files on disk and name resolution
//===----------------------------------------------------------------------===//

/// A temporary file holding `text`, removed when the test ends.
class TempArchFile {
public:
  explicit TempArchFile(StringRef text) {
    int fd;
    std::error_code ec =
        sys::fs::createTemporaryFile("eyeriss-arch", "json", fd, path);
    EXPECT_FALSE(ec) << ec.message();
    raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << text;
    remover.setFile(path);
  }
  StringRef getPath() const { return path; }

private:
  SmallString<128> path;
  FileRemover remover;
};

TEST(ArchDescriptionTest, LoadsAFileOnDisk) {
  json::Object file = shippedV1();
  file["name"] = "my-variant";
  (*file.getObject("pe_array"))["cols"] = 7;
  TempArchFile temp(formatv("{0:2}", json::Value(std::move(file))).str());

  Expected<ArchDescription> arch = loadArchDescriptionFile(temp.getPath());
  ASSERT_TRUE(bool(arch)) << toString(arch.takeError());
  EXPECT_EQ(arch->name, "my-variant");
  EXPECT_EQ(arch->peArray.cols, 7);

  // A path that is no builtin name is read as a file.
  Expected<ArchDescription> viaName = loadArchDescription(temp.getPath());
  ASSERT_TRUE(bool(viaName)) << toString(viaName.takeError());
  EXPECT_EQ(viaName->name, "my-variant");
}

TEST(ArchDescriptionTest, FileErrorsNameTheFile) {
  json::Object file = shippedV1();
  (*file.getObject("pe_array"))["rows"] = 0;
  TempArchFile temp(formatv("{0:2}", json::Value(std::move(file))).str());
  Expected<ArchDescription> arch = loadArchDescription(temp.getPath());
  ASSERT_FALSE(bool(arch));
  EXPECT_EQ(toString(arch.takeError()),
            (temp.getPath() + ": pe_array.rows: must be a positive integer, "
                              "got 0")
                .str());
}

TEST(ArchDescriptionTest, MissingFileGivesTheSystemError) {
  SmallString<128> path;
  {
    TempArchFile temp("");
    path = temp.getPath();
  } // Removed here, so `path` names no file.
  Expected<ArchDescription> arch = loadArchDescriptionFile(path);
  ASSERT_FALSE(bool(arch));
  std::string reason =
      std::make_error_code(std::errc::no_such_file_or_directory).message();
  EXPECT_EQ(toString(arch.takeError()),
            (StringRef(path) + ": " + reason).str());
}

TEST(ArchDescriptionTest, UnknownNameListsTheBuiltins) {
  Expected<ArchDescription> arch = loadArchDescription("eyeriss-v9");
  ASSERT_FALSE(bool(arch));
  std::string names =
      join(map_range(getBuiltinArchs(),
                     [](const BuiltinArch &builtin) { return builtin.name; }),
           ", ");
  EXPECT_EQ(toString(arch.takeError()),
            "eyeriss-v9: neither a builtin architecture (" + names +
                ") nor an existing file");
}

} // namespace
