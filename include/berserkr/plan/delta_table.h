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

}  // namespace berserkr
