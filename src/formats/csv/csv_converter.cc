#include "formats/csv/csv_converter.h"

#include <fast_float/fast_float.h>
#include <simdjson.h>

#include <cstring>
#include <limits>

#include "berserkr/common/error.h"
#include "berserkr/types/temporal.h"

namespace berserkr::csv {
namespace {

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Whether the (unquoted) field is one of the NULL tokens.
class NullMatcher {
 public:
  explicit NullMatcher(const std::vector<std::string>& tokens) : tokens_(tokens) {
    only_empty_ = tokens.size() == 1 && tokens[0].empty();
  }
  bool IsNull(std::string_view text, bool quoted) const {
    if (quoted) return false;
    if (only_empty_) return text.empty();
    for (const std::string& token : tokens_) {
      if (text == token) return true;
    }
    return false;
  }

 private:
  const std::vector<std::string>& tokens_;
  bool only_empty_;
};

std::string Describe(std::string_view text) {
  constexpr size_t kShown = 60;
  std::string shown(text.substr(0, kShown));
  if (text.size() > kShown) shown += "...";
  return "'" + shown + "'";
}

// Calls visit(position, text, quoted) for each selected row.
template <typename Visit>
void ForEachField(const char* base, const TokenizedChunk& chunk, int column_index, int num_columns,
                  const std::vector<uint32_t>* rows, Visit&& visit) {
  std::string scratch;
  const int64_t count = rows ? static_cast<int64_t>(rows->size()) : chunk.num_rows();
  const FieldSpan* fields = chunk.fields.data();
  for (int64_t position = 0; position < count; ++position) {
    const int64_t row = rows ? (*rows)[position] : position;
    const FieldSpan span = fields[row * num_columns + column_index];
    const std::string_view text = span.escaped()
                                      ? FieldText(base, span, scratch)
                                      : std::string_view(base + span.start, span.length());
    visit(position, row, text, span.quoted());
  }
}

// Fixed-width conversion: parse(text, value) -> bool.
template <typename T, typename Parse>
ColumnPtr ConvertFixedWidth(const char* base, const TokenizedChunk& chunk, int column_index,
                            int num_columns, const DataType& type, const NullMatcher& nulls,
                            const std::vector<uint32_t>* rows, std::vector<ValueError>& errors,
                            Parse&& parse) {
  const int64_t count = rows ? static_cast<int64_t>(rows->size()) : chunk.num_rows();
  auto values = Buffer::Allocate(count * static_cast<int64_t>(sizeof(T)));
  T* out = values->mutable_data_as<T>();
  std::shared_ptr<Buffer> validity;
  int64_t null_count = 0;
  auto mark_null = [&](int64_t position) {
    if (validity == nullptr) {
      validity = Buffer::Allocate(BytesForBits(count));
      std::memset(validity->mutable_data(), 0xFF, static_cast<size_t>(validity->size()));
    }
    ClearBit(validity->mutable_data(), position);
    out[position] = T{};
    ++null_count;
  };
  ForEachField(base, chunk, column_index, num_columns, rows,
               [&](int64_t position, int64_t row, std::string_view text, bool quoted) {
                 if (text.empty() || nulls.IsNull(text, quoted)) {
                   mark_null(position);
                   return;
                 }
                 if (!parse(text, out[position])) {
                   errors.push_back({static_cast<uint32_t>(row),
                                     "cannot parse " + Describe(text) + " as " + type.ToString()});
                   mark_null(position);
                 }
               });
  return std::make_shared<Column>(type, count, null_count, std::move(validity), std::move(values));
}

ColumnPtr ConvertBool(const char* base, const TokenizedChunk& chunk, int column_index,
                      int num_columns, const NullMatcher& nulls, const std::vector<uint32_t>* rows,
                      std::vector<ValueError>& errors) {
  const int64_t count = rows ? static_cast<int64_t>(rows->size()) : chunk.num_rows();
  auto values = Buffer::Allocate(BytesForBits(count));
  std::memset(values->mutable_data(), 0, static_cast<size_t>(values->size()));
  auto validity = Buffer::Allocate(BytesForBits(count));
  std::memset(validity->mutable_data(), 0xFF, static_cast<size_t>(validity->size()));
  int64_t null_count = 0;
  ForEachField(base, chunk, column_index, num_columns, rows,
               [&](int64_t position, int64_t row, std::string_view text, bool quoted) {
                 bool value = false;
                 if (text.empty() || nulls.IsNull(text, quoted)) {
                   ClearBit(validity->mutable_data(), position);
                   ++null_count;
                 } else if (ParseBool(text, value)) {
                   if (value) SetBit(values->mutable_data(), position);
                 } else {
                   errors.push_back({static_cast<uint32_t>(row),
                                     "cannot parse " + Describe(text) + " as BOOLEAN"});
                   ClearBit(validity->mutable_data(), position);
                   ++null_count;
                 }
               });
  return std::make_shared<Column>(DataType::Bool(), count, null_count, std::move(validity),
                                  std::move(values));
}

ColumnPtr ConvertString(const char* base, const TokenizedChunk& chunk, int column_index,
                        int num_columns, const DataType& type, const NullMatcher& nulls,
                        const std::vector<uint32_t>* rows, std::vector<ValueError>& errors) {
  const int64_t count = rows ? static_cast<int64_t>(rows->size()) : chunk.num_rows();
  const FieldSpan* fields = chunk.fields.data();
  int64_t total_bytes = 0;
  for (int64_t position = 0; position < count; ++position) {
    const int64_t row = rows ? (*rows)[position] : position;
    total_bytes += fields[row * num_columns + column_index].length();
  }
  auto offsets = Buffer::Allocate((count + 1) * 4);
  auto data = Buffer::Allocate(total_bytes);
  int32_t* offset = offsets->mutable_data_as<int32_t>();
  char* out = data->mutable_data_as<char>();
  std::shared_ptr<Buffer> validity;
  int64_t null_count = 0;
  int64_t written = 0;
  offset[0] = 0;
  ForEachField(base, chunk, column_index, num_columns, rows,
               [&](int64_t position, int64_t row, std::string_view text, bool quoted) {
                 if (nulls.IsNull(text, quoted)) {
                   if (validity == nullptr) {
                     validity = Buffer::Allocate(BytesForBits(count));
                     std::memset(validity->mutable_data(), 0xFF,
                                 static_cast<size_t>(validity->size()));
                   }
                   ClearBit(validity->mutable_data(), position);
                   ++null_count;
                 } else {
                   std::memcpy(out + written, text.data(), text.size());
                   written += static_cast<int64_t>(text.size());
                 }
                 offset[position + 1] = static_cast<int32_t>(written);
               });
  data->Resize(written);
  if (type.id() == TypeId::kString && !simdjson::validate_utf8(out, static_cast<size_t>(written))) {
    // Rare: find the offending values and report each.
    for (int64_t position = 0; position < count; ++position) {
      const char* value = out + offset[position];
      const size_t length = static_cast<size_t>(offset[position + 1] - offset[position]);
      if (length > 0 && !simdjson::validate_utf8(value, length)) {
        const int64_t row = rows ? (*rows)[position] : position;
        errors.push_back({static_cast<uint32_t>(row), "invalid UTF-8 in a text value"});
      }
    }
  }
  return std::make_shared<Column>(type, count, null_count, std::move(validity), std::move(offsets),
                                  std::move(data));
}

}  // namespace

std::string_view FieldText(const char* base, FieldSpan span, std::string& scratch) {
  std::string_view raw(base + span.start, span.length());
  if (!span.escaped()) return raw;
  scratch.clear();
  for (size_t index = 0; index < raw.size(); ++index) {
    scratch += raw[index];
    if (raw[index] == '"' && index + 1 < raw.size() && raw[index + 1] == '"') ++index;
  }
  return scratch;
}

bool ParseInt64(std::string_view text, int64_t& value) {
  // Fast path: up to 18 plain digits cannot overflow, so no checks per digit.
  if (!text.empty() && text.size() <= 18) {
    uint64_t magnitude = 0;
    size_t position = 0;
    for (; position < text.size(); ++position) {
      const unsigned digit = static_cast<unsigned char>(text[position]) - '0';
      if (digit > 9) break;
      magnitude = magnitude * 10 + digit;
    }
    if (position == text.size()) {
      value = static_cast<int64_t>(magnitude);
      return true;
    }
  }
  text = TrimSpaces(text);
  if (text.empty()) return false;
  size_t position = 0;
  const bool negative = text[0] == '-';
  if (negative || text[0] == '+') position = 1;
  if (position == text.size()) return false;
  uint64_t magnitude = 0;
  for (; position < text.size(); ++position) {
    const unsigned digit = static_cast<unsigned char>(text[position]) - '0';
    if (digit > 9) break;
    if (magnitude > (UINT64_MAX - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  if (position < text.size()) {
    // "17850.0": a whole number written as a decimal is still that whole number.
    if (text[position] != '.' || position == (negative ? 1u : 0u)) return false;
    for (++position; position < text.size(); ++position) {
      if (text[position] != '0') return false;
    }
  }
  if (negative) {
    if (magnitude > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    value = static_cast<int64_t>(0 - magnitude);
  } else {
    if (magnitude > static_cast<uint64_t>(INT64_MAX)) return false;
    value = static_cast<int64_t>(magnitude);
  }
  return true;
}

bool ParseFloat64(std::string_view text, double& value) {
  text = TrimSpaces(text);
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto result = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

bool ParseBool(std::string_view text, bool& value) {
  text = TrimSpaces(text);
  auto equals = [&](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (size_t index = 0; index < word.size(); ++index) {
      if ((text[index] | 0x20) != word[index]) return false;
    }
    return true;
  };
  if (equals("true") || equals("t") || equals("yes") || equals("y") || text == "1") {
    value = true;
    return true;
  }
  if (equals("false") || equals("f") || equals("no") || equals("n") || text == "0") {
    value = false;
    return true;
  }
  return false;
}

bool ParseDecimal128(std::string_view text, int precision, int scale, __int128& value) {
  text = TrimSpaces(text);
  if (text.empty()) return false;
  size_t position = 0;
  const bool negative = text[0] == '-';
  if (negative || text[0] == '+') position = 1;
  __int128 digits_value = 0;
  int integer_digits = 0;
  int fraction_digits = 0;
  bool seen_point = false;
  bool round_up = false;
  bool any_digit = false;
  for (; position < text.size(); ++position) {
    const char c = text[position];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    any_digit = true;
    if (seen_point) {
      if (fraction_digits == scale) {
        // Digits past the scale round half away from zero, as DuckDB does: the first of them
        // decides, the rest only need to be digits.
        round_up = c >= '5';
        for (++position; position < text.size(); ++position) {
          if (text[position] < '0' || text[position] > '9') return false;
        }
        break;
      }
      ++fraction_digits;
    } else {
      if (integer_digits > 0 || c != '0') ++integer_digits;
    }
    // Checked before multiplying: 39 digits would overflow even __int128.
    if (integer_digits > precision - scale) return false;
    digits_value = digits_value * 10 + (c - '0');
  }
  if (!any_digit) return false;
  for (; fraction_digits < scale; ++fraction_digits) digits_value *= 10;
  if (round_up) ++digits_value;
  __int128 limit = 1;
  for (int index = 0; index < precision; ++index) limit *= 10;
  if (digits_value >= limit) return false;
  value = negative ? -digits_value : digits_value;
  return true;
}

ColumnPtr ConvertColumn(const char* base, const TokenizedChunk& chunk, int column_index,
                        int num_columns, const DataType& type, const ConvertOptions& options,
                        const std::vector<uint32_t>* rows, std::vector<ValueError>& errors) {
  const NullMatcher nulls(options.null_values);
  auto fixed = [&](auto tag, auto&& parse) {
    using T = decltype(tag);
    return ConvertFixedWidth<T>(base, chunk, column_index, num_columns, type, nulls, rows, errors,
                                parse);
  };
  auto narrow_int = [&](auto tag) {
    using T = decltype(tag);
    return fixed(T{}, [](std::string_view text, T& value) {
      int64_t wide;
      if (!ParseInt64(text, wide) || wide < std::numeric_limits<T>::min() ||
          wide > std::numeric_limits<T>::max()) {
        return false;
      }
      value = static_cast<T>(wide);
      return true;
    });
  };
  switch (type.id()) {
    case TypeId::kBool:
      return ConvertBool(base, chunk, column_index, num_columns, nulls, rows, errors);
    case TypeId::kInt8:
      return narrow_int(int8_t{});
    case TypeId::kInt16:
      return narrow_int(int16_t{});
    case TypeId::kInt32:
      return narrow_int(int32_t{});
    case TypeId::kInt64:
      return fixed(int64_t{},
                   [](std::string_view text, int64_t& value) { return ParseInt64(text, value); });
    case TypeId::kFloat32:
      return fixed(float{}, [](std::string_view text, float& value) {
        double wide;
        if (!ParseFloat64(text, wide)) return false;
        value = static_cast<float>(wide);
        return true;
      });
    case TypeId::kFloat64:
      return fixed(double{},
                   [](std::string_view text, double& value) { return ParseFloat64(text, value); });
    case TypeId::kDecimal: {
      const int precision = type.precision();
      const int scale = type.scale();
      return fixed(__int128{}, [precision, scale](std::string_view text, __int128& value) {
        return ParseDecimal128(text, precision, scale, value);
      });
    }
    case TypeId::kDate:
      return fixed(int32_t{}, [](std::string_view text, int32_t& value) {
        const auto date = ParseDate(TrimSpaces(text));
        if (!date) return false;
        value = *date;
        return true;
      });
    case TypeId::kTimestamp: {
      // An instant column stores UTC; a naive column keeps the wall clock unless the value has an
      // offset, which is then applied so the instant is right.
      return fixed(int64_t{}, [](std::string_view text, int64_t& value) {
        const auto timestamp = ParseTimestamp(TrimSpaces(text));
        if (!timestamp) return false;
        value = timestamp->utc_micros();
        return true;
      });
    }
    case TypeId::kString:
    case TypeId::kBinary:
      return ConvertString(base, chunk, column_index, num_columns, type, nulls, rows, errors);
    case TypeId::kNull: {
      const int64_t count = rows ? static_cast<int64_t>(rows->size()) : chunk.num_rows();
      return Column::MakeNull(DataType::Null(), count);
    }
    case TypeId::kList:
    case TypeId::kStruct:
      break;
  }
  throw NotImplemented("a CSV column cannot be read as " + type.ToString());
}

}  // namespace berserkr::csv
