#include "berserkr/exec/sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/types/column_builder.h"
#include "exec/sort_testing_internal.h"

namespace berserkr {
namespace {

using exec_testing::RandomColumn;

// A table of random batches of `types`: batch sizes vary, some batches are slices of larger
// columns (non-zero offsets) and some are empty.
Table RandomTable(const std::vector<DataType>& types, int64_t num_rows, std::mt19937_64& rng) {
  std::vector<Field> fields;
  for (size_t index = 0; index < types.size(); ++index) {
    fields.push_back({"c" + std::to_string(index), types[index]});
  }
  auto schema = std::make_shared<Schema>(fields);
  std::vector<Batch> batches;
  int64_t remaining = num_rows;
  while (remaining > 0 || batches.size() < 2) {
    const int64_t length = std::min<int64_t>(remaining, 1 + static_cast<int64_t>(rng() % 3000));
    const int64_t skip = static_cast<int64_t>(rng() % 3) * 5;  // a slice at an odd offset
    Batch batch{schema, {}, length + skip};
    for (const DataType& type : types) {
      batch.columns.push_back(RandomColumn(type, length + skip, 0.15, rng));
    }
    batches.push_back(skip == 0 ? batch : batch.Slice(skip, length));
    remaining -= length;
  }
  return Table(schema, std::move(batches));
}

// The reference: a value comparison written straight from the Column API and SQL rules.
int ReferenceCompare(const Column& left, int64_t left_row, const Column& right, int64_t right_row) {
  auto sign = [](auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); };
  auto floats = [](double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return int(std::isnan(a)) - int(std::isnan(b));
    return a < b ? -1 : (a > b ? 1 : 0);
  };
  switch (left.type().id()) {
    case TypeId::kBool:
      return sign(int(left.GetBool(left_row)), int(right.GetBool(right_row)));
    case TypeId::kInt8:
      return sign(left.ValuesAs<int8_t>()[left_row], right.ValuesAs<int8_t>()[right_row]);
    case TypeId::kInt16:
      return sign(left.ValuesAs<int16_t>()[left_row], right.ValuesAs<int16_t>()[right_row]);
    case TypeId::kInt32:
    case TypeId::kDate:
      return sign(left.ValuesAs<int32_t>()[left_row], right.ValuesAs<int32_t>()[right_row]);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return sign(left.ValuesAs<int64_t>()[left_row], right.ValuesAs<int64_t>()[right_row]);
    case TypeId::kFloat32:
      return floats(left.ValuesAs<float>()[left_row], right.ValuesAs<float>()[right_row]);
    case TypeId::kFloat64:
      return floats(left.ValuesAs<double>()[left_row], right.ValuesAs<double>()[right_row]);
    case TypeId::kDecimal:
      return sign(left.ValuesAs<__int128>()[left_row], right.ValuesAs<__int128>()[right_row]);
    case TypeId::kString:
    case TypeId::kBinary: {
      const std::string_view a = left.GetString(left_row);
      const std::string_view b = right.GetString(right_row);
      const int bytes = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
      return bytes != 0 ? sign(bytes, 0) : sign(a.size(), b.size());
    }
    default:
      return 0;
  }
}

// The oracle: std::stable_sort of global row ids with the reference comparison.
std::vector<uint32_t> ReferenceSort(const Table& table, const std::vector<SortKey>& keys) {
  std::vector<std::pair<int, int64_t>> locations;  // global row -> (batch, row)
  for (size_t batch = 0; batch < table.batches().size(); ++batch) {
    for (int64_t row = 0; row < table.batches()[batch].num_rows; ++row) {
      locations.push_back({static_cast<int>(batch), row});
    }
  }
  std::vector<uint32_t> order(locations.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    for (const SortKey& key : keys) {
      const Column& left = *table.batches()[locations[a].first].columns[key.column];
      const Column& right = *table.batches()[locations[b].first].columns[key.column];
      const bool left_null = left.IsNull(locations[a].second);
      const bool right_null = right.IsNull(locations[b].second);
      if (left_null && right_null) continue;
      if (left_null || right_null) return left_null == key.nulls_first;
      int result = ReferenceCompare(left, locations[a].second, right, locations[b].second);
      if (!key.ascending) result = -result;
      if (result != 0) return result < 0;
    }
    return false;
  });
  return order;
}

std::vector<SortKey> RandomKeys(int num_columns, int num_keys, std::mt19937_64& rng) {
  std::vector<SortKey> keys;
  for (int index = 0; index < num_keys; ++index) {
    keys.push_back({static_cast<int>(rng() % static_cast<uint64_t>(num_columns)), rng() % 2 == 0,
                    rng() % 2 == 0});
  }
  return keys;
}

const std::vector<DataType> kKeyTypes = {
    DataType::Bool(),   DataType::Int8(),    DataType::Int16(),   DataType::Int32(),
    DataType::Int64(),  DataType::Float32(), DataType::Float64(), DataType::Decimal(38, 2),
    DataType::String(), DataType::Binary(),  DataType::Date(),    DataType::Timestamp("UTC"),
    DataType::Null()};

TEST(SortTest, EveryKeyTypeAloneMatchesStableSort) {
  std::mt19937_64 rng(42);
  ThreadPool threads(2);
  for (const DataType& type : kKeyTypes) {
    const Table table = RandomTable({type, DataType::Int32()}, 2000, rng);
    for (bool ascending : {true, false}) {
      for (bool nulls_first : {false, true}) {
        const std::vector<SortKey> keys = {{0, ascending, nulls_first}};
        ASSERT_EQ(SortIndices(table, keys, &threads), ReferenceSort(table, keys))
            << type.ToString() << " ascending=" << ascending << " nulls_first=" << nulls_first;
      }
    }
  }
}

TEST(SortTest, SeveralKeysMatchStableSort) {
  std::mt19937_64 rng(7);
  ThreadPool threads(3);
  for (int round = 0; round < 30; ++round) {
    std::vector<DataType> types;
    for (int column = 0; column < 4; ++column) types.push_back(kKeyTypes[rng() % kKeyTypes.size()]);
    const Table table = RandomTable(types, 1500, rng);
    const std::vector<SortKey> keys = RandomKeys(4, 1 + static_cast<int>(rng() % 3), rng);
    ASSERT_EQ(SortIndices(table, keys, &threads), ReferenceSort(table, keys)) << round;
  }
}

TEST(SortTest, LargeInputsSplitIntoMergedRunsMatchStableSort) {
  // Enough rows for one run per thread and merges of an odd number of runs.
  std::mt19937_64 rng(9);
  ThreadPool threads(3);
  const Table table =
      RandomTable({DataType::String(), DataType::Float64(), DataType::Int64()}, 140000, rng);
  for (const std::vector<SortKey>& keys :
       {std::vector<SortKey>{{2}}, {{1, false, true}, {0}}, {{0, true, true}, {1, false}}}) {
    ASSERT_EQ(SortIndices(table, keys, &threads), ReferenceSort(table, keys));
  }
}

TEST(SortTest, DefaultsAreAscendingNullsLastAndFloatsFollowDuckDB) {
  FixedWidthBuilder<double> builder(DataType::Float64());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double infinity = std::numeric_limits<double>::infinity();
  for (double value : {nan, 1.0, -0.0, infinity, 0.0, -infinity, -nan}) builder.Append(value);
  builder.AppendNull();
  builder.Append(-2.0);
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"x", DataType::Float64()}});
  const Table table(schema, {Batch{schema, {builder.Finish()}, 9}});
  // -0.0 and 0.0 tie (input order kept); NaNs after +inf; NULL last.
  EXPECT_EQ(SortIndices(table, {{0}}), (std::vector<uint32_t>{5, 8, 2, 4, 1, 3, 0, 6, 7}));
  EXPECT_EQ(SortIndices(table, {{0, false}}), (std::vector<uint32_t>{0, 6, 3, 1, 2, 4, 8, 5, 7}));
  EXPECT_EQ(SortIndices(table, {{0, false, true}}),
            (std::vector<uint32_t>{7, 0, 6, 3, 1, 2, 4, 8, 5}));
}

TEST(SortTest, EmptyInputsAndErrors) {
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{{"a", DataType::Int64()}, {"l", DataType::List(DataType::Int64())}});
  EXPECT_TRUE(SortIndices(Table(schema, {}), {{0}}).empty());
  std::mt19937_64 rng(1);
  const Table empty_batches = RandomTable({DataType::Int64()}, 0, rng);
  EXPECT_EQ(empty_batches.num_rows(), 0);
  EXPECT_EQ(SortTable(empty_batches, {{0}}).num_rows(), 0);
  EXPECT_TRUE(TopNIndices(empty_batches, {{0}}, 5).empty());
  const Table table = RandomTable({DataType::Int64(), DataType::List(DataType::Int64())}, 10, rng);
  EXPECT_THROW(SortIndices(table, {{1}}), NotImplemented);
  EXPECT_THROW(SortIndices(table, {{2}}), InvalidInput);
  EXPECT_THROW(SortIndices(table, {{-1}}), InvalidInput);
  std::vector<uint32_t> identity(10);
  std::iota(identity.begin(), identity.end(), 0u);
  EXPECT_EQ(SortIndices(table, {}), identity);
}

TEST(SortTest, SortTableCarriesEveryColumnIncludingNested) {
  std::mt19937_64 rng(13);
  const std::vector<DataType> types = exec_testing::AllTypes();
  const Table table = RandomTable(types, 5000, rng);
  const std::vector<SortKey> keys = {{9, false}, {5}};  // string DESC, int64
  const std::vector<uint32_t> expected = ReferenceSort(table, keys);
  const Table sorted = SortTable(table, keys);
  ASSERT_EQ(sorted.num_rows(), table.num_rows());
  for (int column = 0; column < table.num_columns(); ++column) {
    const ColumnPtr source = table.CombinedColumn(column);
    const ColumnPtr result = sorted.CombinedColumn(column);
    for (int64_t row = 0; row < sorted.num_rows(); ++row) {
      ASSERT_EQ(result->FormatValue(row), source->FormatValue(expected[row]))
          << types[column].ToString() << " row " << row;
    }
  }
}

TEST(TopNTest, MatchesThePrefixOfTheFullSort) {
  std::mt19937_64 rng(21);
  ThreadPool threads(2);
  for (int round = 0; round < 12; ++round) {
    std::vector<DataType> types;
    for (int column = 0; column < 3; ++column) types.push_back(kKeyTypes[rng() % kKeyTypes.size()]);
    const Table table = RandomTable(types, round < 2 ? 70000 : 1200, rng);
    const std::vector<SortKey> keys = RandomKeys(3, 1 + static_cast<int>(rng() % 3), rng);
    const std::vector<uint32_t> full = ReferenceSort(table, keys);
    for (int64_t n : {int64_t{0}, int64_t{1}, int64_t{7}, int64_t{100}, table.num_rows() - 1,
                      table.num_rows(), table.num_rows() + 5}) {
      const std::vector<uint32_t> top = TopNIndices(table, keys, n, &threads);
      const size_t expected = static_cast<size_t>(std::clamp<int64_t>(n, 0, table.num_rows()));
      ASSERT_EQ(top, std::vector<uint32_t>(full.begin(), full.begin() + expected))
          << round << " n=" << n;
    }
    const Table top = TopN(table, keys, 10, &threads);
    EXPECT_EQ(top.num_rows(), 10);
  }
}

}  // namespace
}  // namespace berserkr
