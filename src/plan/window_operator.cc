// The window operator: materializes its input, adds the evaluated partition keys and arguments as
// extra columns, runs the window kernel and appends its results to the input batches (whose order
// the kernel keeps).

#include <malloc.h>

#include <algorithm>

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/window.h"
#include "berserkr/expr/evaluate.h"
#include "plan/executor_internal.h"

namespace berserkr {
namespace {

// Whether column `left` and column `right` of `batches` hold the same pieces in every batch.
bool SamePieces(const std::vector<Batch>& batches, int left, int right) {
  return std::all_of(batches.begin(), batches.end(), [&](const Batch& batch) {
    return batch.columns[left] == batch.columns[right];
  });
}

// The kernel reads its order keys and arguments by row id, so it needs each as one column. Each
// is combined here once (a column that several roles share, such as an order key that is also
// an argument, only once), and every batch, in `work` and in `batches`, then holds a slice of the
// combined column in place of its own piece: the pieces are freed as soon as they are copied
// (unless something else holds them) instead of living on beside the kernel's copies, and the
// kernel's own combining of the slices is free (ConcatenateColumns of adjacent slices). Columns
// are combined in parallel, so at most one per thread is held twice at a time.
void CombineReadColumns(std::vector<int> columns, std::vector<Batch>& work,
                        std::vector<Batch>& batches) {
  if (work.size() < 2) return;
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  // Per distinct column: the slots of `work` and of `batches` that hold its pieces. Found before
  // the tasks start, so that each task writes only its own slots.
  struct Group {
    int column;
    std::vector<int> work_slots;
    std::vector<int> batch_slots;
  };
  std::vector<Group> groups;
  const int num_work_columns = static_cast<int>(work[0].columns.size());
  const int num_input_columns = static_cast<int>(batches[0].columns.size());
  for (const int column : columns) {
    const bool seen = std::any_of(groups.begin(), groups.end(), [&](const Group& group) {
      return SamePieces(work, group.column, column);
    });
    if (seen) continue;
    Group group{column, {}, {}};
    for (int slot = 0; slot < num_work_columns; ++slot) {
      if (SamePieces(work, slot, column)) {
        group.work_slots.push_back(slot);
        if (slot < num_input_columns) group.batch_slots.push_back(slot);
      }
    }
    groups.push_back(std::move(group));
  }
  DefaultThreadPool().ParallelFor(static_cast<int64_t>(groups.size()), [&](int64_t index) {
    const Group& group = groups[static_cast<size_t>(index)];
    std::vector<ColumnPtr> pieces;
    for (const Batch& batch : work) pieces.push_back(batch.columns[group.column]);
    const ColumnPtr combined = ConcatenateColumns(pieces);
    int64_t start = 0;
    for (size_t batch = 0; batch < work.size(); ++batch) {
      const ColumnPtr slice = combined->Slice(start, work[batch].num_rows);
      start += work[batch].num_rows;
      for (const int slot : group.work_slots) work[batch].columns[slot] = slice;
      for (const int slot : group.batch_slots) batches[batch].columns[slot] = slice;
    }
  });
  // The pieces were the size of a scan's batches, which malloc serves from its heaps and keeps
  // when they are freed: give that memory back (the input's size, at the moment the window needs
  // the most).
  malloc_trim(0);
}

}  // namespace

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
  // (Partition keys are read batch by batch.)
  std::vector<int> read_columns;
  for (const SortKey& key : node.sort_keys) read_columns.push_back(key.column);
  for (const WindowFunction& function : functions) {
    if (function.argument >= 0) read_columns.push_back(function.argument);
    if (function.default_argument >= 0) read_columns.push_back(function.default_argument);
  }
  CombineReadColumns(std::move(read_columns), work, batches);
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
