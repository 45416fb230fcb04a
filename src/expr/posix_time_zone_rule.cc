// POSIX TZ strings, the rule a TZif file's footer gives for instants past its table
// (RFC 8536 section 3.3, with the TZif v3 extensions: hours up to 167, negative rule times).

#include <cctype>

#include "berserkr/types/temporal.h"
#include "expr/time_zone_internal.h"

namespace berserkr::expr {

namespace {

using View = std::string_view;

constexpr int32_t kSecondsPerDay = 86'400;

int64_t FloorDivide(int64_t value, int64_t divisor) {
  return value / divisor - (value % divisor < 0 ? 1 : 0);
}

// 0 = Sunday; 1970-01-01 was a Thursday.
int64_t Weekday(int64_t days) { return days + 4 - FloorDivide(days + 4, 7) * 7; }

bool IsLeapYear(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Reads the text at `position` piece by piece; every reader returns false on a mismatch.
struct Reader {
  View text;
  size_t position = 0;

  bool done() const { return position >= text.size(); }
  bool Peek(char character) const { return !done() && text[position] == character; }
  bool Skip(char character) {
    if (!Peek(character)) return false;
    ++position;
    return true;
  }
  bool Number(int minimum, int maximum, int& out) {
    const size_t begin = position;
    out = 0;
    while (!done() && std::isdigit(static_cast<unsigned char>(text[position])) &&
           position - begin < 4) {
      out = out * 10 + (text[position++] - '0');
    }
    return position > begin && out >= minimum && out <= maximum;
  }
  // A zone abbreviation: 3 or more letters, or anything but '>' between '<' and '>'.
  bool Name() {
    if (Skip('<')) {
      while (!done() && text[position] != '>') ++position;
      return Skip('>');
    }
    const size_t begin = position;
    while (!done() && std::isalpha(static_cast<unsigned char>(text[position]))) ++position;
    return position - begin >= 3;
  }
  // [+-]hh[:mm[:ss]] in seconds; hours up to 167 (TZif v3).
  bool Duration(int32_t& out) {
    int sign = 1;
    if (Skip('-')) {
      sign = -1;
    } else {
      Skip('+');
    }
    int hours = 0, minutes = 0, seconds = 0;
    if (!Number(0, 167, hours)) return false;
    if (Skip(':')) {
      if (!Number(0, 59, minutes)) return false;
      if (Skip(':') && !Number(0, 59, seconds)) return false;
    }
    out = sign * (hours * 3600 + minutes * 60 + seconds);
    return true;
  }
};

}  // namespace

std::optional<PosixTimeZoneRule> PosixTimeZoneRule::Parse(View text) {
  Reader reader{text};
  PosixTimeZoneRule rule;
  int32_t west = 0;
  if (!reader.Name() || !reader.Duration(west)) return std::nullopt;
  rule.standard_offset_ = -west;
  if (reader.done()) return rule;
  if (!reader.Name()) return std::nullopt;
  rule.has_daylight_ = true;
  rule.daylight_offset_ = rule.standard_offset_ + 3600;
  if (!reader.Peek(',') && !reader.done()) {
    if (!reader.Duration(west)) return std::nullopt;
    rule.daylight_offset_ = -west;
  }
  if (reader.done()) {
    // No dates: POSIX leaves them to the implementation; the US rules are the usual default.
    rule.daylight_start_ = {DayRule::Kind::kMonthWeekDay, 0, 3, 2, 0};
    rule.daylight_end_ = {DayRule::Kind::kMonthWeekDay, 0, 11, 1, 0};
    return rule;
  }
  for (DayRule* day_rule : {&rule.daylight_start_, &rule.daylight_end_}) {
    if (!reader.Skip(',')) return std::nullopt;
    DayRule parsed{};
    if (reader.Skip('M')) {
      parsed.kind = DayRule::Kind::kMonthWeekDay;
      if (!reader.Number(1, 12, parsed.month) || !reader.Skip('.') ||
          !reader.Number(1, 5, parsed.week) || !reader.Skip('.') ||
          !reader.Number(0, 6, parsed.weekday)) {
        return std::nullopt;
      }
    } else if (reader.Skip('J')) {
      parsed.kind = DayRule::Kind::kJulianNoLeap;
      if (!reader.Number(1, 365, parsed.day)) return std::nullopt;
    } else {
      parsed.kind = DayRule::Kind::kJulianZeroBased;
      if (!reader.Number(0, 365, parsed.day)) return std::nullopt;
    }
    parsed.time_of_day = 2 * 3600;
    if (reader.Skip('/') && !reader.Duration(parsed.time_of_day)) return std::nullopt;
    *day_rule = parsed;
  }
  if (!reader.done()) return std::nullopt;
  return rule;
}

int64_t PosixTimeZoneRule::DayInYear(const DayRule& rule, int64_t year) {
  const int64_t january_first = DaysFromCivil(static_cast<int>(year), 1, 1);
  switch (rule.kind) {
    case DayRule::Kind::kJulianNoLeap:
      return january_first + rule.day - 1 + (IsLeapYear(year) && rule.day >= 60 ? 1 : 0);
    case DayRule::Kind::kJulianZeroBased:
      return january_first + rule.day;
    case DayRule::Kind::kMonthWeekDay:
      break;
  }
  const int64_t first = DaysFromCivil(static_cast<int>(year), rule.month, 1);
  int64_t day = first + (rule.weekday - Weekday(first) + 7) % 7 + int64_t{rule.week - 1} * 7;
  while (day >= first + DaysInMonth(year, rule.month)) day -= 7;  // week 5: the last one
  return day;
}

int32_t PosixTimeZoneRule::OffsetAt(int64_t utc_seconds) const {
  if (!has_daylight_) return standard_offset_;
  const int64_t year_days = FloorDivide(utc_seconds + standard_offset_, kSecondsPerDay);
  int year;
  unsigned month, day;
  CivilFromDays(static_cast<int32_t>(year_days), &year, &month, &day);
  // The start time is on the standard clock, the end time on the daylight clock.
  const int64_t start = DayInYear(daylight_start_, year) * kSecondsPerDay +
                        daylight_start_.time_of_day - standard_offset_;
  const int64_t end = DayInYear(daylight_end_, year) * kSecondsPerDay + daylight_end_.time_of_day -
                      daylight_offset_;
  const bool daylight = start < end ? (utc_seconds >= start && utc_seconds < end)
                                    : (utc_seconds < end || utc_seconds >= start);  // southern
  return daylight ? daylight_offset_ : standard_offset_;
}

}  // namespace berserkr::expr
