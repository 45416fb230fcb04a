#pragma once

// Delta Lake tables as DataFrames: scanning a version of a table (with partition and statistics
// file skipping) and writing one (create, append, overwrite, replace-where, schema merge). The log
// itself — snapshots, commits, checkpoints, history, vacuum — is berserkr/lake/delta_log.h. See
// docs/delta.md.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/formats/parquet_reader.h"
#include "berserkr/formats/parquet_writer.h"
#include "berserkr/lake/delta_files.h"
#include "berserkr/lake/delta_log.h"
#include "berserkr/plan/data_frame.h"

namespace berserkr {

struct DeltaScanOptions {
  // The version to read (time travel); the latest when nullopt.
  std::optional<int64_t> version;
  // Files (and row groups) these rule out are not read; the rows of files read are not filtered.
  // A DataFrame Filter over the scan adds its simple conjuncts here by itself.
  std::vector<ParquetPredicate> predicates;
};

// A lazy scan of the Delta table at `location` (local or s3://): the log is replayed now, the
// data files are read when the plan runs. Throws as ReadDeltaSnapshot does.
DataFrame ScanDelta(const std::string& location, const DeltaScanOptions& options = {},
                    ReadStats* stats = nullptr);

enum class DeltaWriteMode {
  kAppend,     // add the rows (creating the table when there is none)
  kOverwrite,  // replace every row (or, with replace_where, the rows of those partitions)
};

struct DeltaWriteOptions {
  DeltaWriteMode mode = DeltaWriteMode::kAppend;
  // Partition columns of a new table (Hive directories col=value/). For an existing table: empty,
  // or the table's own (anything else throws InvalidInput).
  std::vector<std::string> partition_by;
  // With kOverwrite: replace only the files of the partitions with these values (partition column
  // -> value as the log writes it, nullopt for NULL). Every written row must belong to them.
  DeltaPartitionValues replace_where;
  // A column the table lacks is added to its schema (nullable); without this it is refused,
  // naming the column. Columns of the table the data lacks are always allowed (read as NULL).
  bool merge_schema = false;
  // Set on every add action of this write (read back from DeltaSnapshot::files[].tags).
  std::map<std::string, std::string> tags;
  // An idempotency marker committed with the write (`txn`): appId and a version the caller
  // increases; DeltaSnapshot::transactions shows the last one committed.
  std::optional<DeltaTransaction> transaction;
  // How data files are written (codec, row group size ...).
  ParquetWriteOptions parquet;
  // A data file is closed and a new one begun after this many rows (per partition).
  int64_t max_rows_per_file = 10'000'000;
};

struct DeltaWriteResult {
  int64_t version = -1;  // the version this write committed
  int64_t rows = 0;
  int64_t files_added = 0;
  int64_t files_removed = 0;
  bool checkpoint_written = false;
};

// Runs `frame` and commits its rows to the Delta table at `location` (local or s3://) as one
// atomic commit: data files are written first, then the commit; a failure anywhere (a write error,
// a throwing plan, a DeltaConflict) deletes the files written and leaves the table at its previous
// version. Concurrent appends all commit (retrying at the next version); an overwrite or
// replace-where that a concurrent commit touched throws DeltaConflict. Every
// kDeltaCheckpointInterval-th version also writes a checkpoint (a failed checkpoint does not
// undo the commit). Throws InvalidInput for schema mismatches (naming the column) and for rows
// outside replace_where, NotImplemented for tables whose features berserkr cannot write.
DeltaWriteResult WriteDelta(const DataFrame& frame, const std::string& location,
                            const DeltaWriteOptions& options = {});

// One part of a write made of several: its rows and the tags of the data files they become
// (`berserkr ingest` writes each source file as a part tagged with its identity).
struct DeltaWritePart {
  DataFrame frame;
  std::map<std::string, std::string> tags;
};

// The same for several parts, all in one commit; options.tags is not used. Every part must have
// the same schema (InvalidInput otherwise).
DeltaWriteResult WriteDelta(const std::vector<DeltaWritePart>& parts, const std::string& location,
                            const DeltaWriteOptions& options = {});

}  // namespace berserkr
