// Date and time functions. Expected values were checked by hand against DuckDB 1.5.6 (except %e,
// which DuckDB rejects, and the error texts, which are ours).

#include <gtest/gtest.h>

#include "berserkr/common/error.h"
#include "berserkr/types/temporal.h"
#include "expr/expression_testing_internal.h"

namespace berserkr {
namespace {

using expr_testing::Doubles;
using expr_testing::ErrorOf;
using expr_testing::FixedColumn;
using expr_testing::Ints;
using expr_testing::MakeBatch;
using expr_testing::RunConstant;
using expr_testing::RunExpression;
using expr_testing::Strings;
using Texts = std::vector<std::string>;

ColumnPtr Dates(const std::vector<std::optional<std::string>>& texts) {
  std::vector<std::optional<int32_t>> days;
  for (const auto& text : texts) {
    days.push_back(text ? std::optional<int32_t>(ParseDate(*text).value()) : std::nullopt);
  }
  return FixedColumn<int32_t>(DataType::Date(), days);
}

ColumnPtr Timestamps(const std::vector<std::optional<std::string>>& texts,
                     const std::string& timezone = "") {
  std::vector<std::optional<int64_t>> micros;
  for (const auto& text : texts) {
    micros.push_back(text ? std::optional<int64_t>(ParseTimestamp(*text).value().local_micros)
                          : std::nullopt);
  }
  return FixedColumn<int64_t>(DataType::Timestamp(timezone), micros);
}

DataType TypeOf(const ExprPtr& expression, const Batch& batch) {
  return Bind(expression, *batch.schema).type();
}

TEST(DateTruncTest, DatesBecomeTimestamps) {
  const Batch batch = MakeBatch(
      {{"d", Dates({"2020-02-29", "1969-08-15", std::nullopt, "1970-01-01", "1900-03-01"})}});
  EXPECT_EQ(TypeOf(Call("date_trunc", {Lit("month"), Col("d")}), batch), DataType::Timestamp());
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("month"), Col("d")}), batch),
            (Texts{"2020-02-01 00:00:00", "1969-08-01 00:00:00", "NULL", "1970-01-01 00:00:00",
                   "1900-03-01 00:00:00"}));
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("year"), Col("d")}), batch),
            (Texts{"2020-01-01 00:00:00", "1969-01-01 00:00:00", "NULL", "1970-01-01 00:00:00",
                   "1900-01-01 00:00:00"}));
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("quarter"), Col("d")}), batch),
            (Texts{"2020-01-01 00:00:00", "1969-07-01 00:00:00", "NULL", "1970-01-01 00:00:00",
                   "1900-01-01 00:00:00"}));
  // ISO weeks start on Monday: 1970-01-01 was a Thursday.
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("week"), Col("d")}), batch),
            (Texts{"2020-02-24 00:00:00", "1969-08-11 00:00:00", "NULL", "1969-12-29 00:00:00",
                   "1900-02-26 00:00:00"}));
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("HOUR"), Col("d")}), batch)[0],
            "2020-02-29 00:00:00");
}

TEST(DateTruncTest, Timestamps) {
  const Batch batch =
      MakeBatch({{"t", Timestamps({"1969-12-31 23:59:59.5", "2021-01-01 12:34:56.789", std::nullopt,
                                   "2000-02-29 00:00:00"})}});
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("second"), Col("t")}), batch),
            (Texts{"1969-12-31 23:59:59", "2021-01-01 12:34:56", "NULL", "2000-02-29 00:00:00"}));
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("minute"), Col("t")}), batch),
            (Texts{"1969-12-31 23:59:00", "2021-01-01 12:34:00", "NULL", "2000-02-29 00:00:00"}));
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("hour"), Col("t")}), batch),
            (Texts{"1969-12-31 23:00:00", "2021-01-01 12:00:00", "NULL", "2000-02-29 00:00:00"}));
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("day"), Col("t")}), batch),
            (Texts{"1969-12-31 00:00:00", "2021-01-01 00:00:00", "NULL", "2000-02-29 00:00:00"}));
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("week"), Col("t")}), batch),
            (Texts{"1969-12-29 00:00:00", "2020-12-28 00:00:00", "NULL", "2000-02-28 00:00:00"}));
  EXPECT_EQ(RunExpression(Call("datetrunc", {Lit("millisecond"), Col("t")}), batch)[1],
            "2021-01-01 12:34:56.789000");
}

TEST(DateTruncTest, TimeZoneTypeIsKept) {
  const Batch batch = MakeBatch({{"t", Timestamps({"2020-05-17 10:00:00"}, "UTC")}});
  EXPECT_EQ(TypeOf(Call("date_trunc", {Lit("month"), Col("t")}), batch),
            DataType::Timestamp("UTC"));
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("month"), Col("t")}), batch),
            (Texts{"2020-05-01 00:00:00+00"}));
}

TEST(DateTruncTest, PartColumnAndErrors) {
  const Batch batch = MakeBatch(
      {{"p", Strings({"year", "month", std::nullopt, "day", "month", "Week"})},
       {"t", Timestamps({"2020-05-17 10:00:00", "2020-05-17 10:00:00", "2020-05-17 10:00:00",
                         "2020-05-17 10:00:00", std::nullopt, "2020-05-17 10:00:00"})}});
  EXPECT_EQ(RunExpression(Call("date_trunc", {Col("p"), Col("t")}), batch),
            (Texts{"2020-01-01 00:00:00", "2020-05-01 00:00:00", "NULL", "2020-05-17 00:00:00",
                   "NULL", "2020-05-11 00:00:00"}));
  EXPECT_EQ(RunExpression(Call("date_trunc", {NullLit(DataType::String()), Col("t")}), batch)[0],
            "NULL");
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("date_trunc", {Lit("fortnight"), Col("t")}), *batch.schema);
            }),
            "unknown date part 'fortnight' in date_trunc; use one of: year, quarter, month, week, "
            "day, hour, minute, second, millisecond, microsecond");
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("date_trunc", {Lit("dow"), Col("t")}), *batch.schema);
            }),
            "unknown date part 'dow' in date_trunc; use one of: year, quarter, month, week, "
            "day, hour, minute, second, millisecond, microsecond");
  const Batch bad = MakeBatch({{"p", Strings({"day", "eon"})},
                               {"t", Timestamps({"2020-05-17 10:00:00", "2020-05-17 10:00:00"})}});
  EXPECT_EQ(ErrorOf([&] {
              RunExpression(Call("date_trunc", {Col("p"), Col("t")}), bad);
            }),
            "unknown date part 'eon' in date_trunc(p, t); use one of: year, quarter, month, "
            "week, day, hour, minute, second, millisecond, microsecond");
  // A VARCHAR value is ambiguous (DATE or TIMESTAMP?), as in DuckDB.
  EXPECT_THROW(Bind(Call("date_trunc", {Lit("month"), Lit("2024-01-01")}), Schema()), InvalidInput);
}

TEST(DateExtractTest, CalendarFields) {
  const Batch batch = MakeBatch({{"d", Dates({"2021-01-01", "1900-12-31", "2024-12-30",
                                              "2000-12-31", "2020-02-29", std::nullopt})}});
  const auto extract = [&](const char* part) {
    return RunExpression(Call("date_part", {Lit(part), Col("d")}), batch);
  };
  EXPECT_EQ(TypeOf(Call("extract", {Lit("year"), Col("d")}), batch), DataType::Int64());
  EXPECT_EQ(extract("year"), (Texts{"2021", "1900", "2024", "2000", "2020", "NULL"}));
  EXPECT_EQ(extract("quarter"), (Texts{"1", "4", "4", "4", "1", "NULL"}));
  EXPECT_EQ(extract("month"), (Texts{"1", "12", "12", "12", "2", "NULL"}));
  EXPECT_EQ(extract("day"), (Texts{"1", "31", "30", "31", "29", "NULL"}));
  EXPECT_EQ(extract("dow"), (Texts{"5", "1", "1", "0", "6", "NULL"}));
  EXPECT_EQ(extract("isodow"), (Texts{"5", "1", "1", "7", "6", "NULL"}));
  EXPECT_EQ(extract("doy"), (Texts{"1", "365", "365", "366", "60", "NULL"}));
  // ISO weeks: 2021-01-01 is in week 53 of 2020; 1900-12-31 and 2024-12-30 open the next year.
  EXPECT_EQ(extract("week"), (Texts{"53", "1", "1", "52", "9", "NULL"}));
  EXPECT_EQ(extract("isoyear"), (Texts{"2020", "1901", "2025", "2000", "2020", "NULL"}));
  EXPECT_EQ(extract("hour"), (Texts{"0", "0", "0", "0", "0", "NULL"}));
  EXPECT_EQ(RunExpression(Call("extract", {Lit("epoch"), Col("d")}), batch)[1], "-2177539200");
}

TEST(DateExtractTest, TimeFieldsAndEpoch) {
  const Batch batch = MakeBatch(
      {{"t", Timestamps({"2020-01-01 10:11:12.345678", "1969-12-31 23:59:58.5", std::nullopt})}});
  const auto extract = [&](const char* part) {
    return RunExpression(Call("extract", {Lit(part), Col("t")}), batch);
  };
  EXPECT_EQ(extract("hour"), (Texts{"10", "23", "NULL"}));
  EXPECT_EQ(extract("minute"), (Texts{"11", "59", "NULL"}));
  EXPECT_EQ(extract("second"), (Texts{"12", "58", "NULL"}));
  EXPECT_EQ(extract("millisecond"), (Texts{"12345", "58500", "NULL"}));
  EXPECT_EQ(extract("microsecond"), (Texts{"12345678", "58500000", "NULL"}));
  EXPECT_EQ(extract("doy"), (Texts{"1", "365", "NULL"}));
  EXPECT_EQ(extract("dow"), (Texts{"3", "3", "NULL"}));
  EXPECT_EQ(extract("year"), (Texts{"2020", "1969", "NULL"}));
  EXPECT_EQ(TypeOf(Call("extract", {Lit("epoch"), Col("t")}), batch), DataType::Float64());
  EXPECT_EQ(extract("epoch"), (Texts{"1577873472.345678", "-1.5", "NULL"}));
  const Batch dates = MakeBatch({{"d", Dates({"1969-12-31"})}});
  EXPECT_EQ(RunExpression(Call("date_part", {Lit("epoch"), Col("d")}), dates), (Texts{"-86400"}));
  EXPECT_EQ(RunExpression(Call("date_part", {NullLit(), Col("t")}), batch)[0], "NULL");
  EXPECT_THROW(Bind(Call("date_part", {Col("t"), Col("t")}), *batch.schema), InvalidInput);
}

TEST(DateDiffTest, CountsBoundaries) {
  const Batch batch = MakeBatch(
      {{"a", Dates({"2020-01-31", "2020-12-31", "2020-03-31", "2020-03-01", "2024-01-07",
                    "2024-01-01", "2024-01-03", "1969-12-25", "1970-01-01", std::nullopt})},
       {"b", Dates({"2020-02-01", "2021-01-01", "2020-04-01", "2020-01-31", "2024-01-08",
                    "2024-01-08", "2024-01-09", "1970-01-01", "1969-12-26", "2020-01-01"})}});
  const auto diff = [&](const char* part) {
    return RunExpression(Call("date_diff", {Lit(part), Col("a"), Col("b")}), batch);
  };
  EXPECT_EQ(diff("year"), (Texts{"0", "1", "0", "0", "0", "0", "0", "1", "-1", "NULL"}));
  EXPECT_EQ(diff("quarter"), (Texts{"0", "1", "1", "0", "0", "0", "0", "1", "-1", "NULL"}));
  EXPECT_EQ(diff("month"), (Texts{"1", "1", "1", "-2", "0", "0", "0", "1", "-1", "NULL"}));
  EXPECT_EQ(diff("day"), (Texts{"1", "1", "1", "-30", "1", "7", "6", "7", "-6", "NULL"}));
  // DuckDB 1.5: whole weeks of days, towards zero (not Monday boundaries).
  EXPECT_EQ(diff("week"), (Texts{"0", "0", "0", "-4", "0", "1", "0", "1", "0", "NULL"}));
  EXPECT_EQ(diff("hour")[0], "24");
  EXPECT_EQ(RunExpression(Call("datediff", {Lit("microsecond"), Col("a"), Col("b")}), batch)[0],
            "86400000000");
}

TEST(DateDiffTest, Timestamps) {
  const Batch batch = MakeBatch(
      {{"a", Timestamps({"2020-01-01 10:59:00", "2020-01-01 11:00:00", "1969-12-31 23:59:59.9",
                         "2020-01-01 10:00:00.0009", "2020-01-01 23:59:00", "2024-01-01 23:00:00",
                         std::nullopt})},
       {"b", Timestamps({"2020-01-01 11:00:00", "2020-01-01 10:01:00", "1970-01-01 00:00:00.1",
                         "2020-01-01 10:00:00.0011", "2020-01-02 00:01:00", "2024-01-08 01:00:00",
                         "2020-01-01 00:00:00"})}});
  const auto diff = [&](const char* part) {
    return RunExpression(Call("date_diff", {Lit(part), Col("a"), Col("b")}), batch);
  };
  EXPECT_EQ(diff("hour"), (Texts{"1", "-1", "1", "0", "1", "146", "NULL"}));
  EXPECT_EQ(diff("minute"), (Texts{"1", "-59", "1", "0", "2", "8760", "NULL"}));
  EXPECT_EQ(diff("second"), (Texts{"60", "-3540", "1", "0", "120", "525600", "NULL"}));
  EXPECT_EQ(diff("millisecond"),
            (Texts{"60000", "-3540000", "200", "1", "120000", "525600000", "NULL"}));
  EXPECT_EQ(diff("microsecond")[3], "200");
  EXPECT_EQ(diff("day"), (Texts{"0", "0", "1", "0", "1", "7", "NULL"}));
  EXPECT_EQ(diff("week"), (Texts{"0", "0", "0", "0", "0", "1", "NULL"}));
  // DATE against TIMESTAMP: the date is midnight.
  const Batch mixed =
      MakeBatch({{"d", Dates({"2020-01-01"})}, {"t", Timestamps({"2020-01-01 10:30:00"})}});
  EXPECT_EQ(RunExpression(Call("date_diff", {Lit("minute"), Col("d"), Col("t")}), mixed),
            (Texts{"630"}));
}

TEST(DateAddTest, ClampsToMonthEnd) {
  const Batch batch =
      MakeBatch({{"d", Dates({"2020-01-31", "2020-02-29", "2020-03-31", "1900-01-31", "2000-01-31",
                              "2020-11-30", "1969-12-31", std::nullopt})}});
  EXPECT_EQ(TypeOf(Call("date_add", {Col("d"), Lit("month"), Lit(1)}), batch),
            DataType::Timestamp());
  EXPECT_EQ(RunExpression(Call("date_add", {Col("d"), Lit("month"), Lit(1)}), batch),
            (Texts{"2020-02-29 00:00:00", "2020-03-29 00:00:00", "2020-04-30 00:00:00",
                   "1900-02-28 00:00:00", "2000-02-29 00:00:00", "2020-12-30 00:00:00",
                   "1970-01-31 00:00:00", "NULL"}));
  EXPECT_EQ(RunExpression(Call("date_add", {Col("d"), Lit("year"), Lit(1)}), batch)[1],
            "2021-02-28 00:00:00");
  EXPECT_EQ(RunExpression(Call("date_add", {Col("d"), Lit("quarter"), Lit(1)}), batch)[5],
            "2021-02-28 00:00:00");
  EXPECT_EQ(RunExpression(Call("date_sub", {Col("d"), Lit("month"), Lit(1)}), batch)[2],
            "2020-02-29 00:00:00");
  EXPECT_EQ(RunExpression(Call("date_sub", {Col("d"), Lit("year"), Lit(10)}), batch)[6],
            "1959-12-31 00:00:00");
  EXPECT_EQ(RunExpression(Call("date_add", {Col("d"), Lit("month"), Lit(-13)}), batch)[0],
            "2018-12-31 00:00:00");
}

TEST(DateAddTest, TimestampsAndErrors) {
  const Batch batch =
      MakeBatch({{"t", Timestamps({"1969-12-31 23:00:00", "2020-02-28 23:59:59.5", std::nullopt})},
                 {"n", Ints({2, std::nullopt, 1})}});
  EXPECT_EQ(RunExpression(Call("date_add", {Col("t"), Lit("hour"), Col("n")}), batch),
            (Texts{"1970-01-01 01:00:00", "NULL", "NULL"}));
  EXPECT_EQ(RunExpression(Call("date_add", {Col("t"), Lit("day"), Lit(1)}), batch),
            (Texts{"1970-01-01 23:00:00", "2020-02-29 23:59:59.500000", "NULL"}));
  EXPECT_EQ(RunExpression(Call("date_add", {Col("t"), Lit("week"), Lit(-1)}), batch)[0],
            "1969-12-24 23:00:00");
  EXPECT_EQ(RunExpression(Call("date_add", {Col("t"), Lit("millisecond"), Lit(500)}), batch)[1],
            "2020-02-29 00:00:00");
  EXPECT_EQ(RunExpression(Call("date_sub", {Col("t"), Lit("second"), Lit(1)}), batch)[0],
            "1969-12-31 22:59:59");
  EXPECT_EQ(
      ErrorOf([&] {
        RunExpression(Call("date_add", {Col("t"), Lit("year"), Lit(int64_t{1} << 40)}), batch);
      }),
      "result for TIMESTAMP '1969-12-31 23:00:00' is out of the TIMESTAMP range in "
      "date_add(t, 'year', 1099511627776)");
  EXPECT_EQ(ErrorOf([&] {
              RunExpression(Call("date_sub", {Col("t"), Lit("day"), Lit(INT64_MIN)}), batch);
            }).substr(0, 47),
            "result for TIMESTAMP '1969-12-31 23:00:00' is o");
  // DuckDB's date_sub(part, start, end) is not this function.
  EXPECT_THROW(Bind(Call("date_sub", {Lit("day"), Col("t"), Col("t")}), *batch.schema),
               InvalidInput);
}

TEST(DateFormatTest, Strftime) {
  const Batch batch =
      MakeBatch({{"t", Timestamps({"2020-01-02 03:04:05.123456", "1969-12-31 23:59:58.5",
                                   "2020-01-02 12:04:05", std::nullopt})}});
  EXPECT_EQ(
      RunExpression(Call("strftime", {Col("t"), Lit("%Y %y %m %d %H %I %M %S %f %p %j %a %A %b "
                                                    "%B %w %u %Z| %z %% %g %-d %-m %-H %-j")}),
                    batch)[0],
      "2020 20 01 02 03 03 04 05 123456 AM 002 Thu Thursday Jan January 4 4 | +00 % 123 2 1 3 2");
  EXPECT_EQ(
      RunExpression(Call("strftime", {Col("t"), Lit("%Y-%m-%d %H:%M:%S.%f %a %j %u %w")}), batch),
      (Texts{"2020-01-02 03:04:05.123456 Thu 002 4 4", "1969-12-31 23:59:58.500000 Wed 365 3 3",
             "2020-01-02 12:04:05.000000 Thu 002 4 4", "NULL"}));
  EXPECT_EQ(RunExpression(Call("strftime", {Col("t"), Lit("%I %p|%e")}), batch),
            (Texts{"03 AM| 2", "11 PM|31", "12 PM| 2", "NULL"}));
  const Batch dates = MakeBatch({{"d", Dates({"2020-01-02", "0005-03-15"})}});
  EXPECT_EQ(
      RunExpression(Call("strftime", {Col("d"), Lit("%Y-%m-%d %H:%M:%S %f %z %Z|%y")}), dates),
      (Texts{"2020-01-02 00:00:00 000000 +00 |20", "0005-03-15 00:00:00 000000 +00 |05"}));
  const Batch zoned = MakeBatch({{"t", Timestamps({"2020-01-02 13:04:05"}, "UTC")}});
  EXPECT_EQ(RunExpression(Call("strftime", {Col("t"), Lit("%Y-%m-%d %H %I %p %z|%Z")}), zoned),
            (Texts{"2020-01-02 13 01 PM +00|UTC"}));
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("strftime", {Col("t"), Lit("%Y-%Q")}), *batch.schema);
            }),
            "unknown format directive '%Q' in format '%Y-%Q' in strftime");
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("strftime", {Col("t"), Lit("100%")}), *batch.schema);
            }),
            "a lone '%' ends the format (write %% for a percent sign) in format '100%' in "
            "strftime");
  EXPECT_EQ(RunExpression(Call("strftime", {Col("t"), NullLit(DataType::String())}), batch)[0],
            "NULL");
}

TEST(DateFormatTest, FormatColumn) {
  const Batch batch = MakeBatch({{"t", Timestamps({"2020-01-02 03:04:05", "2020-01-02 03:04:05",
                                                   "2020-01-02 03:04:05", "2020-01-02 03:04:05"})},
                                 {"f", Strings({"%Y", "%d/%m", std::nullopt, "%d/%m"})}});
  EXPECT_EQ(RunExpression(Call("strftime", {Col("t"), Col("f")}), batch),
            (Texts{"2020", "02/01", "NULL", "02/01"}));
  const Batch texts = MakeBatch({{"s", Strings({"2020", "02/01/2021", "x"})},
                                 {"f", Strings({"%Y", "%d/%m/%Y", std::nullopt})}});
  EXPECT_EQ(RunExpression(Call("strptime", {Col("s"), Col("f")}), texts),
            (Texts{"2020-01-01 00:00:00", "2021-01-02 00:00:00", "NULL"}));
}

TEST(DateFormatTest, Strptime) {
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("2020-1-2 3:4:5"), Lit("%Y-%m-%d %H:%M:%S")})),
            "2020-01-02 03:04:05");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("02/01/2020"), Lit("%d/%m/%Y")})),
            "2020-01-02 00:00:00");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("12:30:00.5 PM 2020 Jan 05 Sunday"),
                                          Lit("%I:%M:%S.%f %p %Y %b %d %A")})),
            "2020-01-05 12:30:00.500000");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("JANUARY 5 2020"), Lit("%B %d %Y")})),
            "2020-01-05 00:00:00");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("5 12 2020 1 pm"), Lit("%d %m %Y %I %p")})),
            "2020-12-05 13:00:00");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("12 AM"), Lit("%I %p")})), "1900-01-01 00:00:00");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("2020 366"), Lit("%Y %j")})), "2020-12-31 00:00:00");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("68 12 31"), Lit("%y %m %d")})),
            "2068-12-31 00:00:00");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("69 12 31"), Lit("%y %m %d")})),
            "1969-12-31 00:00:00");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("2000-02-29"), Lit("%Y-%m-%d")})),
            "2000-02-29 00:00:00");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("20200102 030405.000001"), Lit("%Y%m%d %H%M%S.%f")})),
            "2020-01-02 03:04:05.000001");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("1.5%"), Lit("%-m.%-d%%")})), "1900-01-05 00:00:00");
  EXPECT_EQ(RunConstant(Call("try_strptime", {Lit("2020-13-02"), Lit("%Y-%m-%d")})), "NULL");
  EXPECT_EQ(RunConstant(Call("try_strptime", {Lit("1900-02-29"), Lit("%Y-%m-%d")})), "NULL");
  EXPECT_EQ(RunConstant(Call("strptime", {NullLit(DataType::String()), Lit("%Y")})), "NULL");
  EXPECT_EQ(RunConstant(Call("strptime", {Lit("2020"), NullLit(DataType::String())})), "NULL");
}

TEST(DateFormatTest, StrptimeErrors) {
  const Batch batch =
      MakeBatch({{"s", Strings({"2020-01-02", "2020-01-02x", "2020-02-30", "abc", std::nullopt})}});
  const auto error = [&](const char* format) {
    return ErrorOf([&] { RunExpression(Call("strptime", {Col("s"), Lit(format)}), batch); });
  };
  EXPECT_EQ(error("%Y-%m-%d"),
            "cannot parse '2020-01-02x' with format '%Y-%m-%d': trailing characters at character "
            "11, in strptime(s, '%Y-%m-%d') (try_strptime gives NULL instead)");
  EXPECT_EQ(error("%Y-%m-%d %H"),
            "cannot parse '2020-01-02' with format '%Y-%m-%d %H': expected a space at character "
            "11, in strptime(s, '%Y-%m-%d %H') (try_strptime gives NULL instead)");
  const Batch impossible = MakeBatch({{"s", Strings({"2020-02-30"})}});
  EXPECT_EQ(ErrorOf([&] {
              RunExpression(Call("strptime", {Col("s"), Lit("%Y-%m-%d")}), impossible);
            }),
            "cannot parse '2020-02-30' with format '%Y-%m-%d': day 30 does not exist in 2020-02, "
            "in strptime(s, '%Y-%m-%d') (try_strptime gives NULL instead)");
  EXPECT_EQ(RunExpression(Call("try_strptime", {Col("s"), Lit("%Y-%m-%d")}), batch),
            (Texts{"2020-01-02 00:00:00", "NULL", "NULL", "NULL", "NULL"}));
  EXPECT_THROW(Bind(Call("strptime", {Col("s"), Lit("%Y %z")}), *batch.schema), NotImplemented);
}

TEST(DateFormatTest, RoundTrips) {
  const Batch batch = MakeBatch(
      {{"t", Timestamps({"2020-02-29 23:59:59.999999", "1969-07-20 20:17:40", "1900-03-01 00:00:00",
                         "2000-12-31 12:00:00.5", "0001-01-01 00:00:00"})}});
  for (const char* format : {"%Y-%m-%d %H:%M:%S.%f", "%d/%m/%Y %I:%M:%S.%f %p",
                             "%A %B %-d %Y %H.%M.%S.%f", "%Y %j %H:%M:%S.%f"}) {
    const Expr round_trip =
        Call("strptime", {Call("strftime", {Col("t"), Lit(format)}), Lit(format)});
    EXPECT_EQ(RunExpression(round_trip, batch), expr_testing::Values(batch.column(0))) << format;
  }
}

TEST(DateToTimestampTest, EpochSeconds) {
  const Batch batch = MakeBatch({{"x", Doubles({1.5, -1.5, 0.0, std::nullopt})}});
  EXPECT_EQ(TypeOf(Call("to_timestamp", {Col("x")}), batch), DataType::Timestamp("UTC"));
  EXPECT_EQ(RunExpression(Call("to_timestamp", {Col("x")}), batch),
            (Texts{"1970-01-01 00:00:01.500000+00", "1969-12-31 23:59:58.500000+00",
                   "1970-01-01 00:00:00+00", "NULL"}));
  EXPECT_EQ(RunConstant(Call("to_timestamp", {Lit(1583020800)})), "2020-03-01 00:00:00+00");
  const Batch huge = MakeBatch({{"x", Doubles({1e20})}});
  EXPECT_EQ(ErrorOf([&] { RunExpression(Call("to_timestamp", {Col("x")}), huge); }),
            "epoch seconds 100000000000000000000.000000 are out of the TIMESTAMP range in "
            "to_timestamp(x)");
}

}  // namespace
}  // namespace berserkr

namespace berserkr {
namespace {

TEST(DateArithmeticTest, FollowsDuckDB) {
  // DuckDB 1.5.6: DATE '2024-03-01' - DATE '2024-01-01' = 60 (BIGINT); DATE + 5 and 5 + DATE move
  // by days; DATE - 5 back; DATE + a TINYINT too.
  const Batch batch =
      MakeBatch({{"d", Dates({"2024-03-01", "2024-01-01", std::nullopt, "1970-01-01"})},
                 {"e", Dates({"2024-01-01", "2024-03-01", "2024-01-01", "2000-01-01"})},
                 {"n", expr_testing::Int32s({5, -5, 1, std::nullopt})}});
  const BoundExpression difference = Bind(Col("d") - Col("e"), *batch.schema);
  EXPECT_EQ(difference.type(), DataType::Int64());
  EXPECT_EQ(RunExpression(Col("d") - Col("e"), batch), (Texts{"60", "-60", "NULL", "-10957"}));
  EXPECT_EQ(RunExpression(Col("d") + Col("n"), batch),
            (Texts{"2024-03-06", "2023-12-27", "NULL", "NULL"}));
  EXPECT_EQ(RunExpression(Col("n") + Col("d"), batch),
            (Texts{"2024-03-06", "2023-12-27", "NULL", "NULL"}));
  EXPECT_EQ(RunExpression(Col("d") - Col("n"), batch),
            (Texts{"2024-02-25", "2024-01-06", "NULL", "NULL"}));
  EXPECT_EQ(RunExpression(Col("d") + Cast(Lit(1), DataType::Int8()), batch)[0], "2024-03-02");
  // DuckDB: "Date out of range" for DATE '2024-01-01' + 2147483000.
  const Batch one = MakeBatch({{"d", Dates({"2024-01-01"})}});
  EXPECT_NE(ErrorOf([&] { RunExpression(Col("d") + 2147483000, one); }).find("date out of range"),
            std::string::npos);
  // TIMESTAMP - TIMESTAMP is an INTERVAL in DuckDB: berserkr points to date_diff instead.
  const Batch times =
      MakeBatch({{"t", Timestamps({"2024-03-01 00:00:00"})}, {"d", Dates({"2024-01-01"})}});
  EXPECT_NE(ErrorOf([&] { Bind(Col("t") - Col("t"), *times.schema); }).find("date_diff"),
            std::string::npos);
  EXPECT_NE(ErrorOf([&] { Bind(Col("t") - Col("d"), *times.schema); }).find("date_diff"),
            std::string::npos);
  EXPECT_EQ(RunExpression(Call("date_diff", {Lit("day"), Col("d"), Col("t")}), times)[0], "60");
}

}  // namespace
}  // namespace berserkr
