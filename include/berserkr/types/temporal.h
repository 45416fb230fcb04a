#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berserkr {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int32_t DaysFromCivil(int year, unsigned month, unsigned day);
void CivilFromDays(int32_t days, int* year, unsigned* month, unsigned* day);

// "YYYY-MM-DD".
std::string FormatDate(int32_t days);
// "YYYY-MM-DD HH:MM:SS[.ffffff]" (fraction only when non-zero).
std::string FormatTimestamp(int64_t micros);

// Parses "YYYY-MM-DD" (also "YYYY/MM/DD"); nullopt when the text is not exactly a valid date.
std::optional<int32_t> ParseDate(std::string_view text);

// A parsed timestamp: microseconds of the wall clock, and the UTC offset when the text had one.
struct ParsedTimestamp {
  int64_t local_micros = 0;
  std::optional<int32_t> offset_seconds;  // "+02:00" -> 7200, "Z" -> 0
  // The instant in UTC (local time minus the offset), or the local time when there is no offset.
  int64_t utc_micros() const {
    return local_micros - offset_seconds.value_or(0) * kMicrosPerSecond;
  }
};

// Parses ISO 8601 / SQL timestamps: "YYYY-MM-DD[ T]HH:MM[:SS[.f{1,9}]][Z|±HH[:MM]|±HHMM]" and a
// bare date; also the US form "M/D/YYYY H:MM[:SS]" used by the UCI Online Retail original. Digits
// past microseconds are truncated. nullopt when the text is none of these or names an impossible
// time.
std::optional<ParsedTimestamp> ParseTimestamp(std::string_view text);

}  // namespace berserkr
