#pragma once

// Encoding one leaf's column chunk of one row group: levels, dictionary or PLAIN values, pages
// (v1 or v2), compression and statistics. Chunks are independent, so the writer encodes the
// leaves of a row group in parallel.

#include <cstdint>
#include <string>
#include <vector>

#include "formats/parquet/column_statistics_internal.h"
#include "formats/parquet/level_shredding_internal.h"
#include "formats/parquet/parquet_metadata_internal.h"
#include "formats/parquet/parquet_write_schema_internal.h"

namespace berserkr::parquet {

struct ChunkWriteOptions {
  CompressionCodec codec = CompressionCodec::kSnappy;
  int compression_level = 0;
  int64_t page_bytes = 1 << 20;
  bool dictionary = true;
  int data_page_version = 1;
};

struct EncodedChunk {
  std::string bytes;  // the pages as stored: the dictionary page first, then the data pages
  // Offsets (data_page_offset, dictionary_page_offset) are relative to the start of `bytes`:
  // the writer adds the chunk's file offset.
  ColumnMetaData metadata;
  ChunkStatistics statistics;
};

// The dictionary is abandoned for PLAIN when its PLAIN encoding would pass this many bytes.
inline constexpr int64_t kMaxDictionaryBytes = 4 << 20;

// Encodes the pieces (in order) of one leaf as one column chunk.
EncodedChunk EncodeColumnChunk(const WriteLeaf& leaf, const std::vector<LeafPiece>& pieces,
                               const ChunkWriteOptions& options);

}  // namespace berserkr::parquet
