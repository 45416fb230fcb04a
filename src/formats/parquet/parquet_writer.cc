// ParquetWriter: buffers batches (by reference) until a row group is full, shreds each top-level
// column into its leaves, encodes the leaves' column chunks in parallel, appends them to the
// output in schema order, and writes the footer on Close.

#include "berserkr/formats/parquet_writer.h"

#include <algorithm>
#include <cctype>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/io/output_stream.h"
#include "formats/parquet/column_chunk_writer_internal.h"
#include "formats/parquet/column_statistics_internal.h"
#include "formats/parquet/level_shredding_internal.h"
#include "formats/parquet/parquet_metadata_internal.h"
#include "formats/parquet/parquet_write_schema_internal.h"

namespace berserkr {

using parquet::ChunkStatistics;
using parquet::CompressionCodec;
using parquet::EncodedChunk;
using parquet::LeafPiece;

namespace {

constexpr char kMagic[] = "PAR1";
// Footer statistics leave out longer values (Arrow's old max_statistics_size): a huge string
// would otherwise be copied into the footer once per row group. The summary keeps them.
constexpr int64_t kMaxStatisticBytes = 4096;

CompressionCodec ToThriftCodec(ParquetCodec codec) {
  switch (codec) {
    case ParquetCodec::kUncompressed:
      return CompressionCodec::kUncompressed;
    case ParquetCodec::kSnappy:
      return CompressionCodec::kSnappy;
    case ParquetCodec::kGzip:
      return CompressionCodec::kGzip;
    case ParquetCodec::kZstd:
      return CompressionCodec::kZstd;
    case ParquetCodec::kLz4Raw:
      return CompressionCodec::kLz4Raw;
    case ParquetCodec::kBrotli:
      return CompressionCodec::kBrotli;
  }
  throw InvalidInput("unknown Parquet codec " + std::to_string(static_cast<int>(codec)));
}

}  // namespace

std::string ParquetCodecName(ParquetCodec codec) {
  switch (codec) {
    case ParquetCodec::kUncompressed:
      return "uncompressed";
    case ParquetCodec::kSnappy:
      return "snappy";
    case ParquetCodec::kGzip:
      return "gzip";
    case ParquetCodec::kZstd:
      return "zstd";
    case ParquetCodec::kLz4Raw:
      return "lz4_raw";
    case ParquetCodec::kBrotli:
      return "brotli";
  }
  return "codec " + std::to_string(static_cast<int>(codec));
}

ParquetCodec ParseParquetCodec(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "uncompressed" || lower == "none") return ParquetCodec::kUncompressed;
  if (lower == "snappy") return ParquetCodec::kSnappy;
  if (lower == "gzip") return ParquetCodec::kGzip;
  if (lower == "zstd") return ParquetCodec::kZstd;
  if (lower == "lz4_raw" || lower == "lz4") return ParquetCodec::kLz4Raw;
  if (lower == "brotli") return ParquetCodec::kBrotli;
  throw InvalidInput("unknown Parquet codec '" + name +
                     "' (use uncompressed, snappy, gzip, zstd, lz4_raw or brotli)");
}

struct ParquetWriter::State {
  State(const std::string& location, SchemaPtr schema_in, ParquetWriteOptions options_in)
      : schema(std::move(schema_in)),
        options(std::move(options_in)),
        write_schema(parquet::BuildWriteSchema(*schema, options.map_columns)),
        file(location) {
    chunk_options.codec = ToThriftCodec(options.codec);
    chunk_options.compression_level = options.compression_level;
    chunk_options.page_bytes = std::max<int64_t>(options.page_bytes, 1);
    chunk_options.dictionary = options.dictionary;
    chunk_options.data_page_version = options.data_page_version;
    totals.resize(write_schema.leaves.size());
  }

  // Encodes `batches` (together `rows` rows) as one row group and appends it to the file.
  void WriteRowGroup(const std::vector<Batch>& batches, int64_t rows);
  void WriteBytes(const std::string& bytes) {
    file.Write(bytes);
    offset += static_cast<int64_t>(bytes.size());
  }

  SchemaPtr schema;
  ParquetWriteOptions options;
  parquet::WriteSchema write_schema;
  parquet::ChunkWriteOptions chunk_options;
  OutputFile file;
  int64_t offset = 0;
  std::vector<Batch> pending;  // rows not yet written, fewer than a row group
  int64_t pending_rows = 0;
  int64_t total_rows = 0;
  std::vector<parquet::RowGroup> row_groups;
  std::vector<ChunkStatistics> totals;  // per leaf, over the file
  bool closed = false;
};

void ParquetWriter::State::WriteRowGroup(const std::vector<Batch>& batches, int64_t rows) {
  const size_t num_leaves = write_schema.leaves.size();
  std::vector<std::vector<LeafPiece>> pieces(num_leaves);
  // Shredding is per top-level column, so columns shred in parallel, as leaves encode.
  std::vector<std::vector<std::vector<LeafPiece>>> column_pieces(write_schema.columns.size());
  DefaultThreadPool().ParallelFor(
      static_cast<int64_t>(write_schema.columns.size()), [&](int64_t column_index) {
        const parquet::WriteNode& node = write_schema.columns[static_cast<size_t>(column_index)];
        auto& local = column_pieces[static_cast<size_t>(column_index)];
        local.resize(num_leaves);
        for (const Batch& batch : batches) {
          parquet::ShredColumn(node, batch.column(static_cast<int>(column_index)), local);
        }
      });
  for (auto& local : column_pieces) {
    for (size_t leaf = 0; leaf < num_leaves; ++leaf) {
      for (LeafPiece& piece : local[leaf]) pieces[leaf].push_back(std::move(piece));
    }
  }
  column_pieces.clear();

  std::vector<EncodedChunk> chunks(num_leaves);
  DefaultThreadPool().ParallelFor(static_cast<int64_t>(num_leaves), [&](int64_t leaf) {
    const auto index = static_cast<size_t>(leaf);
    chunks[index] =
        parquet::EncodeColumnChunk(write_schema.leaves[index], pieces[index], chunk_options);
    pieces[index].clear();  // let the batches' buffers go as soon as possible
  });

  parquet::RowGroup group;
  group.num_rows = rows;
  group.file_offset = offset;
  int64_t compressed_total = 0;
  for (size_t leaf = 0; leaf < num_leaves; ++leaf) {
    EncodedChunk& chunk = chunks[leaf];
    parquet::ColumnChunk column;
    parquet::ColumnMetaData metadata = std::move(chunk.metadata);
    metadata.data_page_offset += offset;
    if (metadata.dictionary_page_offset) *metadata.dictionary_page_offset += offset;
    metadata.statistics = parquet::ToThriftStatistics(write_schema.leaves[leaf], chunk.statistics,
                                                      kMaxStatisticBytes);
    column.file_offset = metadata.dictionary_page_offset.value_or(metadata.data_page_offset);
    group.total_byte_size += metadata.total_uncompressed_size;
    compressed_total += metadata.total_compressed_size;
    column.meta_data = std::move(metadata);
    group.columns.push_back(std::move(column));
    parquet::MergeStatistics(write_schema.leaves[leaf], chunk.statistics, totals[leaf]);
    WriteBytes(chunk.bytes);
    chunk.bytes = std::string();
  }
  group.total_compressed_size = compressed_total;
  if (row_groups.size() <= INT16_MAX) group.ordinal = static_cast<int16_t>(row_groups.size());
  row_groups.push_back(std::move(group));
  total_rows += rows;
}

ParquetWriter::ParquetWriter(const std::string& location, SchemaPtr schema,
                             ParquetWriteOptions options) {
  if (options.data_page_version != 1 && options.data_page_version != 2) {
    throw InvalidInput(location + ": data page version must be 1 or 2, not " +
                       std::to_string(options.data_page_version));
  }
  if (options.row_group_rows <= 0) {
    throw InvalidInput(location + ": row group rows must be positive, not " +
                       std::to_string(options.row_group_rows));
  }
  state_ = std::make_unique<State>(location, std::move(schema), std::move(options));
  state_->WriteBytes(kMagic);
}

ParquetWriter::~ParquetWriter() = default;

void ParquetWriter::Write(const Batch& batch) {
  State& state = *state_;
  if (state.closed) throw Internal(state.file.path() + ": ParquetWriter::Write after Close");
  if (batch.num_columns() != state.schema->num_fields()) {
    throw InvalidInput(state.file.path() + ": a batch of " + std::to_string(batch.num_columns()) +
                       " columns for a schema of " + std::to_string(state.schema->num_fields()));
  }
  for (int index = 0; index < batch.num_columns(); ++index) {
    if (batch.column(index)->type() != state.schema->field(index).type) {
      throw InvalidInput(state.file.path() + ": column " + state.schema->field(index).name +
                         " has type " + batch.column(index)->type().ToString() + " in a batch, " +
                         state.schema->field(index).type.ToString() + " in the schema");
    }
  }
  int64_t start = 0;
  while (start < batch.num_rows) {
    const int64_t take =
        std::min(batch.num_rows - start, state.options.row_group_rows - state.pending_rows);
    state.pending.push_back(start == 0 && take == batch.num_rows ? batch
                                                                 : batch.Slice(start, take));
    state.pending_rows += take;
    start += take;
    if (state.pending_rows == state.options.row_group_rows) {
      state.WriteRowGroup(state.pending, state.pending_rows);
      state.pending.clear();
      state.pending_rows = 0;
    }
  }
}

ParquetWriteSummary ParquetWriter::Close() {
  State& state = *state_;
  if (state.closed) throw Internal(state.file.path() + ": ParquetWriter::Close twice");
  if (state.pending_rows > 0) {
    state.WriteRowGroup(state.pending, state.pending_rows);
    state.pending.clear();
    state.pending_rows = 0;
  }
  parquet::FileMetaData metadata;
  metadata.version = state.options.data_page_version == 2 ? 2 : 1;
  metadata.schema = state.write_schema.elements;
  metadata.num_rows = state.total_rows;
  metadata.row_groups = std::move(state.row_groups);
  for (const auto& [key, value] : state.options.key_value_metadata) {
    metadata.key_value_metadata.push_back(parquet::KeyValue{key, value});
  }
  metadata.created_by = std::string("berserkr version ") + BERSERKR_VERSION;
  metadata.column_orders.resize(state.write_schema.leaves.size());
  const std::string footer = parquet::EncodeFileMetaData(metadata);
  state.WriteBytes(footer);
  const auto footer_length = static_cast<uint32_t>(footer.size());
  state.WriteBytes(std::string(reinterpret_cast<const char*>(&footer_length), 4));
  state.WriteBytes(kMagic);
  state.file.Close();
  state.closed = true;

  ParquetWriteSummary summary;
  summary.rows = state.total_rows;
  summary.bytes = state.offset;
  for (size_t leaf = 0; leaf < state.write_schema.leaves.size(); ++leaf) {
    const parquet::WriteLeaf& write_leaf = state.write_schema.leaves[leaf];
    const ChunkStatistics& total = state.totals[leaf];
    ParquetColumnStatistics column;
    column.path = write_leaf.DottedPath();
    column.null_count = total.null_count;
    if (total.has_min_max && !total.saw_nan) {
      column.min = parquet::StatisticValueColumn(write_leaf, total.min);
      column.max = parquet::StatisticValueColumn(write_leaf, total.max);
    }
    summary.columns.push_back(std::move(column));
  }
  return summary;
}

ParquetWriteSummary WriteParquet(const Table& table, const std::string& location,
                                 const ParquetWriteOptions& options) {
  ParquetWriter writer(location, table.schema(), options);
  for (const Batch& batch : table.batches()) writer.Write(batch);
  return writer.Close();
}

}  // namespace berserkr
