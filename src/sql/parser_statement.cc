// Statements: queries, CREATE VIEW / TABLE, INSERT, DROP, COPY, EXPLAIN, DESCRIBE, SHOW TABLES;
// and the token helpers every rule uses.

#include <cctype>
#include <set>

#include "sql/parser.h"
#include "sql/parser_internal.h"

namespace berserkr::sql {

std::vector<Statement> ParseStatements(const std::string& text) {
  return Parser(text, Tokenize(text)).ParseAll();
}

bool Parser::IsReserved(const Token& token) {
  // Words that end an expression or a clause, so they cannot be a bare alias.
  static const std::set<std::string> kReserved = {
      "SELECT",   "FROM",   "WHERE",     "GROUP",   "HAVING", "QUALIFY", "ORDER",    "LIMIT",
      "OFFSET",   "UNION",  "INTERSECT", "EXCEPT",  "JOIN",   "ON",      "USING",    "INNER",
      "LEFT",     "RIGHT",  "FULL",      "OUTER",   "CROSS",  "SEMI",    "ANTI",     "AS",
      "AND",      "OR",     "NOT",       "IN",      "IS",     "NULL",    "CASE",     "WHEN",
      "THEN",     "ELSE",   "END",       "BETWEEN", "LIKE",   "ILIKE",   "WINDOW",   "WITH",
      "DISTINCT", "ALL",    "BY",        "TRUE",    "FALSE",  "EXISTS",  "OVER",     "FILTER",
      "NATURAL",  "VALUES", "ASC",       "DESC",    "NULLS",  "EXCLUDE", "RETURNING"};
  if (token.kind != TokenKind::kIdentifier) return false;
  std::string upper;
  for (char character : token.text) upper += static_cast<char>(std::toupper(character));
  return kReserved.count(upper) != 0;
}

bool Parser::AcceptKeyword(const char* keyword) {
  if (!Peek().IsKeyword(keyword)) return false;
  Advance();
  return true;
}

bool Parser::AcceptOperator(const char* op) {
  if (!Peek().IsOperator(op)) return false;
  Advance();
  return true;
}

void Parser::ExpectKeyword(const char* keyword) {
  if (!AcceptKeyword(keyword)) Fail(std::string("expected ") + keyword);
}

void Parser::ExpectOperator(const char* op) {
  if (!AcceptOperator(op)) Fail(std::string("expected '") + op + "'");
}

bool Parser::PeekIsName() const {
  const Token& token = Peek();
  return token.kind == TokenKind::kQuotedIdentifier ||
         (token.kind == TokenKind::kIdentifier && !IsReserved(token));
}

std::string Parser::ExpectName(const char* what) {
  if (!PeekIsName()) Fail(std::string("expected ") + what);
  return Advance().text;
}

void Parser::Fail(const std::string& message) const {
  const Token& token = Peek();
  const std::string found = token.kind == TokenKind::kEnd      ? "the end of the statement"
                            : token.kind == TokenKind::kString ? "'" + token.text + "'"
                                                               : "'" + token.text + "'";
  throw SqlError(message + ", found " + found, token.position);
}

size_t Parser::PreviousEnd() const { return index_ == 0 ? 0 : tokens_[index_ - 1].end; }

std::string Parser::TextBetween(size_t start, size_t end) const {
  std::string folded;
  bool space = false;
  for (size_t offset = start; offset < end && offset < text_.size(); ++offset) {
    if (std::isspace(static_cast<unsigned char>(text_[offset]))) {
      space = true;
      continue;
    }
    if (space && !folded.empty()) folded += ' ';
    space = false;
    folded += text_[offset];
  }
  return folded;
}

std::vector<Statement> Parser::ParseAll() {
  std::vector<Statement> statements;
  while (true) {
    while (AcceptOperator(";")) {
    }
    if (Peek().kind == TokenKind::kEnd) return statements;
    const size_t start = Peek().position.offset;
    Statement statement = ParseStatement();
    statement.text = text_.substr(start, PreviousEnd() - start);
    statements.push_back(std::move(statement));
    if (Peek().kind != TokenKind::kEnd && !Peek().IsOperator(";")) {
      Fail("expected ';' or the end of the statement");
    }
  }
}

Statement Parser::ParseStatement() {
  Statement statement;
  statement.position = Peek().position;
  if (AcceptKeyword("EXPLAIN")) {
    statement.kind = Statement::Kind::kExplain;
    statement.query = ParseQuery();
    return statement;
  }
  if (AcceptKeyword("CREATE")) return ParseCreate(std::move(statement));
  if (AcceptKeyword("COPY")) return ParseCopy(std::move(statement));
  if (AcceptKeyword("INSERT")) return ParseInsert(std::move(statement));
  if (AcceptKeyword("DROP")) return ParseDrop(std::move(statement));
  if (AcceptKeyword("DESCRIBE") || AcceptKeyword("DESC")) {
    statement.kind = Statement::Kind::kDescribe;
    if (Peek().IsKeyword("SELECT") || Peek().IsKeyword("WITH") || Peek().IsOperator("(")) {
      statement.query = ParseQuery();
    } else {
      statement.name = ExpectName("a table or view name");
    }
    return statement;
  }
  if (AcceptKeyword("SET")) {
    statement.kind = Statement::Kind::kSet;
    statement.name = ExpectName("a setting (threads, memory_limit)");
    if (!AcceptOperator("=")) ExpectKeyword("TO");
    if (Peek().kind == TokenKind::kEnd || Peek().IsOperator(";")) Fail("expected a value");
    statement.value = Advance().text;
    return statement;
  }
  if (AcceptKeyword("SHOW")) {
    ExpectKeyword("TABLES");
    statement.kind = Statement::Kind::kShowTables;
    return statement;
  }
  if (Peek().IsKeyword("SELECT") || Peek().IsKeyword("WITH") || Peek().IsKeyword("VALUES") ||
      Peek().IsKeyword("FROM") || Peek().IsOperator("(")) {
    statement.query = ParseQuery();
    return statement;
  }
  Fail("expected a statement (SELECT, WITH, CREATE, INSERT, DROP, COPY, EXPLAIN, DESCRIBE, SET)");
}

Statement Parser::ParseCreate(Statement statement) {
  if (AcceptKeyword("OR")) {
    ExpectKeyword("REPLACE");
    statement.or_replace = true;
  }
  statement.temporary = AcceptKeyword("TEMP") || AcceptKeyword("TEMPORARY");
  const bool view = AcceptKeyword("VIEW");
  if (!view) ExpectKeyword("TABLE");
  if (AcceptKeyword("IF")) {
    ExpectKeyword("NOT");
    ExpectKeyword("EXISTS");
    statement.if_not_exists = true;
  }
  statement.name = ExpectName(view ? "a view name" : "a table name");
  if (!view && AcceptOperator("(")) {
    statement.kind = Statement::Kind::kCreateTableColumns;
    do {
      std::string column = ExpectName("a column name");
      statement.columns.emplace_back(std::move(column), ParseType());
    } while (AcceptOperator(","));
    ExpectOperator(")");
    return statement;
  }
  statement.kind = view ? Statement::Kind::kCreateView : Statement::Kind::kCreateTable;
  ExpectKeyword("AS");
  statement.query = ParseQuery();
  return statement;
}

Statement Parser::ParseInsert(Statement statement) {
  statement.kind = Statement::Kind::kInsert;
  ExpectKeyword("INTO");
  statement.name = ExpectName("a table name");
  statement.query = ParseQuery();
  return statement;
}

Statement Parser::ParseDrop(Statement statement) {
  statement.kind = Statement::Kind::kDrop;
  statement.drop_view = AcceptKeyword("VIEW");
  if (!statement.drop_view) ExpectKeyword("TABLE");
  if (AcceptKeyword("IF")) {
    ExpectKeyword("EXISTS");
    statement.if_exists = true;
  }
  statement.name = ExpectName("a table name");
  return statement;
}

Statement Parser::ParseCopy(Statement statement) {
  statement.kind = Statement::Kind::kCopy;
  if (AcceptOperator("(")) {
    statement.query = ParseQuery();
    ExpectOperator(")");
  } else {
    statement.name = ExpectName("a table name or (query)");
  }
  ExpectKeyword("TO");
  if (Peek().kind != TokenKind::kString) Fail("expected the file to write, as 'path'");
  statement.path = Advance().text;
  if (AcceptOperator("(")) {
    do {
      std::string option = ExpectName("a COPY option such as FORMAT");
      std::string value;
      if (AcceptOperator("(")) {  // a list such as PARTITION_BY (year, month)
        do {
          value += (value.empty() ? "" : ",") + ExpectName("a column name");
        } while (AcceptOperator(","));
        ExpectOperator(")");
      } else if (!Peek().IsOperator(",") && !Peek().IsOperator(")")) {
        value = Advance().text;
      }
      for (char& character : option) character = static_cast<char>(std::tolower(character));
      statement.options.emplace_back(std::move(option), std::move(value));
    } while (AcceptOperator(","));
    ExpectOperator(")");
  }
  return statement;
}

}  // namespace berserkr::sql
