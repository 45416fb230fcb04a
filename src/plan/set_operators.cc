// Distinct and union all.

#include <algorithm>

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/grouper.h"
#include "berserkr/exec/take.h"
#include "plan/executor_internal.h"

namespace berserkr {
namespace {

// Partitions of a distinct: each is deduplicated by one thread, so more than threads.
constexpr int kDistinctPartitions = 64;

// One batch's rows in the order of their key's partition: rows[starts[p] .. starts[p + 1]) are
// the batch's rows of partition p, in row order, and `keys` holds their key columns in that order.
struct PartitionedBatch {
  std::vector<uint32_t> rows;
  std::vector<uint32_t> starts;
  std::vector<ColumnPtr> keys;
};

PartitionedBatch PartitionKeys(const LogicalNode& node, const Batch& batch, const Grouper& hasher) {
  std::vector<ColumnPtr> keys;
  for (const int column : node.distinct_columns) keys.push_back(batch.columns[column]);
  const auto num_rows = static_cast<size_t>(batch.num_rows);
  std::vector<uint64_t> hashes(num_rows);
  hasher.HashKeys(keys, batch.num_rows, hashes.data());
  std::vector<uint8_t> partition_of(num_rows);
  PartitionedBatch partitioned;
  partitioned.starts.assign(kDistinctPartitions + 1, 0);
  for (size_t row = 0; row < num_rows; ++row) {
    partition_of[row] = static_cast<uint8_t>(KeyPartition(hashes[row], kDistinctPartitions));
    ++partitioned.starts[partition_of[row] + 1];
  }
  for (int partition = 0; partition < kDistinctPartitions; ++partition) {
    partitioned.starts[partition + 1] += partitioned.starts[partition];
  }
  std::vector<uint32_t> next(partitioned.starts.begin(), partitioned.starts.end() - 1);
  partitioned.rows.resize(num_rows);
  for (size_t row = 0; row < num_rows; ++row) {
    partitioned.rows[next[partition_of[row]]++] = static_cast<uint32_t>(row);
  }
  for (const ColumnPtr& key : keys) {
    partitioned.keys.push_back(Take(*key, partitioned.rows.data(), batch.num_rows));
  }
  return partitioned;
}

}  // namespace

// The first row of each key, in input order, whatever the thread count. Rows are split by key
// hash into partitions (equal keys land in one); each partition is deduplicated by one thread
// taking its rows batch after batch in input order, so the row it keeps is the first; then each
// batch keeps its marked rows.
std::vector<Batch> RunDistinct(const LogicalNode& node) {
  std::vector<Batch> batches = ExecutePlan(node.input());
  std::vector<DataType> key_types;
  for (const int column : node.distinct_columns) {
    key_types.push_back(node.schema->field(column).type);
  }
  ThreadPool& pool = DefaultThreadPool();
  const std::unique_ptr<Grouper> hasher = Grouper::Make(key_types);
  std::vector<PartitionedBatch> partitioned(batches.size());
  pool.ParallelFor(static_cast<int64_t>(batches.size()), [&](int64_t index) {
    partitioned[index] = PartitionKeys(node, batches[index], *hasher);
  });
  std::vector<std::vector<uint8_t>> keep(batches.size());
  for (size_t index = 0; index < batches.size(); ++index) {
    keep[index].assign(static_cast<size_t>(batches[index].num_rows), 0);
  }
  pool.ParallelFor(kDistinctPartitions, [&](int64_t partition) {
    const std::unique_ptr<Grouper> grouper = Grouper::Make(key_types);
    std::vector<uint32_t> group_ids;
    for (size_t index = 0; index < batches.size(); ++index) {
      const PartitionedBatch& part = partitioned[index];
      const uint32_t start = part.starts[partition];
      const int64_t count = part.starts[partition + 1] - start;
      if (count == 0) continue;
      std::vector<ColumnPtr> keys;
      for (const ColumnPtr& key : part.keys) keys.push_back(key->Slice(start, count));
      group_ids.resize(static_cast<size_t>(count));
      uint32_t next_group = grouper->num_groups();
      grouper->Consume(keys, count, group_ids.data());
      // Ids are handed out in order of first appearance: a row starts a group when its id is the
      // next one.
      for (int64_t row = 0; row < count; ++row) {
        if (group_ids[row] != next_group) continue;
        keep[index][part.rows[start + row]] = 1;
        ++next_group;
      }
    }
  });
  std::vector<Batch> output(batches.size());
  pool.ParallelFor(static_cast<int64_t>(batches.size()), [&](int64_t index) {
    std::vector<uint32_t> kept;
    for (size_t row = 0; row < keep[index].size(); ++row) {
      if (keep[index][row]) kept.push_back(static_cast<uint32_t>(row));
    }
    const Batch& batch = batches[index];
    output[index] = static_cast<int64_t>(kept.size()) == batch.num_rows
                        ? batch
                        : Take(batch, kept.data(), static_cast<int64_t>(kept.size()));
  });
  output.erase(std::remove_if(output.begin(), output.end(),
                              [](const Batch& batch) { return batch.num_rows == 0; }),
               output.end());
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
