#pragma once

// What the operators of the executor share: pipelines of streaming steps over a source, and one
// Run function per pipeline breaker (each in its own file).

#include <algorithm>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "plan/logical_plan.h"

namespace berserkr {

// The streaming nodes above the first breaker (or table) below `top`, in the order they apply.
struct Pipeline {
  const LogicalNode* source;              // produces the input batches
  std::vector<const LogicalNode*> steps;  // bottom-up
};

Pipeline PipelineEndingAt(const LogicalNode& top);
// Runs the steps over one batch (filters may leave it empty). `batch_index` (the batch's place in
// the source, -1 when unknown) only names the batch in errors.
Batch ApplySteps(const std::vector<const LogicalNode*>& steps, Batch batch,
                 int64_t batch_index = -1);
// Batches arriving from several threads, each with its place in the output; Take gives them in
// that order.
template <typename Order>
class OrderedBatches {
 public:
  void Add(Order order, Batch batch) {
    std::lock_guard<std::mutex> lock(mutex_);
    batches_.emplace_back(order, std::move(batch));
  }
  std::vector<Batch> Take() {
    std::sort(batches_.begin(), batches_.end(),
              [](const auto& left, const auto& right) { return left.first < right.first; });
    std::vector<Batch> batches;
    for (auto& [order, batch] : batches_) batches.push_back(std::move(batch));
    batches_.clear();
    return batches;
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<Order, Batch>> batches_;  // GUARDED_BY(mutex_)
};

// The batches `source` produces: a table's own, or the result of running it.
std::vector<Batch> SourceBatches(const LogicalNode& source);
// Runs the pipeline ending at `top`, calling consume(batch, position) for each non-empty batch it
// produces — concurrently, from pool threads, as soon as each is ready (a scan keeps none).
void StreamPipeline(const LogicalNode& top, const ScanBatchConsumer& consume);
// Runs the pipeline ending at `top` on every batch in parallel; drops empty batches; keeps the
// source's batch order.
std::vector<Batch> RunPipeline(const LogicalNode& top);

// Where an operator puts its output batches, each with its place in the output order; called
// from pool threads, possibly at the same time.
using BatchSink = std::function<void(Batch batch, int64_t order)>;

// Runs `node`, handing its output to `sink` batch by batch as it is produced (an aggregate's
// partitions as each finishes, a sort's merged batches), so a large answer need not be held whole.
// The orders are unique and sort as the batches do in ExecutePlan's answer (a scan's combine the
// file and the batch's sequence in it: OutputOrder), but need not be dense. Here the sink is
// called one batch at a time.
void ExecutePlanInto(const LogicalNode& node, const BatchSink& sink);
// As ExecutePlanInto, but `sink` may be called from several pool threads at once: for a consumer
// that does work of its own per batch (a sort writing a run) while others keep arriving.
void ExecutePlanIntoConcurrently(const LogicalNode& node, const BatchSink& sink);
// Runs `node` and hands its answer to `sink` in ExecutePlan's order, one batch at a time:
// streamed where the operator makes it in order (a sort), collected first otherwise. For writers.
void ExecutePlanInOrder(const LogicalNode& node, const std::function<void(Batch)>& sink);
// A scan batch's place in the output order: files in order, then batches in a file.
int64_t OutputOrder(BatchPosition position);

void RunAggregate(const LogicalNode& node, const BatchSink& sink);
// Sets how many groups a thread's aggregate state holds before near-unique keys make it partition
// its rows instead of grouping them (0: the default), so tests take that path on small data.
void SetPartitionFromGroupsForTesting(uint32_t groups);
// True when a memory limit is set and more than a fraction of it (30%) is in use: operators
// holding rows (aggregate states, join inputs) then move further rows to disk. The rest of the
// limit is for what they still build from what they hold (merged groups, a partition's hash
// table, the output) and batches in flight.
bool MemoryIsShort();
// The bytes in use past which MemoryIsShort says yes (kNoLimit without a limit).
int64_t SpillThresholdBytes();
// Sets that fraction (<= 0: the default), so tests can make operators spill at a limit far above
// what the rest of the query needs.
void SetSpillFractionForTesting(double fraction);
// Sorts the input, writing sorted runs to disk while memory is short and merging them at the end;
// hands the sorted batches to `sink` in order (orders 0, 1, ...), from the calling thread.
void RunSort(const LogicalNode& node, const BatchSink& sink);
std::vector<Batch> RunLimit(const LogicalNode& node);
std::vector<Batch> RunJoin(const LogicalNode& node);
std::vector<Batch> RunWindow(const LogicalNode& node);
std::vector<Batch> RunDistinct(const LogicalNode& node);
std::vector<Batch> RunUnion(const LogicalNode& node);
// Runs MapBatches' function on one batch and checks the result against the declared schema.
Batch MapBatch(const LogicalNode& step, const Batch& batch, int64_t batch_index);

}  // namespace berserkr
