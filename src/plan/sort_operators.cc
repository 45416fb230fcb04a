// Sort and limit. A sort holds its input while memory allows and spills sorted runs past that
// (ExternalSort, exec/external_sort.h). Limit reads no more than it needs where that is easy: over
// a pipeline on a table it runs the pipeline a wave of batches at a time and stops once enough rows
// came through; over a Sort it keeps only the top rows with bounded heaps (TopN) instead of
// sorting everything.

#include <algorithm>
#include <limits>

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/sort.h"
#include "exec/external_sort.h"
#include "plan/executor_internal.h"

namespace berserkr {
namespace {

// The batches of the pipeline ending at `top`, in order, until they hold at least `wanted` rows
// (or the source runs out). Batches of a wave run in parallel; waves double in size, so a limit
// that needs everything pays for few waits.
std::vector<Batch> RunPipelineUntil(const LogicalNode& top, int64_t wanted) {
  const Pipeline pipeline = PipelineEndingAt(top);
  std::vector<Batch> batches = SourceBatches(*pipeline.source);
  if (pipeline.steps.empty()) return batches;
  ThreadPool& pool = DefaultThreadPool();
  std::vector<Batch> output;
  int64_t produced = 0;
  size_t next = 0;
  size_t wave = static_cast<size_t>(pool.num_threads());
  while (next < batches.size() && produced < wanted) {
    const size_t end = std::min(batches.size(), next + wave);
    pool.ParallelFor(static_cast<int64_t>(end - next), [&](int64_t index) {
      const size_t batch = next + static_cast<size_t>(index);
      batches[batch] =
          ApplySteps(pipeline.steps, std::move(batches[batch]), static_cast<int64_t>(batch));
    });
    for (size_t batch = next; batch < end; ++batch) {
      if (batches[batch].num_rows == 0) continue;
      produced += batches[batch].num_rows;
      output.push_back(std::move(batches[batch]));
    }
    next = end;
    wave *= 2;
  }
  return output;
}

}  // namespace

void RunSort(const LogicalNode& node, const BatchSink& sink) {
  // A run is at least an eighth of what MemoryIsShort allows: memory held elsewhere (an input
  // table, another operator's state) keeps memory short, and must not cut the input into
  // thousands of tiny runs, each a file and a batch in the merge.
  const int64_t min_run_bytes = SpillThresholdBytes() / 8;
  ExternalSort sort(node.input().schema, node.sort_keys, [min_run_bytes](int64_t held_bytes) {
    return held_bytes >= min_run_bytes && MemoryIsShort();
  });
  ExecutePlanIntoConcurrently(
      node.input(), [&](Batch batch, int64_t order) { sort.Add(std::move(batch), order); });
  int64_t order = 0;
  sort.Finish([&](Batch batch) { sink(std::move(batch), order++); });
}

std::vector<Batch> RunLimit(const LogicalNode& node) {
  if (node.limit == 0) return {};
  const int64_t wanted = node.offset > std::numeric_limits<int64_t>::max() - node.limit
                             ? std::numeric_limits<int64_t>::max()
                             : node.offset + node.limit;
  const LogicalNode& input = node.input();
  std::vector<Batch> batches;
  if (input.kind == LogicalNode::Kind::kSort) {
    const Table unsorted(input.input().schema, ExecutePlan(input.input()));
    if (unsorted.num_rows() == 0) return {};
    batches = TopN(unsorted, input.sort_keys, wanted, &DefaultThreadPool()).batches();
  } else if (input.kind == LogicalNode::Kind::kTable || input.streaming()) {
    batches = RunPipelineUntil(input, wanted);
  } else {
    batches = ExecutePlan(input);
  }
  std::vector<Batch> output;
  int64_t skip = node.offset;
  int64_t remaining = node.limit;
  for (const Batch& batch : batches) {
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

}  // namespace berserkr
