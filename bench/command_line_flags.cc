#include "command_line_flags.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "berserkr/common/error.h"

namespace berserkr::bench {

ParsedFlags ParseFlags(const std::vector<std::string>& arguments,
                       const std::vector<FlagSpec>& specs, const std::string& command) {
  ParsedFlags flags;
  for (size_t position = 0; position < arguments.size(); ++position) {
    const std::string& word = arguments[position];
    if (word.size() < 3 || word.compare(0, 2, "--") != 0) {
      throw InvalidInput(command + ": unexpected argument '" + word +
                         "'; flags start with --; see '" + command + " --help'");
    }
    std::string name = word.substr(2);
    std::string value;
    bool has_inline_value = false;
    if (const size_t equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name.resize(equals);
      has_inline_value = true;
    }
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& candidate : specs) {
      if (candidate.name == name) spec = &candidate;
    }
    if (spec == nullptr) {
      throw InvalidInput(command + ": unknown flag --" + name + "; see '" + command + " --help'");
    }
    if (flags.count(name) != 0) {
      throw InvalidInput(command + ": flag --" + name + " given twice");
    }
    if (!spec->takes_value) {
      if (has_inline_value) throw InvalidInput(command + ": flag --" + name + " takes no value");
      flags[name] = "true";
      continue;
    }
    if (!has_inline_value) {
      if (position + 1 >= arguments.size()) {
        throw InvalidInput(command + ": flag --" + name + " needs a value");
      }
      value = arguments[++position];
    }
    flags[name] = value;
  }
  return flags;
}

bool WantsHelp(const std::vector<std::string>& arguments) {
  for (const std::string& word : arguments) {
    if (word == "-h" || word == "--help") return true;
  }
  return false;
}

int64_t ParseIntegerFlag(const std::string& flag, const std::string& text) {
  std::string digits;
  for (const char character : text) {
    if (character != '_') digits.push_back(character);
  }
  const auto fail = [&]() -> int64_t {
    throw InvalidInput("--" + flag + ": '" + text +
                       "' is not a whole number (e.g. 1000000 or 1e6)");
  };
  if (digits.empty()) return fail();
  int64_t value = 0;
  const char* begin = digits.data();
  const char* end = begin + digits.size();
  const auto [stop, error] = std::from_chars(begin, end, value);
  if (error == std::errc() && stop == end) return value;
  // Scientific notation is accepted only when it names a whole number that fits (1e7, 2.5e6).
  double scientific = 0;
  const auto [double_stop, double_error] = std::from_chars(begin, end, scientific);
  if (double_error != std::errc() || double_stop != end || std::floor(scientific) != scientific ||
      std::fabs(scientific) > static_cast<double>(std::numeric_limits<int64_t>::max() / 2)) {
    return fail();
  }
  return static_cast<int64_t>(scientific);
}

}  // namespace berserkr::bench
