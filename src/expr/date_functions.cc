// Date and time functions with DuckDB 1.5 semantics: date_trunc / datetrunc, extract / date_part /
// datepart, date_diff / datediff, date_add / date_sub and to_timestamp. strftime, strptime and
// try_strptime live in date_format_functions.cc.
//
// - The part ('month', 'week', ...) is parsed once at bind time when it is a constant (an unknown
//   part is a bind error); a part column is parsed again only when its text changes between rows.
// - date_trunc on a DATE returns TIMESTAMP (DuckDB 1.5); 'week' truncates to the ISO Monday.
// - extract returns BIGINT ('second' is the whole seconds; 'millisecond' and 'microsecond' count
//   the sub-minute part including the seconds, as DuckDB), except 'epoch', DOUBLE seconds. Its
//   part must be a constant (the result type depends on it): a part column is NotImplemented.
// - date_diff counts the boundaries crossed: date_diff('month', DATE '2020-01-31',
//   DATE '2020-02-01') = 1. 'day' counts midnights; 'week' is the day count divided by 7 towards
//   zero (DuckDB 1.5, not Monday boundaries); 'hour' ... 'millisecond' subtract the truncated
//   values.
// - date_add(value, part, n) / date_sub(value, part, n) are our function form of DuckDB's
//   `value + INTERVAL n part`: TIMESTAMP results (a DATE becomes midnight), month and year steps
//   clamp the day to the last of the month (2020-01-31 + 1 month = 2020-02-29). DuckDB's own
//   date_sub(part, start, end) (complete intervals) is not implemented; it fails to bind.
// - A TIMESTAMP WITH TIME ZONE keeps its type. date_trunc, extract and date_diff compute it on the
//   wall clock of the zone its type names (as DuckDB does in the session's TimeZone; 'UTC' needs
//   no conversion), except that date_diff counts hours and shorter parts on the UTC clock (ICU
//   counts elapsed time; the two differ only for zones whose offset is not whole hours).
//   date_add / date_sub still step it in UTC.

#include <algorithm>
#include <cmath>
#include <string_view>

#include "berserkr/common/error.h"
#include "berserkr/types/temporal.h"
#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"
#include "expr/time_zone_internal.h"

namespace berserkr::expr {

// strftime, strptime, try_strptime (date_format_functions.cc).
void RegisterDateFormatFunctions(FunctionRegistry& registry);

namespace {

using View = std::string_view;

constexpr int64_t kMicrosPerMillisecond = 1000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
// Years past this are outside every TIMESTAMP; checked before calling DaysFromCivil.
constexpr int64_t kMaxYear = 300'000;

// The units come first: date_trunc, date_diff and date_add accept those; extract accepts all.
enum class DatePart : uint8_t {
  kYear,
  kQuarter,
  kMonth,
  kWeek,
  kDay,
  kHour,
  kMinute,
  kSecond,
  kMillisecond,
  kMicrosecond,
  kDayOfWeek,     // dow: Sunday = 0
  kIsoDayOfWeek,  // isodow: Monday = 1
  kDayOfYear,
  kIsoYear,
  kEpoch,
};

constexpr bool IsUnit(DatePart part) { return part <= DatePart::kMicrosecond; }

template <DatePart kPart>
using PartTag = std::integral_constant<DatePart, kPart>;

// Calls function(PartTag<part>{}): one instantiation per part, so the row loops do not switch.
template <typename Function>
decltype(auto) VisitPart(DatePart part, Function&& function) {
  switch (part) {
    case DatePart::kYear:
      return function(PartTag<DatePart::kYear>{});
    case DatePart::kQuarter:
      return function(PartTag<DatePart::kQuarter>{});
    case DatePart::kMonth:
      return function(PartTag<DatePart::kMonth>{});
    case DatePart::kWeek:
      return function(PartTag<DatePart::kWeek>{});
    case DatePart::kDay:
      return function(PartTag<DatePart::kDay>{});
    case DatePart::kHour:
      return function(PartTag<DatePart::kHour>{});
    case DatePart::kMinute:
      return function(PartTag<DatePart::kMinute>{});
    case DatePart::kSecond:
      return function(PartTag<DatePart::kSecond>{});
    case DatePart::kMillisecond:
      return function(PartTag<DatePart::kMillisecond>{});
    case DatePart::kMicrosecond:
      return function(PartTag<DatePart::kMicrosecond>{});
    case DatePart::kDayOfWeek:
      return function(PartTag<DatePart::kDayOfWeek>{});
    case DatePart::kIsoDayOfWeek:
      return function(PartTag<DatePart::kIsoDayOfWeek>{});
    case DatePart::kDayOfYear:
      return function(PartTag<DatePart::kDayOfYear>{});
    case DatePart::kIsoYear:
      return function(PartTag<DatePart::kIsoYear>{});
    case DatePart::kEpoch:
      break;
  }
  return function(PartTag<DatePart::kEpoch>{});
}

struct PartNames {
  View names;  // space-separated
  DatePart part;
};

// DuckDB's spellings (GetDatePartSpecifier) of the parts we support.
constexpr PartNames kPartNames[] = {
    {"year years y yr yrs", DatePart::kYear},
    {"quarter quarters", DatePart::kQuarter},
    {"month months mon mons", DatePart::kMonth},
    {"week weeks w weekofyear", DatePart::kWeek},
    {"day days d dayofmonth", DatePart::kDay},
    {"hour hours h hr hrs", DatePart::kHour},
    {"minute minutes m min mins", DatePart::kMinute},
    {"second seconds s sec secs", DatePart::kSecond},
    {"millisecond milliseconds ms msec msecs", DatePart::kMillisecond},
    {"microsecond microseconds us usec usecs", DatePart::kMicrosecond},
    {"dow dayofweek weekday", DatePart::kDayOfWeek},
    {"isodow", DatePart::kIsoDayOfWeek},
    {"doy dayofyear", DatePart::kDayOfYear},
    {"isoyear", DatePart::kIsoYear},
    {"epoch", DatePart::kEpoch},
};

// Parses a part name (case-insensitive). Throws InvalidInput naming the part, `where` and the
// accepted parts when it is unknown or not one `function` takes.
DatePart ParsePart(View text, bool units_only, const std::string& where) {
  std::string lower(text);
  for (char& character : lower) {
    if (character >= 'A' && character <= 'Z') character = static_cast<char>(character + 32);
  }
  for (const PartNames& entry : kPartNames) {
    for (size_t begin = 0; begin < entry.names.size();) {
      const size_t end = std::min(entry.names.find(' ', begin), entry.names.size());
      if (entry.names.substr(begin, end - begin) == lower && (!units_only || IsUnit(entry.part))) {
        return entry.part;
      }
      begin = end + 1;
    }
  }
  throw InvalidInput("unknown date part '" + std::string(text) + "' in " + where +
                     "; use one of: year, quarter, month, week, day, hour, minute, second, "
                     "millisecond, microsecond" +
                     (units_only ? "" : ", dow, isodow, doy, isoyear, epoch"));
}

// The part argument of one call: parsed at bind time when constant, else per distinct text.
struct PartArgument {
  std::optional<DatePart> constant;
  bool constant_null = false;
  bool units_only = true;
  size_t index = 0;  // position among the call's arguments
};

std::optional<PartArgument> BindPart(const FunctionArguments& arguments, size_t index,
                                     bool units_only, const char* function) {
  const TypeId id = arguments.types[index].id();
  if (id != TypeId::kString && id != TypeId::kNull) return std::nullopt;
  PartArgument part;
  part.units_only = units_only;
  part.index = index;
  if (const auto& constant = arguments.constants[index]) {
    if (constant->is_null()) {
      part.constant_null = true;
    } else {
      part.constant = ParsePart(constant->string_value(), units_only, function);
    }
  }
  return part;
}

// Runs `compute(PartTag<part>{}, values..., out) -> bool` over the rows. The part is fixed for the
// batch when it was constant; a part column is looked up per row, re-parsed only when it changes.
template <typename Out, typename... In, typename Compute>
ColumnPtr MapWithPart(const PartArgument& part, const std::vector<ColumnPtr>& inputs,
                      int64_t num_rows, const KernelContext& context, Compute&& compute) {
  if (part.constant_null) return Column::MakeNull(context.result_type, num_rows);
  std::vector<ColumnPtr> values = inputs;
  values.erase(values.begin() + static_cast<std::ptrdiff_t>(part.index));
  if (part.constant) {
    return VisitPart(*part.constant, [&](auto tag) {
      return MapRows<Out, In...>(context.result_type, num_rows, values, [&](In... value, Out& out) {
        return compute(tag, value..., out);
      });
    });
  }
  values.insert(values.begin(), inputs[part.index]);
  std::string last_text;
  DatePart last_part = DatePart::kYear;
  bool parsed_any = false;
  return MapRows<Out, View, In...>(
      context.result_type, num_rows, values, [&](View text, In... value, Out& out) {
        if (!parsed_any || text != last_text) {
          last_part = ParsePart(text, part.units_only, context.expression_text);
          last_text.assign(text);
          parsed_any = true;
        }
        return VisitPart(last_part, [&](auto tag) { return compute(tag, value..., out); });
      });
}

// A point in time as whole days since 1970-01-01 and microseconds into that day. DATE values
// become midnight without going through microseconds, so that no DATE overflows.
struct Moment {
  int64_t days;
  int64_t time_of_day;  // [0, kMicrosPerDay)
};

int64_t FloorDivide(int64_t value, int64_t divisor) {
  return value / divisor - (value % divisor < 0 ? 1 : 0);
}
int128 FloorDivide128(int128 value, int128 divisor) {
  return value / divisor - (value % divisor < 0 ? 1 : 0);
}

Moment ToMoment(int32_t days) { return Moment{days, 0}; }
Moment ToMoment(int64_t micros) {
  const int64_t days = FloorDivide(micros, kMicrosPerDay);
  return Moment{days, micros - days * kMicrosPerDay};
}

struct Civil {
  int year;
  unsigned month;
  unsigned day;
};

Civil ToCivil(int64_t days) {
  Civil civil{};
  CivilFromDays(static_cast<int32_t>(days), &civil.year, &civil.month, &civil.day);
  return civil;
}

bool IsLeapYear(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

unsigned DaysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Monday = 1 ... Sunday = 7; 1970-01-01 was a Thursday.
int64_t IsoDayOfWeek(int64_t days) { return days - FloorDivide(days + 3, 7) * 7 + 4; }

// The ISO 8601 year and week of a day: the week belongs to the year holding its Thursday.
void IsoYearWeek(int64_t days, int64_t* year, int64_t* week) {
  const int64_t thursday = days - IsoDayOfWeek(days) + 4;
  const int iso_year = ToCivil(thursday).year;
  *year = iso_year;
  *week = (thursday - DaysFromCivil(iso_year, 1, 1)) / 7 + 1;
}

// days and time of day as TIMESTAMP microseconds; false when out of range.
bool ToMicros(int64_t days, int64_t time_of_day, int64_t& out) {
  int64_t day_micros;
  return !__builtin_mul_overflow(days, kMicrosPerDay, &day_micros) &&
         !__builtin_add_overflow(day_micros, time_of_day, &out);
}

template <DatePart kPart>
constexpr int64_t MicrosPerUnit() {
  switch (kPart) {
    case DatePart::kWeek:
      return 7 * kMicrosPerDay;
    case DatePart::kDay:
      return kMicrosPerDay;
    case DatePart::kHour:
      return kMicrosPerHour;
    case DatePart::kMinute:
      return kMicrosPerMinute;
    case DatePart::kSecond:
      return kMicrosPerSecond;
    case DatePart::kMillisecond:
      return kMicrosPerMillisecond;
    default:
      return 1;
  }
}

template <DatePart kPart>
constexpr bool IsSubDay() {
  return kPart >= DatePart::kHour && kPart <= DatePart::kMicrosecond;
}

template <DatePart kPart>
bool Truncate(const Moment& moment, int64_t& out) {
  int64_t days = moment.days;
  int64_t time_of_day = 0;
  if constexpr (kPart == DatePart::kYear || kPart == DatePart::kQuarter ||
                kPart == DatePart::kMonth) {
    const Civil civil = ToCivil(days);
    unsigned month = civil.month;
    if constexpr (kPart == DatePart::kYear) month = 1;
    if constexpr (kPart == DatePart::kQuarter) month = (civil.month - 1) / 3 * 3 + 1;
    days = DaysFromCivil(civil.year, month, 1);
  } else if constexpr (kPart == DatePart::kWeek) {
    days -= IsoDayOfWeek(days) - 1;
  } else if constexpr (IsSubDay<kPart>()) {
    time_of_day = moment.time_of_day - moment.time_of_day % MicrosPerUnit<kPart>();
  }
  return ToMicros(days, time_of_day, out);
}

template <DatePart kPart>
int64_t ExtractField(const Moment& moment) {
  const int64_t seconds_and_micros = moment.time_of_day % kMicrosPerMinute;
  if constexpr (kPart == DatePart::kYear) return ToCivil(moment.days).year;
  if constexpr (kPart == DatePart::kQuarter) return (ToCivil(moment.days).month - 1) / 3 + 1;
  if constexpr (kPart == DatePart::kMonth) return ToCivil(moment.days).month;
  if constexpr (kPart == DatePart::kDay) return ToCivil(moment.days).day;
  if constexpr (kPart == DatePart::kHour) return moment.time_of_day / kMicrosPerHour;
  if constexpr (kPart == DatePart::kMinute) return moment.time_of_day / kMicrosPerMinute % 60;
  if constexpr (kPart == DatePart::kSecond) return seconds_and_micros / kMicrosPerSecond;
  if constexpr (kPart == DatePart::kMillisecond) return seconds_and_micros / kMicrosPerMillisecond;
  if constexpr (kPart == DatePart::kMicrosecond) return seconds_and_micros;
  if constexpr (kPart == DatePart::kDayOfWeek) return IsoDayOfWeek(moment.days) % 7;
  if constexpr (kPart == DatePart::kIsoDayOfWeek) return IsoDayOfWeek(moment.days);
  if constexpr (kPart == DatePart::kDayOfYear) {
    return moment.days - DaysFromCivil(ToCivil(moment.days).year, 1, 1) + 1;
  }
  if constexpr (kPart == DatePart::kWeek || kPart == DatePart::kIsoYear) {
    int64_t year, week;
    IsoYearWeek(moment.days, &year, &week);
    return kPart == DatePart::kWeek ? week : year;
  }
  return 0;  // epoch: see ExtractEpoch
}

double ExtractEpoch(const Moment& moment) {
  return static_cast<double>(static_cast<int128>(moment.days) * kMicrosPerDay +
                             moment.time_of_day) /
         static_cast<double>(kMicrosPerSecond);
}

// Boundaries of `kPart` crossed from `start` to `end`; false when the count leaves BIGINT.
template <DatePart kPart>
bool Difference(const Moment& start, const Moment& end, int64_t& out) {
  if constexpr (kPart == DatePart::kYear || kPart == DatePart::kQuarter ||
                kPart == DatePart::kMonth) {
    const Civil from = ToCivil(start.days);
    const Civil to = ToCivil(end.days);
    // Signed month counts: unsigned month arithmetic must not wrap below zero.
    const int64_t from_month = int64_t{from.year} * 12 + from.month - 1;
    const int64_t to_month = int64_t{to.year} * 12 + to.month - 1;
    if constexpr (kPart == DatePart::kYear) out = int64_t{to.year} - from.year;
    if constexpr (kPart == DatePart::kQuarter) {
      out = FloorDivide(to_month, 3) - FloorDivide(from_month, 3);
    }
    if constexpr (kPart == DatePart::kMonth) out = to_month - from_month;
  } else if constexpr (kPart == DatePart::kDay) {
    out = end.days - start.days;
  } else if constexpr (kPart == DatePart::kWeek) {
    out = (end.days - start.days) / 7;  // towards zero, as DuckDB 1.5
  } else {
    const auto units = [](const Moment& moment) {
      return FloorDivide128(static_cast<int128>(moment.days) * kMicrosPerDay + moment.time_of_day,
                            MicrosPerUnit<kPart>());
    };
    const int128 difference = units(end) - units(start);
    if (difference > INT64_MAX || difference < INT64_MIN) return false;
    out = static_cast<int64_t>(difference);
  }
  return true;
}

// `moment` plus `count` units of `kPart`; false when the result leaves TIMESTAMP.
template <DatePart kPart>
bool AddParts(const Moment& moment, int64_t count, int64_t& out) {
  if constexpr (kPart == DatePart::kYear || kPart == DatePart::kQuarter ||
                kPart == DatePart::kMonth) {
    constexpr int64_t kMonthsPerUnit =
        kPart == DatePart::kYear ? 12 : (kPart == DatePart::kQuarter ? 3 : 1);
    const Civil civil = ToCivil(moment.days);
    const int128 total = static_cast<int128>(civil.year) * 12 + (civil.month - 1) +
                         static_cast<int128>(count) * kMonthsPerUnit;
    const int128 year = FloorDivide128(total, 12);
    if (year > kMaxYear || year < -kMaxYear) return false;
    const unsigned month = static_cast<unsigned>(total - year * 12) + 1;
    // Month arithmetic keeps the day when the target month has it, else its last day.
    const unsigned day = std::min(civil.day, DaysInMonth(static_cast<int64_t>(year), month));
    return ToMicros(DaysFromCivil(static_cast<int>(year), month, day), moment.time_of_day, out);
  } else {
    int64_t base, step;
    return ToMicros(moment.days, moment.time_of_day, base) &&
           !__builtin_mul_overflow(count, MicrosPerUnit<kPart>(), &step) &&
           !__builtin_add_overflow(base, step, &out);
  }
}

bool IsTemporal(const DataType& type) {
  return type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp;
}

// Calls function(std::type_identity<T>{}) with int32_t for DATE, int64_t for TIMESTAMP.
template <typename Function>
decltype(auto) VisitTemporal(const DataType& type, Function&& function) {
  if (type.id() == TypeId::kDate) return function(std::type_identity<int32_t>{});
  return function(std::type_identity<int64_t>{});
}

// The type a temporal argument is read as: a NULL literal reads as a NULL TIMESTAMP.
DataType TemporalArgument(const DataType& type) {
  return type.id() == TypeId::kNull ? DataType::Timestamp() : type;
}

std::string OutOfRange(const std::string& value, const std::string& expression) {
  return "result for " + value + " is out of the TIMESTAMP range in " + expression;
}

std::string ShowValue(int64_t value, bool is_date) {
  return is_date ? "DATE '" + FormatDate(static_cast<int32_t>(value)) + "'"
                 : "TIMESTAMP '" + FormatTimestamp(value) + "'";
}

// `inputs` with inputs[index] (instants) replaced by their wall-clock times in `zone`; unchanged
// when `zone` is null.
std::vector<ColumnPtr> OnWallClock(const std::vector<ColumnPtr>& inputs, size_t index,
                                   const TimeZone* zone, const KernelContext& context) {
  if (zone == nullptr) return inputs;
  std::vector<ColumnPtr> converted = inputs;
  converted[index] = InstantsToWallClock(inputs[index], *zone, context.expression_text);
  return converted;
}

// date_trunc(part, value): TIMESTAMP for DATE (DuckDB 1.5), the value's type for TIMESTAMP.
std::optional<BoundFunction> BindDateTrunc(const FunctionArguments& arguments) {
  if (arguments.types.size() != 2) return std::nullopt;
  const DataType value_type = TemporalArgument(arguments.types[1]);
  if (!IsTemporal(value_type)) return std::nullopt;
  const auto part = BindPart(arguments, 0, true, "date_trunc");
  if (!part) return std::nullopt;
  const DataType result = value_type.id() == TypeId::kDate ? DataType::Timestamp() : value_type;
  const auto zone = ZoneOfType(value_type, "date_trunc");
  Kernel kernel = [part = *part, value_type, zone](const std::vector<ColumnPtr>& inputs,
                                                   int64_t num_rows, const KernelContext& context) {
    const std::vector<ColumnPtr> values = OnWallClock(inputs, 1, zone.get(), context);
    ColumnPtr truncated = VisitTemporal(value_type, [&]<typename T>(std::type_identity<T>) {
      std::optional<int64_t> failed;
      ColumnPtr column = MapWithPart<int64_t, T>(
          part, values, num_rows, context, [&](auto tag, T value, int64_t& out) {
            if (Truncate<decltype(tag)::value>(ToMoment(value), out)) return true;
            if (!failed) failed = value;
            return false;
          });
      if (failed) {
        throw InvalidInput(
            OutOfRange(ShowValue(*failed, std::is_same_v<T, int32_t>), context.expression_text));
      }
      return column;
    });
    if (!zone) return truncated;
    return WallClockToInstants(truncated, *zone, context.result_type, context.expression_text);
  };
  return BoundFunction{{DataType::String(), value_type}, result, kernel};
}

// extract(part, value) / date_part: BIGINT, DOUBLE for 'epoch'.
std::optional<BoundFunction> BindExtract(const FunctionArguments& arguments) {
  if (arguments.types.size() != 2) return std::nullopt;
  const DataType value_type = TemporalArgument(arguments.types[1]);
  if (!IsTemporal(value_type)) return std::nullopt;
  const auto part = BindPart(arguments, 0, false, "extract");
  if (!part) return std::nullopt;
  if (!part->constant && !part->constant_null) {
    // One result type per call: a part column cannot mix 'epoch' (DOUBLE) with the others.
    throw NotImplemented("extract / date_part needs a constant part; the part is a column");
  }
  const bool epoch = part->constant == DatePart::kEpoch;
  // The epoch counts seconds of the instant, not of the wall clock (DuckDB).
  const auto zone = epoch ? nullptr : ZoneOfType(value_type, "extract");
  Kernel kernel = [part = *part, value_type, epoch, zone](const std::vector<ColumnPtr>& raw_inputs,
                                                          int64_t num_rows,
                                                          const KernelContext& context) {
    const std::vector<ColumnPtr> inputs = OnWallClock(raw_inputs, 1, zone.get(), context);
    return VisitTemporal(value_type, [&]<typename T>(std::type_identity<T>) {
      if (epoch) {
        return MapRows<double, T>(context.result_type, num_rows, {inputs[1]},
                                  [](T value, double& out) {
                                    out = ExtractEpoch(ToMoment(value));
                                    return true;
                                  });
      }
      return MapWithPart<int64_t, T>(part, inputs, num_rows, context,
                                     [](auto tag, T value, int64_t& out) {
                                       out = ExtractField<decltype(tag)::value>(ToMoment(value));
                                       return true;
                                     });
    });
  };
  return BoundFunction{
      {DataType::String(), value_type}, epoch ? DataType::Float64() : DataType::Int64(), kernel};
}

// date_diff(part, start, end) / datediff: BIGINT. DATE and TIMESTAMP mix without casts.
std::optional<BoundFunction> BindDateDiff(const FunctionArguments& arguments) {
  if (arguments.types.size() != 3) return std::nullopt;
  const DataType start_type = TemporalArgument(arguments.types[1]);
  const DataType end_type = TemporalArgument(arguments.types[2]);
  if (!IsTemporal(start_type) || !IsTemporal(end_type)) return std::nullopt;
  const auto part = BindPart(arguments, 0, true, "date_diff");
  if (!part) return std::nullopt;
  // ICU (DuckDB) counts days and longer on the wall clock, but hours and shorter as elapsed time,
  // which for whole-hour offsets is the count on the UTC clock. A part column uses the wall clock.
  const bool elapsed = part->constant && *part->constant >= DatePart::kHour;
  const auto start_zone = elapsed ? nullptr : ZoneOfType(start_type, "date_diff");
  const auto end_zone = elapsed ? nullptr : ZoneOfType(end_type, "date_diff");
  Kernel kernel = [part = *part, start_type, end_type, start_zone, end_zone](
                      const std::vector<ColumnPtr>& raw_inputs, int64_t num_rows,
                      const KernelContext& context) {
    const std::vector<ColumnPtr> inputs = OnWallClock(
        OnWallClock(raw_inputs, 1, start_zone.get(), context), 2, end_zone.get(), context);
    return VisitTemporal(start_type, [&]<typename S>(std::type_identity<S>) {
      return VisitTemporal(end_type, [&]<typename E>(std::type_identity<E>) {
        bool failed = false;
        ColumnPtr column = MapWithPart<int64_t, S, E>(
            part, inputs, num_rows, context, [&](auto tag, S start, E end, int64_t& out) {
              if (Difference<decltype(tag)::value>(ToMoment(start), ToMoment(end), out)) {
                return true;
              }
              failed = true;
              return false;
            });
        if (failed) throw InvalidInput("date_diff overflows BIGINT in " + context.expression_text);
        return column;
      });
    });
  };
  return BoundFunction{{DataType::String(), start_type, end_type}, DataType::Int64(), kernel};
}

// date_add(value, part, n) / date_sub(value, part, n): TIMESTAMP (the value's, for TIMESTAMP).
template <bool kSubtract>
std::optional<BoundFunction> BindDateAdd(const FunctionArguments& arguments) {
  if (arguments.types.size() != 3) return std::nullopt;
  const DataType value_type = TemporalArgument(arguments.types[0]);
  const DataType& count_type = arguments.types[2];
  if (!IsTemporal(value_type)) return std::nullopt;
  if (!count_type.is_integer() && count_type.id() != TypeId::kNull) return std::nullopt;
  const auto part = BindPart(arguments, 1, true, kSubtract ? "date_sub" : "date_add");
  if (!part) return std::nullopt;
  const DataType result = value_type.id() == TypeId::kDate ? DataType::Timestamp() : value_type;
  Kernel kernel = [part = *part, value_type](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                                             const KernelContext& context) {
    return VisitTemporal(value_type, [&]<typename T>(std::type_identity<T>) {
      std::optional<int64_t> failed;
      ColumnPtr column = MapWithPart<int64_t, T, int64_t>(
          part, inputs, num_rows, context, [&](auto tag, T value, int64_t count, int64_t& out) {
            const bool fits = !kSubtract || count != INT64_MIN;
            if (fits &&
                AddParts<decltype(tag)::value>(ToMoment(value), kSubtract ? -count : count, out)) {
              return true;
            }
            if (!failed) failed = value;
            return false;
          });
      if (failed) {
        throw InvalidInput(
            OutOfRange(ShowValue(*failed, std::is_same_v<T, int32_t>), context.expression_text));
      }
      return column;
    });
  };
  return BoundFunction{{value_type, DataType::String(), DataType::Int64()}, result, kernel};
}

// to_timestamp(seconds): TIMESTAMP WITH TIME ZONE ('UTC'), microseconds rounded to nearest.
std::optional<BoundFunction> BindToTimestamp(const FunctionArguments& arguments) {
  if (arguments.types.size() != 1) return std::nullopt;
  if (!arguments.types[0].is_numeric() && arguments.types[0].id() != TypeId::kNull) {
    return std::nullopt;
  }
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) {
    std::optional<double> failed;
    ColumnPtr column = MapRows<int64_t, double>(
        context.result_type, num_rows, inputs, [&](double seconds, int64_t& out) {
          const double micros = std::nearbyint(seconds * static_cast<double>(kMicrosPerSecond));
          // 2^63 is exactly representable; every double below it converts without overflow.
          if (std::isfinite(micros) && micros < 9223372036854775808.0 &&
              micros >= -9223372036854775808.0) {
            out = static_cast<int64_t>(micros);
            return true;
          }
          if (!failed) failed = seconds;
          return false;
        });
    if (failed) {
      throw InvalidInput("epoch seconds " + std::to_string(*failed) +
                         " are out of the TIMESTAMP range in " + context.expression_text);
    }
    return column;
  };
  return BoundFunction{{DataType::Float64()}, DataType::Timestamp("UTC"), kernel};
}

}  // namespace

void RegisterDateFunctions(FunctionRegistry& registry) {
  for (const char* name : {"date_trunc", "datetrunc"}) registry.Register(name, BindDateTrunc);
  for (const char* name : {"extract", "date_part", "datepart"})
    registry.Register(name, BindExtract);
  for (const char* name : {"date_diff", "datediff"}) registry.Register(name, BindDateDiff);
  registry.Register("date_add", BindDateAdd<false>);
  registry.Register("date_sub", BindDateAdd<true>);
  registry.Register("to_timestamp", BindToTimestamp);
  RegisterDateFormatFunctions(registry);
}

}  // namespace berserkr::expr
