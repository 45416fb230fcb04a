#include "berserkr/arguments.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace berserkr::cli {

Arguments::Arguments(std::string command, std::string usage, std::string description)
    : command_(std::move(command)),
      usage_(std::move(usage)),
      description_(std::move(description)) {}

void Arguments::AddOption(const std::string& name, const std::string& value_name,
                          const std::string& help) {
  specs_.push_back({name, value_name, help});
}

void Arguments::AddFlag(const std::string& name, const std::string& help) {
  specs_.push_back({name, "", help});
}

void Arguments::Parse(int argc, char** argv, int first) {
  bool only_positionals = false;
  for (int index = first; index < argc; ++index) {
    const std::string argument = argv[index];
    if (only_positionals || argument.size() < 2 || argument[0] != '-' || argument == "-") {
      positionals_.push_back(argument);
      continue;
    }
    if (argument == "--") {
      only_positionals = true;
      continue;
    }
    if (argument == "--help" || argument == "-h") {
      help_requested_ = true;
      continue;
    }
    std::string name = argument.substr(argument.rfind('-', 1) + 1);
    std::optional<std::string> inline_value;
    if (const size_t equals = name.find('='); equals != std::string::npos) {
      inline_value = name.substr(equals + 1);
      name = name.substr(0, equals);
    }
    const auto spec = std::find_if(specs_.begin(), specs_.end(),
                                   [&](const Spec& candidate) { return candidate.name == name; });
    if (spec == specs_.end()) {
      throw UsageError("unknown option '" + argument + "' for '" + command_ + "'");
    }
    if (spec->value_name.empty()) {
      if (inline_value) throw UsageError("option --" + name + " takes no value");
      values_[name].push_back("");
      continue;
    }
    if (!inline_value) {
      if (index + 1 >= argc)
        throw UsageError("option --" + name + " needs a value (" + spec->value_name + ")");
      inline_value = argv[++index];
    }
    values_[name].push_back(*inline_value);
  }
}

std::optional<std::string> Arguments::Get(const std::string& name) const {
  const auto found = values_.find(name);
  if (found == values_.end()) return std::nullopt;
  return found->second.back();
}

std::vector<std::string> Arguments::GetAll(const std::string& name) const {
  const auto found = values_.find(name);
  return found == values_.end() ? std::vector<std::string>{} : found->second;
}

std::string Arguments::Help() const {
  std::string text = "Usage: " + usage_ + "\n\n" + description_ + "\n\nOptions:\n";
  size_t width = 0;
  std::vector<std::string> heads;
  for (const Spec& spec : specs_) {
    // One-letter options read as -f; the others as --name.
    heads.push_back((spec.name.size() == 1 ? "-" : "--") + spec.name +
                    (spec.value_name.empty() ? "" : " " + spec.value_name));
    width = std::max(width, heads.back().size());
  }
  heads.push_back("--help");
  width = std::max(width, heads.back().size());
  for (size_t index = 0; index < specs_.size(); ++index) {
    text += "  " + heads[index] + std::string(width - heads[index].size() + 2, ' ') +
            specs_[index].help + "\n";
  }
  text += "  --help" + std::string(width - 6 + 2, ' ') + "show this help\n";
  return text;
}

std::vector<std::string> InputSources(const Arguments& arguments, const std::string& what) {
  std::vector<std::string> inputs = arguments.GetAll("input");
  for (const std::string& positional : arguments.positionals()) inputs.push_back(positional);
  if (inputs.empty()) throw UsageError("name " + what + " with --input SRC");
  return inputs;
}

std::string RequiredOption(const Arguments& arguments, const std::string& name,
                           const std::string& hint) {
  const std::optional<std::string> value = arguments.Get(name);
  if (!value) throw UsageError(hint);
  return *value;
}

int PositiveNumberOption(const Arguments& arguments, const std::string& name, int fallback) {
  const std::optional<std::string> text = arguments.Get(name);
  if (!text) return fallback;
  int value = 0;
  const auto result = std::from_chars(text->data(), text->data() + text->size(), value);
  if (result.ec != std::errc() || result.ptr != text->data() + text->size() || value <= 0) {
    throw UsageError("--" + name + " takes a positive number, not '" + *text + "'");
  }
  return value;
}

int RunSubcommand(const std::string& group, const std::string& usage,
                  const std::vector<std::pair<std::string, Subcommand>>& subcommands, int argc,
                  char** argv, int first) {
  if (first >= argc || std::string(argv[first]) == "--help" || std::string(argv[first]) == "-h") {
    std::puts(usage.c_str());
    return first >= argc ? 2 : 0;
  }
  const std::string name = argv[first];
  for (const auto& [subcommand, run] : subcommands) {
    if (name == subcommand) return run(argc, argv, first + 1);
  }
  throw UsageError("unknown " + group + " command '" + name + "'; " + usage);
}

}  // namespace berserkr::cli
