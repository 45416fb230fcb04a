// `berserkr inspect SRC…`: schema, row count, NULLs per column and the first rows.

#include <cstdio>
#include <string>

#include "berserkr/commands.h"
#include "berserkr/formats/json_writer.h"
#include "berserkr/read_sources.h"

namespace berserkr::cli {
namespace {

constexpr size_t kMaxCellWidth = 40;

std::string Cell(const Column& column, int64_t row) {
  std::string text = column.FormatValue(row);
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (text.size() > kMaxCellWidth) text = text.substr(0, kMaxCellWidth - 3) + "...";
  return text;
}

// Counts code points, not bytes, so multi-byte UTF-8 lines up.
size_t VisibleWidth(const std::string& text) {
  size_t visible = 0;
  for (unsigned char c : text) visible += (c & 0xC0) != 0x80;
  return visible;
}

std::string Pad(const std::string& text, size_t width) {
  const size_t visible = VisibleWidth(text);
  return text + std::string(width > visible ? width - visible : 0, ' ');
}

std::vector<int64_t> NullCounts(const Table& table) {
  std::vector<int64_t> nulls(static_cast<size_t>(table.num_columns()), 0);
  for (const Batch& batch : table.batches()) {
    for (int column = 0; column < batch.num_columns(); ++column)
      nulls[column] += batch.columns[column]->null_count();
  }
  return nulls;
}

// The first `limit` rows as a grid of cells (header first).
std::vector<std::vector<std::string>> FirstRows(const Table& table, int64_t limit) {
  std::vector<std::vector<std::string>> grid;
  std::vector<std::string> header;
  for (const Field& field : table.schema()->fields()) header.push_back(field.name);
  grid.push_back(header);
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows && static_cast<int64_t>(grid.size()) <= limit;
         ++row) {
      std::vector<std::string> cells;
      for (const ColumnPtr& column : batch.columns) cells.push_back(Cell(*column, row));
      grid.push_back(std::move(cells));
    }
  }
  return grid;
}

void PrintText(const LoadedInput& input, int64_t row_limit) {
  const Table& table = input.table;
  const ReadStats& stats = input.stats;
  std::printf("format:   %s, %lld file%s, %.1f MB\n", input.format.c_str(),
              static_cast<long long>(stats.files), stats.files == 1 ? "" : "s",
              static_cast<double>(stats.bytes) / 1e6);
  std::printf("rows:     %lld (read %lld = accepted %lld + rejected %lld)\n",
              static_cast<long long>(table.num_rows()), static_cast<long long>(stats.rows_read),
              static_cast<long long>(stats.rows_accepted),
              static_cast<long long>(stats.rows_rejected));
  std::printf("columns:  %d\n\n", table.num_columns());
  const std::vector<int64_t> nulls = NullCounts(table);
  size_t name_width = 6;
  size_t type_width = 4;
  for (const Field& field : table.schema()->fields()) {
    name_width = std::max(name_width, VisibleWidth(field.name));
    type_width = std::max(type_width, field.type.ToString().size());
  }
  std::printf("  %s  %s  nulls\n", Pad("column", name_width).c_str(),
              Pad("type", type_width).c_str());
  for (int column = 0; column < table.num_columns(); ++column) {
    const Field& field = table.schema()->field(column);
    std::printf("  %s  %s  %lld\n", Pad(field.name, name_width).c_str(),
                Pad(field.type.ToString(), type_width).c_str(),
                static_cast<long long>(nulls[column]));
  }
  if (row_limit <= 0 || table.num_rows() == 0) return;
  const auto grid = FirstRows(table, row_limit);
  std::vector<size_t> widths(grid[0].size(), 0);
  for (const auto& cells : grid) {
    for (size_t column = 0; column < cells.size(); ++column)
      widths[column] = std::max(widths[column], VisibleWidth(cells[column]));
  }
  std::printf("\nfirst %zu rows:\n", grid.size() - 1);
  for (size_t line = 0; line < grid.size(); ++line) {
    std::string text = " ";
    for (size_t column = 0; column < grid[line].size(); ++column)
      text += " " + Pad(grid[line][column], widths[column]) + " |";
    while (!text.empty() && (text.back() == ' ' || text.back() == '|')) text.pop_back();
    std::printf("%s\n", text.c_str());
    if (line == 0) {
      std::string rule = " ";
      for (size_t width : widths) rule += std::string(width + 2, '-') + "+";
      rule.pop_back();
      std::printf("%s\n", rule.c_str());
    }
  }
}

void PrintJson(const LoadedInput& input, int64_t row_limit) {
  const Table& table = input.table;
  const ReadStats& stats = input.stats;
  std::string out = "{\"format\":\"" + input.format +
                    "\",\"files\":" + std::to_string(stats.files) +
                    ",\"bytes\":" + std::to_string(stats.bytes) +
                    ",\"rows\":" + std::to_string(table.num_rows()) +
                    ",\"rows_read\":" + std::to_string(stats.rows_read) +
                    ",\"rows_accepted\":" + std::to_string(stats.rows_accepted) +
                    ",\"rows_rejected\":" + std::to_string(stats.rows_rejected) + ",\"columns\":[";
  const std::vector<int64_t> nulls = NullCounts(table);
  for (int column = 0; column < table.num_columns(); ++column) {
    const Field& field = table.schema()->field(column);
    if (column > 0) out += ',';
    out += "{\"name\":";
    AppendJsonString(out, field.name);
    out += ",\"type\":";
    AppendJsonString(out, field.type.ToString());
    out += ",\"nulls\":" + std::to_string(nulls[column]) + "}";
  }
  out += "],\"sample\":[";
  int64_t printed = 0;
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows && printed < row_limit; ++row, ++printed) {
      if (printed > 0) out += ',';
      out += '{';
      for (int column = 0; column < batch.num_columns(); ++column) {
        if (column > 0) out += ',';
        AppendJsonString(out, table.schema()->field(column).name);
        out += ':';
        AppendJsonValue(out, *batch.columns[column], row);
      }
      out += '}';
    }
  }
  out += "]}\n";
  std::fputs(out.c_str(), stdout);
}

}  // namespace

int RunInspect(int argc, char** argv, int first) {
  Arguments arguments(
      "inspect", "berserkr inspect SRC... [options]",
      "Reads CSV or JSON lines files (plain, gzip, zstd, bzip2, lz4 or lzop; files,\n"
      "directories or globs, read as one table) and prints the schema, the row count,\n"
      "NULLs per column and the first rows.");
  AddReadArguments(arguments);
  arguments.AddOption("rows", "N", "how many rows to show (default: 5)");
  arguments.AddOption("format", "text|json", "print for people (text, default) or machines (json)");
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  ApplyResourceArguments(arguments);
  int64_t row_limit = 5;
  if (auto rows = arguments.Get("rows")) row_limit = std::stoll(*rows);
  const std::string output = arguments.Get("format").value_or("text");
  if (output != "text" && output != "json") throw UsageError("--format takes text or json");
  const LoadedInput input = ReadSources(arguments.positionals(), arguments);
  if (output == "json") {
    PrintJson(input, row_limit);
  } else {
    PrintText(input, row_limit);
  }
  return 0;
}

}  // namespace berserkr::cli
