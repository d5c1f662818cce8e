//===- ArchDescription.cpp - Read, check and print architecture files ----===//
//
// The file format is written down once, in visitArchFields: it walks every
// field in file order and hands each to a visitor that either reads it
// (FieldReader) or writes it (FieldPrinter). Keeping one schema for both
// directions is what makes printed descriptions read back.
//
// Reading has two phases. FieldReader checks every field on its own: present,
// of the right JSON type, in range, and no field the format lacks. Then
// checkConsistency checks the rules that tie fields together (a GIN's IDs
// must address every PE row, an RLC word must hold its pairs, ...). The second
// phase runs only on a file that passed the first, so that one missing or
// mistyped field is reported once rather than again as every rule it breaks.
//
//===----------------------------------------------------------------------===//

#include "eyeriss/Arch/ArchDescription.h"

#include "eyeriss/Arch/BuiltinArchs.h"
#include "eyeriss/Codec/RLC.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace eyeriss;
using namespace llvm;

static constexpr StringLiteral kFormatVersionKey = "format_version";

/// Field paths in messages are relative to the top-level object; this names
/// the object itself.
static constexpr StringLiteral kRootPath = "(root)";

//===----------------------------------------------------------------------===//
// Field ranges and the schema
//===----------------------------------------------------------------------===//

namespace {

/// Inclusive bounds of an integer field.
struct IntRange {
  int64_t min;
  int64_t max;
};

/// Bounds of a floating-point field.
enum class NumberRange { Positive, NonNegative, Fraction };

} // namespace

/// Sizes are capped so that products of a few of them (a GLB region's bits are
/// banks x words x bits) stay far from int64_t overflow. 2^20 rows, entries or
/// bits is well beyond any plausible design.
static constexpr int64_t kMaxSize = int64_t(1) << 20;
static constexpr IntRange kPositive{1, kMaxSize};
static constexpr IntRange kNonNegative{0, kMaxSize};
/// Widths of ID and run fields: 2^bits must fit in int64_t.
static constexpr IntRange kFieldBits{1, 30};

static constexpr StringLiteral kSpadKinds[] = {"sram", "register"};

template <typename Visitor, typename Spad>
static void visitSpad(Visitor &v, StringLiteral key, Spad &spad) {
  v.object(key, [&] {
    v.integer("entries", spad.entries, kPositive);
    v.integer("word_bits", spad.wordBits, kPositive);
    v.choice("kind", spad.kind, kSpadKinds);
  });
}

template <typename Visitor, typename Region>
static void visitGLBRegion(Visitor &v, StringLiteral key, Region &region) {
  v.object(key, [&] {
    v.integer("banks", region.banks, kPositive);
    v.integer("words_per_bank", region.wordsPerBank, kPositive);
    v.integer("word_bits", region.wordBits, kPositive);
  });
}

/// A GIN: its values carry (row, col) tags.
template <typename Visitor, typename Network>
static void visitTaggedNetwork(Visitor &v, StringLiteral key, Network &net) {
  v.object(key, [&] {
    v.integer("width_bits", net.widthBits, kPositive);
    v.integer("row_id_bits", net.rowIdBits, kFieldBits);
    v.integer("col_id_bits", net.colIdBits, kFieldBits);
  });
}

/// The GON and the local psum links carry no tags, so their ID widths stay 0
/// and are not in the file.
template <typename Visitor, typename Network>
static void visitUntaggedNetwork(Visitor &v, StringLiteral key, Network &net) {
  v.object(key, [&] { v.integer("width_bits", net.widthBits, kPositive); });
}

template <typename Visitor, typename Costs>
static void visitEnergyCosts(Visitor &v, StringLiteral key, Costs &costs) {
  v.object(key, [&] {
    v.number("mac", costs.mac, NumberRange::NonNegative);
    v.number("spad", costs.spad, NumberRange::NonNegative);
    v.number("array", costs.array, NumberRange::NonNegative);
    v.number("glb", costs.glb, NumberRange::NonNegative);
    v.number("dram", costs.dram, NumberRange::NonNegative);
  });
}

/// Every field of the format except format_version, in file order. `Arch` is
/// ArchDescription for reading and const ArchDescription for printing.
template <typename Visitor, typename Arch>
static void visitArchFields(Visitor &v, Arch &arch) {
  v.string("name", arch.name);
  v.string("description", arch.description);
  v.object("source", [&] {
    v.string("citation", arch.source.citation);
    v.string("notes", arch.source.notes);
  });
  v.object("pe_array", [&] {
    v.integer("rows", arch.peArray.rows, kPositive);
    v.integer("cols", arch.peArray.cols, kPositive);
  });
  v.object("pe", [&] {
    v.integer("pipeline_stages", arch.pe.pipelineStages, kPositive);
    v.integer("io_fifo_depth", arch.pe.ioFifoDepth, kPositive);
    visitSpad(v, "filter_spad", arch.pe.filterSpad);
    visitSpad(v, "ifmap_spad", arch.pe.ifmapSpad);
    visitSpad(v, "psum_spad", arch.pe.psumSpad);
  });
  v.object("glb", [&] {
    visitGLBRegion(v, "ifmap_psum", arch.glb.fmap);
    visitGLBRegion(v, "filter", arch.glb.filter);
  });
  v.object("noc", [&] {
    visitTaggedNetwork(v, "gin_filter", arch.noc.ginFilter);
    visitTaggedNetwork(v, "gin_ifmap", arch.noc.ginIfmap);
    visitTaggedNetwork(v, "gin_psum", arch.noc.ginPsum);
    visitUntaggedNetwork(v, "gon", arch.noc.gon);
    visitUntaggedNetwork(v, "local_psum", arch.noc.localPsum);
  });
  v.object("clocks", [&] {
    v.number("core_mhz", arch.clocks.coreMHz, NumberRange::Positive);
    v.number("core_min_mhz", arch.clocks.coreMinMHz, NumberRange::Positive);
    v.number("core_max_mhz", arch.clocks.coreMaxMHz, NumberRange::Positive);
    v.number("link_mhz", arch.clocks.linkMHz, NumberRange::Positive);
    v.number("link_max_mhz", arch.clocks.linkMaxMHz, NumberRange::Positive);
  });
  v.object("dram", [&] {
    v.integer("bus_bits", arch.dram.busBits, kPositive);
    v.boolean("bidirectional", arch.dram.bidirectional);
    v.integer("fifo_depth", arch.dram.fifoDepth, kPositive);
  });
  v.object("rlc", [&] {
    v.boolean("enabled", arch.rlc.enabled);
    v.integer("word_bits", arch.rlc.wordBits, kPositive);
    v.integer("pairs_per_word", arch.rlc.pairsPerWord, kPositive);
    v.integer("run_bits", arch.rlc.runBits, kFieldBits);
    v.integer("level_bits", arch.rlc.levelBits, kPositive);
    v.integer("last_flag_bits", arch.rlc.lastFlagBits, kNonNegative);
    v.boolean("compress_first_layer_input", arch.rlc.compressFirstLayerInput);
    v.boolean("compress_filters", arch.rlc.compressFilters);
  });
  v.object("arithmetic", [&] {
    v.integer("data_bits", arch.arithmetic.dataBits, kPositive);
    v.integer("product_bits", arch.arithmetic.productBits, kPositive);
  });
  v.object("zero_gating", [&] {
    v.boolean("enabled", arch.zeroGating.enabled);
    v.integer("zero_buffer_bits", arch.zeroGating.zeroBufferBits, kNonNegative);
    v.number("pe_power_saving_fraction", arch.zeroGating.pePowerSavingFraction,
             NumberRange::Fraction);
  });
  v.object("config", [&] {
    v.integer("scan_chain_bits", arch.config.scanChainBits, kPositive);
    v.number("load_time_us", arch.config.loadTimeUs, NumberRange::NonNegative);
  });
  v.object("energy", [&] {
    visitEnergyCosts(v, "normalized", arch.energy.normalized);
    visitEnergyCosts(v, "picojoules", arch.energy.picojoules);
    v.number("idle_power_mw", arch.energy.idlePowerMW,
             NumberRange::NonNegative);
  });
}

//===----------------------------------------------------------------------===//
// Formatting helpers
//===----------------------------------------------------------------------===//

/// Formats `value` with the fewest significant digits that read back as the
/// same double, so files and messages show 0.45 where json::Value would print
/// 0.45000000000000001. Integral values print without exponent or point.
static std::string formatNumber(double value) {
  assert(std::isfinite(value) && "JSON numbers are finite");
  double integral;
  if (std::modf(value, &integral) == 0.0 && std::abs(value) < 0x1p53)
    return std::to_string(static_cast<int64_t>(value));
  constexpr int kMaxDigits = 17; // Enough for any double to round-trip.
  char text[32];
  for (int digits = 1;; ++digits) {
    std::snprintf(text, sizeof(text), "%.*g", digits, value);
    double parsed;
    if (digits == kMaxDigits || (to_float(text, parsed) && parsed == value))
      return text;
  }
}

/// Shows a JSON value in a message: scalars as written, containers by kind
/// (printing a whole object would bury the message).
static std::string describe(const json::Value &value) {
  switch (value.kind()) {
  case json::Value::Object:
    return "an object";
  case json::Value::Array:
    return "an array";
  case json::Value::Number:
    return formatNumber(*value.getAsNumber());
  default:
    return formatv("{0}", value).str();
  }
}

static std::string joinPath(StringRef parent, StringRef key) {
  return parent.empty() ? key.str() : (parent + "." + key).str();
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

namespace {

/// Collects every problem found in one file, as `<bufferName>: <path>:
/// <reason>`, so that someone editing a file sees all of them in one run.
class Diagnostics {
public:
  explicit Diagnostics(StringRef bufferName) : bufferName(bufferName) {}

  void report(const Twine &path, const Twine &reason) {
    messages.push_back((bufferName + ": " + path + ": " + reason).str());
  }

  bool hasErrors() const { return !messages.empty(); }

  /// One error per problem, joined: toString() lists them one per line.
  Error takeError() {
    Error all = Error::success();
    for (std::string &message : messages)
      all = joinErrors(std::move(all), createStringError(message));
    messages.clear();
    return all;
  }

private:
  StringRef bufferName;
  std::vector<std::string> messages;
};

/// Reads fields named by visitArchFields out of a parsed file, checking each
/// on its own. Each object is also checked for fields the format does not
/// have: a misspelt field would otherwise be reported only as missing, and a
/// misspelt optional-looking one not at all.
class FieldReader {
public:
  FieldReader(const json::Object &root, Diagnostics &diag) : diag(diag) {
    scopes.push_back({&root, "", {}});
  }

  void object(StringLiteral key, function_ref<void()> readFields) {
    const json::Value *value = lookup(key);
    if (!value)
      return;
    const json::Object *object = value->getAsObject();
    if (!object)
      return mistyped(key, "an object", *value);
    scopes.push_back({object, pathOf(key), {}});
    readFields();
    reportUnknownFields();
    scopes.pop_back();
  }

  void integer(StringLiteral key, int64_t &out, IntRange range) {
    const json::Value *value = lookup(key);
    if (!value)
      return;
    // Like json::fromJSON, this takes 12.0 as 12 but rejects 12.5 and "12".
    std::optional<int64_t> integer = value->getAsInteger();
    if (!integer)
      return mistyped(key, "an integer", *value);
    if (*integer < range.min) {
      if (range.min == 1)
        return report(key,
                      formatv("must be a positive integer, got {0}", *integer));
      if (range.min == 0)
        return report(
            key, formatv("must be a non-negative integer, got {0}", *integer));
      return report(
          key, formatv("must be at least {0}, got {1}", range.min, *integer));
    }
    if (*integer > range.max)
      return report(
          key, formatv("must be at most {0}, got {1}", range.max, *integer));
    out = *integer;
  }

  void number(StringLiteral key, double &out, NumberRange range) {
    const json::Value *value = lookup(key);
    if (!value)
      return;
    std::optional<double> number = value->getAsNumber();
    if (!number)
      return mistyped(key, "a number", *value);
    std::string shown = formatNumber(*number);
    switch (range) {
    case NumberRange::Positive:
      if (*number <= 0)
        return report(key, "must be positive, got " + shown);
      break;
    case NumberRange::NonNegative:
      if (*number < 0)
        return report(key, "must be non-negative, got " + shown);
      break;
    case NumberRange::Fraction:
      if (*number < 0 || *number > 1)
        return report(key, "must be between 0 and 1, got " + shown);
      break;
    }
    out = *number;
  }

  void boolean(StringLiteral key, bool &out) {
    const json::Value *value = lookup(key);
    if (!value)
      return;
    std::optional<bool> boolean = value->getAsBoolean();
    if (!boolean)
      return mistyped(key, "a boolean", *value);
    out = *boolean;
  }

  void string(StringLiteral key, std::string &out) {
    if (std::optional<StringRef> text = lookupString(key))
      out = text->str();
  }

  void choice(StringLiteral key, std::string &out,
              ArrayRef<StringLiteral> choices) {
    std::optional<StringRef> text = lookupString(key);
    if (!text)
      return;
    if (!is_contained(choices, *text)) {
      std::string allowed =
          join(map_range(choices,
                         [](StringRef choice) {
                           return ("\"" + choice + "\"").str();
                         }),
               " or ");
      return report(key, formatv("must be {0}, got \"{1}\"", allowed, *text));
    }
    out = text->str();
  }

  /// Reports fields of the current object that no visitor call asked for.
  /// Keys are visited sorted so that messages come out in a stable order.
  void reportUnknownFields() {
    const Scope &scope = scopes.back();
    for (const json::Object::value_type *field :
         json::sortedElements(*scope.object)) {
      StringRef key = field->first;
      if (is_contained(scope.known, key))
        continue;
      std::string reason = ("unknown field '" + key + "'").str();
      if (std::optional<StringRef> guess = guessIntended(key))
        reason += ("; did you mean '" + *guess + "'?").str();
      diag.report(pathOf(key), reason);
    }
  }

private:
  struct Scope {
    const json::Object *object;
    std::string path;
    /// Keys the format has at this level (those asked for so far).
    SmallVector<StringLiteral, 8> known;
  };

  std::string pathOf(StringRef key) const {
    return joinPath(scopes.back().path, key);
  }

  void report(StringRef key, const Twine &reason) {
    diag.report(pathOf(key), reason);
  }

  void mistyped(StringRef key, StringRef expected, const json::Value &value) {
    report(key, "expected " + expected + ", got " + describe(value));
  }

  const json::Value *lookup(StringLiteral key) {
    Scope &scope = scopes.back();
    scope.known.push_back(key);
    const json::Value *value = scope.object->get(key);
    if (!value)
      report(key, "missing required field");
    return value;
  }

  std::optional<StringRef> lookupString(StringLiteral key) {
    const json::Value *value = lookup(key);
    if (!value)
      return std::nullopt;
    std::optional<StringRef> text = value->getAsString();
    if (!text)
      mistyped(key, "a string", *value);
    return text;
  }

  /// The field an unknown key was probably meant to be: the closest known
  /// field, by a couple of edits at most, that the object lacks.
  std::optional<StringRef> guessIntended(StringRef key) const {
    constexpr unsigned kMaxTypoEdits = 2;
    const Scope &scope = scopes.back();
    std::optional<StringRef> best;
    unsigned bestEdits = kMaxTypoEdits + 1;
    for (StringRef candidate : scope.known) {
      if (scope.object->get(candidate))
        continue;
      unsigned edits = key.edit_distance(candidate, /*AllowReplacements=*/true,
                                         /*MaxEditDistance=*/bestEdits);
      if (edits < bestEdits) {
        best = candidate;
        bestEdits = edits;
      }
    }
    return best;
  }

  Diagnostics &diag;
  SmallVector<Scope, 4> scopes;
};

} // namespace

//===----------------------------------------------------------------------===//
// Rules between fields
//===----------------------------------------------------------------------===//

/// The name selects the architecture on command lines (`--arch=<name>`) and
/// is used in file names, so it is kept to characters safe in both.
static bool isValidName(StringRef name) {
  return !name.empty() && all_of(name, [](char c) {
    return isAlnum(c) || c == '-' || c == '_' || c == '.';
  });
}

/// Checks that a GIN's tags can address `count` rows (or columns) of PEs.
/// One ID value is kept free: it is given to unused PEs so that they never
/// match a tag (JSSC §V-B), hence at most 2^bits - 1 rows.
static void checkAddressable(Diagnostics &diag, StringRef idPath,
                             int64_t idBits, StringRef what,
                             StringRef countPath, int64_t count) {
  int64_t ids = int64_t(1) << idBits;
  if (count > ids - 1)
    diag.report(idPath,
                formatv("{0} bits address at most {1} {2} (one of the {3} IDs "
                        "is kept for unused PEs), but {4} is {5}",
                        idBits, ids - 1, what, ids, countPath, count));
}

static void checkConsistency(const ArchDescription &arch, Diagnostics &diag) {
  if (!isValidName(arch.name))
    diag.report("name", formatv("must be a non-empty name of letters, digits, "
                                "'-', '_' and '.', got \"{0}\"",
                                arch.name));

  // Storage and the DRAM bus hold whole data words.
  int64_t dataBits = arch.arithmetic.dataBits;
  auto checkWholeWords = [&](StringRef path, int64_t bits) {
    if (bits % dataBits != 0)
      diag.report(path,
                  formatv("must be a multiple of arithmetic.data_bits ({0}), "
                          "got {1}",
                          dataBits, bits));
  };
  checkWholeWords("pe.filter_spad.word_bits", arch.pe.filterSpad.wordBits);
  checkWholeWords("pe.ifmap_spad.word_bits", arch.pe.ifmapSpad.wordBits);
  checkWholeWords("pe.psum_spad.word_bits", arch.pe.psumSpad.wordBits);
  checkWholeWords("glb.ifmap_psum.word_bits", arch.glb.fmap.wordBits);
  checkWholeWords("glb.filter.word_bits", arch.glb.filter.wordBits);
  checkWholeWords("dram.bus_bits", arch.dram.busBits);

  // A network narrower than a data word could not move an operand per cycle.
  struct NamedNetwork {
    StringLiteral path;
    const NetworkDesc &desc;
  };
  const NamedNetwork gins[] = {{"noc.gin_filter", arch.noc.ginFilter},
                               {"noc.gin_ifmap", arch.noc.ginIfmap},
                               {"noc.gin_psum", arch.noc.ginPsum}};
  const NamedNetwork untagged[] = {{"noc.gon", arch.noc.gon},
                                   {"noc.local_psum", arch.noc.localPsum}};
  for (const NamedNetwork &net : concat<const NamedNetwork>(gins, untagged))
    if (net.desc.widthBits < dataBits)
      diag.report(net.path + ".width_bits",
                  formatv("must be at least arithmetic.data_bits ({0}), got "
                          "{1}",
                          dataBits, net.desc.widthBits));

  for (const NamedNetwork &gin : gins) {
    checkAddressable(diag, (gin.path + ".row_id_bits").str(),
                     gin.desc.rowIdBits, "rows", "pe_array.rows",
                     arch.peArray.rows);
    checkAddressable(diag, (gin.path + ".col_id_bits").str(),
                     gin.desc.colIdBits, "columns", "pe_array.cols",
                     arch.peArray.cols);
  }

  // The product of two n-bit operands has 2n bits; the datapath keeps a
  // window of it at least one operand wide.
  int64_t productBits = arch.arithmetic.productBits;
  if (productBits < dataBits || productBits > 2 * dataBits)
    diag.report("arithmetic.product_bits",
                formatv("must be between arithmetic.data_bits ({0}) and twice "
                        "it ({1}), got {2}",
                        dataBits, 2 * dataBits, productBits));

  // RLC: each level is one data word stored verbatim, and a word must hold
  // its pairs and the last-word flag.
  const RLCDesc &rlc = arch.rlc;
  int64_t rlcBits =
      rlc.pairsPerWord * (rlc.runBits + rlc.levelBits) + rlc.lastFlagBits;
  if (rlcBits > rlc.wordBits)
    diag.report("rlc.word_bits",
                formatv("must be at least pairs_per_word * (run_bits + "
                        "level_bits) + last_flag_bits = {0} * ({1} + {2}) + "
                        "{3} = {4}, got {5}",
                        rlc.pairsPerWord, rlc.runBits, rlc.levelBits,
                        rlc.lastFlagBits, rlcBits, rlc.wordBits));
  if (rlc.levelBits != dataBits)
    diag.report("rlc.level_bits",
                formatv("must equal arithmetic.data_bits ({0}), got {1}",
                        dataBits, rlc.levelBits));
  // The codec shared with the simulator has its own limits (a 64-b word at
  // most, a one-bit last flag, 16-b levels): a format it cannot run is
  // refused here, not when a cost model or the simulator first uses it.
  if (rlc.enabled && rlcBits <= rlc.wordBits && rlc.levelBits == dataBits) {
    rlc::Params params;
    params.wordBits = rlc.wordBits;
    params.pairsPerWord = rlc.pairsPerWord;
    params.runBits = rlc.runBits;
    params.levelBits = rlc.levelBits;
    params.lastFlagBits = rlc.lastFlagBits;
    if (llvm::Error err = params.verify())
      diag.report("rlc", toString(std::move(err)));
  }

  // The defaults must be operating points the chip supports.
  const ClockDesc &clocks = arch.clocks;
  if (clocks.coreMinMHz > clocks.coreMaxMHz)
    diag.report("clocks.core_min_mhz",
                formatv("must not exceed core_max_mhz ({0}), got {1}",
                        formatNumber(clocks.coreMaxMHz),
                        formatNumber(clocks.coreMinMHz)));
  else if (clocks.coreMHz < clocks.coreMinMHz ||
           clocks.coreMHz > clocks.coreMaxMHz)
    diag.report("clocks.core_mhz",
                formatv("must be within [core_min_mhz, core_max_mhz] = [{0}, "
                        "{1}], got {2}",
                        formatNumber(clocks.coreMinMHz),
                        formatNumber(clocks.coreMaxMHz),
                        formatNumber(clocks.coreMHz)));
  if (clocks.linkMHz > clocks.linkMaxMHz)
    diag.report("clocks.link_mhz",
                formatv("must not exceed link_max_mhz ({0}), got {1}",
                        formatNumber(clocks.linkMaxMHz),
                        formatNumber(clocks.linkMHz)));

  // The zero buffer keeps one flag per ifmap spad entry.
  const ZeroGatingDesc &gating = arch.zeroGating;
  if (gating.enabled && gating.zeroBufferBits != arch.pe.ifmapSpad.entries)
    diag.report("zero_gating.zero_buffer_bits",
                formatv("must equal pe.ifmap_spad.entries ({0}) when zero "
                        "gating is enabled, got {1}",
                        arch.pe.ifmapSpad.entries, gating.zeroBufferBits));

  // ISCA 2016 normalizes every cost to one MAC.
  if (arch.energy.normalized.mac != 1)
    diag.report("energy.normalized.mac",
                "must be 1 (costs are normalized to one MAC), got " +
                    formatNumber(arch.energy.normalized.mac));
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

namespace {

/// Writes the fields visitArchFields names, in its order. Ranges are the
/// reader's business and ignored here.
class FieldPrinter {
public:
  explicit FieldPrinter(json::OStream &out) : out(out) {}

  void object(StringLiteral key, function_ref<void()> printFields) {
    out.attributeObject(key, printFields);
  }
  void integer(StringLiteral key, int64_t value, IntRange) {
    out.attribute(key, value);
  }
  void number(StringLiteral key, double value, NumberRange) {
    out.attributeBegin(key);
    out.rawValue(formatNumber(value));
    out.attributeEnd();
  }
  void boolean(StringLiteral key, bool value) { out.attribute(key, value); }
  void string(StringLiteral key, const std::string &value) {
    out.attribute(key, value);
  }
  void choice(StringLiteral key, const std::string &value,
              ArrayRef<StringLiteral>) {
    out.attribute(key, value);
  }

private:
  json::OStream &out;
};

} // namespace

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// Turns a json::parse failure into `<bufferName>:<line>:<col>: <reason>`.
/// json::ParseError keeps the position private and shows it only through
/// log(), as "[line:col, byte=N]: reason", so it is read back from there;
/// should that text ever change, the message is kept whole. The parser
/// usually stops just past the character it rejects and counts columns from
/// 0, which makes its column the 1-based column of that character.
static Error malformedJSON(Error error, StringRef bufferName) {
  return handleErrors(
      std::move(error), [&](const json::ParseError &parseError) -> Error {
        std::string logged;
        raw_string_ostream os(logged);
        parseError.log(os);
        StringRef rest = logged;
        unsigned line, column;
        if (rest.consume_front("[") && !rest.consumeInteger(10, line) &&
            rest.consume_front(":") && !rest.consumeInteger(10, column)) {
          size_t reasonStart = rest.find("]: ");
          if (reasonStart != StringRef::npos)
            return createStringError(formatv("{0}:{1}:{2}: {3}", bufferName,
                                             line, std::max(column, 1u),
                                             rest.drop_front(reasonStart + 3)));
        }
        return createStringError(bufferName + ": " + logged);
      });
}

Expected<ArchDescription> eyeriss::parseArchDescription(StringRef json,
                                                        StringRef bufferName) {
  Expected<json::Value> value = json::parse(json);
  if (!value)
    return malformedJSON(value.takeError(), bufferName);

  Diagnostics diag(bufferName);
  const json::Object *root = value->getAsObject();
  if (!root) {
    diag.report(kRootPath, "expected an object, got " + describe(*value));
    return diag.takeError();
  }

  // The version says how to read everything else, so a file of another
  // version is not read any further.
  FieldReader reader(*root, diag);
  int64_t version = 0;
  reader.integer(kFormatVersionKey, version, kPositive);
  if (!diag.hasErrors() && version != kArchFormatVersion)
    diag.report(kFormatVersionKey,
                formatv("unsupported version {0}; this build reads version {1}",
                        version, kArchFormatVersion));
  if (diag.hasErrors())
    return diag.takeError();

  ArchDescription arch;
  visitArchFields(reader, arch);
  reader.reportUnknownFields();
  if (!diag.hasErrors())
    checkConsistency(arch, diag);
  if (diag.hasErrors())
    return diag.takeError();
  return arch;
}

Expected<ArchDescription> eyeriss::loadArchDescriptionFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(path, /*IsText=*/true);
  if (std::error_code ec = buffer.getError())
    return createStringError(ec, path + ": " + ec.message());
  return parseArchDescription((*buffer)->getBuffer(), path);
}

Expected<ArchDescription> eyeriss::loadArchDescription(StringRef nameOrPath) {
  if (std::optional<StringRef> text = lookupBuiltinArch(nameOrPath))
    return parseArchDescription(*text, ("arch/" + nameOrPath + ".json").str());
  if (sys::fs::exists(nameOrPath))
    return loadArchDescriptionFile(nameOrPath);
  std::string builtins =
      join(map_range(getBuiltinArchs(),
                     [](const BuiltinArch &builtin) { return builtin.name; }),
           ", ");
  return createStringError(
      std::make_error_code(std::errc::no_such_file_or_directory),
      nameOrPath + ": neither a builtin architecture (" + builtins +
          ") nor an existing file");
}

std::string eyeriss::printArchDescription(const ArchDescription &arch) {
  std::string text;
  raw_string_ostream os(text);
  {
    json::OStream out(os, /*IndentSize=*/2);
    FieldPrinter printer(out);
    out.object([&] {
      out.attribute(kFormatVersionKey, kArchFormatVersion);
      visitArchFields(printer, arch);
    });
  }
  os << '\n';
  return text;
}
