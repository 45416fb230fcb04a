#include "berserkr/expr/expression.h"

#include <map>

namespace berserkr {

Expression::Expression(ExpressionKind kind, std::string name, Scalar literal,
                       std::vector<ExprPtr> arguments, DataType cast_type, bool flag)
    : kind_(kind),
      name_(std::move(name)),
      literal_(std::move(literal)),
      arguments_(std::move(arguments)),
      cast_type_(std::move(cast_type)),
      flag_(flag) {}

namespace {

// Functions printed as infix operators; the others print as name(arguments).
const std::map<std::string, std::string>& InfixOperators() {
  static const auto* operators = new std::map<std::string, std::string>{
      {"add", "+"},     {"subtract", "-"},        {"multiply", "*"}, {"divide", "/"},
      {"modulo", "%"},  {"integer_divide", "//"}, {"equal", "="},    {"not_equal", "<>"},
      {"less", "<"},    {"less_equal", "<="},     {"greater", ">"},  {"greater_equal", ">="},
      {"like", "LIKE"}, {"ilike", "ILIKE"},       {"||", "||"}};
  return *operators;
}

std::string QuoteIdentifier(const std::string& name) {
  for (char character : name) {
    const bool plain =
        (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') ||
        (character >= '0' && character <= '9') || character == '_' || character == '.';
    if (!plain) return "\"" + name + "\"";
  }
  return name;
}

std::string JoinArguments(const std::vector<ExprPtr>& arguments, size_t begin) {
  std::string text;
  for (size_t index = begin; index < arguments.size(); ++index) {
    if (index > begin) text += ", ";
    text += arguments[index]->ToString();
  }
  return text;
}

ExprPtr Make(ExpressionKind kind, std::vector<ExprPtr> arguments, bool flag = false) {
  return ExprPtr(
      std::make_shared<Expression>(kind, "", Scalar(), std::move(arguments), DataType(), flag));
}

}  // namespace

std::string Expression::ToString() const {
  const std::string not_text = flag_ ? "NOT " : "";
  switch (kind_) {
    case ExpressionKind::kColumn:
      return QuoteIdentifier(name_);
    case ExpressionKind::kLiteral:
      return literal_.ToString();
    case ExpressionKind::kCall: {
      const auto infix = InfixOperators().find(name_);
      if (infix != InfixOperators().end() && arguments_.size() == 2) {
        return "(" + arguments_[0]->ToString() + " " + infix->second + " " +
               arguments_[1]->ToString() + ")";
      }
      if (name_ == "negate" && arguments_.size() == 1)
        return "(-" + arguments_[0]->ToString() + ")";
      return name_ + "(" + JoinArguments(arguments_, 0) + ")";
    }
    case ExpressionKind::kCast:
      return std::string(flag_ ? "TRY_CAST(" : "CAST(") + arguments_[0]->ToString() + " AS " +
             cast_type_.ToString() + ")";
    case ExpressionKind::kCase: {
      std::string text = "CASE";
      const size_t pairs = (arguments_.size() - (flag_ ? 1 : 0)) / 2;
      for (size_t pair = 0; pair < pairs; ++pair) {
        text += " WHEN " + arguments_[2 * pair]->ToString() + " THEN " +
                arguments_[2 * pair + 1]->ToString();
      }
      if (flag_) text += " ELSE " + arguments_.back()->ToString();
      return text + " END";
    }
    case ExpressionKind::kIn:
      return "(" + arguments_[0]->ToString() + " " + not_text + "IN (" +
             JoinArguments(arguments_, 1) + "))";
    case ExpressionKind::kBetween:
      return "(" + arguments_[0]->ToString() + " " + not_text + "BETWEEN " +
             arguments_[1]->ToString() + " AND " + arguments_[2]->ToString() + ")";
    case ExpressionKind::kIsNull:
      return "(" + arguments_[0]->ToString() + " IS " + not_text + "NULL)";
    case ExpressionKind::kAnd:
      return "(" + arguments_[0]->ToString() + " AND " + arguments_[1]->ToString() + ")";
    case ExpressionKind::kOr:
      return "(" + arguments_[0]->ToString() + " OR " + arguments_[1]->ToString() + ")";
    case ExpressionKind::kNot:
      return "(NOT " + arguments_[0]->ToString() + ")";
    case ExpressionKind::kCoalesce:
      return "COALESCE(" + JoinArguments(arguments_, 0) + ")";
  }
  return "?";
}

Expr Col(std::string path) {
  return ExprPtr(std::make_shared<Expression>(ExpressionKind::kColumn, std::move(path), Scalar(),
                                              std::vector<ExprPtr>{}));
}
Expr Lit(Scalar value) {
  return ExprPtr(std::make_shared<Expression>(ExpressionKind::kLiteral, "", std::move(value),
                                              std::vector<ExprPtr>{}));
}
// An int literal is INTEGER, as in SQL; an int64_t one is BIGINT.
Expr Lit(int value) { return Lit(Scalar::Int(value, DataType::Int32())); }
Expr Lit(int64_t value) { return Lit(Scalar::Int(value)); }
Expr Lit(double value) { return Lit(Scalar::Float64(value)); }
Expr Lit(bool value) { return Lit(Scalar::Bool(value)); }
Expr Lit(const char* value) { return Lit(Scalar::String(value)); }
Expr Lit(std::string value) { return Lit(Scalar::String(std::move(value))); }
Expr NullLit(DataType type) { return Lit(Scalar::Null(std::move(type))); }

Expr Call(std::string function, std::vector<ExprPtr> arguments) {
  return ExprPtr(std::make_shared<Expression>(ExpressionKind::kCall, std::move(function), Scalar(),
                                              std::move(arguments)));
}
Expr Cast(ExprPtr value, DataType type) {
  return ExprPtr(std::make_shared<Expression>(ExpressionKind::kCast, "", Scalar(),
                                              std::vector<ExprPtr>{std::move(value)},
                                              std::move(type), false));
}
Expr TryCast(ExprPtr value, DataType type) {
  return ExprPtr(std::make_shared<Expression>(ExpressionKind::kCast, "", Scalar(),
                                              std::vector<ExprPtr>{std::move(value)},
                                              std::move(type), true));
}
Expr Case(std::vector<std::pair<ExprPtr, ExprPtr>> branches, ExprPtr otherwise) {
  std::vector<ExprPtr> arguments;
  for (auto& [condition, value] : branches) {
    arguments.push_back(std::move(condition));
    arguments.push_back(std::move(value));
  }
  const bool has_else = static_cast<bool>(otherwise);
  if (has_else) arguments.push_back(std::move(otherwise));
  return Make(ExpressionKind::kCase, std::move(arguments), has_else);
}
Expr In(ExprPtr value, std::vector<ExprPtr> list, bool negated) {
  list.insert(list.begin(), std::move(value));
  return Make(ExpressionKind::kIn, std::move(list), negated);
}
Expr Between(ExprPtr value, ExprPtr low, ExprPtr high, bool negated) {
  return Make(ExpressionKind::kBetween, {std::move(value), std::move(low), std::move(high)},
              negated);
}
Expr IsNull(ExprPtr value) { return Make(ExpressionKind::kIsNull, {std::move(value)}); }
Expr IsNotNull(ExprPtr value) { return Make(ExpressionKind::kIsNull, {std::move(value)}, true); }
Expr And(ExprPtr left, ExprPtr right) {
  return Make(ExpressionKind::kAnd, {std::move(left), std::move(right)});
}
Expr Or(ExprPtr left, ExprPtr right) {
  return Make(ExpressionKind::kOr, {std::move(left), std::move(right)});
}
Expr Not(ExprPtr value) { return Make(ExpressionKind::kNot, {std::move(value)}); }
Expr Coalesce(std::vector<ExprPtr> arguments) {
  return Make(ExpressionKind::kCoalesce, std::move(arguments));
}

Expr::Expr(int value) : node_(Lit(value)) {}
Expr::Expr(int64_t value) : node_(Lit(value)) {}
Expr::Expr(double value) : node_(Lit(value)) {}
Expr::Expr(bool value) : node_(Lit(value)) {}
Expr::Expr(const char* value) : node_(Lit(value)) {}
Expr::Expr(std::string value) : node_(Lit(std::move(value))) {}

Expr operator+(const Expr& left, const Expr& right) { return Call("add", {left, right}); }
Expr operator-(const Expr& left, const Expr& right) { return Call("subtract", {left, right}); }
Expr operator*(const Expr& left, const Expr& right) { return Call("multiply", {left, right}); }
Expr operator/(const Expr& left, const Expr& right) { return Call("divide", {left, right}); }
Expr operator%(const Expr& left, const Expr& right) { return Call("modulo", {left, right}); }
Expr operator==(const Expr& left, const Expr& right) { return Call("equal", {left, right}); }
Expr operator!=(const Expr& left, const Expr& right) { return Call("not_equal", {left, right}); }
Expr operator<(const Expr& left, const Expr& right) { return Call("less", {left, right}); }
Expr operator<=(const Expr& left, const Expr& right) { return Call("less_equal", {left, right}); }
Expr operator>(const Expr& left, const Expr& right) { return Call("greater", {left, right}); }
Expr operator>=(const Expr& left, const Expr& right) {
  return Call("greater_equal", {left, right});
}
Expr operator&&(const Expr& left, const Expr& right) { return And(left, right); }
Expr operator||(const Expr& left, const Expr& right) { return Or(left, right); }
Expr operator!(const Expr& value) { return Not(value); }
Expr operator-(const Expr& value) { return Call("negate", {value}); }

}  // namespace berserkr
