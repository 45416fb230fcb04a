// Sort and limit: both need their whole input (for now) and keep its order otherwise.

#include <algorithm>

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/sort.h"
#include "plan/executor_internal.h"

namespace berserkr {

std::vector<Batch> RunSort(const LogicalNode& node) {
  const Table input(node.input().schema, ExecutePlan(node.input()));
  if (input.num_rows() == 0) return {};
  return SortTable(input, node.sort_keys, &DefaultThreadPool()).batches();
}

// Runs the whole input, then slices: stopping the input early (and TopN for Sort + Limit) is for
// the optimizer to come.
std::vector<Batch> RunLimit(const LogicalNode& node) {
  std::vector<Batch> output;
  int64_t skip = node.offset;
  int64_t remaining = node.limit;
  for (const Batch& batch : ExecutePlan(node.input())) {
    if (remaining == 0) break;
    if (skip >= batch.num_rows) {
      skip -= batch.num_rows;
      continue;
    }
    const int64_t length = std::min(remaining, batch.num_rows - skip);
    output.push_back(batch.Slice(skip, length));
    remaining -= length;
    skip = 0;
  }
  return output;
}

}  // namespace berserkr
