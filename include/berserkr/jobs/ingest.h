#pragma once

// `berserkr ingest`: raw files (CSV and JSON lines in any codec, Parquet; local or s3://) become
// rows of a Delta table, in one atomic commit per run. Each source file's identity — location,
// size and SHA-256 — is recorded in the tags of the data files made from it, so a file the table
// already holds is skipped: a daily batch can be re-run, or a landing folder ingested again, and
// nothing is loaded twice. Rows a reader rejects fail the run, are skipped and counted, or are
// quarantined into the Delta table `<TABLE>_rejected` with their file, line, column and reason.
// Nothing half-written becomes visible: a failed run leaves the table at its previous version.

#include <cstdint>
#include <string>
#include <vector>

#include "berserkr/formats/csv_reader.h"
#include "berserkr/formats/json_reader.h"
#include "berserkr/lake/source_identity.h"
#include "berserkr/plan/delta_table.h"

namespace berserkr {

struct IngestOptions {
  // "csv", "json" or "parquet"; empty: detected from the first file (all must share it).
  std::string format;
  // How CSV / JSON sources are read. Their on_error is set from `on_error` below; columns the
  // table has are read as the table's types, so a value that does not fit is a rejected row.
  CsvOptions csv;
  JsonOptions json;
  OnError on_error = OnError::kFail;
  // Mode (append / overwrite), partition columns of a new table, merge_schema, Parquet options.
  // Its tags are not used: each source's identity is.
  DeltaWriteOptions table;
};

struct IngestedSource {
  SourceIdentity identity;
  int64_t rows = 0;  // rows written from it
};

struct IngestResult {
  std::vector<IngestedSource> ingested;
  // Sources whose bytes the table already holds (or that repeat an earlier source of this run).
  std::vector<SourceIdentity> skipped;
  int64_t rows_read = 0;
  int64_t rows_rejected = 0;
  int64_t version = -1;           // the table's version after the run (-1: still no table)
  int64_t rejected_version = -1;  // the quarantine table's new version, -1 when none was written
  std::string rejected_table;     // its location, when rows were quarantined
};

// The quarantine table of `table`: its location with "_rejected" appended.
std::string RejectedTableLocation(const std::string& table);

// The tag keys of a data file's source identity.
inline constexpr char kSourcePathTag[] = "berserkr.source.path";
inline constexpr char kSourceSizeTag[] = "berserkr.source.size";
inline constexpr char kSourceSha256Tag[] = "berserkr.source.sha256";

// Ingests the files of `sources` (paths, directories, globs, s3:// locations) into the Delta table
// at `table`, creating it when missing. Throws InvalidInput for bad input with the file and line
// (on_error kFail), for a schema the table cannot take (naming the column), and for sources of
// mixed formats; IoError for unreadable sources or an unwritable table.
IngestResult Ingest(const std::vector<std::string>& sources, const std::string& table,
                    const IngestOptions& options);

}  // namespace berserkr
