// ExpressionBinder: AST expressions to berserkr Exprs. Operators become the registry's function
// names (add, equal, like, ||, ...); any other function name goes to the registry as written, so
// every scalar function of the engine is callable from SQL under its own name and aliases.

#include <set>

#include "berserkr/expr/bind.h"
#include "sql/binder.h"

namespace berserkr::sql {
namespace {

const std::map<std::string, std::string>& BinaryFunctions() {
  static const std::map<std::string, std::string> kFunctions = {
      {"+", "add"},           {"-", "subtract"},        {"*", "multiply"},
      {"/", "divide"},        {"//", "integer_divide"}, {"%", "modulo"},
      {"||", "||"},           {"=", "equal"},           {"<>", "not_equal"},
      {"<", "less"},          {"<=", "less_equal"},     {">", "greater"},
      {">=", "greater_equal"}};
  return kFunctions;
}

bool IsWindowOnlyFunction(const std::string& name) {
  static const std::set<std::string> kNames = {"row_number",   "rank",      "dense_rank", "ntile",
                                               "percent_rank", "cume_dist", "lag",        "lead",
                                               "first_value",  "last_value"};
  return kNames.count(name) != 0;
}

}  // namespace

bool IsAggregateFunction(const std::string& name) {
  static const std::set<std::string> kNames = {
      "count",          "count_star",    "sum",           "avg",
      "mean",           "min",           "max",           "first",
      "last",           "any_value",     "arbitrary",     "median",
      "quantile",       "quantile_cont", "quantile_disc", "mode",
      "stddev",         "stddev_samp",   "stddev_pop",    "variance",
      "var_samp",       "var_pop",       "corr",          "covar_samp",
      "covar_pop",      "string_agg",    "listagg",       "group_concat",
      "list",           "array_agg",     "arg_min",       "arg_max",
      "argmin",         "argmax",        "min_by",        "max_by",
      "count_distinct", "top_k"};
  return kNames.count(name) != 0;
}

bool ContainsAggregate(const AstExpr& node) {
  if (node.kind == AstExprKind::kFunction && !node.window && IsAggregateFunction(node.names[0])) {
    return true;
  }
  for (const AstExprPtr& child : node.children) {
    if (child && ContainsAggregate(*child)) return true;
  }
  if (node.case_operand && ContainsAggregate(*node.case_operand)) return true;
  return false;
}

bool ContainsWindow(const AstExpr& node) {
  if (node.kind == AstExprKind::kFunction && node.window) return true;
  for (const AstExprPtr& child : node.children) {
    if (child && ContainsWindow(*child)) return true;
  }
  if (node.case_operand && ContainsWindow(*node.case_operand)) return true;
  return false;
}

void CheckBinds(const Expr& expression, const DataFrame& frame, SourcePosition position) {
  AtPosition(position, [&] { return Bind(expression, frame.schema()); });
}

Expr ExpressionBinder::Translate(const AstExpr& node) {
  if (hook_) {
    if (std::optional<Expr> replaced = hook_(node)) return *replaced;
  }
  std::vector<ExprPtr> children;
  auto translate_children = [&](size_t from) {
    for (size_t index = from; index < node.children.size(); ++index) {
      children.push_back(Translate(*node.children[index]));
    }
  };
  switch (node.kind) {
    case AstExprKind::kColumn: {
      const Scope::Resolved resolved = scope_.Resolve(node.names, node.position);
      if (resolved.depth > 0 && !allow_outer_) {
        throw SqlError("the correlated reference to '" + node.text +
                           "' is not supported here; correlated subqueries may use outer "
                           "columns only in equalities of their WHERE (inner = outer)",
                       node.position);
      }
      return resolved.expression;
    }
    case AstExprKind::kStar:
      throw SqlError("* is allowed only in the SELECT list and in count(*)", node.position);
    case AstExprKind::kLiteral:
      return Lit(node.literal);
    case AstExprKind::kFunction:
      return TranslateFunction(node);
    case AstExprKind::kUnary: {
      Expr value = Translate(*node.children[0]);
      if (node.op == "NOT") return Not(value);
      if (node.op == "-") return Call("negate", {value});
      return value;
    }
    case AstExprKind::kBinary:
      return TranslateBinary(node);
    case AstExprKind::kCast: {
      Expr value = Translate(*node.children[0]);
      return node.try_cast ? TryCast(value, node.cast_type) : Cast(value, node.cast_type);
    }
    case AstExprKind::kCase: {
      std::optional<Expr> operand;
      if (node.case_operand) operand = Translate(*node.case_operand);
      std::vector<std::pair<ExprPtr, ExprPtr>> branches;
      const size_t pairs = (node.children.size() - (node.has_else ? 1 : 0)) / 2;
      for (size_t pair = 0; pair < pairs; ++pair) {
        Expr condition = Translate(*node.children[2 * pair]);
        if (operand) condition = Call("equal", {*operand, condition});
        branches.emplace_back(condition, Translate(*node.children[2 * pair + 1]));
      }
      ExprPtr otherwise = node.has_else ? Translate(*node.children.back()).ptr() : nullptr;
      return Case(std::move(branches), otherwise);
    }
    case AstExprKind::kInList: {
      translate_children(1);
      return In(Translate(*node.children[0]), std::move(children), node.negated);
    }
    case AstExprKind::kInQuery:
      return InSubquery(node);
    case AstExprKind::kExists:
      return ExistsSubquery(node);
    case AstExprKind::kSubquery:
      return ScalarSubquery(node);
    case AstExprKind::kBetween:
      return Between(Translate(*node.children[0]), Translate(*node.children[1]),
                     Translate(*node.children[2]), node.negated);
    case AstExprKind::kIsNull: {
      Expr value = Translate(*node.children[0]);
      return node.negated ? IsNotNull(value) : IsNull(value);
    }
    case AstExprKind::kInterval:
      throw SqlError(
          "an INTERVAL is supported only added to or subtracted from a date or "
          "timestamp (d + INTERVAL 3 DAY)",
          node.position);
    case AstExprKind::kList:
    case AstExprKind::kStruct:
      throw SqlError(
          "list and struct literals are supported only as arguments of table "
          "functions (read_csv(['a.csv', 'b.csv'], types = {'id': 'BIGINT'}))",
          node.position);
  }
  throw SqlError("unsupported expression", node.position);
}

Expr ExpressionBinder::TranslateBinary(const AstExpr& node) {
  // x + INTERVAL n unit is date_add(x, 'unit', n); x - INTERVAL ... date_sub.
  const bool left_interval = node.children[0]->kind == AstExprKind::kInterval;
  const bool right_interval = node.children[1]->kind == AstExprKind::kInterval;
  if ((left_interval || right_interval) && (node.op == "+" || (node.op == "-" && right_interval))) {
    if (left_interval && right_interval) {
      throw SqlError("adding two INTERVALs is not supported yet", node.position);
    }
    const AstExpr& interval = right_interval ? *node.children[1] : *node.children[0];
    const Expr value = Translate(right_interval ? *node.children[0] : *node.children[1]);
    return Call(node.op == "+" ? "date_add" : "date_sub",
                {value, Lit(interval.op), Lit(interval.literal)});
  }
  if (node.op == "AND") return And(Translate(*node.children[0]), Translate(*node.children[1]));
  if (node.op == "OR") return Or(Translate(*node.children[0]), Translate(*node.children[1]));
  Expr left = Translate(*node.children[0]);
  Expr right = Translate(*node.children[1]);
  if (node.op == "LIKE" || node.op == "ILIKE") {
    std::vector<ExprPtr> arguments = {left, right};
    if (node.children.size() > 2) arguments.push_back(Translate(*node.children[2]));
    Expr call = Call(node.op == "LIKE" ? "like" : "ilike", std::move(arguments));
    return node.negated ? Not(call) : call;
  }
  if (node.op == "IS DISTINCT FROM" || node.op == "IS NOT DISTINCT FROM") {
    // Never NULL: two NULLs are not distinct, one NULL is.
    const bool distinct = node.op == "IS DISTINCT FROM";
    Expr both_null = And(IsNull(left), IsNull(right));
    Expr one_null = Or(IsNull(left), IsNull(right));
    return Case({{both_null.ptr(), Lit(!distinct).ptr()}, {one_null.ptr(), Lit(distinct).ptr()}},
                distinct ? Call("not_equal", {left, right}) : Call("equal", {left, right}));
  }
  const auto found = BinaryFunctions().find(node.op);
  if (found == BinaryFunctions().end()) {
    throw SqlError("unsupported operator " + node.op, node.position);
  }
  return Call(found->second, {left, right});
}

Expr ExpressionBinder::TranslateFunction(const AstExpr& node) {
  const std::string& name = node.names[0];
  if (node.window) {
    throw SqlError(
        "the window function " + name + " is allowed only in SELECT, QUALIFY and ORDER BY",
        node.position);
  }
  if (IsAggregateFunction(name)) {
    throw SqlError("the aggregate " + name +
                       " is not allowed here (aggregates belong in SELECT, HAVING, QUALIFY and "
                       "ORDER BY, not in WHERE, GROUP BY or inside another aggregate)",
                   node.position);
  }
  if (IsWindowOnlyFunction(name)) {
    throw SqlError(name + " needs an OVER clause", node.position);
  }
  if (node.star) throw SqlError(name + "(*) is not a function", node.position);
  std::vector<ExprPtr> arguments;
  for (const AstExprPtr& child : node.children) arguments.push_back(Translate(*child));
  if (name == "coalesce") return Coalesce(std::move(arguments));
  if ((name == "if" || name == "iff") && arguments.size() == 3) {
    return Case({{arguments[0], arguments[1]}}, arguments[2]);
  }
  if (name == "concat_ws" || name == "typeof") {
    throw SqlError(name + " is not supported yet", node.position);
  }
  return Call(name, std::move(arguments));
}

}  // namespace berserkr::sql
