// Distinct and union all.

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/grouper.h"
#include "berserkr/exec/take.h"
#include "plan/executor_internal.h"

namespace berserkr {
namespace {

// The rows of `batch` whose key `grouper` has not seen before (and now has).
Batch KeepNewKeys(const LogicalNode& node, const Batch& batch, Grouper& grouper,
                  std::vector<uint32_t>& group_ids) {
  std::vector<ColumnPtr> keys;
  for (const int column : node.distinct_columns) keys.push_back(batch.columns[column]);
  const uint32_t known_groups = grouper.num_groups();
  group_ids.resize(static_cast<size_t>(batch.num_rows));
  grouper.Consume(keys, batch.num_rows, group_ids.data());
  // Ids are handed out in order of first appearance: a row starts a group when its id is the next.
  std::vector<uint32_t> kept;
  uint32_t next_group = known_groups;
  for (int64_t row = 0; row < batch.num_rows; ++row) {
    if (group_ids[row] == next_group) {
      kept.push_back(static_cast<uint32_t>(row));
      ++next_group;
    }
  }
  if (static_cast<int64_t>(kept.size()) == batch.num_rows) return batch;
  return Take(batch, kept.data(), static_cast<int64_t>(kept.size()));
}

}  // namespace

// Each batch drops its own repeats in parallel; then one grouper, in batch order, drops the keys an
// earlier batch had, so the first appearance wins whatever the thread count.
std::vector<Batch> RunDistinct(const LogicalNode& node) {
  std::vector<Batch> batches = ExecutePlan(node.input());
  std::vector<DataType> key_types;
  for (const int column : node.distinct_columns) {
    key_types.push_back(node.schema->field(column).type);
  }
  DefaultThreadPool().ParallelFor(static_cast<int64_t>(batches.size()), [&](int64_t index) {
    const std::unique_ptr<Grouper> grouper = Grouper::Make(key_types);
    std::vector<uint32_t> group_ids;
    batches[index] = KeepNewKeys(node, batches[index], *grouper, group_ids);
  });
  const std::unique_ptr<Grouper> grouper = Grouper::Make(key_types);
  std::vector<uint32_t> group_ids;
  std::vector<Batch> output;
  for (const Batch& batch : batches) {
    Batch kept = KeepNewKeys(node, batch, *grouper, group_ids);
    if (kept.num_rows > 0) output.push_back(std::move(kept));
  }
  return output;
}

// The inputs' batches one after another; inputs whose types differ were given a cast below.
std::vector<Batch> RunUnion(const LogicalNode& node) {
  std::vector<Batch> output;
  for (const auto& input : node.inputs) {
    for (Batch& batch : ExecutePlan(*input)) {
      batch.schema = node.schema;
      output.push_back(std::move(batch));
    }
  }
  return output;
}

}  // namespace berserkr
