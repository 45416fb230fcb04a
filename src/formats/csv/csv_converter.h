#pragma once

// Turns the fields of one column of a tokenized chunk into a typed column.
// The second stage of the CSV reader: tokenizer -> converter -> reader.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "berserkr/types/column.h"
#include "formats/csv/csv_tokenizer.h"

namespace berserkr::csv {

struct ConvertOptions {
  std::vector<std::string> null_values = {""};
};

// A value that did not fit the column's type.
struct ValueError {
  uint32_t row;  // index into the chunk's accepted rows
  std::string reason;
};

// Converts column `column_index` of `chunk` (whose bytes start at `base`) to `type`.
// `rows` selects the chunk rows to convert (nullptr: all of them, in order). A value that does not
// fit becomes NULL and adds a ValueError; string values that are not valid UTF-8 do too.
ColumnPtr ConvertColumn(const char* base, const TokenizedChunk& chunk, int column_index,
                        int num_columns, const DataType& type, const ConvertOptions& options,
                        const std::vector<uint32_t>* rows, std::vector<ValueError>& errors);

// The field's text with doubled quotes undone (a view into `base` when nothing needs undoing).
std::string_view FieldText(const char* base, FieldSpan span, std::string& scratch);

// Value parsers shared with other readers. Each accepts surrounding spaces and returns false when
// the text is not a value of the type.
bool ParseInt64(std::string_view text, int64_t& value);
bool ParseFloat64(std::string_view text, double& value);
bool ParseBool(std::string_view text, bool& value);
bool ParseDecimal128(std::string_view text, int precision, int scale, __int128& value);

}  // namespace berserkr::csv
