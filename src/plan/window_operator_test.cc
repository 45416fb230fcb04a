#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/column_builder.h"

namespace berserkr {
namespace {

// id, g (VARCHAR), o, v (BIGINT), d (DOUBLE): NULL keys, tied and NULL order values, NULL values.
// Cut into batches of `rows_per_batch` rows.
Table GoldenTable(int64_t rows_per_batch) {
  struct Row {
    const char* g;
    int64_t o, v;
    double d;
  };
  constexpr int64_t kNull = INT64_MIN;
  const std::vector<Row> rows = {{"a", 3, 10, 1.5},    {"b", 1, kNull, 2.0}, {"a", 1, 5, NAN},
                                 {nullptr, 2, 7, 0.5}, {"a", 3, kNull, 4.0}, {"b", kNull, 3, -1.0},
                                 {"a", 2, 8, 2.5},     {nullptr, 2, 1, NAN}, {"a", kNull, 6, 3.0},
                                 {"b", 1, 4, 1.0}};
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"id", DataType::Int64()},
                                                            {"g", DataType::String()},
                                                            {"o", DataType::Int64()},
                                                            {"v", DataType::Int64()},
                                                            {"d", DataType::Float64()}});
  std::vector<Batch> batches;
  for (int64_t start = 0; start < static_cast<int64_t>(rows.size()); start += rows_per_batch) {
    const int64_t end = std::min<int64_t>(rows.size(), start + rows_per_batch);
    FixedWidthBuilder<int64_t> id(DataType::Int64()), o(DataType::Int64()), v(DataType::Int64());
    FixedWidthBuilder<double> d(DataType::Float64());
    StringBuilder g;
    for (int64_t row = start; row < end; ++row) {
      id.Append(row);
      rows[row].g ? g.Append(rows[row].g) : g.AppendNull();
      rows[row].o == kNull ? o.AppendNull() : o.Append(rows[row].o);
      rows[row].v == kNull ? v.AppendNull() : v.Append(rows[row].v);
      std::isnan(rows[row].d) ? d.AppendNull() : d.Append(rows[row].d);
    }
    batches.push_back(
        Batch{schema, {id.Finish(), g.Finish(), o.Finish(), v.Finish(), d.Finish()}, end - start});
  }
  return Table(schema, std::move(batches));
}

// Compares a column with expected values: integers and text exactly, doubles to 1e-12.
void ExpectColumn(const Table& table, const std::string& name,
                  const std::vector<std::string>& expected) {
  const std::optional<int> index = table.schema()->FieldIndex(name);
  ASSERT_TRUE(index) << name;
  const ColumnPtr column = table.CombinedColumn(*index);
  ASSERT_EQ(column->length(), static_cast<int64_t>(expected.size())) << name;
  for (int64_t row = 0; row < column->length(); ++row) {
    if (column->type().id() == TypeId::kFloat64 && expected[row] != "NULL") {
      ASSERT_FALSE(column->IsNull(row)) << name << " row " << row;
      EXPECT_NEAR(column->ValuesAs<double>()[row], std::stod(expected[row]), 1e-12)
          << name << " row " << row;
    } else {
      EXPECT_EQ(column->FormatValue(row), expected[row]) << name << " row " << row;
    }
  }
}

// The same window in DuckDB 1.5 (`WINDOW w AS (PARTITION BY g ORDER BY o)`, rows by id) gave the
// expected columns below.
TEST(WindowOperatorTest, MatchesDuckDB) {
  for (const int64_t rows_per_batch : {10, 3, 1}) {
    const DataFrame frame = DataFrame::FromTable(GoldenTable(rows_per_batch));
    const Table result =
        frame
            .Window(
                {Col("g")}, {{"o"}},
                {RowNumber().As("rn"), Rank().As("rk"), DenseRank().As("dr"), Ntile(3).As("nt"),
                 PercentRank().As("pr"), CumeDist().As("cd"), Lag(Col("v")).As("lg"),
                 Lead(Col("v") * 2, 2, Lit(0)).As("ld"), FirstValue(Col("v")).As("fv"),
                 LastValue(Col("v")).As("lv"), Over(Sum(Col("v"))).As("s"),
                 Over(Mean(Col("v"))).As("a"), Over(Min(Col("v"))).Rows(-1, 1).As("mn"),
                 Over(Max(Col("d"))).Rows(kUnboundedPreceding, kUnboundedFollowing).As("mx"),
                 Over(Count(Col("v"))).As("c"), Over(CountStar()).Rows(-2, kCurrentRow).As("cs")})
            .Window({Col("g")}, {}, {Over(Sum(Col("d"))).As("sd")})
            .Collect();
    ASSERT_EQ(result.num_rows(), 10);
    ExpectColumn(result, "id", {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
    ExpectColumn(result, "rn", {"3", "1", "1", "1", "4", "3", "2", "2", "5", "2"});
    ExpectColumn(result, "rk", {"3", "1", "1", "1", "3", "3", "2", "1", "5", "1"});
    ExpectColumn(result, "dr", {"3", "1", "1", "1", "3", "2", "2", "1", "4", "1"});
    ExpectColumn(result, "nt", {"2", "1", "1", "1", "2", "3", "1", "2", "3", "2"});
    ExpectColumn(result, "pr", {"0.5", "0", "0", "0", "0.5", "1", "0.25", "0", "1", "0"});
    ExpectColumn(result, "cd",
                 {"0.8", "0.6666666666666666", "0.2", "1", "0.8", "1", "0.4", "1", "1",
                  "0.6666666666666666"});
    ExpectColumn(result, "lg", {"8", "NULL", "NULL", "NULL", "10", "4", "5", "7", "NULL", "NULL"});
    ExpectColumn(result, "ld", {"12", "6", "20", "0", "0", "0", "NULL", "0", "0", "0"});
    ExpectColumn(result, "fv", {"5", "NULL", "5", "7", "5", "NULL", "5", "7", "5", "NULL"});
    ExpectColumn(result, "lv", {"NULL", "4", "5", "1", "NULL", "3", "8", "1", "6", "4"});
    ExpectColumn(result, "s", {"23", "4", "5", "8", "23", "7", "13", "8", "29", "4"});
    ExpectColumn(
        result, "a",
        {"7.666666666666667", "4", "5", "4", "7.666666666666667", "3.5", "6.5", "4", "7.25", "4"});
    ExpectColumn(result, "mn", {"8", "4", "5", "1", "6", "3", "5", "1", "6", "3"});
    ExpectColumn(result, "mx", {"4", "2", "4", "0.5", "4", "2", "4", "0.5", "4", "2"});
    ExpectColumn(result, "c", {"3", "1", "1", "2", "3", "2", "2", "2", "4", "1"});
    ExpectColumn(result, "cs", {"3", "1", "1", "1", "3", "3", "2", "2", "3", "2"});
    ExpectColumn(result, "sd", {"11", "2", "11", "0.5", "11", "2", "11", "0.5", "11", "2"});
    EXPECT_EQ(result.schema()->field(5).name, "rn");
    EXPECT_EQ(result.schema()->field(5).type, DataType::Int64());
  }
}

TEST(WindowOperatorTest, RunsAfterAFilterAndExplainsItself) {
  const DataFrame frame = DataFrame::FromTable(GoldenTable(4))
                              .Filter(Col("g") == Lit("a"))
                              .Window({}, {{"v", /*ascending=*/false}},
                                      {RowNumber(), Over(Sum(Col("v"))).Rows(-1, 0).As("pair")});
  const Table result = frame.Collect();
  // Rows of g = 'a' in input order: ids 0 (v 10), 2 (5), 4 (NULL), 6 (8), 8 (6); by v DESC with
  // NULLs last: 10, 8, 6, 5, NULL.
  ExpectColumn(result, "id", {"0", "2", "4", "6", "8"});
  ExpectColumn(result, "row_number", {"1", "4", "5", "2", "3"});
  ExpectColumn(result, "pair", {"10", "11", "5", "18", "14"});
  const std::string plan = frame.Explain();
  EXPECT_NE(plan.find("Window partition=[] order=[v DESC] functions=[row_number() AS row_number, "
                      "sum(v) ROWS BETWEEN 1 PRECEDING AND CURRENT ROW AS pair]"),
            std::string::npos)
      << plan;
  EXPECT_NE(plan.find("  Filter"), std::string::npos) << plan;
}

TEST(WindowOperatorTest, EmptyInputGivesNoRowsButTheWindowColumns) {
  const DataFrame frame = DataFrame::FromTable(GoldenTable(3));
  const Table empty = frame.Filter(Col("id") < 0)
                          .Window({Col("g")}, {{"o"}}, {Rank(), Over(Sum(Col("v")))})
                          .Collect();
  EXPECT_EQ(empty.num_rows(), 0);
  EXPECT_EQ(empty.schema()->num_fields(), 7);
}

TEST(WindowOperatorTest, MistakesSurfaceWhenThePlanIsBuilt) {
  const DataFrame frame = DataFrame::FromTable(GoldenTable(10));
  EXPECT_THROW(frame.Window({Col("gg")}, {}, {RowNumber()}), InvalidInput);
  EXPECT_THROW(frame.Window({}, {{"oo"}}, {RowNumber()}), InvalidInput);
  EXPECT_THROW(frame.Window({}, {}, {Ntile(0)}), InvalidInput);
  EXPECT_THROW(frame.Window({}, {}, {Over(Sum(Col("g")))}), NotImplemented);
  EXPECT_THROW(frame.Window({}, {}, {Over(Median(Col("v")))}), NotImplemented);
  EXPECT_THROW(frame.Window({}, {}, {RowNumber().As("id")}), InvalidInput);
  // A default that does not convert to the value's type fails when run, naming the value.
  try {
    frame.Window({}, {}, {Lag(Col("v"), 1, Lit("x"))}).Collect();
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("'x'"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace berserkr
