#pragma once

// Compares two answers read back from CSV cell by cell: numbers to 1e-9 relative (NaN = NaN),
// text exactly. For the job tests that check berserkr's CSVs against DuckDB's.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "berserkr/formats/csv_reader.h"
#include "jobs/table_values.h"

namespace berserkr::testing_util {

// Reads both CSVs (types sniffed from every row) and adds a failure for each of the first few
// differing cells, a header or a row-count mismatch.
inline void ExpectSameCsv(const std::string& ours_path, const std::string& theirs_path) {
  SCOPED_TRACE(ours_path);
  CsvOptions options;
  options.sample_rows = int64_t{1} << 40;
  const Table ours = ReadCsv({ours_path}, options);
  const Table theirs = ReadCsv({theirs_path}, options);
  ASSERT_EQ(ours.schema()->num_fields(), theirs.schema()->num_fields());
  ASSERT_EQ(ours.num_rows(), theirs.num_rows());
  EXPECT_GT(ours.num_rows(), 0);
  int differences = 0;
  for (int column = 0; column < ours.num_columns(); ++column) {
    const std::string& field = ours.schema()->field(column).name;
    ASSERT_EQ(field, theirs.schema()->field(column).name);
    const bool numeric = ours.schema()->field(column).type.is_numeric() &&
                         theirs.schema()->field(column).type.is_numeric();
    if (numeric) {
      const std::vector<double> a = NumberValues(ours, field);
      const std::vector<double> b = NumberValues(theirs, field);
      for (size_t row = 0; row < a.size(); ++row) {
        const bool same = (std::isnan(a[row]) && std::isnan(b[row])) ||
                          std::abs(a[row] - b[row]) <= 1e-9 * std::abs(b[row]) + 1e-9;
        if (!same && ++differences <= 5) {
          ADD_FAILURE() << field << " row " << row << ": " << a[row] << " vs " << b[row];
        }
      }
    } else {
      const std::vector<std::string> a = StringValues(ours, field);
      const std::vector<std::string> b = StringValues(theirs, field);
      for (size_t row = 0; row < a.size(); ++row) {
        if (a[row] != b[row] && ++differences <= 5) {
          ADD_FAILURE() << field << " row " << row << ": " << a[row] << " vs " << b[row];
        }
      }
    }
  }
  EXPECT_EQ(differences, 0);
}

// Why a test that runs DuckDB (node + tests/oracle/node_modules) cannot, or "" when it can.
inline std::string DuckDbUnavailable() {
  if (std::system("command -v node >/dev/null 2>&1") != 0) return "node is not installed";
  const std::string modules =
      std::string(BERSERKR_SOURCE_DIR) + "/tests/oracle/node_modules/@duckdb/node-api";
  if (!std::filesystem::exists(modules)) {
    return "tests/oracle/node_modules is missing: run scripts/install-deps.sh";
  }
  return "";
}

}  // namespace berserkr::testing_util
