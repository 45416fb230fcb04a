#pragma once

// From decoded leaves to berserkr columns: physical values are converted to the leaf's type, then
// NULLs, lists and structs are rebuilt from the definition and repetition levels (Dremel record
// assembly).

#include <string>
#include <vector>

#include "berserkr/types/column.h"
#include "formats/parquet/column_chunk_reader_internal.h"
#include "formats/parquet/parquet_schema_internal.h"

namespace berserkr::parquet {

// The dense values (no NULLs) of `leaf` as a column of leaf.type.
// Throws InvalidInput naming `context` for values that cannot convert (an oversized decimal).
ColumnPtr ConvertLeafValues(const LeafColumn& leaf, const PhysicalValues& values,
                            const std::string& context);

// One decoded leaf of a row group: its levels and its converted dense values.
struct DecodedLeaf {
  const ColumnChunkData* chunk = nullptr;
  ColumnPtr values;
};

// The column of `node` for a row group of `num_rows` rows, from `leaves` (indexed by leaf index;
// only the leaves below `node` need to be set). Throws InvalidInput when the levels disagree with
// the row count or the values.
ColumnPtr AssembleColumn(const AssemblyNode& node, const std::vector<DecodedLeaf>& leaves,
                         int64_t num_rows, const std::string& context);

}  // namespace berserkr::parquet
