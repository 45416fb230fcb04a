// `berserkr gen flyer --rows N --out PATH [--seed S]`: synthetic data for the jobs.

#include <chrono>
#include <cstdio>

#include "berserkr/commands.h"
#include "berserkr/jobs/generators.h"
#include "berserkr/read_sources.h"

namespace berserkr::cli {
namespace {

int64_t ParseRows(const std::string& text) {
  // Accepts 1000000, 1e6 and 1_000_000.
  std::string digits;
  for (char c : text) {
    if (c != '_') digits += c;
  }
  try {
    size_t used = 0;
    const double value = std::stod(digits, &used);
    if (used == digits.size() && value >= 0 && value <= 1e13 &&
        value == static_cast<int64_t>(value)) {
      return static_cast<int64_t>(value);
    }
  } catch (const std::exception&) {
  }
  throw UsageError("--rows takes a whole number such as 1000000 or 1e6, not '" + text + "'");
}

}  // namespace

int RunGen(int argc, char** argv, int first) {
  Arguments arguments(
      "gen", "berserkr gen retail|flyer|events --rows N --out PATH [--seed S]",
      "Writes synthetic data with a realistic shape, the same file for the same rows and seed:\n"
      "  retail  transaction lines in the Online Retail layout for 'berserkr retail report'\n"
      "          (a year, skewed customers and products, repeat purchases, cancellations,\n"
      "          guests without a customer id, postage lines, duplicates)\n"
      "  flyer   app events (timestamp,user_id,event,flyer_id,merchant_id) for\n"
      "          'berserkr flyer dwell': sessions over four weeks, skewed users and flyers,\n"
      "          each user's own UTC offset, ~0.5% duplicate rows, CRLF line endings");
  arguments.AddOption("rows", "N", "rows to write (e.g. 1e6)");
  arguments.AddOption("out", "PATH", "the file to write");
  arguments.AddOption("seed", "S", "random seed (default 42)");
  arguments.AddOption("threads", "N", "worker threads (default: one per core)");
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  if (arguments.positionals().size() != 1) {
    throw UsageError("say what to generate: berserkr gen retail|flyer|events --rows N --out PATH");
  }
  const std::string kind = arguments.positionals()[0];
  const std::optional<std::string> rows = arguments.Get("rows");
  const std::optional<std::string> out = arguments.Get("out");
  if (!rows || !out) throw UsageError("give --rows N and --out PATH");
  GenerateOptions options;
  options.rows = ParseRows(*rows);
  if (auto seed = arguments.Get("seed")) options.seed = std::stoull(*seed);
  ApplyResourceArguments(arguments);
  const auto start = std::chrono::steady_clock::now();
  if (kind == "retail") {
    GenerateRetailLines(options, *out);
  } else if (kind == "flyer") {
    GenerateFlyerEvents(options, *out);
  } else if (kind == "events") {
    GenerateExperimentEvents(options, *out);
  } else {
    throw UsageError("unknown data set '" + kind + "' (known: retail, flyer, events)");
  }
  std::fprintf(stderr, "berserkr: wrote %lld rows to %s (%.1f s)\n",
               static_cast<long long>(options.rows), out->c_str(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

}  // namespace berserkr::cli
