#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "berserkr/expr/expression.h"
#include "berserkr/expr/scalar.h"
#include "berserkr/types/column.h"
#include "berserkr/types/data_type.h"
#include "berserkr/types/table.h"

namespace berserkr {

// What a kernel needs besides its arguments: the expression text for error messages and the
// result type the binder chose.
struct KernelContext {
  std::string expression_text;
  DataType result_type;
};

// Computes one function over whole columns. Arguments already have the types the binder asked
// for and `num_rows` rows each. Called once per batch, never per value.
using Kernel = std::function<ColumnPtr(const std::vector<ColumnPtr>& arguments, int64_t num_rows,
                                       const KernelContext& context)>;

enum class BoundKind : uint8_t {
  kColumn,    // column_index (and path, for a struct field)
  kConstant,  // constant
  kFunction,  // kernel(children)
  kCast,      // children[0] cast to type (try_cast: NULL on failure)
  kCase,      // cond, value, cond, value, ..., [else]
  kAnd,
  kOr,
  kNot,
  kIsNull,  // negated: IS NOT NULL
  kCoalesce,
};

// One node of a bound tree: names resolved, types fixed, implicit casts made explicit.
struct BoundNode {
  BoundKind kind = BoundKind::kConstant;
  DataType type;
  std::string text;  // the SQL-like text, for errors and Explain
  int column_index = -1;
  // Non-empty when the column is a struct field reached by a dotted path (resolved by name when
  // evaluated); column_index is then the top-level struct column the path starts in.
  std::string column_path;
  Scalar constant;
  std::string function;  // kFunction: the registered name ("greater_equal"), for the optimizer
  Kernel kernel;
  std::vector<std::shared_ptr<const BoundNode>> children;
  bool flag = false;  // try_cast, IS NOT NULL, CASE has ELSE
};

// An expression bound to a schema, ready for Evaluate. Immutable; cheap to copy and share.
class BoundExpression {
 public:
  explicit BoundExpression(std::shared_ptr<const BoundNode> root) : root_(std::move(root)) {}

  const DataType& type() const { return root_->type; }
  // True when the whole expression folded to one value (see constant()).
  bool is_constant() const { return root_->kind == BoundKind::kConstant; }
  // REQUIRES: is_constant().
  const Scalar& constant() const { return root_->constant; }
  const BoundNode& root() const { return *root_; }
  // SQL-like text of the bound tree, implicit casts included.
  std::string ToString() const { return root_->text; }

 private:
  std::shared_ptr<const BoundNode> root_;
};

// Resolves `expression` against `schema`: columns to indices (dotted paths reach struct fields),
// function names to kernels and result types, with DuckDB's implicit casts (INTEGER + BIGINT ->
// BIGINT, integer + DOUBLE -> DOUBLE, DECIMAL + integer -> DECIMAL, DATE vs TIMESTAMP ->
// TIMESTAMP, a string literal compared with a DATE -> DATE); folds constant subtrees.
// Throws InvalidInput for an unknown column (suggesting the nearest name, or listing the columns)
// and for a type error (naming the expression and the argument types).
BoundExpression Bind(const ExprPtr& expression, const Schema& schema);

}  // namespace berserkr
