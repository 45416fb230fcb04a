#pragma once

#include <string>
#include <vector>

namespace berserkr::bench {

extern const char kGroupbyUsage[];

// `berserkr-bench groupby --data FILE [--threads N]`: the ten db-benchmark group-by questions
// through the DataFrame API, printed in the same format as ../shared/peers/duckdb_groupby.mjs.
int RunGroupbyBenchmark(const std::vector<std::string>& arguments);

}  // namespace berserkr::bench
