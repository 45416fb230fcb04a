#include "berserkr/expr/evaluate.h"

#include "berserkr/common/error.h"
#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"

namespace berserkr {
namespace expr {

namespace {

// Three-valued logic. AND: false wins over NULL; OR: true wins over NULL.
ColumnPtr EvaluateLogical(BoundKind kind, const std::vector<ColumnPtr>& inputs, int64_t num_rows) {
  BoolBuilder builder;
  const Column& left = *inputs[0];
  if (kind == BoundKind::kNot) {
    for (int64_t row = 0; row < num_rows; ++row) {
      if (left.IsNull(row)) {
        builder.AppendNull();
      } else {
        builder.Append(!left.GetBool(row));
      }
    }
    return builder.Finish();
  }
  const Column& right = *inputs[1];
  const bool is_and = kind == BoundKind::kAnd;
  for (int64_t row = 0; row < num_rows; ++row) {
    const bool left_valid = left.IsValid(row);
    const bool right_valid = right.IsValid(row);
    const bool left_value = left_valid && left.GetBool(row);
    const bool right_value = right_valid && right.GetBool(row);
    // The value that decides the result alone: false for AND, true for OR.
    const bool dominant = !is_and;
    if ((left_valid && left_value == dominant) || (right_valid && right_value == dominant)) {
      builder.Append(dominant);
    } else if (left_valid && right_valid) {
      builder.Append(!dominant);
    } else {
      builder.AppendNull();
    }
  }
  return builder.Finish();
}

// Row `row` of the output comes from sources[choice[row]], or is NULL when choice[row] < 0.
ColumnPtr Choose(const DataType& type, const std::vector<ColumnPtr>& sources,
                 const std::vector<int32_t>& choice, int64_t num_rows) {
  if (type.id() == TypeId::kNull) return Column::MakeNull(type, num_rows);
  return VisitPhysicalType(type.id(), [&]<typename T>(std::type_identity<T>) {
    std::vector<ValueReader<T>> readers;
    for (const ColumnPtr& source : sources) readers.emplace_back(*source);
    WriterFor<T> writer(type, num_rows);
    for (int64_t row = 0; row < num_rows; ++row) {
      const int32_t source = choice[row];
      if (source < 0 || !readers[source].valid(row)) {
        writer.AppendNull();
      } else {
        writer.Append(readers[source](row));
      }
    }
    return writer.Finish();
  });
}

}  // namespace

// Conditions first; then only the branches some row takes, so that a branch no row reaches (e.g.
// CASE WHEN false THEN CAST('abc' AS INT)) cannot fail. A taken branch is still computed for every
// row (DuckDB narrows it with a selection vector); its errors on rows it does not own still throw.
ColumnPtr EvaluateCase(const BoundNode& node, const Batch& batch) {
  const int64_t num_rows = batch.num_rows;
  const auto& children = node.children;
  const size_t pairs = (children.size() - (node.flag ? 1 : 0)) / 2;
  std::vector<ColumnPtr> conditions;
  for (size_t pair = 0; pair < pairs; ++pair) {
    conditions.push_back(EvaluateNode(*children[2 * pair], batch));
  }
  std::vector<int32_t> choice(static_cast<size_t>(num_rows), -1);
  std::vector<bool> taken(pairs + 1, false);
  for (int64_t row = 0; row < num_rows; ++row) {
    int32_t chosen = node.flag ? static_cast<int32_t>(pairs) : -1;
    for (size_t pair = 0; pair < pairs; ++pair) {
      if (conditions[pair]->IsValid(row) && conditions[pair]->GetBool(row)) {
        chosen = static_cast<int32_t>(pair);
        break;
      }
    }
    choice[static_cast<size_t>(row)] = chosen;
    if (chosen >= 0) taken[static_cast<size_t>(chosen)] = true;
  }
  std::vector<ColumnPtr> values;
  for (size_t branch = 0; branch < pairs + (node.flag ? 1 : 0); ++branch) {
    const BoundNode& value = branch < pairs ? *children[2 * branch + 1] : *children.back();
    values.push_back(taken[branch] ? EvaluateNode(value, batch)
                                   : Column::MakeNull(node.type, num_rows));
  }
  return Choose(node.type, values, choice, num_rows);
}

namespace {

ColumnPtr EvaluateCoalesce(const BoundNode& node, const std::vector<ColumnPtr>& inputs,
                           int64_t num_rows) {
  std::vector<int32_t> choice(static_cast<size_t>(num_rows), -1);
  for (int64_t row = 0; row < num_rows; ++row) {
    for (size_t index = 0; index < inputs.size(); ++index) {
      if (inputs[index]->IsValid(row)) {
        choice[static_cast<size_t>(row)] = static_cast<int32_t>(index);
        break;
      }
    }
  }
  return Choose(node.type, inputs, choice, num_rows);
}

}  // namespace

ColumnPtr EvaluateNode(const BoundNode& node, const Batch& batch) {
  const int64_t num_rows = batch.num_rows;
  switch (node.kind) {
    case BoundKind::kConstant:
      return node.constant.ToColumn(num_rows);
    case BoundKind::kColumn:
      if (node.column_path.empty()) return batch.column(node.column_index);
      return ResolveColumnPath(batch, node.column_path);
    case BoundKind::kCase:
      return EvaluateCase(node, batch);
    default:
      break;
  }
  std::vector<ColumnPtr> inputs;
  inputs.reserve(node.children.size());
  for (const auto& child : node.children) inputs.push_back(EvaluateNode(*child, batch));
  switch (node.kind) {
    case BoundKind::kFunction:
      return node.kernel(inputs, num_rows, KernelContext{node.text, node.type});
    case BoundKind::kCast:
      return CastColumn(inputs[0], node.type, node.flag, node.text);
    case BoundKind::kAnd:
    case BoundKind::kOr:
    case BoundKind::kNot:
      return EvaluateLogical(node.kind, inputs, num_rows);
    case BoundKind::kIsNull: {
      BoolBuilder builder;
      const Column& input = *inputs[0];
      for (int64_t row = 0; row < num_rows; ++row) builder.Append(input.IsNull(row) != node.flag);
      return builder.Finish();
    }
    case BoundKind::kCoalesce:
      return EvaluateCoalesce(node, inputs, num_rows);
    default:
      throw Internal("unexpected bound node in " + node.text);
  }
}

}  // namespace expr

ColumnPtr Evaluate(const BoundExpression& expression, const Batch& batch) {
  return expr::EvaluateNode(expression.root(), batch);
}

}  // namespace berserkr
