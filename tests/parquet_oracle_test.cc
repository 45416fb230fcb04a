// DuckDB as the oracle for the Parquet reader: tests/oracle/parquet_oracle.mjs writes one table
// as Parquet in several variants (codecs, data page v1 / v2, row-group sizes, with and without
// dictionaries) and records DuckDB's reading of each as JSON lines; berserkr reads the same files
// and must give the same values (doubles to 1e-9 relative). Skips when node or DuckDB is absent.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "berserkr/formats/parquet_reader.h"
#include "oracle/oracle_harness.h"

namespace berserkr {
namespace {

namespace fs = std::filesystem;

std::string OracleScript() {
  return std::string(BERSERKR_SOURCE_DIR) + "/tests/oracle/parquet_oracle.mjs";
}

std::string Hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string hex;
  for (unsigned char byte : bytes) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  return hex;
}

// Empty when the value of `column` at `row` equals `expected`; else what differs.
std::string Difference(const Column& column, int64_t row, simdjson::dom::element expected,
                       const std::string& where) {
  if (expected.is_null()) {
    return column.IsNull(row) ? "" : where + ": expected NULL, got " + column.FormatValue(row);
  }
  if (column.IsNull(row))
    return where + ": expected " + simdjson::to_string(expected) + ", got NULL";
  const auto mismatch = [&] {
    return where + ": expected " + simdjson::to_string(expected) + ", got " +
           column.FormatValue(row);
  };
  switch (column.type().id()) {
    case TypeId::kBool:
      return bool(expected.get_bool()) == column.GetBool(row) ? "" : mismatch();
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return std::to_string(int64_t(expected.get_int64())) == column.FormatValue(row) ? ""
                                                                                      : mismatch();
    case TypeId::kFloat32: {
      const float value = column.ValuesAs<float>()[row];
      return static_cast<float>(double(expected.get_double())) == value ? "" : mismatch();
    }
    case TypeId::kFloat64: {
      const double value = column.ValuesAs<double>()[row];
      const double want = expected.get_double();
      return std::fabs(value - want) <= 1e-9 * std::max(1.0, std::fabs(want)) ? "" : mismatch();
    }
    case TypeId::kString:
      return std::string_view(expected.get_string()) == column.GetString(row) ? "" : mismatch();
    case TypeId::kBinary:
      return std::string_view(expected.get_string()) == Hex(column.GetString(row)) ? ""
                                                                                   : mismatch();
    case TypeId::kDecimal:
    case TypeId::kDate:
      return std::string_view(expected.get_string()) == column.FormatValue(row) ? "" : mismatch();
    case TypeId::kTimestamp:
      return int64_t(expected.get_int64()) == column.ValuesAs<int64_t>()[row] ? "" : mismatch();
    case TypeId::kList: {
      const Column& items = *column.children()[0];
      const int32_t begin = column.Offsets()[row], end = column.Offsets()[row + 1];
      if (expected.is_object()) {  // a map: a list of {key, value} structs
        simdjson::dom::object object = expected.get_object();
        if (static_cast<int64_t>(object.size()) != end - begin) return mismatch();
        int32_t item = begin;
        for (auto [key, value] : object) {
          const Column& keys = *items.children()[0];
          if (keys.GetString(item) != key) return mismatch();
          std::string inner =
              Difference(*items.children()[1], item, value, where + "[" + std::string(key) + "]");
          if (!inner.empty()) return inner;
          ++item;
        }
        return "";
      }
      simdjson::dom::array array = expected.get_array();
      if (static_cast<int64_t>(array.size()) != end - begin) return mismatch();
      int32_t item = begin;
      for (simdjson::dom::element element : array) {
        std::string inner =
            Difference(items, item, element, where + "[" + std::to_string(item - begin) + "]");
        if (!inner.empty()) return inner;
        ++item;
      }
      return "";
    }
    case TypeId::kStruct: {
      simdjson::dom::object object = expected.get_object();
      const std::vector<Field>& fields = column.type().children();
      for (size_t field = 0; field < fields.size(); ++field) {
        simdjson::dom::element value;
        if (object[fields[field].name].get(value) != simdjson::SUCCESS) {
          return where + ": DuckDB has no field " + fields[field].name;
        }
        std::string inner =
            Difference(*column.children()[field], row, value, where + "." + fields[field].name);
        if (!inner.empty()) return inner;
      }
      return "";
    }
    default:
      return where + ": unexpected type " + column.type().ToString();
  }
}

TEST(ParquetOracleTest, DuckDbWrittenFilesReadIdentically) {
  const std::string unavailable = oracle::OracleUnavailableReason();
  if (!unavailable.empty()) GTEST_SKIP() << unavailable;
  std::string directory_pattern =
      (fs::temp_directory_path() / "berserkr-parquet-oracle-XXXXXX").string();
  ASSERT_NE(mkdtemp(directory_pattern.data()), nullptr);
  const fs::path directory = directory_pattern;
  const std::string command = "node '" + OracleScript() + "' '" + directory.string() + "' 2>'" +
                              (directory / "stderr").string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  int variants = 0;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() != ".parquet") continue;
    ++variants;
    const std::string name = entry.path().stem().string();
    SCOPED_TRACE(name);
    const Table table = ReadParquet({entry.path().string()});
    simdjson::dom::parser parser;
    simdjson::dom::document_stream rows;
    ASSERT_EQ(parser.load_many((directory / (name + ".jsonl")).string()).get(rows),
              simdjson::SUCCESS);
    int64_t row_number = 0;
    auto batch = table.batches().begin();
    int64_t row_in_batch = 0;
    int failures = 0;
    for (simdjson::dom::element expected : rows) {
      ASSERT_NE(batch, table.batches().end()) << "DuckDB has more rows than berserkr";
      for (int column = 0; column < table.num_columns(); ++column) {
        const std::string column_name = table.schema()->field(column).name;
        simdjson::dom::element value;
        ASSERT_EQ(expected[column_name].get(value), simdjson::SUCCESS) << column_name;
        const std::string where = name + " row " + std::to_string(row_number) + " " + column_name;
        std::string difference;
        try {
          difference = Difference(*batch->columns[column], row_in_batch, value, where);
        } catch (const std::exception& error) {
          difference = where + ": " + error.what() + " (expected " + simdjson::to_string(value) +
                       ", got " + batch->columns[column]->FormatValue(row_in_batch) + ")";
        }
        if (!difference.empty() && ++failures <= 10) ADD_FAILURE() << difference;
      }
      ++row_number;
      if (++row_in_batch == batch->num_rows) {
        ++batch;
        row_in_batch = 0;
      }
    }
    EXPECT_EQ(row_number, table.num_rows());
    EXPECT_EQ(failures, 0);
  }
  EXPECT_GE(variants, 5);
  fs::remove_all(directory);
}

}  // namespace
}  // namespace berserkr
