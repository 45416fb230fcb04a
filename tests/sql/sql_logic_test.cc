// The SQL logic tests: every tests/sql/*.test file, in DuckDB's sqllogictest style, runs in a
// fresh SqlSession.
//
//   # a comment
//   statement ok                  the statement must succeed
//   CREATE TABLE t AS VALUES (1, 'a'), (2, NULL);
//
//   statement error               it must fail; the lines after ---- (if any) are a part of
//   SELECT nope FROM t;           the message
//   ----
//   unknown column 'nope'
//
//   query IT rowsort              I integer, T text, R real (compared to 1e-9 relative), one
//   SELECT * FROM t;              letter a column; rowsort sorts both sides' rows as text,
//   ----                          nosort (default) compares in order
//   1	a                          values separated by tabs; NULL for NULL, (empty) for ''
//   2	NULL
//
// __SOURCE_DIR__ in SQL text is the repository root; __TEMP_DIR__ a fresh directory.
// Run one file: build/berserkr_tests --gtest_filter='SqlLogic/*joins'.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "berserkr/common/error.h"
#include "berserkr/sql/session.h"
#include "test_util.h"

namespace berserkr {
namespace {

struct Record {
  enum class Kind { kStatementOk, kStatementError, kQuery };
  Kind kind = Kind::kStatementOk;
  int line = 0;
  std::string sql;
  std::string types;  // query: one letter per column
  bool rowsort = false;
  std::vector<std::string> expected;  // rows (tab-separated) or error text lines
};

std::vector<Record> ParseTestFile(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  std::vector<Record> records;
  size_t index = 0;
  while (index < lines.size()) {
    const std::string& header = lines[index];
    if (header.empty() || header[0] == '#') {
      ++index;
      continue;
    }
    Record record;
    record.line = static_cast<int>(index + 1);
    std::istringstream words(header);
    std::string word;
    words >> word;
    if (word == "statement") {
      words >> word;
      record.kind = word == "ok" ? Record::Kind::kStatementOk : Record::Kind::kStatementError;
      if (word != "ok" && word != "error") {
        throw std::runtime_error(path + ":" + std::to_string(record.line) + ": statement ok|error");
      }
    } else if (word == "query") {
      record.kind = Record::Kind::kQuery;
      words >> record.types;
      while (words >> word) record.rowsort = record.rowsort || word == "rowsort";
    } else {
      throw std::runtime_error(path + ":" + std::to_string(record.line) + ": unknown record '" +
                               header + "'");
    }
    ++index;
    while (index < lines.size() && !lines[index].empty() && lines[index] != "----") {
      record.sql += lines[index++] + "\n";
    }
    if (index < lines.size() && lines[index] == "----") {
      ++index;
      while (index < lines.size() && !lines[index].empty())
        record.expected.push_back(lines[index++]);
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    cells.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) return cells;
    start = tab + 1;
  }
}

std::vector<std::string> Rows(const Table& table) {
  std::vector<std::string> rows;
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      std::string line;
      for (int column = 0; column < batch.num_columns(); ++column) {
        if (column > 0) line += '\t';
        const Column& values = *batch.columns[column];
        if (values.IsNull(row)) {
          line += "NULL";
        } else {
          const std::string text = values.FormatValue(row);
          line += text.empty() ? "(empty)" : text;
        }
      }
      rows.push_back(line);
    }
  }
  return rows;
}

bool CellsMatch(const std::string& actual, const std::string& expected, char type) {
  if (actual == expected) return true;
  if (type != 'R') return false;
  try {
    const double left = std::stod(actual);
    const double right = std::stod(expected);
    return std::fabs(left - right) <= 1e-9 * std::max(std::fabs(left), std::fabs(right)) + 1e-12;
  } catch (const std::exception&) {
    return false;
  }
}

std::string Location(const std::string& path, const Record& record) {
  return std::filesystem::path(path).filename().string() + ":" + std::to_string(record.line);
}

void RunRecord(SqlSession& session, const std::string& path, const Record& record,
               const std::string& sql) {
  switch (record.kind) {
    case Record::Kind::kStatementOk:
      try {
        session.Execute(sql);
      } catch (const std::exception& error) {
        ADD_FAILURE() << Location(path, record) << ": statement failed: " << error.what() << "\n"
                      << sql;
      }
      return;
    case Record::Kind::kStatementError:
      try {
        session.Execute(sql);
        ADD_FAILURE() << Location(path, record) << ": statement should have failed\n" << sql;
      } catch (const Error& error) {
        for (const std::string& part : record.expected) {
          EXPECT_NE(std::string(error.what()).find(part), std::string::npos)
              << Location(path, record) << ": the error\n"
              << error.what() << "\ndoes not contain\n"
              << part;
        }
      }
      return;
    case Record::Kind::kQuery: {
      std::vector<SqlResult> results;
      try {
        results = session.Execute(sql);
      } catch (const std::exception& error) {
        ADD_FAILURE() << Location(path, record) << ": query failed: " << error.what() << "\n"
                      << sql;
        return;
      }
      if (results.empty() || !results.back().has_rows) {
        ADD_FAILURE() << Location(path, record) << ": the query gave no rows\n" << sql;
        return;
      }
      const Table& table = results.back().rows;
      if (table.num_columns() != static_cast<int>(record.types.size())) {
        ADD_FAILURE() << Location(path, record) << ": " << table.num_columns()
                      << " columns, the header says " << record.types.size() << "\n"
                      << sql;
        return;
      }
      std::vector<std::string> actual = Rows(table);
      std::vector<std::string> expected = record.expected;
      if (record.rowsort) {
        std::sort(actual.begin(), actual.end());
        std::sort(expected.begin(), expected.end());
      }
      bool same = actual.size() == expected.size();
      for (size_t row = 0; same && row < actual.size(); ++row) {
        const std::vector<std::string> left = Split(actual[row]);
        const std::vector<std::string> right = Split(expected[row]);
        same = left.size() == right.size();
        for (size_t column = 0; same && column < left.size(); ++column) {
          same = CellsMatch(left[column], right[column], record.types[column]);
        }
      }
      if (!same) {
        std::string got;
        for (const std::string& row : actual) got += row + "\n";
        std::string want;
        for (const std::string& row : expected) want += row + "\n";
        ADD_FAILURE() << Location(path, record) << ": wrong rows for\n"
                      << sql << "got:\n"
                      << got << "expected:\n"
                      << want;
      }
      return;
    }
  }
}

std::vector<std::string> TestFiles() {
  std::vector<std::string> files;
  const std::filesystem::path folder = std::filesystem::path(BERSERKR_SOURCE_DIR) / "tests" / "sql";
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class SqlLogicTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SqlLogicTest, Run) {
  const std::string path = GetParam();
  testing_util::TempDir temp;
  SqlSession session;
  for (const Record& record : ParseTestFile(path)) {
    std::string sql = Replace(record.sql, "__SOURCE_DIR__", BERSERKR_SOURCE_DIR);
    sql = Replace(sql, "__TEMP_DIR__", temp.path().string());
    RunRecord(session, path, record, sql);
  }
}

INSTANTIATE_TEST_SUITE_P(SqlLogic, SqlLogicTest, ::testing::ValuesIn(TestFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (char& character : name) {
                             if (!std::isalnum(static_cast<unsigned char>(character)))
                               character = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace berserkr
