// Runs a logical plan: streaming nodes (filter, project) are fused into pipelines applied to each
// batch in parallel; an aggregate is a pipeline breaker with per-task local state, merged, then
// finalized — the Consume -> Merge -> Finalize shape of docs/engine-design.md.

#include <algorithm>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/grouper.h"
#include "berserkr/exec/sort.h"
#include "berserkr/exec/take.h"
#include "berserkr/expr/evaluate.h"
#include "plan/logical_plan.h"

namespace berserkr {
namespace {

// The streaming nodes above the first breaker (or table) below `top`, in the order they apply.
struct Pipeline {
  const LogicalNode* source;              // produces the input batches
  std::vector<const LogicalNode*> steps;  // bottom-up
};

Pipeline PipelineEndingAt(const LogicalNode& top) {
  Pipeline pipeline{&top, {}};
  while (pipeline.source->streaming()) {
    pipeline.steps.push_back(pipeline.source);
    pipeline.source = pipeline.source->input.get();
  }
  std::reverse(pipeline.steps.begin(), pipeline.steps.end());
  return pipeline;
}

Batch ApplySteps(const std::vector<const LogicalNode*>& steps, Batch batch) {
  for (const LogicalNode* step : steps) {
    if (step->kind == LogicalNode::Kind::kFilter) {
      const ColumnPtr keep = Evaluate(step->expressions[0], batch);
      const SelectionVector selection = SelectTrue(*keep);
      const int64_t kept = static_cast<int64_t>(selection.indices.size());
      if (kept != batch.num_rows) batch = Take(batch, selection.indices.data(), kept);
      batch.schema = step->schema;
    } else {
      Batch projected{step->schema, {}, batch.num_rows};
      for (const BoundExpression& expression : step->expressions) {
        projected.columns.push_back(Evaluate(expression, batch));
      }
      batch = std::move(projected);
    }
  }
  return batch;
}

std::vector<Batch> SourceBatches(const LogicalNode& source) {
  if (source.kind == LogicalNode::Kind::kTable) return source.table.batches();
  return ExecutePlan(source);
}

std::vector<Batch> RunPipeline(const LogicalNode& top) {
  const Pipeline pipeline = PipelineEndingAt(top);
  std::vector<Batch> batches = SourceBatches(*pipeline.source);
  if (pipeline.steps.empty()) return batches;
  DefaultThreadPool().ParallelFor(static_cast<int64_t>(batches.size()), [&](int64_t index) {
    batches[index] = ApplySteps(pipeline.steps, std::move(batches[index]));
  });
  batches.erase(std::remove_if(batches.begin(), batches.end(),
                               [](const Batch& batch) { return batch.num_rows == 0; }),
                batches.end());
  return batches;
}

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

std::vector<Batch> RunAggregate(const LogicalNode& node) {
  const Pipeline pipeline = PipelineEndingAt(*node.input);
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
      const Batch batch = ApplySteps(pipeline.steps, batches[index]);
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

std::vector<Batch> RunSort(const LogicalNode& node) {
  const Table input(node.input->schema, ExecutePlan(*node.input));
  if (input.num_rows() == 0) return {};
  return SortTable(input, node.sort_keys, &DefaultThreadPool()).batches();
}

// Runs the whole input, then slices: stopping the input early (and TopN for Sort + Limit) is for the
// optimizer to come.
std::vector<Batch> RunLimit(const LogicalNode& node) {
  std::vector<Batch> output;
  int64_t skip = node.offset;
  int64_t remaining = node.limit;
  for (const Batch& batch : ExecutePlan(*node.input)) {
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

}  // namespace

std::vector<Batch> ExecutePlan(const LogicalNode& node) {
  switch (node.kind) {
    case LogicalNode::Kind::kTable:
    case LogicalNode::Kind::kFilter:
    case LogicalNode::Kind::kProject:
      return RunPipeline(node);
    case LogicalNode::Kind::kAggregate:
      return RunAggregate(node);
    case LogicalNode::Kind::kSort:
      return RunSort(node);
    case LogicalNode::Kind::kLimit:
      return RunLimit(node);
  }
  throw Internal("unknown plan node");
}

}  // namespace berserkr
