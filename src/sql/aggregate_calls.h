#pragma once

// SQL aggregate and window function calls to the engine's AggregateSpec and WindowSpec: names
// (count(DISTINCT x) is count_distinct, array_agg is list, max_by is arg_max, ...), constant
// parameters (quantile's fraction, string_agg's separator, ntile's buckets, lag's offset) and
// FILTER (WHERE ...), which feeds the aggregate NULL for the rows it leaves out.

#include "berserkr/plan/data_frame.h"
#include "sql/binder.h"

namespace berserkr::sql {

// REQUIRES: `call` is an aggregate call (IsAggregateFunction) without OVER. Arguments are
// translated with `arguments` (the scope before grouping).
AggregateSpec MakeAggregateSpec(const AstExpr& call, ExpressionBinder& arguments);

// A window function call (with OVER) over `window`, its arguments translated by `translate`.
WindowSpec MakeWindowSpec(const AstExpr& call, const WindowDefinition& window,
                          const std::function<Expr(const AstExpr&)>& translate);

// The value of a constant expression (after folding), or nullopt.
std::optional<Scalar> ConstantValue(const Expr& expression);

}  // namespace berserkr::sql
