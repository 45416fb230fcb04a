#pragma once

// Small conversions between job answers and plain vectors, for reports and tests: a column's
// values by name, and tables built from vectors.

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "berserkr/types/table.h"

namespace berserkr {

// The values of column `name` as text (NULL: empty). Throws InvalidInput for an unknown name.
std::vector<std::string> StringValues(const Table& table, const std::string& name);
// The values of numeric column `name` as doubles (NULL: NaN).
std::vector<double> NumberValues(const Table& table, const std::string& name);

ColumnPtr StringColumn(const std::vector<std::string>& values);
ColumnPtr Int64Column(const std::vector<int64_t>& values);
ColumnPtr Float64Column(const std::vector<double>& values);  // NaN becomes NULL (no value)
// A one-batch table of named columns of equal length.
Table MakeTable(const std::vector<std::pair<std::string, ColumnPtr>>& columns);

}  // namespace berserkr
