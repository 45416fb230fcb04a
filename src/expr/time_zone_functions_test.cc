// timezone(zone, value). Expected values come from DuckDB 1.5.6 (the error texts are ours).

#include <gtest/gtest.h>

#include "berserkr/common/error.h"
#include "berserkr/types/temporal.h"
#include "expr/expression_testing_internal.h"

namespace berserkr {
namespace {

using expr_testing::ErrorOf;
using expr_testing::FixedColumn;
using expr_testing::MakeBatch;
using expr_testing::RunExpression;
using expr_testing::Strings;
using Texts = std::vector<std::string>;

ColumnPtr Timestamps(const std::vector<std::optional<std::string>>& texts,
                     const std::string& timezone = "") {
  std::vector<std::optional<int64_t>> micros;
  for (const auto& text : texts) {
    micros.push_back(text ? std::optional<int64_t>(ParseTimestamp(*text).value().local_micros)
                          : std::nullopt);
  }
  return FixedColumn<int64_t>(DataType::Timestamp(timezone), micros);
}

TEST(TimeZoneFunctionTest, InstantToWallClock) {
  const Batch batch = MakeBatch({{"t", Timestamps({"2021-11-07 05:30:00", "2021-11-07 06:30:00",
                                                   std::nullopt, "2100-07-04 12:00:00"},
                                                  "UTC")}});
  const ExprPtr local = Call("timezone", {Lit("America/New_York"), Col("t")});
  EXPECT_EQ(Bind(local, *batch.schema).type(), DataType::Timestamp());
  EXPECT_EQ(RunExpression(local, batch),
            (Texts{"2021-11-07 01:30:00", "2021-11-07 01:30:00", "NULL", "2100-07-04 08:00:00"}));
  // The local date: CAST(timezone(zone, instant) AS DATE).
  EXPECT_EQ(RunExpression(Cast(Call("timezone", {Lit("Asia/Kolkata"), Col("t")}), DataType::Date()),
                          batch),
            (Texts{"2021-11-07", "2021-11-07", "NULL", "2100-07-04"}));
  EXPECT_EQ(
      RunExpression(Cast(Call("timezone", {Lit("Australia/Sydney"), Col("t")}), DataType::Date()),
                    batch)[3],
      "2100-07-04");
  // Any zone in the argument's type: its values are UTC instants all the same.
  const Batch berlin = MakeBatch({{"t", Timestamps({"2021-06-01 20:00:00"}, "Europe/Berlin")}});
  EXPECT_EQ(RunExpression(Call("timezone", {Lit("Asia/Kolkata"), Col("t")}), berlin),
            (Texts{"2021-06-02 01:30:00"}));
}

TEST(TimeZoneFunctionTest, WallClockToInstant) {
  const Batch batch = MakeBatch({{"t", Timestamps({"2021-03-14 02:30:00", "2021-11-07 01:30:00",
                                                   "2021-03-14 03:00:00", std::nullopt})}});
  const ExprPtr instant = Call("timezone", {Lit("America/New_York"), Col("t")});
  EXPECT_EQ(Bind(instant, *batch.schema).type(), DataType::Timestamp("UTC"));
  EXPECT_EQ(RunExpression(instant, batch),
            (Texts{"2021-03-14 07:30:00+00", "2021-11-07 06:30:00+00", "2021-03-14 07:00:00+00",
                   "NULL"}));
  const Batch dates =
      MakeBatch({{"d", FixedColumn<int32_t>(DataType::Date(), {ParseDate("2021-01-01").value()})}});
  EXPECT_EQ(RunExpression(Call("timezone", {Lit("Asia/Kolkata"), Col("d")}), dates),
            (Texts{"2020-12-31 18:30:00+00"}));
  // Round trip through a southern-hemisphere zone.
  const Batch sydney =
      MakeBatch({{"t", Timestamps({"2021-04-04 02:30:00", "2021-10-03 02:30:00"})}});
  EXPECT_EQ(RunExpression(Call("timezone", {Lit("Australia/Sydney"), Col("t")}), sydney),
            (Texts{"2021-04-03 16:30:00+00", "2021-10-02 16:30:00+00"}));
  EXPECT_EQ(RunExpression(Call("timezone", {Lit("Australia/Sydney"),
                                            Call("timezone", {Lit("Australia/Sydney"), Col("t")})}),
                          sydney),
            (Texts{"2021-04-04 02:30:00", "2021-10-03 03:30:00"}));
}

TEST(TimeZoneFunctionTest, ZoneColumnsNullsAndErrors) {
  const Batch batch = MakeBatch(
      {{"zone", Strings({"UTC", "Asia/Kolkata", "Asia/Kolkata", std::nullopt, "etc/gmt+5"})},
       {"t", Timestamps({"2021-06-01 12:00:00", "2021-06-01 12:00:00", "2021-06-01 18:30:00",
                         "2021-06-01 12:00:00", "2021-06-01 12:00:00"},
                        "UTC")}});
  EXPECT_EQ(RunExpression(Call("timezone", {Col("zone"), Col("t")}), batch),
            (Texts{"2021-06-01 12:00:00", "2021-06-01 17:30:00", "2021-06-02 00:00:00", "NULL",
                   "2021-06-01 07:00:00"}));
  EXPECT_EQ(RunExpression(Call("timezone", {NullLit(), Col("t")}), batch)[0], "NULL");
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("timezone", {Lit("Foo/Bar"), Col("t")}), *batch.schema);
            }).substr(0, 43),
            "unknown time zone 'Foo/Bar' in timezone; us");
  EXPECT_EQ(ErrorOf([&] {
              Bind(Call("timezone", {Lit("Europe/Pariss"), Col("t")}), *batch.schema);
            }),
            "unknown time zone 'Europe/Pariss' in timezone; did you mean 'Europe/Paris'?");
  const Batch bad = MakeBatch({{"zone", Strings({"UTC", "Mars/Olympus"})},
                               {"t", Timestamps({"2021-06-01 12:00:00", "2021-06-01 12:00:00"})}});
  EXPECT_NE(ErrorOf([&] {
              RunExpression(Call("timezone", {Col("zone"), Col("t")}), bad);
            }).find("unknown time zone 'Mars/Olympus' in timezone(zone, t)"),
            std::string::npos);
  EXPECT_THROW(Bind(Call("timezone", {Lit("UTC"), Lit(1)}), *batch.schema), InvalidInput);
}

// Date functions on a TIMESTAMP WITH TIME ZONE work on the wall clock of the type's zone, as
// DuckDB does in its session TimeZone (expected values from DuckDB 1.5.6 with SET TimeZone).
TEST(TimeZoneFunctionTest, DateFunctionsUseTheTypesZone) {
  const Batch new_york = MakeBatch({{"t", Timestamps({"2021-11-07 12:00:00", "2021-11-07 06:30:00",
                                                      "2021-01-04 03:00:00", std::nullopt},
                                                     "America/New_York")}});
  // Shown in UTC: 04:00 UTC is midnight EDT.
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("day"), Col("t")}), new_york),
            (Texts{"2021-11-07 04:00:00", "2021-11-07 04:00:00", "2021-01-03 05:00:00", "NULL"}));
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("hour"), Col("t")}), new_york)[1],
            "2021-11-07 06:00:00");
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("month"), Col("t")}), new_york)[1],
            "2021-11-01 04:00:00");
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("week"), Col("t")}), new_york)[2],
            "2020-12-28 05:00:00");
  EXPECT_EQ(Bind(Call("date_trunc", {Lit("day"), Col("t")}), *new_york.schema).type(),
            DataType::Timestamp("America/New_York"));
  EXPECT_EQ(RunExpression(Call("extract", {Lit("day"), Col("t")}), new_york)[2], "3");
  EXPECT_EQ(RunExpression(Call("extract", {Lit("epoch"), Col("t")}), new_york)[2], "1609729200");
  EXPECT_EQ(RunExpression(Call("strftime", {Col("t"), Lit("%Y-%m-%d %H:%M %z %Z")}), new_york),
            (Texts{"2021-11-07 07:00 -05 America/New_York", "2021-11-07 01:30 -05 America/New_York",
                   "2021-01-03 22:00 -05 America/New_York", "NULL"}));
  const Batch spans = MakeBatch(
      {{"a", Timestamps({"2021-03-14 06:00:00", "2021-03-14 03:00:00"}, "America/New_York")},
       {"b", Timestamps({"2021-03-14 08:00:00", "2021-03-14 05:00:00"}, "America/New_York")}});
  EXPECT_EQ(RunExpression(Call("date_diff", {Lit("hour"), Col("a"), Col("b")}), spans),
            (Texts{"2", "2"}));
  EXPECT_EQ(RunExpression(Call("date_diff", {Lit("day"), Col("a"), Col("b")}), spans),
            (Texts{"0", "1"}));

  const Batch kolkata = MakeBatch(
      {{"t", Timestamps({"2021-01-01 00:00:00", "2021-01-01 20:00:00"}, "Asia/Kolkata")}});
  EXPECT_EQ(RunExpression(Call("strftime", {Col("t"), Lit("%Y-%m-%d %H:%M %z %Z")}), kolkata)[0],
            "2021-01-01 05:30 +05:30 Asia/Kolkata");
  EXPECT_EQ(RunExpression(Call("extract", {Lit("hour"), Col("t")}), kolkata)[1], "1");
  EXPECT_EQ(RunExpression(Call("date_trunc", {Lit("day"), Col("t")}), kolkata)[1],
            "2021-01-01 18:30:00");
  // UTC types are unchanged.
  const Batch utc = MakeBatch({{"t", Timestamps({"2021-07-01 00:00:00"}, "UTC")}});
  EXPECT_EQ(RunExpression(Call("strftime", {Col("t"), Lit("%H %z %Z")}), utc)[0], "00 +00 UTC");
}

}  // namespace
}  // namespace berserkr
