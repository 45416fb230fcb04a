#include "oracle/oracle_harness.h"

#include <simdjson.h>
#include <stdlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include "berserkr/formats/json_writer.h"
#include "berserkr/types/temporal.h"

namespace berserkr::oracle {

namespace {

std::vector<Family>& Registry() {
  static std::vector<Family> families;
  return families;
}

std::string SourceDir() { return BERSERKR_SOURCE_DIR; }
std::string OracleDir() { return SourceDir() + "/tests/oracle"; }

bool HaveCommand(const std::string& command) {
  return std::system(("command -v " + command + " >/dev/null 2>&1").c_str()) == 0;
}

// ---- values ------------------------------------------------------------------------------------

// One cell of an answer, from either engine, in a form both map to exactly.
struct Value {
  enum class Kind { kNull, kBool, kInt, kDouble, kText, kList };
  Kind kind = Kind::kNull;
  __int128 integer = 0;  // integers, dates (days), timestamps (micros), bools
  double real = 0;
  std::string text;  // strings; decimals as DuckDB prints them ("-12.50")
  std::vector<Value> items;
};

std::string Int128ToString(__int128 value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(-(value + 1)) + 1
                                         : static_cast<unsigned __int128>(value);
  std::string digits;
  while (magnitude > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  }
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string DecimalToString(__int128 unscaled, int scale) {
  std::string digits = Int128ToString(unscaled < 0 ? -unscaled : unscaled);
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) {
      digits.insert(0, static_cast<size_t>(scale + 1 - static_cast<int>(digits.size())), '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return unscaled < 0 ? "-" + digits : digits;
}

std::string FormatDoubleExact(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::string FormatValue(const Value& value) {
  switch (value.kind) {
    case Value::Kind::kNull:
      return "NULL";
    case Value::Kind::kBool:
      return value.integer ? "true" : "false";
    case Value::Kind::kInt:
      return Int128ToString(value.integer);
    case Value::Kind::kDouble:
      return FormatDoubleExact(value.real);
    case Value::Kind::kText: {
      std::string out;
      AppendJsonString(out, value.text);
      return out;
    }
    case Value::Kind::kList: {
      std::string out = "[";
      for (size_t index = 0; index < value.items.size(); ++index) {
        if (index > 0) out += ", ";
        out += FormatValue(value.items[index]);
      }
      return out + "]";
    }
  }
  return "?";
}

Value CellOf(const Column& column, int64_t row) {
  Value value;
  if (column.IsNull(row)) return value;
  const DataType& type = column.type();
  switch (type.id()) {
    case TypeId::kBool:
      value.kind = Value::Kind::kBool;
      value.integer = column.GetBool(row);
      break;
    case TypeId::kInt8:
      value.kind = Value::Kind::kInt;
      value.integer = column.ValuesAs<int8_t>()[row];
      break;
    case TypeId::kInt16:
      value.kind = Value::Kind::kInt;
      value.integer = column.ValuesAs<int16_t>()[row];
      break;
    case TypeId::kInt32:
    case TypeId::kDate:
      value.kind = Value::Kind::kInt;
      value.integer = column.ValuesAs<int32_t>()[row];
      break;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      value.kind = Value::Kind::kInt;
      value.integer = column.ValuesAs<int64_t>()[row];
      break;
    case TypeId::kFloat32:
      value.kind = Value::Kind::kDouble;
      value.real = column.ValuesAs<float>()[row];
      break;
    case TypeId::kFloat64:
      value.kind = Value::Kind::kDouble;
      value.real = column.ValuesAs<double>()[row];
      break;
    case TypeId::kDecimal:
      value.kind = Value::Kind::kText;
      value.text = DecimalToString(column.ValuesAs<__int128>()[row], type.scale());
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      value.kind = Value::Kind::kText;
      value.text = std::string(column.GetString(row));
      break;
    case TypeId::kList: {
      value.kind = Value::Kind::kList;
      const int32_t* offsets = column.Offsets();
      for (int32_t item = offsets[row]; item < offsets[row + 1]; ++item) {
        value.items.push_back(CellOf(*column.children()[0], item));
      }
      break;
    }
    default:
      value.kind = Value::Kind::kText;
      value.text = "<unsupported type " + type.ToString() + ">";
  }
  return value;
}

double ParseDoubleText(std::string_view text) {
  if (text == "nan") return std::nan("");
  if (text == "inf") return INFINITY;
  if (text == "-inf") return -INFINITY;
  return std::strtod(std::string(text).c_str(), nullptr);
}

__int128 ParseInt128(std::string_view text) {
  __int128 value = 0;
  bool negative = false;
  size_t index = 0;
  if (!text.empty() && text[0] == '-') {
    negative = true;
    index = 1;
  }
  for (; index < text.size(); ++index) value = value * 10 + (text[index] - '0');
  return negative ? -value : value;
}

// The DuckDB type name of a list's items ("DOUBLE[]" -> "DOUBLE").
bool IsListType(const std::string& type) {
  return type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0;
}
std::string ListItemType(const std::string& type) { return type.substr(0, type.size() - 2); }
bool IsFloatingType(const std::string& type) { return type == "DOUBLE" || type == "FLOAT"; }
bool IsIntegerType(const std::string& type) {
  for (const char* name : {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                           "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}) {
    if (type == name) return true;
  }
  return false;
}

Value ParseJsonValue(simdjson::dom::element element, const std::string& type) {
  Value value;
  switch (element.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      return value;
    case simdjson::dom::element_type::BOOL:
      value.kind = Value::Kind::kBool;
      value.integer = bool(element.get_bool());
      return value;
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
      value.kind = Value::Kind::kInt;  // dates
      value.integer = int64_t(element.get_int64());
      return value;
    case simdjson::dom::element_type::ARRAY: {
      value.kind = Value::Kind::kList;
      const std::string item_type = IsListType(type) ? ListItemType(type) : type;
      for (simdjson::dom::element item : element.get_array()) {
        value.items.push_back(ParseJsonValue(item, item_type));
      }
      return value;
    }
    case simdjson::dom::element_type::STRING: {
      const std::string_view text = element.get_string();
      if (IsFloatingType(type)) {
        value.kind = Value::Kind::kDouble;
        value.real = ParseDoubleText(text);
      } else if (IsIntegerType(type) || type.rfind("TIMESTAMP", 0) == 0) {
        value.kind = Value::Kind::kInt;
        value.integer = ParseInt128(text);
      } else {
        value.kind = Value::Kind::kText;
        value.text = std::string(text);
      }
      return value;
    }
    default:
      value.kind = Value::Kind::kText;
      value.text = "<unexpected JSON>";
      return value;
  }
}

// ---- types -------------------------------------------------------------------------------------

// Whether berserkr's `actual` type is what DuckDB's `duckdb` type maps to.
bool TypeMatches(const std::string& duckdb, const DataType& actual) {
  if (IsListType(duckdb)) {
    return actual.id() == TypeId::kList && TypeMatches(ListItemType(duckdb), actual.item_type());
  }
  if (duckdb.rfind("DECIMAL(", 0) == 0) {
    return actual.id() == TypeId::kDecimal &&
           duckdb == "DECIMAL(" + std::to_string(actual.precision()) + "," +
                         std::to_string(actual.scale()) + ")";
  }
  static const std::map<std::string, TypeId> kSimple = {
      {"BOOLEAN", TypeId::kBool},
      {"TINYINT", TypeId::kInt8},
      {"SMALLINT", TypeId::kInt16},
      {"INTEGER", TypeId::kInt32},
      {"BIGINT", TypeId::kInt64},
      // Documented difference (grouped_aggregator.h): sum of integers is BIGINT in berserkr,
      // HUGEINT in DuckDB; values past BIGINT are an error in berserkr.
      {"HUGEINT", TypeId::kInt64},
      {"FLOAT", TypeId::kFloat32},
      {"DOUBLE", TypeId::kFloat64},
      {"VARCHAR", TypeId::kString},
      {"BLOB", TypeId::kBinary},
      {"DATE", TypeId::kDate},
      {"TIMESTAMP", TypeId::kTimestamp},
      {"TIMESTAMP WITH TIME ZONE", TypeId::kTimestamp},
      {"\"NULL\"", TypeId::kNull},
  };
  auto found = kSimple.find(duckdb);
  if (found == kSimple.end()) return false;
  if (actual.id() != found->second) return false;
  if (found->second == TypeId::kTimestamp) {
    return actual.timezone().empty() == (duckdb == "TIMESTAMP");
  }
  return true;
}

std::string DuckDbTypeName(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBool:
      return "BOOLEAN";
    case TypeId::kInt32:
      return "INTEGER";
    case TypeId::kInt64:
      return "BIGINT";
    case TypeId::kFloat64:
      return "DOUBLE";
    case TypeId::kString:
      return "VARCHAR";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTimestamp:
      return "TIMESTAMP";
    default:
      throw std::logic_error("oracle: no input encoding for " + type.ToString());
  }
}

// ---- comparison --------------------------------------------------------------------------------

bool DoublesEqual(double left, double right) {
  if (std::isnan(left) || std::isnan(right)) return std::isnan(left) && std::isnan(right);
  if (left == right) return true;  // also -0.0 == 0.0 and equal infinities
  if (std::isinf(left) || std::isinf(right)) return false;
  const double difference = std::fabs(left - right);
  return difference <= 1e-9 * std::max(std::fabs(left), std::fabs(right)) || difference <= 1e-12;
}

bool ValuesEqual(const Value& left, const Value& right) {
  if (left.kind != right.kind) return false;
  switch (left.kind) {
    case Value::Kind::kNull:
      return true;
    case Value::Kind::kBool:
    case Value::Kind::kInt:
      return left.integer == right.integer;
    case Value::Kind::kDouble:
      return DoublesEqual(left.real, right.real);
    case Value::Kind::kText:
      return left.text == right.text;
    case Value::Kind::kList:
      if (left.items.size() != right.items.size()) return false;
      for (size_t index = 0; index < left.items.size(); ++index) {
        if (!ValuesEqual(left.items[index], right.items[index])) return false;
      }
      return true;
  }
  return false;
}

// A total order for sorting answers: NULL first, then by kind, NaN above every number, -0 == 0.
int CompareValues(const Value& left, const Value& right) {
  if (left.kind != right.kind) return left.kind < right.kind ? -1 : 1;
  switch (left.kind) {
    case Value::Kind::kNull:
      return 0;
    case Value::Kind::kBool:
    case Value::Kind::kInt:
      return left.integer < right.integer ? -1 : left.integer > right.integer ? 1 : 0;
    case Value::Kind::kDouble: {
      const bool left_nan = std::isnan(left.real);
      const bool right_nan = std::isnan(right.real);
      if (left_nan || right_nan) return left_nan == right_nan ? 0 : left_nan ? 1 : -1;
      return left.real < right.real ? -1 : left.real > right.real ? 1 : 0;
    }
    case Value::Kind::kText:
      return left.text.compare(right.text) < 0 ? -1 : left.text == right.text ? 0 : 1;
    case Value::Kind::kList:
      for (size_t index = 0; index < std::min(left.items.size(), right.items.size()); ++index) {
        const int order = CompareValues(left.items[index], right.items[index]);
        if (order != 0) return order;
      }
      return left.items.size() < right.items.size()   ? -1
             : left.items.size() > right.items.size() ? 1
                                                      : 0;
  }
  return 0;
}

using Row = std::vector<Value>;

bool HasFloating(const std::string& type) {
  return IsFloatingType(type) || (IsListType(type) && HasFloating(ListItemType(type)));
}

// Sorts rows by the exact columns first, then the inexact ones (doubles, and columns that a mask
// may leave undetermined), so that tolerance in a double never reorders otherwise equal rows.
void SortRows(std::vector<Row>& rows, const std::vector<std::string>& types,
              const std::vector<int>& mask_targets) {
  std::vector<int> order;
  const int visible = static_cast<int>(types.size());
  auto loose = [&](int column) {
    return HasFloating(types[column]) ||
           std::find(mask_targets.begin(), mask_targets.end(), column) != mask_targets.end();
  };
  for (int column = 0; column < visible; ++column) {
    if (!loose(column)) order.push_back(column);
  }
  for (int column = 0; column < visible; ++column) {
    if (loose(column)) order.push_back(column);
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& left, const Row& right) {
    for (int column : order) {
      const int compare = CompareValues(left[column], right[column]);
      if (compare != 0) return compare < 0;
    }
    return false;
  });
}

std::string FormatRow(const Row& row, size_t visible) {
  std::string out = "(";
  for (size_t column = 0; column < std::min(visible, row.size()); ++column) {
    if (column > 0) out += ", ";
    out += FormatValue(row[column]);
  }
  return out + ")";
}

// ---- request / response ------------------------------------------------------------------------

void AppendRequestValue(std::string& out, const Column& column, int64_t row) {
  if (column.IsNull(row)) {
    out += "null";
    return;
  }
  switch (column.type().id()) {
    case TypeId::kBool:
      out += column.GetBool(row) ? "true" : "false";
      return;
    case TypeId::kInt32:
      out += '"' + std::to_string(column.ValuesAs<int32_t>()[row]) + '"';
      return;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      out += '"' + std::to_string(column.ValuesAs<int64_t>()[row]) + '"';
      return;
    case TypeId::kDate:
      out += std::to_string(column.ValuesAs<int32_t>()[row]);
      return;
    case TypeId::kFloat64:
      out += '"' + FormatDoubleExact(column.ValuesAs<double>()[row]) + '"';
      return;
    case TypeId::kString:
      AppendJsonString(out, column.GetString(row));
      return;
    default:
      throw std::logic_error("oracle: no input encoding for " + column.type().ToString());
  }
}

void AppendRequestTable(std::string& out, const std::string& name, const Table& table) {
  out += "{\"name\":";
  AppendJsonString(out, name);
  out += ",\"columns\":[";
  for (int column = 0; column < table.num_columns(); ++column) {
    if (column > 0) out += ',';
    out += '[';
    AppendJsonString(out, table.schema()->field(column).name);
    out += ",\"" + DuckDbTypeName(table.schema()->field(column).type) + "\"]";
  }
  out += "],\"rows\":[";
  bool first_row = true;
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      if (!first_row) out += ',';
      first_row = false;
      out += '[';
      for (int column = 0; column < batch.num_columns(); ++column) {
        if (column > 0) out += ',';
        AppendRequestValue(out, *batch.column(column), row);
      }
      out += ']';
    }
  }
  out += "]}";
}

struct DuckDbAnswer {
  bool ok = false;
  std::string error;
  std::vector<std::string> types;  // visible + mask columns
  std::vector<Row> rows;
};

std::vector<Row> RowsOf(const Table& table) {
  std::vector<Row> rows;
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      Row values;
      for (int column = 0; column < batch.num_columns(); ++column) {
        values.push_back(CellOf(*batch.column(column), row));
      }
      rows.push_back(std::move(values));
    }
  }
  return rows;
}

double ScaleFactor() {
  if (const char* text = std::getenv("BERSERKR_ORACLE_SCALE")) return std::atof(text);
    // Under ASan + UBSan the engine runs ~3-5x slower, but most of the time goes to DuckDB and
    // node, so half the cases keep the sanitizer run well under a minute.
#if defined(__SANITIZE_ADDRESS__)
  return 0.5;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return 0.5;
#endif
#endif
  return 1.0;
}

uint64_t MixSeed(const std::string& family, int index) {
  uint64_t hash = 1469598103934665603ULL;  // FNV-1a of the name, then the index
  for (char c : family) hash = (hash ^ static_cast<uint8_t>(c)) * 1099511628211ULL;
  hash ^= static_cast<uint64_t>(index) + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
  return hash % 1000000000000ULL;  // short enough to type
}

std::string TableSizes(const TableMap& tables) {
  std::string out;
  for (const auto& [name, table] : tables) {
    if (!out.empty()) out += ", ";
    out += name + ": " + std::to_string(table.num_rows()) + " rows in " +
           std::to_string(table.batches().size()) + " batches";
  }
  return out;
}

// Compares one query; returns "" when the answers agree, else what differs.
std::string CompareAnswer(const OracleQuery& query, const DuckDbAnswer& expected,
                          const TableMap& tables, bool* both_failed) {
  Table actual;
  std::string berserkr_error;
  try {
    actual = query.build(tables).Collect();
  } catch (const std::exception& error) {
    berserkr_error = error.what();
    if (berserkr_error.empty()) berserkr_error = "(exception without message)";
  }
  if (!expected.ok || !berserkr_error.empty()) {
    if (!expected.ok && !berserkr_error.empty()) {
      *both_failed = true;
      return "";
    }
    if (!expected.ok) return "DuckDB failed: " + expected.error + "\nberserkr succeeded";
    return "berserkr failed: " + berserkr_error + "\nDuckDB succeeded";
  }
  const size_t visible = expected.types.size() - query.mask_targets.size();
  std::ostringstream out;
  if (static_cast<size_t>(actual.num_columns()) != visible) {
    out << "column count: DuckDB " << visible << ", berserkr " << actual.num_columns() << " ("
        << actual.schema()->ToString() << ")";
    return out.str();
  }
  for (size_t column = 0; column < visible; ++column) {
    if (!TypeMatches(expected.types[column], actual.schema()->field(column).type)) {
      out << "type of column " << column << " (" << actual.schema()->field(column).name
          << "): DuckDB " << expected.types[column] << ", berserkr "
          << actual.schema()->field(column).type.ToString() << "\n";
    }
  }
  if (!out.str().empty()) return out.str();
  std::vector<Row> expected_rows = expected.rows;
  std::vector<Row> actual_rows = RowsOf(actual);
  if (expected_rows.size() != actual_rows.size()) {
    out << "row count: DuckDB " << expected_rows.size() << ", berserkr " << actual_rows.size()
        << "\n";
  }
  std::vector<std::string> visible_types(expected.types.begin(), expected.types.begin() + visible);
  if (!query.ordered) {
    SortRows(expected_rows, visible_types, query.mask_targets);
    SortRows(actual_rows, visible_types, query.mask_targets);
  }
  int shown = 0;
  for (size_t row = 0; row < std::max(expected_rows.size(), actual_rows.size()); ++row) {
    bool equal = row < expected_rows.size() && row < actual_rows.size();
    for (size_t column = 0; equal && column < visible; ++column) {
      bool compared = true;
      for (size_t mask = 0; mask < query.mask_targets.size(); ++mask) {
        const Value& flag = expected_rows[row][visible + mask];
        if (query.mask_targets[mask] == static_cast<int>(column) &&
            !(flag.kind == Value::Kind::kBool && flag.integer)) {
          compared = false;
        }
      }
      if (compared && !ValuesEqual(expected_rows[row][column], actual_rows[row][column])) {
        equal = false;
      }
    }
    if (equal) continue;
    if (shown++ >= 5) {
      out << "  ...\n";
      break;
    }
    out << "  row " << row << ":\n    DuckDB   "
        << (row < expected_rows.size() ? FormatRow(expected_rows[row], visible) : "(none)")
        << "\n    berserkr "
        << (row < actual_rows.size() ? FormatRow(actual_rows[row], visible) : "(none)") << "\n";
  }
  if (shown > 0) {
    return "rows differ (" + std::string(query.ordered ? "in order" : "both sorted") + ", " +
           std::to_string(expected_rows.size()) + " vs " + std::to_string(actual_rows.size()) +
           "):\n" + out.str();
  }
  return out.str();
}

}  // namespace

void RegisterFamily(Family family) { Registry().push_back(std::move(family)); }

std::vector<Family> RegisteredFamilies() {
  std::vector<Family> families = Registry();
  std::sort(families.begin(), families.end(),
            [](const Family& left, const Family& right) { return left.name < right.name; });
  return families;
}

std::string OracleUnavailableReason() {
  if (!HaveCommand("node")) return "node is not installed: run scripts/install-deps.sh";
  if (!std::filesystem::exists(OracleDir() + "/node_modules/@duckdb/node-api")) {
    return "tests/oracle/node_modules is missing: run scripts/install-deps.sh";
  }
  return "";
}

int CaseCount(const Family& family) {
  return std::max(1, static_cast<int>(family.default_cases * ScaleFactor()));
}

FamilyReport RunOracleFamily(const Family& family) {
  FamilyReport report;
  std::vector<uint64_t> seeds;
  if (const char* seed = std::getenv("BERSERKR_ORACLE_SEED")) {
    seeds.push_back(std::strtoull(seed, nullptr, 10));
  } else {
    for (int index = 0; index < CaseCount(family); ++index) {
      seeds.push_back(MixSeed(family.name, index));
    }
  }
  const bool verbose = std::getenv("BERSERKR_ORACLE_VERBOSE") != nullptr;

  std::vector<OracleCase> cases;
  std::string request = "{\"cases\":[";
  for (size_t index = 0; index < seeds.size(); ++index) {
    Rng rng(seeds[index]);
    OracleCase oracle_case;
    family.generate(rng, oracle_case);
    if (index > 0) request += ',';
    request += "{\"tables\":[";
    bool first = true;
    for (const auto& [name, table] : oracle_case.tables) {
      if (!first) request += ',';
      first = false;
      AppendRequestTable(request, name, table);
    }
    request += "],\"queries\":[";
    for (size_t query = 0; query < oracle_case.queries.size(); ++query) {
      if (query > 0) request += ',';
      AppendJsonString(request, oracle_case.queries[query].sql);
      if (verbose)
        std::cerr << "[" << seeds[index] << "] " << oracle_case.queries[query].sql << "\n";
    }
    request += "]}";
    cases.push_back(std::move(oracle_case));
  }
  request += "]}";

  std::string directory_pattern =
      (std::filesystem::temp_directory_path() / "berserkr-oracle-XXXXXX").string();
  if (mkdtemp(directory_pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  const std::filesystem::path directory = directory_pattern;
  const std::string request_path = (directory / "request.json").string();
  const std::string response_path = (directory / "response.jsonl").string();
  {
    std::ofstream file(request_path, std::ios::binary);
    file << request;
  }
  const std::string command = "node '" + OracleDir() + "/duckdb_oracle.mjs' '" + request_path +
                              "' '" + response_path + "' 2>'" + (directory / "stderr").string() +
                              "'";
  const int status = std::system(command.c_str());
  if (status != 0) {
    std::ifstream error_file(directory / "stderr");
    std::string errors((std::istreambuf_iterator<char>(error_file)), {});
    report.failures.push_back("the DuckDB oracle failed (" + command + "):\n" + errors);
    std::filesystem::remove_all(directory);
    return report;
  }

  simdjson::dom::parser parser;
  std::ifstream response(response_path, std::ios::binary);
  std::string line;
  std::map<std::pair<int64_t, int64_t>, DuckDbAnswer> answers;
  while (std::getline(response, line)) {
    simdjson::dom::element root = parser.parse(line);
    DuckDbAnswer answer;
    answer.ok = bool(root["ok"].get_bool());
    if (!answer.ok) {
      answer.error = std::string(std::string_view(root["error"].get_string()));
    } else {
      for (simdjson::dom::element type : root["types"].get_array()) {
        answer.types.emplace_back(std::string_view(type.get_string()));
      }
      for (simdjson::dom::element row : root["rows"].get_array()) {
        Row values;
        size_t column = 0;
        for (simdjson::dom::element cell : row.get_array()) {
          values.push_back(ParseJsonValue(cell, answer.types[column++]));
        }
        answer.rows.push_back(std::move(values));
      }
    }
    answers[{int64_t(root["case"].get_int64()), int64_t(root["query"].get_int64())}] =
        std::move(answer);
  }
  // BERSERKR_ORACLE_KEEP=1 keeps the request (the tables, as JSON) and the answers to look at.
  if (std::getenv("BERSERKR_ORACLE_KEEP") != nullptr) {
    std::cerr << "oracle request and answers kept in " << directory.string() << "\n";
  } else {
    std::filesystem::remove_all(directory);
  }

  for (size_t index = 0; index < cases.size(); ++index) {
    ++report.cases;
    for (size_t query = 0; query < cases[index].queries.size(); ++query) {
      ++report.queries;
      const OracleQuery& oracle_query = cases[index].queries[query];
      auto found = answers.find({static_cast<int64_t>(index), static_cast<int64_t>(query)});
      std::string difference;
      bool both_failed = false;
      if (found == answers.end()) {
        difference = "no answer from DuckDB";
      } else {
        difference = CompareAnswer(oracle_query, found->second, cases[index].tables, &both_failed);
      }
      if (both_failed) ++report.both_failed;
      if (!difference.empty()) {
        report.failures.push_back(
            "family " + family.name + ", BERSERKR_ORACLE_SEED=" + std::to_string(seeds[index]) +
            ", query " + std::to_string(query) + "\n  SQL: " + oracle_query.sql +
            "\n  tables: " + TableSizes(cases[index].tables) + "\n" + difference);
      }
    }
  }
  return report;
}

}  // namespace berserkr::oracle
