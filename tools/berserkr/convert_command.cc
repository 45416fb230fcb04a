// `berserkr convert SRC… --to OUT.csv|OUT.jsonl|OUT.parquet`: writes what it read in another
// format.

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

}  // namespace

int RunConvert(int argc, char** argv, int first) {
  Arguments arguments(
      "convert", "berserkr convert SRC... --to OUT.csv|OUT.tsv|OUT.jsonl|OUT.parquet [options]",
      "Reads files as one table (like inspect) and writes it as CSV, JSON lines or Parquet.\n"
      "The output appears only when complete: a failed run leaves no partial file.");
  AddReadArguments(arguments);
  arguments.AddOption("to", "PATH", "the output file; its extension picks the format");
  AddParquetWriteArguments(arguments);
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
      parquet ? ParquetWriteArguments(arguments) : ParquetWriteOptions{};
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
