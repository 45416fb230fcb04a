// `berserkr flyer dwell --input SRC --out DIR`: time on flyer from app events.

#include <chrono>
#include <cstdio>

#include "berserkr/commands.h"
#include "berserkr/jobs/flyer_dwell.h"
#include "berserkr/read_sources.h"

namespace berserkr::cli {
namespace {

int RunFlyerDwell(int argc, char** argv, int first) {
  Arguments arguments(
      "flyer dwell", "berserkr flyer dwell --input SRC... --out DIR [options]",
      "Time users spend on merchants' flyers, from app events with the columns\n"
      "timestamp,user_id,event,flyer_id,merchant_id (ISO 8601 timestamps with UTC offsets).\n"
      "Writes to DIR: user_merchant_day.csv, user_day.csv, merchant_day.csv, flyer_day.csv\n"
      "(views, total_seconds, avg_seconds and counts per grain) and report.html.\n"
      "Methods (rules in docs/flyer-dwell.md):\n"
      "  session     a flyer_open or item_open lasts until the user's next event, at most\n"
      "              --timeout (default)\n"
      "  first-last  per user x merchant x day: (last - first flyer event) / events");
  arguments.AddOption("input", "SRC", "event CSV files, directories or globs (repeatable)");
  arguments.AddOption("out", "DIR", "output directory (created if missing)");
  arguments.AddOption("method", "session|first-last", "how time is measured (default: session)");
  arguments.AddOption("timeout", "SECONDS",
                      "inactivity timeout of the session method (default 1800)");
  arguments.AddOption("timezone", "ZONE",
                      "IANA zone for local dates (default: each event's own offset)");
  arguments.AddFlag("keep-duplicates", "keep exact duplicate rows");
  AddReadArguments(arguments);
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  const std::vector<std::string> inputs = InputSources(arguments, "the event files");
  const std::string out = RequiredOption(arguments, "out", "say where to write with --out DIR");
  FlyerDwellOptions options;
  const std::string method = arguments.Get("method").value_or("session");
  if (method == "first-last") {
    options.method = DwellMethod::kFirstLast;
  } else if (method != "session") {
    throw UsageError("--method takes session or first-last, not '" + method + "'");
  }
  if (auto timeout = arguments.Get("timeout")) {
    try {
      options.timeout_seconds = std::stoll(*timeout);
    } catch (const std::exception&) {
      options.timeout_seconds = 0;
    }
    if (options.timeout_seconds <= 0) {
      throw UsageError("--timeout takes a positive number of seconds, not '" + *timeout + "'");
    }
  }
  options.timezone = arguments.Get("timezone").value_or("");
  options.drop_duplicates = !arguments.Has("keep-duplicates");
  ApplyResourceArguments(arguments);

  const auto start = std::chrono::steady_clock::now();
  const CsvOptions csv_options = CsvReadOptions(arguments);
  ReadStats stats;
  const FlyerDwellResult result =
      ComputeFlyerDwell(ScanFlyerEvents(inputs, csv_options, &stats), options);
  PrintRejections(stats, csv_options.quarantine_path);
  WriteFlyerDwell(result, options, out);
  std::fprintf(stderr,
               "berserkr: %lld events, %lld duplicates dropped, %lld flyer views, %lld user-days "
               "(%.2f s)\n",
               static_cast<long long>(result.events), static_cast<long long>(result.duplicates),
               static_cast<long long>(result.views),
               static_cast<long long>(result.user_day.num_rows()),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  std::printf("%s/report.html\n", out.c_str());
  return 0;
}

}  // namespace

int RunFlyer(int argc, char** argv, int first) {
  return RunSubcommand(
      "flyer",
      "usage: berserkr flyer dwell --input SRC... --out DIR   (berserkr flyer dwell --help)",
      {{"dwell", RunFlyerDwell}}, argc, argv, first);
}

}  // namespace berserkr::cli
