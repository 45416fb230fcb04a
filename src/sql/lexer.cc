// Tokenize: SQL text to tokens. Hand-written: the token set is small and the positions matter.

#include <cctype>
#include <cstring>

#include "sql/sql_error.h"
#include "sql/token.h"

namespace berserkr::sql {

bool Token::IsKeyword(const char* keyword) const {
  if (kind != TokenKind::kIdentifier || text.size() != std::strlen(keyword)) return false;
  for (size_t index = 0; index < text.size(); ++index) {
    if (std::toupper(static_cast<unsigned char>(text[index])) != keyword[index]) return false;
  }
  return true;
}

namespace {

class Lexer {
 public:
  explicit Lexer(const std::string& text) : text_(text) {}

  std::vector<Token> Run() {
    std::vector<Token> tokens;
    while (true) {
      SkipSpaceAndComments();
      Token token;
      token.position = position_;
      if (AtEnd()) {
        token.end = position_.offset;
        tokens.push_back(token);
        return tokens;
      }
      const char character = Peek();
      if (std::isalpha(static_cast<unsigned char>(character)) || character == '_' ||
          static_cast<unsigned char>(character) >= 0x80) {
        token.kind = TokenKind::kIdentifier;
        while (!AtEnd() && (std::isalnum(static_cast<unsigned char>(Peek())) || Peek() == '_' ||
                            Peek() == '$' || static_cast<unsigned char>(Peek()) >= 0x80)) {
          token.text += Advance();
        }
      } else if (std::isdigit(static_cast<unsigned char>(character)) ||
                 (character == '.' && std::isdigit(static_cast<unsigned char>(PeekAt(1))))) {
        ReadNumber(token);
      } else if (character == '\'') {
        token.kind = TokenKind::kString;
        token.text = ReadQuoted('\'', "string");
      } else if (character == '"') {
        token.kind = TokenKind::kQuotedIdentifier;
        token.text = ReadQuoted('"', "quoted name");
      } else {
        ReadOperator(token);
      }
      token.end = position_.offset;
      tokens.push_back(std::move(token));
    }
  }

 private:
  bool AtEnd() const { return offset_ >= text_.size(); }
  char Peek() const { return text_[offset_]; }
  char PeekAt(size_t ahead) const {
    return offset_ + ahead < text_.size() ? text_[offset_ + ahead] : '\0';
  }
  char Advance() {
    const char character = text_[offset_++];
    ++position_.offset;
    if (character == '\n') {
      ++position_.line;
      position_.column = 1;
    } else if ((static_cast<unsigned char>(character) & 0xC0) != 0x80) {
      ++position_.column;  // columns count code points
    }
    return character;
  }

  void SkipSpaceAndComments() {
    while (!AtEnd()) {
      if (std::isspace(static_cast<unsigned char>(Peek()))) {
        Advance();
      } else if (Peek() == '-' && PeekAt(1) == '-') {
        while (!AtEnd() && Peek() != '\n') Advance();
      } else if (Peek() == '/' && PeekAt(1) == '*') {
        const SourcePosition start = position_;
        Advance();
        Advance();
        while (!AtEnd() && !(Peek() == '*' && PeekAt(1) == '/')) Advance();
        if (AtEnd()) throw SqlError("unterminated /* comment", start);
        Advance();
        Advance();
      } else {
        return;
      }
    }
  }

  void ReadNumber(Token& token) {
    token.kind = TokenKind::kInteger;
    while (!AtEnd() && std::isdigit(static_cast<unsigned char>(Peek()))) token.text += Advance();
    if (!AtEnd() && Peek() == '.' && PeekAt(1) != '.') {
      token.kind = TokenKind::kDecimal;
      token.text += Advance();
      while (!AtEnd() && std::isdigit(static_cast<unsigned char>(Peek()))) token.text += Advance();
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      const char next = PeekAt(1);
      const bool sign = next == '+' || next == '-';
      if (std::isdigit(static_cast<unsigned char>(sign ? PeekAt(2) : next))) {
        token.kind = TokenKind::kFloat;
        token.text += Advance();
        if (sign) token.text += Advance();
        while (!AtEnd() && std::isdigit(static_cast<unsigned char>(Peek()))) {
          token.text += Advance();
        }
      }
    }
  }

  // The value between `quote`s, a doubled quote standing for one.
  std::string ReadQuoted(char quote, const char* what) {
    const SourcePosition start = position_;
    Advance();
    std::string value;
    while (true) {
      if (AtEnd()) throw SqlError(std::string("unterminated ") + what, start);
      const char character = Advance();
      if (character == quote) {
        if (!AtEnd() && Peek() == quote) {
          value += Advance();
          continue;
        }
        return value;
      }
      value += character;
    }
  }

  void ReadOperator(Token& token) {
    token.kind = TokenKind::kOperator;
    static const char* const kTwoCharacter[] = {
        "//", "||", "==", "<>", "!=", "<=", ">=", "::", ":=", "=>"};
    for (const char* op : kTwoCharacter) {
      if (Peek() == op[0] && PeekAt(1) == op[1]) {
        token.text += Advance();
        token.text += Advance();
        return;
      }
    }
    if (std::strchr("+-*/%=<>()[]{},.;:", Peek()) == nullptr) {
      throw SqlError(std::string("unexpected character '") + Peek() + "'", position_);
    }
    token.text += Advance();
  }

  const std::string& text_;
  size_t offset_ = 0;
  SourcePosition position_;
};

}  // namespace

std::vector<Token> Tokenize(const std::string& text) { return Lexer(text).Run(); }

}  // namespace berserkr::sql
