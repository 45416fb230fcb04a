#pragma once

#include <string>
#include <vector>

namespace berserkr::bench {

// The "load" subcommand: reads a CSV file into memory with berserkr's reader and prints, one
// "name value" pair a line so scripts can pick them out:
//   load <seconds>  rows <n>  mb_per_s <x>  peak_rss_mb <x>  pool_peak_mb <x>
// Returns the process exit code; throws InvalidInput on bad flags and what ReadCsv throws.
int RunLoadBenchmark(const std::vector<std::string>& arguments);

extern const char kLoadUsage[];

}  // namespace berserkr::bench
