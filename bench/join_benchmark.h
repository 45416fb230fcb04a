#pragma once

#include <string>
#include <vector>

namespace berserkr::bench {

extern const char kJoinUsage[];

// `berserkr-bench join --data DIR [--threads N]`: the five db-benchmark join questions through the
// DataFrame API, printed in the same format as bench/peers/duckdb_join.mjs.
int RunJoinBenchmark(const std::vector<std::string>& arguments);

}  // namespace berserkr::bench
