// The lexer and parser on their own: tokens and positions, precedence, clause shapes, and
// errors that point at the right place.

#include "sql/parser.h"

#include <gtest/gtest.h>

#include "sql/sql_error.h"

namespace berserkr::sql {
namespace {

TEST(LexerTest, TokensCarryLinesAndColumns) {
  const std::vector<Token> tokens = Tokenize("SELECT a,\n  'it''s' -- note\n  /* x */ 1.5e3 ::");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_TRUE(tokens[0].IsKeyword("SELECT"));
  EXPECT_EQ(tokens[3].kind, TokenKind::kString);
  EXPECT_EQ(tokens[3].text, "it's");
  EXPECT_EQ(tokens[3].position.line, 2);
  EXPECT_EQ(tokens[3].position.column, 3);
  EXPECT_EQ(tokens[4].kind, TokenKind::kFloat);
  EXPECT_EQ(tokens[4].position.line, 3);
  EXPECT_EQ(tokens[4].position.column, 11);
  EXPECT_TRUE(tokens[5].IsOperator("::"));
  EXPECT_EQ(tokens[6].kind, TokenKind::kEnd);
}

TEST(LexerTest, UnterminatedStringPointsAtItsStart) {
  try {
    Tokenize("SELECT\n  'abc");
    FAIL() << "no error";
  } catch (const SqlError& error) {
    EXPECT_EQ(error.position().line, 2);
    EXPECT_EQ(error.position().column, 3);
  }
}

TEST(ParserTest, PrecedenceOfOperators) {
  const std::vector<Statement> statements =
      ParseStatements("SELECT 1 + 2 * 3 = 7 AND NOT x OR y, -a::BIGINT");
  ASSERT_EQ(statements.size(), 1u);
  const SelectNode& select = statements[0].query->select;
  ASSERT_EQ(select.items.size(), 2u);
  const AstExpr& top = *select.items[0].expression;
  EXPECT_EQ(top.op, "OR");                // (... AND NOT x) OR y
  EXPECT_EQ(top.children[0]->op, "AND");  // (1 + 2 * 3 = 7) AND NOT x
  EXPECT_EQ(top.children[0]->children[0]->op, "=");
  EXPECT_EQ(top.children[0]->children[0]->children[0]->op, "+");
  EXPECT_EQ(top.children[0]->children[0]->children[0]->children[1]->op, "*");
  EXPECT_EQ(select.items[1].expression->kind, AstExprKind::kUnary);  // -(a::BIGINT)
  EXPECT_EQ(select.items[1].expression->children[0]->kind, AstExprKind::kCast);
  EXPECT_EQ(top.text, "1 + 2 * 3 = 7 AND NOT x OR y");
}

TEST(ParserTest, SetOperationsOrderAndLimitApplyToTheWhole) {
  const std::vector<Statement> statements = ParseStatements(
      "WITH c AS (SELECT 1) SELECT a FROM t UNION ALL SELECT b FROM u INTERSECT SELECT c FROM v "
      "ORDER BY 1 LIMIT 3; SELECT 2");
  ASSERT_EQ(statements.size(), 2u);
  const QueryNode& query = *statements[0].query;
  EXPECT_EQ(query.kind, QueryNode::Kind::kSetOperation);
  EXPECT_EQ(query.set_operation, SetOperation::kUnion);
  EXPECT_TRUE(query.all);
  EXPECT_EQ(query.right->set_operation, SetOperation::kIntersect);  // binds tighter
  EXPECT_EQ(query.ctes.size(), 1u);
  EXPECT_EQ(query.order_by.size(), 1u);
  EXPECT_TRUE(query.limit != nullptr);
}

TEST(ParserTest, JoinsWindowsAndStatements) {
  const std::vector<Statement> statements = ParseStatements(
      "CREATE OR REPLACE TEMP VIEW v AS SELECT t.a, sum(x) OVER (PARTITION BY g ORDER BY t DESC "
      "NULLS FIRST ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t LEFT JOIN u USING (a) "
      "JOIN read_csv('f.csv', header = true) r ON r.a = t.a;"
      "COPY (SELECT 1) TO 'out.csv' (FORMAT csv)");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0].kind, Statement::Kind::kCreateView);
  EXPECT_TRUE(statements[0].or_replace);
  EXPECT_TRUE(statements[0].temporary);
  const SelectNode& select = statements[0].query->select;
  const WindowDefinition& window = *select.items[1].expression->window;
  EXPECT_EQ(window.partition_by.size(), 1u);
  EXPECT_FALSE(window.order_by[0].ascending);
  EXPECT_TRUE(*window.order_by[0].nulls_first);
  EXPECT_EQ(window.frame->start.kind, FrameBound::Kind::kPreceding);
  EXPECT_EQ(window.frame->start.offset, 2);
  const TableRef& from = *select.from;
  EXPECT_EQ(from.kind, TableRef::Kind::kJoin);
  EXPECT_EQ(from.left->join, JoinKind::kLeft);
  EXPECT_EQ(from.left->using_columns, std::vector<std::string>{"a"});
  EXPECT_EQ(from.right->kind, TableRef::Kind::kFunction);
  EXPECT_EQ(from.right->alias, "r");
  EXPECT_EQ(statements[1].kind, Statement::Kind::kCopy);
  EXPECT_EQ(statements[1].path, "out.csv");
  EXPECT_EQ(statements[1].options[0].second, "csv");
}

TEST(ParserTest, LiteralTypesFollowDuckDb) {
  const std::vector<Statement> statements =
      ParseStatements("SELECT 1, 3000000000, 1.50, 1e3, -2147483648");
  const SelectNode& select = statements[0].query->select;
  EXPECT_EQ(select.items[0].expression->literal.type(), DataType::Int32());
  EXPECT_EQ(select.items[1].expression->literal.type(), DataType::Int64());
  EXPECT_EQ(select.items[2].expression->literal.type(), DataType::Decimal(3, 2));
  EXPECT_EQ(select.items[3].expression->literal.type(), DataType::Float64());
  EXPECT_EQ(select.items[4].expression->literal.type(), DataType::Int32());
}

TEST(ParserTest, ErrorsNameWhatWasExpectedAndWhere) {
  const std::string text = "SELECT a\nFROM t\nWHERE a >";
  try {
    ParseStatements(text);
    FAIL() << "no error";
  } catch (const SqlError& error) {
    EXPECT_EQ(std::string(error.what()), "expected an expression, found the end of the statement");
    EXPECT_EQ(error.position().line, 3);
    EXPECT_EQ(FormatSqlError(error.what(), text, error.position()),
              "expected an expression, found the end of the statement at line 3, column 10:\n"
              "  WHERE a >\n"
              "           ^");
  }
}

}  // namespace
}  // namespace berserkr::sql
