#include "sql/sql_error.h"

namespace berserkr::sql {

std::string FormatSqlError(const std::string& message, const std::string& text,
                           const SourcePosition& position) {
  size_t line_start = std::min(position.offset, text.size());
  while (line_start > 0 && text[line_start - 1] != '\n') --line_start;
  size_t line_end = text.find('\n', line_start);
  if (line_end == std::string::npos) line_end = text.size();
  std::string line = text.substr(line_start, line_end - line_start);
  // The caret goes under the character at the offset: tabs stay tabs so it lines up.
  std::string pad;
  for (size_t index = line_start; index < position.offset && index < line_end; ++index) {
    const unsigned char character = static_cast<unsigned char>(text[index]);
    if (character == '\t') {
      pad += '\t';
    } else if ((character & 0xC0) != 0x80) {
      pad += ' ';  // one column per code point, not per byte
    }
  }
  return message + " at line " + std::to_string(position.line) + ", column " +
         std::to_string(position.column) + ":\n  " + line + "\n  " + pad + "^";
}

}  // namespace berserkr::sql
