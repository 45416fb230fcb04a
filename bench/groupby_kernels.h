#pragma once

#include <string>
#include <vector>

namespace berserkr::bench {

// The "kernels" subcommand: loads the db-benchmark group-by CSV and times the hash-aggregation
// kernels (Grouper + GroupedAggregator, per-thread states merged) on the group-bys of questions
// q1, q2, q3, q5 and q10, with 1 and 2 threads. Prints "name value" lines:
//   <question>_threads<n> <best seconds>   <question>_groups <n>
// Returns the process exit code; throws InvalidInput on bad flags and what ReadCsv throws.
int RunKernelsBenchmark(const std::vector<std::string>& arguments);

extern const char kKernelsUsage[];

}  // namespace berserkr::bench
