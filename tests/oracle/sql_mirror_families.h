#pragma once

// The SQL front end against DuckDB: each "sql_<family>" runs a registered family's queries a
// second way — its DuckDB SQL text, unchanged, through berserkr's SqlSession over the same tables
// — and compares with DuckDB as the family does.

#include <vector>

#include "oracle/oracle_harness.h"

namespace berserkr::oracle {

// One mirror per family in `families`, with a quarter of its cases (at least 20).
std::vector<Family> SqlMirrorFamilies(const std::vector<Family>& families);

}  // namespace berserkr::oracle
