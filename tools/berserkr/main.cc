// berserkr: the command-line entry point. Parses the command name, runs it, and turns every error
// into one line on stderr and a non-zero exit status.

#include <cstdio>
#include <cstring>
#include <string>

#include "berserkr/arguments.h"
#include "berserkr/commands.h"
#include "berserkr/common/error.h"

namespace {

constexpr const char* kOverview =
    "berserkr — a native engine for retail data: ingest, lake, analytics, propensity.\n"
    "\n"
    "Usage: berserkr COMMAND [options]    (berserkr COMMAND --help for each)\n"
    "\n"
    "Commands:\n"
    "  daily --input SRC... --out DIR\n"
    "                            the main job: the retail report, then purchase propensity\n"
    "                            scores linked from it\n"
    "  ingest SRC... --to TABLE  raw files into a Delta table, once each (re-runs are safe)\n"
    "  inspect SRC...            schema, row count, NULLs per column and the first rows\n"
    "  convert SRC... --to OUT   write what was read as CSV, JSON lines or Parquet\n"
    "  sql \"QUERY\" | -f FILE     run SQL over files, tables and views; print the results\n"
    "  shell                     an interactive SQL shell (line editing, history)\n"
    "  retail report --input SRC... --out DIR\n"
    "                            KPIs, RFM segments, cohorts and an HTML report from\n"
    "                            transaction lines\n"
    "  flyer dwell --input SRC... --out DIR\n"
    "                            time on flyer per user, merchant, flyer and day\n"
    "  events experiments --input LOGS... --out DIR\n"
    "                            A/B test metrics from Segment-style JSON event logs\n"
    "  propensity train|evaluate|score --input SRC... --model DIR [--out DIR]\n"
    "                            purchase propensity per customer and item (XGBoost)\n"
    "  gen retail|flyer|events --rows N --out PATH\n"
    "                            synthetic data for the jobs\n"
    "  vacuum TABLE              delete files a Delta table no longer uses\n"
    "  history TABLE             the commits of a Delta table\n"
    "\n"
    "SRC is a file, a directory, a glob or an s3:// location; CSV and JSON lines, plain or\n"
    "compressed with gzip, zstd, bzip2, lz4 or lzop (detected from the bytes), Parquet, and Delta\n"
    "tables (a directory with a _delta_log/; --as-of VERSION reads an older version).\n"
    "\n"
    "Options:\n"
    "  --version   print the version\n"
    "  --help      show this help\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace berserkr;
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    std::fputs(kOverview, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  if (command == "--version" || command == "version") {
    std::printf("berserkr %s\n", BERSERKR_VERSION);
    return 0;
  }
  try {
    if (command == "inspect") return cli::RunInspect(argc, argv, 2);
    if (command == "convert") return cli::RunConvert(argc, argv, 2);
    if (command == "sql") return cli::RunSql(argc, argv, 2);
    if (command == "shell") return cli::RunShell(argc, argv, 2);
    if (command == "retail") return cli::RunRetail(argc, argv, 2);
    if (command == "gen") return cli::RunGen(argc, argv, 2);
    if (command == "flyer") return cli::RunFlyer(argc, argv, 2);
    if (command == "events") return cli::RunEvents(argc, argv, 2);
    if (command == "propensity") return cli::RunPropensity(argc, argv, 2);
    if (command == "daily") return cli::RunDaily(argc, argv, 2);
    if (command == "ingest") return cli::RunIngest(argc, argv, 2);
    if (command == "vacuum") return cli::RunVacuum(argc, argv, 2);
    if (command == "history") return cli::RunHistory(argc, argv, 2);
    std::fprintf(stderr, "berserkr: unknown command '%s'; see berserkr --help\n", command.c_str());
    return 2;
  } catch (const cli::UsageError& error) {
    std::fprintf(stderr, "berserkr %s: %s (see berserkr %s --help)\n", command.c_str(),
                 error.what(), command.c_str());
    return 2;
  } catch (const Error& error) {
    std::fprintf(stderr, "berserkr: error: %s\n", error.what());
    return 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "berserkr: internal error: %s\n", error.what());
    return 3;
  }
}
