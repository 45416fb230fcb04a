#include <atomic>
#include <cstring>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "formats/parquet/column_chunk_reader_internal.h"
#include "formats/parquet/parquet_file_internal.h"
#include "formats/parquet/record_assembly_internal.h"

namespace berserkr::parquet {
namespace {

constexpr char kMagic[] = "PAR1";
constexpr char kEncryptedMagic[] = "PARE";
constexpr int64_t kMagicBytes = 4;
constexpr int64_t kFooterTrailerBytes = 8;  // footer length + magic

}  // namespace

std::shared_ptr<const ParquetFile> OpenParquetFile(std::unique_ptr<RandomAccessFile> file) {
  auto parquet = std::make_shared<ParquetFile>();
  parquet->file = std::move(file);
  const RandomAccessFile& input = *parquet->file;
  const std::string& name = input.name();
  const int64_t size = input.size();
  if (size < kMagicBytes + kFooterTrailerBytes) {
    throw InvalidInput(name + ": not a Parquet file: only " + std::to_string(size) +
                       " bytes (a Parquet file has at least 12)");
  }
  uint8_t trailer[kFooterTrailerBytes];
  input.ReadAt(size - kFooterTrailerBytes, kFooterTrailerBytes, trailer);
  if (std::memcmp(trailer + 4, kEncryptedMagic, 4) == 0) {
    throw NotImplemented(name + ": not supported: encrypted Parquet file (encrypted footer)");
  }
  uint8_t head[kMagicBytes];
  input.ReadAt(0, kMagicBytes, head);
  if (std::memcmp(trailer + 4, kMagic, 4) != 0 || std::memcmp(head, kMagic, 4) != 0) {
    throw InvalidInput(name + ": not a Parquet file: the magic bytes \"PAR1\" are missing at its " +
                       (std::memcmp(head, kMagic, 4) != 0 ? "start" : "end") +
                       " (truncated or not Parquet)");
  }
  uint32_t footer_length;
  std::memcpy(&footer_length, trailer, 4);
  if (footer_length > static_cast<uint64_t>(size - kMagicBytes - kFooterTrailerBytes)) {
    throw InvalidInput(name + ": corrupt Parquet footer: its length " +
                       std::to_string(footer_length) + " exceeds the file's " +
                       std::to_string(size) + " bytes");
  }
  const std::vector<uint8_t> footer =
      input.ReadAt(size - kFooterTrailerBytes - footer_length, footer_length);
  parquet->metadata = DecodeFileMetaData(footer.data(), static_cast<int64_t>(footer.size()),
                                         name + ": Parquet footer");
  if (parquet->metadata.has_encryption_algorithm) {
    throw NotImplemented(name + ": not supported: encrypted Parquet file (plaintext footer)");
  }
  parquet->schema = BuildParquetSchema(parquet->metadata, name);
  const size_t leaves = parquet->schema.leaves.size();
  int64_t rows = 0;
  for (size_t group = 0; group < parquet->metadata.row_groups.size(); ++group) {
    const RowGroup& row_group = parquet->metadata.row_groups[group];
    if (row_group.columns.size() != leaves) {
      throw InvalidInput(name + ": corrupt Parquet footer: row group " + std::to_string(group) +
                         " has " + std::to_string(row_group.columns.size()) +
                         " column chunks but the schema has " + std::to_string(leaves) +
                         " columns");
    }
    if (row_group.num_rows < 0 || row_group.num_rows > (int64_t{1} << 40)) {
      throw InvalidInput(name + ": corrupt Parquet footer: row group " + std::to_string(group) +
                         " claims " + std::to_string(row_group.num_rows) + " rows");
    }
    rows += row_group.num_rows;
  }
  return parquet;
}

std::vector<ColumnPtr> ReadRowGroup(const ParquetFile& file, int row_group,
                                    const std::vector<int>& columns, bool parallel,
                                    int64_t* compressed_bytes, int64_t* uncompressed_bytes) {
  const RowGroup& group = file.metadata.row_groups[row_group];
  const ParquetSchema& schema = file.schema;
  const std::string group_context = file.name() + ": row group " + std::to_string(row_group);
  // The leaves the columns need, decoded independently (in parallel when asked).
  std::vector<int> leaves;
  for (int column : columns) {
    for (int leaf : schema.column_leaves[column]) leaves.push_back(leaf);
  }
  std::vector<ColumnChunkData> chunks(schema.leaves.size());
  std::vector<DecodedLeaf> decoded(schema.leaves.size());
  std::atomic<int64_t> compressed{0}, uncompressed{0};
  const auto decode = [&](int64_t index) {
    const int leaf_index = leaves[index];
    const LeafColumn& leaf = schema.leaves[leaf_index];
    const std::string context = group_context + ", column '" + leaf.DottedPath() + "'";
    chunks[leaf_index] =
        ReadColumnChunk(*file.file, group.columns[leaf_index], leaf, group.num_rows, context);
    decoded[leaf_index].chunk = &chunks[leaf_index];
    decoded[leaf_index].values = ConvertLeafValues(leaf, chunks[leaf_index].values, context);
    compressed += chunks[leaf_index].compressed_bytes;
    uncompressed += chunks[leaf_index].uncompressed_bytes;
  };
  if (parallel) {
    DefaultThreadPool().ParallelFor(static_cast<int64_t>(leaves.size()), decode);
  } else {
    for (size_t index = 0; index < leaves.size(); ++index) decode(static_cast<int64_t>(index));
  }
  std::vector<ColumnPtr> result;
  for (int column : columns) {
    const std::string context =
        group_context + ", column '" + schema.schema->field(column).name + "'";
    result.push_back(AssembleColumn(schema.columns[column], decoded, group.num_rows, context));
  }
  if (compressed_bytes) *compressed_bytes += compressed;
  if (uncompressed_bytes) *uncompressed_bytes += uncompressed;
  return result;
}

}  // namespace berserkr::parquet
