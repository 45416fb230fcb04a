#pragma once

// Questions about AST expressions the binder asks in several places: the conjuncts of an AND
// tree, the aggregate / window / subquery calls below a node (not inside subqueries), ordinals.

#include <optional>
#include <vector>

#include "sql/ast.h"

namespace berserkr::sql {

// The conjuncts of an AND tree, in order (a node that is no AND is one conjunct).
void SplitConjuncts(const AstExprPtr& node, std::vector<AstExprPtr>& conjuncts);
// Aggregate calls (without OVER) below `node`, also inside window definitions:
// sum(sum(x)) OVER (...) holds the aggregate sum(x).
void CollectAggregateCalls(const AstExpr& node, std::vector<const AstExpr*>& calls);
// Calls with OVER below `node` (not below another OVER call).
void CollectWindowCalls(const AstExpr& node, std::vector<const AstExpr*>& calls);
// Scalar subqueries below `node` (not below another subquery).
void CollectScalarSubqueries(const AstExpr& node, std::vector<const AstExpr*>& found);
// Whether `node` or anything below it has a subquery.
bool ContainsSubquery(const AstExpr& node);
// An integer literal's value (GROUP BY 2, ORDER BY 1), else nullopt.
std::optional<int64_t> Ordinal(const AstExpr& node);

}  // namespace berserkr::sql
