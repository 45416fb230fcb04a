#include <gtest/gtest.h>

#include <limits>

#include "expr/expression_testing_internal.h"

namespace berserkr {
namespace {

using expr_testing::ErrorOf;
using expr_testing::MakeBatch;
using expr_testing::RunExpression;
using expr_testing::Strings;
using Texts = std::vector<std::string>;

TEST(CastTest, TimestampsWithAndWithoutTimeZoneKeepTheInstant) {
  const Batch batch = MakeBatch(
      {{"s", Strings({"2010-12-01 08:26:00+00", std::nullopt, "1969-12-31 23:59:59+00"})}});
  const Expr utc = Cast(Col("s"), DataType::Timestamp("UTC"));
  EXPECT_EQ(RunExpression(Cast(utc, DataType::Timestamp()), batch),
            (Texts{"2010-12-01 08:26:00", "NULL", "1969-12-31 23:59:59"}));
  EXPECT_EQ(
      RunExpression(Cast(Cast(utc, DataType::Timestamp()), DataType::Timestamp("UTC")), batch),
      (Texts{"2010-12-01 08:26:00+00", "NULL", "1969-12-31 23:59:59+00"}));
}

TEST(CastTest, StringsToEveryType) {
  const Batch batch = MakeBatch({{"s", Strings({"12", std::nullopt, " -7 ", "abc"})}});
  EXPECT_EQ(RunExpression(TryCast(Col("s"), DataType::Int64()), batch),
            (Texts{"12", "NULL", "-7", "NULL"}));
  EXPECT_EQ(ErrorOf([&] { RunExpression(Cast(Col("s"), DataType::Int64()), batch); }),
            "cannot cast 'abc' to BIGINT in CAST(s AS BIGINT)");
  const Batch numbers = MakeBatch({{"s", Strings({"1.25", "300", std::nullopt})}});
  EXPECT_EQ(RunExpression(Cast(Col("s"), DataType::Float64()), numbers),
            (Texts{"1.25", "300", "NULL"}));
  EXPECT_EQ(RunExpression(Cast(Col("s"), DataType::Decimal(6, 2)), numbers),
            (Texts{"1.25", "300.00", "NULL"}));
  EXPECT_EQ(RunExpression(TryCast(Col("s"), DataType::Int8()), numbers),
            (Texts{"NULL", "NULL", "NULL"}));
  EXPECT_EQ(ErrorOf([&] { RunExpression(Cast(Col("s"), DataType::Int16()), numbers); }),
            "cannot cast '1.25' to SMALLINT in CAST(s AS SMALLINT)");
  const Batch dates =
      MakeBatch({{"s", Strings({"2024-02-29", "2024-02-30", "2024-03-01 10:30:00"})}});
  EXPECT_EQ(RunExpression(TryCast(Col("s"), DataType::Date()), dates),
            (Texts{"2024-02-29", "NULL", "2024-03-01"}));
  EXPECT_EQ(RunExpression(TryCast(Col("s"), DataType::Timestamp()), dates),
            (Texts{"2024-02-29 00:00:00", "NULL", "2024-03-01 10:30:00"}));
  const Batch flags = MakeBatch({{"s", Strings({"true", "false", "yes?"})}});
  EXPECT_EQ(RunExpression(TryCast(Col("s"), DataType::Bool()), flags),
            (Texts{"true", "false", "NULL"}));
}

TEST(CastTest, NumbersWithRangeChecksAndDuckDBRounding) {
  const Batch batch =
      MakeBatch({{"x", expr_testing::Doubles({2.5, -2.5, 3.5, 1e10, std::nullopt})}});
  EXPECT_EQ(RunExpression(TryCast(Col("x"), DataType::Int32()), batch),
            (Texts{"2", "-2", "4", "NULL", "NULL"}));
  EXPECT_EQ(ErrorOf([&] { RunExpression(Cast(Col("x"), DataType::Int32()), batch); }),
            "cannot cast 1e+10 to INTEGER in CAST(x AS INTEGER)");
  EXPECT_EQ(RunExpression(TryCast(Col("x"), DataType::Decimal(4, 1)), batch),
            (Texts{"2.5", "-2.5", "3.5", "NULL", "NULL"}));
  // DECIMAL -> integer rounds half away from zero.
  EXPECT_EQ(
      expr_testing::RunConstant(Cast(Cast(Lit("2.5"), DataType::Decimal(2, 1)), DataType::Int32())),
      "3");
  EXPECT_EQ(expr_testing::RunConstant(
                Cast(Cast(Lit("-1.25"), DataType::Decimal(3, 2)), DataType::Decimal(3, 1))),
            "-1.3");
  const Batch ints = MakeBatch({{"a", expr_testing::Ints({300, -5, std::nullopt})}});
  EXPECT_EQ(RunExpression(TryCast(Col("a"), DataType::Int8()), ints),
            (Texts{"NULL", "-5", "NULL"}));
  EXPECT_EQ(RunExpression(Cast(Col("a"), DataType::Float64()), ints), (Texts{"300", "-5", "NULL"}));
  EXPECT_EQ(RunExpression(Cast(Col("a"), DataType::Bool()), ints), (Texts{"true", "true", "NULL"}));
  EXPECT_EQ(RunExpression(Cast(Col("a"), DataType::String()), ints), (Texts{"300", "-5", "NULL"}));
}

TEST(CastTest, DatesAndTimestamps) {
  const Batch batch =
      MakeBatch({{"s", Strings({"1969-12-31 23:59:59.5", "2024-01-31 00:00:00", std::nullopt})}});
  const ExprPtr moment = Cast(Col("s"), DataType::Timestamp());
  EXPECT_EQ(RunExpression(Cast(moment, DataType::Date()), batch),
            (Texts{"1969-12-31", "2024-01-31", "NULL"}));
  EXPECT_EQ(RunExpression(Cast(Cast(moment, DataType::Date()), DataType::Timestamp()), batch),
            (Texts{"1969-12-31 00:00:00", "2024-01-31 00:00:00", "NULL"}));
  EXPECT_EQ(RunExpression(Cast(Cast(moment, DataType::Date()), DataType::String()), batch),
            (Texts{"1969-12-31", "2024-01-31", "NULL"}));
}

}  // namespace
}  // namespace berserkr

namespace berserkr {
namespace {

// DuckDB 1.5.6's CAST(x AS VARCHAR) for DOUBLE and FLOAT (Python's repr).
TEST(CastTest, FloatingToTextAsDuckDB) {
  using Texts = std::vector<std::string>;
  const Batch batch = expr_testing::MakeBatch(
      {{"x", expr_testing::Doubles({1.0,
                                    -0.0,
                                    0.0,
                                    1e15,
                                    1e16,
                                    1.5e16,
                                    123456789012345678.0,
                                    0.1,
                                    0.0001,
                                    0.00001,
                                    1.5e-7,
                                    std::numeric_limits<double>::infinity(),
                                    -std::numeric_limits<double>::infinity(),
                                    std::numeric_limits<double>::quiet_NaN(),
                                    1.7976931348623157e308,
                                    5e-324,
                                    -2.5,
                                    100,
                                    0.000123,
                                    std::nullopt})}});
  EXPECT_EQ(expr_testing::RunExpression(Cast(Col("x"), DataType::String()), batch),
            (Texts{"1.0",
                   "-0.0",
                   "0.0",
                   "1000000000000000.0",
                   "1e+16",
                   "1.5e+16",
                   "1.2345678901234568e+17",
                   "0.1",
                   "0.0001",
                   "1e-05",
                   "1.5e-07",
                   "inf",
                   "-inf",
                   "nan",
                   "1.7976931348623157e+308",
                   "5e-324",
                   "-2.5",
                   "100.0",
                   "0.000123",
                   "NULL"}));
  const Batch floats = expr_testing::MakeBatch(
      {{"f", expr_testing::FixedColumn<float>(DataType::Float32(),
                                              {1.0f, 0.1f, 1e20f, 16777216.0f, 1e8f, 1e-7f})}});
  EXPECT_EQ(expr_testing::RunExpression(Cast(Col("f"), DataType::String()), floats),
            (Texts{"1.0", "0.1", "1e+20", "16777216.0", "100000000.0", "1e-07"}));
}

}  // namespace
}  // namespace berserkr
