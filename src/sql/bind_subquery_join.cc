// SelectBinder's subqueries that become joins: WHERE [NOT] IN / [NOT] EXISTS as semi and anti
// joins, correlated scalar subqueries as left joins with the subquery grouped by its keys, and
// (inside a subquery) the equalities with the enclosing query that make it correlated.

#include <algorithm>
#include <cctype>

#include "berserkr/expr/bind.h"
#include "sql/aggregate_calls.h"
#include "sql/ast_walk.h"
#include "sql/select_binder.h"

namespace berserkr::sql {
namespace {

// Bit 1: the expression reads a column of this query level; bit 2: of an enclosing one.
int ReferenceLevels(const AstExpr& node, const Scope& scope) {
  int levels = 0;
  if (node.kind == AstExprKind::kColumn) {
    const auto resolved = scope.TryResolve(node.names, node.position);
    levels |= resolved && resolved->depth > 0 ? 2 : 1;
  }
  for (const AstExprPtr& child : node.children) {
    if (child) levels |= ReferenceLevels(*child, scope);
  }
  if (node.case_operand) levels |= ReferenceLevels(*node.case_operand, scope);
  return levels;
}

}  // namespace

void SelectBinder::DecorrelateScalarSubqueries() {
  // Correlated scalar subqueries become left joins with the subquery grouped by its keys.
  // (Not in a grouped query: the join would have to come before the grouping.)
  if (aggregated_query()) return;
  std::vector<const AstExpr*> subqueries;
  if (select_.where) CollectScalarSubqueries(*select_.where, subqueries);
  for (const SelectItem& item : select_.items)
    CollectScalarSubqueries(*item.expression, subqueries);
  for (const AstExpr* node : subqueries) {
    const Scope scope = CurrentScope();
    Correlation correlation;
    correlation.outer = &scope;
    BoundQuery sub = binder_.BindQuery(*node->subquery, &scope, &correlation);
    if (correlation.inner_columns.empty()) continue;  // uncorrelated: run once when translated
    if (sub.names.size() != 1) {
      throw SqlError("a subquery used as a value must return one column, not " +
                         std::to_string(sub.names.size()),
                     node->position);
    }
    std::vector<Expr> inner_keys;
    for (const std::string& column : correlation.inner_columns) inner_keys.push_back(Col(column));
    const int left_width = relation_.frame.schema().num_fields();
    relation_.frame = AtPosition(node->position, [&] {
      return relation_.frame.Join(sub.frame, correlation.outer_keys, inner_keys, JoinType::kLeft);
    });
    std::string column = relation_.frame.schema().field(left_width).name;
    // count(...) over no matching rows is 0, not the NULL a left join gives.
    const QueryNode& query = *node->subquery;
    if (query.kind == QueryNode::Kind::kSelect && query.select.items.size() == 1 &&
        query.select.items[0].expression->kind == AstExprKind::kFunction &&
        !query.select.items[0].expression->window &&
        (query.select.items[0].expression->names[0] == "count" ||
         query.select.items[0].expression->names[0] == "count_star")) {
      const std::string fixed = binder_.HiddenName("count");
      relation_.frame = relation_.frame.WithColumn(fixed, Coalesce({Col(column), Lit(int64_t{0})}));
      column = fixed;
    }
    computed_[node] = column;
  }
}

bool SelectBinder::TakeCorrelation(const AstExprPtr& conjunct) {
  if (correlation_ == nullptr || outer_ == nullptr) return false;
  const Scope scope = CurrentScope();
  const int levels = ReferenceLevels(*conjunct, scope);
  if ((levels & 2) == 0) return false;
  if (conjunct->kind == AstExprKind::kBinary && conjunct->op == "=") {
    const int left = ReferenceLevels(*conjunct->children[0], scope);
    const int right = ReferenceLevels(*conjunct->children[1], scope);
    const AstExpr* inner = nullptr;
    const AstExpr* outer = nullptr;
    if (left == 1 && right == 2) {
      inner = conjunct->children[0].get();
      outer = conjunct->children[1].get();
    } else if (left == 2 && right == 1) {
      inner = conjunct->children[1].get();
      outer = conjunct->children[0].get();
    }
    if (inner != nullptr) {
      correlation_inner_.push_back(ExpressionBinder(binder_, scope).Translate(*inner));
      correlation_->outer_keys.push_back(ExpressionBinder(binder_, *outer_).Translate(*outer));
      return true;
    }
  }
  if (correlation_->allow_residuals) {
    correlation_->residuals.push_back(conjunct);
    return true;
  }
  throw SqlError(
      "this condition of a correlated subquery is not supported yet here: only equalities "
      "between an expression of the subquery and one of the outer query (inner.k = outer.k) "
      "are (EXISTS also takes other conditions)",
      conjunct->position);
}

bool SelectBinder::TakeSubqueryJoin(const AstExpr& conjunct) {
  const AstExpr* node = &conjunct;
  bool negate = false;
  if (node->kind == AstExprKind::kUnary && node->op == "NOT") {
    node = node->children[0].get();
    negate = true;
  }
  const Scope scope = CurrentScope();
  Correlation correlation;
  correlation.outer = &scope;
  correlation.allow_residuals = node->kind == AstExprKind::kExists;
  BoundQuery sub = binder_.BindQuery(*node->subquery, &scope, &correlation);
  std::vector<Expr> left_keys = correlation.outer_keys;
  std::vector<Expr> right_keys;
  for (const std::string& column : correlation.inner_columns) right_keys.push_back(Col(column));
  const bool negated = node->negated != negate;
  if (node->kind == AstExprKind::kExists && !correlation.residuals.empty()) {
    ExistsWithConditions(*node, sub, correlation, negated);
    return true;
  }
  if (node->kind == AstExprKind::kExists) {
    if (left_keys.empty()) return false;  // uncorrelated: evaluated once, as a constant
    relation_.frame = AtPosition(node->position, [&] {
      return relation_.frame.Join(sub.frame, left_keys, right_keys,
                                  negated ? JoinType::kAnti : JoinType::kSemi);
    });
    return true;
  }
  if (sub.names.size() != 1) {
    throw SqlError(
        "the subquery of IN must return one column, not " + std::to_string(sub.names.size()),
        node->position);
  }
  const Expr value = Translate(*node->children[0]);
  const std::string sub_column = sub.frame.schema().field(0).name;
  left_keys.insert(left_keys.begin(), value);
  right_keys.insert(right_keys.begin(), Col(sub_column));
  if (!negated) {
    relation_.frame = AtPosition(node->position, [&] {
      return relation_.frame.Join(sub.frame, left_keys, right_keys, JoinType::kSemi);
    });
    return true;
  }
  if (!correlation.inner_columns.empty()) {
    throw SqlError("NOT IN with a correlated subquery is not supported yet; use NOT EXISTS",
                   node->position);
  }
  // x NOT IN (subquery): true when the subquery is empty; else NULL (so the row goes) when x or
  // any subquery value is NULL; else true when no value equals x.
  const Table counts = sub.frame.GroupBy({})
                           .Agg({CountStar().As("rows"), Count(Col(sub_column)).As("values")})
                           .Collect();
  const Batch& batch = counts.batches().at(0);
  const int64_t rows = Scalar::FromColumn(*batch.columns[0], 0).int_value();
  const int64_t values = Scalar::FromColumn(*batch.columns[1], 0).int_value();
  if (rows == 0) return true;
  if (values < rows) {
    relation_.frame = relation_.frame.Filter(Lit(false));
    return true;
  }
  relation_.frame = AtPosition(node->position, [&] {
    return relation_.frame.Join(sub.frame, left_keys, right_keys, JoinType::kAnti)
        .Filter(IsNotNull(value));
  });
  return true;
}

// [NOT] EXISTS whose correlation has conditions other than equalities: the outer rows are
// numbered, inner-joined with the subquery on the equalities (every pair when there are none),
// the conditions filter the pairs, and the numbers of the rows left pick the outer rows (semi
// join) or the others (anti join).
void SelectBinder::ExistsWithConditions(const AstExpr& node, const BoundQuery& sub,
                                        const Correlation& correlation, bool negated) {
  const DataFrame original = relation_.frame;
  const std::string row = binder_.HiddenName("row");
  DataFrame numbered = original.Window({}, {}, {RowNumber().As(row)});
  DataFrame inner = sub.frame;
  std::vector<Expr> left_keys = correlation.outer_keys;
  std::vector<Expr> right_keys;
  for (const std::string& column : correlation.inner_columns) right_keys.push_back(Col(column));
  DataFrame left = numbered;
  if (left_keys.empty()) {
    const std::string key = binder_.HiddenName("cross");
    left = left.WithColumn(key, Lit(true));
    inner = inner.WithColumn(key, Lit(true));
    left_keys.push_back(Col(key));
    right_keys.push_back(Col(key));
  }
  const int left_width = left.schema().num_fields();
  DataFrame pairs = AtPosition(
      node.position, [&] { return left.Join(inner, left_keys, right_keys, JoinType::kInner); });
  // The conditions read the subquery's columns first, then the outer query's, as inside it.
  std::vector<ScopeColumn> outer_columns = relation_.columns;
  std::vector<ScopeColumn> inner_columns;
  for (ScopeColumn column : correlation.residual_columns) {
    const int index = *inner.schema().FieldIndex(column.frame_name);
    column.frame_name = pairs.schema().field(left_width + index).name;
    inner_columns.push_back(column);
  }
  const Scope outer_scope(&outer_columns, outer_);
  const Scope inner_scope(&inner_columns, &outer_scope);
  for (const AstExprPtr& condition : correlation.residuals) {
    ExpressionBinder translator(binder_, inner_scope);
    translator.AllowOuterReferences();
    const Expr predicate = translator.Translate(*condition);
    pairs = AtPosition(condition->position, [&] { return pairs.Filter(predicate); });
  }
  const DataFrame matched = pairs.Select({{row, Col(row)}});
  const DataFrame kept =
      numbered.Join(matched, std::vector<Expr>{Col(row)}, std::vector<Expr>{Col(row)},
                    negated ? JoinType::kAnti : JoinType::kSemi);
  std::vector<NamedExpr> columns;
  for (const Field& field : original.schema().fields()) {
    columns.push_back({field.name, Col(field.name)});
  }
  relation_.frame = kept.Select(columns);
}

}  // namespace berserkr::sql
