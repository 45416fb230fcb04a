// The hash join operator: runs both inputs, evaluates their keys batch by batch, hands the columns
// the output needs to the HashJoin kernel and lays its result out as the node's schema.

#include <algorithm>

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/hash_join.h"
#include "berserkr/expr/evaluate.h"
#include "plan/executor_internal.h"

namespace berserkr {
namespace {

int64_t CountRows(const std::vector<Batch>& batches) {
  int64_t rows = 0;
  for (const Batch& batch : batches) rows += batch.num_rows;
  return rows;
}

// The columns of one side that some output column reads, ascending.
std::vector<int> NeededColumns(const LogicalNode& node, bool left) {
  std::vector<int> columns;
  for (const JoinOutputColumn& output : node.join_outputs) {
    const int column = left ? output.left_column : output.right_column;
    if (column >= 0) columns.push_back(column);
  }
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  return columns;
}

// One side as the kernel takes it: only the `needed` columns, and the keys evaluated per batch.
JoinInput MakeJoinInput(std::vector<Batch> batches, const Schema& schema,
                        const std::vector<BoundExpression>& keys, const std::vector<int>& needed) {
  JoinInput input;
  std::vector<Field> fields;
  for (int column : needed) fields.push_back(schema.field(column));
  input.schema = std::make_shared<Schema>(std::move(fields));
  for (const BoundExpression& key : keys) input.key_types.push_back(key.type());
  input.keys.resize(batches.size());
  input.batches.resize(batches.size());
  DefaultThreadPool().ParallelFor(static_cast<int64_t>(batches.size()), [&](int64_t index) {
    const Batch& batch = batches[index];
    for (const BoundExpression& key : keys) input.keys[index].push_back(Evaluate(key, batch));
    Batch& narrowed = input.batches[index];
    narrowed = Batch{input.schema, {}, batch.num_rows};
    for (int column : needed) narrowed.columns.push_back(batch.columns[column]);
  });
  return input;
}

}  // namespace

std::vector<Batch> RunJoin(const LogicalNode& node) {
  const LogicalNode& left_node = *node.inputs.at(0);
  const LogicalNode& right_node = *node.inputs.at(1);
  std::vector<Batch> left_batches = ExecutePlan(left_node);
  std::vector<Batch> right_batches = ExecutePlan(right_node);
  const JoinSide build_side = node.BuildSide(CountRows(left_batches), CountRows(right_batches));

  const std::vector<int> left_needed = NeededColumns(node, true);
  const std::vector<int> right_needed = NeededColumns(node, false);
  const JoinInput left =
      MakeJoinInput(std::move(left_batches), *left_node.schema, node.expressions, left_needed);
  const JoinInput right =
      MakeJoinInput(std::move(right_batches), *right_node.schema, node.right_keys, right_needed);
  std::vector<Field> raw_fields = left.schema->fields();
  raw_fields.insert(raw_fields.end(), right.schema->fields().begin(), right.schema->fields().end());
  const auto raw_schema = std::make_shared<Schema>(std::move(raw_fields));
  std::vector<Batch> batches = HashJoin(left, right, node.join_type, build_side, raw_schema);

  // Where each output column sits in the kernel's result (left needed columns, then right ones).
  const auto position = [&](const std::vector<int>& needed, int column, size_t first) {
    return first + static_cast<size_t>(std::lower_bound(needed.begin(), needed.end(), column) -
                                       needed.begin());
  };
  DefaultThreadPool().ParallelFor(static_cast<int64_t>(batches.size()), [&](int64_t index) {
    Batch& batch = batches[index];
    Batch output{node.schema, {}, batch.num_rows};
    for (const JoinOutputColumn& column : node.join_outputs) {
      ColumnPtr left_column;
      ColumnPtr right_column;
      if (column.left_column >= 0) {
        left_column = batch.columns[position(left_needed, column.left_column, 0)];
      }
      if (column.right_column >= 0) {
        right_column =
            batch.columns[position(right_needed, column.right_column, left_needed.size())];
      }
      if (column.coalesce) {
        const auto pair_schema = std::make_shared<Schema>(std::vector<Field>{
            {"left", left_column->type(), true}, {"right", right_column->type(), true}});
        const Batch pair{pair_schema, {left_column, right_column}, batch.num_rows};
        output.columns.push_back(Evaluate(*column.coalesce, pair));
      } else {
        output.columns.push_back(left_column ? left_column : right_column);
      }
    }
    batch = std::move(output);
  });
  return batches;
}

}  // namespace berserkr
