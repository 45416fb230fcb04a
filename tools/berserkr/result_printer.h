#pragma once

// Prints query results for `berserkr sql` and `berserkr shell`: an aligned table for people, CSV,
// JSON lines or (to a file) Parquet for machines.

#include <cstdio>
#include <string>

#include "berserkr/types/table.h"

namespace berserkr::cli {

enum class ResultFormat { kTable, kCsv, kJson, kParquet };

// Parses "table", "csv", "json" or "parquet"; throws UsageError otherwise.
ResultFormat ParseResultFormat(const std::string& text);

// Writes `table` to `out`. The table format pads each column to its widest cell (cells longer
// than `max_cell_width` code points are cut with "..."; 0: no limit), prints NULL as NULL, and
// ends with the row count; CSV has a header line and quotes as RFC 4180; JSON is one object a
// line. Parquet is binary: it throws UsageError asking for a file (--output).
void PrintResult(const Table& table, ResultFormat format, std::FILE* out,
                 size_t max_cell_width = 0);

// Writes `table` to the file `path` in `format` (CSV, JSON and Parquet (snappy) through the
// engine's writers, which replace the file whole). Throws IoError naming the path.
void WriteResult(const Table& table, ResultFormat format, const std::string& path);

}  // namespace berserkr::cli
