// Uncorrelated subqueries inside expressions, run once while binding and replaced by their value:
// (SELECT ...) by a constant, x IN (SELECT ...) by x IN (the values), EXISTS (SELECT ...) by TRUE
// or FALSE. Correlated ones are decorrelated into joins by SelectBinder where they appear in WHERE
// (IN, EXISTS) or as values (scalar subqueries); elsewhere their outer reference is an error.

#include "sql/binder.h"

namespace berserkr::sql {
namespace {

// Larger IN lists belong in a join: write the IN as a WHERE condition of its own.
constexpr int64_t kMaxInValues = 100'000;

}  // namespace

Expr ExpressionBinder::ScalarSubquery(const AstExpr& node) {
  const BoundQuery bound = binder_.BindQuery(*node.subquery, &scope_);
  if (bound.names.size() != 1) {
    throw SqlError("a subquery used as a value must return one column, not " +
                       std::to_string(bound.names.size()),
                   node.position);
  }
  const Table table = AtPosition(node.position, [&] { return binder_.Run(bound.frame.Limit(2)); });
  if (table.num_rows() > 1) {
    throw SqlError("a subquery used as a value returned more than one row", node.position);
  }
  for (const Batch& batch : table.batches()) {
    if (batch.num_rows > 0) return Lit(Scalar::FromColumn(*batch.columns[0], 0));
  }
  return NullLit(table.schema()->field(0).type);
}

Expr ExpressionBinder::InSubquery(const AstExpr& node) {
  const Expr value = Translate(*node.children[0]);
  const BoundQuery bound = binder_.BindQuery(*node.subquery, &scope_);
  if (bound.names.size() != 1) {
    throw SqlError(
        "the subquery of IN must return one column, not " + std::to_string(bound.names.size()),
        node.position);
  }
  const Table table =
      AtPosition(node.position, [&] { return binder_.Run(bound.frame.Limit(kMaxInValues + 1)); });
  if (table.num_rows() > kMaxInValues) {
    throw SqlError(
        "this IN subquery returns more than 100,000 values; as a condition of its own "
        "in WHERE (AND-ed with the others) it runs as a join without that limit",
        node.position);
  }
  std::vector<ExprPtr> values;
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      values.push_back(Lit(Scalar::FromColumn(*batch.columns[0], row)));
    }
  }
  // x IN (no rows) is false and x NOT IN (no rows) true, even for a NULL x.
  if (values.empty()) return Lit(node.negated);
  return In(value, std::move(values), node.negated);
}

Expr ExpressionBinder::ExistsSubquery(const AstExpr& node) {
  const BoundQuery bound = binder_.BindQuery(*node.subquery, &scope_);
  const Table table = AtPosition(node.position, [&] { return binder_.Run(bound.frame.Limit(1)); });
  return Lit((table.num_rows() > 0) != node.negated);
}

}  // namespace berserkr::sql
