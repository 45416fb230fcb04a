// The window operator: materializes its input, adds the evaluated partition keys and arguments as
// extra columns, runs the window kernel and appends its results to the input batches (whose order
// the kernel keeps).

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/window.h"
#include "berserkr/expr/evaluate.h"
#include "plan/executor_internal.h"

namespace berserkr {

std::vector<Batch> RunWindow(const LogicalNode& node) {
  std::vector<Batch> batches = ExecutePlan(node.input());
  const Schema& input = *node.input().schema;
  std::vector<const BoundExpression*> extra_columns;
  for (const BoundExpression& key : node.expressions) extra_columns.push_back(&key);
  for (const BoundWindowFunction& function : node.window_functions) {
    for (const BoundExpression& argument : function.arguments) extra_columns.push_back(&argument);
  }
  std::vector<Field> work_fields = input.fields();
  for (size_t index = 0; index < extra_columns.size(); ++index) {
    work_fields.push_back({"window_column_" + std::to_string(index), extra_columns[index]->type()});
  }
  auto work_schema = std::make_shared<Schema>(std::move(work_fields));
  std::vector<Batch> work(batches.size());
  DefaultThreadPool().ParallelFor(static_cast<int64_t>(batches.size()), [&](int64_t index) {
    work[index] = Batch{work_schema, batches[index].columns, batches[index].num_rows};
    for (const BoundExpression* expression : extra_columns) {
      work[index].columns.push_back(Evaluate(*expression, batches[index]));
    }
  });
  std::vector<int> partition_columns;
  for (size_t key = 0; key < node.expressions.size(); ++key) {
    partition_columns.push_back(input.num_fields() + static_cast<int>(key));
  }
  std::vector<WindowFunction> functions;
  for (const BoundWindowFunction& function : node.window_functions) {
    functions.push_back(function.function);
  }
  const std::vector<ColumnPtr> results = ComputeWindow(
      Table(work_schema, std::move(work)), partition_columns, node.sort_keys, functions);
  int64_t start = 0;
  for (Batch& batch : batches) {
    batch.schema = node.schema;
    for (const ColumnPtr& result : results) {
      batch.columns.push_back(result->Slice(start, batch.num_rows));
    }
    start += batch.num_rows;
  }
  return batches;
}

}  // namespace berserkr
