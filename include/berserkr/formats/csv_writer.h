#pragma once

#include <memory>
#include <string>

#include "berserkr/io/input_stream.h"
#include "berserkr/types/table.h"

namespace berserkr {

struct CsvWriteOptions {
  char delimiter = ',';
  bool header = true;
  // Text written for NULL (an empty field by default, as Spark, DuckDB and pandas read it).
  std::string null_text;
};

// Writes batches as RFC 4180 CSV: fields are quoted only when they hold the delimiter, a quote, a
// line break, leading/trailing spaces, or are empty strings (so "" stays distinct from NULL).
// Timestamps are ISO 8601; floating point values use the shortest text that reads back exactly.
// The file appears (atomically) only on Close().
class CsvWriter {
 public:
  // Throws IoError when the file cannot be created.
  CsvWriter(const std::string& path, SchemaPtr schema, CsvWriteOptions options = {});
  void Write(const Batch& batch);
  void Close();

 private:
  OutputFile file_;
  SchemaPtr schema_;
  CsvWriteOptions options_;
  std::string line_;
};

// Writes a whole table.
void WriteCsv(const Table& table, const std::string& path, const CsvWriteOptions& options = {});

}  // namespace berserkr
