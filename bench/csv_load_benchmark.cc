#include "csv_load_benchmark.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "berserkr/common/error.h"
#include "berserkr/common/memory_pool.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/formats/csv_reader.h"
#include "command_line_flags.h"
#include "process_memory.h"

namespace berserkr::bench {

const char kLoadUsage[] =
    R"(usage: berserkr-bench load --data FILE [--threads N] [--types]

Reads FILE (CSV with a header row) into memory with berserkr's CSV reader and prints
  load <seconds>       time of the read alone
  rows <n>             rows read
  mb_per_s <x>         bytes of the (decompressed) input per second, in MB (1e6 bytes)
  peak_rss_mb <x>      the process's peak resident memory (VmHWM), in MB
  pool_peak_mb <x>     the memory pool's peak allocated bytes, in MB
The schema read goes to stderr.

  --threads N   threads of the default pool (default: one per hardware thread)
  --types       give the db-benchmark group-by types instead of inferring them, as the DuckDB
                peer script does: id4, id5, id6, v1, v2 INTEGER (32-bit) and v3 DOUBLE
)";

int RunLoadBenchmark(const std::vector<std::string>& arguments) {
  const std::string command = "berserkr-bench load";
  const ParsedFlags flags =
      ParseFlags(arguments, {{"data"}, {"threads"}, {"types", /*takes_value=*/false}}, command);
  if (flags.count("data") == 0) throw InvalidInput(command + ": --data FILE is required");
  if (flags.count("threads") != 0) {
    const int64_t threads = ParseIntegerFlag("threads", flags.at("threads"));
    if (threads < 1 || threads > 1024) {
      throw InvalidInput("--threads must be between 1 and 1024, got " + flags.at("threads"));
    }
    // Must come before anything touches the default pool: later calls have no effect.
    SetDefaultThreadCount(static_cast<int>(threads));
  }

  CsvOptions options;
  options.header = true;  // as the peers are told (read_csv(..., header=true))
  if (flags.count("types") != 0) {
    for (const char* name : {"id4", "id5", "id6", "v1", "v2"}) {
      options.column_types[name] = DataType::Int32();
    }
    options.column_types["v3"] = DataType::Float64();
  }

  ReadStats stats;
  const auto start = std::chrono::steady_clock::now();
  const Table table = ReadCsv({flags.at("data")}, options, &stats);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // One line, so that the figures below stay easy to pick out of a log.
  std::string schema = table.schema()->ToString();
  while (!schema.empty() && schema.back() == '\n') schema.pop_back();
  std::replace(schema.begin(), schema.end(), '\n', ',');
  std::fprintf(stderr, "schema %s\n", schema.c_str());
  std::printf("load %.3f\n", seconds);
  std::printf("rows %lld\n", static_cast<long long>(table.num_rows()));
  std::printf("mb_per_s %.1f\n", static_cast<double>(stats.bytes) / 1e6 / seconds);
  std::printf("peak_rss_mb %.1f\n", static_cast<double>(PeakResidentBytes()) / 1e6);
  std::printf("pool_peak_mb %.1f\n", static_cast<double>(DefaultMemoryPool().peak_bytes()) / 1e6);
  return 0;
}

}  // namespace berserkr::bench
