// The hash aggregate. Each thread consumes batches into its own state (grouper + aggregators).
// With few groups the states merge into the first, which finalizes; with many, each state's groups
// are split into partitions by a hash of their keys, and the partitions merge and finalize in
// parallel (one output batch each) — so the merge of millions of groups (db-benchmark q10) is not
// left to one thread.
//
// Near the memory limit (MemoryIsShort, executor_internal.h), the states stop growing:
// later rows — their keys and arguments, evaluated — are written to per-partition spill files
// instead. Each partition then consumes its file and merges the in-memory groups of its partition,
// one partition at a time per thread, so the answer is exact and memory stays bounded by the states
// plus a partition.

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>

#include "berserkr/common/memory_pool.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/grouper.h"
#include "berserkr/exec/take.h"
#include "berserkr/expr/evaluate.h"
#include "exec/spill_file.h"
#include "plan/executor_internal.h"

namespace berserkr {
namespace {

// Below this many groups (summed over the task states) one thread merges: partitioning costs a
// pass over every group of every state, which only pays off when the merge itself is large.
constexpr int64_t kPartitionedMergeMinGroups = 1 << 16;
// Holistic aggregates (median, quantiles, mode, count_distinct, string_agg, list) keep every value
// and do their work — sorting each group's values — at Finalize, which partitions spread over the
// threads: worth it from far fewer groups (db-benchmark q6: 9,000 groups, 1e7 values).
constexpr int64_t kPartitionedMergeMinGroupsHolistic = 1 << 10;

// Partitions of rows set aside rather than grouped at once — in memory when the keys are close to
// unique, on disk when memory runs short: enough that one partition's groups fit in the cache (for
// 1e7 unique keys, ~160,000 groups) or where all of them did not fit (spilling).
constexpr int kRowPartitions = 64;

// A state stops grouping and partitions later rows once it holds this many groups and they are at
// least half its rows: keys this close to unique (db-benchmark q10) make its hash table as large
// as its input, so every insert misses the cache, and the merge inserts every group once more.
// Fewer groups (q3: 1e5) stay in the table, which then fits the cache anyway.
constexpr uint32_t kPartitionFromGroups = 1 << 17;
std::atomic<uint32_t> partition_from_groups{kPartitionFromGroups};

// One task's share of an aggregation.
struct AggregateState {
  std::unique_ptr<Grouper> grouper;
  std::vector<std::unique_ptr<GroupedAggregator>> aggregators;
  std::vector<uint32_t> group_ids;  // per batch
  int64_t rows_grouped = 0;
  // Set when the keys looked close to unique: later rows go to `partitions` (by key hash, in
  // arrival order) instead of the grouper, and each partition is grouped on its own at the end.
  bool partitioning = false;
  std::vector<std::vector<Batch>> partitions;
};

AggregateState MakeAggregateState(const LogicalNode& node) {
  AggregateState state;
  std::vector<DataType> key_types;
  for (const BoundExpression& key : node.expressions) key_types.push_back(key.type());
  state.grouper = Grouper::Make(key_types);
  for (const BoundAggregate& aggregate : node.aggregates) {
    std::vector<DataType> argument_types;
    for (const BoundExpression& argument : aggregate.arguments)
      argument_types.push_back(argument.type());
    state.aggregators.push_back(
        MakeGroupedAggregator(aggregate.function, argument_types, aggregate.options));
  }
  return state;
}

// The columns an aggregate reads: its keys, then every aggregate's arguments in order. Also the
// layout of a spilled row.
SchemaPtr InputsSchema(const LogicalNode& node) {
  std::vector<Field> fields;
  for (const BoundExpression& key : node.expressions) {
    fields.push_back({"k" + std::to_string(fields.size()), key.type(), true});
  }
  for (const BoundAggregate& aggregate : node.aggregates) {
    for (const BoundExpression& argument : aggregate.arguments) {
      fields.push_back({"a" + std::to_string(fields.size()), argument.type(), true});
    }
  }
  return std::make_shared<Schema>(std::move(fields));
}

Batch EvaluateInputs(const LogicalNode& node, const SchemaPtr& schema, const Batch& batch) {
  Batch inputs{schema, {}, batch.num_rows};
  for (const BoundExpression& key : node.expressions) {
    inputs.columns.push_back(Evaluate(key, batch));
  }
  for (const BoundAggregate& aggregate : node.aggregates) {
    for (const BoundExpression& argument : aggregate.arguments) {
      inputs.columns.push_back(Evaluate(argument, batch));
    }
  }
  return inputs;
}

void ConsumeInputs(const LogicalNode& node, const Batch& inputs, AggregateState& state) {
  const size_t num_keys = node.expressions.size();
  const std::vector<ColumnPtr> keys(inputs.columns.begin(), inputs.columns.begin() + num_keys);
  state.group_ids.resize(static_cast<size_t>(inputs.num_rows));
  state.grouper->Consume(keys, inputs.num_rows, state.group_ids.data());
  size_t next = num_keys;
  for (size_t index = 0; index < node.aggregates.size(); ++index) {
    const size_t count = node.aggregates[index].arguments.size();
    const std::vector<ColumnPtr> arguments(inputs.columns.begin() + next,
                                           inputs.columns.begin() + next + count);
    next += count;
    state.aggregators[index]->Resize(state.grouper->num_groups());
    state.aggregators[index]->Consume(arguments, state.group_ids.data(), inputs.num_rows);
  }
}

// Splits `inputs` by the partition of their keys' hash into state.partitions: one gather puts the
// rows in partition order, and each partition gets a slice of it.
void PartitionInputs(const LogicalNode& node, const Batch& inputs, AggregateState& state) {
  const std::vector<ColumnPtr> keys(inputs.columns.begin(),
                                    inputs.columns.begin() + node.expressions.size());
  const auto num_rows = static_cast<size_t>(inputs.num_rows);
  std::vector<uint64_t> hashes(num_rows);
  state.grouper->HashKeys(keys, inputs.num_rows, hashes.data());
  std::vector<uint8_t> partition_of(num_rows);
  std::vector<uint32_t> starts(kRowPartitions + 1, 0);
  for (size_t row = 0; row < num_rows; ++row) {
    partition_of[row] = static_cast<uint8_t>(KeyPartition(hashes[row], kRowPartitions));
    ++starts[partition_of[row] + 1];
  }
  for (int partition = 0; partition < kRowPartitions; ++partition) {
    starts[partition + 1] += starts[partition];
  }
  std::vector<uint32_t> order(num_rows);
  std::vector<uint32_t> next(starts.begin(), starts.end() - 1);
  for (size_t row = 0; row < num_rows; ++row) {
    order[next[partition_of[row]]++] = static_cast<uint32_t>(row);
  }
  const Batch ordered = Take(inputs, order.data(), inputs.num_rows);
  for (int partition = 0; partition < kRowPartitions; ++partition) {
    const uint32_t count = starts[partition + 1] - starts[partition];
    if (count > 0) state.partitions[partition].push_back(ordered.Slice(starts[partition], count));
  }
}

// Rows set aside once memory runs short, by partition of their key.
class AggregateSpill {
 public:
  explicit AggregateSpill(SchemaPtr schema)
      : partitions_(std::move(schema), kRowPartitions, "aggregate") {}

  // Writes each row of `inputs` to its key's partition; `grouper` (any of the aggregate's) hashes.
  void Write(const LogicalNode& node, const Batch& inputs, const Grouper& grouper) {
    const std::vector<ColumnPtr> keys(inputs.columns.begin(),
                                      inputs.columns.begin() + node.expressions.size());
    std::vector<uint64_t> hashes(static_cast<size_t>(inputs.num_rows));
    grouper.HashKeys(keys, inputs.num_rows, hashes.data());
    partitions_.Write(inputs, hashes.data());
  }

  SpillFile& partition(int index) { return partitions_.partition(index); }

 private:
  PartitionedSpill partitions_;
};

// Consumes batch after batch into states, spilling once memory runs short. Shared by the
// streamed and in-memory inputs.
class AggregateConsumer {
 public:
  explicit AggregateConsumer(const LogicalNode& node)
      : node_(node), inputs_schema_(InputsSchema(node)) {}

  void Consume(const Batch& batch, AggregateState& state) {
    const Batch inputs = EvaluateInputs(node_, inputs_schema_, batch);
    if (!spilling_.load(std::memory_order_acquire) && MemoryIsShort()) StartSpilling();
    if (spilling_.load(std::memory_order_acquire)) {
      spill_->Write(node_, inputs, *state.grouper);
    } else if (state.partitioning) {
      PartitionInputs(node_, inputs, state);
    } else {
      ConsumeInputs(node_, inputs, state);
      state.rows_grouped += inputs.num_rows;
      const uint32_t groups = state.grouper->num_groups();
      if (groups >= partition_from_groups.load(std::memory_order_relaxed) &&
          2 * int64_t{groups} >= state.rows_grouped) {
        state.partitioning = true;
        state.partitions.resize(kRowPartitions);
      }
    }
  }

  AggregateSpill* spill() { return spill_.get(); }

 private:
  void StartSpilling() {
    std::call_once(spill_once_, [&] {
      spill_ = std::make_unique<AggregateSpill>(inputs_schema_);
      spilling_.store(true, std::memory_order_release);  // publishes spill_
    });
  }

  const LogicalNode& node_;
  SchemaPtr inputs_schema_;
  std::atomic<bool> spilling_{false};
  std::once_flag spill_once_;
  std::unique_ptr<AggregateSpill> spill_;
};

// The output rows of a finished state.
Batch Finalize(const LogicalNode& node, AggregateState& state) {
  uint32_t num_groups = state.grouper->num_groups();
  // SQL: an aggregate without keys over no rows still gives one row (count 0, sum NULL).
  if (node.expressions.empty() && num_groups == 0) num_groups = 1;
  Batch output{node.schema, state.grouper->Keys(), num_groups};
  for (auto& aggregator : state.aggregators) {
    aggregator->Resize(num_groups);
    output.columns.push_back(aggregator->Finalize());
  }
  return output;
}

// Merges every state into the first, in task order, and finalizes it.
Batch MergeAndFinalize(const LogicalNode& node, std::vector<AggregateState>& states) {
  AggregateState& result = states[0];
  std::vector<uint32_t> mapping;
  for (size_t task = 1; task < states.size(); ++task) {
    result.grouper->Merge(*states[task].grouper, mapping);
    for (size_t index = 0; index < result.aggregators.size(); ++index) {
      result.aggregators[index]->Resize(result.grouper->num_groups());
      result.aggregators[index]->Merge(*states[task].aggregators[index], mapping.data());
    }
  }
  return Finalize(node, result);
}

// Splits each state's groups into `num_partitions` by key hash; merges and finalizes the
// partitions in parallel. A partition takes, task by task, the task's groups and then the rows
// the task partitioned (so "first" and "last" keep the input order), and then the rows spilled,
// if any. Equal keys hash alike in every state and row, so each key lands in one partition and
// the partitions' rows together are the answer.
void MergePartitioned(const LogicalNode& node, std::vector<AggregateState>& states,
                      int num_partitions, AggregateSpill* spill, const BatchSink& sink) {
  // partition_groups[task][partition]: the groups of that task's state in that partition.
  std::vector<std::vector<std::vector<uint32_t>>> partition_groups(states.size());
  ThreadPool& pool = DefaultThreadPool();
  pool.ParallelFor(static_cast<int64_t>(states.size()), [&](int64_t task) {
    const Grouper& grouper = *states[task].grouper;
    std::vector<uint64_t> hashes(grouper.num_groups());
    grouper.KeyHashes(hashes.data());
    auto& groups = partition_groups[task];
    groups.resize(static_cast<size_t>(num_partitions));
    for (uint32_t group = 0; group < grouper.num_groups(); ++group) {
      groups[KeyPartition(hashes[group], num_partitions)].push_back(group);
    }
  });
  pool.ParallelFor(num_partitions, [&](int64_t partition) {
    AggregateState merged = MakeAggregateState(node);
    // At most this many groups; near-unique keys make it about right. Under memory pressure only
    // the groups sure to come are reserved.
    int64_t expected_groups = 0;
    for (size_t task = 0; task < states.size(); ++task) {
      expected_groups += partition_groups[task][partition].size();
      if (!states[task].partitioning || spill != nullptr) continue;
      for (const Batch& rows : states[task].partitions[partition]) expected_groups += rows.num_rows;
    }
    merged.grouper->Reserve(expected_groups);
    std::vector<uint32_t> ids;
    std::vector<uint32_t> mapping;
    for (size_t task = 0; task < states.size(); ++task) {
      const std::vector<uint32_t>& groups = partition_groups[task][partition];
      ids.resize(groups.size());
      merged.grouper->MergeSelected(*states[task].grouper, groups.data(),
                                    static_cast<int64_t>(groups.size()), ids.data());
      mapping.assign(states[task].grouper->num_groups(), GroupedAggregator::kSkipGroup);
      for (size_t index = 0; index < groups.size(); ++index) mapping[groups[index]] = ids[index];
      for (size_t index = 0; index < merged.aggregators.size(); ++index) {
        merged.aggregators[index]->Resize(merged.grouper->num_groups());
        merged.aggregators[index]->Merge(*states[task].aggregators[index], mapping.data());
      }
      if (!states[task].partitioning) continue;
      for (Batch& rows : states[task].partitions[partition]) {
        ConsumeInputs(node, rows, merged);
        rows = Batch{};  // the rows are grouped now
      }
    }
    if (spill != nullptr) {
      spill->partition(static_cast<int>(partition)).ForEach([&](Batch inputs) {
        ConsumeInputs(node, inputs, merged);
      });
    }
    // An empty partition gives no rows (not the one row of a global aggregate over nothing).
    if (merged.grouper->num_groups() == 0) return;
    Batch output = Finalize(node, merged);
    merged = AggregateState{};  // free the partition's state before the sink holds its rows
    sink(std::move(output), partition);
  });
}

// Consumes a streamed input: each batch takes a free state (or makes one), so there are at most
// as many states as batches in flight at once — one per thread.
std::vector<AggregateState> ConsumeStream(const LogicalNode& node, AggregateConsumer& sink) {
  std::mutex mutex;
  std::vector<std::unique_ptr<AggregateState>> free_states;  // GUARDED_BY(mutex)
  StreamPipeline(node.input(), [&](Batch batch, BatchPosition) {
    std::unique_ptr<AggregateState> state;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!free_states.empty()) {
        state = std::move(free_states.back());
        free_states.pop_back();
      }
    }
    if (!state) state = std::make_unique<AggregateState>(MakeAggregateState(node));
    sink.Consume(batch, *state);
    std::lock_guard<std::mutex> lock(mutex);
    free_states.push_back(std::move(state));
  });
  std::vector<AggregateState> states;
  for (auto& state : free_states) states.push_back(std::move(*state));
  if (states.empty()) states.push_back(MakeAggregateState(node));
  return states;
}

// Consumes batches in memory: one task per thread over contiguous batch ranges, each with one
// state, so "first" and "last" follow the input order.
std::vector<AggregateState> ConsumeBatches(const LogicalNode& node, AggregateConsumer& sink) {
  const Pipeline pipeline = PipelineEndingAt(node.input());
  const std::vector<Batch> batches = SourceBatches(*pipeline.source);
  ThreadPool& pool = DefaultThreadPool();
  const int64_t num_tasks =
      std::max<int64_t>(1, std::min<int64_t>(pool.num_threads(), batches.size()));
  std::vector<AggregateState> states(static_cast<size_t>(num_tasks));
  pool.ParallelFor(num_tasks, [&](int64_t task) {
    AggregateState& state = states[task] = MakeAggregateState(node);
    const size_t begin = batches.size() * task / num_tasks;
    const size_t end = batches.size() * (task + 1) / num_tasks;
    for (size_t index = begin; index < end; ++index) {
      const Batch batch = ApplySteps(pipeline.steps, batches[index], static_cast<int64_t>(index));
      if (batch.num_rows > 0) sink.Consume(batch, state);
    }
  });
  return states;
}

}  // namespace

void SetPartitionFromGroupsForTesting(uint32_t groups) {
  partition_from_groups.store(groups > 0 ? groups : kPartitionFromGroups);
}

void RunAggregate(const LogicalNode& node, const BatchSink& sink) {
  AggregateConsumer consumer(node);
  const bool streamed = PipelineEndingAt(node.input()).source->kind == LogicalNode::Kind::kScan;
  std::vector<AggregateState> states =
      streamed ? ConsumeStream(node, consumer) : ConsumeBatches(node, consumer);
  if (consumer.spill() != nullptr ||
      std::any_of(states.begin(), states.end(),
                  [](const AggregateState& state) { return state.partitioning; })) {
    return MergePartitioned(node, states, kRowPartitions, consumer.spill(), sink);
  }
  const int64_t total_groups = std::accumulate(
      states.begin(), states.end(), int64_t{0},
      [](int64_t sum, const AggregateState& state) { return sum + state.grouper->num_groups(); });
  const int64_t min_groups =
      std::any_of(states[0].aggregators.begin(), states[0].aggregators.end(),
                  [](const auto& aggregator) { return aggregator->holistic(); })
          ? kPartitionedMergeMinGroupsHolistic
          : kPartitionedMergeMinGroups;
  if (states.size() > 1 && total_groups >= min_groups) {
    return MergePartitioned(node, states, 2 * DefaultThreadPool().num_threads(), nullptr, sink);
  }
  sink(MergeAndFinalize(node, states), 0);
}

}  // namespace berserkr
