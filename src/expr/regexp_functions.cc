// Regular expressions with RE2, DuckDB 1.5 semantics:
//
// - regexp_matches(s, pattern[, options]): true when the pattern matches anywhere in s.
// - regexp_full_match(s, pattern[, options]): true when it matches all of s.
// - regexp_replace(s, pattern, replacement[, options]): replaces the first match, every match with
//   option 'g'. The replacement uses RE2's rewrite syntax: \0 is the whole match, \1 ... \9 the
//   groups, \\ a backslash. A replacement naming a group the pattern lacks leaves s unchanged.
// - regexp_extract(s, pattern[, group]): the text of `group` (0 = the whole match, at most 9) of
//   the first match; '' when nothing matches or the group did not take part.
//
// Options (a constant string, as DuckDB requires): 'i' case-insensitive, 'c' case-sensitive, 'l'
// the pattern is a literal, 's' '.' matches newlines, 'm' 'n' 'p' it does not (the default),
// 'g' global (regexp_replace only); spaces are ignored. NULL options are an error for the match
// functions and give NULL for regexp_replace, as in DuckDB.
//
// A constant pattern (the common case) is compiled once, when the call is bound, and the compiled
// RE2 is shared by every batch and thread (RE2's matching methods are const and thread-safe). A
// pattern column is compiled per row, reusing the last compiled pattern while the text repeats.

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>

#include "berserkr/common/error.h"
#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"

namespace berserkr::expr {

namespace {

using View = std::string_view;
using RegexPtr = std::shared_ptr<const RE2>;

constexpr int kMaxExtractGroup = 9;

re2::StringPiece Piece(View text) { return re2::StringPiece(text.data(), text.size()); }

bool IsStringOrNull(const DataType& type) {
  return type.id() == TypeId::kString || type.id() == TypeId::kNull;
}

struct RegexOptions {
  RE2::Options re2;
  bool global_replace = false;
};

RegexOptions DefaultOptions() {
  RegexOptions options;
  options.re2.set_log_errors(false);  // errors are reported to the user, not to stderr
  return options;
}

// Applies DuckDB's option letters. Throws InvalidInput for an unknown letter, and for 'g' outside
// regexp_replace.
void ParseOptions(View letters, const char* function, bool allow_global, RegexOptions& options) {
  for (const char letter : letters) {
    switch (letter) {
      case 'c':
        options.re2.set_case_sensitive(true);
        break;
      case 'i':
        options.re2.set_case_sensitive(false);
        break;
      case 'l':
        options.re2.set_literal(true);
        break;
      case 'm':
      case 'n':
      case 'p':
        options.re2.set_dot_nl(false);
        break;
      case 's':
        options.re2.set_dot_nl(true);
        break;
      case 'g':
        if (!allow_global) {
          throw InvalidInput(std::string(function) +
                             ": option 'g' (replace every match) is only valid for regexp_replace");
        }
        options.global_replace = true;
        break;
      case ' ':
      case '\t':
      case '\n':
        break;
      default:
        throw InvalidInput(std::string(function) + ": unknown regular expression option '" +
                           std::string(1, letter) + "' in '" + std::string(letters) +
                           "'; use i (case-insensitive), c, l (literal), s, m, n, p" +
                           (allow_global ? ", g (every match)" : ""));
    }
  }
}

// Compiles `pattern`. Throws InvalidInput naming the function, the pattern and RE2's reason.
RegexPtr Compile(View pattern, const RE2::Options& options, const std::string& where) {
  auto regex = std::make_shared<const RE2>(Piece(pattern), options);
  if (!regex->ok()) {
    throw InvalidInput("invalid regular expression '" + std::string(pattern) + "' in " + where +
                       ": " + regex->error());
  }
  return regex;
}

// What binding found out about the pattern and options of one call.
struct RegexCall {
  RegexOptions options = DefaultOptions();
  RegexPtr constant_pattern;  // set when the pattern is a non-NULL constant
  bool always_null = false;   // a NULL constant pattern (or NULL options for regexp_replace)
};

// Reads the pattern (argument 1) and the options (argument `options_index`, when present).
// REQUIRES: the argument types were checked.
RegexCall BindRegex(const FunctionArguments& arguments, size_t options_index, const char* function,
                    bool allow_global, bool null_options_give_null) {
  RegexCall call;
  if (options_index < arguments.types.size()) {
    const auto& options = arguments.constants[options_index];
    if (!options) {
      throw InvalidInput(std::string(function) +
                         ": the options argument must be a constant such as 'i', not a column");
    }
    if (options->is_null()) {
      if (!null_options_give_null) {
        throw InvalidInput(std::string(function) + ": the options argument must not be NULL");
      }
      call.always_null = true;
      return call;
    }
    ParseOptions(options->string_value(), function, allow_global, call.options);
  }
  if (const auto& pattern = arguments.constants[1]) {
    if (pattern->is_null()) {
      call.always_null = true;
    } else {
      call.constant_pattern = Compile(pattern->string_value(), call.options.re2, function);
    }
  }
  return call;
}

// Runs `operation(const RE2&, text, other..., Out&) -> bool` over the rows: with the bound pattern
// when it was constant, else compiling each row's pattern (the last one is kept while it repeats).
// `inputs` are (text, pattern, other...).
template <typename Out, typename... Other, typename Operation>
ColumnPtr MapWithRegex(const RegexCall& call, const std::vector<ColumnPtr>& inputs,
                       int64_t num_rows, const KernelContext& context, Operation&& operation) {
  if (call.always_null) return Column::MakeNull(context.result_type, num_rows);
  if (call.constant_pattern) {
    std::vector<ColumnPtr> without_pattern = inputs;
    without_pattern.erase(without_pattern.begin() + 1);
    const RE2& regex = *call.constant_pattern;
    return MapRows<Out, View, Other...>(
        context.result_type, num_rows, without_pattern,
        [&](View text, Other... other, Out& out) { return operation(regex, text, other..., out); });
  }
  RegexPtr last_regex;
  std::string last_pattern;
  return MapRows<Out, View, View, Other...>(context.result_type, num_rows, inputs,
                                            [&](View text, View pattern, Other... other, Out& out) {
                                              if (!last_regex || pattern != last_pattern) {
                                                last_regex = Compile(pattern, call.options.re2,
                                                                     context.expression_text);
                                                last_pattern.assign(pattern);
                                              }
                                              return operation(*last_regex, text, other..., out);
                                            });
}

// regexp_matches / regexp_full_match (s, pattern[, options]) -> BOOLEAN.
template <bool kFullMatch>
std::optional<BoundFunction> BindMatch(const FunctionArguments& arguments) {
  const size_t count = arguments.types.size();
  if (count < 2 || count > 3) return std::nullopt;
  for (const DataType& type : arguments.types) {
    if (!IsStringOrNull(type)) return std::nullopt;
  }
  const char* function = kFullMatch ? "regexp_full_match" : "regexp_matches";
  const RegexCall call = BindRegex(arguments, 2, function, false, false);
  Kernel kernel = [call](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                         const KernelContext& context) {
    return MapWithRegex<bool>(call, inputs, num_rows, context,
                              [](const RE2& regex, View text, bool& out) {
                                out = kFullMatch ? RE2::FullMatch(Piece(text), regex)
                                                 : RE2::PartialMatch(Piece(text), regex);
                                return true;
                              });
  };
  return BoundFunction{std::vector<DataType>(count, DataType::String()), DataType::Bool(), kernel};
}

// regexp_replace(s, pattern, replacement[, options]) -> VARCHAR.
std::optional<BoundFunction> BindReplace(const FunctionArguments& arguments) {
  const size_t count = arguments.types.size();
  if (count < 3 || count > 4) return std::nullopt;
  for (const DataType& type : arguments.types) {
    if (!IsStringOrNull(type)) return std::nullopt;
  }
  const RegexCall call = BindRegex(arguments, 3, "regexp_replace", true, true);
  Kernel kernel = [call](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                         const KernelContext& context) {
    // The options column (a constant) is not read per row.
    const std::vector<ColumnPtr> used(inputs.begin(), inputs.begin() + 3);
    return MapWithRegex<std::string, View>(
        call, used, num_rows, context,
        [global = call.options.global_replace](const RE2& regex, View text, View replacement,
                                               std::string& out) {
          out.assign(text);
          if (global) {
            RE2::GlobalReplace(&out, regex, Piece(replacement));
          } else {
            RE2::Replace(&out, regex, Piece(replacement));
          }
          return true;
        });
  };
  return BoundFunction{std::vector<DataType>(count, DataType::String()), DataType::String(),
                       kernel};
}

// regexp_extract(s, pattern[, group]) -> VARCHAR. The group must be a constant (DuckDB).
std::optional<BoundFunction> BindExtract(const FunctionArguments& arguments) {
  const size_t count = arguments.types.size();
  if (count < 2 || count > 3) return std::nullopt;
  if (!IsStringOrNull(arguments.types[0]) || !IsStringOrNull(arguments.types[1])) {
    return std::nullopt;
  }
  int group = 0;
  bool null_group = false;
  if (count == 3) {
    const DataType& type = arguments.types[2];
    if (!type.is_integer() && type.id() != TypeId::kNull) return std::nullopt;
    const auto& constant = arguments.constants[2];
    if (!constant) {
      throw InvalidInput("regexp_extract: the group argument must be a constant, not a column");
    }
    if (constant->is_null()) {
      null_group = true;  // DuckDB gives '' for every string
    } else if (constant->int_value() < 0 || constant->int_value() > kMaxExtractGroup) {
      throw InvalidInput("regexp_extract: group " + std::to_string(constant->int_value()) +
                         " is out of range; use a group between 0 and 9");
    } else {
      group = static_cast<int>(constant->int_value());
    }
  }
  const RegexCall call = BindRegex(arguments, count, "regexp_extract", false, false);
  Kernel kernel = [call, group, null_group](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                                            const KernelContext& context) {
    const std::vector<ColumnPtr> used(inputs.begin(), inputs.begin() + 2);
    return MapWithRegex<std::string>(
        call, used, num_rows, context,
        [group, null_group](const RE2& regex, View text, std::string& out) {
          if (null_group) return true;
          re2::StringPiece groups[kMaxExtractGroup + 1];
          // Match fails when the pattern has fewer groups than asked for: '' as in DuckDB.
          if (regex.Match(Piece(text), 0, text.size(), RE2::UNANCHORED, groups, group + 1) &&
              groups[group].data() != nullptr) {
            out.assign(groups[group].data(), groups[group].size());
          }
          return true;
        });
  };
  std::vector<DataType> types = {DataType::String(), DataType::String()};
  if (count == 3) types.push_back(DataType::Int64());
  return BoundFunction{types, DataType::String(), kernel};
}

}  // namespace

void RegisterRegexpFunctions(FunctionRegistry& registry) {
  registry.Register("regexp_matches", BindMatch<false>);
  registry.Register("regexp_full_match", BindMatch<true>);
  registry.Register("regexp_replace", BindReplace);
  registry.Register("regexp_extract", BindExtract);
}

}  // namespace berserkr::expr
