#pragma once

#include <string>
#include <vector>

namespace berserkr::bench {

// The "parquet" subcommand: reads a Parquet file into memory with berserkr's reader several times
// and prints, one "name value" pair a line:
//   parquet_read <median seconds>  rows <n>  checksum <x>  mb_per_s <x>  peak_rss_mb <x>
// The checksum (sum of every numeric column plus the summed byte lengths of string columns) is
// what bench/peers/duckdb_parquet.mjs computes, so both engines are seen to read the same data.
int RunParquetReadBenchmark(const std::vector<std::string>& arguments);

extern const char kParquetUsage[];

}  // namespace berserkr::bench
