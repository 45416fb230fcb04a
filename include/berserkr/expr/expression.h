#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "berserkr/expr/scalar.h"
#include "berserkr/types/data_type.h"

namespace berserkr {

class Expression;
// Expressions are immutable and shared: subtrees are reused freely between trees and threads.
using ExprPtr = std::shared_ptr<const Expression>;

enum class ExpressionKind : uint8_t {
  kColumn,    // name: a column name or dotted path into struct fields
  kLiteral,   // literal
  kCall,      // name(arguments...) — operators too: add, equal, concat, ...
  kCast,      // CAST(arguments[0] AS cast_type); TRY_CAST when try_cast
  kCase,      // CASE WHEN a0 THEN a1 WHEN a2 THEN a3 ... [ELSE last] END (has_else)
  kIn,        // arguments[0] [NOT] IN (arguments[1...])
  kBetween,   // arguments[0] [NOT] BETWEEN arguments[1] AND arguments[2]
  kIsNull,    // arguments[0] IS [NOT] NULL
  kAnd,       // arguments[0] AND arguments[1]
  kOr,        // arguments[0] OR arguments[1]
  kNot,       // NOT arguments[0]
  kCoalesce,  // COALESCE(arguments...)
};

// An unbound expression tree: names are not yet resolved and types not yet known (see Bind).
class Expression {
 public:
  // Use the builders below; this constructor is public only for std::make_shared.
  Expression(ExpressionKind kind, std::string name, Scalar literal, std::vector<ExprPtr> arguments,
             DataType cast_type = DataType(), bool flag = false);

  ExpressionKind kind() const { return kind_; }
  // The column path (kColumn) or the function name (kCall); empty otherwise.
  const std::string& name() const { return name_; }
  const Scalar& literal() const { return literal_; }
  const std::vector<ExprPtr>& arguments() const { return arguments_; }
  const DataType& cast_type() const { return cast_type_; }
  bool try_cast() const { return kind_ == ExpressionKind::kCast && flag_; }
  // NOT IN, NOT BETWEEN, IS NOT NULL.
  bool negated() const {
    return kind_ != ExpressionKind::kCast && kind_ != ExpressionKind::kCase && flag_;
  }
  bool has_else() const { return kind_ == ExpressionKind::kCase && flag_; }

  // SQL-like text for error messages and Explain: (a + 1), CAST(x AS BIGINT), lower(name).
  std::string ToString() const;

 private:
  ExpressionKind kind_;
  std::string name_;
  Scalar literal_;
  std::vector<ExprPtr> arguments_;
  DataType cast_type_;
  bool flag_;
};

// A handle to an expression node for building trees in C++. It converts to ExprPtr, and carries
// the operator overloads (`Col("a") + 1 > Lit(2) && !Col("flag")`). The overloads live here rather
// than on ExprPtr so that shared_ptr keeps its pointer meaning: `!pointer` and `a == b` on ExprPtr
// still test and compare pointers. Plain C++ values convert to literals: int is INTEGER, int64_t
// BIGINT, double DOUBLE, bool BOOLEAN, strings VARCHAR.
class Expr {
 public:
  Expr(ExprPtr node) : node_(std::move(node)) {}  // NOLINT: implicit by design
  Expr(int value);                                // NOLINT
  Expr(int64_t value);                            // NOLINT
  Expr(double value);                             // NOLINT
  Expr(bool value);                               // NOLINT
  Expr(const char* value);                        // NOLINT
  Expr(std::string value);                        // NOLINT

  operator const ExprPtr&() const { return node_; }  // NOLINT
  const ExprPtr& ptr() const { return node_; }
  const Expression* operator->() const { return node_.get(); }
  const Expression& operator*() const { return *node_; }

  // The SQL operators as calls: add, subtract, multiply, divide, modulo, equal, not_equal, less,
  // less_equal, greater, greater_equal; && || ! build AND / OR / NOT nodes; unary - is negate.
  // Hidden friends: found only when an operand is an Expr, never for a bare ExprPtr.
  friend Expr operator+(const Expr& left, const Expr& right);
  friend Expr operator-(const Expr& left, const Expr& right);
  friend Expr operator*(const Expr& left, const Expr& right);
  friend Expr operator/(const Expr& left, const Expr& right);
  friend Expr operator%(const Expr& left, const Expr& right);
  friend Expr operator==(const Expr& left, const Expr& right);
  friend Expr operator!=(const Expr& left, const Expr& right);
  friend Expr operator<(const Expr& left, const Expr& right);
  friend Expr operator<=(const Expr& left, const Expr& right);
  friend Expr operator>(const Expr& left, const Expr& right);
  friend Expr operator>=(const Expr& left, const Expr& right);
  friend Expr operator&&(const Expr& left, const Expr& right);
  friend Expr operator||(const Expr& left, const Expr& right);
  friend Expr operator!(const Expr& value);
  friend Expr operator-(const Expr& value);

 private:
  ExprPtr node_;
};

// Builders. Each returns a new immutable node.
Expr Col(std::string path);
Expr Lit(Scalar value);
Expr Lit(int value);
Expr Lit(int64_t value);
Expr Lit(double value);
Expr Lit(bool value);
Expr Lit(const char* value);
Expr Lit(std::string value);
// A NULL literal of `type` (the null type when omitted).
Expr NullLit(DataType type = DataType());
Expr Call(std::string function, std::vector<ExprPtr> arguments);
Expr Cast(ExprPtr value, DataType type);
Expr TryCast(ExprPtr value, DataType type);
// CASE WHEN first THEN second ... [ELSE otherwise] END; a null `otherwise` means no ELSE (NULL).
Expr Case(std::vector<std::pair<ExprPtr, ExprPtr>> branches, ExprPtr otherwise = nullptr);
Expr In(ExprPtr value, std::vector<ExprPtr> list, bool negated = false);
Expr Between(ExprPtr value, ExprPtr low, ExprPtr high, bool negated = false);
Expr IsNull(ExprPtr value);
Expr IsNotNull(ExprPtr value);
Expr And(ExprPtr left, ExprPtr right);
Expr Or(ExprPtr left, ExprPtr right);
Expr Not(ExprPtr value);
Expr Coalesce(std::vector<ExprPtr> arguments);

}  // namespace berserkr
