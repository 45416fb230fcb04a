#include "berserkr/result_printer.h"

#include <algorithm>

#include "berserkr/arguments.h"
#include "berserkr/common/error.h"
#include "berserkr/formats/csv_writer.h"
#include "berserkr/formats/json_writer.h"
#include "berserkr/formats/parquet_writer.h"

namespace berserkr::cli {
namespace {

// Counts code points, not bytes, so multi-byte UTF-8 lines up.
size_t VisibleWidth(const std::string& text) {
  size_t visible = 0;
  for (unsigned char character : text) visible += (character & 0xC0) != 0x80;
  return visible;
}

std::string Cut(const std::string& text, size_t max_width) {
  if (max_width == 0 || VisibleWidth(text) <= max_width) return text;
  std::string cut;
  size_t visible = 0;
  for (unsigned char character : text) {
    if ((character & 0xC0) != 0x80 && ++visible > max_width - 3) break;
    cut += static_cast<char>(character);
  }
  return cut + "...";
}

std::string TableCell(const Column& column, int64_t row, size_t max_width) {
  if (column.IsNull(row)) return "NULL";
  std::string text = column.FormatValue(row);
  for (char& character : text) {
    if (character == '\n' || character == '\r' || character == '\t') character = ' ';
  }
  return Cut(text, max_width);
}

bool RightAligned(const DataType& type) { return type.is_numeric(); }

std::string Pad(const std::string& text, size_t width, bool right) {
  const size_t visible = VisibleWidth(text);
  const std::string padding(width > visible ? width - visible : 0, ' ');
  return right ? padding + text : text + padding;
}

std::string CsvField(const std::string& text) {
  const bool quote = text.empty() || text.find_first_of(",\"\n\r") != std::string::npos ||
                     text.front() == ' ' || text.back() == ' ';
  if (!quote) return text;
  std::string quoted = "\"";
  for (char character : text) {
    if (character == '"') quoted += '"';
    quoted += character;
  }
  return quoted + "\"";
}

void PrintTable(const Table& table, std::FILE* out, size_t max_width) {
  const Schema& schema = *table.schema();
  const int num_columns = schema.num_fields();
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths(static_cast<size_t>(num_columns));
  for (int column = 0; column < num_columns; ++column) {
    widths[column] = std::max(VisibleWidth(schema.field(column).name),
                              VisibleWidth(schema.field(column).type.ToString()));
  }
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      std::vector<std::string> line;
      for (int column = 0; column < num_columns; ++column) {
        line.push_back(TableCell(*batch.columns[column], row, max_width));
        widths[column] = std::max(widths[column], VisibleWidth(line.back()));
      }
      cells.push_back(std::move(line));
    }
  }
  auto rule = [&] {
    std::string text = "+";
    for (size_t width : widths) text += std::string(width + 2, '-') + "+";
    std::fprintf(out, "%s\n", text.c_str());
  };
  auto line = [&](const std::vector<std::string>& values, bool header) {
    std::string text = "|";
    for (int column = 0; column < num_columns; ++column) {
      const bool right = !header && RightAligned(schema.field(column).type);
      text += " " + Pad(values[column], widths[column], right) + " |";
    }
    std::fprintf(out, "%s\n", text.c_str());
  };
  rule();
  std::vector<std::string> names;
  std::vector<std::string> types;
  for (const Field& field : schema.fields()) {
    names.push_back(field.name);
    types.push_back(field.type.ToString());
  }
  line(names, true);
  line(types, true);
  rule();
  for (const auto& values : cells) line(values, false);
  if (!cells.empty()) rule();
  std::fprintf(out, "(%lld row%s)\n", static_cast<long long>(table.num_rows()),
               table.num_rows() == 1 ? "" : "s");
}

void PrintCsv(const Table& table, std::FILE* out) {
  const Schema& schema = *table.schema();
  std::string text;
  for (int column = 0; column < schema.num_fields(); ++column) {
    text += (column > 0 ? "," : "") + CsvField(schema.field(column).name);
  }
  std::fprintf(out, "%s\n", text.c_str());
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      text.clear();
      for (int column = 0; column < batch.num_columns(); ++column) {
        if (column > 0) text += ',';
        const Column& values = *batch.columns[column];
        if (!values.IsNull(row)) text += CsvField(values.FormatValue(row));
      }
      std::fprintf(out, "%s\n", text.c_str());
    }
  }
}

void PrintJson(const Table& table, std::FILE* out) {
  const Schema& schema = *table.schema();
  std::string text;
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      text = "{";
      for (int column = 0; column < batch.num_columns(); ++column) {
        if (column > 0) text += ',';
        AppendJsonString(text, schema.field(column).name);
        text += ':';
        AppendJsonValue(text, *batch.columns[column], row);
      }
      std::fprintf(out, "%s}\n", text.c_str());
    }
  }
}

}  // namespace

ResultFormat ParseResultFormat(const std::string& text) {
  if (text == "table") return ResultFormat::kTable;
  if (text == "csv") return ResultFormat::kCsv;
  if (text == "json") return ResultFormat::kJson;
  if (text == "parquet") return ResultFormat::kParquet;
  throw UsageError("--format takes table, csv, json or parquet, not '" + text + "'");
}

void PrintResult(const Table& table, ResultFormat format, std::FILE* out, size_t max_cell_width) {
  switch (format) {
    case ResultFormat::kTable:
      PrintTable(table, out, max_cell_width);
      return;
    case ResultFormat::kCsv:
      PrintCsv(table, out);
      return;
    case ResultFormat::kJson:
      PrintJson(table, out);
      return;
    case ResultFormat::kParquet:
      throw UsageError("Parquet is binary: name a file for it with --output FILE.parquet");
  }
}

void WriteResult(const Table& table, ResultFormat format, const std::string& path) {
  switch (format) {
    case ResultFormat::kCsv:
      WriteCsv(table, path);
      return;
    case ResultFormat::kJson:
      WriteJsonLines(table, path);
      return;
    case ResultFormat::kParquet:
      WriteParquet(table, path);
      return;
    case ResultFormat::kTable: {
      std::FILE* file = std::fopen(path.c_str(), "w");
      if (file == nullptr) throw IoError("cannot write " + path);
      PrintTable(table, file, 0);
      if (std::fclose(file) != 0) throw IoError("cannot write " + path);
      return;
    }
  }
}

}  // namespace berserkr::cli
