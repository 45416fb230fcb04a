#include "formats/csv/csv_inference.h"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <map>
#include <set>

#include "berserkr/types/temporal.h"
#include "formats/csv/csv_tokenizer.h"

namespace berserkr::csv {
namespace {

bool EqualsIgnoreCase(std::string_view text, std::string_view word) {
  if (text.size() != word.size()) return false;
  for (size_t index = 0; index < text.size(); ++index) {
    if ((text[index] | 0x20) != word[index]) return false;
  }
  return true;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

bool IsInteger(std::string_view text) {
  size_t position = 0;
  if (text[0] == '-' || text[0] == '+') position = 1;
  const size_t digits = text.size() - position;
  if (digits == 0 || digits > 19) return false;
  if (digits > 1 && text[position] == '0') return false;  // keep leading zeros: an id, not a number
  for (size_t index = position; index < text.size(); ++index) {
    if (text[index] < '0' || text[index] > '9') return false;
  }
  if (digits == 19) {
    // Past int64? Compare as text against the limit.
    const std::string_view magnitude = text.substr(position);
    return magnitude <= (text[0] == '-' ? "9223372036854775808" : "9223372036854775807");
  }
  return true;
}

bool IsDecimalNumber(std::string_view text) {
  size_t position = text[0] == '-' || text[0] == '+' ? 1 : 0;
  bool digit_seen = false;
  for (size_t index = position; index < text.size(); ++index) {
    const char c = text[index];
    if (c >= '0' && c <= '9') {
      digit_seen = true;
    } else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') {
      return false;
    }
  }
  if (!digit_seen) return false;
  position = text[0] == '+' ? 1 : 0;  // from_chars takes '-' but not '+'
  double value;
  const auto result =
      fast_float::from_chars(text.data() + position, text.data() + text.size(), value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

}  // namespace

DataType ClassifyValue(std::string_view text) {
  if (text.empty()) return DataType::Null();
  if (EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "false")) return DataType::Bool();
  const std::string_view trimmed = TrimSpaces(text);
  if (!trimmed.empty()) {
    const char first = trimmed[0];
    const size_t digits_start = first == '-' || first == '+' ? 1 : 0;
    const bool leading_zero = trimmed.size() > digits_start + 1 && trimmed[digits_start] == '0' &&
                              trimmed[digits_start + 1] >= '0' && trimmed[digits_start + 1] <= '9';
    if (!leading_zero &&
        ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.')) {
      if (IsInteger(trimmed)) return DataType::Int64();
      if (IsDecimalNumber(trimmed)) return DataType::Float64();
    }
  }
  if (text.size() >= 8 && text.size() <= 40) {
    if (ParseDate(text)) return DataType::Date();
    if (auto timestamp = ParseTimestamp(text)) {
      return timestamp->offset_seconds ? DataType::Timestamp("UTC") : DataType::Timestamp();
    }
  }
  return DataType::String();
}

DataType JoinTypes(const DataType& left, const DataType& right) {
  if (left.id() == TypeId::kNull) return right;
  if (right.id() == TypeId::kNull || left == right) return left;
  const auto is_number = [](const DataType& type) {
    return type.id() == TypeId::kInt64 || type.id() == TypeId::kFloat64;
  };
  if (is_number(left) && is_number(right)) return DataType::Float64();
  const auto is_naive_time = [](const DataType& type) {
    return type.id() == TypeId::kDate ||
           (type.id() == TypeId::kTimestamp && type.timezone().empty());
  };
  if (is_naive_time(left) && is_naive_time(right)) return DataType::Timestamp();
  return DataType::String();
}

char DetectDelimiter(const char* data, int64_t length, char quote) {
  constexpr int kLinesToCheck = 50;
  const char candidates[] = {',', '\t', ';', '|'};
  char best = ',';
  double best_score = 0;
  for (char candidate : candidates) {
    std::map<size_t, int> widths;  // fields per line -> how many lines
    int64_t position = 0;
    int lines = 0;
    while (position < length && lines < kLinesToCheck) {
      int64_t consumed = 0;
      const auto fields =
          SplitFirstRow(data + position, length - position, candidate, quote, &consumed);
      position += consumed;
      if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
      ++widths[fields.size()];
      ++lines;
    }
    if (lines == 0) continue;
    const auto mode =
        std::max_element(widths.begin(), widths.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    if (mode->first <= 1) continue;
    // Consistency first, then more fields.
    const double score =
        static_cast<double>(mode->second) / lines * 1000 + static_cast<double>(mode->first);
    if (score > best_score) {
      best_score = score;
      best = candidate;
    }
  }
  return best;
}

bool LooksLikeHeader(const std::vector<std::string>& first_row,
                     const std::vector<DataType>& types_below, bool have_rows_below) {
  bool all_text_below = true;
  for (size_t column = 0; column < first_row.size() && column < types_below.size(); ++column) {
    const DataType& below = types_below[column];
    if (below.id() == TypeId::kNull || below.id() == TypeId::kString) continue;
    all_text_below = false;
    const DataType mine = ClassifyValue(first_row[column]);
    if (mine.id() != TypeId::kNull && JoinTypes(mine, below) != below) return true;
  }
  if (!all_text_below && have_rows_below) return false;
  // Only text to compare with: names are distinct, non-empty and not numbers.
  std::set<std::string> seen;
  for (const std::string& name : first_row) {
    const TypeId kind = ClassifyValue(name).id();
    if (name.empty() || kind != TypeId::kString || !seen.insert(name).second) return false;
  }
  return true;
}

}  // namespace berserkr::csv
