// String functions. length counts UTF-8 code points; lower / upper change ASCII letters only;
// substr is 1-based over code points with DuckDB's rules for start <= 0 and negative starts;
// concat skips NULLs while `||` is NULL when either side is; like / ilike support % and _ and, as
// DuckDB, have no escape character unless one is given (like(s, p, escape), like_escape,
// ilike_escape; ilike folds ASCII case). trim / ltrim / rtrim remove the Unicode space separators
// (category Zs: ' ', U+00A0, U+3000, ...) but not tabs or newlines, as DuckDB. split_part with an
// empty separator splits into code points. regexp_* live in regexp_functions.cc.

#include <algorithm>

#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"

namespace berserkr::expr {

namespace {

using View = std::string_view;

bool IsContinuationByte(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

int64_t CodePoints(View text) {
  int64_t count = 0;
  for (char byte : text) count += IsContinuationByte(byte) ? 0 : 1;
  return count;
}

// The byte offset where code point `index` (0-based) starts, or text.size() past the end.
size_t ByteOffset(View text, int64_t index) {
  size_t offset = 0;
  for (int64_t seen = 0; offset < text.size(); ++offset) {
    if (!IsContinuationByte(text[offset])) {
      if (seen == index) return offset;
      ++seen;
    }
  }
  return text.size();
}

bool AllStrings(const FunctionArguments& arguments, size_t count) {
  if (arguments.types.size() != count) return false;
  return std::all_of(arguments.types.begin(), arguments.types.end(), [](const DataType& type) {
    return type.id() == TypeId::kString || type.id() == TypeId::kNull;
  });
}

// A binder for a function of `count` strings with result type Out, computed by `operation`.
template <typename Out, typename Operation>
FunctionBinder StringFunction(size_t count, DataType result, Operation operation) {
  return [=](const FunctionArguments& arguments) -> std::optional<BoundFunction> {
    if (!AllStrings(arguments, count)) return std::nullopt;
    Kernel kernel = [=](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                        const KernelContext& context) -> ColumnPtr {
      if constexpr (std::is_invocable_v<Operation, View, Out&>) {
        return MapRows<Out, View>(context.result_type, num_rows, inputs, operation);
      } else if constexpr (std::is_invocable_v<Operation, View, View, Out&>) {
        return MapRows<Out, View, View>(context.result_type, num_rows, inputs, operation);
      } else {
        return MapRows<Out, View, View, View>(context.result_type, num_rows, inputs, operation);
      }
    };
    return BoundFunction{std::vector<DataType>(count, DataType::String()), result, kernel};
  };
}

template <bool kUpper>
bool ChangeCase(View text, std::string& out) {
  out.assign(text);
  for (char& character : out) {
    if (kUpper && character >= 'a' && character <= 'z')
      character = static_cast<char>(character - 32);
    if (!kUpper && character >= 'A' && character <= 'Z')
      character = static_cast<char>(character + 32);
  }
  return true;
}

// The byte length of the Unicode space separator (category Zs) that `text` starts with (kEnd:
// ends with), or 0. Zs: U+0020, U+00A0, U+1680, U+2000..U+200A, U+202F, U+205F, U+3000.
template <bool kEnd>
size_t SpaceSeparatorLength(View text) {
  if (text.empty()) return 0;
  if ((kEnd ? text.back() : text.front()) == ' ') return 1;
  const auto is_space = [](View bytes) {
    if (bytes == "\u00A0" || bytes == "\u1680" || bytes == "\u202F" || bytes == "\u205F" ||
        bytes == "\u3000") {
      return true;
    }
    // U+2000..U+200A are E2 80 80..8A.
    return bytes.size() == 3 && bytes[0] == '\xE2' && bytes[1] == '\x80' &&
           static_cast<unsigned char>(bytes[2]) >= 0x80 &&
           static_cast<unsigned char>(bytes[2]) <= 0x8A;
  };
  for (size_t length : {size_t{2}, size_t{3}}) {
    if (text.size() < length) break;
    if (is_space(kEnd ? text.substr(text.size() - length) : text.substr(0, length))) return length;
  }
  return 0;
}

template <bool kLeft, bool kRight>
bool Trim(View text, std::string& out) {
  if (kLeft) {
    for (size_t length; (length = SpaceSeparatorLength<false>(text)) > 0;)
      text.remove_prefix(length);
  }
  if (kRight) {
    for (size_t length; (length = SpaceSeparatorLength<true>(text)) > 0;)
      text.remove_suffix(length);
  }
  out.assign(text);
  return true;
}

char FoldAscii(char character) {
  return character >= 'A' && character <= 'Z' ? static_cast<char>(character + 32) : character;
}

// SQL LIKE by backtracking over the last %: linear for the usual patterns. `escape` (a byte, or
// kNoEscape) makes the next pattern byte literal; a pattern ending in it matches nothing (DuckDB).
constexpr int kNoEscape = -1;

template <bool kFoldCase>
bool Like(View text, View pattern, int escape) {
  size_t text_index = 0, pattern_index = 0;
  size_t star_pattern = View::npos, star_text = 0;
  const auto same = [](char left, char right) {
    return kFoldCase ? FoldAscii(left) == FoldAscii(right) : left == right;
  };
  while (text_index < text.size()) {
    if (pattern_index < pattern.size()) {
      const char symbol = pattern[pattern_index];
      if (escape != kNoEscape && symbol == static_cast<char>(escape)) {
        if (pattern_index + 1 == pattern.size()) return false;
        if (same(pattern[pattern_index + 1], text[text_index])) {
          pattern_index += 2;
          ++text_index;
          continue;
        }
      } else if (symbol == '%') {
        star_pattern = pattern_index++;
        star_text = text_index;
        continue;
      } else if (symbol == '_') {
        // _ matches one code point.
        ++pattern_index;
        ++text_index;
        while (text_index < text.size() && IsContinuationByte(text[text_index])) ++text_index;
        continue;
      } else if (same(symbol, text[text_index])) {
        ++pattern_index;
        ++text_index;
        continue;
      }
    }
    if (star_pattern == View::npos) return false;
    pattern_index = star_pattern + 1;
    text_index = ++star_text;
  }
  while (pattern_index < pattern.size() && pattern[pattern_index] == '%') ++pattern_index;
  return pattern_index == pattern.size();
}

// like / ilike (value, pattern[, escape]) and like_escape / ilike_escape (value, pattern, escape).
template <bool kFoldCase>
FunctionBinder LikeBinder(bool needs_escape) {
  return [needs_escape](const FunctionArguments& arguments) -> std::optional<BoundFunction> {
    const size_t count = arguments.types.size();
    if (!(count == 3 || (count == 2 && !needs_escape)) || !AllStrings(arguments, count)) {
      return std::nullopt;
    }
    Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                       const KernelContext& context) -> ColumnPtr {
      if (inputs.size() == 2) {
        return MapRows<bool, View, View>(context.result_type, num_rows, inputs,
                                         [](View value, View pattern, bool& out) {
                                           out = Like<kFoldCase>(value, pattern, kNoEscape);
                                           return true;
                                         });
      }
      bool bad_escape = false;
      ColumnPtr result = MapRows<bool, View, View, View>(
          context.result_type, num_rows, inputs,
          [&](View value, View pattern, View escape, bool& out) {
            bad_escape |= escape.size() > 1;
            out = Like<kFoldCase>(
                value, pattern, escape.empty() ? kNoEscape : static_cast<unsigned char>(escape[0]));
            return true;
          });
      if (bad_escape) {
        throw InvalidInput("the LIKE escape must be empty or one byte in " +
                           context.expression_text);
      }
      return result;
    };
    return BoundFunction{std::vector<DataType>(count, DataType::String()), DataType::Bool(),
                         kernel};
  };
}

std::optional<BoundFunction> BindSubstr(const FunctionArguments& arguments) {
  const size_t count = arguments.types.size();
  if (count < 2 || count > 3 || arguments.types[0].id() != TypeId::kString) return std::nullopt;
  for (size_t index = 1; index < count; ++index) {
    if (!arguments.types[index].is_integer() && arguments.types[index].id() != TypeId::kNull) {
      return std::nullopt;
    }
  }
  // DuckDB: start is 1-based; start <= 0 counts the missing positions against the length; a
  // negative start counts from the end.
  const auto slice = [](View text, int64_t start, int64_t length, std::string& out) {
    const int64_t size = CodePoints(text);
    int64_t first = start > 0 ? start - 1 : (start < 0 ? size + start : -1);
    int64_t last = length == INT64_MAX ? size : first + length;
    if (start == 0) last = length == INT64_MAX ? size : length - 1;
    first = std::clamp<int64_t>(first, 0, size);
    last = std::clamp<int64_t>(last, first, size);
    const size_t begin = ByteOffset(text, first);
    out.assign(text.substr(begin, ByteOffset(text, last) - begin));
    return true;
  };
  Kernel kernel = [=](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                      const KernelContext& context) -> ColumnPtr {
    if (inputs.size() == 2) {
      return MapRows<std::string, View, int64_t>(context.result_type, num_rows, inputs,
                                                 [&](View text, int64_t start, std::string& out) {
                                                   return slice(text, start, INT64_MAX, out);
                                                 });
    }
    return MapRows<std::string, View, int64_t, int64_t>(
        context.result_type, num_rows, inputs,
        [&](View text, int64_t start, int64_t length, std::string& out) {
          return slice(text, start, std::max<int64_t>(length, 0), out);
        });
  };
  std::vector<DataType> types(count, DataType::Int64());
  types[0] = DataType::String();
  return BoundFunction{types, DataType::String(), kernel};
}

std::optional<BoundFunction> BindSplitPart(const FunctionArguments& arguments) {
  if (arguments.types.size() != 3 || !arguments.types[2].is_integer()) return std::nullopt;
  for (size_t index = 0; index < 2; ++index) {
    if (arguments.types[index].id() != TypeId::kString) return std::nullopt;
  }
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) {
    return MapRows<std::string, View, View, int64_t>(
        context.result_type, num_rows, inputs,
        [](View text, View delimiter, int64_t index, std::string& out) {
          std::vector<View> parts;
          if (delimiter.empty()) {
            // DuckDB: every code point is a part; '' has no parts.
            for (size_t begin = 0, end; begin < text.size(); begin = end) {
              for (end = begin + 1; end < text.size() && IsContinuationByte(text[end]); ++end) {
              }
              parts.push_back(text.substr(begin, end - begin));
            }
          } else {
            size_t begin = 0;
            for (size_t found; (found = text.find(delimiter, begin)) != View::npos;
                 begin = found + delimiter.size()) {
              parts.push_back(text.substr(begin, found - begin));
            }
            parts.push_back(text.substr(begin));
          }
          const int64_t count = static_cast<int64_t>(parts.size());
          const int64_t position = index > 0 ? index - 1 : count + index;  // negative: from the end
          if (index != 0 && position >= 0 && position < count) out.assign(parts[position]);
          return true;
        });
  };
  return BoundFunction{
      {DataType::String(), DataType::String(), DataType::Int64()}, DataType::String(), kernel};
}

// concat(a, b, ...) skips NULL arguments; non-string arguments are cast to VARCHAR.
std::optional<BoundFunction> BindConcat(const FunctionArguments& arguments) {
  if (arguments.types.empty()) return std::nullopt;
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) {
    StringBuilder builder;
    std::string joined;
    for (int64_t row = 0; row < num_rows; ++row) {
      joined.clear();
      for (const ColumnPtr& input : inputs) {
        if (input->IsValid(row)) joined += input->GetString(row);
      }
      builder.Append(joined);
    }
    return builder.Finish();
  };
  return BoundFunction{std::vector<DataType>(arguments.types.size(), DataType::String()),
                       DataType::String(), kernel};
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& registry) {
  const DataType text = DataType::String();
  registry.Register("length",
                    StringFunction<int64_t>(1, DataType::Int64(), [](View value, int64_t& out) {
                      out = CodePoints(value);
                      return true;
                    }));
  for (const char* name : {"lower", "lcase"}) {
    registry.Register(name, StringFunction<std::string>(1, text, ChangeCase<false>));
  }
  for (const char* name : {"upper", "ucase"}) {
    registry.Register(name, StringFunction<std::string>(1, text, ChangeCase<true>));
  }
  registry.Register("trim", StringFunction<std::string>(1, text, Trim<true, true>));
  registry.Register("ltrim", StringFunction<std::string>(1, text, Trim<true, false>));
  registry.Register("rtrim", StringFunction<std::string>(1, text, Trim<false, true>));
  registry.Register("starts_with", StringFunction<bool>(2, DataType::Bool(),
                                                        [](View value, View prefix, bool& out) {
                                                          out = value.starts_with(prefix);
                                                          return true;
                                                        }));
  registry.Register("contains",
                    StringFunction<bool>(2, DataType::Bool(), [](View value, View part, bool& out) {
                      out = value.find(part) != View::npos;
                      return true;
                    }));
  registry.Register("like", LikeBinder<false>(false));
  registry.Register("ilike", LikeBinder<true>(false));
  registry.Register("like_escape", LikeBinder<false>(true));
  registry.Register("ilike_escape", LikeBinder<true>(true));
  registry.Register(
      "||", StringFunction<std::string>(2, text, [](View left, View right, std::string& out) {
        out.assign(left);
        out.append(right);
        return true;
      }));
  registry.Register(
      "replace",
      StringFunction<std::string>(3, text, [](View value, View from, View to, std::string& out) {
        if (from.empty()) {
          out.assign(value);
          return true;
        }
        size_t begin = 0;
        for (size_t found; (found = value.find(from, begin)) != View::npos;
             begin = found + from.size()) {
          out.append(value.substr(begin, found - begin));
          out.append(to);
        }
        out.append(value.substr(begin));
        return true;
      }));
  registry.Register("substr", BindSubstr);
  registry.Register("substring", BindSubstr);
  registry.Register("split_part", BindSplitPart);
  registry.Register("concat", BindConcat);
}

}  // namespace berserkr::expr
