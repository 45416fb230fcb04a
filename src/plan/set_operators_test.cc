// Distinct, Union, MapBatches and Limit through the DataFrame API.

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/column_builder.h"

namespace berserkr {
namespace {

// k (INTEGER, some NULL), s (VARCHAR, some NULL), n (BIGINT: the row number): few distinct (k, s).
Table MakeRows(int64_t num_batches, int64_t rows_per_batch, uint64_t seed) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{
      {"k", DataType::Int32()}, {"s", DataType::String()}, {"n", DataType::Int64()}});
  std::mt19937_64 rng(seed);
  std::vector<Batch> batches;
  int64_t number = 0;
  for (int64_t batch = 0; batch < num_batches; ++batch) {
    FixedWidthBuilder<int32_t> k(DataType::Int32());
    StringBuilder s;
    FixedWidthBuilder<int64_t> n(DataType::Int64());
    for (int64_t row = 0; row < rows_per_batch; ++row) {
      rng() % 9 == 0 ? k.AppendNull() : k.Append(static_cast<int32_t>(rng() % 6));
      rng() % 7 == 0 ? s.AppendNull()
                     : s.Append(std::string(1, static_cast<char>('a' + rng() % 4)));
      n.Append(number++);
    }
    batches.push_back(Batch{schema, {k.Finish(), s.Finish(), n.Finish()}, rows_per_batch});
  }
  return Table(schema, std::move(batches));
}

// Every row as text, "k|s|n", in order.
std::vector<std::string> RowTexts(const Table& table, int num_columns) {
  std::vector<std::string> rows;
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      std::string text;
      for (int column = 0; column < num_columns; ++column) {
        text += (column ? "|" : "") + batch.columns[column]->FormatValue(row);
      }
      rows.push_back(text);
    }
  }
  return rows;
}

TEST(DistinctTest, KeepsTheFirstRowOfEachKeyInOrderOfAppearance) {
  const Table table = MakeRows(9, 50, 1);
  // Reference: first appearance of each (k, s), by brute force.
  std::vector<std::string> expected;
  std::vector<std::string> expected_with_number;
  std::set<std::string> seen;
  const std::vector<std::string> keys = RowTexts(table, 2);
  const std::vector<std::string> all = RowTexts(table, 3);
  for (size_t row = 0; row < keys.size(); ++row) {
    if (seen.insert(keys[row]).second) {
      expected.push_back(keys[row]);
      expected_with_number.push_back(all[row]);
    }
  }
  const DataFrame frame = DataFrame::FromTable(table);
  const Table distinct_keys = frame.Select({{"k", Col("k")}, {"s", Col("s")}}).Distinct().Collect();
  EXPECT_EQ(RowTexts(distinct_keys, 2), expected);
  EXPECT_EQ(RowTexts(frame.Distinct({"k", "s"}).Collect(), 3), expected_with_number);
  // Every row is distinct when the row number is a key.
  EXPECT_EQ(frame.Distinct().Collect().num_rows(), table.num_rows());
  EXPECT_EQ(frame.Filter(Col("n") < 0).Distinct().Collect().num_rows(), 0);
  EXPECT_THROW(frame.Distinct({"kk"}), InvalidInput);
  EXPECT_NE(frame.Distinct({"k"}).Explain().find("Distinct k"), std::string::npos);
}

TEST(UnionTest, ConcatenatesInOrderAndWidensTypes) {
  const Table first = MakeRows(2, 5, 2);
  const Table second = MakeRows(3, 4, 3);
  const DataFrame left = DataFrame::FromTable(first);
  // k as BIGINT and n as DOUBLE on the right: the union takes BIGINT and DOUBLE.
  const DataFrame right =
      DataFrame::FromTable(second).Select({{"key", Cast(Col("k"), DataType::Int64())},
                                           {"s", Col("s")},
                                           {"n", Cast(Col("n"), DataType::Float64())}});
  const DataFrame both = left.UnionAll(right);
  EXPECT_EQ(both.schema().ToString(), "k BIGINT\ns VARCHAR\nn DOUBLE\n");
  const Table result = both.Collect();
  ASSERT_EQ(result.num_rows(), 22);
  const std::vector<std::string> rows = RowTexts(result, 2);
  std::vector<std::string> expected = RowTexts(first, 2);
  for (const std::string& row : RowTexts(second, 2)) expected.push_back(row);
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(result.CombinedColumn(2)->FormatValue(10), "0");  // the right's first n, as DOUBLE
  // Three inputs, one of them empty.
  EXPECT_EQ(left.Union({left.Filter(Col("n") < 0), left}).Collect().num_rows(), 20);
  // A number meets text as VARCHAR, as in DuckDB.
  EXPECT_EQ(
      left.Select({{"x", Col("k")}}).UnionAll(left.Select({{"x", Col("s")}})).schema().ToString(),
      "x VARCHAR\n");
}

TEST(UnionTest, MismatchesNameTheColumnAndTypes) {
  const DataFrame frame = DataFrame::FromTable(MakeRows(1, 3, 4));
  EXPECT_THROW(frame.UnionAll(frame.Select({{"k", Col("k")}})), InvalidInput);
  try {
    frame.UnionAll(frame.WithColumn("n", Cast(Lit("2024-01-31"), DataType::Date())));
    FAIL();
  } catch (const InvalidInput& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("column 2 ('n') is BIGINT"), std::string::npos) << message;
    EXPECT_NE(message.find("DATE"), std::string::npos) << message;
  }
}

TEST(MapBatchesTest, RunsTheFunctionOnEveryBatchAndChecksTheSchema) {
  const Table table = MakeRows(6, 10, 5);
  const DataFrame frame = DataFrame::FromTable(table);
  Schema doubled({{"twice", DataType::Int64(), true}});
  const auto twice = [&](const Batch& batch) {
    FixedWidthBuilder<int64_t> values(DataType::Int64());
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      values.Append(2 * batch.columns[2]->ValuesAs<int64_t>()[row]);
    }
    return Batch{nullptr, {values.Finish()}, batch.num_rows};
  };
  const Table result = frame.Filter(Col("n") % 2 == 0).MapBatches(twice, doubled).Collect();
  ASSERT_EQ(result.num_rows(), 30);
  EXPECT_EQ(result.schema()->ToString(), "twice BIGINT\n");
  for (int64_t row = 0; row < 30; ++row) {
    EXPECT_EQ(result.CombinedColumn(0)->ValuesAs<int64_t>()[row], 4 * row);
  }
  // Later steps see the declared schema.
  EXPECT_EQ(frame.MapBatches(twice, doubled).Filter(Col("twice") > 100).Collect().num_rows(), 9);
  // A result of the wrong type names the batch and the column. Only batch 3 goes wrong: batches
  // run in parallel, so with several bad ones any could be the one reported.
  const auto wrong = [&](const Batch& batch) {
    if (batch.columns[2]->ValuesAs<int64_t>()[0] != 30) return twice(batch);
    return Batch{nullptr, {batch.columns[1]}, batch.num_rows};
  };
  try {
    frame.MapBatches(wrong, doubled).Collect();
    FAIL();
  } catch (const InvalidInput& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("batch 3"), std::string::npos) << message;
    EXPECT_NE(message.find("column 0 ('twice') of type VARCHAR"), std::string::npos) << message;
  }
  const auto too_short = [&](const Batch& batch) {
    return Batch{nullptr, {twice(batch).columns[0]->Slice(0, 1)}, batch.num_rows};
  };
  EXPECT_THROW(frame.MapBatches(too_short, doubled).Collect(), InvalidInput);
}

TEST(LimitTest, StopsReadingAPipelineOnceItHasEnoughRows) {
  const Table table = MakeRows(200, 10, 6);
  std::atomic<int> calls{0};
  const auto counted = [&](const Batch& batch) {
    ++calls;
    return batch;
  };
  const DataFrame frame =
      DataFrame::FromTable(table).MapBatches(counted, *table.schema()).Filter(Col("n") % 3 == 0);
  const Table page = frame.Limit(5, 2).Collect();
  ASSERT_EQ(page.num_rows(), 5);
  for (int64_t row = 0; row < 5; ++row) {
    EXPECT_EQ(page.CombinedColumn(2)->ValuesAs<int64_t>()[row], 3 * (row + 2));
  }
  EXPECT_LT(calls.load(), 200);
  // A limit past the end returns everything there is.
  EXPECT_EQ(frame.Limit(1000000).Collect().num_rows(), 667);
  EXPECT_EQ(frame.Limit(0).Collect().num_rows(), 0);
}

TEST(LimitTest, AfterSortKeepsTheTopRowsWithOffset) {
  const Table table = MakeRows(7, 100, 7);
  const DataFrame sorted = DataFrame::FromTable(table).Sort({{"s", false, true}, {"k"}});
  const std::vector<std::string> all = RowTexts(sorted.Collect(), 3);
  const std::vector<std::string> page = RowTexts(sorted.Limit(25, 40).Collect(), 3);
  EXPECT_EQ(page, std::vector<std::string>(all.begin() + 40, all.begin() + 65));
  EXPECT_EQ(RowTexts(sorted.Limit(1000, 690).Collect(), 3),
            std::vector<std::string>(all.begin() + 690, all.end()));
}

}  // namespace
}  // namespace berserkr
