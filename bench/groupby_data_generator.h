#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "berserkr/common/progress.h"

namespace berserkr::bench {

// The shape of the db-benchmark group-by table (h2oai/db-benchmark `_data/groupby-datagen.R`):
// G1_1e7_1e2_0_0 is rows = 1e7, groups = 100, nas_percent = 0.
struct GroupbyDataOptions {
  int64_t rows = 0;
  // K: id1, id2, id4 and id5 take K values; id3 and id6 take rows / K values.
  int64_t groups = 100;
  // Percentage of each column's values written as NULL (empty fields), as the R script does:
  // exactly rows * nas_percent / 100 rows per column, chosen independently per column.
  int nas_percent = 0;
  // 108 is the seed of the R script; the values differ from R's anyway (another generator).
  uint64_t seed = 108;
  // Threads formatting rows; <= 0 means one per hardware thread. The bytes written do not depend
  // on it: every block of rows has its own generator seeded from (seed, block index).
  int threads = 0;
};

// Rows per independently seeded block: large enough that a block's buffer (~3.6 MB for the
// standard table) amortizes the hand-off between threads, small enough to keep a few in flight.
inline constexpr int64_t kGroupbyRowsPerBlock = 1 << 16;

// Throws InvalidInput naming the flag when `options` cannot describe a table (rows <= 0,
// groups outside [1, rows], nas_percent outside [0, 100]).
void ValidateGroupbyDataOptions(const GroupbyDataOptions& options);

// Generates the table, with its header row, into `path` (written to a temporary file and renamed
// into place, so a failed run leaves no partial file). Advances `progress` as blocks are written.
// Returns the number of bytes written. Throws IoError when the file cannot be written.
int64_t WriteGroupbyCsv(const GroupbyDataOptions& options, const std::string& path,
                        Progress* progress = nullptr);

// The "gen groupby" subcommand: parses `arguments` (the words after "gen groupby"), writes the file
// and prints a summary. Returns the process exit code; throws InvalidInput on bad flags.
int RunGenerateGroupby(const std::vector<std::string>& arguments);

extern const char kGenerateGroupbyUsage[];

}  // namespace berserkr::bench
