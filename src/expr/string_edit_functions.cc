// String functions that search by position or build a string from pieces, DuckDB 1.5 semantics.
// Positions and lengths count UTF-8 code points (DuckDB counts grapheme clusters for some; the
// two differ only for combining characters).
//
// - ends_with / suffix, prefix (= starts_with); strpos / instr / position: the 1-based position of
//   the first occurrence, 0 when absent, 1 for an empty needle.
// - left(s, n) / right(s, n): the first / last n characters; a negative n drops |n| from the other
//   end.
// - lpad(s, n, fill) / rpad(s, n, fill): pad to n characters by repeating fill, or cut to n;
//   n <= 0 gives ''. An empty fill that would be needed is an error (DuckDB).
// - reverse(s); repeat(s, n) ('' for n <= 0).

#include <algorithm>

#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"

namespace berserkr::expr {

namespace {

using View = std::string_view;

// The longest string a function builds; string offsets are 32-bit in DuckDB and Arrow.
constexpr int64_t kMaxStringBytes = int64_t{1} << 31;

bool IsContinuationByte(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

int64_t CodePoints(View text) {
  int64_t count = 0;
  for (char byte : text) count += IsContinuationByte(byte) ? 0 : 1;
  return count;
}

// The first `count` code points of `text` (all of it when it has fewer).
View FirstCodePoints(View text, int64_t count) {
  size_t offset = 0;
  for (int64_t seen = 0; offset < text.size(); ++offset) {
    if (!IsContinuationByte(text[offset]) && seen++ == count) break;
  }
  return text.substr(0, offset);
}

// The last `count` code points of `text`.
View LastCodePoints(View text, int64_t count) {
  const int64_t total = CodePoints(text);
  if (count >= total) return text;
  return text.substr(FirstCodePoints(text, total - count).size());
}

bool IsStringOrNull(const DataType& type) {
  return type.id() == TypeId::kString || type.id() == TypeId::kNull;
}
bool IsIntegerOrNull(const DataType& type) {
  return type.is_integer() || type.id() == TypeId::kNull;
}

// A binder for f(string, string) -> Out.
template <typename Out, typename Operation>
FunctionBinder TwoStrings(DataType result, Operation operation) {
  return [=](const FunctionArguments& arguments) -> std::optional<BoundFunction> {
    if (arguments.types.size() != 2 || !IsStringOrNull(arguments.types[0]) ||
        !IsStringOrNull(arguments.types[1])) {
      return std::nullopt;
    }
    Kernel kernel = [=](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                        const KernelContext& context) {
      return MapRows<Out, View, View>(context.result_type, num_rows, inputs, operation);
    };
    return BoundFunction{{DataType::String(), DataType::String()}, result, kernel};
  };
}

// A binder for f(string, integer) -> VARCHAR.
template <typename Operation>
FunctionBinder StringAndCount(Operation operation) {
  return [=](const FunctionArguments& arguments) -> std::optional<BoundFunction> {
    if (arguments.types.size() != 2 || !IsStringOrNull(arguments.types[0]) ||
        !IsIntegerOrNull(arguments.types[1])) {
      return std::nullopt;
    }
    Kernel kernel = [=](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                        const KernelContext& context) {
      return MapRows<std::string, View, int64_t>(context.result_type, num_rows, inputs, operation);
    };
    return BoundFunction{{DataType::String(), DataType::Int64()}, DataType::String(), kernel};
  };
}

bool StringPosition(View text, View needle, int64_t& out) {
  const size_t found = text.find(needle);
  out = found == View::npos ? 0 : CodePoints(text.substr(0, found)) + 1;
  return true;
}

template <bool kLeft>
std::optional<BoundFunction> BindPad(const FunctionArguments& arguments) {
  if (arguments.types.size() != 3 || !IsStringOrNull(arguments.types[0]) ||
      !IsIntegerOrNull(arguments.types[1]) || !IsStringOrNull(arguments.types[2])) {
    return std::nullopt;
  }
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) {
    std::optional<std::string> unpaddable;
    std::optional<int64_t> too_wide;
    ColumnPtr result = MapRows<std::string, View, int64_t, View>(
        context.result_type, num_rows, inputs,
        [&](View text, int64_t width, View fill, std::string& out) {
          if (width <= 0) return true;
          if (width > kMaxStringBytes) {
            if (!too_wide) too_wide = width;
            return false;
          }
          const int64_t length = CodePoints(text);
          if (length >= width) {
            out.assign(FirstCodePoints(text, width));  // both pads cut from the right
            return true;
          }
          if (fill.empty()) {
            if (!unpaddable) unpaddable = std::string(text);
            return false;
          }
          std::string padding;
          const int64_t fill_length = CodePoints(fill);
          for (int64_t missing = width - length; missing > 0; missing -= fill_length) {
            padding.append(FirstCodePoints(fill, missing));
          }
          out = kLeft ? padding + std::string(text) : std::string(text) + padding;
          return true;
        });
    if (too_wide) {
      throw InvalidInput("cannot pad to " + std::to_string(*too_wide) +
                         " characters, past the 2 GiB a string may hold, in " +
                         context.expression_text);
    }
    if (unpaddable) {
      throw InvalidInput("cannot pad '" + *unpaddable + "' with an empty string in " +
                         context.expression_text);
    }
    return result;
  };
  return BoundFunction{
      {DataType::String(), DataType::Int64(), DataType::String()}, DataType::String(), kernel};
}

std::optional<BoundFunction> BindReverse(const FunctionArguments& arguments) {
  if (arguments.types.size() != 1 || !IsStringOrNull(arguments.types[0])) return std::nullopt;
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) {
    return MapRows<std::string, View>(context.result_type, num_rows, inputs,
                                      [](View text, std::string& out) {
                                        // Code points keep their bytes in order.
                                        size_t end = text.size();
                                        while (end > 0) {
                                          size_t begin = end - 1;
                                          while (begin > 0 && IsContinuationByte(text[begin])) {
                                            --begin;
                                          }
                                          out.append(text.substr(begin, end - begin));
                                          end = begin;
                                        }
                                        return true;
                                      });
  };
  return BoundFunction{{DataType::String()}, DataType::String(), kernel};
}

}  // namespace

void RegisterStringEditFunctions(FunctionRegistry& registry) {
  const auto ends_with = TwoStrings<bool>(DataType::Bool(), [](View text, View end, bool& out) {
    out = text.ends_with(end);
    return true;
  });
  registry.Register("ends_with", ends_with);
  registry.Register("suffix", ends_with);
  registry.Register("prefix",
                    TwoStrings<bool>(DataType::Bool(), [](View text, View start, bool& out) {
                      out = text.starts_with(start);
                      return true;
                    }));
  for (const char* name : {"strpos", "instr", "position"}) {
    registry.Register(name, TwoStrings<int64_t>(DataType::Int64(), StringPosition));
  }
  registry.Register("left", StringAndCount([](View text, int64_t count, std::string& out) {
                      const int64_t keep = count >= 0 ? count : CodePoints(text) + count;
                      out.assign(FirstCodePoints(text, std::max<int64_t>(keep, 0)));
                      return true;
                    }));
  registry.Register("right", StringAndCount([](View text, int64_t count, std::string& out) {
                      const int64_t keep = count >= 0 ? count : CodePoints(text) + count;
                      out.assign(LastCodePoints(text, std::max<int64_t>(keep, 0)));
                      return true;
                    }));
  registry.Register(
      "repeat", StringAndCount([](View text, int64_t count, std::string& out) {
        if (!text.empty() && count > kMaxStringBytes / static_cast<int64_t>(text.size())) {
          throw InvalidInput("repeat: " + std::to_string(count) + " copies of a " +
                             std::to_string(text.size()) +
                             "-byte string exceed the 2 GiB a string may hold");
        }
        for (int64_t copy = 0; copy < count; ++copy) out.append(text);
        return true;
      }));
  registry.Register("lpad", BindPad<true>);
  registry.Register("rpad", BindPad<false>);
  registry.Register("reverse", BindReverse);
}

}  // namespace berserkr::expr
