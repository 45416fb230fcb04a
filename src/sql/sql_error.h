#pragma once

// Errors in SQL text carry the position they refer to; the session formats them with the line of
// the statement and a caret under the column.

#include <string>

#include "berserkr/common/error.h"
#include "sql/token.h"

namespace berserkr::sql {

// A mistake in a statement at `position` (syntax, an unknown name, a type error). The message
// says what is wrong without the position; FormatSqlError adds it.
class SqlError : public InvalidInput {
 public:
  SqlError(const std::string& message, SourcePosition position)
      : InvalidInput(message), position_(position) {}
  const SourcePosition& position() const { return position_; }

 private:
  SourcePosition position_;
};

// "message at line L, column C:\n  <the line>\n  <spaces>^" for `text`.
std::string FormatSqlError(const std::string& message, const std::string& text,
                           const SourcePosition& position);

}  // namespace berserkr::sql
