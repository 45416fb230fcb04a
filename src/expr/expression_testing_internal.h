#pragma once

// Shared helpers for the expression tests: small columns from literals, and RunExpression(), which
// binds and evaluates an expression and also checks that a sliced batch (nonzero column offsets)
// gives the same answers as the tail of the full result.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/expr/bind.h"
#include "berserkr/expr/evaluate.h"
#include "berserkr/expr/expression.h"
#include "berserkr/types/column_builder.h"
#include "berserkr/types/table.h"

namespace berserkr::expr_testing {

template <typename T>
ColumnPtr FixedColumn(const DataType& type, const std::vector<std::optional<T>>& values) {
  FixedWidthBuilder<T> builder(type);
  for (const auto& value : values) value ? builder.Append(*value) : builder.AppendNull();
  return builder.Finish();
}

inline ColumnPtr Ints(const std::vector<std::optional<int64_t>>& values) {
  return FixedColumn<int64_t>(DataType::Int64(), values);
}
inline ColumnPtr Int32s(const std::vector<std::optional<int32_t>>& values) {
  return FixedColumn<int32_t>(DataType::Int32(), values);
}
inline ColumnPtr Doubles(const std::vector<std::optional<double>>& values) {
  return FixedColumn<double>(DataType::Float64(), values);
}
inline ColumnPtr Bools(const std::vector<std::optional<bool>>& values) {
  BoolBuilder builder;
  for (const auto& value : values) value ? builder.Append(*value) : builder.AppendNull();
  return builder.Finish();
}
inline ColumnPtr Strings(const std::vector<std::optional<std::string>>& values) {
  StringBuilder builder;
  for (const auto& value : values) value ? builder.Append(*value) : builder.AppendNull();
  return builder.Finish();
}

inline Batch MakeBatch(const std::vector<std::pair<std::string, ColumnPtr>>& columns) {
  std::vector<Field> fields;
  Batch batch;
  for (const auto& [name, column] : columns) {
    fields.push_back(Field{name, column->type()});
    batch.columns.push_back(column);
    batch.num_rows = column->length();
  }
  batch.schema = std::make_shared<Schema>(std::move(fields));
  return batch;
}

inline std::vector<std::string> Values(const ColumnPtr& column) {
  std::vector<std::string> values;
  for (int64_t row = 0; row < column->length(); ++row) values.push_back(column->FormatValue(row));
  return values;
}

// Binds and evaluates `expression` on `batch`; the values as text ("NULL" for NULL).
inline std::vector<std::string> RunExpression(const ExprPtr& expression, const Batch& batch) {
  const BoundExpression bound = Bind(expression, *batch.schema);
  const ColumnPtr result = Evaluate(bound, batch);
  EXPECT_EQ(result->type(), bound.type()) << expression->ToString();
  EXPECT_EQ(result->length(), batch.num_rows);
  std::vector<std::string> values = Values(result);
  if (batch.num_rows > 1) {
    const std::vector<std::string> tail =
        Values(Evaluate(bound, batch.Slice(1, batch.num_rows - 1)));
    EXPECT_EQ(tail, std::vector<std::string>(values.begin() + 1, values.end()))
        << "sliced batch differs for " << expression->ToString();
  }
  return values;
}

// Evaluates an expression without columns (one row) and returns its single value as text.
inline std::string RunConstant(const ExprPtr& expression) {
  Batch batch = MakeBatch({{"unused", Ints({0})}});
  return RunExpression(expression, batch)[0];
}

// The message of the InvalidInput that `function` throws ("" when it throws none).
template <typename Function>
std::string ErrorOf(Function&& function) {
  try {
    function();
  } catch (const InvalidInput& error) {
    return error.what();
  }
  return "";
}

}  // namespace berserkr::expr_testing
