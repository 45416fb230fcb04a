// Runs a logical plan: streaming nodes (filter, project) are fused into pipelines applied to each
// batch in parallel; each pipeline breaker has a Run function of its own (executor_internal.h).

#include <algorithm>
#include <atomic>
#include <mutex>

#include "berserkr/common/error.h"
#include "berserkr/common/memory_pool.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/take.h"
#include "berserkr/expr/evaluate.h"
#include "plan/executor_internal.h"

namespace berserkr {
namespace {

constexpr double kDefaultSpillFraction = 0.3;
// Bits of a scan's output order that hold the batch's sequence within its file (OutputOrder).
constexpr int kSequenceBits = 40;
std::atomic<double> spill_fraction{kDefaultSpillFraction};

}  // namespace

bool MemoryIsShort() {
  const MemoryPool& pool = DefaultMemoryPool();
  if (pool.limit() == MemoryPool::kNoLimit) return false;
  return static_cast<double>(pool.bytes_allocated()) >
         spill_fraction.load(std::memory_order_relaxed) * static_cast<double>(pool.limit());
}

int64_t SpillThresholdBytes() {
  const MemoryPool& pool = DefaultMemoryPool();
  if (pool.limit() == MemoryPool::kNoLimit) return MemoryPool::kNoLimit;
  return static_cast<int64_t>(spill_fraction.load(std::memory_order_relaxed) *
                              static_cast<double>(pool.limit()));
}

void SetSpillFractionForTesting(double fraction) {
  spill_fraction.store(fraction > 0 ? fraction : kDefaultSpillFraction);
}

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

void StreamPipeline(const LogicalNode& top, const ScanBatchConsumer& consume) {
  const Pipeline pipeline = PipelineEndingAt(top);
  if (pipeline.source->kind == LogicalNode::Kind::kScan) {
    const ReadStats stats =
        pipeline.source->scanner->Scan([&](Batch batch, BatchPosition position) {
          batch = ApplySteps(pipeline.steps, std::move(batch), position.sequence);
          if (batch.num_rows > 0) consume(std::move(batch), position);
        });
    if (pipeline.source->scan_stats != nullptr) *pipeline.source->scan_stats = stats;
    return;
  }
  std::vector<Batch> batches = SourceBatches(*pipeline.source);
  DefaultThreadPool().ParallelFor(static_cast<int64_t>(batches.size()), [&](int64_t index) {
    Batch batch = ApplySteps(pipeline.steps, std::move(batches[index]), index);
    if (batch.num_rows > 0) consume(std::move(batch), {0, index});
  });
}

std::vector<Batch> RunPipeline(const LogicalNode& top) {
  const Pipeline pipeline = PipelineEndingAt(top);
  if (pipeline.source->kind == LogicalNode::Kind::kScan) {
    OrderedBatches<BatchPosition> ordered;
    StreamPipeline(
        top, [&](Batch batch, BatchPosition position) { ordered.Add(position, std::move(batch)); });
    return ordered.Take();
  }
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

int64_t OutputOrder(BatchPosition position) {
  return (position.file << kSequenceBits) | position.sequence;
}

void ExecutePlanIntoConcurrently(const LogicalNode& node, const BatchSink& sink) {
  switch (node.kind) {
    case LogicalNode::Kind::kScan:
    case LogicalNode::Kind::kFilter:
    case LogicalNode::Kind::kProject:
    case LogicalNode::Kind::kMapBatches:
      return StreamPipeline(node, [&](Batch batch, BatchPosition position) {
        sink(std::move(batch), OutputOrder(position));
      });
    case LogicalNode::Kind::kAggregate:
      return RunAggregate(node, sink);
    case LogicalNode::Kind::kSort:
      return RunSort(node, sink);
    default: {
      int64_t order = 0;
      for (Batch& batch : ExecutePlan(node)) sink(std::move(batch), order++);
    }
  }
}

void ExecutePlanInto(const LogicalNode& node, const BatchSink& sink) {
  std::mutex mutex;
  ExecutePlanIntoConcurrently(node, [&](Batch batch, int64_t order) {
    std::lock_guard<std::mutex> lock(mutex);
    sink(std::move(batch), order);
  });
}

void ExecutePlanInOrder(const LogicalNode& node, const std::function<void(Batch)>& sink) {
  if (node.kind == LogicalNode::Kind::kSort) {
    return RunSort(node, [&](Batch batch, int64_t) { sink(std::move(batch)); });
  }
  for (Batch& batch : ExecutePlan(node)) sink(std::move(batch));
}

std::vector<Batch> ExecutePlan(const LogicalNode& node) {
  switch (node.kind) {
    case LogicalNode::Kind::kTable:
    case LogicalNode::Kind::kScan:
    case LogicalNode::Kind::kFilter:
    case LogicalNode::Kind::kProject:
    case LogicalNode::Kind::kMapBatches:
      return RunPipeline(node);
    case LogicalNode::Kind::kAggregate: {
      OrderedBatches<int64_t> ordered;
      RunAggregate(node, [&](Batch batch, int64_t order) { ordered.Add(order, std::move(batch)); });
      return ordered.Take();
    }
    case LogicalNode::Kind::kSort: {
      std::vector<Batch> batches;  // RunSort emits in order, from one thread
      RunSort(node, [&](Batch batch, int64_t) { batches.push_back(std::move(batch)); });
      return batches;
    }
    case LogicalNode::Kind::kLimit:
      return RunLimit(node);
    case LogicalNode::Kind::kJoin:
      return RunJoin(node);
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
