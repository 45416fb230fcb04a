// FROM: tables, views and CTEs by name, quoted file paths and globs, table functions, subqueries,
// VALUES, and joins (comma, [INNER] / LEFT / RIGHT / FULL [OUTER] / CROSS / SEMI / ANTI JOIN with
// ON or USING; NATURAL JOIN is USING every column the two sides share).

#include "sql/parser_internal.h"

namespace berserkr::sql {

TableRefPtr Parser::ParseFrom() {
  TableRefPtr left = ParseTableRef();
  while (AcceptOperator(",")) {
    auto join = std::make_shared<TableRef>();
    join->kind = TableRef::Kind::kJoin;
    join->join = JoinKind::kCross;
    join->position = Peek().position;
    join->left = left;
    join->right = ParseTableRef();
    left = join;
  }
  return left;
}

TableRefPtr Parser::ParseTableRef() {
  TableRefPtr left = ParseTablePrimary();
  while (true) {
    const SourcePosition position = Peek().position;
    const bool natural = AcceptKeyword("NATURAL");
    JoinKind kind = JoinKind::kInner;
    bool needs_condition = true;
    if (AcceptKeyword("CROSS")) {
      kind = JoinKind::kCross;
      needs_condition = false;
    } else if (AcceptKeyword("LEFT")) {
      kind = AcceptKeyword("SEMI")   ? JoinKind::kSemi
             : AcceptKeyword("ANTI") ? JoinKind::kAnti
                                     : JoinKind::kLeft;
      AcceptKeyword("OUTER");
    } else if (AcceptKeyword("RIGHT")) {
      kind = JoinKind::kRight;
      AcceptKeyword("OUTER");
    } else if (AcceptKeyword("FULL")) {
      kind = JoinKind::kFull;
      AcceptKeyword("OUTER");
    } else if (AcceptKeyword("SEMI")) {
      kind = JoinKind::kSemi;
    } else if (AcceptKeyword("ANTI")) {
      kind = JoinKind::kAnti;
    } else if (AcceptKeyword("INNER")) {
      kind = JoinKind::kInner;
    } else if (!Peek().IsKeyword("JOIN")) {
      if (natural) Fail("expected JOIN after NATURAL");
      return left;
    }
    if (natural && kind == JoinKind::kCross) Fail("NATURAL CROSS JOIN is not a join");
    ExpectKeyword("JOIN");
    auto join = std::make_shared<TableRef>();
    join->kind = TableRef::Kind::kJoin;
    join->join = kind;
    join->position = position;
    join->left = left;
    join->right = ParseTablePrimary();
    join->natural = natural;
    if (needs_condition && !natural) {
      if (AcceptKeyword("ON")) {
        join->on = ParseExpression();
      } else if (AcceptKeyword("USING")) {
        ExpectOperator("(");
        do {
          join->using_columns.push_back(ExpectName("a column name"));
        } while (AcceptOperator(","));
        ExpectOperator(")");
      } else {
        Fail("expected ON or USING after the joined table");
      }
    }
    left = join;
  }
}

TableRefPtr Parser::ParseTablePrimary() {
  auto ref = std::make_shared<TableRef>();
  ref->position = Peek().position;
  if (AcceptOperator("(")) {
    if (Peek().IsKeyword("SELECT") || Peek().IsKeyword("WITH") || Peek().IsKeyword("VALUES") ||
        Peek().IsKeyword("FROM") || Peek().IsOperator("(")) {
      ref->kind = TableRef::Kind::kSubquery;
      ref->subquery = ParseQuery();
      ExpectOperator(")");
    } else {
      // A parenthesized join: (a JOIN b ON ...).
      TableRefPtr inner = ParseFrom();
      ExpectOperator(")");
      if (!PeekIsName() && !Peek().IsKeyword("AS")) return inner;
      Fail("an alias for a parenthesized join is not supported");
    }
  } else if (Peek().kind == TokenKind::kString) {
    ref->kind = TableRef::Kind::kFile;
    ref->name = Advance().text;
  } else if (Peek().IsKeyword("VALUES")) {
    Advance();
    ref->kind = TableRef::Kind::kValues;
    ref->rows = ParseValuesRows();
  } else {
    std::string name = ExpectName("a table, view, file or table function");
    // A qualified name (schema.table): only the last part names something here.
    while (AcceptOperator(".")) name = ExpectName("a table name");
    if (AcceptOperator("(")) {
      ref->kind = TableRef::Kind::kFunction;
      for (char& character : name) character = static_cast<char>(std::tolower(character));
      ref->name = name;
      if (!Peek().IsOperator(")")) {
        do {
          // name := value and name => value are named arguments, as name = value.
          if (PeekIsName() && (Peek(1).IsOperator(":=") || Peek(1).IsOperator("=>"))) {
            auto column = std::make_shared<AstExpr>();
            column->kind = AstExprKind::kColumn;
            column->position = Peek().position;
            column->names = {Advance().text};
            Advance();
            auto named = std::make_shared<AstExpr>();
            named->kind = AstExprKind::kBinary;
            named->op = "=";
            named->position = column->position;
            named->children = {column, ParseExpression()};
            ref->arguments.push_back(named);
          } else {
            ref->arguments.push_back(ParseExpression());
          }
        } while (AcceptOperator(","));
      }
      ExpectOperator(")");
    } else {
      ref->kind = TableRef::Kind::kName;
      ref->name = name;
    }
  }
  ParseTableAlias(*ref);
  return ref;
}

void Parser::ParseTableAlias(TableRef& ref) {
  const bool explicit_alias = AcceptKeyword("AS");
  if (!explicit_alias && !PeekIsName()) return;
  ref.alias = ExpectName("an alias");
  if (AcceptOperator("(")) {
    do {
      ref.column_aliases.push_back(ExpectName("a column name"));
    } while (AcceptOperator(","));
    ExpectOperator(")");
  }
}

}  // namespace berserkr::sql
