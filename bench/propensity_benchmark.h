#pragma once

#include <string>
#include <vector>

namespace berserkr::bench {

// The "propensity" subcommand: times the stages of purchase-propensity scoring on transaction
// lines (generated with `berserkr gen retail`, or real ones) — feature synthesis for every
// customer's candidates, and the model applied to them — and prints "name value" lines.
int RunPropensityBenchmark(const std::vector<std::string>& arguments);

extern const char kPropensityUsage[];

}  // namespace berserkr::bench
