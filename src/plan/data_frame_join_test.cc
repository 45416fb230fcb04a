#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/column_builder.h"

namespace berserkr {
namespace {

template <typename T>
ColumnPtr Fixed(const DataType& type, const std::vector<std::optional<T>>& values) {
  FixedWidthBuilder<T> builder(type);
  for (const auto& value : values) value ? builder.Append(*value) : builder.AppendNull();
  return builder.Finish();
}

ColumnPtr Strings(const std::vector<std::optional<std::string>>& values) {
  StringBuilder builder;
  for (const auto& value : values) value ? builder.Append(*value) : builder.AppendNull();
  return builder.Finish();
}

// A table cut into batches of `batch_rows` rows, so joins see several batches.
Table MakeTable(std::vector<Field> fields, std::vector<ColumnPtr> columns, int64_t batch_rows) {
  auto schema = std::make_shared<Schema>(std::move(fields));
  const int64_t num_rows = columns.empty() ? 0 : columns[0]->length();
  const Batch whole{schema, std::move(columns), num_rows};
  std::vector<Batch> batches;
  for (int64_t start = 0; start < num_rows; start += batch_rows) {
    batches.push_back(whole.Slice(start, std::min(batch_rows, num_rows - start)));
  }
  return Table(schema, std::move(batches));
}

// Every row as "a|b|c|", in output order.
std::vector<std::string> Rows(const Table& table) {
  std::vector<std::string> rows;
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      std::string text;
      for (const ColumnPtr& column : batch.columns) text += column->FormatValue(row) + "|";
      rows.push_back(text);
    }
  }
  return rows;
}

std::vector<std::string> Names(const Schema& schema) {
  std::vector<std::string> names;
  for (const Field& field : schema.fields()) names.push_back(field.name);
  return names;
}

// people(id INTEGER, name, city) and orders(id BIGINT, item, city): ids repeat, some are NULL.
DataFrame People() {
  return DataFrame::FromTable(
      MakeTable({{"id", DataType::Int32(), true},
                 {"name", DataType::String(), true},
                 {"city", DataType::String(), true}},
                {Fixed<int32_t>(DataType::Int32(), {1, 2, 3, std::nullopt, 2}),
                 Strings({"ann", "bob", "cy", "dee", "bob2"}),
                 Strings({"oslo", "rome", "oslo", "nice", "x"})},
                2));
}

DataFrame Orders() {
  return DataFrame::FromTable(
      MakeTable({{"id", DataType::Int64(), true},
                 {"item", DataType::String(), true},
                 {"city", DataType::String(), true}},
                {Fixed<int64_t>(DataType::Int64(), {2, 4, 1, 2, std::nullopt, 1}),
                 Strings({"pen", "ink", "cup", "map", "hat", "mug"}),
                 Strings({"rome", "bonn", "oslo", "oslo", "nice", "oslo"})},
                4));
}

TEST(DataFrameJoinTest, UsingInnerKeepsOneKeyAndSuffixesClashingNames) {
  const DataFrame joined = People().Join(Orders(), {"id"});
  EXPECT_EQ(Names(joined.schema()),
            (std::vector<std::string>{"id", "name", "city", "item", "city_right"}));
  // The left key is INTEGER and keeps its type; matching happens as BIGINT. The left side is
  // smaller, so it is built and the right side's order shows.
  EXPECT_EQ(joined.schema().field(0).type, DataType::Int32());
  EXPECT_EQ(Rows(joined.Collect()),
            (std::vector<std::string>{"2|bob|rome|pen|rome|", "2|bob2|x|pen|rome|",
                                      "1|ann|oslo|cup|oslo|", "2|bob|rome|map|oslo|",
                                      "2|bob2|x|map|oslo|", "1|ann|oslo|mug|oslo|"}));
}

TEST(DataFrameJoinTest, UsingLeftRightAndFullJoins) {
  EXPECT_EQ(Rows(People().Join(Orders(), {"id"}, JoinType::kLeft).Collect()),
            (std::vector<std::string>{"1|ann|oslo|cup|oslo|", "1|ann|oslo|mug|oslo|",
                                      "2|bob|rome|pen|rome|", "2|bob|rome|map|oslo|",
                                      "3|cy|oslo|NULL|NULL|", "NULL|dee|nice|NULL|NULL|",
                                      "2|bob2|x|pen|rome|", "2|bob2|x|map|oslo|"}));
  // A right join builds on the left and probes the right: the right side's order.
  const DataFrame right = People().Join(Orders(), {"id"}, JoinType::kRight);
  EXPECT_EQ(right.schema().field(0).type, DataType::Int64());
  EXPECT_EQ(Rows(right.Collect()),
            (std::vector<std::string>{"2|bob|rome|pen|rome|", "2|bob2|x|pen|rome|",
                                      "4|NULL|NULL|ink|bonn|", "1|ann|oslo|cup|oslo|",
                                      "2|bob|rome|map|oslo|", "2|bob2|x|map|oslo|",
                                      "NULL|NULL|NULL|hat|nice|", "1|ann|oslo|mug|oslo|"}));
  // Full: the key is the first non-NULL of both sides, as BIGINT (the common type).
  const DataFrame full = People().Join(Orders(), {"id"}, JoinType::kFull);
  EXPECT_EQ(full.schema().field(0).type, DataType::Int64());
  std::vector<std::string> rows = Rows(full.Collect());
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "1|ann|oslo|cup|oslo|", "1|ann|oslo|mug|oslo|", "2|bob2|x|map|oslo|",
                      "2|bob2|x|pen|rome|", "2|bob|rome|map|oslo|", "2|bob|rome|pen|rome|",
                      "3|cy|oslo|NULL|NULL|", "4|NULL|NULL|ink|bonn|", "NULL|NULL|NULL|hat|nice|",
                      "NULL|dee|nice|NULL|NULL|"}));
}

TEST(DataFrameJoinTest, SemiAndAntiKeepLeftColumnsOnceEach) {
  const DataFrame semi = People().Join(Orders(), {"id"}, JoinType::kSemi);
  EXPECT_EQ(Names(semi.schema()), (std::vector<std::string>{"id", "name", "city"}));
  EXPECT_EQ(Rows(semi.Collect()),
            (std::vector<std::string>{"1|ann|oslo|", "2|bob|rome|", "2|bob2|x|"}));
  EXPECT_EQ(Rows(People().Join(Orders(), {"id"}, JoinType::kAnti).Collect()),
            (std::vector<std::string>{"3|cy|oslo|", "NULL|dee|nice|"}));
}

TEST(DataFrameJoinTest, SeveralKeysAndExpressionKeysKeepBothSides) {
  const DataFrame two_keys = People().Join(Orders(), {"id", "city"});
  EXPECT_EQ(Rows(two_keys.Collect()),
            (std::vector<std::string>{"2|rome|bob|pen|", "1|oslo|ann|cup|", "1|oslo|ann|mug|"}));
  // ON people.id + 1 = orders.id: both sides' columns are kept, the right ones suffixed.
  const DataFrame shifted = People().Join(Orders(), {Col("id") + 1}, {Col("id")}, JoinType::kInner);
  EXPECT_EQ(Names(shifted.schema()),
            (std::vector<std::string>{"id", "name", "city", "id_right", "item", "city_right"}));
  EXPECT_EQ(Rows(shifted.Collect()),
            (std::vector<std::string>{"1|ann|oslo|2|pen|rome|", "3|cy|oslo|4|ink|bonn|",
                                      "1|ann|oslo|2|map|oslo|"}));
}

TEST(DataFrameJoinTest, IntegerAndDoubleKeysCompareAsDouble) {
  const DataFrame doubles = DataFrame::FromTable(
      MakeTable({{"id", DataType::Float64(), true}, {"value", DataType::Float64(), true}},
                {Fixed<double>(DataType::Float64(), {1.0, 2.5, 3.0}),
                 Fixed<double>(DataType::Float64(), {10, 20, 30})},
                2));
  const DataFrame joined = People().Join(doubles, {"id"});
  EXPECT_EQ(Rows(joined.Collect()), (std::vector<std::string>{"1|ann|oslo|10|", "3|cy|oslo|30|"}));
}

TEST(DataFrameJoinTest, ExplainShowsTheBuildSide) {
  EXPECT_EQ(People().Join(Orders(), {"id"}).Explain(),
            "Logical plan:\n"
            "HashJoin inner on [CAST(id AS BIGINT) = id] build=left\n"
            "  Table rows=5 columns=3\n"
            "  Table rows=6 columns=3\n"
            "Optimized plan:\n"
            "HashJoin inner on [CAST(id AS BIGINT) = id] build=left\n"
            "  Table rows=5 columns=3\n"
            "  Table rows=6 columns=3\n");
  const std::string left = People().Join(Orders(), {"id"}, JoinType::kLeft).Explain();
  EXPECT_NE(left.find("HashJoin left on ["), std::string::npos) << left;
  EXPECT_NE(left.find("build=right"), std::string::npos) << left;
  const std::string filtered = People().Filter(Col("id") > 1).Join(Orders(), {"id"}).Explain();
  EXPECT_NE(filtered.find("build=smaller side"), std::string::npos) << filtered;
}

// Conjuncts of a filter over a join that read one side move below the join; the answer is the
// one of filtering first by hand, and a left join keeps its right-side conditions above.
TEST(DataFrameJoinTest, FiltersMoveBelowTheJoinToTheSideTheyRead) {
  const DataFrame filtered =
      People()
          .Join(Orders(), {"id"})
          .Filter(Col("name") != "cy" && Col("item") != "pen" && Col("city") == Col("city_right"));
  const std::string plan = filtered.Explain();
  const std::string optimized = plan.substr(plan.find("Optimized plan:"));
  EXPECT_NE(optimized.find("  Filter (name <> 'cy')"), std::string::npos) << plan;
  EXPECT_NE(optimized.find("  Filter (item <> 'pen')"), std::string::npos) << plan;
  EXPECT_EQ(optimized.find("Filter (city = city_right)"), optimized.find("Filter")) << plan;
  const DataFrame by_hand = People()
                                .Filter(Col("name") != "cy")
                                .Join(Orders().Filter(Col("item") != "pen"), {"id"})
                                .Filter(Col("city") == Col("city_right"));
  EXPECT_EQ(Rows(filtered.Collect()), Rows(by_hand.Collect()));

  const DataFrame left = People()
                             .Join(Orders(), {"id"}, JoinType::kLeft)
                             .Filter(Col("name") != "cy" && IsNull(Col("item")));
  const std::string left_plan = left.Explain();
  const std::string left_optimized = left_plan.substr(left_plan.find("Optimized plan:"));
  EXPECT_NE(left_optimized.find("  Filter (name <> 'cy')"), std::string::npos) << left_plan;
  EXPECT_EQ(left_optimized.find("Filter (item IS NULL)"), left_optimized.find("Filter"))
      << left_plan;
  EXPECT_EQ(Rows(left.Collect()), (std::vector<std::string>{"NULL|dee|nice|NULL|NULL|"}));
}

TEST(DataFrameJoinTest, JoinsFeedLaterOperators) {
  const Table counts = People()
                           .Join(Orders(), {"id"})
                           .Filter(Col("city") == Col("city_right"))
                           .GroupBy({Col("name")})
                           .Agg({CountStar().As("n")})
                           .Sort({{"name"}})
                           .Collect();
  EXPECT_EQ(Rows(counts), (std::vector<std::string>{"ann|2|", "bob|1|"}));
}

TEST(DataFrameJoinTest, ErrorsNameTheProblem) {
  EXPECT_THROW(People().Join(Orders(), {"nope"}), InvalidInput);
  EXPECT_THROW(People().Join(Orders(), {Col("name")}, {Col("id")}), InvalidInput);
  EXPECT_THROW(People().Join(Orders(), {Col("id")}, {}), InvalidInput);
  EXPECT_THROW(People().Join(Orders(), std::vector<std::string>{}), NotImplemented);
  try {
    People().Join(Orders(), {Col("name")}, {Col("id")});
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("name = id"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace berserkr
