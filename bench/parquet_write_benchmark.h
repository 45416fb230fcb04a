#pragma once

#include <string>
#include <vector>

namespace berserkr::bench {

// The "parquet-write" subcommand: reads a table into memory (a Parquet file, or a CSV file with
// types sniffed) once, then writes it as Parquet with berserkr's writer several times and prints,
// one "name value" pair a line:
//   parquet_write <median seconds>  bytes <file size>  rows <n>
// bench/run_parquet_write_benchmark.sh runs it beside DuckDB's COPY ... TO (FORMAT parquet).
int RunParquetWriteBenchmark(const std::vector<std::string>& arguments);

extern const char kParquetWriteUsage[];

}  // namespace berserkr::bench
