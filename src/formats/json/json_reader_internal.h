#pragma once

// The stages of the JSON lines reader, private to src/formats/json:
//   line source (whole lines of a file, padded for simdjson)
//   -> record check (parse one line, check values against the user's type overrides)
//   -> schema inference (pass 1: the shape of every accepted record, merged into one type)
//   -> column building (pass 2: parse again and append to typed builders).
// Two passes keep the schema exact over all records without holding the input in memory. Inputs
// that fit one run, and compressed inputs within a memory budget, are kept from pass 1 so that
// pass 2 does not read (and decompress) them again.

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "berserkr/formats/json_reader.h"
#include "berserkr/io/input_stream.h"
#include "berserkr/types/buffer.h"
#include "berserkr/types/column.h"
#include "berserkr/types/column_builder.h"
#include "berserkr/types/data_type.h"
#include "berserkr/types/table.h"

namespace berserkr::json {

// simdjson reads up to this many bytes past the end of its input.
constexpr int64_t kPadding = simdjson::SIMDJSON_PADDING;
// Deeper records are rejected: it bounds the recursion of every stage.
constexpr size_t kMaxNestingDepth = 256;
// An object with more distinct keys than this (across records) is a map, not a record: it is kept
// as JSON text rather than becoming a struct with a column per key. Top-level keys are not limited.
constexpr size_t kMaxStructFields = 10'000;
// A longer line is an error under every policy: it is not JSON lines.
constexpr int64_t kMaxLineBytes = int64_t{1} << 30;

// ---------------------------------------------------------------------------------------------
// Line source

// Bytes of a whole input followed by kPadding readable bytes.
struct PaddedBytes {
  std::unique_ptr<uint8_t[]> data;
  int64_t size = 0;
  // Non-empty when reading stopped early (corrupt or truncated compressed data): the reason.
  std::string failure;
};

// Reads an input as runs of whole lines, each followed by at least kPadding readable bytes.
// A UTF-8 byte order mark at the start is skipped.
class LineSource {
 public:
  // Streams `stream` in runs of about `segment_bytes` (longer when one line is longer). While the
  // input read so far stays within `keep_limit` bytes, it is all kept for TakeWholeInput.
  LineSource(std::unique_ptr<InputStream> stream, int64_t segment_bytes, int64_t keep_limit = 0);
  // Serves an input read before, as one run.
  explicit LineSource(std::shared_ptr<const PaddedBytes> bytes);

  // Points `data` at the next run of lines (each ending with '\n', except possibly the input's
  // last) and returns true; false when no whole line is left. Throws IoError when reading fails
  // and InvalidInput for a line longer than kMaxLineBytes.
  bool Next(const char** data, int64_t* size);

  // After Next returned false: why the input ended early ("" when it did not) and the bytes of the
  // line it cut short.
  const std::string& failure() const { return failure_; }
  std::string_view unfinished_line() const { return unfinished_line_; }
  // Bytes read so far (after decompression).
  int64_t bytes_read() const { return bytes_read_; }
  // The whole input when it was all kept (within the keep limit, or read as a single run) and read
  // without failure, so that a second pass can reuse it; else null. REQUIRES: Next returned false.
  std::shared_ptr<const PaddedBytes> TakeWholeInput();

 private:
  // Reads until `target` unconsumed bytes are buffered or the input ends.
  void Fill(int64_t target);
  void Reserve(int64_t capacity);

  std::unique_ptr<InputStream> stream_;
  std::shared_ptr<const PaddedBytes> memory_;
  std::unique_ptr<uint8_t[]> buffer_;  // stream mode: owned bytes; capacity_ includes padding
  int64_t capacity_ = 0;
  const uint8_t* data_ = nullptr;  // buffer_ or memory_->data
  int64_t begin_ = 0;              // first byte not yet handed out
  int64_t filled_ = 0;
  int64_t segment_bytes_ = 0;
  int64_t keep_limit_ = 0;
  bool at_end_ = false;
  bool started_ = false;
  bool discarded_ = false;  // bytes handed out were dropped: the whole input is gone
  int64_t bytes_read_ = 0;
  std::string failure_;
  std::string unfinished_line_;
};

// Reads `stream` to its end into padded memory. Corrupt or truncated compressed data ends the
// bytes early and is noted in `failure`; IoError propagates.
std::shared_ptr<const PaddedBytes> ReadPadded(InputStream& stream);

// Calls visit(line_index, text, length) for each line of a run (line_index counts '\n' before it;
// text excludes the '\n') until visit returns false. Returns the number of '\n' passed.
template <typename Visit>
int64_t ForEachLine(const char* data, int64_t size, Visit&& visit) {
  int64_t line_index = 0;
  int64_t position = 0;
  while (position < size) {
    const void* newline = std::memchr(data + position, '\n', static_cast<size_t>(size - position));
    const int64_t line_end = newline ? static_cast<const char*>(newline) - data : size;
    if (!visit(line_index, data + position, line_end - position)) return line_index;
    if (newline == nullptr) break;
    ++line_index;
    position = line_end + 1;
  }
  return line_index;
}

// Whether a line holds only JSON whitespace (blank lines are ignored, not records).
inline bool IsBlankLine(const char* text, int64_t length) {
  for (int64_t index = 0; index < length; ++index) {
    const char c = text[index];
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// Chunk boundaries for parallel work: starts of lines near each multiple of `chunk_bytes`.
std::vector<int64_t> ChunkStarts(const char* data, int64_t size, int64_t chunk_bytes);

// ---------------------------------------------------------------------------------------------
// Records and type overrides

// Lets string-keyed hash maps be searched with a string_view without building a string.
struct TransparentStringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, TransparentStringHash, std::equal_to<>>;

// The array or object an element holds. REQUIRES: the element is of that type.
inline simdjson::dom::array AsArray(simdjson::dom::element value) {
  simdjson::dom::array array;
  [[maybe_unused]] const auto error = value.get_array().get(array);
  return array;
}
inline simdjson::dom::object AsObject(simdjson::dom::element value) {
  simdjson::dom::object object;
  [[maybe_unused]] const auto error = value.get_object().get(object);
  return object;
}

// Why one record was not accepted.
struct RecordProblem {
  std::string column;  // the dotted path of the offending value; empty when the record is wrong
  std::string reason;
};

// The user's per-column types, keyed by dotted path ("properties.price").
class TypeOverrides {
 public:
  explicit TypeOverrides(const std::map<std::string, DataType>& types);

  bool empty() const { return types_.empty(); }
  // The type given for exactly this path, or null.
  const DataType* Find(std::string_view path) const;
  // Checks every overridden value of a record; false (filling `problem`) when one does not convert.
  bool Check(simdjson::dom::object record, RecordProblem* problem) const;

 private:
  bool CheckObject(simdjson::dom::object object, std::string& path, RecordProblem* problem) const;

  std::map<std::string, DataType, std::less<>> types_;
  std::set<std::string, std::less<>> prefixes_;  // paths of objects that hold overridden keys
};

// Parses one line into `record`; false (filling `problem`) when it is not valid JSON, not an
// object, or holds a value that does not fit a type override. Both passes decide with this, so
// they agree on which records exist.
bool ParseRecord(simdjson::dom::parser& parser, const char* text, int64_t length,
                 const TypeOverrides& overrides, simdjson::dom::object* record,
                 RecordProblem* problem);

// The parser of the calling thread, reused across lines and reads.
simdjson::dom::parser& ThreadParser();
// Frees the calling thread's parser when a long line made it large. REQUIRES: no document of it
// is in use.
void TrimThreadParser();

// Why `value` cannot become a value of `type`; empty when it can (NULL always can).
std::string ConversionProblem(simdjson::dom::element value, const DataType& type);

// Appends the minified JSON text of `value` (numbers in shortest round-trip form).
void AppendJsonText(simdjson::dom::element value, std::string& out);

// Scalar conversions shared by the override check and the builders: false when `value` is not a
// value of the target type. Numbers convert between kinds when no digits are lost (17850.0 is a
// BIGINT); strings are parsed as they are in CSV.
bool JsonToBool(simdjson::dom::element value, bool& out);
bool JsonToInt64(simdjson::dom::element value, int64_t& out);
bool JsonToFloat64(simdjson::dom::element value, double& out);
bool JsonToDecimal(simdjson::dom::element value, int precision, int scale, __int128& out);
bool JsonToDate(simdjson::dom::element value, int32_t& out);
// Microseconds of the instant (offsets applied), as the CSV reader stores timestamps.
bool JsonToTimestamp(simdjson::dom::element value, int64_t& out);

// ---------------------------------------------------------------------------------------------
// Schema inference (pass 1)

// What the strings of one key have looked like so far.
enum class TextKind : uint8_t {
  kUnseen,
  kDate,            // "2018-10-01"
  kNaiveTimestamp,  // "2018-10-01T13:54:59" (dates too)
  kUtcTimestamp,    // "2018-10-01T13:54:59Z", "...+02:00"
  kText,
};
TextKind ClassifyText(std::string_view text);
TextKind JoinTextKinds(TextKind left, TextKind right);

// The kinds of value seen at one place in the records: a key of an object, or the items of arrays.
// Children are kept in order of first appearance.
class ShapeNode {
 public:
  // `overrides` is null under arrays (overrides name keys of objects, not items of lists).
  ShapeNode(std::string path, const TypeOverrides* overrides, const DataType* override_type);
  ShapeNode(const ShapeNode&) = delete;
  ShapeNode& operator=(const ShapeNode&) = delete;

  // Adds what one value looks like. REQUIRES: nesting within kMaxNestingDepth (the parser's limit).
  void Observe(simdjson::dom::element value);
  // Adds the record's keys (this node is the record root).
  void ObserveObject(simdjson::dom::object object);
  // Adds everything `other` saw; keys new to this node go after its own, in `other`'s order.
  void Merge(ShapeNode&& other);
  // The column type: the override when there is one, else the narrowest type holding every value
  // seen. Adds the paths whose override took effect to `applied_overrides`.
  DataType ResolveType(std::set<std::string>* applied_overrides) const;
  // The struct fields of a record root (never collapsed to a string).
  std::vector<Field> ResolveFields(std::set<std::string>* applied_overrides) const;

 private:
  enum Kind : uint8_t {
    kNull = 1,
    kBool = 2,
    kInt = 4,
    kDouble = 8,
    kString = 16,
    kObject = 32,
    kArray = 64,
  };

  ShapeNode& Child(std::string_view key);
  ShapeNode& Item();
  // Forgets the keys of an object that turned out to be a map (see kMaxStructFields).
  void BecomeMap();

  std::string path_;
  const TypeOverrides* overrides_;
  const DataType* override_type_;
  uint8_t kinds_ = 0;
  TextKind text_kind_ = TextKind::kUnseen;
  bool is_map_ = false;
  std::vector<std::string> names_;
  std::vector<std::unique_ptr<ShapeNode>> children_;
  StringMap<size_t> child_index_;
  size_t next_child_guess_ = 0;  // records usually repeat one key order: try the next key first
  std::unique_ptr<ShapeNode> item_;
};

// ---------------------------------------------------------------------------------------------
// Column building (pass 2)

// Builds one column of any type from JSON values; struct and list columns hold child builders.
// Dispatch is a switch on the type, once per value.
class JsonColumnBuilder {
 public:
  explicit JsonColumnBuilder(DataType type);

  // Appends `value` converted to the column's type; false when it does not convert (a record
  // checked by ParseRecord against the inferred schema always does). After false the builder is
  // inconsistent and must be dropped.
  bool Append(simdjson::dom::element value);
  // Appends the keys of a record object (this builder is a struct).
  bool AppendObject(simdjson::dom::object object);
  void AppendNull();
  int64_t length() const { return length_; }
  // The column so far; the builder starts again empty.
  ColumnPtr Finish();

 private:
  void Reset();
  int FieldIndex(std::string_view key);
  void AppendString(std::string_view text);
  template <typename T>
  void AppendFixed(T value) {
    values_->Append(&value, sizeof(T));
    validity_.AppendValid();
    ++length_;
  }

  DataType type_;
  TypeId id_;
  int64_t length_ = 0;
  ValidityBuilder validity_;
  std::shared_ptr<Buffer> values_;  // fixed-width values, bool bits, or int32 offsets
  std::shared_ptr<Buffer> data_;    // string bytes
  std::vector<JsonColumnBuilder> children_;
  StringMap<int> field_index_;
  size_t next_field_guess_ = 0;
  std::string scratch_;
};

// ---------------------------------------------------------------------------------------------
// The reader

// One input: a file, or bytes already in memory.
struct JsonSource {
  std::string name;                          // for messages and the file-name column
  std::string path;                          // a file to open, when `bytes` is null
  std::shared_ptr<const PaddedBytes> bytes;  // the input itself
};

// Sizes of the reader's units of work; tests shrink them to exercise the boundaries.
struct JsonReadTuning {
  int64_t chunk_bytes = 8 << 20;   // lines parsed by one task
  int64_t segment_bytes = 0;       // read from a file at once; 0: chunk_bytes * 2 * threads
  int64_t batch_rows = 64 * 1024;  // rows per output batch
  int64_t keep_input_bytes = int64_t{512} << 20;  // inputs kept in memory between the passes
};

// Reads the sources as one table (see ReadJson).
Table ReadJsonSources(const std::vector<JsonSource>& sources, const JsonOptions& options,
                      ReadStats* stats, const JsonReadTuning& tuning = {});

}  // namespace berserkr::json
