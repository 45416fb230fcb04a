#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace berserkr::bench {

// The db-benchmark join tables (h2oai/db-benchmark `_data/join-datagen.R`, no NULLs, unsorted)
// for N left rows: x = J1_<N>_NA_0_0 and the right tables small (N/1e6 rows), medium (N/1e3) and
// big (N), named J1_<N>_<rows>_0_0 with numbers written as the R script's pretty_sci does (1e7).
struct JoinDataOptions {
  int64_t rows = 0;     // N; a multiple of 1e7 so that every key split is whole
  uint64_t seed = 108;  // the R script's seed; the values differ from R's (another generator)
  int threads = 0;      // formatting threads; <= 0: one per hardware thread
};

// "1e7" for 10000000, "2e1" for 20: the leading digit and the number of digits after it.
std::string PrettyScientific(int64_t value);

// The file names of x, small, medium and big (without a directory), in that order.
std::vector<std::string> JoinTableFileNames(int64_t rows);

// Writes the four tables as CSV with a header row into `directory` (each to a temporary file
// renamed into place). Throws InvalidInput for a row count that is not a positive multiple of
// 1e7, IoError when a file cannot be written.
void WriteJoinTables(const JoinDataOptions& options, const std::string& directory);

// The "gen join" subcommand: parses the words after "gen join", writes the tables and prints a
// summary. Returns the process exit code; throws InvalidInput on bad flags.
int RunGenerateJoin(const std::vector<std::string>& arguments);

extern const char kGenerateJoinUsage[];

}  // namespace berserkr::bench
