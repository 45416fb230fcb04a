// strftime(value, format) -> VARCHAR, strptime(text, format) -> TIMESTAMP and try_strptime, with
// DuckDB 1.5's format directives: %Y %y %m %d %H %I %M %S %f (microseconds, 6 digits) %g
// (milliseconds, 3 digits) %p %j %a %A %b %B %w %u %Z %z %%, and the unpadded forms %-d %-m %-y
// %-H %-I %-M %-S %-j. %e (day padded with a space, as in C) is ours: DuckDB rejects it.
//
// - The format is parsed once at bind time when it is a constant (an unknown directive is a bind
//   error); a format column is parsed again only when its text changes between rows.
// - strftime: a TIMESTAMP WITH TIME ZONE prints on the wall clock of the zone its type names
//   (as DuckDB in the session's TimeZone): %Z prints that zone ("" for a naive TIMESTAMP or a
//   DATE) and %z its offset then ("+00", "-04", "+05:30"); a negative %Y prints "-44", %y the last
//   two digits of |year|.
// - strptime: numbers need at least one digit and take at most their width (leading zeros are
//   optional: '2020-1-2' parses with '%Y-%m-%d'); %f takes 1 to 9 digits (past 6 truncated); %y
//   below 69 is 20yy, else 19yy; names match without case; %a %A %w %u are read and ignored; a
//   space in the format matches one or more spaces. Missing fields default to 1900-01-01 00:00:00.
//   An impossible date (2020-02-30) is an error, as in DuckDB. %z / %Z are not supported yet.
// - strptime reports the first text that does not match, naming the text, the format and why;
//   try_strptime gives NULL instead.

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "berserkr/common/error.h"
#include "berserkr/types/temporal.h"
#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"
#include "expr/time_zone_internal.h"

namespace berserkr::expr {

void RegisterDateFormatFunctions(FunctionRegistry& registry);

namespace {

using View = std::string_view;

constexpr std::array<View, 7> kWeekdayNames = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                               "Thursday", "Friday", "Saturday"};
constexpr std::array<View, 12> kMonthNames = {"January",   "February", "March",    "April",
                                              "May",       "June",     "July",     "August",
                                              "September", "October",  "November", "December"};

enum class Field : uint8_t {
  kLiteral,
  kYear,            // %Y
  kYearOfCentury,   // %y
  kMonth,           // %m
  kDay,             // %d
  kDaySpacePadded,  // %e
  kHour24,          // %H
  kHour12,          // %I
  kMinute,          // %M
  kSecond,          // %S
  kMicrosecond,     // %f
  kMillisecond,     // %g
  kAmPm,            // %p
  kDayOfYear,       // %j
  kWeekdayShort,    // %a
  kWeekdayLong,     // %A
  kMonthShort,      // %b
  kMonthLong,       // %B
  kWeekdaySunday,   // %w: Sunday = 0
  kWeekdayMonday,   // %u: Monday = 1
  kZoneName,        // %Z
  kZoneOffset,      // %z
};

constexpr std::array<std::pair<char, Field>, 21> kDirectives = {{
    {'Y', Field::kYear},          {'y', Field::kYearOfCentury},  {'m', Field::kMonth},
    {'d', Field::kDay},           {'e', Field::kDaySpacePadded}, {'H', Field::kHour24},
    {'I', Field::kHour12},        {'M', Field::kMinute},         {'S', Field::kSecond},
    {'f', Field::kMicrosecond},   {'g', Field::kMillisecond},    {'p', Field::kAmPm},
    {'j', Field::kDayOfYear},     {'a', Field::kWeekdayShort},   {'A', Field::kWeekdayLong},
    {'b', Field::kMonthShort},    {'B', Field::kMonthLong},      {'w', Field::kWeekdaySunday},
    {'u', Field::kWeekdayMonday}, {'Z', Field::kZoneName},       {'z', Field::kZoneOffset},
}};

struct Segment {
  Field field = Field::kLiteral;
  bool padded = true;   // false for %-d and friends
  std::string literal;  // kLiteral only
};

struct DateFormat {
  std::string text;
  std::vector<Segment> segments;
};

// Splits a format into literals and directives. Throws InvalidInput naming the directive, the
// format and `where` for an unknown directive or a trailing '%'.
DateFormat ParseFormat(View text, bool for_parsing, const std::string& where) {
  DateFormat format;
  format.text.assign(text);
  const auto fail = [&](const std::string& what) {
    throw InvalidInput(what + " in format '" + std::string(text) + "' in " + where);
  };
  for (size_t position = 0; position < text.size(); ++position) {
    if (text[position] != '%' || position + 1 == text.size()) {
      if (text[position] == '%') fail("a lone '%' ends the format (write %% for a percent sign)");
      if (format.segments.empty() || format.segments.back().field != Field::kLiteral) {
        format.segments.emplace_back();
      }
      format.segments.back().literal += text[position];
      continue;
    }
    Segment segment;
    size_t directive = position + 1;
    if (text[directive] == '-' && directive + 1 < text.size()) {
      segment.padded = false;
      ++directive;
    }
    const auto found = std::find_if(kDirectives.begin(), kDirectives.end(), [&](const auto& entry) {
      return entry.first == text[directive];
    });
    if (text[directive] == '%') {
      segment.literal = "%";
    } else if (found != kDirectives.end()) {
      segment.field = found->second;
    } else {
      fail("unknown format directive '" +
           std::string(text.substr(position, directive + 1 - position)) + "'");
    }
    const bool numeric = segment.field == Field::kYearOfCentury || segment.field == Field::kMonth ||
                         segment.field == Field::kDay || segment.field == Field::kHour24 ||
                         segment.field == Field::kHour12 || segment.field == Field::kMinute ||
                         segment.field == Field::kSecond || segment.field == Field::kDayOfYear;
    if (!segment.padded && !numeric) {
      fail("format directive '" + std::string(text.substr(position, directive + 1 - position)) +
           "' has no unpadded form");
    }
    if (for_parsing && (segment.field == Field::kZoneName || segment.field == Field::kZoneOffset)) {
      throw NotImplemented("strptime does not support %z / %Z yet, in " + where);
    }
    if (segment.field == Field::kLiteral) {
      if (format.segments.empty() || format.segments.back().field != Field::kLiteral) {
        format.segments.emplace_back();
      }
      format.segments.back().literal += segment.literal;
    } else {
      format.segments.push_back(std::move(segment));
    }
    position = directive;
  }
  return format;
}

int64_t FloorDivide(int64_t value, int64_t divisor) {
  return value / divisor - (value % divisor < 0 ? 1 : 0);
}

// `value` (>= 0) in decimal, zero-padded to `width` digits (`fill` ' ' pads with spaces).
void AppendNumber(std::string& out, int64_t value, int width, char fill = '0') {
  char digits[24];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  for (int pad = count; pad < width; ++pad) out += fill;
  while (count > 0) out += digits[--count];
}

// "+00", "-04", "+05:30": the UTC offset as DuckDB's %z prints it.
void AppendOffset(int32_t offset_seconds, std::string& out) {
  const int32_t magnitude = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  const auto two_digits = [&](int32_t value) {
    out += static_cast<char>('0' + value / 10);
    out += static_cast<char>('0' + value % 10);
  };
  out += offset_seconds < 0 ? '-' : '+';
  two_digits(magnitude / 3600);
  if (magnitude % 3600 != 0) {
    out += ':';
    two_digits(magnitude / 60 % 60);
  }
  if (magnitude % 60 != 0) {
    out += ':';
    two_digits(magnitude % 60);
  }
}

// Writes one value (days since the epoch and microseconds into the day) in `format`; %Z prints
// `zone` and %z `offset_seconds`.
void FormatValue(const DateFormat& format, int64_t days, int64_t time_of_day,
                 const std::string& zone, int32_t offset_seconds, std::string& out) {
  int year;
  unsigned month, day;
  CivilFromDays(static_cast<int32_t>(days), &year, &month, &day);
  const int64_t hour = time_of_day / (3600 * kMicrosPerSecond);
  const int64_t weekday_from_sunday = days - FloorDivide(days + 4, 7) * 7 + 4;  // Sunday = 0
  for (const Segment& segment : format.segments) {
    const int width = segment.padded ? 2 : 1;
    switch (segment.field) {
      case Field::kLiteral:
        out += segment.literal;
        break;
      case Field::kYear:
        if (year < 0) out += '-';
        AppendNumber(out, year < 0 ? -int64_t{year} : year, year < 0 ? 1 : 4);
        break;
      case Field::kYearOfCentury:
        AppendNumber(out, (year < 0 ? -int64_t{year} : year) % 100, width);
        break;
      case Field::kMonth:
        AppendNumber(out, month, width);
        break;
      case Field::kDay:
        AppendNumber(out, day, width);
        break;
      case Field::kDaySpacePadded:
        AppendNumber(out, day, 2, ' ');
        break;
      case Field::kHour24:
        AppendNumber(out, hour, width);
        break;
      case Field::kHour12:
        AppendNumber(out, hour % 12 == 0 ? 12 : hour % 12, width);
        break;
      case Field::kMinute:
        AppendNumber(out, time_of_day / (60 * kMicrosPerSecond) % 60, width);
        break;
      case Field::kSecond:
        AppendNumber(out, time_of_day / kMicrosPerSecond % 60, width);
        break;
      case Field::kMicrosecond:
        AppendNumber(out, time_of_day % kMicrosPerSecond, 6);
        break;
      case Field::kMillisecond:
        AppendNumber(out, time_of_day % kMicrosPerSecond / 1000, 3);
        break;
      case Field::kAmPm:
        out += hour < 12 ? "AM" : "PM";
        break;
      case Field::kDayOfYear:
        AppendNumber(out, days - DaysFromCivil(year, 1, 1) + 1, segment.padded ? 3 : 1);
        break;
      case Field::kWeekdayShort:
        out += kWeekdayNames[weekday_from_sunday].substr(0, 3);
        break;
      case Field::kWeekdayLong:
        out += kWeekdayNames[weekday_from_sunday];
        break;
      case Field::kMonthShort:
        out += kMonthNames[month - 1].substr(0, 3);
        break;
      case Field::kMonthLong:
        out += kMonthNames[month - 1];
        break;
      case Field::kWeekdaySunday:
        AppendNumber(out, weekday_from_sunday, 1);
        break;
      case Field::kWeekdayMonday:
        AppendNumber(out, weekday_from_sunday == 0 ? 7 : weekday_from_sunday, 1);
        break;
      case Field::kZoneName:
        out += zone;
        break;
      case Field::kZoneOffset:
        AppendOffset(offset_seconds, out);
        break;
    }
  }
}

char Lower(char character) {
  return character >= 'A' && character <= 'Z' ? static_cast<char>(character + 32) : character;
}

bool IsSpace(char character) {
  return character == ' ' || character == '\t' || character == '\n' || character == '\r' ||
         character == '\v' || character == '\f';
}

// Why a text did not match: `reason`, at byte `position` of the text (npos: a field's value).
struct ParseFailure {
  std::string reason;
  size_t position = View::npos;
};

class TextParser {
 public:
  TextParser(View text, ParseFailure& failure) : text_(text), failure_(failure) {}

  size_t position() const { return position_; }
  bool at_end() const { return position_ == text_.size(); }

  bool Fail(std::string reason) {
    failure_.reason = std::move(reason);
    failure_.position = position_;
    return false;
  }

  // One to `max_digits` digits.
  bool Number(int max_digits, int64_t& value, int* digits_read = nullptr) {
    int count = 0;
    value = 0;
    while (count < max_digits && position_ < text_.size() && text_[position_] >= '0' &&
           text_[position_] <= '9') {
      value = value * 10 + (text_[position_++] - '0');
      ++count;
    }
    if (digits_read != nullptr) *digits_read = count;
    return count > 0 || Fail("expected a number");
  }

  // The index of the name in `names` (full names first, then their first three letters).
  template <size_t kCount>
  bool Name(const std::array<View, kCount>& names, int64_t& index) {
    for (const size_t length : {size_t{0}, size_t{3}}) {
      for (size_t candidate = 0; candidate < kCount; ++candidate) {
        const View name = length == 0 ? names[candidate] : names[candidate].substr(0, length);
        if (Matches(name)) {
          position_ += name.size();
          index = static_cast<int64_t>(candidate);
          return true;
        }
      }
    }
    return Fail("expected a " + std::string(kCount == 7 ? "weekday" : "month") + " name");
  }

  bool Matches(View word) const {
    if (text_.size() - position_ < word.size()) return false;
    for (size_t index = 0; index < word.size(); ++index) {
      if (Lower(text_[position_ + index]) != Lower(word[index])) return false;
    }
    return true;
  }

  bool Literal(View literal) {
    for (size_t index = 0; index < literal.size(); ++index) {
      if (IsSpace(literal[index])) {
        // A space in the format matches one or more spaces of the text.
        if (at_end() || !IsSpace(text_[position_])) return Fail("expected a space");
        while (!at_end() && IsSpace(text_[position_])) ++position_;
        while (index + 1 < literal.size() && IsSpace(literal[index + 1])) ++index;
        continue;
      }
      if (at_end() || text_[position_] != literal[index]) {
        return Fail("expected '" + std::string(1, literal[index]) + "'");
      }
      ++position_;
    }
    return true;
  }

  void Advance(size_t count) { position_ += count; }

  void SkipSpaces() {
    while (!at_end() && text_[position_] == ' ') ++position_;
  }

 private:
  View text_;
  size_t position_ = 0;
  ParseFailure& failure_;
};

bool IsLeapYear(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

// Parses `text` with `format` into TIMESTAMP microseconds; false (with `failure` set) otherwise.
bool ParseWithFormat(const DateFormat& format, View text, int64_t& out, ParseFailure& failure) {
  TextParser parser(text, failure);
  int64_t year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
  int64_t day_of_year = -1, ignored = 0;
  int ampm = -1;  // 0 AM, 1 PM
  for (const Segment& segment : format.segments) {
    bool ok = true;
    switch (segment.field) {
      case Field::kLiteral:
        ok = parser.Literal(segment.literal);
        break;
      case Field::kYear:
        ok = parser.Number(4, year);
        break;
      case Field::kYearOfCentury:
        ok = parser.Number(2, year);
        year += year < 69 ? 2000 : 1900;
        break;
      case Field::kMonth:
        ok = parser.Number(2, month);
        break;
      case Field::kDaySpacePadded:
        parser.SkipSpaces();
        ok = parser.Number(2, day);
        break;
      case Field::kDay:
        ok = parser.Number(2, day);
        break;
      case Field::kHour24:
      case Field::kHour12:
        ok = parser.Number(2, hour);
        break;
      case Field::kMinute:
        ok = parser.Number(2, minute);
        break;
      case Field::kSecond:
        ok = parser.Number(2, second);
        break;
      case Field::kMicrosecond:
      case Field::kMillisecond: {
        int digits = 0;
        ok = parser.Number(segment.field == Field::kMicrosecond ? 9 : 3, micros, &digits);
        for (; digits < 6; ++digits) micros *= 10;
        for (; digits > 6; --digits) micros /= 10;
        break;
      }
      case Field::kAmPm:
        if (parser.Matches("AM") || parser.Matches("PM")) {
          ampm = parser.Matches("PM") ? 1 : 0;
          parser.Advance(2);
        } else {
          ok = parser.Fail("expected AM or PM");
        }
        break;
      case Field::kDayOfYear:
        ok = parser.Number(3, day_of_year);
        break;
      case Field::kWeekdayShort:
      case Field::kWeekdayLong:
        ok = parser.Name(kWeekdayNames, ignored);
        break;
      case Field::kMonthShort:
      case Field::kMonthLong:
        ok = parser.Name(kMonthNames, month);
        ++month;
        break;
      case Field::kWeekdaySunday:
      case Field::kWeekdayMonday:
        ok = parser.Number(1, ignored);
        break;
      case Field::kZoneName:
      case Field::kZoneOffset:
        ok = parser.Fail("time zones are not supported");
        break;
    }
    if (!ok) return false;
  }
  if (!parser.at_end()) return parser.Fail("trailing characters");
  const auto invalid = [&](const std::string& reason) {
    failure.reason = reason;
    failure.position = View::npos;
    return false;
  };
  if (ampm >= 0) {
    if (hour < 1 || hour > 12) return invalid("hour " + std::to_string(hour) + " is not 1-12");
    hour = hour % 12 + (ampm == 1 ? 12 : 0);
  }
  if (month < 1 || month > 12) return invalid("month " + std::to_string(month) + " is not 1-12");
  if (hour > 23) return invalid("hour " + std::to_string(hour) + " is not 0-23");
  if (minute > 59) return invalid("minute " + std::to_string(minute) + " is not 0-59");
  if (second > 59) return invalid("second " + std::to_string(second) + " is not 0-59");
  int64_t days;
  if (day_of_year >= 0) {
    const int64_t year_days = IsLeapYear(year) ? 366 : 365;
    if (day_of_year < 1 || day_of_year > year_days) {
      return invalid("day of year " + std::to_string(day_of_year) + " is not 1-" +
                     std::to_string(year_days));
    }
    days = DaysFromCivil(static_cast<int>(year), 1, 1) + day_of_year - 1;
  } else {
    static constexpr int64_t kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int64_t month_days = month == 2 && IsLeapYear(year) ? 29 : kMonthDays[month - 1];
    if (day < 1 || day > month_days) {
      return invalid("day " + std::to_string(day) + " does not exist in " + std::to_string(year) +
                     "-" + (month < 10 ? "0" : "") + std::to_string(month));
    }
    days = DaysFromCivil(static_cast<int>(year), static_cast<unsigned>(month),
                         static_cast<unsigned>(day));
  }
  out = days * kMicrosPerDay + ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond + micros;
  return true;
}

// The format argument of one call: parsed at bind time when constant, else per distinct text.
struct FormatArgument {
  std::optional<DateFormat> constant;
  bool constant_null = false;
};

std::optional<FormatArgument> BindFormat(const FunctionArguments& arguments, bool for_parsing,
                                         const char* function) {
  const TypeId id = arguments.types[1].id();
  if (id != TypeId::kString && id != TypeId::kNull) return std::nullopt;
  FormatArgument format;
  if (const auto& constant = arguments.constants[1]) {
    if (constant->is_null()) {
      format.constant_null = true;
    } else {
      format.constant = ParseFormat(constant->string_value(), for_parsing, function);
    }
  }
  return format;
}

// Runs `compute(value, format, out)` over the rows: inputs[0] the values, inputs[1] the format.
template <typename Out, typename In, typename Compute>
ColumnPtr MapWithFormat(const FormatArgument& format, bool for_parsing,
                        const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                        const KernelContext& context, Compute&& compute) {
  if (format.constant_null) return Column::MakeNull(context.result_type, num_rows);
  if (format.constant) {
    return MapRows<Out, In>(context.result_type, num_rows, {inputs[0]}, [&](In value, Out& out) {
      return compute(value, *format.constant, out);
    });
  }
  std::optional<DateFormat> last;
  return MapRows<Out, In, View>(context.result_type, num_rows, inputs,
                                [&](In value, View text, Out& out) {
                                  if (!last || last->text != text) {
                                    last = ParseFormat(text, for_parsing, context.expression_text);
                                  }
                                  return compute(value, *last, out);
                                });
}

std::optional<BoundFunction> BindStrftime(const FunctionArguments& arguments) {
  if (arguments.types.size() != 2) return std::nullopt;
  DataType value_type = arguments.types[0];
  if (value_type.id() == TypeId::kNull) value_type = DataType::Timestamp();
  if (value_type.id() != TypeId::kDate && value_type.id() != TypeId::kTimestamp) {
    return std::nullopt;
  }
  const auto format = BindFormat(arguments, false, "strftime");
  if (!format) return std::nullopt;
  const std::string zone_name = value_type.id() == TypeId::kTimestamp ? value_type.timezone() : "";
  // An instant prints on the wall clock of its type's zone, %z giving that zone's offset then.
  const auto zone = ZoneOfType(value_type, "strftime");
  Kernel kernel = [format = *format, value_type, zone_name, zone](
                      const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                      const KernelContext& context) {
    if (value_type.id() == TypeId::kDate) {
      return MapWithFormat<std::string, int32_t>(
          format, false, inputs, num_rows, context,
          [&](int32_t days, const DateFormat& parsed, std::string& out) {
            FormatValue(parsed, days, 0, zone_name, 0, out);
            return true;
          });
    }
    std::optional<int64_t> failed;
    ColumnPtr result = MapWithFormat<std::string, int64_t>(
        format, false, inputs, num_rows, context,
        [&](int64_t instant, const DateFormat& parsed, std::string& out) {
          int64_t micros = instant;
          int32_t offset = 0;
          if (zone) {
            offset = zone->OffsetAt(FloorDivide(instant, kMicrosPerSecond));
            if (__builtin_add_overflow(instant, int64_t{offset} * kMicrosPerSecond, &micros)) {
              if (!failed) failed = instant;
              return false;
            }
          }
          const int64_t days = FloorDivide(micros, kMicrosPerDay);
          FormatValue(parsed, days, micros - days * kMicrosPerDay, zone_name, offset, out);
          return true;
        });
    if (failed) {
      throw InvalidInput("the wall-clock time of " + FormatTimestamp(*failed) +
                         " is out of the TIMESTAMP range in " + context.expression_text);
    }
    return result;
  };
  return BoundFunction{{value_type, DataType::String()}, DataType::String(), kernel};
}

template <bool kTry>
std::optional<BoundFunction> BindStrptime(const FunctionArguments& arguments) {
  if (arguments.types.size() != 2) return std::nullopt;
  const TypeId id = arguments.types[0].id();
  if (id != TypeId::kString && id != TypeId::kNull) return std::nullopt;
  const auto format = BindFormat(arguments, true, kTry ? "try_strptime" : "strptime");
  if (!format) return std::nullopt;
  Kernel kernel = [format = *format](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                                     const KernelContext& context) {
    ParseFailure failure;
    std::optional<std::string> failed_text, failed_format;
    ParseFailure first_failure;
    ColumnPtr column =
        MapWithFormat<int64_t, View>(format, true, inputs, num_rows, context,
                                     [&](View text, const DateFormat& parsed, int64_t& out) {
                                       if (ParseWithFormat(parsed, text, out, failure)) return true;
                                       if (!kTry && !failed_text) {
                                         failed_text.emplace(text);
                                         failed_format = parsed.text;
                                         first_failure = failure;
                                       }
                                       return false;
                                     });
    if (failed_text) {
      throw InvalidInput("cannot parse '" + *failed_text + "' with format '" + *failed_format +
                         "': " + first_failure.reason +
                         (first_failure.position == View::npos
                              ? ""
                              : " at character " + std::to_string(first_failure.position + 1)) +
                         ", in " + context.expression_text + " (try_strptime gives NULL instead)");
    }
    return column;
  };
  return BoundFunction{{DataType::String(), DataType::String()}, DataType::Timestamp(), kernel};
}

}  // namespace

void RegisterDateFormatFunctions(FunctionRegistry& registry) {
  registry.Register("strftime", BindStrftime);
  registry.Register("strptime", BindStrptime<false>);
  registry.Register("try_strptime", BindStrptime<true>);
}

}  // namespace berserkr::expr
