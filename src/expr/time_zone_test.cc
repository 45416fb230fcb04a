// The zone library: TZif tables, footer rules and the wall-clock conversions. Expected offsets
// agree with DuckDB 1.5.6 (ICU) and Python's zoneinfo on the system tz database.

#include <gtest/gtest.h>

#include <thread>

#include "berserkr/common/error.h"
#include "berserkr/types/temporal.h"
#include "expr/time_zone_internal.h"

namespace berserkr::expr {
namespace {

int64_t Micros(const std::string& text) { return ParseTimestamp(text).value().local_micros; }
int64_t Seconds(const std::string& text) { return Micros(text) / kMicrosPerSecond; }

std::string ToLocal(const TimeZone& zone, const std::string& utc) {
  int64_t local = 0;
  EXPECT_TRUE(zone.UtcToLocal(Micros(utc), local));
  return FormatTimestamp(local);
}

std::string ToUtc(const TimeZone& zone, const std::string& local) {
  int64_t utc = 0;
  EXPECT_TRUE(zone.LocalToUtc(Micros(local), utc));
  return FormatTimestamp(utc);
}

std::string ErrorOf(const std::function<void()>& function) {
  try {
    function();
  } catch (const InvalidInput& error) {
    return error.what();
  }
  return "";
}

TEST(PosixTimeZoneRuleTest, ParsesFooters) {
  const auto new_york = PosixTimeZoneRule::Parse("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(new_york.has_value());
  // 2100: DST from Sunday March 14 07:00 UTC to Sunday November 7 06:00 UTC.
  EXPECT_EQ(new_york->OffsetAt(Seconds("2100-03-14 06:59:59")), -5 * 3600);
  EXPECT_EQ(new_york->OffsetAt(Seconds("2100-03-14 07:00:00")), -4 * 3600);
  EXPECT_EQ(new_york->OffsetAt(Seconds("2100-11-07 05:59:59")), -4 * 3600);
  EXPECT_EQ(new_york->OffsetAt(Seconds("2100-11-07 06:00:00")), -5 * 3600);
  // Southern hemisphere: daylight time spans the new year.
  const auto sydney = PosixTimeZoneRule::Parse("AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_TRUE(sydney.has_value());
  EXPECT_EQ(sydney->OffsetAt(Seconds("2500-01-15 00:00:00")), 11 * 3600);
  EXPECT_EQ(sydney->OffsetAt(Seconds("2500-06-15 00:00:00")), 10 * 3600);
  const auto kolkata = PosixTimeZoneRule::Parse("IST-5:30");
  ASSERT_TRUE(kolkata.has_value());
  EXPECT_EQ(kolkata->OffsetAt(0), 5 * 3600 + 1800);
  const auto quoted = PosixTimeZoneRule::Parse("<+0545>-5:45");
  ASSERT_TRUE(quoted.has_value());
  EXPECT_EQ(quoted->OffsetAt(0), 5 * 3600 + 45 * 60);
  // TZif v3: permanent daylight time written as a rule that never ends.
  const auto permanent = PosixTimeZoneRule::Parse("EST5EDT,0/0,J365/25");
  ASSERT_TRUE(permanent.has_value());
  EXPECT_EQ(permanent->OffsetAt(Seconds("2200-01-01 02:00:00")), -4 * 3600);
  EXPECT_EQ(permanent->OffsetAt(Seconds("2200-07-01 00:00:00")), -4 * 3600);
  for (const char* bad : {"", "E5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0", "EST5x"}) {
    EXPECT_FALSE(PosixTimeZoneRule::Parse(bad).has_value()) << bad;
  }
}

TEST(TimeZoneTest, NewYorkBothTransitions) {
  const auto zone = TimeZone::Load("America/New_York", "test");
  EXPECT_EQ(zone->name(), "America/New_York");
  EXPECT_EQ(ToLocal(*zone, "2021-11-07 05:30:00"), "2021-11-07 01:30:00");
  EXPECT_EQ(ToLocal(*zone, "2021-11-07 06:30:00"), "2021-11-07 01:30:00");
  EXPECT_EQ(ToLocal(*zone, "2021-07-04 16:00:00"), "2021-07-04 12:00:00");
  // Skipped (spring forward): read with the offset before, as ICU.
  EXPECT_EQ(ToUtc(*zone, "2021-03-14 01:59:59"), "2021-03-14 06:59:59");
  EXPECT_EQ(ToUtc(*zone, "2021-03-14 02:30:00"), "2021-03-14 07:30:00");
  EXPECT_EQ(ToUtc(*zone, "2021-03-14 03:00:00"), "2021-03-14 07:00:00");
  // Repeated (fall back): the later instant, as ICU.
  EXPECT_EQ(ToUtc(*zone, "2021-11-07 00:59:00"), "2021-11-07 04:59:00");
  EXPECT_EQ(ToUtc(*zone, "2021-11-07 01:30:00"), "2021-11-07 06:30:00");
  EXPECT_EQ(ToUtc(*zone, "2021-11-07 02:00:00"), "2021-11-07 07:00:00");
  // Local mean time before the first rule; the footer rule far in the future.
  EXPECT_EQ(ToLocal(*zone, "1800-01-01 12:00:00"), "1800-01-01 07:03:58");
  EXPECT_EQ(ToUtc(*zone, "1800-01-01 12:00:00"), "1800-01-01 16:56:02");
  EXPECT_EQ(ToLocal(*zone, "2100-07-04 12:00:00"), "2100-07-04 08:00:00");
  EXPECT_EQ(ToLocal(*zone, "2100-12-25 12:00:00"), "2100-12-25 07:00:00");
  EXPECT_EQ(ToLocal(*zone, "3000-07-01 00:00:00"), "3000-06-30 20:00:00");
  EXPECT_EQ(ToUtc(*zone, "2100-03-14 02:30:00"), "2100-03-14 07:30:00");
  EXPECT_EQ(ToUtc(*zone, "2100-11-07 01:30:00"), "2100-11-07 06:30:00");
}

TEST(TimeZoneTest, OtherZones) {
  const auto sydney = TimeZone::Load("Australia/Sydney", "test");
  EXPECT_EQ(ToLocal(*sydney, "2021-04-03 15:30:00"), "2021-04-04 02:30:00");
  EXPECT_EQ(ToLocal(*sydney, "2021-04-03 16:30:00"), "2021-04-04 02:30:00");
  EXPECT_EQ(ToUtc(*sydney, "2021-04-04 02:30:00"), "2021-04-03 16:30:00");
  EXPECT_EQ(ToUtc(*sydney, "2021-10-03 02:30:00"), "2021-10-02 16:30:00");
  EXPECT_EQ(ToLocal(*sydney, "2021-12-31 13:00:00"), "2022-01-01 00:00:00");
  EXPECT_EQ(ToLocal(*sydney, "2500-01-15 00:00:00"), "2500-01-15 11:00:00");
  EXPECT_EQ(ToLocal(*sydney, "2500-06-15 00:00:00"), "2500-06-15 10:00:00");
  const auto kolkata = TimeZone::Load("Asia/Kolkata", "test");
  EXPECT_EQ(ToLocal(*kolkata, "2021-06-01 18:29:59"), "2021-06-01 23:59:59");
  EXPECT_EQ(ToLocal(*kolkata, "1900-01-01 00:00:00"), "1900-01-01 05:21:10");
  EXPECT_EQ(ToUtc(*kolkata, "2021-06-02 00:00:00"), "2021-06-01 18:30:00");
  const auto kathmandu = TimeZone::Load("Asia/Kathmandu", "test");
  EXPECT_EQ(ToLocal(*kathmandu, "2021-01-01 00:00:00"), "2021-01-01 05:45:00");
  const auto lord_howe = TimeZone::Load("Australia/Lord_Howe", "test");  // half-hour DST
  EXPECT_EQ(ToLocal(*lord_howe, "2021-01-01 00:00:00"), "2021-01-01 11:00:00");
  EXPECT_EQ(ToLocal(*lord_howe, "2021-07-01 00:00:00"), "2021-07-01 10:30:00");
  // Moscow went back from +4 to +3 for good in 2014: the repeated hour is the later instant.
  const auto moscow = TimeZone::Load("Europe/Moscow", "test");
  EXPECT_EQ(ToUtc(*moscow, "2014-10-26 01:30:00"), "2014-10-25 22:30:00");
  // Samoa skipped 2011-12-30 when it crossed the date line.
  const auto apia = TimeZone::Load("Pacific/Apia", "test");
  EXPECT_EQ(ToLocal(*apia, "2011-12-30 10:00:00"), "2011-12-31 00:00:00");
  EXPECT_EQ(ToUtc(*apia, "2011-12-30 12:00:00"), "2011-12-30 22:00:00");
  const auto london = TimeZone::Load("Europe/London", "test");  // British Standard Time, 1970
  EXPECT_EQ(ToLocal(*london, "1970-01-01 00:00:00"), "1970-01-01 01:00:00");
  EXPECT_EQ(ToLocal(*london, "1971-12-31 12:00:00"), "1971-12-31 12:00:00");
  const auto utc = TimeZone::Load("UTC", "test");
  EXPECT_EQ(ToLocal(*utc, "2021-06-01 12:00:00"), "2021-06-01 12:00:00");
  EXPECT_EQ(ToUtc(*utc, "2021-06-01 12:00:00.123456"), "2021-06-01 12:00:00.123456");
  const auto gmt_plus_5 = TimeZone::Load("Etc/GMT+5", "test");  // POSIX sign: 5 hours west
  EXPECT_EQ(ToUtc(*gmt_plus_5, "2021-06-01 12:00:00"), "2021-06-01 17:00:00");
}

TEST(TimeZoneTest, NamesAndErrors) {
  EXPECT_EQ(TimeZone::Load("america/new_york", "test")->name(), "America/New_York");
  EXPECT_EQ(TimeZone::Load("utc", "test")->name(), "UTC");
  EXPECT_EQ(TimeZone::Load("America/New_York", "test"), TimeZone::Load("America/New_York", "x"));
  EXPECT_EQ(ErrorOf([] { TimeZone::Load("America/New_Yrok", "timezone"); }),
            "unknown time zone 'America/New_Yrok' in timezone; did you mean 'America/New_York'?");
  EXPECT_EQ(ErrorOf([] { TimeZone::Load("Europe/Berln", "timezone"); }),
            "unknown time zone 'Europe/Berln' in timezone; did you mean 'Europe/Berlin'?");
  EXPECT_NE(ErrorOf([] { TimeZone::Load("Kolkata", "timezone"); }).find("'Asia/Kolkata'"),
            std::string::npos);
  for (const char* bad :
       {"../../etc/passwd", "/etc/passwd", "", "right/UTC", "+05:30", "zone.tab"}) {
    EXPECT_NE(ErrorOf([&] { TimeZone::Load(bad, "timezone"); }), "") << bad;
  }
  const std::vector<std::string>& names = TimeZoneNames();
  EXPECT_TRUE(std::binary_search(names.begin(), names.end(), "Europe/Berlin"));
  EXPECT_FALSE(std::binary_search(names.begin(), names.end(), "posix/Europe/Berlin"));
  EXPECT_FALSE(std::binary_search(names.begin(), names.end(), "zone.tab"));
}

TEST(TimeZoneTest, LoadsFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<std::shared_ptr<const TimeZone>> loaded(8);
  for (size_t index = 0; index < loaded.size(); ++index) {
    threads.emplace_back([&, index] { loaded[index] = TimeZone::Load("Asia/Tokyo", "test"); });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& zone : loaded) EXPECT_EQ(zone, loaded[0]);
}

TEST(TimeZoneTest, RejectsBrokenFiles) {
  EXPECT_EQ(TimeZone::FromTzif("x", ""), nullptr);
  EXPECT_EQ(TimeZone::FromTzif("x", "TZif2"), nullptr);
  EXPECT_EQ(TimeZone::FromTzif("x", std::string(44, 'x')), nullptr);
  std::string truncated = "TZif2" + std::string(39, '\0');
  truncated[20 + 3 * 4 + 3] = 5;  // five transitions, and no bytes for them
  EXPECT_EQ(TimeZone::FromTzif("x", truncated), nullptr);
}

}  // namespace
}  // namespace berserkr::expr
