// Runs a logical plan: streaming nodes (filter, project) are fused into pipelines applied to each
// batch in parallel; each pipeline breaker has a Run function of its own (executor_internal.h).

#include <algorithm>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/take.h"
#include "berserkr/expr/evaluate.h"
#include "plan/executor_internal.h"

namespace berserkr {

Pipeline PipelineEndingAt(const LogicalNode& top) {
  Pipeline pipeline{&top, {}};
  while (pipeline.source->streaming()) {
    pipeline.steps.push_back(pipeline.source);
    pipeline.source = &pipeline.source->input();
  }
  std::reverse(pipeline.steps.begin(), pipeline.steps.end());
  return pipeline;
}

Batch ApplySteps(const std::vector<const LogicalNode*>& steps, Batch batch, int64_t batch_index) {
  for (const LogicalNode* step : steps) {
    if (step->kind == LogicalNode::Kind::kMapBatches) {
      batch = MapBatch(*step, batch, batch_index);
    } else if (step->kind == LogicalNode::Kind::kFilter) {
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
    batches[index] = ApplySteps(pipeline.steps, std::move(batches[index]), index);
  });
  batches.erase(std::remove_if(batches.begin(), batches.end(),
                               [](const Batch& batch) { return batch.num_rows == 0; }),
                batches.end());
  return batches;
}

std::vector<Batch> ExecutePlan(const LogicalNode& node) {
  switch (node.kind) {
    case LogicalNode::Kind::kTable:
    case LogicalNode::Kind::kFilter:
    case LogicalNode::Kind::kProject:
    case LogicalNode::Kind::kMapBatches:
      return RunPipeline(node);
    case LogicalNode::Kind::kAggregate:
      return RunAggregate(node);
    case LogicalNode::Kind::kSort:
      return RunSort(node);
    case LogicalNode::Kind::kLimit:
      return RunLimit(node);
    case LogicalNode::Kind::kWindow:
      return RunWindow(node);
    case LogicalNode::Kind::kDistinct:
      return RunDistinct(node);
    case LogicalNode::Kind::kUnion:
      return RunUnion(node);
  }
  throw Internal("unknown plan node");
}

}  // namespace berserkr
