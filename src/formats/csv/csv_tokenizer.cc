#include "formats/csv/csv_tokenizer.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace berserkr::csv {
namespace {

// Bytes that end an unquoted field: the delimiter and the line breaks.
struct FieldEndTable {
  explicit FieldEndTable(char delimiter) {
    is_end.fill(false);
    is_end[static_cast<uint8_t>(delimiter)] = true;
    is_end[static_cast<uint8_t>('\n')] = true;
    is_end[static_cast<uint8_t>('\r')] = true;
  }
  std::array<bool, 256> is_end;
};

int64_t CountNewlines(const char* begin, const char* end) {
  return std::count(begin, end, '\n');
}

}  // namespace

void Tokenize(const char* data, int64_t start, int64_t soft_end, int64_t end, bool at_eof,
              const TokenizerDialect& dialect, TokenizedChunk& chunk) {
  const FieldEndTable table(dialect.delimiter);
  const char delimiter = dialect.delimiter;
  const char quote = dialect.quote;
  const int num_columns = dialect.num_columns;
  const char* base = data + start;
  const int64_t length = end - start;
  const int64_t soft_length = soft_end - start;

  chunk.base_offset = start;
  chunk.fields.clear();
  chunk.row_lines.clear();
  chunk.row_starts.clear();
  chunk.row_ends.clear();
  chunk.bad_rows.clear();
  chunk.incomplete = false;
  // A guess of the row count from the first row's width keeps reallocations rare.
  chunk.fields.reserve(static_cast<size_t>(soft_length / 8 + num_columns));

  int64_t position = 0;
  int64_t lines = 0;
  while (position < soft_length) {
    const int64_t row_start = position;
    const int64_t row_line = lines;
    const size_t fields_before = chunk.fields.size();
    int field_count = 0;
    const char* error = nullptr;
    bool row_complete = false;
    int64_t content_end = -1;  // where the row's line break starts, once seen
    while (true) {
      // One field.
      uint32_t field_start;
      uint32_t field_end_and_flags;
      if (position < length && base[position] == quote) {
        ++position;
        field_start = static_cast<uint32_t>(position);
        uint32_t flags = FieldSpan::kQuoted;
        bool closed = false;
        while (true) {
          const void* found = std::memchr(base + position, quote, static_cast<size_t>(length - position));
          if (found == nullptr) break;
          const int64_t quote_position = static_cast<const char*>(found) - base;
          lines += CountNewlines(base + position, base + quote_position);
          if (quote_position + 1 < length && base[quote_position + 1] == quote) {
            flags |= FieldSpan::kEscaped;
            position = quote_position + 2;
            continue;
          }
          if (quote_position + 1 == length && !at_eof) break;  // "" may continue past the end
          field_end_and_flags = static_cast<uint32_t>(quote_position) | flags;
          position = quote_position + 1;
          closed = true;
          break;
        }
        if (!closed) {
          if (!at_eof) {
            chunk.incomplete = true;
            break;
          }
          lines += CountNewlines(base + position, base + length);
          position = length;
          error = "unterminated quoted field";
          row_complete = true;
          break;
        }
        if (position < length && !table.is_end[static_cast<uint8_t>(base[position])]) {
          error = "unexpected character after a closing quote";
        }
      } else {
        field_start = static_cast<uint32_t>(position);
        while (position < length && !table.is_end[static_cast<uint8_t>(base[position])]) ++position;
        field_end_and_flags = static_cast<uint32_t>(position);
      }
      if (error == nullptr) {
        if (field_count < num_columns) chunk.fields.push_back({field_start, field_end_and_flags});
        ++field_count;
      } else {
        // Skip the rest of the malformed row up to the next line break outside quotes is not
        // knowable; resynchronize at the next line break.
        while (position < length && base[position] != '\n' && base[position] != '\r') ++position;
      }
      if (position >= length) {
        if (!at_eof) {
          chunk.incomplete = true;
          break;
        }
        row_complete = true;
        break;
      }
      const char separator = base[position];
      if (separator == delimiter && error == nullptr) {
        ++position;
        if (position >= length && !at_eof) {
          chunk.incomplete = true;
          break;
        }
        continue;
      }
      // A line break ends the row: \n, \r\n, or a lone \r.
      content_end = position;
      ++position;
      if (separator == '\r' && position < length && base[position] == '\n') ++position;
      if (separator == '\r' && position >= length && !at_eof) {
        // "\r" at the end of the data: the "\n" may follow in the next read.
        chunk.incomplete = true;
        break;
      }
      ++lines;
      row_complete = true;
      break;
    }
    if (!row_complete) {
      // The row runs past the data we have: leave it for the next call.
      chunk.fields.resize(fields_before);
      position = row_start;
      lines = row_line;
      break;
    }
    // A blank line (one empty, unquoted field) is skipped, as most engines do.
    if (error == nullptr && field_count == 1 && chunk.fields.size() == fields_before + 1 &&
        chunk.fields.back().end_and_flags == chunk.fields.back().start) {
      chunk.fields.resize(fields_before);
      continue;
    }
    // The row's bytes, without its line break.
    const int64_t row_end = content_end >= 0 ? content_end : position;
    if (error == nullptr && field_count != num_columns) {
      chunk.fields.resize(fields_before);
      chunk.bad_rows.push_back({static_cast<uint32_t>(row_line), static_cast<uint32_t>(row_start),
                                static_cast<uint32_t>(row_end),
                                "expected " + std::to_string(num_columns) + " fields, found " +
                                    std::to_string(field_count)});
      continue;
    }
    if (error != nullptr) {
      chunk.fields.resize(fields_before);
      chunk.bad_rows.push_back({static_cast<uint32_t>(row_line), static_cast<uint32_t>(row_start),
                                static_cast<uint32_t>(row_end), error});
      continue;
    }
    chunk.row_lines.push_back(static_cast<uint32_t>(row_line));
    chunk.row_starts.push_back(static_cast<uint32_t>(row_start));
    chunk.row_ends.push_back(static_cast<uint32_t>(row_end));
  }
  chunk.end_offset = position;
  chunk.lines = lines;
}

std::vector<std::string> SplitFirstRow(const char* data, int64_t length, char delimiter, char quote,
                                       int64_t* consumed) {
  std::vector<std::string> fields;
  std::string field;
  int64_t position = 0;
  bool in_quotes = false;
  while (position < length) {
    const char c = data[position++];
    if (in_quotes) {
      if (c == quote) {
        if (position < length && data[position] == quote) {
          field += quote;
          ++position;
        } else {
          in_quotes = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == quote && field.empty()) {
      in_quotes = true;
    } else if (c == delimiter) {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && position < length && data[position] == '\n') ++position;
      fields.push_back(std::move(field));
      *consumed = position;
      return fields;
    } else {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  *consumed = position;
  return fields;
}

}  // namespace berserkr::csv
