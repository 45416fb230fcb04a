// `berserkr convert SRC… --to OUT.csv|OUT.jsonl|OUT.parquet`: writes what it read in another
// format.

#include <charconv>
#include <cstdio>

#include "berserkr/commands.h"
#include "berserkr/common/error.h"
#include "berserkr/formats/csv_writer.h"
#include "berserkr/formats/json_writer.h"
#include "berserkr/formats/parquet_writer.h"
#include "berserkr/read_sources.h"

namespace berserkr::cli {
namespace {

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

ParquetWriteOptions ParquetOptions(const Arguments& arguments) {
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

}  // namespace

int RunConvert(int argc, char** argv, int first) {
  Arguments arguments(
      "convert", "berserkr convert SRC... --to OUT.csv|OUT.tsv|OUT.jsonl|OUT.parquet [options]",
      "Reads files as one table (like inspect) and writes it as CSV, JSON lines or Parquet.\n"
      "The output appears only when complete: a failed run leaves no partial file.");
  AddReadArguments(arguments);
  arguments.AddOption("to", "PATH", "the output file; its extension picks the format");
  arguments.AddOption("codec", "NAME",
                      "Parquet compression: snappy (default), zstd, gzip, lz4_raw, brotli, "
                      "uncompressed");
  arguments.AddOption("row-group-rows", "N", "Parquet rows per row group (default 1048576)");
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  const std::optional<std::string> target = arguments.Get("to");
  if (!target) {
    throw UsageError("say where to write with --to OUT.csv, --to OUT.jsonl or --to OUT.parquet");
  }
  const bool json =
      EndsWith(*target, ".jsonl") || EndsWith(*target, ".json") || EndsWith(*target, ".ndjson");
  const bool csv = EndsWith(*target, ".csv") || EndsWith(*target, ".tsv");
  const bool parquet = EndsWith(*target, ".parquet") || EndsWith(*target, ".parq");
  if (!json && !csv && !parquet)
    throw UsageError("--to must end in .csv, .tsv, .jsonl or .parquet (got '" + *target + "')");
  if (!parquet && (arguments.Get("codec") || arguments.Get("row-group-rows"))) {
    throw UsageError("--codec and --row-group-rows apply to Parquet output (--to OUT.parquet)");
  }
  const ParquetWriteOptions parquet_options =
      parquet ? ParquetOptions(arguments) : ParquetWriteOptions{};
  ApplyResourceArguments(arguments);
  const LoadedInput input = ReadSources(arguments.positionals(), arguments);
  if (parquet) {
    WriteParquet(input.table, *target, parquet_options);
  } else if (json) {
    WriteJsonLines(input.table, *target);
  } else {
    CsvWriteOptions options;
    if (EndsWith(*target, ".tsv")) options.delimiter = '\t';
    WriteCsv(input.table, *target, options);
  }
  std::fprintf(stderr, "berserkr: wrote %lld rows to %s\n",
               static_cast<long long>(input.table.num_rows()), target->c_str());
  return 0;
}

}  // namespace berserkr::cli
