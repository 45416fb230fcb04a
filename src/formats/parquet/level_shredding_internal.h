#pragma once

// Shredding (Dremel): the values of one top-level column turned into, for each leaf below it,
// definition / repetition levels and the positions of its non-NULL values.

#include <cstdint>
#include <vector>

#include "berserkr/types/column.h"
#include "formats/parquet/parquet_write_schema_internal.h"

namespace berserkr::parquet {

// What one batch contributes to one leaf's column chunk.
struct LeafPiece {
  ColumnPtr column;  // the leaf's column in this batch; values are read from it
  // true: `column` is the top-level column itself; its levels follow from its validity and its
  // values are its non-NULL rows (no level vectors are built).
  bool flat = false;
  std::vector<int16_t> definition_levels;  // nested only
  std::vector<int16_t> repetition_levels;  // nested only; ignored when the leaf is not repeated
  std::vector<int64_t> value_rows;         // nested only: rows of `column` with a value, in order
  int64_t num_levels() const {
    return flat ? column->length() : static_cast<int64_t>(definition_levels.size());
  }
};

// Appends to pieces[leaf] (indexed like WriteSchema::leaves, sized by the caller) one piece per
// leaf of `node` for the rows of `column`. Throws InvalidInput when a NULL sits in a REQUIRED
// node (a map key), naming the column.
void ShredColumn(const WriteNode& node, const ColumnPtr& column,
                 std::vector<std::vector<LeafPiece>>& pieces);

}  // namespace berserkr::parquet
