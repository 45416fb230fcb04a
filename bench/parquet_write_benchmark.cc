#include "parquet_write_benchmark.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/formats/csv_reader.h"
#include "berserkr/formats/parquet_reader.h"
#include "berserkr/formats/parquet_writer.h"
#include "command_line_flags.h"

namespace berserkr::bench {

const char kParquetWriteUsage[] =
    R"(usage: berserkr-bench parquet-write --data FILE.parquet|FILE.csv --out OUT.parquet
                              [--codec snappy|zstd|...] [--runs N] [--threads N]

Reads FILE into memory once, then writes it to OUT with berserkr's Parquet writer N times
(default 3) and prints
  parquet_write <seconds>  the median time of one write (the file closed and renamed)
  bytes <n>                the size of OUT
  rows <n>                 rows written
bench/run_parquet_write_benchmark.sh runs it beside DuckDB's COPY ... TO (FORMAT parquet).

  --codec NAME         uncompressed, snappy (default), gzip, zstd, lz4_raw, brotli
  --row-group-rows N   rows per row group (default the writer's, 1048576)
  --runs N             writes to take the median of (default 3)
  --threads N          threads of the default pool (default: one per hardware thread)
)";

int RunParquetWriteBenchmark(const std::vector<std::string>& arguments) {
  const std::string command = "berserkr-bench parquet-write";
  const ParsedFlags flags = ParseFlags(
      arguments, {{"data"}, {"out"}, {"codec"}, {"row-group-rows"}, {"runs"}, {"threads"}},
      command);
  if (flags.count("data") == 0 || flags.count("out") == 0) {
    throw InvalidInput(command + ": --data FILE and --out OUT.parquet are required");
  }
  if (flags.count("threads") != 0) {
    const int64_t threads = ParseIntegerFlag("threads", flags.at("threads"));
    if (threads < 1 || threads > 1024) {
      throw InvalidInput("--threads must be between 1 and 1024, got " + flags.at("threads"));
    }
    SetDefaultThreadCount(static_cast<int>(threads));
  }
  ParquetWriteOptions options;
  if (flags.count("codec") != 0) options.codec = ParseParquetCodec(flags.at("codec"));
  if (flags.count("row-group-rows") != 0) {
    options.row_group_rows = ParseIntegerFlag("row-group-rows", flags.at("row-group-rows"));
  }
  const int64_t runs = flags.count("runs") ? ParseIntegerFlag("runs", flags.at("runs")) : 3;
  if (runs < 1) throw InvalidInput("--runs must be positive");
  const std::string& data = flags.at("data");
  const bool is_csv = data.size() >= 4 && data.compare(data.size() - 4, 4, ".csv") == 0;
  const Table table = is_csv ? ReadCsv({data}, CsvOptions{}) : ReadParquet({data});

  std::vector<double> seconds;
  int64_t bytes = 0;
  for (int64_t run = 0; run < runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    bytes = WriteParquet(table, flags.at("out"), options).bytes;
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    std::fprintf(stderr, "run %lld: %.3f s\n", static_cast<long long>(run + 1), seconds.back());
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds.size() % 2
                            ? seconds[seconds.size() / 2]
                            : (seconds[seconds.size() / 2 - 1] + seconds[seconds.size() / 2]) / 2;
  std::printf("parquet_write %.3f\n", median);
  std::printf("bytes %lld\n", static_cast<long long>(bytes));
  std::printf("rows %lld\n", static_cast<long long>(table.num_rows()));
  return 0;
}

}  // namespace berserkr::bench
