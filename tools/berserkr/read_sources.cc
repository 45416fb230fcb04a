#include "berserkr/read_sources.h"

#include <charconv>
#include <cstdio>

#include "berserkr/common/error.h"
#include "berserkr/common/memory_pool.h"
#include "berserkr/common/progress.h"
#include "berserkr/common/temp_directory.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/formats/csv_reader.h"
#include "berserkr/formats/detect_format.h"
#include "berserkr/formats/json_reader.h"
#include "berserkr/formats/parquet_reader.h"
#include "berserkr/io/compression.h"
#include "berserkr/io/file_listing.h"
#include "berserkr/io/s3_options.h"
#include "berserkr/plan/delta_table.h"

namespace berserkr::cli {
namespace {

char ParseDelimiter(const std::string& text) {
  if (text == "\\t" || text == "tab") return '\t';
  if (text.size() != 1)
    throw UsageError("--delimiter takes one character (or \\t), not '" + text + "'");
  return text[0];
}

// A Delta table at its latest version or the one --as-of names.
LoadedInput ReadDeltaSource(const std::string& table, const Arguments& arguments) {
  DeltaScanOptions options;
  if (const std::optional<std::string> version = arguments.Get("as-of")) {
    int64_t parsed = 0;
    const auto result = std::from_chars(version->data(), version->data() + version->size(), parsed);
    if (result.ec != std::errc() || result.ptr != version->data() + version->size() || parsed < 0) {
      throw UsageError("--as-of takes a table version (0, 1, ...), not '" + *version + "'");
    }
    options.version = parsed;
  }
  LoadedInput input;
  input.format = "delta";
  input.table = ScanDelta(table, options, &input.stats).Collect();
  return input;
}

}  // namespace

void AddReadArguments(Arguments& arguments) {
  arguments.AddOption("input-format", "csv|json|parquet|delta",
                      "input format (default: from the extension or content; a directory with "
                      "a _delta_log/ is a Delta table)");
  arguments.AddOption("as-of", "VERSION", "read this version of a Delta table (time travel)");
  arguments.AddOption("delimiter", "CHAR",
                      "CSV field delimiter (default: detected among , ; \\t |)");
  arguments.AddFlag("header", "the first CSV line is a header (default: detected)");
  arguments.AddFlag("no-header", "the first CSV line is data");
  arguments.AddOption("type", "COL=TYPE",
                      "column type instead of inferring it (repeatable), e.g. CustomerID=bigint");
  arguments.AddOption("null", "TEXT", "CSV text meaning NULL (repeatable; default: empty field)");
  arguments.AddOption("on-error", "fail|skip|quarantine",
                      "what to do with a bad record (default: fail)");
  arguments.AddOption("quarantine", "PATH",
                      "CSV file for rejected records (with --on-error=quarantine)");
  arguments.AddOption("filename-column", "NAME", "add a column holding each row's source file");
  arguments.AddOption("sample-rows", "N", "rows used to infer types (default: 20000)");
  arguments.AddOption("threads", "N", "worker threads (default: one per core)");
  arguments.AddOption("memory-limit", "SIZE", "memory limit, e.g. 4GiB or 70% (default: 80%)");
  arguments.AddOption("temp-dir", "DIR",
                      "where operators spill near the memory limit (default: $TMPDIR or /tmp)");
  arguments.AddOption("s3-endpoint", "URL",
                      "S3-compatible server for s3:// paths, e.g. http://127.0.0.1:9000 "
                      "(default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else AWS)");
  arguments.AddOption("s3-region", "REGION", "S3 region (default: AWS_REGION or us-east-1)");
  arguments.AddOption("s3-url-style", "path|virtual",
                      "bucket in the path or the host name (default: path with an endpoint)");
}

// --s3-* flags change the options the environment gives (credentials always come from the
// environment or ~/.aws/credentials: a secret on the command line would show in `ps`).
static void ApplyS3Arguments(const Arguments& arguments) {
  const auto endpoint = arguments.Get("s3-endpoint");
  const auto region = arguments.Get("s3-region");
  const auto style = arguments.Get("s3-url-style");
  if (!endpoint && !region && !style) return;
  S3Options options = S3Options::FromEnvironment();
  if (endpoint) {
    if (endpoint->find("://") == std::string::npos) {
      throw UsageError("--s3-endpoint takes a URL with its scheme, e.g. http://127.0.0.1:9000");
    }
    options.endpoint = *endpoint;
    options.path_style = true;
  }
  if (region) options.region = *region;
  if (style) {
    if (*style != "path" && *style != "virtual") {
      throw UsageError("--s3-url-style takes path or virtual, not '" + *style + "'");
    }
    options.path_style = *style == "path";
  }
  SetDefaultS3Options(std::move(options));
}

void ApplyResourceArguments(const Arguments& arguments) {
  if (auto threads = arguments.Get("threads")) {
    int count = 0;
    try {
      count = std::stoi(*threads);
    } catch (const std::exception&) {
    }
    if (count <= 0) throw UsageError("--threads takes a positive number, not '" + *threads + "'");
    SetDefaultThreadCount(count);
  }
  DefaultMemoryPool().set_limit(ParseMemorySize(arguments.Get("memory-limit").value_or("80%")));
  if (auto directory = arguments.Get("temp-dir")) SetTempDirectoryParent(*directory);
  ApplyS3Arguments(arguments);
}

ReadOptions CommonReadOptions(const Arguments& arguments, bool quarantine_path_required) {
  ReadOptions common;
  if (auto on_error = arguments.Get("on-error")) common.on_error = ParseOnError(*on_error);
  common.quarantine_path = arguments.Get("quarantine").value_or("");
  if (common.on_error == OnError::kQuarantine && common.quarantine_path.empty() &&
      quarantine_path_required) {
    throw UsageError("--on-error=quarantine needs --quarantine PATH");
  }
  for (const std::string& assignment : arguments.GetAll("type")) {
    const size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw UsageError("--type takes COLUMN=TYPE, e.g. --type CustomerID=bigint; got '" +
                       assignment + "'");
    }
    common.column_types[assignment.substr(0, equals)] =
        ParseDataType(assignment.substr(equals + 1));
  }
  common.filename_column = arguments.Get("filename-column").value_or("");
  if (auto sample = arguments.Get("sample-rows")) common.sample_rows = std::stoll(*sample);
  return common;
}

CsvOptions CsvReadOptions(const Arguments& arguments, bool quarantine_path_required) {
  CsvOptions options;
  static_cast<ReadOptions&>(options) = CommonReadOptions(arguments, quarantine_path_required);
  if (auto delimiter = arguments.Get("delimiter")) options.delimiter = ParseDelimiter(*delimiter);
  if (arguments.Has("header")) options.header = true;
  if (arguments.Has("no-header")) options.header = false;
  if (arguments.Has("null")) options.null_values = arguments.GetAll("null");
  return options;
}

void PrintRejections(const ReadStats& stats, const std::string& quarantine_path) {
  if (stats.rows_rejected == 0) return;
  std::fprintf(stderr, "berserkr: rejected %lld of %lld rows",
               static_cast<long long>(stats.rows_rejected),
               static_cast<long long>(stats.rows_read));
  if (!quarantine_path.empty()) std::fprintf(stderr, " (written to %s)", quarantine_path.c_str());
  std::fprintf(stderr, "; the first:\n");
  for (size_t index = 0; index < stats.first_rejections.size() && index < 3; ++index) {
    const RejectedRecord& record = stats.first_rejections[index];
    std::fprintf(stderr, "  %s:%lld: %s%s\n", record.file.c_str(),
                 static_cast<long long>(record.line),
                 record.column.empty() ? "" : ("column '" + record.column + "': ").c_str(),
                 record.reason.c_str());
  }
}

LoadedInput ReadSources(const std::vector<std::string>& sources, const Arguments& arguments) {
  if (sources.empty()) throw UsageError("name at least one file, directory or glob to read");
  if (sources.size() == 1 && (arguments.Get("input-format") == "delta" ||
                              (!arguments.Has("input-format") && IsDeltaTable(sources[0])))) {
    return ReadDeltaSource(sources[0], arguments);
  }
  if (arguments.Has("as-of")) throw UsageError("--as-of reads a Delta table; name one table");
  Progress progress;
  const std::vector<std::string> files = ExpandSources(sources);
  LoadedInput input;
  input.format = arguments.Get("input-format").value_or(DetectFileFormat(files.front()));
  ProgressPrinter printer(progress, "reading");
  std::string quarantine_path;
  if (input.format == "csv") {
    CsvOptions options = CsvReadOptions(arguments);
    options.progress = &progress;
    quarantine_path = options.quarantine_path;
    input.table = ReadCsv(files, options, &input.stats);
  } else if (input.format == "json") {
    JsonOptions options;
    static_cast<ReadOptions&>(options) = CommonReadOptions(arguments);
    options.progress = &progress;
    quarantine_path = options.quarantine_path;
    input.table = ReadJson(files, options, &input.stats);
  } else if (input.format == "parquet") {
    ParquetReadOptions options;
    options.filename_column = CommonReadOptions(arguments).filename_column;
    options.progress = &progress;
    input.table = ReadParquet(files, options, &input.stats);
  } else {
    throw UsageError("--input-format takes csv, json or parquet, not '" + input.format + "'");
  }
  PrintRejections(input.stats, quarantine_path);
  return input;
}

Table LoadRetailInput(const std::vector<std::string>& sources, const RetailColumnMap& columns,
                      const Arguments& arguments) {
  const std::vector<std::string> files = ExpandSources(sources);
  if (files.empty()) throw UsageError("no files match the sources given with --input");
  if (arguments.Get("input-format").value_or(DetectFileFormat(files.front())) != "csv") {
    return RetailLinesFromTable(ReadSources(sources, arguments).table, columns);
  }
  const CsvOptions options = CsvReadOptions(arguments);
  ReadStats stats;
  Table lines = LoadRetailLines(sources, columns, options, &stats);
  PrintRejections(stats, options.quarantine_path);
  return lines;
}

void AddParquetWriteArguments(Arguments& arguments) {
  arguments.AddOption("codec", "NAME",
                      "Parquet compression: snappy (default), zstd, gzip, lz4_raw, brotli, "
                      "uncompressed");
  arguments.AddOption("row-group-rows", "N", "Parquet rows per row group (default 1048576)");
}

ParquetWriteOptions ParquetWriteArguments(const Arguments& arguments) {
  ParquetWriteOptions options;
  if (const auto codec = arguments.Get("codec")) {
    try {
      options.codec = ParseParquetCodec(*codec);
    } catch (const InvalidInput& error) {
      throw UsageError(std::string("--codec: ") + error.what());
    }
  }
  if (const auto rows = arguments.Get("row-group-rows")) {
    int64_t value = 0;
    const auto result = std::from_chars(rows->data(), rows->data() + rows->size(), value);
    if (result.ec != std::errc() || result.ptr != rows->data() + rows->size() || value <= 0) {
      throw UsageError("--row-group-rows takes a positive whole number, not '" + *rows + "'");
    }
    options.row_group_rows = value;
  }
  return options;
}

}  // namespace berserkr::cli
