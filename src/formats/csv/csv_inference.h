#pragma once

// Guessing what a user did not say: the delimiter, whether there is a header, and column types.

#include <string>
#include <string_view>
#include <vector>

#include "berserkr/types/data_type.h"

namespace berserkr::csv {

// The narrowest type that holds `text`: NULL type for an empty value, then BOOLEAN (true/false),
// BIGINT (no leading zeros, so "007" stays text), DOUBLE ("17850.0", ".79", "1e5"), DATE,
// TIMESTAMP (naive) or TIMESTAMP WITH TIME ZONE (with a UTC offset), else VARCHAR.
DataType ClassifyValue(std::string_view text);

// The narrowest type holding values of both: NULL joins anything; BIGINT + DOUBLE = DOUBLE;
// DATE + TIMESTAMP = TIMESTAMP; any other mix is VARCHAR.
DataType JoinTypes(const DataType& left, const DataType& right);

// The delimiter among , \t ; | that splits the first lines into the most consistent number (> 1)
// of fields; ',' when none does.
char DetectDelimiter(const char* data, int64_t length, char quote);

// Whether `first_row` is a header given the types inferred from the rows after it: some value does
// not fit its column's type, or every column is text and the first row holds distinct, non-empty,
// non-numeric names.
bool LooksLikeHeader(const std::vector<std::string>& first_row,
                     const std::vector<DataType>& types_below, bool have_rows_below);

}  // namespace berserkr::csv
