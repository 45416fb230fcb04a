#pragma once

// The function registry: name -> binder. A binder looks at the argument types (and at arguments
// that are constants, e.g. the 'month' of date_trunc) and picks the overload: the types the
// arguments must be cast to, the result type and the kernel. It returns nullopt when no overload
// fits, and Bind then reports a type error naming the expression and the argument types.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/expr/bind.h"
#include "berserkr/expr/scalar.h"

namespace berserkr::expr {

struct BoundFunction {
  std::vector<DataType> argument_types;
  DataType result_type;
  Kernel kernel;
};

struct FunctionArguments {
  std::vector<DataType> types;
  // The value of each argument that is a constant after folding; nullopt for the others.
  std::vector<std::optional<Scalar>> constants;
};

using FunctionBinder = std::function<std::optional<BoundFunction>(const FunctionArguments&)>;

class FunctionRegistry {
 public:
  // The process-wide registry holding every built-in function.
  static const FunctionRegistry& Get();

  void Register(const std::string& name, FunctionBinder binder) {
    binders_[name] = std::move(binder);
  }
  // nullptr when no function has that name.
  const FunctionBinder* Find(const std::string& name) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, FunctionBinder> binders_;
};

// One per function family file.
void RegisterArithmeticFunctions(FunctionRegistry& registry);
void RegisterComparisonFunctions(FunctionRegistry& registry);
void RegisterNullFunctions(FunctionRegistry& registry);
void RegisterMathFunctions(FunctionRegistry& registry);
void RegisterStringFunctions(FunctionRegistry& registry);
void RegisterStringEditFunctions(FunctionRegistry& registry);
void RegisterRegexpFunctions(FunctionRegistry& registry);
void RegisterDateFunctions(FunctionRegistry& registry);
void RegisterTimeZoneFunctions(FunctionRegistry& registry);

// DuckDB's implicit-cast rules. The common type of two arithmetic operands (integers widen,
// integer + DECIMAL -> DECIMAL, anything with DOUBLE -> DOUBLE), or nullopt.
std::optional<DataType> CommonNumericType(const DataType& left, const DataType& right);
// The type two values are compared (or CASE / COALESCE / IN unified) in: numeric as above, DATE
// with TIMESTAMP -> TIMESTAMP, a NULL takes the other type, a string constant takes the other
// side's type (`left_is_string_constant` / `right_...`). nullopt when they cannot meet.
std::optional<DataType> CommonType(const DataType& left, const DataType& right,
                                   bool left_is_string_constant = false,
                                   bool right_is_string_constant = false);
// The DECIMAL that holds every value of an integer type (INTEGER -> DECIMAL(10,0)).
DataType DecimalForInteger(const DataType& integer);

// The cast kernel: `input` converted to `target`. A value that does not convert throws InvalidInput
// (`cannot cast 'abc' to BIGINT in CAST(s AS BIGINT)`), or becomes NULL when `try_cast`.
ColumnPtr CastColumn(const ColumnPtr& input, const DataType& target, bool try_cast,
                     const std::string& expression_text);
// Whether CastColumn supports the pair at all (values may still fail).
bool CanCast(const DataType& from, const DataType& to);

}  // namespace berserkr::expr

namespace berserkr::expr {

// Evaluates one bound node over `batch` (Evaluate's recursion, shared with constant folding).
ColumnPtr EvaluateNode(const BoundNode& node, const Batch& batch);

}  // namespace berserkr::expr
