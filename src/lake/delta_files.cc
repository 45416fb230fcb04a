// File skipping, the Delta scan, partition values and directories, and per-file stats.

#include "berserkr/lake/delta_files.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "berserkr/common/error.h"
#include "berserkr/formats/json_writer.h"
#include "berserkr/types/column_builder.h"
#include "berserkr/types/temporal.h"

namespace berserkr {
namespace {

using Op = ParquetPredicate::Op;

// A value in one comparable domain. Numbers compare across integer and floating kinds; dates,
// timestamps and strings only with their own kind.
struct Bound {
  enum class Domain { kNumber, kDate, kTimestamp, kString };
  Domain domain = Domain::kNumber;
  bool is_integer = true;
  int64_t integer = 0;
  double floating = 0;
  std::string text;
};

std::optional<Bound::Domain> DomainOf(const DataType& type) {
  if (type.is_integer() || type.is_floating()) return Bound::Domain::kNumber;
  switch (type.id()) {
    case TypeId::kDate:
      return Bound::Domain::kDate;
    case TypeId::kTimestamp:
      return Bound::Domain::kTimestamp;
    case TypeId::kString:
      return Bound::Domain::kString;
    default:
      return std::nullopt;
  }
}

// -1, 0, 1; nullopt when the two cannot be compared (then nothing is pruned).
std::optional<int> Compare(const Bound& left, const Bound& right) {
  if (left.domain != right.domain) return std::nullopt;
  if (left.domain == Bound::Domain::kString) {
    const int result = left.text.compare(right.text);
    return (result > 0) - (result < 0);
  }
  if (left.is_integer && right.is_integer) {
    return (left.integer > right.integer) - (left.integer < right.integer);
  }
  const double a = left.is_integer ? static_cast<double>(left.integer) : left.floating;
  const double b = right.is_integer ? static_cast<double>(right.integer) : right.floating;
  if (std::isnan(a) || std::isnan(b)) return std::nullopt;
  return (a > b) - (a < b);
}

std::optional<Bound> LiteralBound(const Column& literal) {
  if (literal.length() < 1 || literal.IsNull(0)) return std::nullopt;
  Bound bound;
  switch (literal.type().id()) {
    case TypeId::kInt8:
      bound.integer = literal.ValuesAs<int8_t>()[0];
      return bound;
    case TypeId::kInt16:
      bound.integer = literal.ValuesAs<int16_t>()[0];
      return bound;
    case TypeId::kInt32:
      bound.integer = literal.ValuesAs<int32_t>()[0];
      return bound;
    case TypeId::kInt64:
      bound.integer = literal.ValuesAs<int64_t>()[0];
      return bound;
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      bound.is_integer = false;
      bound.floating = literal.type().id() == TypeId::kFloat32 ? literal.ValuesAs<float>()[0]
                                                               : literal.ValuesAs<double>()[0];
      return bound;
    case TypeId::kDate:
      bound.domain = Bound::Domain::kDate;
      bound.integer = literal.ValuesAs<int32_t>()[0];
      return bound;
    case TypeId::kTimestamp:
      bound.domain = Bound::Domain::kTimestamp;
      bound.integer = literal.ValuesAs<int64_t>()[0];
      return bound;
    case TypeId::kString:
      bound.domain = Bound::Domain::kString;
      bound.text = std::string(literal.GetString(0));
      return bound;
    default:
      return std::nullopt;
  }
}

// A bound of a column of `type` from its text (a partition value or a stats string).
std::optional<Bound> TextBound(const DataType& type, std::string_view text) {
  const std::optional<Bound::Domain> domain = DomainOf(type);
  if (!domain) return std::nullopt;
  Bound bound;
  bound.domain = *domain;
  switch (*domain) {
    case Bound::Domain::kNumber: {
      if (type.is_integer()) {
        const auto result = std::from_chars(text.data(), text.data() + text.size(), bound.integer);
        if (result.ec != std::errc() || result.ptr != text.data() + text.size())
          return std::nullopt;
        return bound;
      }
      bound.is_integer = false;
      try {
        bound.floating = std::stod(std::string(text));
      } catch (const std::exception&) {
        return std::nullopt;
      }
      return bound;
    }
    case Bound::Domain::kDate: {
      const std::optional<int32_t> days = ParseDate(text);
      if (!days) return std::nullopt;
      bound.integer = *days;
      return bound;
    }
    case Bound::Domain::kTimestamp: {
      const std::optional<ParsedTimestamp> parsed = ParseTimestamp(text);
      if (!parsed) return std::nullopt;
      bound.integer = parsed->utc_micros();
      return bound;
    }
    case Bound::Domain::kString:
      bound.text = std::string(text);
      return bound;
  }
  return std::nullopt;
}

std::optional<Bound> JsonBound(const DataType& type, simdjson::dom::element value) {
  if (value.is_null()) return std::nullopt;
  std::string_view text;
  if (value.get(text) == simdjson::SUCCESS) return TextBound(type, text);
  if (DomainOf(type) != Bound::Domain::kNumber) return std::nullopt;
  Bound bound;
  int64_t integer = 0;
  double floating = 0;
  if (value.get(integer) == simdjson::SUCCESS) {
    bound.integer = integer;
  } else if (value.get(floating) == simdjson::SUCCESS) {
    bound.is_integer = false;
    bound.floating = floating;
  } else {
    return std::nullopt;
  }
  return bound;
}

// What is known of one column in one file.
struct ColumnFacts {
  std::optional<Bound> min;
  std::optional<Bound> max;
  std::optional<int64_t> null_count;
  std::optional<int64_t> num_records;
};

// Whether a file with these facts may hold a row satisfying `predicate`.
bool MayMatch(const ParquetPredicate& predicate, const ColumnFacts& facts) {
  switch (predicate.op) {
    case Op::kIsNull:
      return !(facts.null_count && *facts.null_count == 0);
    case Op::kIsNotNull:
      return !(facts.null_count && facts.num_records && *facts.null_count == *facts.num_records);
    default:
      break;
  }
  // A column of NULLs alone satisfies no comparison.
  if (facts.null_count && facts.num_records && *facts.null_count == *facts.num_records) {
    return false;
  }
  if (predicate.value == nullptr) return true;
  const std::optional<Bound> literal = LiteralBound(*predicate.value);
  if (!literal) return true;
  // The bound compared with the literal (-1, 0, 1), or 2 when unknown (then it proves nothing).
  constexpr int kUnknown = 2;
  auto compare = [&](const std::optional<Bound>& bound) {
    if (!bound) return kUnknown;
    return Compare(*bound, *literal).value_or(kUnknown);
  };
  const int min = compare(facts.min);
  const int max = compare(facts.max);
  switch (predicate.op) {
    case Op::kEqual:
      return !(min == 1 || max == -1);
    case Op::kNotEqual:
      return !(min == 0 && max == 0);
    case Op::kLess:
      return !(min == 0 || min == 1);
    case Op::kLessEqual:
      return min != 1;
    case Op::kGreater:
      return !(max == 0 || max == -1);
    case Op::kGreaterEqual:
      return max != -1;
    default:
      return true;
  }
}

bool IsPartitionColumn(const DeltaSnapshot& snapshot, const std::string& column) {
  for (const std::string& name : snapshot.metadata.partition_columns) {
    if (name == column) return true;
  }
  return false;
}

}  // namespace

std::vector<DeltaAddFile> SelectDeltaFiles(const DeltaSnapshot& snapshot,
                                           const std::vector<ParquetPredicate>& predicates) {
  for (const ParquetPredicate& predicate : predicates) {
    if (!snapshot.schema->FieldIndex(predicate.column)) {
      throw InvalidInput("Delta table " + snapshot.location + " has no column \"" +
                         predicate.column + "\" (columns: " + snapshot.schema->ToString() + ")");
    }
  }
  if (predicates.empty()) return snapshot.files;
  std::vector<DeltaAddFile> selected;
  simdjson::dom::parser parser;
  for (const DeltaAddFile& file : snapshot.files) {
    simdjson::dom::element stats;
    const bool have_stats =
        !file.stats.empty() && parser.parse(file.stats).get(stats) == simdjson::SUCCESS;
    std::optional<int64_t> num_records;
    int64_t records = 0;
    if (have_stats && stats["numRecords"].get(records) == simdjson::SUCCESS) {
      num_records = records;
    }
    bool keep = true;
    for (const ParquetPredicate& predicate : predicates) {
      const DataType& type =
          snapshot.schema->field(*snapshot.schema->FieldIndex(predicate.column)).type;
      ColumnFacts facts;
      facts.num_records = num_records;
      if (IsPartitionColumn(snapshot, predicate.column)) {
        const auto found = file.partition_values.find(predicate.column);
        const std::optional<std::string> value =
            found == file.partition_values.end() ? std::nullopt : found->second;
        // Exact facts: every row has this value. Unknown row counts count as one row.
        facts.num_records = num_records.value_or(1);
        facts.null_count = value ? 0 : *facts.num_records;
        if (value) {
          facts.min = TextBound(type, *value);
          facts.max = facts.min;
        }
      } else if (have_stats) {
        simdjson::dom::element value;
        if (stats["minValues"][predicate.column].get(value) == simdjson::SUCCESS) {
          facts.min = JsonBound(type, value);
        }
        if (stats["maxValues"][predicate.column].get(value) == simdjson::SUCCESS) {
          facts.max = JsonBound(type, value);
          // Timestamps in stats are cut to milliseconds: the true max may be up to 999 us more.
          if (facts.max && facts.max->domain == Bound::Domain::kTimestamp) {
            facts.max->integer += 999;
          }
        }
        int64_t nulls = 0;
        if (stats["nullCount"][predicate.column].get(nulls) == simdjson::SUCCESS) {
          facts.null_count = nulls;
        }
      }
      if (!MayMatch(predicate, facts)) {
        keep = false;
        break;
      }
    }
    if (keep) selected.push_back(file);
  }
  return selected;
}

// ---- partition values ----

std::optional<std::string> DeltaPartitionValue(const Column& column, int64_t row) {
  if (column.IsNull(row)) return std::nullopt;
  switch (column.type().id()) {
    case TypeId::kBool:
      return column.GetBool(row) ? "true" : "false";
    case TypeId::kInt8:
      return std::to_string(column.ValuesAs<int8_t>()[row]);
    case TypeId::kInt16:
      return std::to_string(column.ValuesAs<int16_t>()[row]);
    case TypeId::kInt32:
      return std::to_string(column.ValuesAs<int32_t>()[row]);
    case TypeId::kInt64:
      return std::to_string(column.ValuesAs<int64_t>()[row]);
    case TypeId::kDate:
      return FormatDate(column.ValuesAs<int32_t>()[row]);
    case TypeId::kTimestamp:
      return FormatTimestamp(column.ValuesAs<int64_t>()[row]);
    case TypeId::kString: {
      const std::string_view text = column.GetString(row);
      if (text.empty()) return std::nullopt;
      return std::string(text);
    }
    case TypeId::kFloat32:
    case TypeId::kFloat64:
    case TypeId::kDecimal:
      return column.FormatValue(row);
    default:
      throw NotImplemented("Delta partition columns of type " + column.type().ToString() +
                           " are not supported");
  }
}

ColumnPtr DeltaPartitionColumn(const DataType& type, const std::optional<std::string>& value,
                               int64_t rows, const std::string& column_name) {
  if (!value) return Column::MakeNull(type, rows);
  auto fail = [&]() -> ColumnPtr {
    throw InvalidInput("Delta partition value \"" + *value + "\" of column \"" + column_name +
                       "\" is not a " + type.ToString());
  };
  auto repeat = [&](auto parsed, auto builder) {
    builder.Reserve(rows);
    for (int64_t row = 0; row < rows; ++row) builder.Append(parsed);
    return builder.Finish();
  };
  const std::optional<Bound> bound = TextBound(type, *value);
  switch (type.id()) {
    case TypeId::kString: {
      StringBuilder builder;
      for (int64_t row = 0; row < rows; ++row) builder.Append(*value);
      return builder.Finish();
    }
    case TypeId::kBool: {
      if (*value != "true" && *value != "false") return fail();
      BoolBuilder builder;
      for (int64_t row = 0; row < rows; ++row) builder.Append(*value == "true");
      return builder.Finish();
    }
    case TypeId::kInt8:
      if (!bound) return fail();
      return repeat(static_cast<int8_t>(bound->integer), FixedWidthBuilder<int8_t>(type));
    case TypeId::kInt16:
      if (!bound) return fail();
      return repeat(static_cast<int16_t>(bound->integer), FixedWidthBuilder<int16_t>(type));
    case TypeId::kInt32:
    case TypeId::kDate:
      if (!bound) return fail();
      return repeat(static_cast<int32_t>(bound->integer), FixedWidthBuilder<int32_t>(type));
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      if (!bound) return fail();
      return repeat(bound->integer, FixedWidthBuilder<int64_t>(type));
    case TypeId::kFloat32:
      if (!bound) return fail();
      return repeat(static_cast<float>(bound->floating), FixedWidthBuilder<float>(type));
    case TypeId::kFloat64:
      if (!bound) return fail();
      return repeat(bound->floating, FixedWidthBuilder<double>(type));
    default:
      throw NotImplemented("Delta partition column \"" + column_name + "\" of type " +
                           type.ToString() + " is not supported");
  }
}

bool DeltaPartitionsMatch(const DeltaPartitionValues& values, const DeltaPartitionValues& filter) {
  for (const auto& [column, value] : filter) {
    const auto found = values.find(column);
    const std::optional<std::string> actual = found == values.end() ? std::nullopt : found->second;
    if (actual != value) return false;
  }
  return true;
}

std::string DeltaPartitionDirectory(const std::vector<std::string>& partition_columns,
                                    const DeltaPartitionValues& values) {
  // Hive's escaping (FileUtils.escapePathName): control characters and "\"#%'*/:=?\\\x7F{[]^".
  auto escape = [](std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
      if (c < 0x20 || c == 0x7F || std::strchr("\"#%'*/:=?\\{[]^", c) != nullptr) {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      } else {
        out += static_cast<char>(c);
      }
    }
    return out;
  };
  std::string directory;
  for (const std::string& column : partition_columns) {
    const auto found = values.find(column);
    const bool is_null = found == values.end() || !found->second;
    if (!directory.empty()) directory += '/';
    directory += escape(column) + "=" +
                 (is_null ? std::string("__HIVE_DEFAULT_PARTITION__") : escape(*found->second));
  }
  return directory;
}

// ---- the scan ----

DeltaScanner::DeltaScanner(DeltaSnapshot snapshot, std::vector<ParquetPredicate> predicates) {
  auto state = std::make_shared<State>();
  state->selected = SelectDeltaFiles(snapshot, predicates);
  for (const DeltaAddFile& file : state->selected) {
    state->locations.push_back(snapshot.FileLocation(file.path));
  }
  state->snapshot = std::move(snapshot);
  state->predicates = std::move(predicates);
  std::vector<int> columns;
  for (int index = 0; index < state->snapshot.schema->num_fields(); ++index) {
    columns.push_back(index);
  }
  *this = DeltaScanner(std::move(state), std::move(columns));
}

DeltaScanner::DeltaScanner(std::shared_ptr<const State> state, std::vector<int> columns)
    : state_(std::move(state)), columns_(std::move(columns)) {
  std::vector<Field> fields;
  for (int index : columns_) fields.push_back(state_->snapshot.schema->field(index));
  schema_ = std::make_shared<Schema>(std::move(fields));
}

std::string DeltaScanner::ExplainDetails() const {
  return " version=" + std::to_string(state_->snapshot.version) +
         " files=" + std::to_string(state_->selected.size()) + "/" +
         std::to_string(state_->snapshot.files.size());
}

std::shared_ptr<const ScanSource> DeltaScanner::SelectColumns(
    const std::vector<int>& columns) const {
  return std::shared_ptr<const DeltaScanner>(new DeltaScanner(state_, columns));
}

DeltaScanner DeltaScanner::WithPredicates(const std::vector<ParquetPredicate>& predicates) const {
  auto state = std::make_shared<State>(*state_);
  state->predicates.insert(state->predicates.end(), predicates.begin(), predicates.end());
  state->selected = SelectDeltaFiles(state->snapshot, state->predicates);
  state->locations.clear();
  for (const DeltaAddFile& file : state->selected) {
    state->locations.push_back(state->snapshot.FileLocation(file.path));
  }
  return DeltaScanner(std::move(state), columns_);
}

ReadStats DeltaScanner::Scan(const ScanBatchConsumer& consume) const {
  const DeltaSnapshot& snapshot = state_->snapshot;
  const Schema& table_schema = *snapshot.schema;
  ReadStats total;
  for (size_t file_index = 0; file_index < state_->selected.size(); ++file_index) {
    const DeltaAddFile& file = state_->selected[file_index];
    const std::string& location = state_->locations[file_index];
    ParquetScanner scanner({location});
    const Schema& file_schema = *scanner.file_schema();
    // The data columns to read from this file, and where each output column comes from.
    enum class Source { kFile, kPartition, kMissing };
    std::vector<Source> sources;
    std::vector<int> file_columns;
    std::vector<int> batch_index;
    for (int column : columns_) {
      const Field& field = table_schema.field(column);
      if (IsPartitionColumn(snapshot, field.name)) {
        sources.push_back(Source::kPartition);
        batch_index.push_back(-1);
      } else if (const std::optional<int> in_file = file_schema.FieldIndex(field.name)) {
        sources.push_back(Source::kFile);
        batch_index.push_back(static_cast<int>(file_columns.size()));
        file_columns.push_back(*in_file);
      } else {
        sources.push_back(Source::kMissing);
        batch_index.push_back(-1);
      }
    }
    // Only partition or missing columns wanted: read the narrowest column for the row counts.
    if (file_columns.empty() && file_schema.num_fields() > 0) file_columns.push_back(0);
    std::vector<ParquetPredicate> predicates;
    for (const ParquetPredicate& predicate : state_->predicates) {
      if (file_schema.FieldIndex(predicate.column) &&
          !IsPartitionColumn(snapshot, predicate.column)) {
        predicates.push_back(predicate);
      }
    }
    const ParquetScanner selected = scanner.Select(file_columns).WithPredicates(predicates);
    const ReadStats stats = selected.Scan([&](Batch batch, BatchPosition position) {
      Batch out;
      out.schema = schema_;
      out.num_rows = batch.num_rows;
      for (size_t output = 0; output < columns_.size(); ++output) {
        const Field& field = schema_->field(static_cast<int>(output));
        switch (sources[output]) {
          case Source::kFile: {
            ColumnPtr column = batch.column(batch_index[output]);
            if (column->type() != field.type) {
              // The same values under another time zone label (INT96 or local Parquet
              // timestamps in a Delta `timestamp` column).
              if (column->type().id() == TypeId::kTimestamp &&
                  field.type.id() == TypeId::kTimestamp) {
                column = std::make_shared<Column>(
                    field.type, column->length(), column->null_count(), column->validity(),
                    column->values(), nullptr, std::vector<ColumnPtr>{}, column->offset());
              } else {
                throw InvalidInput(location + ": column \"" + field.name + "\" is " +
                                   column->type().ToString() + " but the Delta table says " +
                                   field.type.ToString());
              }
            }
            out.columns.push_back(std::move(column));
            break;
          }
          case Source::kPartition: {
            const auto found = file.partition_values.find(field.name);
            const std::optional<std::string> value =
                found == file.partition_values.end() ? std::nullopt : found->second;
            out.columns.push_back(
                DeltaPartitionColumn(field.type, value, batch.num_rows, field.name));
            break;
          }
          case Source::kMissing:
            out.columns.push_back(Column::MakeNull(field.type, batch.num_rows));
            break;
        }
      }
      consume(std::move(out), BatchPosition{static_cast<int64_t>(file_index), position.sequence});
    });
    total.Merge(stats);
  }
  return total;
}

// ---- stats ----

struct DeltaStatsCollector::ColumnStats {
  int64_t null_count = 0;
  bool collect_bounds = false;
  bool have_bounds = false;
  bool is_integer = false;
  int64_t min_integer = 0, max_integer = 0;
  double min_floating = 0, max_floating = 0;
  std::string min_text, max_text;
  bool max_text_too_long = false;
};

DeltaStatsCollector::DeltaStatsCollector(SchemaPtr schema) : schema_(std::move(schema)) {
  columns_.resize(schema_->num_fields());
  for (int index = 0; index < schema_->num_fields(); ++index) {
    const DataType& type = schema_->field(index).type;
    columns_[index].collect_bounds = type.is_integer() || type.is_floating() ||
                                     type.id() == TypeId::kString || type.id() == TypeId::kDate ||
                                     type.id() == TypeId::kTimestamp;
    columns_[index].is_integer =
        type.is_integer() || type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp;
  }
}
DeltaStatsCollector::~DeltaStatsCollector() = default;
DeltaStatsCollector::DeltaStatsCollector(DeltaStatsCollector&&) noexcept = default;
DeltaStatsCollector& DeltaStatsCollector::operator=(DeltaStatsCollector&&) noexcept = default;

int64_t DeltaStatsCollector::num_records() const { return num_records_; }

void DeltaStatsCollector::Add(const Batch& batch) {
  num_records_ += batch.num_rows;
  for (int index = 0; index < schema_->num_fields(); ++index) {
    const Column& column = *batch.column(index);
    ColumnStats& stats = columns_[index];
    stats.null_count += column.null_count();
    if (!stats.collect_bounds) continue;
    const TypeId id = column.type().id();
    for (int64_t row = 0; row < column.length(); ++row) {
      if (column.IsNull(row)) continue;
      if (stats.is_integer) {
        int64_t value = 0;
        switch (id) {
          case TypeId::kInt8:
            value = column.ValuesAs<int8_t>()[row];
            break;
          case TypeId::kInt16:
            value = column.ValuesAs<int16_t>()[row];
            break;
          case TypeId::kInt32:
          case TypeId::kDate:
            value = column.ValuesAs<int32_t>()[row];
            break;
          default:
            value = column.ValuesAs<int64_t>()[row];
            break;
        }
        if (!stats.have_bounds || value < stats.min_integer) stats.min_integer = value;
        if (!stats.have_bounds || value > stats.max_integer) stats.max_integer = value;
      } else if (id == TypeId::kString) {
        const std::string_view value = column.GetString(row);
        if (!stats.have_bounds || value < stats.min_text) stats.min_text = value;
        if (!stats.have_bounds || value > stats.max_text) stats.max_text = value;
      } else {
        const double value =
            id == TypeId::kFloat32 ? column.ValuesAs<float>()[row] : column.ValuesAs<double>()[row];
        if (std::isnan(value)) {
          stats.collect_bounds = false;  // NaN has no place in an order: no bounds at all
          break;
        }
        if (!stats.have_bounds || value < stats.min_floating) stats.min_floating = value;
        if (!stats.have_bounds || value > stats.max_floating) stats.max_floating = value;
      }
      stats.have_bounds = true;
    }
  }
}

namespace {

// The first `limit` characters of UTF-8 `text` (not splitting a character).
std::string Utf8Prefix(const std::string& text, size_t limit) {
  size_t characters = 0;
  for (size_t at = 0; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80) {
      if (characters == limit) return text.substr(0, at);
      ++characters;
    }
  }
  return text;
}

size_t Utf8Length(const std::string& text) {
  size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xC0) != 0x80;
  return characters;
}

std::string IsoTimestamp(int64_t micros) {
  // Milliseconds, UTC, as Spark writes stats: 2024-01-31T12:00:00.000Z
  const int64_t millis = micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000);
  int64_t days = millis >= 0 ? millis / 86'400'000 : -((-millis + 86'399'999) / 86'400'000);
  const int64_t in_day = millis - days * 86'400'000;
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  CivilFromDays(static_cast<int32_t>(days), &year, &month, &day);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", year, month, day,
                static_cast<int>(in_day / 3'600'000), static_cast<int>(in_day / 60'000 % 60),
                static_cast<int>(in_day / 1000 % 60), static_cast<int>(in_day % 1000));
  return text;
}

}  // namespace

std::string DeltaStatsCollector::ToJson() const {
  std::string minimum;
  std::string maximum;
  std::string nulls;
  auto append = [](std::string& out, const std::string& name, const std::string& value) {
    out += out.empty() ? "" : ",";
    AppendJsonString(out, name);
    out += ':';
    out += value;
  };
  for (int index = 0; index < schema_->num_fields(); ++index) {
    const Field& field = schema_->field(index);
    const ColumnStats& stats = columns_[index];
    if (!field.type.is_nested()) append(nulls, field.name, std::to_string(stats.null_count));
    if (!stats.collect_bounds || !stats.have_bounds) continue;
    std::string low;
    std::string high;
    switch (field.type.id()) {
      case TypeId::kDate:
        low = "\"" + FormatDate(static_cast<int32_t>(stats.min_integer)) + "\"";
        high = "\"" + FormatDate(static_cast<int32_t>(stats.max_integer)) + "\"";
        break;
      case TypeId::kTimestamp:
        low = "\"" + IsoTimestamp(stats.min_integer) + "\"";
        // Cut to milliseconds, a max must round up to stay a bound.
        high = "\"" +
               IsoTimestamp(stats.max_integer % 1000 == 0 ? stats.max_integer
                                                          : stats.max_integer + 999) +
               "\"";
        break;
      case TypeId::kString:
        AppendJsonString(low, Utf8Prefix(stats.min_text, 32));
        if (Utf8Length(stats.max_text) <= 32) AppendJsonString(high, stats.max_text);
        break;
      case TypeId::kFloat32:
      case TypeId::kFloat64: {
        if (std::isinf(stats.min_floating) || std::isinf(stats.max_floating)) break;
        AppendDouble(low, stats.min_floating);
        AppendDouble(high, stats.max_floating);
        break;
      }
      default:
        low = std::to_string(stats.min_integer);
        high = std::to_string(stats.max_integer);
        break;
    }
    if (!low.empty()) append(minimum, field.name, low);
    if (!high.empty()) append(maximum, field.name, high);
  }
  return "{\"numRecords\":" + std::to_string(num_records_) + ",\"minValues\":{" + minimum +
         "},\"maxValues\":{" + maximum + "},\"nullCount\":{" + nulls + "}}";
}

}  // namespace berserkr
