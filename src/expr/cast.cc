// CAST and TRY_CAST. Rounding follows DuckDB: DOUBLE -> integer rounds half to even (2.5 -> 2),
// DECIMAL -> integer and DOUBLE -> DECIMAL round half away from zero (2.5 -> 3). Values out of the
// target's range fail. Anything -> VARCHAR uses Column::FormatValue (dates ISO 8601), except FLOAT
// / DOUBLE, which print as DuckDB does (Python's repr: "1.0", "-0.0", "1e+16", "1e-05", "inf",
// "nan"); Column::FormatValue, which the CSV and JSON writers share, keeps the shortest text ("1").

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "berserkr/types/temporal.h"
#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"
#include "formats/csv/csv_converter.h"

namespace berserkr::expr {

namespace {

// Runs `convert(value, out) -> bool` over every valid row. A failed row becomes NULL under
// TRY_CAST; otherwise the first failure is reported after the loop, naming the value.
template <typename Out, typename In, typename Convert>
ColumnPtr CastLoop(const Column& input, const DataType& target, bool try_cast,
                   const std::string& text, Convert&& convert) {
  ValueReader<In> reader(input);
  ValueWriter<Out> writer(target, input.length());
  Out value{};
  int64_t failed_row = -1;
  for (int64_t row = 0; row < input.length(); ++row) {
    if (!reader.valid(row)) {
      writer.AppendNull();
      continue;
    }
    if constexpr (std::is_same_v<Out, std::string>) value.clear();
    if (convert(reader(row), value)) {
      writer.Append(value);
    } else {
      writer.AppendNull();
      if (failed_row < 0) failed_row = row;
    }
  }
  if (failed_row >= 0 && !try_cast) {
    std::string shown = input.FormatValue(failed_row);
    if (input.type().is_binary_like()) shown = "'" + shown + "'";
    throw InvalidInput("cannot cast " + shown + " to " + target.ToString() + " in " + text);
  }
  return writer.Finish();
}

// Integer division rounding half away from zero (DECIMAL -> fewer decimal places).
int128 DivideRounded(int128 value, int128 divisor) {
  int128 quotient = value / divisor;
  const int128 remainder = value % divisor;
  if (remainder * 2 >= divisor) ++quotient;
  if (remainder * 2 <= -divisor) --quotient;
  return quotient;
}

// Converts a number to another numeric (or bool) physical type; false when out of range.
template <typename Source, typename Target>
bool ConvertNumber(Source value, Target& out, const DataType& source, const DataType& target) {
  constexpr bool kSourceFloat = std::is_floating_point_v<Source>;
  const bool source_decimal = source.id() == TypeId::kDecimal;
  if constexpr (std::is_same_v<Target, bool>) {
    out = value != 0;
    return true;
  } else if constexpr (std::is_floating_point_v<Target>) {
    if (source_decimal) {
      out = static_cast<Target>(static_cast<double>(value) /
                                static_cast<double>(PowerOfTen(source.scale())));
    } else {
      out = static_cast<Target>(value);
    }
    return true;
  } else {
    // Integer or decimal target: compute the unscaled integer in 128 bits, then range-check.
    const bool target_decimal = target.id() == TypeId::kDecimal;
    const int target_scale = target_decimal ? target.scale() : 0;
    int128 result;
    if constexpr (kSourceFloat) {
      const double scaled =
          static_cast<double>(value) * static_cast<double>(PowerOfTen(target_scale));
      const double rounded = target_decimal ? std::round(scaled) : std::nearbyint(scaled);
      if (!std::isfinite(rounded) || std::fabs(rounded) >= 1e38) return false;
      result = static_cast<int128>(rounded);
    } else {
      const int source_scale = source_decimal ? source.scale() : 0;
      result = static_cast<int128>(value);
      if (target_scale >= source_scale) {
        const int128 factor = PowerOfTen(target_scale - source_scale);
        if (__builtin_mul_overflow(result, factor, &result)) return false;
      } else {
        result = DivideRounded(result, PowerOfTen(source_scale - target_scale));
      }
    }
    if (target_decimal) {
      const int128 limit = PowerOfTen(target.precision());
      if (result >= limit || result <= -limit) return false;
    } else if (result < static_cast<int128>(std::numeric_limits<Target>::min()) ||
               result > static_cast<int128>(std::numeric_limits<Target>::max())) {
      return false;
    }
    out = static_cast<Target>(result);
    return true;
  }
}

ColumnPtr CastFromString(const Column& input, const DataType& target, bool try_cast,
                         const std::string& text) {
  using View = std::string_view;
  switch (target.id()) {
    case TypeId::kBool:
      return CastLoop<bool, View>(input, target, try_cast, text,
                                  [](View value, bool& out) { return csv::ParseBool(value, out); });
    case TypeId::kDecimal:
      return CastLoop<int128, View>(input, target, try_cast, text, [&](View value, int128& out) {
        return csv::ParseDecimal128(value, target.precision(), target.scale(), out);
      });
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return VisitPhysicalType(target.id(), [&]<typename T>(std::type_identity<T>) -> ColumnPtr {
        if constexpr (std::is_floating_point_v<T>) {
          return CastLoop<T, View>(input, target, try_cast, text, [](View value, T& out) {
            double parsed;
            if (!csv::ParseFloat64(value, parsed)) return false;
            out = static_cast<T>(parsed);
            return true;
          });
        }
        return nullptr;
      });
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return VisitPhysicalType(target.id(), [&]<typename T>(std::type_identity<T>) -> ColumnPtr {
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
          return CastLoop<T, View>(input, target, try_cast, text, [](View value, T& out) {
            int64_t parsed;
            if (!csv::ParseInt64(value, parsed)) return false;
            if (parsed < std::numeric_limits<T>::min() || parsed > std::numeric_limits<T>::max()) {
              return false;
            }
            out = static_cast<T>(parsed);
            return true;
          });
        }
        return nullptr;
      });
    case TypeId::kDate:
      return CastLoop<int32_t, View>(input, target, try_cast, text, [](View value, int32_t& out) {
        auto parsed = ParseDate(value);
        if (!parsed) {
          // A timestamp's text casts to its date, as in DuckDB.
          auto timestamp = ParseTimestamp(value);
          if (!timestamp) return false;
          const int64_t micros = timestamp->local_micros;
          parsed = static_cast<int32_t>(micros / kMicrosPerDay - (micros % kMicrosPerDay < 0));
        }
        out = *parsed;
        return true;
      });
    case TypeId::kTimestamp:
      return CastLoop<int64_t, View>(input, target, try_cast, text, [](View value, int64_t& out) {
        auto parsed = ParseTimestamp(value);
        if (!parsed) return false;
        out = parsed->utc_micros();
        return true;
      });
    case TypeId::kBinary:
      return CastLoop<std::string, View>(input, target, try_cast, text,
                                         [](View value, std::string& out) {
                                           out.assign(value);
                                           return true;
                                         });
    default:
      throw NotImplemented("cannot cast VARCHAR to " + target.ToString() + " in " + text);
  }
}

bool IsNumberLike(const DataType& type) { return type.is_numeric() || type.id() == TypeId::kBool; }

}  // namespace

bool CanCast(const DataType& from, const DataType& to) {
  if (from == to || from.id() == TypeId::kNull || to.id() == TypeId::kString) return true;
  if (from.is_binary_like()) {
    return IsNumberLike(to) || to.id() == TypeId::kDate || to.id() == TypeId::kTimestamp ||
           to.id() == TypeId::kBinary;
  }
  if (IsNumberLike(from) && IsNumberLike(to)) return true;
  const auto is_temporal = [](const DataType& type) {
    return type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp;
  };
  return is_temporal(from) && is_temporal(to);
}

// FLOAT / DOUBLE as DuckDB's CAST(x AS VARCHAR) prints them: the shortest digits that read back
// as the same value, in positional notation when the decimal exponent is within [-4, 15]
// ("0.0001", "1000000000000000.0", always with a fraction), else scientific ("1e-05", "1e+16",
// "1.5e+16").
template <typename T>
void AppendFloatText(T value, std::string& out) {
  if (std::isnan(value)) {
    out += "nan";
    return;
  }
  if (std::isinf(value)) {
    out += value < 0 ? "-inf" : "inf";
    return;
  }
  char text[64];
  const char* end =
      std::to_chars(text, text + sizeof(text), value, std::chars_format::scientific).ptr;
  const std::string_view scientific(text, static_cast<size_t>(end - text));
  const size_t exponent_at = scientific.find('e');
  const int exponent = std::stoi(std::string(scientific.substr(exponent_at + 1)));
  if (exponent < -4 || exponent > 15) {
    out.append(scientific);  // to_chars writes at least two exponent digits, as DuckDB
    return;
  }
  std::string_view mantissa = scientific.substr(0, exponent_at);
  if (mantissa.front() == '-') {
    out += '-';
    mantissa.remove_prefix(1);
  }
  std::string digits(1, mantissa.front());
  if (mantissa.size() > 2) digits.append(mantissa.substr(2));  // skip the '.'
  if (exponent < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exponent - 1), '0');
    out += digits;
    return;
  }
  const size_t integer_digits = static_cast<size_t>(exponent) + 1;
  if (digits.size() <= integer_digits) {
    out += digits;
    out.append(integer_digits - digits.size(), '0');
    out += ".0";
  } else {
    out.append(digits, 0, integer_digits);
    out += '.';
    out.append(digits, integer_digits);
  }
}

ColumnPtr CastColumn(const ColumnPtr& input, const DataType& target, bool try_cast,
                     const std::string& expression_text) {
  const DataType& source = input->type();
  if (source == target) return input;
  if (source.id() == TypeId::kNull) return Column::MakeNull(target, input->length());
  if (!CanCast(source, target)) {
    throw InvalidInput("cannot cast " + source.ToString() + " to " + target.ToString() + " in " +
                       expression_text);
  }
  if (target.id() == TypeId::kString && source.is_floating()) {
    return VisitPhysicalType(source.id(), [&]<typename S>(std::type_identity<S>) -> ColumnPtr {
      if constexpr (std::is_floating_point_v<S>) {
        return MapRows<std::string, S>(target, input->length(), {input},
                                       [](S value, std::string& out) {
                                         AppendFloatText(value, out);
                                         return true;
                                       });
      } else {
        throw Internal("floating cast to VARCHAR of a non-floating type");
      }
    });
  }
  if (target.id() == TypeId::kString) {
    StringBuilder builder;
    for (int64_t row = 0; row < input->length(); ++row) {
      if (input->IsNull(row)) {
        builder.AppendNull();
      } else {
        builder.Append(input->FormatValue(row));
      }
    }
    return builder.Finish();
  }
  if (source.is_binary_like()) return CastFromString(*input, target, try_cast, expression_text);
  if (source.id() == TypeId::kDate) {  // -> TIMESTAMP: midnight
    return CastLoop<int64_t, int32_t>(*input, target, try_cast, expression_text,
                                      [](int32_t days, int64_t& out) {
                                        out = int64_t{days} * kMicrosPerDay;
                                        return true;
                                      });
  }
  if (source.id() == TypeId::kTimestamp && target.id() == TypeId::kTimestamp) {
    // With and without a time zone: the same instant read in UTC, as DuckDB does with its
    // TimeZone setting at 'UTC' (berserkr's session zone).
    return std::make_shared<Column>(target, input->length(), input->null_count(), input->validity(),
                                    input->values(), input->data(), input->children(),
                                    input->offset());
  }
  if (source.id() == TypeId::kTimestamp) {  // -> DATE: the day it falls in
    return CastLoop<int32_t, int64_t>(*input, target, try_cast, expression_text,
                                      [](int64_t micros, int32_t& out) {
                                        int64_t days = micros / kMicrosPerDay;
                                        if (micros % kMicrosPerDay < 0) --days;
                                        out = static_cast<int32_t>(days);
                                        return true;
                                      });
  }
  return VisitPhysicalType(source.id(), [&]<typename S>(std::type_identity<S>) -> ColumnPtr {
    return VisitPhysicalType(target.id(), [&]<typename T>(std::type_identity<T>) -> ColumnPtr {
      if constexpr (std::is_same_v<S, std::string_view> || std::is_same_v<T, std::string_view>) {
        throw Internal("string cast reached the numeric path in " + expression_text);
      } else {
        return CastLoop<T, S>(*input, target, try_cast, expression_text, [&](S value, T& out) {
          return ConvertNumber<S, T>(value, out, source, target);
        });
      }
    });
  });
}

}  // namespace berserkr::expr
