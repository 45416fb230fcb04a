#pragma once

#include <optional>
#include <string>
#include <vector>

#include "berserkr/formats/read_options.h"
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

}  // namespace berserkr
