#pragma once

// The tokens of SQL text, each with the place it starts so that errors can point at it.

#include <cstdint>
#include <string>
#include <vector>

namespace berserkr::sql {

// Where a token or an AST node starts in the statement text: 1-based line and column (in bytes),
// and the 0-based byte offset.
struct SourcePosition {
  int line = 1;
  int column = 1;
  size_t offset = 0;
};

enum class TokenKind {
  kIdentifier,        // a name or keyword, as written (keywords are matched without case)
  kQuotedIdentifier,  // "name" with "" for a quote; never a keyword
  kString,            // 'text' with '' for a quote; `text` holds the value
  kInteger,           // digits
  kDecimal,           // digits with a point: 1.5, .5, 2.
  kFloat,             // with an exponent: 1e9, 2.5E-3
  kOperator,          // + - * / // % || = == <> != < <= > >= :: := ( ) [ ] { } , . ; :
  kEnd,               // after the last token
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  SourcePosition position;
  size_t end = 0;  // the byte offset just past the token

  // True when this is the keyword `keyword` (upper case), written in any case and not quoted.
  bool IsKeyword(const char* keyword) const;
  bool IsOperator(const char* op) const { return kind == TokenKind::kOperator && text == op; }
};

// Splits `text` into tokens, dropping spaces and comments (-- to the end of the line, /* */).
// The last token is kEnd. Throws SqlError for an unterminated string, quoted name or comment and
// for a character that starts no token.
std::vector<Token> Tokenize(const std::string& text);

}  // namespace berserkr::sql
