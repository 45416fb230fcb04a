#pragma once

// Reads one column chunk: its pages (dictionary, data v1 and v2), decompressed, CRC-checked and
// decoded into definition levels, repetition levels and dense physical values.

#include <cstdint>
#include <string>
#include <vector>

#include "berserkr/io/random_access_file.h"
#include "formats/parquet/page_values_internal.h"
#include "formats/parquet/parquet_metadata_internal.h"
#include "formats/parquet/parquet_schema_internal.h"

namespace berserkr::parquet {

struct ColumnChunkData {
  int64_t num_levels = 0;                  // values including NULLs and empty lists
  std::vector<int16_t> definition_levels;  // empty when the leaf's max definition level is 0
  std::vector<int16_t> repetition_levels;  // empty when the leaf's max repetition level is 0
  PhysicalValues values;                   // the non-NULL values
  int64_t compressed_bytes = 0;            // bytes read from the file
  int64_t uncompressed_bytes = 0;          // bytes after decompression
};

// Reads the chunk of `leaf` in a row group of `row_group_rows` rows. `context` names the file.
// Throws InvalidInput for corrupt data (bad page header, CRC mismatch, decompression failure,
// a chunk past the end of the file), NotImplemented for unsupported features.
ColumnChunkData ReadColumnChunk(const RandomAccessFile& file, const ColumnChunk& chunk,
                                const LeafColumn& leaf, int64_t row_group_rows,
                                const std::string& context);

}  // namespace berserkr::parquet
