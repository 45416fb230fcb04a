#include "berserkr/plan/data_frame.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>

#include "berserkr/common/error.h"
#include "berserkr/types/column_builder.h"

namespace berserkr {
namespace {

// A table of `batches` batches: key (string, some NULL), group (int64), value (double, some NULL).
Table MakeSales(int batches, int rows_per_batch, uint64_t seed) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"key", DataType::String(), true},
                                                            {"group", DataType::Int64(), true},
                                                            {"value", DataType::Float64(), true}});
  std::mt19937_64 random(seed);
  std::vector<Batch> output;
  for (int batch = 0; batch < batches; ++batch) {
    StringBuilder keys;
    FixedWidthBuilder<int64_t> groups(DataType::Int64());
    FixedWidthBuilder<double> values(DataType::Float64());
    for (int row = 0; row < rows_per_batch; ++row) {
      const uint64_t draw = random();
      if (draw % 17 == 0) {
        keys.AppendNull();
      } else {
        keys.Append("k" + std::to_string(draw % 5));
      }
      groups.Append(static_cast<int64_t>(draw % 3));
      if (draw % 11 == 0) {
        values.AppendNull();
      } else {
        values.Append(static_cast<double>(draw % 1000) / 10);
      }
    }
    output.push_back(
        Batch{schema, {keys.Finish(), groups.Finish(), values.Finish()}, rows_per_batch});
  }
  return Table(schema, std::move(output));
}

TEST(DataFrameTest, FilterProjectGroupByMatchesAReference) {
  const Table sales = MakeSales(7, 1000, 1);
  // Reference: sum and count of value*2 where group <> 1, by key.
  std::map<std::string, std::pair<double, int64_t>> expected;  // "NULL" for the NULL key
  for (const Batch& batch : sales.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      if (batch.columns[1]->ValuesAs<int64_t>()[row] == 1) continue;
      const std::string key =
          batch.columns[0]->IsNull(row) ? "NULL" : std::string(batch.columns[0]->GetString(row));
      auto& [sum, count] = expected[key];
      if (!batch.columns[2]->IsNull(row)) {
        sum += batch.columns[2]->ValuesAs<double>()[row] * 2;
        ++count;
      }
    }
  }
  const Table result = DataFrame::FromTable(sales)
                           .Filter(Col("group") != 1)
                           .WithColumn("doubled", Col("value") * 2)
                           .GroupBy({Col("key")})
                           .Agg({Sum(Col("doubled")).As("total"), Count(Col("doubled")).As("n")})
                           .Collect();
  ASSERT_EQ(result.num_rows(), static_cast<int64_t>(expected.size()));
  EXPECT_EQ(result.schema()->ToString(), "key VARCHAR\ntotal DOUBLE\nn BIGINT\n");
  const ColumnPtr keys = result.CombinedColumn(0);
  const ColumnPtr totals = result.CombinedColumn(1);
  const ColumnPtr counts = result.CombinedColumn(2);
  for (int64_t row = 0; row < result.num_rows(); ++row) {
    const std::string key = keys->IsNull(row) ? "NULL" : std::string(keys->GetString(row));
    ASSERT_TRUE(expected.count(key)) << key;
    EXPECT_NEAR(totals->ValuesAs<double>()[row], expected[key].first,
                1e-9 * std::abs(expected[key].first) + 1e-9);
    EXPECT_EQ(counts->ValuesAs<int64_t>()[row], expected[key].second) << key;
  }
}

TEST(DataFrameTest, GlobalAggregateOverNoRowsGivesOneRow) {
  const Table result = DataFrame::FromTable(MakeSales(2, 10, 2))
                           .Filter(Col("group") > 100)
                           .GroupBy({})
                           .Agg({CountStar().As("rows"), Sum(Col("value")).As("total")})
                           .Collect();
  ASSERT_EQ(result.num_rows(), 1);
  EXPECT_EQ(result.CombinedColumn(0)->FormatValue(0), "0");
  EXPECT_EQ(result.CombinedColumn(1)->FormatValue(0), "NULL");
}

TEST(DataFrameTest, LimitOffsetAcrossBatches) {
  const Table sales = MakeSales(3, 10, 3);
  const Table page = DataFrame::FromTable(sales).Limit(12, 5).Collect();
  ASSERT_EQ(page.num_rows(), 12);
  EXPECT_EQ(page.CombinedColumn(1)->FormatValue(0), sales.batches()[0].columns[1]->FormatValue(5));
  EXPECT_EQ(page.CombinedColumn(1)->FormatValue(11), sales.batches()[1].columns[1]->FormatValue(6));
}

TEST(DataFrameTest, SortThenLimitGivesTheTopRows) {
  const Table sales = MakeSales(4, 500, 5);
  const Table top = DataFrame::FromTable(sales)
                        .Filter(IsNotNull(Col("value")))
                        .Sort({{"value", /*ascending=*/false}, {"key"}})
                        .Limit(10)
                        .Collect();
  ASSERT_EQ(top.num_rows(), 10);
  std::vector<double> values;
  for (const Batch& batch : sales.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      if (!batch.columns[2]->IsNull(row))
        values.push_back(batch.columns[2]->ValuesAs<double>()[row]);
    }
  }
  std::sort(values.begin(), values.end(), std::greater<double>());
  const ColumnPtr sorted = top.CombinedColumn(2);
  for (int64_t row = 0; row < 10; ++row)
    EXPECT_EQ(sorted->ValuesAs<double>()[row], values[row]) << row;
  EXPECT_THROW(DataFrame::FromTable(sales).Sort({{"valeu"}}), InvalidInput);
}

TEST(DataFrameTest, MistakesSurfaceWhenThePlanIsBuilt) {
  const DataFrame frame = DataFrame::FromTable(MakeSales(1, 5, 4));
  try {
    frame.Filter(Col("valu") > 1);
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("did you mean 'value'"), std::string::npos)
        << error.what();
  }
  EXPECT_THROW(frame.Filter(Col("value") + 1), InvalidInput);               // not a condition
  EXPECT_THROW(frame.GroupBy({Col("key")}).Agg({Sum(Col("key"))}), Error);  // sum of text
  const std::string plan =
      frame.Filter(Col("group") == 2).GroupBy({Col("key")}).Agg({CountStar()}).Explain();
  EXPECT_NE(plan.find("Aggregate keys=[key]"), std::string::npos) << plan;
  EXPECT_NE(plan.find("  Filter"), std::string::npos) << plan;
  EXPECT_NE(plan.find("    Table rows=5"), std::string::npos) << plan;
}

}  // namespace
}  // namespace berserkr

namespace berserkr {
namespace {

// Regression: a struct field reached by a dotted path binds without a column index; the optimizer
// wrote used[-1] and crashed (found by the SQL tests).
TEST(DataFrameTest, SelectingAStructFieldByPathSurvivesTheOptimizer) {
  const DataFrame events =
      DataFrame::ReadJson({std::string(BERSERKR_SOURCE_DIR) + "/tests/sql/data/events.jsonl"});
  const Table table =
      events.Select({{"kind", Col("tags.kind")}, {"id", Col("id")}}).Sort({{"id"}}).Collect();
  ASSERT_EQ(table.num_rows(), 3);
  EXPECT_EQ(table.batches()[0].columns[0]->FormatValue(0), "a");
}

}  // namespace
}  // namespace berserkr
