#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace berserkr::bench {

// One flag a subcommand accepts: "--name VALUE" (or "--name=VALUE") when it takes a value, a bare
// "--name" switch otherwise.
struct FlagSpec {
  std::string name;  // without the leading dashes
  bool takes_value = true;
};

// The flags given to one subcommand, by name; a switch that was given maps to "true".
using ParsedFlags = std::map<std::string, std::string>;

// Parses `arguments` (the words after the subcommand) against `specs`.
// Throws InvalidInput naming `command` on an unknown flag, a positional word, a flag given twice or
// a value missing, so a typo never silently falls back to a default.
ParsedFlags ParseFlags(const std::vector<std::string>& arguments,
                       const std::vector<FlagSpec>& specs, const std::string& command);

// True when `arguments` asks for help (-h or --help anywhere): checked before ParseFlags so that
// help works even next to a flag that would be rejected.
bool WantsHelp(const std::vector<std::string>& arguments);

// Parses a whole decimal integer, also written as 1e7 or 10_000_000 for row counts.
// Throws InvalidInput naming `flag` when the text is not one or is out of range.
int64_t ParseIntegerFlag(const std::string& flag, const std::string& text);

}  // namespace berserkr::bench
