#pragma once

#include <string>
#include <vector>

namespace berserkr::bench {

// The "window" subcommand: builds a random table in memory (g: partition key, o: order key with
// ties, v: BIGINT with 1% NULLs, d: DOUBLE) and times window queries through the DataFrame API.
// Prints "name value" lines: <query> <best seconds of 3> chk=<sum of the window column>.
// Returns the process exit code; throws InvalidInput on bad flags.
int RunWindowBenchmark(const std::vector<std::string>& arguments);

extern const char kWindowUsage[];

}  // namespace berserkr::bench
