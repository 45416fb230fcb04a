// berserkr-bench: data generators and benchmark drivers, one subcommand each.
// Figures go to stdout as "name value" lines so scripts (bench/run_load_benchmark.sh) can read
// them; errors and progress go to stderr.

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "command_line_flags.h"
#include "csv_load_benchmark.h"
#include "groupby_benchmark.h"
#include "groupby_data_generator.h"
#include "groupby_kernels.h"
#include "join_benchmark.h"
#include "join_data_generator.h"
#include "parquet_read_benchmark.h"
#include "parquet_write_benchmark.h"
#include "propensity_benchmark.h"
#include "sort_benchmark.h"
#include "window_benchmark.h"

namespace berserkr::bench {
namespace {

constexpr char kUsage[] = R"(usage: berserkr-bench <command> [flags]

commands:
  gen groupby   write the db-benchmark group-by table as CSV
  gen join      write the four db-benchmark join tables as CSV
  load          time reading a CSV file into memory
  parquet       time reading a Parquet file into memory
  parquet-write time writing a table as a Parquet file
  kernels       time the hash-aggregation kernels on db-benchmark group-bys
  groupby       the ten db-benchmark group-by questions through the DataFrame API
  join          the five db-benchmark join questions through the DataFrame API
  sort          sorts of the db-benchmark group-by table (spilling under --memory-limit)
  window        window functions over a random in-memory table
  propensity    feature synthesis and scoring throughput of purchase propensity

'berserkr-bench <command> --help' describes each command's flags.
)";

constexpr char kGenerateUsage[] = R"(usage: berserkr-bench gen <table> [flags]

tables:
  groupby   the db-benchmark group-by table (G1_...); see 'berserkr-bench gen groupby --help'
  join      the db-benchmark join tables (J1_...); see 'berserkr-bench gen join --help'
)";

int PrintUsage(const char* usage, std::FILE* stream, int exit_code) {
  std::fputs(usage, stream);
  return exit_code;
}

int RunGenerate(const std::vector<std::string>& arguments) {
  if (arguments.empty()) return PrintUsage(kGenerateUsage, stderr, 2);
  const std::string& table = arguments[0];
  const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
  if (table == "-h" || table == "--help") return PrintUsage(kGenerateUsage, stdout, 0);
  if (table == "groupby") {
    if (WantsHelp(rest)) return PrintUsage(kGenerateGroupbyUsage, stdout, 0);
    return RunGenerateGroupby(rest);
  }
  if (table == "join") {
    if (WantsHelp(rest)) return PrintUsage(kGenerateJoinUsage, stdout, 0);
    return RunGenerateJoin(rest);
  }
  throw InvalidInput("berserkr-bench gen: unknown table '" + table +
                     "'; see 'berserkr-bench gen --help'");
}

int Run(const std::vector<std::string>& arguments) {
  if (arguments.empty()) return PrintUsage(kUsage, stderr, 2);
  const std::string& command = arguments[0];
  const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
  if (command == "-h" || command == "--help" || command == "help") {
    return PrintUsage(kUsage, stdout, 0);
  }
  if (command == "gen") return RunGenerate(rest);
  if (command == "load") {
    if (WantsHelp(rest)) return PrintUsage(kLoadUsage, stdout, 0);
    return RunLoadBenchmark(rest);
  }
  if (command == "parquet-write") {
    if (WantsHelp(rest)) return PrintUsage(kParquetWriteUsage, stdout, 0);
    return RunParquetWriteBenchmark(rest);
  }
  if (command == "parquet") {
    if (WantsHelp(rest)) return PrintUsage(kParquetUsage, stdout, 0);
    return RunParquetReadBenchmark(rest);
  }
  if (command == "groupby") {
    if (WantsHelp(rest)) return PrintUsage(kGroupbyUsage, stdout, 0);
    return RunGroupbyBenchmark(rest);
  }
  if (command == "join") {
    if (WantsHelp(rest)) return PrintUsage(kJoinUsage, stdout, 0);
    return RunJoinBenchmark(rest);
  }
  if (command == "sort") {
    if (WantsHelp(rest)) return PrintUsage(kSortUsage, stdout, 0);
    return RunSortBenchmark(rest);
  }
  if (command == "kernels") {
    if (WantsHelp(rest)) return PrintUsage(kKernelsUsage, stdout, 0);
    return RunKernelsBenchmark(rest);
  }
  if (command == "window") {
    if (WantsHelp(rest)) return PrintUsage(kWindowUsage, stdout, 0);
    return RunWindowBenchmark(rest);
  }
  if (command == "propensity") {
    if (WantsHelp(rest)) return PrintUsage(kPropensityUsage, stdout, 0);
    return RunPropensityBenchmark(rest);
  }
  throw InvalidInput("unknown command '" + command + "'; see 'berserkr-bench --help'");
}

}  // namespace
}  // namespace berserkr::bench

int main(int argc, char** argv) {
  try {
    return berserkr::bench::Run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const berserkr::InvalidInput& error) {
    // Bad flags or bad data: the user can fix it, so the exit code says "usage" (2).
    std::fprintf(stderr, "error: %s\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
}
