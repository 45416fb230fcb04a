#include "formats/csv/csv_tokenizer.h"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// The first delimiter or line break at or after `position` (or `length`). Sixteen bytes at a time
// with SSE2 (part of every x86-64), the tail byte by byte.
inline int64_t FindFieldEnd(const char* base, int64_t position, int64_t length, char delimiter,
                            const FieldEndTable& table) {
#if defined(__SSE2__)
  const __m128i delimiters = _mm_set1_epi8(delimiter);
  const __m128i newlines = _mm_set1_epi8('\n');
  const __m128i returns = _mm_set1_epi8('\r');
  while (position + 16 <= length) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + position));
    const __m128i hits =
        _mm_or_si128(_mm_cmpeq_epi8(bytes, delimiters),
                     _mm_or_si128(_mm_cmpeq_epi8(bytes, newlines), _mm_cmpeq_epi8(bytes, returns)));
    const int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return position + __builtin_ctz(static_cast<unsigned>(mask));
    position += 16;
  }
#endif
  while (position < length && !table.is_end[static_cast<uint8_t>(base[position])]) ++position;
  return position;
}

#if defined(__SSE2__)
// One bit per byte of the 64 bytes at `bytes`: where they equal `value`.
inline uint64_t MatchMask(const char* bytes, char value) {
  const __m128i wanted = _mm_set1_epi8(value);
  uint64_t mask = 0;
  for (int part = 0; part < 4; ++part) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * part));
    mask |= static_cast<uint64_t>(
                static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, wanted))))
            << (16 * part);
  }
  return mask;
}
#endif

// The common row — no quotes, wholly inside the data, at least 64 bytes from its end — found from
// bit masks of delimiters and line breaks, 64 bytes at a time. Returns false (and changes nothing
// but possibly `fields`' tail, which the caller trims) when the row needs the general path.
// On success: the row's fields are appended, `field_count` counted, `content_end` is where the line
// break starts and `position` is past it.
inline bool TokenizeSimpleRow(const char* base, int64_t length, char delimiter, char quote,
                              int num_columns, std::vector<FieldSpan>& fields, int64_t& position,
                              int& field_count, int64_t& content_end) {
#if defined(__SSE2__)
  int64_t block = position;
  int64_t field_start = position;
  int count = 0;
  while (block + 64 <= length) {
    const uint64_t line_breaks = MatchMask(base + block, '\n') | MatchMask(base + block, '\r');
    const uint64_t before_break =
        line_breaks == 0 ? ~uint64_t{0} : (line_breaks & -line_breaks) - 1;
    if ((MatchMask(base + block, quote) & before_break) != 0) return false;
    uint64_t structural =
        (MatchMask(base + block, delimiter) & before_break) | (line_breaks & -line_breaks);
    while (structural != 0) {
      const int64_t at = block + __builtin_ctzll(structural);
      if (count < num_columns)
        fields.push_back({static_cast<uint32_t>(field_start), static_cast<uint32_t>(at)});
      ++count;
      if (base[at] == '\n' || base[at] == '\r') {
        // A line break in the last byte may be half of "\r\n": the general path decides that.
        if (at + 1 >= length) return false;
        content_end = at;
        position = at + 1;
        if (base[at] == '\r' && base[at + 1] == '\n') ++position;
        field_count = count;
        return true;
      }
      field_start = at + 1;
      structural &= structural - 1;
    }
    block += 64;
  }
#endif
  return false;
}

int64_t CountNewlines(const char* begin, const char* end) { return std::count(begin, end, '\n'); }

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
    if (TokenizeSimpleRow(base, length, delimiter, quote, num_columns, chunk.fields, position,
                          field_count, content_end)) {
      ++lines;
      row_complete = true;
    } else {
      chunk.fields.resize(fields_before);
    }
    while (!row_complete) {
      // One field.
      uint32_t field_start;
      uint32_t field_end_and_flags;
      if (position < length && base[position] == quote) {
        ++position;
        field_start = static_cast<uint32_t>(position);
        uint32_t flags = FieldSpan::kQuoted;
        bool closed = false;
        while (true) {
          const void* found =
              std::memchr(base + position, quote, static_cast<size_t>(length - position));
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
        position = FindFieldEnd(base, position, length, delimiter, table);
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
