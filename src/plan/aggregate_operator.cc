// The hash aggregate: one task per thread consumes a contiguous range of batches into its own
// grouper and aggregators. With few groups the states merge into the first, which finalizes; with
// many, each state's groups are split into partitions by a hash of their keys, and the partitions
// merge and finalize in parallel (one output batch each) — so the merge of millions of groups
// (db-benchmark q10) is not left to one thread.

#include <algorithm>
#include <mutex>
#include <numeric>

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/grouper.h"
#include "berserkr/expr/evaluate.h"
#include "plan/executor_internal.h"

namespace berserkr {
namespace {

// One task's share of an aggregation.
struct AggregateState {
  std::unique_ptr<Grouper> grouper;
  std::vector<std::unique_ptr<GroupedAggregator>> aggregators;
  std::vector<uint32_t> group_ids;  // per batch
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

void ConsumeBatch(const LogicalNode& node, const Batch& batch, AggregateState& state,
                  std::vector<uint32_t>& group_ids) {
  std::vector<ColumnPtr> keys;
  for (const BoundExpression& key : node.expressions) keys.push_back(Evaluate(key, batch));
  group_ids.resize(static_cast<size_t>(batch.num_rows));
  state.grouper->Consume(keys, batch.num_rows, group_ids.data());
  for (size_t index = 0; index < node.aggregates.size(); ++index) {
    std::vector<ColumnPtr> arguments;
    for (const BoundExpression& argument : node.aggregates[index].arguments) {
      arguments.push_back(Evaluate(argument, batch));
    }
    state.aggregators[index]->Resize(state.grouper->num_groups());
    state.aggregators[index]->Consume(arguments, group_ids.data(), batch.num_rows);
  }
}

// Below this many groups (summed over the task states) one thread merges: partitioning costs a
// pass over every group of every state, which only pays off when the merge itself is large.
constexpr int64_t kPartitionedMergeMinGroups = 1 << 16;

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
// partitions in parallel. Equal keys hash alike in every state, so each key lands in one
// partition and the partitions' rows together are the answer.
std::vector<Batch> MergePartitioned(const LogicalNode& node, std::vector<AggregateState>& states,
                                    int num_partitions) {
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
      // The high bits: tables index by the low ones, so partitions stay evenly spread inside.
      const uint64_t partition = ((hashes[group] >> 32) * num_partitions) >> 32;
      groups[partition].push_back(group);
    }
  });
  std::vector<Batch> output(static_cast<size_t>(num_partitions));
  pool.ParallelFor(num_partitions, [&](int64_t partition) {
    AggregateState merged = MakeAggregateState(node);
    int64_t expected_groups = 0;
    for (const auto& groups : partition_groups) expected_groups += groups[partition].size();
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
    }
    output[partition] = Finalize(node, merged);
  });
  std::erase_if(output, [](const Batch& batch) { return batch.num_rows == 0; });
  return output;
}

// Consumes a streamed input: each batch takes a free state (or makes one), so there are at most
// as many states as batches in flight at once — one per thread.
std::vector<AggregateState> ConsumeStream(const LogicalNode& node) {
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
    ConsumeBatch(node, batch, *state, state->group_ids);
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
std::vector<AggregateState> ConsumeBatches(const LogicalNode& node) {
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
      const Batch batch = ApplySteps(pipeline.steps, batches[index]);
      if (batch.num_rows > 0) ConsumeBatch(node, batch, state, state.group_ids);
    }
  });
  return states;
}

}  // namespace

std::vector<Batch> RunAggregate(const LogicalNode& node) {
  const bool streamed = PipelineEndingAt(node.input()).source->kind == LogicalNode::Kind::kScan;
  std::vector<AggregateState> states = streamed ? ConsumeStream(node) : ConsumeBatches(node);
  ThreadPool& pool = DefaultThreadPool();
  const int64_t num_tasks = static_cast<int64_t>(states.size());
  const int64_t total_groups = std::accumulate(
      states.begin(), states.end(), int64_t{0},
      [](int64_t sum, const AggregateState& state) { return sum + state.grouper->num_groups(); });
  if (num_tasks > 1 && total_groups >= kPartitionedMergeMinGroups) {
    return MergePartitioned(node, states, 2 * pool.num_threads());
  }
  return {MergeAndFinalize(node, states)};
}

}  // namespace berserkr
