// `berserkr events experiments --input LOGS... --out DIR`: A/B experiment metrics.

#include <chrono>
#include <cstdio>

#include "berserkr/commands.h"
#include "berserkr/formats/json_reader.h"
#include "berserkr/io/file_listing.h"
#include "berserkr/jobs/experiments.h"
#include "berserkr/read_sources.h"

namespace berserkr::cli {
namespace {

int RunExperiments(int argc, char** argv, int first) {
  Arguments arguments(
      "events experiments", "berserkr events experiments --input LOGS... --out DIR [options]",
      "A/B experiment metrics from Segment-style JSON lines event logs. A user's variant comes\n"
      "from exposure events; users who saw two variants are left out. Per experiment and\n"
      "variant: users, click-through and conversion rates after the first exposure with 95%\n"
      "Wilson intervals, two-proportion z-tests against control, GMV (variants.csv); counts per\n"
      "hour (hourly.csv); and report.html. Definitions: docs/experiments.md.");
  arguments.AddOption("input", "LOGS", "JSON lines files, directories or globs (repeatable)");
  arguments.AddOption("out", "DIR", "output directory (created if missing)");
  arguments.AddOption("exposure-event", "NAME", "default: Experiment Viewed");
  arguments.AddOption("experiment-property", "NAME", "default: experiment_id");
  arguments.AddOption("variant-property", "NAME", "default: variation_id");
  arguments.AddOption("control", "VARIANT",
                      "the variant others are tested against (default: control)");
  arguments.AddOption("click-event", "NAME", "default: Product Clicked");
  arguments.AddOption("conversion-event", "NAME", "default: Order Completed");
  arguments.AddOption("revenue-property", "NAME", "GMV of a conversion (default: revenue)");
  arguments.AddOption("event", "NAME",
                      "an event to count per variant and hour, e.g. 'Added to Cart'");
  arguments.AddOption("where", "PROPERTY=VALUE",
                      "keep --event only where a property has a value, e.g. vertical=Food "
                      "(repeatable)");
  arguments.AddOption("on-error", "fail|skip|quarantine", "what to do with a bad record");
  arguments.AddOption("quarantine", "PATH", "CSV file for rejected records");
  arguments.AddOption("threads", "N", "worker threads (default: one per core)");
  arguments.AddOption("memory-limit", "SIZE", "memory limit, e.g. 4GiB or 70% (default: 80%)");
  arguments.AddOption("temp-dir", "DIR", "where operators spill near the memory limit");
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  const std::vector<std::string> inputs = InputSources(arguments, "the event logs");
  const std::string out = RequiredOption(arguments, "out", "say where to write with --out DIR");
  ExperimentOptions options;
  options.exposure_event = arguments.Get("exposure-event").value_or(options.exposure_event);
  options.experiment_property =
      arguments.Get("experiment-property").value_or(options.experiment_property);
  options.variant_property = arguments.Get("variant-property").value_or(options.variant_property);
  options.control_variant = arguments.Get("control").value_or(options.control_variant);
  options.click_event = arguments.Get("click-event").value_or(options.click_event);
  options.conversion_event = arguments.Get("conversion-event").value_or(options.conversion_event);
  options.revenue_property = arguments.Get("revenue-property").value_or(options.revenue_property);
  options.event = arguments.Get("event").value_or("");
  for (const std::string& condition : arguments.GetAll("where")) {
    const size_t equals = condition.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw UsageError("--where takes PROPERTY=VALUE, e.g. vertical=Food; got '" + condition + "'");
    }
    options.where.push_back({condition.substr(0, equals), condition.substr(equals + 1)});
  }
  if (!options.where.empty() && options.event.empty()) {
    throw UsageError("--where filters the events named by --event; give --event NAME too");
  }
  ApplyResourceArguments(arguments);

  const auto start = std::chrono::steady_clock::now();
  JsonOptions json_options;
  static_cast<ReadOptions&>(json_options) = CommonReadOptions(arguments);
  ReadStats stats;
  const Table events = ReadJson(ExpandSources(inputs), json_options, &stats);
  PrintRejections(stats, json_options.quarantine_path);
  const ExperimentResult result = AnalyzeExperiments(events, options);
  WriteExperiments(result, options, out);
  std::fprintf(stderr,
               "berserkr: %lld events, %lld exposures, %lld variant rows, %lld users left out "
               "(%.2f s)\n",
               static_cast<long long>(result.events), static_cast<long long>(result.exposures),
               static_cast<long long>(result.variants.num_rows()),
               static_cast<long long>(result.excluded_users),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  std::printf("%s/report.html\n", out.c_str());
  return 0;
}

}  // namespace

int RunEvents(int argc, char** argv, int first) {
  return RunSubcommand(
      "events", "usage: berserkr events experiments --input LOGS... --out DIR   (--help for more)",
      {{"experiments", RunExperiments}}, argc, argv, first);
}

}  // namespace berserkr::cli
