// Expressions by precedence, lowest first: OR, AND, NOT, comparisons (= <> < ... IS, IN,
// BETWEEN, LIKE), ||, + -, * / // %, unary - +, :: casts, then primaries (literals, names,
// function calls with FILTER / OVER, CASE, CAST, EXISTS, subqueries).

#include <cctype>
#include <limits>

#include "sql/parser_internal.h"

namespace berserkr::sql {
namespace {

std::shared_ptr<AstExpr> NewExpr(AstExprKind kind, SourcePosition position) {
  auto node = std::make_shared<AstExpr>();
  node->kind = kind;
  node->position = position;
  return node;
}

// An integer literal is INTEGER when it fits, else BIGINT, else DECIMAL (DuckDB's literal types).
Scalar IntegerLiteral(const Token& token) {
  const std::string& digits = token.text;
  if (digits.size() <= 18) {
    const int64_t value = std::stoll(digits);
    if (value <= std::numeric_limits<int32_t>::max()) return Scalar::Int(value, DataType::Int32());
    return Scalar::Int(value, DataType::Int64());
  }
  __int128 value = 0;
  for (char digit : digits) {
    if (value > (static_cast<__int128>(1) << 120)) {
      throw SqlError("the number " + digits + " is too large", token.position);
    }
    value = value * 10 + (digit - '0');
  }
  if (value <= std::numeric_limits<int64_t>::max()) {
    return Scalar::Int(static_cast<int64_t>(value), DataType::Int64());
  }
  if (digits.size() > 38) throw SqlError("the number " + digits + " is too large", token.position);
  return Scalar::Decimal(value, static_cast<int>(digits.size()), 0);
}

// 1.50 is DECIMAL(3, 2) as in DuckDB; past 38 digits it is a DOUBLE.
Scalar DecimalLiteral(const Token& token) {
  const std::string& text = token.text;
  const size_t point = text.find('.');
  std::string integer_part = text.substr(0, point);
  const std::string fraction = text.substr(point + 1);
  while (!integer_part.empty() && integer_part[0] == '0') integer_part.erase(0, 1);
  const int scale = static_cast<int>(fraction.size());
  const int precision = std::max<int>(1, static_cast<int>(integer_part.size()) + scale);
  if (precision > 38) return Scalar::Float64(std::stod(text));
  __int128 unscaled = 0;
  for (char digit : integer_part + fraction) unscaled = unscaled * 10 + (digit - '0');
  return Scalar::Decimal(unscaled, std::max(precision, scale), scale);
}

}  // namespace

AstExprPtr Parser::Finish(std::shared_ptr<AstExpr> node, size_t start_offset) {
  node->text = TextBetween(start_offset, PreviousEnd());
  return node;
}

AstExprPtr Parser::ParseExpression() { return ParseOr(); }

AstExprPtr Parser::ParseOr() {
  const size_t start = Peek().position.offset;
  AstExprPtr left = ParseAnd();
  while (Peek().IsKeyword("OR")) {
    auto node = NewExpr(AstExprKind::kBinary, Advance().position);
    node->op = "OR";
    node->children = {left, ParseAnd()};
    left = Finish(node, start);
  }
  return left;
}

AstExprPtr Parser::ParseAnd() {
  const size_t start = Peek().position.offset;
  AstExprPtr left = ParseNot();
  while (Peek().IsKeyword("AND")) {
    auto node = NewExpr(AstExprKind::kBinary, Advance().position);
    node->op = "AND";
    node->children = {left, ParseNot()};
    left = Finish(node, start);
  }
  return left;
}

AstExprPtr Parser::ParseNot() {
  const size_t start = Peek().position.offset;
  if (Peek().IsKeyword("NOT") && !Peek(1).IsKeyword("EXISTS")) {
    auto node = NewExpr(AstExprKind::kUnary, Advance().position);
    node->op = "NOT";
    node->children = {ParseNot()};
    return Finish(node, start);
  }
  return ParseComparison();
}

AstExprPtr Parser::ParseComparison() {
  const size_t start = Peek().position.offset;
  AstExprPtr left = ParseConcat();
  while (true) {
    const Token& token = Peek();
    static const char* const kComparisons[] = {"=", "==", "<>", "!=", "<", "<=", ">", ">="};
    bool comparison = false;
    for (const char* op : kComparisons) comparison = comparison || token.IsOperator(op);
    if (comparison) {
      auto node = NewExpr(AstExprKind::kBinary, Advance().position);
      node->op = token.text == "==" ? "=" : token.text == "!=" ? "<>" : token.text;
      node->children = {left, ParseConcat()};
      left = Finish(node, start);
      continue;
    }
    if (token.IsKeyword("IS")) {
      const SourcePosition position = Advance().position;
      const bool negated = AcceptKeyword("NOT");
      if (AcceptKeyword("NULL")) {
        auto node = NewExpr(AstExprKind::kIsNull, position);
        node->negated = negated;
        node->children = {left};
        left = Finish(node, start);
      } else if (AcceptKeyword("DISTINCT")) {
        ExpectKeyword("FROM");
        auto node = NewExpr(AstExprKind::kBinary, position);
        node->op = negated ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM";
        node->children = {left, ParseConcat()};
        left = Finish(node, start);
      } else if (Peek().IsKeyword("TRUE") || Peek().IsKeyword("FALSE")) {
        // x IS [NOT] TRUE: never NULL, as x IS NOT DISTINCT FROM TRUE.
        const bool truth = Advance().IsKeyword("TRUE");
        auto literal = NewExpr(AstExprKind::kLiteral, position);
        literal->literal = Scalar::Bool(truth);
        literal->text = truth ? "true" : "false";
        auto node = NewExpr(AstExprKind::kBinary, position);
        node->op = negated ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM";
        node->children = {left, literal};
        left = Finish(node, start);
      } else {
        Fail("expected NULL, DISTINCT FROM, TRUE or FALSE after IS");
      }
      continue;
    }
    const bool negated =
        token.IsKeyword("NOT") && (Peek(1).IsKeyword("IN") || Peek(1).IsKeyword("BETWEEN") ||
                                   Peek(1).IsKeyword("LIKE") || Peek(1).IsKeyword("ILIKE"));
    if (negated) Advance();
    const Token& keyword = Peek();
    if (keyword.IsKeyword("IN")) {
      const SourcePosition position = Advance().position;
      ExpectOperator("(");
      if (Peek().IsKeyword("SELECT") || Peek().IsKeyword("WITH") || Peek().IsKeyword("FROM") ||
          Peek().IsKeyword("VALUES")) {
        auto node = NewExpr(AstExprKind::kInQuery, position);
        node->negated = negated;
        node->children = {left};
        node->subquery = ParseQuery();
        ExpectOperator(")");
        left = Finish(node, start);
      } else {
        auto node = NewExpr(AstExprKind::kInList, position);
        node->negated = negated;
        node->children = {left};
        do {
          node->children.push_back(ParseExpression());
        } while (AcceptOperator(","));
        ExpectOperator(")");
        left = Finish(node, start);
      }
    } else if (keyword.IsKeyword("BETWEEN")) {
      auto node = NewExpr(AstExprKind::kBetween, Advance().position);
      node->negated = negated;
      AstExprPtr low = ParseConcat();
      ExpectKeyword("AND");
      node->children = {left, low, ParseConcat()};
      left = Finish(node, start);
    } else if (keyword.IsKeyword("LIKE") || keyword.IsKeyword("ILIKE")) {
      const bool fold_case = keyword.IsKeyword("ILIKE");
      auto node = NewExpr(AstExprKind::kBinary, Advance().position);
      node->op = fold_case ? "ILIKE" : "LIKE";
      node->negated = negated;
      node->children = {left, ParseConcat()};
      if (AcceptKeyword("ESCAPE")) node->children.push_back(ParseConcat());
      left = Finish(node, start);
    } else if (negated) {
      Fail("expected IN, BETWEEN, LIKE or ILIKE after NOT");
    } else {
      return left;
    }
  }
}

AstExprPtr Parser::ParseConcat() {
  const size_t start = Peek().position.offset;
  AstExprPtr left = ParseAdditive();
  while (Peek().IsOperator("||")) {
    auto node = NewExpr(AstExprKind::kBinary, Advance().position);
    node->op = "||";
    node->children = {left, ParseAdditive()};
    left = Finish(node, start);
  }
  return left;
}

AstExprPtr Parser::ParseAdditive() {
  const size_t start = Peek().position.offset;
  AstExprPtr left = ParseMultiplicative();
  while (Peek().IsOperator("+") || Peek().IsOperator("-")) {
    auto node = NewExpr(AstExprKind::kBinary, Peek().position);
    node->op = Advance().text;
    node->children = {left, ParseMultiplicative()};
    left = Finish(node, start);
  }
  return left;
}

AstExprPtr Parser::ParseMultiplicative() {
  const size_t start = Peek().position.offset;
  AstExprPtr left = ParseUnary();
  while (Peek().IsOperator("*") || Peek().IsOperator("/") || Peek().IsOperator("//") ||
         Peek().IsOperator("%")) {
    auto node = NewExpr(AstExprKind::kBinary, Peek().position);
    node->op = Advance().text;
    node->children = {left, ParseUnary()};
    left = Finish(node, start);
  }
  return left;
}

AstExprPtr Parser::ParseUnary() {
  const size_t start = Peek().position.offset;
  if (Peek().IsOperator("-") || Peek().IsOperator("+")) {
    const Token& sign = Advance();
    // -5 is one literal (so that -2147483648 is an INTEGER, as in DuckDB).
    if (sign.text == "-" && Peek().kind == TokenKind::kInteger && !Peek(1).IsOperator("::")) {
      const Token& digits = Advance();
      auto node = NewExpr(AstExprKind::kLiteral, sign.position);
      const Scalar magnitude = IntegerLiteral(digits);
      if (magnitude.type().is_integer()) {
        const int64_t value = -magnitude.int_value();
        node->literal = value >= std::numeric_limits<int32_t>::min()
                            ? Scalar::Int(value, DataType::Int32())
                            : Scalar::Int(value, DataType::Int64());
        return Finish(node, start);
      }
      node->kind = AstExprKind::kUnary;
      node->op = "-";
      auto literal = NewExpr(AstExprKind::kLiteral, digits.position);
      literal->literal = magnitude;
      literal->text = digits.text;
      node->children = {literal};
      return Finish(node, start);
    }
    auto node = NewExpr(AstExprKind::kUnary, sign.position);
    node->op = sign.text;
    node->children = {ParseUnary()};
    return Finish(node, start);
  }
  return ParsePostfix();
}

AstExprPtr Parser::ParsePostfix() {
  const size_t start = Peek().position.offset;
  AstExprPtr value = ParsePrimary();
  while (Peek().IsOperator("::")) {
    auto node = NewExpr(AstExprKind::kCast, Advance().position);
    node->children = {value};
    node->cast_type = ParseType();
    value = Finish(node, start);
  }
  return value;
}

DataType Parser::ParseType() {
  const Token& first = Peek();
  if (first.kind != TokenKind::kIdentifier && first.kind != TokenKind::kQuotedIdentifier) {
    Fail("expected a type name");
  }
  std::string name = Advance().text;
  // Two-word names: DOUBLE PRECISION, TIMESTAMP WITH TIME ZONE.
  if (Peek().IsKeyword("PRECISION")) {
    Advance();
  } else if (Peek().IsKeyword("WITH") && Peek(1).IsKeyword("TIME")) {
    Advance();
    Advance();
    ExpectKeyword("ZONE");
    name = "timestamptz";
  }
  if (AcceptOperator("(")) {
    name += "(";
    do {
      if (Peek().kind != TokenKind::kInteger) Fail("expected a number in the type");
      name += Advance().text;
      if (Peek().IsOperator(",")) name += ",";
    } while (AcceptOperator(","));
    ExpectOperator(")");
    name += ")";
    // VARCHAR(n): the length is not enforced, as in DuckDB.
    std::string lower;
    for (char character : name) lower += static_cast<char>(std::tolower(character));
    if (lower.rfind("varchar(", 0) == 0 || lower.rfind("char(", 0) == 0) name = "varchar";
  }
  try {
    return ParseDataType(name);
  } catch (const InvalidInput& error) {
    throw SqlError(error.what(), first.position);
  }
}

AstExprPtr Parser::ParsePrimary() {
  const Token& token = Peek();
  const size_t start = token.position.offset;
  const SourcePosition position = token.position;
  switch (token.kind) {
    case TokenKind::kInteger: {
      auto node = NewExpr(AstExprKind::kLiteral, position);
      node->literal = IntegerLiteral(Advance());
      return Finish(node, start);
    }
    case TokenKind::kDecimal: {
      auto node = NewExpr(AstExprKind::kLiteral, position);
      node->literal = DecimalLiteral(Advance());
      return Finish(node, start);
    }
    case TokenKind::kFloat: {
      auto node = NewExpr(AstExprKind::kLiteral, position);
      node->literal = Scalar::Float64(std::stod(Advance().text));
      return Finish(node, start);
    }
    case TokenKind::kString: {
      auto node = NewExpr(AstExprKind::kLiteral, position);
      node->literal = Scalar::String(Advance().text);
      return Finish(node, start);
    }
    case TokenKind::kEnd:
      Fail("expected an expression");
    default:
      break;
  }
  if (AcceptOperator("(")) {
    if (Peek().IsKeyword("SELECT") || Peek().IsKeyword("WITH") || Peek().IsKeyword("FROM")) {
      auto node = NewExpr(AstExprKind::kSubquery, position);
      node->subquery = ParseQuery();
      ExpectOperator(")");
      return Finish(node, start);
    }
    AstExprPtr inner = ParseExpression();
    ExpectOperator(")");
    return inner;
  }
  if (AcceptOperator("[")) {
    auto node = NewExpr(AstExprKind::kList, position);
    if (!Peek().IsOperator("]")) {
      do {
        node->children.push_back(ParseExpression());
      } while (AcceptOperator(","));
    }
    ExpectOperator("]");
    return Finish(node, start);
  }
  if (AcceptOperator("{")) {
    // {'name': value, ...}; names may also be written bare or in double quotes.
    auto node = NewExpr(AstExprKind::kStruct, position);
    if (!Peek().IsOperator("}")) {
      do {
        if (Peek().kind != TokenKind::kString && !PeekIsName()) Fail("expected a field name");
        node->names.push_back(Advance().text);
        ExpectOperator(":");
        node->children.push_back(ParseExpression());
      } while (AcceptOperator(","));
    }
    ExpectOperator("}");
    return Finish(node, start);
  }
  if (AcceptOperator("*")) {
    auto node = NewExpr(AstExprKind::kStar, position);
    ParseStarModifiers(*node);
    return Finish(node, start);
  }
  if (token.IsKeyword("NULL") || token.IsKeyword("TRUE") || token.IsKeyword("FALSE")) {
    auto node = NewExpr(AstExprKind::kLiteral, position);
    const Token& word = Advance();
    node->literal = word.IsKeyword("NULL") ? Scalar() : Scalar::Bool(word.IsKeyword("TRUE"));
    return Finish(node, start);
  }
  if (token.IsKeyword("CASE")) {
    Advance();
    return ParseCase(position);
  }
  if (token.IsKeyword("CAST") || token.IsKeyword("TRY_CAST")) {
    const bool try_cast = Advance().IsKeyword("TRY_CAST");
    return ParseCastFunction(try_cast, position);
  }
  if (token.IsKeyword("EXISTS") || (token.IsKeyword("NOT") && Peek(1).IsKeyword("EXISTS"))) {
    auto node = NewExpr(AstExprKind::kExists, position);
    node->negated = Advance().IsKeyword("NOT");
    if (node->negated) Advance();
    ExpectOperator("(");
    node->subquery = ParseQuery();
    ExpectOperator(")");
    return Finish(node, start);
  }
  // DATE '2024-01-31', TIMESTAMP '...': typed literals, as casts of the text.
  if ((token.IsKeyword("DATE") || token.IsKeyword("TIMESTAMP") || token.IsKeyword("TIMESTAMPTZ")) &&
      Peek(1).kind == TokenKind::kString) {
    auto node = NewExpr(AstExprKind::kCast, position);
    node->cast_type = ParseType();
    auto text = NewExpr(AstExprKind::kLiteral, Peek().position);
    text->literal = Scalar::String(Advance().text);
    node->children = {text};
    return Finish(node, start);
  }
  if (token.IsKeyword("INTERVAL")) {
    Advance();
    return ParseInterval(position);
  }
  if (token.kind == TokenKind::kQuotedIdentifier ||
      (token.kind == TokenKind::kIdentifier && !IsReserved(token)) ||
      (token.kind == TokenKind::kIdentifier &&
       (token.IsKeyword("LEFT") || token.IsKeyword("RIGHT")) && Peek(1).IsOperator("("))) {
    const bool quoted = token.kind == TokenKind::kQuotedIdentifier;
    std::string name = Advance().text;
    if (!quoted && Peek().IsOperator("(")) {
      Advance();
      return ParseFunction(name, position);
    }
    auto node = NewExpr(AstExprKind::kColumn, position);
    node->names.push_back(std::move(name));
    while (AcceptOperator(".")) {
      if (AcceptOperator("*")) {
        node->kind = AstExprKind::kStar;
        ParseStarModifiers(*node);
        return Finish(node, start);
      }
      node->names.push_back(ExpectName("a column name after '.'"));
    }
    return Finish(node, start);
  }
  Fail("expected an expression");
}

// * EXCLUDE (a, b) and * REPLACE (expression AS a, ...), as DuckDB.
void Parser::ParseStarModifiers(AstExpr& star) {
  if (AcceptKeyword("EXCLUDE")) {
    ExpectOperator("(");
    do {
      star.excluded.push_back(ExpectName("a column name"));
    } while (AcceptOperator(","));
    ExpectOperator(")");
  }
  if (Peek().IsKeyword("REPLACE") && Peek(1).IsOperator("(")) {
    Advance();
    Advance();
    do {
      AstExprPtr value = ParseExpression();
      ExpectKeyword("AS");
      star.replacements.emplace_back(std::move(value), ExpectName("the column to replace"));
    } while (AcceptOperator(","));
    ExpectOperator(")");
  }
}

AstExprPtr Parser::ParseFunction(std::string name, SourcePosition position) {
  const size_t start = position.offset;
  for (char& character : name) character = static_cast<char>(std::tolower(character));
  auto node = NewExpr(AstExprKind::kFunction, position);
  node->names = {name};
  if (name == "extract" && (PeekIsName() || Peek().kind == TokenKind::kString) &&
      Peek(1).IsKeyword("FROM")) {
    // extract(year FROM d) and extract('year' FROM d) are date_part('year', d).
    auto part = NewExpr(AstExprKind::kLiteral, Peek().position);
    part->literal = Scalar::String(Advance().text);
    part->text = "'" + part->literal.string_value() + "'";
    Advance();
    node->children = {part, ParseExpression()};
    ExpectOperator(")");
    return Finish(node, start);
  }
  if (AcceptOperator("*")) {
    node->star = true;
  } else if (!Peek().IsOperator(")")) {
    if (AcceptKeyword("DISTINCT")) {
      node->distinct = true;
    } else {
      AcceptKeyword("ALL");
    }
    do {
      node->children.push_back(ParseExpression());
    } while (AcceptOperator(","));
    if (AcceptKeyword("ORDER")) {
      ExpectKeyword("BY");
      node->order_by = ParseOrderList();
    }
  }
  ExpectOperator(")");
  if (AcceptKeyword("FILTER")) {
    ExpectOperator("(");
    ExpectKeyword("WHERE");
    node->filter = ParseExpression();
    ExpectOperator(")");
  }
  if (AcceptKeyword("OVER")) {
    if (AcceptOperator("(")) {
      node->window = ParseWindowBody();
    } else {
      auto window = std::make_shared<WindowDefinition>();
      window->position = Peek().position;
      window->base_name = ExpectName("a window name or (");
      node->window = window;
    }
  }
  return Finish(node, start);
}

// INTERVAL 3 DAY, INTERVAL '3' DAYS, INTERVAL '3 days': a count and a unit, singular.
AstExprPtr Parser::ParseInterval(SourcePosition position) {
  const size_t start = position.offset;
  auto node = NewExpr(AstExprKind::kInterval, position);
  std::string count_text;
  std::string unit;
  bool negative = AcceptOperator("-");
  if (Peek().kind == TokenKind::kInteger) {
    count_text = Advance().text;
  } else if (Peek().kind == TokenKind::kString) {
    std::string text = Advance().text;
    const size_t space = text.find(' ');
    count_text = text.substr(0, space);
    if (space != std::string::npos) unit = text.substr(space + 1);
    if (!count_text.empty() && count_text[0] == '-') {
      negative = !negative;
      count_text.erase(0, 1);
    }
  } else {
    Fail("expected the number of an INTERVAL");
  }
  if (count_text.empty() || count_text.size() > 15 ||
      count_text.find_first_not_of("0123456789") != std::string::npos) {
    throw SqlError("INTERVAL takes a whole number and a unit, e.g. INTERVAL 3 DAY", position);
  }
  if (unit.empty()) {
    if (Peek().kind != TokenKind::kIdentifier) Fail("expected the unit of the INTERVAL (DAY, ...)");
    unit = Advance().text;
  }
  for (char& character : unit) character = static_cast<char>(std::tolower(character));
  while (unit.size() > 1 && (unit.back() == 's' || unit.back() == ' ')) unit.pop_back();
  static const char* const kUnits[] = {"year", "quarter", "month",  "week",        "day",
                                       "hour", "minute",  "second", "millisecond", "microsecond"};
  bool known = false;
  for (const char* known_unit : kUnits) known = known || unit == known_unit;
  if (!known) {
    throw SqlError("unknown INTERVAL unit '" + unit +
                       "'; the units are year, quarter, month, week, day, hour, minute, second, "
                       "millisecond and microsecond",
                   position);
  }
  const int64_t count = std::stoll(count_text);
  node->literal = Scalar::Int(negative ? -count : count, DataType::Int64());
  node->op = unit;
  return Finish(node, start);
}

AstExprPtr Parser::ParseCase(SourcePosition position) {
  const size_t start = position.offset;
  auto node = NewExpr(AstExprKind::kCase, position);
  if (!Peek().IsKeyword("WHEN")) node->case_operand = ParseExpression();
  if (!Peek().IsKeyword("WHEN")) Fail("expected WHEN");
  while (AcceptKeyword("WHEN")) {
    node->children.push_back(ParseExpression());
    ExpectKeyword("THEN");
    node->children.push_back(ParseExpression());
  }
  if (AcceptKeyword("ELSE")) {
    node->children.push_back(ParseExpression());
    node->has_else = true;
  }
  ExpectKeyword("END");
  return Finish(node, start);
}

AstExprPtr Parser::ParseCastFunction(bool try_cast, SourcePosition position) {
  const size_t start = position.offset;
  auto node = NewExpr(AstExprKind::kCast, position);
  node->try_cast = try_cast;
  ExpectOperator("(");
  node->children = {ParseExpression()};
  ExpectKeyword("AS");
  node->cast_type = ParseType();
  ExpectOperator(")");
  return Finish(node, start);
}

}  // namespace berserkr::sql
