#pragma once

// Splits CSV bytes into rows and fields (RFC 4180) without converting any value.
// The first stage of the CSV reader: tokenizer -> converter -> reader.

#include <cstdint>
#include <string>
#include <vector>

namespace berserkr::csv {

// Where one field's content lies, relative to the chunk base. `end` carries two flags in its high
// bits: the field was quoted, and it contains doubled quotes that must be unescaped.
struct FieldSpan {
  static constexpr uint32_t kQuoted = 1u << 31;
  static constexpr uint32_t kEscaped = 1u << 30;
  static constexpr uint32_t kPositionMask = kEscaped - 1;

  uint32_t start;
  uint32_t end_and_flags;

  uint32_t end() const { return end_and_flags & kPositionMask; }
  uint32_t length() const { return end() - start; }
  bool quoted() const { return (end_and_flags & kQuoted) != 0; }
  bool escaped() const { return (end_and_flags & kEscaped) != 0; }
};

// The largest span of bytes one tokenizer call may address.
constexpr int64_t kMaxChunkBytes = FieldSpan::kPositionMask;

struct TokenizerDialect {
  char delimiter = ',';
  char quote = '"';
  int num_columns = 0;  // fields every row must have
};

// A row the tokenizer rejected, with where it lies.
struct BadRow {
  uint32_t line;  // lines before the row, counted from the chunk start
  uint32_t start;
  uint32_t end;
  std::string reason;
};

// The rows of one chunk: row-major field spans (num_rows * num_columns of them).
struct TokenizedChunk {
  int64_t base_offset = 0;  // the chunk base within the buffer passed to Tokenize
  std::vector<FieldSpan> fields;
  std::vector<uint32_t> row_lines;   // per accepted row: lines before it, from the chunk start
  std::vector<uint32_t> row_starts;  // per accepted row: its first byte
  std::vector<uint32_t> row_ends;  // per accepted row: one past its last byte (before the newline)
  std::vector<BadRow> bad_rows;
  int64_t end_offset = 0;   // relative to the base: one past the last row consumed
  int64_t lines = 0;        // line breaks consumed (including those inside quoted fields)
  bool incomplete = false;  // stopped at a row that runs past the end of the data

  int64_t num_rows() const { return static_cast<int64_t>(row_lines.size()); }
};

// Tokenizes rows of data[start, end) that start before `soft_end`; the last of them may run on to
// `end`. When `at_eof`, the data ends at `end` (a row without a final newline is complete; an open
// quote is an error); otherwise a row reaching `end` is left unconsumed (`incomplete`).
// Blank lines are skipped. Rows with the wrong number of fields, a character after a closing quote,
// or an unterminated quote become BadRows. REQUIRES: end - start <= kMaxChunkBytes.
void Tokenize(const char* data, int64_t start, int64_t soft_end, int64_t end, bool at_eof,
              const TokenizerDialect& dialect, TokenizedChunk& chunk);

// Splits one line of text into fields (quote-aware) — for headers and sniffing.
// Returns the fields unescaped, and how many bytes it consumed (through the line break).
std::vector<std::string> SplitFirstRow(const char* data, int64_t length, char delimiter, char quote,
                                       int64_t* consumed);

}  // namespace berserkr::csv
