#include "berserkr/exec/take.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/types/column_builder.h"
#include "exec/sort_testing_internal.h"

namespace berserkr {
namespace {

using exec_testing::AllTypes;
using exec_testing::RandomColumn;

// Checks `taken` against `source` row by row through FormatValue, which walks nested values, and
// checks that the null count matches the rows.
void ExpectTaken(const Column& source, const std::vector<uint32_t>& indices, const Column& taken) {
  ASSERT_EQ(taken.length(), static_cast<int64_t>(indices.size()));
  ASSERT_EQ(taken.type(), source.type());
  EXPECT_EQ(taken.offset(), 0);
  int64_t nulls = 0;
  for (size_t row = 0; row < indices.size(); ++row) {
    nulls += taken.IsNull(static_cast<int64_t>(row));
    if (indices[row] == kNullIndex) {
      EXPECT_TRUE(taken.IsNull(static_cast<int64_t>(row))) << row;
      continue;
    }
    ASSERT_EQ(taken.IsNull(static_cast<int64_t>(row)), source.IsNull(indices[row])) << row;
    EXPECT_EQ(taken.FormatValue(static_cast<int64_t>(row)), source.FormatValue(indices[row]))
        << source.type().ToString() << " row " << row;
  }
  EXPECT_EQ(taken.null_count(), nulls);
}

std::vector<uint32_t> RandomIndices(int64_t source_length, int64_t count, std::mt19937_64& rng,
                                    bool with_null_index) {
  std::vector<uint32_t> indices(static_cast<size_t>(count));
  for (uint32_t& index : indices) {
    index = static_cast<uint32_t>(rng() % static_cast<uint64_t>(source_length));
    if (with_null_index && rng() % 5 == 0) index = kNullIndex;
  }
  return indices;
}

TEST(TakeTest, EveryTypeWholeAndSliced) {
  std::mt19937_64 rng(7);
  for (const DataType& type : AllTypes()) {
    SCOPED_TRACE(type.ToString());
    for (double null_fraction : {0.0, 0.3}) {
      ColumnPtr column = RandomColumn(type, 203, null_fraction, rng);
      // Odd slice starts exercise bit offsets of bools and validity bitmaps.
      for (auto [start, length] : {std::pair<int64_t, int64_t>{0, 203}, {3, 150}, {13, 1}}) {
        ColumnPtr slice = column->Slice(start, length);
        std::vector<uint32_t> indices = RandomIndices(length, 300, rng, false);
        ExpectTaken(*slice, indices, *Take(*slice, indices.data(), 300));
        std::vector<uint32_t> with_nulls = RandomIndices(length, 300, rng, true);
        ExpectTaken(*slice, with_nulls, *TakeWithNulls(*slice, with_nulls.data(), 300));
      }
    }
  }
}

TEST(TakeTest, SlicedSliceOfStructKeepsFieldsAligned) {
  std::mt19937_64 rng(11);
  const DataType type =
      DataType::Struct({{"name", DataType::String()}, {"tags", DataType::List(DataType::Int16())}});
  ColumnPtr column = RandomColumn(type, 100, 0.2, rng)->Slice(5, 90)->Slice(7, 40);
  std::vector<uint32_t> indices = {39, 0, 0, 17, 38};
  ExpectTaken(*column, indices, *Take(*column, indices.data(), 5));
}

TEST(TakeTest, EmptyIndicesGiveEmptyColumns) {
  std::mt19937_64 rng(3);
  for (const DataType& type : AllTypes()) {
    ColumnPtr column = RandomColumn(type, 10, 0.5, rng);
    ColumnPtr taken = Take(*column, nullptr, 0);
    EXPECT_EQ(taken->length(), 0) << type.ToString();
    EXPECT_EQ(taken->null_count(), 0) << type.ToString();
  }
}

TEST(TakeTest, AllNullIndicesOnAColumnWithoutNulls) {
  FixedWidthBuilder<int64_t> builder(DataType::Int64());
  builder.Append(5);
  ColumnPtr column = builder.Finish();
  const std::vector<uint32_t> indices = {kNullIndex, 0, kNullIndex};
  ColumnPtr taken = TakeWithNulls(*column, indices.data(), 3);
  EXPECT_EQ(taken->null_count(), 2);
  EXPECT_EQ(taken->FormatValue(0), "NULL");
  EXPECT_EQ(taken->FormatValue(1), "5");
  // Without kNullIndex rows the result needs no bitmap.
  ColumnPtr dense = TakeWithNulls(*column, indices.data() + 1, 1);
  EXPECT_EQ(dense->validity(), nullptr);
}

TEST(TakeTest, StringsKeepBytesAndUnicode) {
  StringBuilder builder;
  for (const char* text : {"héllo", "", "日本語", "x"}) builder.Append(text);
  builder.AppendNull();
  ColumnPtr column = builder.Finish();
  const std::vector<uint32_t> indices = {2, 4, 1, 0, 2};
  ColumnPtr taken = Take(*column, indices.data(), 5);
  EXPECT_EQ(taken->GetString(0), "日本語");
  EXPECT_TRUE(taken->IsNull(1));
  EXPECT_EQ(taken->GetString(2), "");
  EXPECT_EQ(taken->GetString(3), "héllo");
  EXPECT_EQ(taken->data()->size(), 2 * 9 + 6);
}

TEST(TakeTest, BatchTakesEveryColumn) {
  std::mt19937_64 rng(5);
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{{"a", DataType::Int32()}, {"b", DataType::String()}});
  Batch batch{schema,
              {RandomColumn(DataType::Int32(), 50, 0.1, rng),
               RandomColumn(DataType::String(), 50, 0.1, rng)},
              50};
  Batch slice = batch.Slice(10, 30);
  const std::vector<uint32_t> indices = {29, 0, kNullIndex, 4};
  Batch taken = TakeWithNulls(slice, indices.data(), 4);
  EXPECT_EQ(taken.num_rows, 4);
  EXPECT_EQ(taken.schema, schema);
  for (int column = 0; column < 2; ++column) {
    ExpectTaken(*slice.column(column), indices, *taken.column(column));
  }
}

ColumnPtr BoolColumn(const std::vector<int>& values) {  // -1 = NULL
  BoolBuilder builder;
  for (int value : values) {
    if (value < 0) {
      builder.AppendNull();
    } else {
      builder.Append(value != 0);
    }
  }
  return builder.Finish();
}

TEST(SelectTrueTest, NullCountsAsFalse) {
  ColumnPtr column = BoolColumn({1, -1, 0, 1, -1, 1});
  EXPECT_EQ(SelectTrue(*column).indices, (std::vector<uint32_t>{0, 3, 5}));
  EXPECT_TRUE(SelectTrue(*Column::MakeNull(DataType::Bool(), 9)).indices.empty());
  EXPECT_TRUE(SelectTrue(*Column::MakeNull(DataType::Null(), 9)).indices.empty());
  std::mt19937_64 rng(1);
  EXPECT_THROW(SelectTrue(*RandomColumn(DataType::Int32(), 3, 0, rng)), InvalidInput);
}

TEST(SelectTrueTest, MatchesRowByRowOnSlicesAtEveryBitOffset) {
  std::mt19937_64 rng(19);
  for (double null_fraction : {0.0, 0.4}) {
    ColumnPtr column = RandomColumn(DataType::Bool(), 300, null_fraction, rng);
    for (int64_t start = 0; start < 17; ++start) {
      for (int64_t length : {int64_t{0}, int64_t{1}, int64_t{7}, int64_t{9}, 300 - start - 5}) {
        ColumnPtr slice = column->Slice(start, length);
        std::vector<uint32_t> expected;
        for (int64_t row = 0; row < length; ++row) {
          if (slice->IsValid(row) && slice->GetBool(row))
            expected.push_back(static_cast<uint32_t>(row));
        }
        ASSERT_EQ(SelectTrue(*slice).indices, expected) << start << " " << length;
      }
    }
  }
}

TEST(FilterTest, CompactsSelectedRowsOfColumnsAndBatches) {
  std::mt19937_64 rng(23);
  ColumnPtr condition = RandomColumn(DataType::Bool(), 120, 0.2, rng)->Slice(9, 100);
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{{"s", DataType::String()}, {"l", DataType::List(DataType::Float64())}});
  Batch batch{schema,
              {RandomColumn(DataType::String(), 100, 0.2, rng),
               RandomColumn(DataType::List(DataType::Float64()), 100, 0.2, rng)},
              100};
  SelectionVector selection = SelectTrue(*condition);
  Batch filtered = Filter(batch, selection);
  EXPECT_EQ(filtered.num_rows, selection.size());
  for (int column = 0; column < 2; ++column) {
    ExpectTaken(*batch.column(column), selection.indices, *filtered.column(column));
  }
  ExpectTaken(*batch.column(0), selection.indices, *Filter(*batch.column(0), selection));
}

}  // namespace
}  // namespace berserkr
