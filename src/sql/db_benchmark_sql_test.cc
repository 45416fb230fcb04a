// The ten db-benchmark group-by questions written in SQL give the DataFrame versions' answers
// (bench/groupby_questions.h holds both), and how long planning them takes (printed, not
// asserted: speed belongs to bench/).

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "berserkr/sql/session.h"
#include "berserkr/types/column_builder.h"
#include "groupby_questions.h"

namespace berserkr {
namespace {

// A small table shaped like db-benchmark's G1: id1..id3 text keys, id4..id6 integer keys,
// v1, v2 integers, v3 a double with a few NULLs.
Table GroupbyTable(int64_t rows) {
  std::mt19937_64 random(42);
  auto pick = [&](int64_t count) { return static_cast<int64_t>(random() % count) + 1; };
  std::vector<StringBuilder> text(3);
  std::vector<FixedWidthBuilder<int32_t>> integers;
  for (int column = 0; column < 5; ++column) integers.emplace_back(DataType::Int32());
  FixedWidthBuilder<double> v3(DataType::Float64());
  for (int64_t row = 0; row < rows; ++row) {
    text[0].Append("id" + std::to_string(pick(10)));
    text[1].Append("id" + std::to_string(pick(10)));
    text[2].Append("id" + std::to_string(pick(rows / 10)));
    integers[0].Append(static_cast<int32_t>(pick(10)));
    integers[1].Append(static_cast<int32_t>(pick(10)));
    integers[2].Append(static_cast<int32_t>(pick(rows / 10)));
    integers[3].Append(static_cast<int32_t>(pick(5)));
    integers[4].Append(static_cast<int32_t>(pick(15)));
    if (row % 97 == 0) {
      v3.AppendNull();
    } else {
      v3.Append(static_cast<double>(pick(10000)) / 100);
    }
  }
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  for (int column = 0; column < 3; ++column) {
    fields.push_back({"id" + std::to_string(column + 1), DataType::String(), true});
    columns.push_back(text[column].Finish());
  }
  for (int column = 0; column < 3; ++column) {
    fields.push_back({"id" + std::to_string(column + 4), DataType::Int32(), true});
    columns.push_back(integers[column].Finish());
  }
  fields.push_back({"v1", DataType::Int32(), true});
  columns.push_back(integers[3].Finish());
  fields.push_back({"v2", DataType::Int32(), true});
  columns.push_back(integers[4].Finish());
  fields.push_back({"v3", DataType::Float64(), true});
  columns.push_back(v3.Finish());
  auto schema = std::make_shared<Schema>(fields);
  Batch batch;
  batch.schema = schema;
  batch.columns = std::move(columns);
  batch.num_rows = rows;
  return Table(schema, {batch});
}

std::vector<std::string> SortedRows(const Table& table) {
  std::vector<std::string> rows;
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      std::string line;
      for (const ColumnPtr& column : batch.columns) line += column->FormatValue(row) + "|";
      rows.push_back(line);
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(DbBenchmarkSqlTest, SqlAnswersEqualTheDataFrameAnswers) {
  const DataFrame x = DataFrame::FromTable(GroupbyTable(20'000));
  SqlSession session;
  session.RegisterView("x", x);
  for (size_t index = 0; index < bench::GroupbyQuestions().size(); ++index) {
    const bench::GroupbyQuestion& question = bench::GroupbyQuestions()[index];
    SCOPED_TRACE("q" + std::to_string(index + 1) + ": " + question.sql);
    const Table expected = question.build(x).Collect();
    const Table actual = session.Query(question.sql).Collect();
    ASSERT_EQ(actual.num_columns(), expected.num_columns());
    for (int column = 0; column < expected.num_columns(); ++column) {
      EXPECT_EQ(actual.schema()->field(column).name, expected.schema()->field(column).name);
      EXPECT_EQ(actual.schema()->field(column).type, expected.schema()->field(column).type);
    }
    EXPECT_EQ(SortedRows(actual), SortedRows(expected));
  }
}

TEST(DbBenchmarkSqlTest, PlanningTimesArePrinted) {
  SqlSession session;
  session.RegisterView("x", DataFrame::FromTable(GroupbyTable(1000)));
  for (size_t index = 0; index < bench::GroupbyQuestions().size(); ++index) {
    double best = 1e9;
    for (int run = 0; run < 20; ++run) {
      const auto start = std::chrono::steady_clock::now();
      session.Query(bench::GroupbyQuestions()[index].sql).Explain();
      best = std::min(
          best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count());
    }
    std::printf("q%zu parse + bind + optimize (+ explain text): %.3f ms\n", index + 1, best);
  }
}

}  // namespace
}  // namespace berserkr
