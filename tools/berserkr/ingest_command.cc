// `berserkr ingest SRC... --to TABLE`: raw files into a Delta table (include/berserkr/jobs/
// ingest.h), with a summary of what was new, skipped and rejected.

#include <chrono>
#include <cstdio>
#include <sstream>

#include "berserkr/commands.h"
#include "berserkr/common/error.h"
#include "berserkr/jobs/ingest.h"
#include "berserkr/read_sources.h"

namespace berserkr::cli {
namespace {

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

IngestOptions IngestArguments(const Arguments& arguments) {
  IngestOptions options;
  if (arguments.Has("quarantine")) {
    throw UsageError(
        "ingest quarantines rejected rows into the table TABLE_rejected; "
        "--quarantine is for the other commands");
  }
  options.csv = CsvReadOptions(arguments, /*quarantine_path_required=*/false);
  static_cast<ReadOptions&>(options.json) = CommonReadOptions(arguments, false);
  options.on_error = options.csv.on_error;
  options.format = arguments.Get("input-format").value_or("");
  const std::string mode = arguments.Get("mode").value_or("append");
  if (mode == "append") {
    options.table.mode = DeltaWriteMode::kAppend;
  } else if (mode == "overwrite") {
    options.table.mode = DeltaWriteMode::kOverwrite;
  } else {
    throw UsageError("--mode takes append or overwrite, not '" + mode + "'");
  }
  if (auto columns = arguments.Get("partition-by")) {
    options.table.partition_by = SplitCommas(*columns);
  }
  options.table.merge_schema = arguments.Has("merge-schema");
  options.table.parquet = ParquetWriteArguments(arguments);
  return options;
}

void PrintIngestSummary(const IngestResult& result, const std::string& table, double seconds) {
  int64_t rows = 0;
  for (const IngestedSource& source : result.ingested) rows += source.rows;
  std::fprintf(stderr, "berserkr ingest: %zu new files (%lld rows), %zu already in the table",
               result.ingested.size(), static_cast<long long>(rows), result.skipped.size());
  if (result.rows_rejected > 0) {
    std::fprintf(stderr, "; %lld rows rejected", static_cast<long long>(result.rows_rejected));
    if (!result.rejected_table.empty()) {
      std::fprintf(stderr, " (in %s)", result.rejected_table.c_str());
    }
  }
  std::fprintf(stderr, "; %s at version %lld (%.1f s)\n", table.c_str(),
               static_cast<long long>(result.version), seconds);
}

}  // namespace

int RunIngest(int argc, char** argv, int first) {
  Arguments arguments(
      "ingest", "berserkr ingest SRC... --to TABLE [options]",
      "Reads raw files (CSV or JSON lines, plain or gzip / zstd / bzip2 / lz4 / lzop; Parquet;\n"
      "local or s3://) into the Delta table TABLE, creating it when missing, in one atomic\n"
      "commit. Each source file's path, size and SHA-256 are recorded with its rows: a file\n"
      "the table already holds is skipped, so re-running a daily batch is safe. Columns the\n"
      "table has are read as its types; a value that does not fit is a bad record, which\n"
      "--on-error fails the run on (default), skips, or quarantines into the Delta table\n"
      "TABLE_rejected (file, line, column, reason, record, ingested_at). A failed run leaves\n"
      "the table as it was. See docs/ingest.md.");
  arguments.AddOption("to", "TABLE", "the Delta table (a directory or s3:// prefix)");
  arguments.AddOption("mode", "append|overwrite",
                      "add the new files' rows (default), or replace the table's rows with "
                      "all the sources'");
  arguments.AddOption("partition-by", "COL[,COL...]",
                      "partition columns of a new table (Hive directories COL=value/)");
  arguments.AddFlag("merge-schema", "add columns the table lacks instead of refusing them");
  AddParquetWriteArguments(arguments);
  AddReadArguments(arguments);
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  if (arguments.positionals().empty()) {
    throw UsageError("name the files to ingest: berserkr ingest SRC... --to TABLE");
  }
  const std::string table = RequiredOption(arguments, "to", "say which table with --to TABLE");
  const IngestOptions options = IngestArguments(arguments);
  ApplyResourceArguments(arguments);
  const auto start = std::chrono::steady_clock::now();
  const IngestResult result = Ingest(arguments.positionals(), table, options);
  PrintIngestSummary(
      result, table,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  std::printf("%s\n", table.c_str());
  return 0;
}

}  // namespace berserkr::cli
