#pragma once

#include "berserkr/expr/bind.h"
#include "berserkr/types/column.h"
#include "berserkr/types/table.h"

namespace berserkr {

// Computes `expression` over every row of `batch` (whose schema is the one it was bound to),
// returning a column of expression.type() with batch.num_rows rows.
// Semantics follow DuckDB: NULL in -> NULL out for functions; three-valued AND / OR / NOT;
// integer overflow throws InvalidInput naming the expression; division and modulo by zero give
// NULL; `/` on integers gives DOUBLE (use integer_divide / `//` for integer division).
// Throws InvalidInput for a failing CAST (naming the value) and other per-batch errors.
ColumnPtr Evaluate(const BoundExpression& expression, const Batch& batch);

}  // namespace berserkr
