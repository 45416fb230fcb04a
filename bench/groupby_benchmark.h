#pragma once

#include <string>
#include <vector>

#include "berserkr/plan/data_frame.h"

namespace berserkr::bench {

extern const char kGroupbyUsage[];

// `berserkr-bench groupby --data FILE [--threads N]`: the ten db-benchmark group-by questions
// through the DataFrame API, printed in the same format as ../shared/peers/duckdb_groupby.mjs.
int RunGroupbyBenchmark(const std::vector<std::string>& arguments);

// The group-by table at `path` with the DuckDB peer script's types (id4..id6, v1, v2 INTEGER; v3
// DOUBLE): loaded into memory, or a lazy scan with `streaming`. Prints "load <seconds>".
DataFrame LoadGroupbyTable(const std::string& path, bool streaming);

}  // namespace berserkr::bench
