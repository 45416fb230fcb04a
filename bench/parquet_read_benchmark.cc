#include "parquet_read_benchmark.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/formats/parquet_reader.h"
#include "command_line_flags.h"

namespace berserkr::bench {

const char kParquetUsage[] =
    R"(usage: berserkr-bench parquet --data FILE.parquet [--runs N] [--threads N]

Reads FILE into memory with berserkr's Parquet reader N times (default 3) and prints
  parquet_read <seconds>  the median time of one read (the whole file as a table)
  rows <n>                rows read
  checksum <x>            sum of every numeric column plus the byte lengths of string columns
  mb_per_s <x>            file bytes per second of the median read, in MB (1e6 bytes)
  peak_rss_mb <x>         the process's peak resident memory (VmHWM), in MB
bench/run_parquet_benchmark.sh runs it beside DuckDB's read_parquet on the same file.

  --runs N      reads to take the median of (default 3)
  --threads N   threads of the default pool (default: one per hardware thread)
)";

namespace {

int64_t PeakResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return -1;
}

double ColumnChecksum(const Column& column) {
  double sum = 0;
  const int64_t rows = column.length();
  const auto add = [&](auto* values) {
    for (int64_t row = 0; row < rows; ++row) {
      if (column.IsValid(row)) sum += static_cast<double>(values[row]);
    }
  };
  switch (column.type().id()) {
    case TypeId::kInt8:
      add(column.ValuesAs<int8_t>());
      break;
    case TypeId::kInt16:
      add(column.ValuesAs<int16_t>());
      break;
    case TypeId::kInt32:
    case TypeId::kDate:
      add(column.ValuesAs<int32_t>());
      break;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      add(column.ValuesAs<int64_t>());
      break;
    case TypeId::kFloat32:
      add(column.ValuesAs<float>());
      break;
    case TypeId::kFloat64:
      add(column.ValuesAs<double>());
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      for (int64_t row = 0; row < rows; ++row) {
        if (column.IsValid(row)) sum += static_cast<double>(column.GetString(row).size());
      }
      break;
    default:
      break;  // nested and decimal columns are left out of the checksum
  }
  return sum;
}

}  // namespace

int RunParquetReadBenchmark(const std::vector<std::string>& arguments) {
  const std::string command = "berserkr-bench parquet";
  const ParsedFlags flags = ParseFlags(arguments, {{"data"}, {"runs"}, {"threads"}}, command);
  if (flags.count("data") == 0) throw InvalidInput(command + ": --data FILE is required");
  if (flags.count("threads") != 0) {
    const int64_t threads = ParseIntegerFlag("threads", flags.at("threads"));
    if (threads < 1 || threads > 1024) {
      throw InvalidInput("--threads must be between 1 and 1024, got " + flags.at("threads"));
    }
    SetDefaultThreadCount(static_cast<int>(threads));
  }
  const int64_t runs = flags.count("runs") ? ParseIntegerFlag("runs", flags.at("runs")) : 3;
  if (runs < 1) throw InvalidInput("--runs must be positive");
  const std::string path = flags.at("data");

  std::vector<double> seconds;
  int64_t rows = 0;
  double checksum = 0;
  for (int64_t run = 0; run < runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const Table table = ReadParquet({path});
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    rows = table.num_rows();
    checksum = 0;
    for (const Batch& batch : table.batches()) {
      for (const ColumnPtr& column : batch.columns) checksum += ColumnChecksum(*column);
    }
    std::fprintf(stderr, "run %lld: %.3f s\n", static_cast<long long>(run + 1), seconds.back());
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds.size() % 2
                            ? seconds[seconds.size() / 2]
                            : (seconds[seconds.size() / 2 - 1] + seconds[seconds.size() / 2]) / 2;
  const double megabytes = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  std::printf("parquet_read %.3f\n", median);
  std::printf("rows %lld\n", static_cast<long long>(rows));
  std::printf("checksum %.17g\n", checksum);
  std::printf("mb_per_s %.1f\n", megabytes / median);
  std::printf("peak_rss_mb %.1f\n", static_cast<double>(PeakResidentBytes()) / 1e6);
  return 0;
}

}  // namespace berserkr::bench
