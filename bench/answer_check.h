#pragma once

// What the benchmark drivers print about an answer, in the peers' format.

#include <string>

#include "berserkr/types/table.h"

namespace berserkr::bench {

// JavaScript's Number.prototype.toPrecision(12), so lines compare with the peers' as text.
std::string ToPrecision12(double value);

// The sum of the non-NULL values of a numeric column (INTEGER, BIGINT or DOUBLE), accumulated in
// extended precision.
// Throws Internal for other types.
double SumColumn(const Table& table, int column);

}  // namespace berserkr::bench
