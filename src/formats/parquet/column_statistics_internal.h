#pragma once

// Min / max / null-count statistics of the writer, in the form the footer's Statistics hold
// (PLAIN-encoded values without a length prefix), compared in each type's Parquet sort order.

#include <cstdint>
#include <string>
#include <string_view>

#include "berserkr/types/column.h"
#include "formats/parquet/parquet_metadata_internal.h"
#include "formats/parquet/parquet_write_schema_internal.h"

namespace berserkr::parquet {

struct ChunkStatistics {
  int64_t null_count = 0;
  // true: min / max are set. False when every value is NULL, or a float value was NaN.
  bool has_min_max = false;
  bool saw_nan = false;  // min / max unknowable (parquet-mr writes none for such chunks)
  std::string min, max;  // PLAIN-encoded
};

// a < b in the leaf's sort order: signed for numbers, booleans, dates, timestamps and decimals
// (FIXED_LEN_BYTE_ARRAY big-endian two's complement); unsigned bytes for strings and binary.
bool StatisticLess(const WriteLeaf& leaf, std::string_view a, std::string_view b);

// Merges `chunk` into `total` (over the row groups of a file).
void MergeStatistics(const WriteLeaf& leaf, const ChunkStatistics& chunk, ChunkStatistics& total);

// The footer's Statistics: deprecated min / max only for signed sort orders (readers compare them
// as signed), min_value / max_value always; values longer than `max_value_bytes` are left out.
Statistics ToThriftStatistics(const WriteLeaf& leaf, const ChunkStatistics& statistics,
                              int64_t max_value_bytes);

// A one-row column of the leaf's berserkr type holding the PLAIN-encoded `value`.
ColumnPtr StatisticValueColumn(const WriteLeaf& leaf, std::string_view value);

}  // namespace berserkr::parquet
