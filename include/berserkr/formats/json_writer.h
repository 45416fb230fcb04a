#pragma once

#include <string>

#include "berserkr/io/input_stream.h"
#include "berserkr/types/table.h"

namespace berserkr {

// Writes batches as JSON lines: one object per row, keys in schema order, NULL as null, structs as
// objects, lists as arrays, timestamps and dates as ISO 8601 strings, non-finite floats as null.
// The file appears (atomically) only on Close().
class JsonLinesWriter {
 public:
  JsonLinesWriter(const std::string& path, SchemaPtr schema);
  void Write(const Batch& batch);
  void Close();

 private:
  OutputFile file_;
  SchemaPtr schema_;
  std::string line_;
};

void WriteJsonLines(const Table& table, const std::string& path);

// Appends `value` as a JSON string literal (quotes and escapes included).
void AppendJsonString(std::string& out, std::string_view value);
// Appends the value at `row` of `column` as JSON.
void AppendJsonValue(std::string& out, const Column& column, int64_t row);

}  // namespace berserkr
