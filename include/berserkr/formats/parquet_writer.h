#pragma once

// Writing Apache Parquet files (parquet-format 2.x, read back by berserkr, DuckDB, Polars, Spark,
// Arrow).
//
// Type mapping (berserkr -> Parquet), as Spark and Arrow write them:
//   bool -> BOOLEAN; int8 / int16 -> INT32 with INT(8/16, signed); int32 -> INT32; int64 -> INT64;
//   float32 -> FLOAT; float64 -> DOUBLE; decimal(p, s) -> DECIMAL(p, s) on INT32 (p <= 9), INT64
//   (p <= 18) or FIXED_LEN_BYTE_ARRAY of the fewest bytes that hold p digits; string -> BYTE_ARRAY
//   STRING; binary -> BYTE_ARRAY; date -> INT32 DATE; timestamp -> INT64 TIMESTAMP(MICROS,
//   isAdjustedToUTC = the type has a time zone); list -> the 3-level LIST group; struct -> a group;
//   a column of the null type -> INT32 with the UNKNOWN ("null") logical type. Every field is
//   OPTIONAL (NULL allowed at every level), except the key of a MAP, which the spec requires.
// Encodings: dictionary (RLE_DICTIONARY, PLAIN dictionary page) for every type but bool, falling
// back to PLAIN for the whole column chunk when the dictionary would pass 4 MiB, would not make
// the chunk smaller, or the chunk's first 64 Ki values are nearly all distinct; levels RLE; data
// pages v1 (default) or v2.
// Statistics: min / max / null count per column chunk. Both the deprecated min / max and
// min_value / max_value are written for types with signed order; strings and binary (unsigned
// byte order) get only min_value / max_value. Float columns holding a NaN get no min / max
// (as parquet-mr); -0.0 / +0.0 follow the spec (min -0.0, max +0.0).

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "berserkr/types/table.h"

namespace berserkr {

enum class ParquetCodec { kUncompressed, kSnappy, kGzip, kZstd, kLz4Raw, kBrotli };

// "uncompressed", "snappy", "gzip", "zstd", "lz4_raw", "brotli".
std::string ParquetCodecName(ParquetCodec codec);
// Parses those names (case-insensitive; "none" and "lz4" accepted too). Throws InvalidInput
// listing the accepted names.
ParquetCodec ParseParquetCodec(const std::string& name);

struct ParquetWriteOptions {
  ParquetCodec codec = ParquetCodec::kSnappy;
  // 0: the codec's default (zstd 3, gzip 6, brotli 5; snappy and lz4_raw have no levels).
  int compression_level = 0;
  // Rows per row group. 1 Mi rows (Arrow's choice) keeps dictionaries effective and row groups a
  // few to a few hundred MB for typical tables; lower it for wide rows or finer pruning.
  int64_t row_group_rows = 1 << 20;
  // Target uncompressed size of a data page; pages end at row boundaries, so a single huge
  // value (or a list of many elements) can make a page larger.
  int64_t page_bytes = 1 << 20;
  // Dictionary + RLE encoding, falling back to PLAIN when the dictionary grows too big.
  bool dictionary = true;
  int data_page_version = 1;  // 1 (default) or 2
  std::vector<std::pair<std::string, std::string>> key_value_metadata;
  // list<struct<key, value>> columns to write as Parquet MAP: top-level names, or dotted paths of
  // fields inside struct columns ("add.partitionValues": Delta checkpoints need those as maps);
  // the reader reads maps back as list<struct<key, value>>.
  // A NULL key throws InvalidInput (the spec requires keys).
  std::vector<std::string> map_columns;
};

// The statistics of one primitive column over the whole file.
struct ParquetColumnStatistics {
  std::string path;  // the top-level column name, or the dotted leaf path for nested columns
                     // ("tags.list.element", "m.key_value.key")
  int64_t null_count = 0;
  // One-row columns of the leaf's type; null when unknown (float NaN) or every value is NULL.
  ColumnPtr min, max;
};

struct ParquetWriteSummary {
  int64_t rows = 0;
  int64_t bytes = 0;                             // the file's size
  std::vector<ParquetColumnStatistics> columns;  // one per leaf, in schema order
};

// Streams batches into one Parquet file. Rows are buffered (by reference, not copied) until a row
// group is full, then its column chunks are encoded in parallel on the default thread pool.
// The file appears at its location (local path or s3://) only when Close succeeds; destroying the
// writer without Close leaves nothing behind.
class ParquetWriter {
 public:
  // Throws IoError naming the location when it cannot be written, InvalidInput for bad options
  // (page version, map columns that are not list<struct<key, value>>), NotImplemented for types
  // Parquet cannot hold (a struct without fields).
  ParquetWriter(const std::string& location, SchemaPtr schema, ParquetWriteOptions options = {});
  ~ParquetWriter();
  ParquetWriter(const ParquetWriter&) = delete;
  ParquetWriter& operator=(const ParquetWriter&) = delete;

  // REQUIRES: the batch's column types match the schema (InvalidInput otherwise).
  void Write(const Batch& batch);
  // Writes the last row group and the footer and makes the file visible.
  // Throws IoError naming the location when the file cannot be finished.
  ParquetWriteSummary Close();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Writes a whole table as one file.
ParquetWriteSummary WriteParquet(const Table& table, const std::string& location,
                                 const ParquetWriteOptions& options = {});

}  // namespace berserkr
