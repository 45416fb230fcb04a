// The hash join operator: runs both inputs, evaluates their keys batch by batch, hands the columns
// the output needs to the HashJoin kernel and lays its result out as the node's schema. Near the
// memory limit the inputs are partitioned to disk by key and joined a partition pair at a time.

#include <algorithm>
#include <atomic>
#include <mutex>

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/grouper.h"
#include "berserkr/exec/hash_join.h"
#include "berserkr/expr/evaluate.h"
#include "exec/spill_file.h"
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

// Joins two inputs held in memory (the whole inputs, or one partition of each).
std::vector<Batch> JoinInMemory(const LogicalNode& node, std::vector<Batch> left_batches,
                                std::vector<Batch> right_batches) {
  const LogicalNode& left_node = *node.inputs.at(0);
  const LogicalNode& right_node = *node.inputs.at(1);
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

// Partitions of a spilled join: enough that one partition of each side fits where the whole did
// not.
constexpr int kJoinSpillPartitions = 64;

// One input of a join, kept in memory (in input order) until memory runs short; from then on, and
// when asked, its rows go to disk, partitioned by the hash of their join keys — the same hash on
// both sides, as the keys are cast to common types.
class JoinSideCollector {
 public:
  JoinSideCollector(const LogicalNode& input, const std::vector<BoundExpression>& keys)
      : input_(input), keys_(keys) {
    std::vector<DataType> key_types;
    for (const BoundExpression& key : keys_) key_types.push_back(key.type());
    hasher_ = Grouper::Make(key_types);
  }

  void Collect() {
    StreamPipeline(input_, [&](Batch batch, BatchPosition position) {
      if (!spilling_.load(std::memory_order_acquire) && MemoryIsShort()) StartSpilling();
      if (spilling_.load(std::memory_order_acquire)) return Spill(batch);
      batches_.Add(position, std::move(batch));
    });
  }

  bool spilled() const { return spill_ != nullptr; }

  // Moves every batch still in memory to disk (those held before spilling started, or all of them
  // when the other side spilled), so the partitions are complete.
  void SpillAll() {
    StartSpilling();
    std::vector<Batch> held = batches_.Take();
    DefaultThreadPool().ParallelFor(static_cast<int64_t>(held.size()), [&](int64_t index) {
      Spill(held[index]);
      held[index] = Batch{};
    });
  }

  // The batches held in memory, in input order.
  std::vector<Batch> TakeBatches() { return batches_.Take(); }

  std::vector<Batch> ReadPartition(int partition) {
    std::vector<Batch> batches;
    spill_->partition(partition).ForEach([&](Batch batch) { batches.push_back(std::move(batch)); });
    return batches;
  }

 private:
  void StartSpilling() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (spill_) return;
    spill_ = std::make_unique<PartitionedSpill>(input_.schema, kJoinSpillPartitions, "join");
    spilling_.store(true, std::memory_order_release);  // publishes spill_
  }

  void Spill(const Batch& batch) {
    std::vector<ColumnPtr> keys;
    for (const BoundExpression& key : keys_) keys.push_back(Evaluate(key, batch));
    std::vector<uint64_t> hashes(static_cast<size_t>(batch.num_rows));
    hasher_->HashKeys(keys, batch.num_rows, hashes.data());
    spill_->Write(batch, hashes.data());
  }

  const LogicalNode& input_;
  const std::vector<BoundExpression>& keys_;
  std::unique_ptr<Grouper> hasher_;  // HashKeys only: reads no state, safe across threads
  std::mutex mutex_;
  OrderedBatches<BatchPosition> batches_;
  std::atomic<bool> spilling_{false};
  std::unique_ptr<PartitionedSpill> spill_;
};

}  // namespace

// Runs both inputs; when either had to go to disk (a memory limit is set and was running short),
// both are partitioned by key and joined one partition pair at a time — every key's rows meet in
// one pair, so the answer is the same; only its row order follows the partitions.
std::vector<Batch> RunJoin(const LogicalNode& node) {
  JoinSideCollector left(*node.inputs.at(0), node.expressions);
  JoinSideCollector right(*node.inputs.at(1), node.right_keys);
  left.Collect();
  right.Collect();
  if (!left.spilled() && !right.spilled()) {
    return JoinInMemory(node, left.TakeBatches(), right.TakeBatches());
  }
  left.SpillAll();
  right.SpillAll();
  std::vector<Batch> output;
  for (int partition = 0; partition < kJoinSpillPartitions; ++partition) {
    for (Batch& batch :
         JoinInMemory(node, left.ReadPartition(partition), right.ReadPartition(partition))) {
      output.push_back(std::move(batch));
    }
  }
  return output;
}

}  // namespace berserkr
