#pragma once

// One opened Parquet file: its footer, its schema, and decoding of its row groups.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "berserkr/formats/parquet_reader.h"
#include "berserkr/io/random_access_file.h"
#include "formats/parquet/parquet_metadata_internal.h"
#include "formats/parquet/parquet_schema_internal.h"

namespace berserkr::parquet {

struct ParquetFile {
  std::shared_ptr<const RandomAccessFile> file;
  FileMetaData metadata;
  ParquetSchema schema;
  const std::string& name() const { return file->name(); }
};

// Reads and checks the footer (magic bytes, lengths) and builds the schema. Throws InvalidInput
// for a file that is not Parquet or whose footer is corrupt, NotImplemented for encrypted files.
std::shared_ptr<const ParquetFile> OpenParquetFile(std::unique_ptr<RandomAccessFile> file);

// Decodes the top-level `columns` (indices into schema.columns) of row group `row_group`. With
// `parallel`, the column chunks are decoded on the default thread pool. Adds the bytes read to
// `*compressed_bytes` and the decompressed bytes to `*uncompressed_bytes` when given.
std::vector<ColumnPtr> ReadRowGroup(const ParquetFile& file, int row_group,
                                    const std::vector<int>& columns, bool parallel,
                                    int64_t* compressed_bytes = nullptr,
                                    int64_t* uncompressed_bytes = nullptr);

// False when the statistics of row group `row_group` prove that no row satisfies all
// `predicates` (which name top-level columns of the file). Columns without usable statistics,
// nested columns and literals of other types never prune.
bool RowGroupMayMatch(const ParquetFile& file, int row_group,
                      const std::vector<ParquetPredicate>& predicates);

}  // namespace berserkr::parquet
