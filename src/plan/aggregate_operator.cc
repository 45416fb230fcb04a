// The hash aggregate: one task per thread consumes a contiguous range of batches into its own
// grouper and aggregators; the states merge into the first, which finalizes.

#include <algorithm>

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

}  // namespace

std::vector<Batch> RunAggregate(const LogicalNode& node) {
  const Pipeline pipeline = PipelineEndingAt(node.input());
  const std::vector<Batch> batches = SourceBatches(*pipeline.source);
  ThreadPool& pool = DefaultThreadPool();
  // One task per thread over contiguous batch ranges, so each keeps one local state.
  const int64_t num_tasks =
      std::max<int64_t>(1, std::min<int64_t>(pool.num_threads(), batches.size()));
  std::vector<AggregateState> states(static_cast<size_t>(num_tasks));
  pool.ParallelFor(num_tasks, [&](int64_t task) {
    AggregateState& state = states[task] = MakeAggregateState(node);
    std::vector<uint32_t> group_ids;
    const size_t begin = batches.size() * task / num_tasks;
    const size_t end = batches.size() * (task + 1) / num_tasks;
    for (size_t index = begin; index < end; ++index) {
      const Batch batch = ApplySteps(pipeline.steps, batches[index], static_cast<int64_t>(index));
      if (batch.num_rows > 0) ConsumeBatch(node, batch, state, group_ids);
    }
  });
  AggregateState& result = states[0];
  std::vector<uint32_t> mapping;
  for (int64_t task = 1; task < num_tasks; ++task) {
    result.grouper->Merge(*states[task].grouper, mapping);
    for (size_t index = 0; index < result.aggregators.size(); ++index) {
      result.aggregators[index]->Resize(result.grouper->num_groups());
      result.aggregators[index]->Merge(*states[task].aggregators[index], mapping.data());
    }
  }
  uint32_t num_groups = result.grouper->num_groups();
  // SQL: an aggregate without keys over no rows still gives one row (count 0, sum NULL).
  if (node.expressions.empty() && num_groups == 0) num_groups = 1;
  Batch output{node.schema, result.grouper->Keys(), num_groups};
  for (auto& aggregator : result.aggregators) {
    aggregator->Resize(num_groups);
    output.columns.push_back(aggregator->Finalize());
  }
  return {std::move(output)};
}

}  // namespace berserkr
