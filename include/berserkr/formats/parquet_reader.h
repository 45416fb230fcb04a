#pragma once

// Reading Apache Parquet files: flat and nested schemas, every standard encoding and codec (LZO
// through liblzo2), data pages v1 and v2, column projection, row-group pruning from statistics,
// and row groups and columns decoded in parallel.
//
// Type mapping (Parquet -> berserkr):
//   BOOLEAN -> bool; INT32 -> int32 (INT(8) -> int8, INT(16) -> int16, DATE -> date, TIME(MILLIS)
//   -> int32 milliseconds of the day); INT64 -> int64 (TIME(MICROS/NANOS) -> int64 units of the
//   day); unsigned INT(8/16/32) -> the next wider signed type; unsigned INT(64) -> decimal(20,0);
//   DECIMAL on INT32 / INT64 / FIXED_LEN_BYTE_ARRAY / BYTE_ARRAY -> decimal (precision > 38:
//   "not supported"); TIMESTAMP(MILLIS/MICROS/NANOS) -> timestamp in microseconds, with time zone
//   "UTC" when isAdjustedToUTC (and for the legacy TIMESTAMP_MILLIS / _MICROS annotations);
//   nanoseconds are floored to microseconds (sub-microsecond digits are lost); INT96 (Impala /
//   Spark) -> timestamp; FLOAT16 -> float32; BYTE_ARRAY with STRING / UTF8 / ENUM / JSON ->
//   string, otherwise binary; other FIXED_LEN_BYTE_ARRAY (UUID, INTERVAL) -> binary; the UNKNOWN
//   logical type -> a column of NULLs. Lists (3-level and legacy 2-level, repeated fields without
//   annotation) -> list; groups -> struct; maps -> list<struct<key, value>>.
// Not supported (refused with "not supported: ..."): encrypted files, column chunks in other
// files, decimals wider than 38 digits.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/formats/read_options.h"
#include "berserkr/formats/scan_source.h"
#include "berserkr/types/table.h"

namespace berserkr {

// A simple predicate a scan may use to skip row groups whose statistics prove that no row
// matches. Skipping is only an optimization: rows of row groups that are read are not filtered.
struct ParquetPredicate {
  enum class Op {
    kEqual,
    kNotEqual,
    kLess,
    kLessEqual,
    kGreater,
    kGreaterEqual,
    kIsNull,
    kIsNotNull
  };
  std::string column;  // a top-level column name
  Op op = Op::kEqual;
  // The literal to compare with: a one-row, non-NULL column (unused for kIsNull / kIsNotNull).
  // Integers, floating point, decimals, dates, timestamps, strings and binary are understood;
  // a literal of another type never prunes.
  ColumnPtr value;
};

struct ParquetReadOptions {
  // Top-level columns to read, in this order; empty reads every column. Unknown names throw
  // InvalidInput listing the file's columns.
  std::vector<std::string> columns;
  // All of these must hold for a row to match (AND): row groups where statistics show one
  // cannot are skipped.
  std::vector<ParquetPredicate> predicates;
  // When non-empty: add a string column of this name holding each row's source file path.
  std::string filename_column;
  // When set, the reader advances these counters as it goes (for a ProgressPrinter).
  Progress* progress = nullptr;
};

// Reads Parquet files — paths, directories (the files below them) and globs — as one table; the
// files must have the same columns. Batches are row groups in file order. Throws InvalidInput for
// corrupt files (naming the file, and the column, row group and byte offset where known),
// NotImplemented ("<file>: not supported: <feature>") for valid files using features berserkr
// lacks, IoError for missing files.
Table ReadParquet(const std::vector<std::string>& sources, const ParquetReadOptions& options = {},
                  ReadStats* stats = nullptr);

// Parquet files opened for a lazy scan: every footer is read when the scanner is made (so a plan
// can be bound to the schema); Scan decodes row groups in parallel and hands each to a consumer
// as one batch, keeping none.
class ParquetScanner : public ScanSource {
 public:
  ParquetScanner(const std::vector<std::string>& sources, ParquetReadOptions options = {});

  std::string format_name() const override { return "Parquet"; }
  // " row_groups=<selected>/<total>" (pruning by statistics shows here).
  std::string ExplainDetails() const override;
  const SchemaPtr& file_schema() const override;
  const SchemaPtr& schema() const override;
  const std::vector<std::string>& files() const override;
  const ParquetReadOptions& options() const;

  // A scanner reading only these columns (indices into file_schema()), in this order: the column
  // chunks of other columns are never read.
  ParquetScanner Select(const std::vector<int>& columns) const;
  std::shared_ptr<const ScanSource> SelectColumns(const std::vector<int>& columns) const override {
    return std::make_shared<ParquetScanner>(Select(columns));
  }
  // A scanner that also skips row groups whose statistics rule out `predicates` (ANDed with the
  // ones it has).
  ParquetScanner WithPredicates(std::vector<ParquetPredicate> predicates) const;

  // Row groups in all files, and how many of them the predicates let through.
  int64_t total_row_groups() const;
  int64_t selected_row_groups() const;

  // Reads every selected row group, calling `consume` from pool threads (concurrently); the
  // batch's position is (file, row group).
  ReadStats Scan(const ScanBatchConsumer& consume) const override;

 private:
  struct State;
  explicit ParquetScanner(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

}  // namespace berserkr
