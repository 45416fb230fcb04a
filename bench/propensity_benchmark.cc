#include "propensity_benchmark.h"

#include <chrono>
#include <cstdio>

#include "berserkr/common/error.h"
#include "berserkr/common/memory_pool.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/jobs/propensity.h"
#include "berserkr/jobs/retail_report.h"
#include "berserkr/plan/data_frame.h"
#include "command_line_flags.h"
#include "process_memory.h"

namespace berserkr::bench {

const char kPropensityUsage[] =
    R"(usage: berserkr-bench propensity --lines FILE... --model DIR [--threads N]

Loads transaction lines (Online Retail columns, e.g. from `berserkr gen retail`), builds every
customer's candidates with their synthesized features at the day after the last line, and scores
them with the model in DIR (`berserkr propensity train`; its features must be this build's).
Prints
  lines <n>               transaction lines after cleaning
  load_s <s>              reading and cleaning them
  candidates <n>          customer x item pairs
  features <n>            features per pair
  features_s <s>          feature synthesis: candidates and every feature, on the engine
  score_s <s>             the model applied to every pair (batches in parallel)
  pairs_per_s <x>         candidates / score_s
  peak_rss_mb <x>         the process's peak resident memory (VmHWM), in MB

  --threads N   threads of the default pool (default: one per hardware thread)
)";

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int RunPropensityBenchmark(const std::vector<std::string>& arguments) {
  const std::string command = "berserkr-bench propensity";
  const ParsedFlags flags = ParseFlags(arguments, {{"lines"}, {"model"}, {"threads"}}, command);
  if (flags.count("lines") == 0 || flags.count("model") == 0) {
    throw InvalidInput(command + ": --lines FILE and --model DIR are required");
  }
  if (flags.count("threads") != 0) {
    SetDefaultThreadCount(static_cast<int>(ParseIntegerFlag("threads", flags.at("threads"))));
  }
  auto start = std::chrono::steady_clock::now();
  std::vector<CleaningStep> steps;
  const Table lines = CleanRetailLines(LoadRetailLines({flags.at("lines")}, RetailColumnMap{}),
                                       RetailCleaningOptions{}, steps);
  std::printf("lines %lld\nload_s %.3f\n", static_cast<long long>(lines.num_rows()),
              SecondsSince(start));

  const std::vector<FeatureDefinition> features = SynthesizeFeatures();
  const Table last = DataFrame::FromTable(lines)
                         .GroupBy({})
                         .Agg({Max(Cast(Col("invoice_date"), DataType::Date())).As("last")})
                         .Collect();
  const int32_t last_day = last.CombinedColumn(0)->ValuesAs<int32_t>()[0];
  start = std::chrono::steady_clock::now();
  const CandidateSet candidates = BuildCandidates(lines, last_day + 1, features, {});
  std::printf("candidates %lld\nfeatures %zu\nfeatures_s %.3f\n",
              static_cast<long long>(candidates.rows.num_rows()), features.size(),
              SecondsSince(start));

  start = std::chrono::steady_clock::now();
  const Table scored =
      ScoreCandidates(candidates, flags.at("model"), static_cast<int64_t>(features.size()));
  const double score_seconds = SecondsSince(start);
  std::printf("score_s %.3f\npairs_per_s %.0f\npeak_rss_mb %.1f\n", score_seconds,
              static_cast<double>(scored.num_rows()) / score_seconds,
              static_cast<double>(PeakResidentBytes()) / 1e6);
  return 0;
}

}  // namespace berserkr::bench
