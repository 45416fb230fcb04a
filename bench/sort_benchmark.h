#pragma once

#include <string>
#include <vector>

namespace berserkr::bench {

extern const char kSortUsage[];

// `berserkr-bench sort --data FILE [...]`: sorts the db-benchmark group-by table two ways through
// the DataFrame API and prints the time and an order-sensitive checksum of each answer.
// Returns the process exit code; throws InvalidInput on bad flags.
int RunSortBenchmark(const std::vector<std::string>& arguments);

}  // namespace berserkr::bench
