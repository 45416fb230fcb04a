#include "berserkr/types/temporal.h"

#include <cstdio>

namespace berserkr {

int32_t DaysFromCivil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int>(day_of_era) - 719468;
}

void CivilFromDays(int32_t days, int* year, unsigned* month, unsigned* day) {
  const int64_t z = static_cast<int64_t>(days) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned day_of_era = static_cast<unsigned>(z - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;
  *day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  *month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  *year = static_cast<int>(year_of_era + era * 400) + (*month <= 2);
}

std::string FormatDate(int32_t days) {
  int year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  char text[32];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02u", year, month, day);
  return text;
}

std::string FormatTimestamp(int64_t micros) {
  int64_t days = micros / kMicrosPerDay;
  int64_t rest = micros % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  const int64_t seconds = rest / kMicrosPerSecond;
  const int64_t fraction = rest % kMicrosPerSecond;
  char text[64];
  int length = std::snprintf(text, sizeof(text), "%s %02d:%02d:%02d",
                             FormatDate(static_cast<int32_t>(days)).c_str(),
                             static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                             static_cast<int>(seconds % 60));
  if (fraction != 0) {
    std::snprintf(text + length, sizeof(text) - length, ".%06d", static_cast<int>(fraction));
  }
  return text;
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at `position`.
bool ReadDigits(std::string_view text, size_t& position, int count, int& value) {
  if (position + count > text.size()) return false;
  value = 0;
  for (int index = 0; index < count; ++index) {
    const char c = text[position + index];
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  position += count;
  return true;
}

// Reads 1..max_count digits at `position`.
bool ReadVariableDigits(std::string_view text, size_t& position, int max_count, int& value) {
  value = 0;
  int count = 0;
  while (position < text.size() && count < max_count && IsDigit(text[position])) {
    value = value * 10 + (text[position] - '0');
    ++position;
    ++count;
  }
  return count > 0;
}

bool ValidDate(int year, int month, int day) {
  static const int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
}

// Parses "HH:MM[:SS[.fffffffff]]" at `position` into microseconds of the day.
bool ParseTimeOfDay(std::string_view text, size_t& position, bool variable_hour, int64_t& micros) {
  int hour, minute, second = 0;
  const bool hour_ok = variable_hour ? ReadVariableDigits(text, position, 2, hour)
                                     : ReadDigits(text, position, 2, hour);
  if (!hour_ok || position >= text.size() || text[position] != ':') return false;
  ++position;
  if (!ReadDigits(text, position, 2, minute)) return false;
  int64_t fraction_micros = 0;
  if (position < text.size() && text[position] == ':') {
    ++position;
    if (!ReadDigits(text, position, 2, second)) return false;
    if (position < text.size() && (text[position] == '.' || text[position] == ',')) {
      ++position;
      int digits = 0;
      while (position < text.size() && IsDigit(text[position])) {
        if (digits < 6) fraction_micros = fraction_micros * 10 + (text[position] - '0');
        ++digits;
        ++position;
      }
      if (digits == 0) return false;
      for (int pad = digits; pad < 6; ++pad) fraction_micros *= 10;
    }
  }
  // 24:00:00 is allowed by ISO 8601 as the end of a day; leap second 60 is not representable.
  if (hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute | second) != 0))
    return false;
  micros = ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond + fraction_micros;
  return true;
}

bool ParseOffset(std::string_view text, size_t& position, int32_t& offset_seconds) {
  const char sign_char = text[position];
  if (sign_char == 'Z' || sign_char == 'z') {
    ++position;
    offset_seconds = 0;
    return true;
  }
  if (sign_char != '+' && sign_char != '-') return false;
  ++position;
  int hours, minutes = 0;
  if (!ReadDigits(text, position, 2, hours)) return false;
  if (position < text.size()) {
    if (text[position] == ':') ++position;
    if (!ReadDigits(text, position, 2, minutes)) return false;
  }
  if (hours > 18 || minutes > 59) return false;
  offset_seconds = (hours * 60 + minutes) * 60 * (sign_char == '-' ? -1 : 1);
  return true;
}

std::optional<ParsedTimestamp> ParseUsTimestamp(std::string_view text) {
  size_t position = 0;
  int month, day, year;
  if (!ReadVariableDigits(text, position, 2, month) || position >= text.size() ||
      text[position++] != '/') {
    return std::nullopt;
  }
  if (!ReadVariableDigits(text, position, 2, day) || position >= text.size() ||
      text[position++] != '/') {
    return std::nullopt;
  }
  if (!ReadDigits(text, position, 4, year) || !ValidDate(year, month, day)) return std::nullopt;
  ParsedTimestamp result;
  int64_t time_micros = 0;
  if (position < text.size()) {
    if (text[position] != ' ') return std::nullopt;
    ++position;
    if (!ParseTimeOfDay(text, position, /*variable_hour=*/true, time_micros)) return std::nullopt;
  }
  if (position != text.size()) return std::nullopt;
  result.local_micros = DaysFromCivil(year, month, day) * kMicrosPerDay + time_micros;
  return result;
}

}  // namespace

std::optional<int32_t> ParseDate(std::string_view text) {
  size_t position = 0;
  int year, month, day;
  if (!ReadDigits(text, position, 4, year) || position >= text.size()) return std::nullopt;
  const char separator = text[position++];
  if (separator != '-' && separator != '/') return std::nullopt;
  if (!ReadDigits(text, position, 2, month) || position >= text.size() ||
      text[position++] != separator || !ReadDigits(text, position, 2, day) ||
      position != text.size() || !ValidDate(year, month, day)) {
    return std::nullopt;
  }
  return DaysFromCivil(year, month, day);
}

std::optional<ParsedTimestamp> ParseTimestamp(std::string_view text) {
  if (text.size() < 8) return std::nullopt;
  if (!IsDigit(text[0]) || !IsDigit(text[1]) || !IsDigit(text[2]) || !IsDigit(text[3]) ||
      text[4] != '-') {
    return ParseUsTimestamp(text);
  }
  size_t position = 0;
  int year, month, day;
  ReadDigits(text, position, 4, year);
  ++position;  // '-'
  if (!ReadDigits(text, position, 2, month) || position >= text.size() || text[position++] != '-' ||
      !ReadDigits(text, position, 2, day) || !ValidDate(year, month, day)) {
    return std::nullopt;
  }
  ParsedTimestamp result;
  int64_t time_micros = 0;
  if (position < text.size()) {
    if (text[position] != ' ' && text[position] != 'T' && text[position] != 't')
      return std::nullopt;
    ++position;
    if (!ParseTimeOfDay(text, position, /*variable_hour=*/false, time_micros)) return std::nullopt;
    if (position < text.size() && text[position] == ' ') ++position;  // "… 13:54:59 +02:00"
    if (position < text.size()) {
      int32_t offset_seconds;
      if (!ParseOffset(text, position, offset_seconds)) return std::nullopt;
      result.offset_seconds = offset_seconds;
    }
  }
  if (position != text.size()) return std::nullopt;
  result.local_micros = DaysFromCivil(year, month, day) * kMicrosPerDay + time_micros;
  return result;
}

}  // namespace berserkr
