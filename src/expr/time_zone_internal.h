#pragma once

// IANA time zones without ICU: zones are read from the system tz database (TZif files under
// $TZDIR, default /usr/share/zoneinfo, Debian package tzdata). A zone is a table of UTC offset
// changes plus, for instants past the table, the POSIX TZ rule from the file's footer
// (posix_time_zone_rule.cc).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "berserkr/types/column.h"

namespace berserkr::expr {

// A POSIX TZ rule such as "EST5EDT,M3.2.0,M11.1.0": a standard offset and optionally a daylight
// offset with the yearly dates and local times it starts and ends.
class PosixTimeZoneRule {
 public:
  // Parses a TZ string (the TZif footer). nullopt when the text is not a valid rule.
  static std::optional<PosixTimeZoneRule> Parse(std::string_view text);

  // Seconds east of UTC in effect at `utc_seconds`.
  int32_t OffsetAt(int64_t utc_seconds) const;

 private:
  // A day of the year: Jn (1..365, February 29 never counted), n (0..365), or Mm.w.d (weekday d,
  // 0 = Sunday, of week w, 5 = the last, of month m).
  struct DayRule {
    enum class Kind : uint8_t { kJulianNoLeap, kJulianZeroBased, kMonthWeekDay } kind;
    int day = 0;  // Jn / n
    int month = 0, week = 0, weekday = 0;
    int32_t time_of_day = 2 * 3600;  // local seconds; may be negative or past 24h (TZif v3)
  };
  // Days since 1970-01-01 of the rule's day in `year`.
  static int64_t DayInYear(const DayRule& rule, int64_t year);

  int32_t standard_offset_ = 0;  // seconds east of UTC (POSIX writes them west, negated)
  int32_t daylight_offset_ = 0;
  bool has_daylight_ = false;
  DayRule daylight_start_{}, daylight_end_{};
};

// One IANA zone. Immutable after loading and shared between threads.
class TimeZone {
 public:
  // The zone called `name` (matched without case: 'america/new_york' finds America/New_York).
  // Loaded once per process and cached; safe to call from many threads. Throws InvalidInput for a
  // zone that does not exist, naming it, `where` (the function or expression) and the nearest
  // zone names.
  static std::shared_ptr<const TimeZone> Load(std::string_view name, const std::string& where);

  // The name as spelled in the tz database.
  const std::string& name() const { return name_; }

  // Seconds east of UTC in effect at the instant `utc_seconds`.
  int32_t OffsetAt(int64_t utc_seconds) const;

  // The wall-clock time of the instant `utc_micros`; false when it leaves the int64 range.
  bool UtcToLocal(int64_t utc_micros, int64_t& local_micros) const;

  // The instant of the wall-clock time `local_micros`; false when it leaves the int64 range.
  // Like ICU (and so DuckDB): a time repeated when the clocks go back is the later instant (the
  // offset after the change); a time skipped when they go forward is read with the offset before
  // the change (2021-03-14 02:30 in New York is 07:30 UTC, i.e. 03:30 EDT).
  bool LocalToUtc(int64_t local_micros, int64_t& utc_micros) const;

  // Builds a zone from the bytes of a TZif file; nullptr when they are not one.
  static std::shared_ptr<const TimeZone> FromTzif(std::string name, std::string_view bytes);

 private:
  struct Transition {
    int64_t at;      // UTC seconds
    int32_t offset;  // seconds east of UTC from `at` on
  };

  std::string name_;
  std::vector<Transition> transitions_;  // ascending
  int32_t offset_before_first_ = 0;      // TZif local time type 0
  std::optional<PosixTimeZoneRule> footer_;
};

// Every zone name in the tz database, sorted (for suggestions). Read once, then cached.
const std::vector<std::string>& TimeZoneNames();

// The zone date functions compute a TIMESTAMP WITH TIME ZONE in: the zone its type names, as
// DuckDB uses the session's TimeZone. nullptr for naive timestamps, dates and 'UTC' (no
// conversion needed). Throws InvalidInput (naming `where`) for an unknown zone.
std::shared_ptr<const TimeZone> ZoneOfType(const DataType& type, const std::string& where);

// The wall-clock times in `zone` of a column of instants, as a naive TIMESTAMP column.
ColumnPtr InstantsToWallClock(const ColumnPtr& instants, const TimeZone& zone,
                              const std::string& where);
// The instants of a column of wall-clock times in `zone`, typed `instant_type`.
ColumnPtr WallClockToInstants(const ColumnPtr& wall_clock, const TimeZone& zone,
                              const DataType& instant_type, const std::string& where);

}  // namespace berserkr::expr
