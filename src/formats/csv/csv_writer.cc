#include "berserkr/formats/csv_writer.h"

#include <charconv>

#include "berserkr/types/temporal.h"

namespace berserkr {
namespace {

bool NeedsQuotes(std::string_view text, char delimiter) {
  if (text.empty()) return true;
  if (text.front() == ' ' || text.back() == ' ') return true;
  for (char c : text) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') return true;
  }
  return false;
}

void AppendQuoted(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void AppendField(std::string& out, const Column& column, int64_t row,
                 const CsvWriteOptions& options) {
  if (column.IsNull(row)) {
    out += options.null_text;
    return;
  }
  char number[64];
  switch (column.type().id()) {
    case TypeId::kInt64: {
      const auto result =
          std::to_chars(number, number + sizeof(number), column.ValuesAs<int64_t>()[row]);
      out.append(number, result.ptr);
      return;
    }
    case TypeId::kInt32: {
      const auto result =
          std::to_chars(number, number + sizeof(number), column.ValuesAs<int32_t>()[row]);
      out.append(number, result.ptr);
      return;
    }
    case TypeId::kFloat64: {
      AppendDouble(out, column.ValuesAs<double>()[row]);
      return;
    }
    case TypeId::kString: {
      const std::string_view text = column.GetString(row);
      if (NeedsQuotes(text, options.delimiter)) {
        AppendQuoted(out, text);
      } else {
        out += text;
      }
      return;
    }
    case TypeId::kTimestamp: {
      std::string text = FormatTimestamp(column.ValuesAs<int64_t>()[row]);
      if (!column.type().timezone().empty()) text += "Z";
      text[10] = 'T';
      out += text;
      return;
    }
    default: {
      const std::string text = column.FormatValue(row);
      if (NeedsQuotes(text, options.delimiter)) {
        AppendQuoted(out, text);
      } else {
        out += text;
      }
    }
  }
}

}  // namespace

CsvWriter::CsvWriter(const std::string& path, SchemaPtr schema, CsvWriteOptions options)
    : file_(path), schema_(std::move(schema)), options_(std::move(options)) {
  if (!options_.header) return;
  for (int column = 0; column < schema_->num_fields(); ++column) {
    if (column > 0) line_ += options_.delimiter;
    const std::string& name = schema_->field(column).name;
    if (NeedsQuotes(name, options_.delimiter)) {
      AppendQuoted(line_, name);
    } else {
      line_ += name;
    }
  }
  line_ += '\n';
  file_.Write(line_);
}

void CsvWriter::Write(const Batch& batch) {
  line_.clear();
  for (int64_t row = 0; row < batch.num_rows; ++row) {
    for (int column = 0; column < batch.num_columns(); ++column) {
      if (column > 0) line_ += options_.delimiter;
      AppendField(line_, *batch.columns[column], row, options_);
    }
    line_ += '\n';
    if (line_.size() > (1 << 20)) {
      file_.Write(line_);
      line_.clear();
    }
  }
  file_.Write(line_);
}

void CsvWriter::Close() { file_.Close(); }

void WriteCsv(const Table& table, const std::string& path, const CsvWriteOptions& options) {
  CsvWriter writer(path, table.schema(), options);
  for (const Batch& batch : table.batches()) writer.Write(batch);
  writer.Close();
}

}  // namespace berserkr
