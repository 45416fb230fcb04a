#include "berserkr/types/column.h"

#include <gtest/gtest.h>

#include "berserkr/common/error.h"
#include "berserkr/types/column_builder.h"
#include "berserkr/types/table.h"
#include "berserkr/types/temporal.h"

namespace berserkr {
namespace {

TEST(ColumnBuilderTest, Int64WithNullsKeepsValuesAndValidity) {
  FixedWidthBuilder<int64_t> builder(DataType::Int64());
  for (int64_t row = 0; row < 20; ++row) {
    if (row % 7 == 3) {
      builder.AppendNull();
    } else {
      builder.Append(row * 10);
    }
  }
  ColumnPtr column = builder.Finish();
  ASSERT_EQ(column->length(), 20);
  EXPECT_EQ(column->null_count(), 3);
  for (int64_t row = 0; row < 20; ++row) {
    EXPECT_EQ(column->IsNull(row), row % 7 == 3) << row;
    if (!column->IsNull(row)) {
      EXPECT_EQ(column->ValuesAs<int64_t>()[row], row * 10);
    }
  }
}

TEST(ColumnBuilderTest, NoNullsMeansNoBitmap) {
  FixedWidthBuilder<double> builder(DataType::Float64());
  builder.Append(1.5);
  builder.Append(2.5);
  ColumnPtr column = builder.Finish();
  EXPECT_EQ(column->validity(), nullptr);
  EXPECT_EQ(column->null_count(), 0);
}

TEST(ColumnBuilderTest, StringsAndBools) {
  StringBuilder strings;
  strings.Append("héllo");
  strings.AppendNull();
  strings.Append("");
  ColumnPtr column = strings.Finish();
  EXPECT_EQ(column->GetString(0), "héllo");
  EXPECT_TRUE(column->IsNull(1));
  EXPECT_EQ(column->GetString(2), "");
  EXPECT_FALSE(column->IsNull(2));

  BoolBuilder bools;
  for (int row = 0; row < 17; ++row) row == 9 ? bools.AppendNull() : bools.Append(row % 3 == 0);
  ColumnPtr flags = bools.Finish();
  EXPECT_EQ(flags->null_count(), 1);
  EXPECT_TRUE(flags->GetBool(15));
  EXPECT_FALSE(flags->GetBool(16));
  EXPECT_EQ(flags->FormatValue(9), "NULL");
}

TEST(ColumnTest, SliceAndConcatenate) {
  StringBuilder builder;
  for (int row = 0; row < 10; ++row) {
    row % 4 == 2 ? builder.AppendNull() : builder.Append("v" + std::to_string(row));
  }
  ColumnPtr column = builder.Finish();
  ColumnPtr tail = column->Slice(5, 5);
  EXPECT_EQ(tail->GetString(0), "v5");
  EXPECT_EQ(tail->null_count(), 1);  // row 6
  ColumnPtr joined = ConcatenateColumns({tail, column->Slice(0, 3)});
  ASSERT_EQ(joined->length(), 8);
  EXPECT_EQ(joined->GetString(0), "v5");
  EXPECT_TRUE(joined->IsNull(1));
  EXPECT_EQ(joined->GetString(4), "v9");
  EXPECT_EQ(joined->GetString(5), "v0");
  EXPECT_TRUE(joined->IsNull(7));
  EXPECT_EQ(joined->null_count(), 2);
}

TEST(ColumnTest, ConcatenatingAdjacentSlicesSharesTheBuffers) {
  StringBuilder builder;
  for (int row = 0; row < 10; ++row) {
    row % 4 == 2 ? builder.Append("") : builder.Append("v" + std::to_string(row));
  }
  builder.AppendNull();
  ColumnPtr column = builder.Finish();
  ColumnPtr joined =
      ConcatenateColumns({column->Slice(1, 4), column->Slice(5, 0), column->Slice(5, 6)});
  EXPECT_EQ(joined->values(), column->values());  // no copy
  EXPECT_EQ(joined->data(), column->data());
  ASSERT_EQ(joined->length(), 10);
  EXPECT_EQ(joined->offset(), 1);
  EXPECT_EQ(joined->GetString(0), "v1");
  EXPECT_EQ(joined->GetString(1), "");
  EXPECT_EQ(joined->GetString(8), "v9");
  EXPECT_TRUE(joined->IsNull(9));
  EXPECT_EQ(joined->null_count(), 1);
  // A gap or a reordering is copied.
  ColumnPtr gap = ConcatenateColumns({column->Slice(0, 2), column->Slice(3, 2)});
  EXPECT_NE(gap->values(), column->values());
  EXPECT_EQ(gap->GetString(2), "v3");
}

TEST(DataTypeTest, NamesRoundTrip) {
  for (const DataType& type : {DataType::Int64(), DataType::Float64(), DataType::String(),
                               DataType::Date(), DataType::Timestamp(), DataType::Timestamp("UTC"),
                               DataType::Decimal(10, 2), DataType::Bool()}) {
    if (type.id() == TypeId::kTimestamp && !type.timezone().empty()) continue;
    EXPECT_EQ(ParseDataType(type.ToString()), type) << type.ToString();
  }
  EXPECT_THROW(ParseDataType("decimal(40,2)"), InvalidInput);
  EXPECT_THROW(ParseDataType("nonsense"), InvalidInput);
  EXPECT_EQ(DataType::List(DataType::String()).ToString(), "LIST<VARCHAR>");
}

TEST(TemporalTest, ParsesIsoUsAndOffsets) {
  auto plain = ParseTimestamp("2010-12-01 08:26:00");
  ASSERT_TRUE(plain);
  EXPECT_EQ(FormatTimestamp(plain->local_micros), "2010-12-01 08:26:00");
  EXPECT_FALSE(plain->offset_seconds);

  auto us = ParseTimestamp("12/1/2010 8:26");
  ASSERT_TRUE(us);
  EXPECT_EQ(us->local_micros, plain->local_micros);

  auto offset = ParseTimestamp("2018-10-01T13:54:59-04:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(*offset->offset_seconds, -4 * 3600);
  EXPECT_EQ(FormatTimestamp(offset->utc_micros()), "2018-10-01 17:54:59");

  auto fraction = ParseTimestamp("2020-02-29T23:59:59.1234567Z");
  ASSERT_TRUE(fraction);
  EXPECT_EQ(FormatTimestamp(fraction->utc_micros()), "2020-02-29 23:59:59.123456");

  EXPECT_FALSE(ParseTimestamp("2021-02-29 00:00:00"));
  EXPECT_FALSE(ParseTimestamp("2021-01-01 25:00:00"));
  EXPECT_FALSE(ParseTimestamp("hello world"));
  EXPECT_FALSE(ParseTimestamp("2021-01-01 10:00:00 junk"));
  EXPECT_EQ(ParseDate("1969-12-31"), -1);
  EXPECT_EQ(FormatDate(-719468), "0000-03-01");
}

}  // namespace
}  // namespace berserkr
