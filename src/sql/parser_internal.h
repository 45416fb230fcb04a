#pragma once

// The parser's state and rules, shared by parser_statement.cc (statements), parser_query.cc
// (SELECT, set operations, ORDER BY / LIMIT), parser_from.cc (FROM and joins) and
// parser_expression.cc (expressions, by precedence).

#include <string>
#include <vector>

#include "sql/ast.h"
#include "sql/sql_error.h"

namespace berserkr::sql {

class Parser {
 public:
  Parser(const std::string& text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  std::vector<Statement> ParseAll();

  // Statements.
  Statement ParseStatement();
  Statement ParseCreate(Statement statement);
  Statement ParseCopy(Statement statement);
  Statement ParseInsert(Statement statement);
  Statement ParseDrop(Statement statement);

  // Queries.
  QueryPtr ParseQuery();  // [WITH ...] set-operation tree [ORDER BY] [LIMIT] [OFFSET]
  QueryPtr ParseSetOperand();
  QueryPtr ParseSelect();
  std::vector<std::vector<AstExprPtr>> ParseValuesRows();
  void ParseGroupBy(SelectNode& select);
  std::vector<OrderItem> ParseOrderList();
  std::shared_ptr<WindowDefinition> ParseWindowBody();  // after "(" up to and with ")"
  FrameBound ParseFrameBound();

  // FROM.
  TableRefPtr ParseFrom();
  TableRefPtr ParseTableRef();
  TableRefPtr ParseTablePrimary();
  void ParseTableAlias(TableRef& ref);

  // Expressions, lowest precedence first.
  AstExprPtr ParseExpression();
  AstExprPtr ParseOr();
  AstExprPtr ParseAnd();
  AstExprPtr ParseNot();
  AstExprPtr ParseComparison();
  AstExprPtr ParseConcat();
  AstExprPtr ParseAdditive();
  AstExprPtr ParseMultiplicative();
  AstExprPtr ParseUnary();
  AstExprPtr ParsePostfix();
  AstExprPtr ParsePrimary();
  AstExprPtr ParseFunction(std::string name, SourcePosition position);
  void ParseStarModifiers(AstExpr& star);
  AstExprPtr ParseCase(SourcePosition position);
  AstExprPtr ParseInterval(SourcePosition position);
  AstExprPtr ParseCastFunction(bool try_cast, SourcePosition position);
  DataType ParseType();
  AstExprPtr Finish(std::shared_ptr<AstExpr> node, size_t start_offset);

  // Tokens.
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(index_ + ahead, tokens_.size() - 1)];
  }
  const Token& Advance() { return tokens_[index_ < tokens_.size() - 1 ? index_++ : index_]; }
  bool AcceptKeyword(const char* keyword);
  bool AcceptOperator(const char* op);
  void ExpectKeyword(const char* keyword);
  void ExpectOperator(const char* op);
  // An identifier (quoted or not, not a reserved keyword); `what` names it in the error.
  std::string ExpectName(const char* what);
  bool PeekIsName() const;
  [[noreturn]] void Fail(const std::string& message) const;
  // The text between two offsets, spaces folded: for default column names.
  std::string TextBetween(size_t start, size_t end) const;
  size_t PreviousEnd() const;

  static bool IsReserved(const Token& token);

 private:
  const std::string& text_;
  std::vector<Token> tokens_;
  size_t index_ = 0;
};

}  // namespace berserkr::sql
