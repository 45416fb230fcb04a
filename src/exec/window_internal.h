#pragma once

// The pieces of the window kernel: the driver (window.cc) sorts the rows into window order, cuts
// partitions and peer groups, and hands each partition to one evaluator per function. Evaluators
// write their results by row id, so partitions run in parallel and the output is in input order.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "berserkr/exec/window.h"
#include "berserkr/types/column.h"

namespace berserkr::window_internal {

// One partition as an evaluator sees it. Positions are local: 0 .. num_rows - 1 in window order.
struct PartitionView {
  const uint32_t* rows;        // row ids (into the table and the argument columns) by position
  int64_t num_rows;            // the partition's size
  const uint32_t* peer_begin;  // by position: the first position of its peer group
  const uint32_t* peer_end;    // by position: one past the last position of its peer group
};

// Frame offsets beyond this are as good as unbounded (row ids are 32-bit); clamping them first
// keeps position arithmetic free of overflow.
inline constexpr int64_t kFrameOffsetLimit = int64_t{1} << 40;

// The frame of the row at `position`: positions [*begin, *end), empty when *begin == *end. As the
// position grows neither bound moves back (evaluators rely on it for sliding windows).
inline void FrameBounds(const WindowFrame& frame, const PartitionView& partition, int64_t position,
                        int64_t* begin, int64_t* end) {
  const int64_t size = partition.num_rows;
  if (!frame.rows) {
    *begin = 0;
    *end = partition.peer_end[position];
    return;
  }
  const int64_t start = std::clamp(frame.start, -kFrameOffsetLimit, kFrameOffsetLimit);
  const int64_t last = std::clamp(frame.end, -kFrameOffsetLimit, kFrameOffsetLimit);
  *begin = frame.start == kUnboundedPreceding ? 0 : std::clamp<int64_t>(position + start, 0, size);
  *end =
      frame.end == kUnboundedFollowing ? size : std::clamp<int64_t>(position + last + 1, 0, size);
  if (*end < *begin) *end = *begin;
}

// Computes one window function partition by partition.
class WindowEvaluator {
 public:
  virtual ~WindowEvaluator() = default;
  // Writes the results of the partition's rows. Calls for different partitions may run at once.
  virtual void Evaluate(const PartitionView& partition) = 0;
  // The results of every row, in row id order. Call once, after every partition was evaluated.
  virtual ColumnPtr Finish() = 0;
};

// row_number, rank, dense_rank, ntile, percent_rank, cume_dist.
std::unique_ptr<WindowEvaluator> MakeRankingEvaluator(const WindowFunction& function,
                                                      int64_t num_rows);
// lag, lead, first_value, last_value. `argument` and `default_value` (may be null) hold every row.
std::unique_ptr<WindowEvaluator> MakeNavigationEvaluator(const WindowFunction& function,
                                                         ColumnPtr argument,
                                                         ColumnPtr default_value);
// sum, avg, min, max, count, count_star over the frame. `argument` holds every row (null for
// count_star, which gets `num_rows`).
std::unique_ptr<WindowEvaluator> MakeAggregateEvaluator(const WindowFunction& function,
                                                        ColumnPtr argument, int64_t num_rows);

}  // namespace berserkr::window_internal
