#pragma once

// A Delta table's data files: which ones a scan must read (partition values and per-file
// statistics rule the others out), how they are read as one table (partition columns put back,
// columns added by schema evolution read as NULL), and what a writer records about each new file
// (partition directory, partition values, statistics).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/formats/parquet_reader.h"
#include "berserkr/formats/scan_source.h"
#include "berserkr/lake/delta_log.h"

namespace berserkr {

// The live files of `snapshot` that may hold rows for which all `predicates` hold: a file is left
// out when its partition values, or the minValues / maxValues / nullCount of its stats, prove that
// no row matches. Files without stats are kept. Predicates on unknown columns throw InvalidInput.
std::vector<DeltaAddFile> SelectDeltaFiles(const DeltaSnapshot& snapshot,
                                           const std::vector<ParquetPredicate>& predicates);

// The files of a snapshot read as one scan (a DataFrame::ScanDelta). The schema is the table's:
// partition columns come from the log, columns a file lacks read as NULL.
class DeltaScanner : public ScanSource {
 public:
  // Reads the files SelectDeltaFiles keeps; the predicates also prune row groups in each file.
  DeltaScanner(DeltaSnapshot snapshot, std::vector<ParquetPredicate> predicates = {});

  std::string format_name() const override { return "Delta"; }
  // " version=<v> files=<selected>/<live>".
  std::string ExplainDetails() const override;
  const SchemaPtr& file_schema() const override { return state_->snapshot.schema; }
  const SchemaPtr& schema() const override { return schema_; }
  // The locations of the files the scan reads.
  const std::vector<std::string>& files() const override { return state_->locations; }
  std::shared_ptr<const ScanSource> SelectColumns(const std::vector<int>& columns) const override;
  // The same scan also skipping files (and row groups) that `predicates` rule out (ANDed with the
  // ones it has). Columns are named as in the table.
  DeltaScanner WithPredicates(const std::vector<ParquetPredicate>& predicates) const;
  ReadStats Scan(const ScanBatchConsumer& consume) const override;

  const DeltaSnapshot& snapshot() const { return state_->snapshot; }
  const std::vector<DeltaAddFile>& selected_files() const { return state_->selected; }

 private:
  struct State {
    DeltaSnapshot snapshot;
    std::vector<ParquetPredicate> predicates;
    std::vector<DeltaAddFile> selected;
    std::vector<std::string> locations;
  };
  DeltaScanner(std::shared_ptr<const State> state, std::vector<int> columns);

  std::shared_ptr<const State> state_;
  std::vector<int> columns_;  // indices into the table schema
  SchemaPtr schema_;
};

// The log's text for the value at `row` (PROTOCOL.md "Partition Value Serialization"): numbers in
// decimal, dates "YYYY-MM-DD", timestamps "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC), booleans
// "true"/"false". nullopt for NULL and for the empty string (which Delta stores as NULL).
std::optional<std::string> DeltaPartitionValue(const Column& column, int64_t row);

// A column of `rows` copies of a partition value read back as `type`. Throws InvalidInput naming
// `column_name` when the text is not a value of the type.
ColumnPtr DeltaPartitionColumn(const DataType& type, const std::optional<std::string>& value,
                               int64_t rows, const std::string& column_name);

// Whether a file with partition `values` is inside `filter`: equal on every column of the filter.
bool DeltaPartitionsMatch(const DeltaPartitionValues& values, const DeltaPartitionValues& filter);

// The Hive-style directory of a partition: "col=value/col2=value2" with the characters Hive
// escapes written as %XX and NULL as __HIVE_DEFAULT_PARTITION__; "" for an unpartitioned table.
std::string DeltaPartitionDirectory(const std::vector<std::string>& partition_columns,
                                    const DeltaPartitionValues& values);

// Collects a data file's stats while it is written: numRecords, and per top-level column of a
// flat type nullCount, minValues and maxValues (strings: min cut to 32 characters, max left out
// when longer; timestamps to the millisecond, max rounded up; booleans, decimals, binary and
// nested columns: nullCount only where flat).
class DeltaStatsCollector {
 public:
  explicit DeltaStatsCollector(SchemaPtr schema);
  ~DeltaStatsCollector();
  DeltaStatsCollector(DeltaStatsCollector&&) noexcept;
  DeltaStatsCollector& operator=(DeltaStatsCollector&&) noexcept;

  void Add(const Batch& batch);
  int64_t num_records() const;
  // {"numRecords":..,"minValues":{..},"maxValues":{..},"nullCount":{..}}
  std::string ToJson() const;

 private:
  struct ColumnStats;
  SchemaPtr schema_;
  int64_t num_records_ = 0;
  std::vector<ColumnStats> columns_;
};

}  // namespace berserkr
