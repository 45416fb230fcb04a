#pragma once

// The options every command that reads files shares, and reading with them.

#include <string>
#include <vector>

#include "berserkr/arguments.h"
#include "berserkr/formats/csv_reader.h"
#include "berserkr/formats/parquet_writer.h"
#include "berserkr/formats/read_options.h"
#include "berserkr/jobs/retail_report.h"
#include "berserkr/types/table.h"

namespace berserkr::cli {

// Declares --input-format, --delimiter, --header, --no-header, --type, --null, --on-error,
// --quarantine,
// --filename-column, --sample-rows, --threads, --memory-limit, --temp-dir and the S3 options
// (--s3-endpoint, --s3-region, --s3-url-style).
void AddReadArguments(Arguments& arguments);

// Applies --threads, --memory-limit, --temp-dir and the --s3-* options to the process. Call before
// any work.
void ApplyResourceArguments(const Arguments& arguments);

// The reader options the flags of AddReadArguments give (CSV adds --delimiter, --header, --null).
// --on-error=quarantine needs --quarantine PATH unless `quarantine_path_required` is false
// (ingest quarantines into a table).
ReadOptions CommonReadOptions(const Arguments& arguments, bool quarantine_path_required = true);
CsvOptions CsvReadOptions(const Arguments& arguments, bool quarantine_path_required = true);

// Prints how many rows were rejected, and the first few with their reasons, to stderr.
void PrintRejections(const ReadStats& stats, const std::string& quarantine_path);

struct LoadedInput {
  Table table;
  ReadStats stats;
  std::string format;  // "csv", "json" or "parquet"
};

// Reads the positional sources (files, directories, globs) as one table in the format given by
// --input-format or detected from the first file. Prints a summary of rejected rows to stderr.
LoadedInput ReadSources(const std::vector<std::string>& sources, const Arguments& arguments);

// Declares --codec and --row-group-rows, for commands that write Parquet, and reads them.
void AddParquetWriteArguments(Arguments& arguments);
ParquetWriteOptions ParquetWriteArguments(const Arguments& arguments);

// Transaction lines for the retail, propensity and daily commands in the canonical columns of
// LoadRetailLines: CSV read with the codes as text, other formats read whole and cast.
Table LoadRetailInput(const std::vector<std::string>& sources, const RetailColumnMap& columns,
                      const Arguments& arguments);

}  // namespace berserkr::cli
