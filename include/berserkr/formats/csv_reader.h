#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/formats/read_options.h"
#include "berserkr/formats/scan_source.h"
#include "berserkr/types/table.h"

namespace berserkr {

struct CsvOptions : ReadOptions {
  // Field delimiter; detected from the first lines (',', ';', '\t', '|') when unset.
  std::optional<char> delimiter;
  // Whether the first line is a header; detected when unset (a first line whose values do not fit
  // the types of the lines below, or all-text lines with distinct names, is a header).
  std::optional<bool> header;
  char quote = '"';
  // Unquoted fields equal to one of these are NULL. A quoted empty field ("") is an empty string.
  std::vector<std::string> null_values = {""};
  // Column names to use instead of the header (or for a file without one).
  std::vector<std::string> column_names;
};

// Reads CSV files — paths, directories and globs, compressed or not — as one table. Every file must
// have the same columns. Types are inferred from a sample unless overridden; a value later in the
// data that does not fit an inferred type widens that column (int -> double -> string) and the read
// starts again, so no row is lost to a too-small sample.
// Throws InvalidInput (with kFail) naming file, line, column and reason; IoError for missing files.
Table ReadCsv(const std::vector<std::string>& sources, const CsvOptions& options,
              ReadStats* stats = nullptr);

// CSV files opened for streaming, as a lazy scan reads them: the dialect, column names and types
// are sniffed from the first file when opened (so a plan can be bound to them), and Scan hands
// each batch to a consumer as soon as it is converted, keeping none — memory stays bounded however
// large the files are. Unlike ReadCsv, a value that does not fit a type inferred from the sample
// is a rejected row (handled by on_error, with a reason saying which type to give the column):
// batches already consumed cannot be read again with a wider type.
class CsvScanner : public ScanSource {
 public:
  CsvScanner(const std::vector<std::string>& sources, CsvOptions options);

  std::string format_name() const override { return "Csv"; }
  // Every column of the files (plus the file-name column when asked for).
  const SchemaPtr& file_schema() const override;
  // The columns Scan produces.
  const SchemaPtr& schema() const override;
  const std::vector<std::string>& files() const override;
  const CsvOptions& options() const;

  // A scanner converting only these columns (indices into file_schema()), in this order; the
  // others are still split into fields but never parsed. The file-name column, when asked for,
  // is the last index and always comes last.
  CsvScanner Select(const std::vector<int>& columns) const;
  std::shared_ptr<const ScanSource> SelectColumns(const std::vector<int>& columns) const override {
    return std::make_shared<CsvScanner>(Select(columns));
  }

  // Reads every file, calling `consume` from pool threads (concurrently) as batches are made.
  // Rejected rows are counted, set aside or fail the scan per options().on_error.
  ReadStats Scan(const ScanBatchConsumer& consume) const override;

 private:
  struct State;
  std::shared_ptr<const State> state_;
};

}  // namespace berserkr
