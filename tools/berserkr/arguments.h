#pragma once

// A small command-line parser: options with values (--name VALUE or --name=VALUE, repeatable),
// flags (--name), positionals, and generated --help text.

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace berserkr::cli {

// A mistake in how the command was called; the CLI prints it with a hint and exits with 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Arguments {
 public:
  Arguments(std::string command, std::string usage, std::string description);

  // An option taking a value; `value_name` appears in the help (e.g. "PATH").
  void AddOption(const std::string& name, const std::string& value_name, const std::string& help);
  // An option without a value.
  void AddFlag(const std::string& name, const std::string& help);

  // Parses argv[first..argc). Throws UsageError on unknown options or missing values.
  void Parse(int argc, char** argv, int first);

  bool help_requested() const { return help_requested_; }
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  std::string Help() const;

 private:
  struct Spec {
    std::string name;
    std::string value_name;  // empty for flags
    std::string help;
  };

  std::string command_;
  std::string usage_;
  std::string description_;
  std::vector<Spec> specs_;
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positionals_;
  bool help_requested_ = false;
};

// The sources a job reads: every --input value, then the positional arguments. Throws UsageError
// naming `what` (e.g. "the transaction files") when there are none.
std::vector<std::string> InputSources(const Arguments& arguments, const std::string& what);

// The value of a required option; throws UsageError with `hint` when it is missing.
std::string RequiredOption(const Arguments& arguments, const std::string& name,
                           const std::string& hint);

// The value of an optional whole-number option that must be positive (--top, --horizon ...), or
// `fallback` when it is not given; throws UsageError naming the option otherwise.
int PositiveNumberOption(const Arguments& arguments, const std::string& name, int fallback);

// Runs the subcommand named by argv[first] (the "report" of `berserkr retail report`), giving it
// argv from first + 1. Without one, or with --help, prints `usage` (exit status 2 or 0).
using Subcommand = std::function<int(int argc, char** argv, int first)>;
int RunSubcommand(const std::string& group, const std::string& usage,
                  const std::vector<std::pair<std::string, Subcommand>>& subcommands, int argc,
                  char** argv, int first);

}  // namespace berserkr::cli
