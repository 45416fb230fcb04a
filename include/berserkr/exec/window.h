#pragma once

// Window functions over a whole table: OVER (PARTITION BY ... ORDER BY ... [ROWS BETWEEN ...]).
// Semantics are DuckDB's (see docs/engine-design.md, "Window functions").

#include <cstdint>
#include <limits>
#include <vector>

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/sort.h"
#include "berserkr/types/table.h"

namespace berserkr {

// Frame bounds as offsets from the current row: negative = PRECEDING, positive = FOLLOWING.
inline constexpr int64_t kUnboundedPreceding = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kUnboundedFollowing = std::numeric_limits<int64_t>::max();
inline constexpr int64_t kCurrentRow = 0;

// Grouped by family, in this order: code tells the families apart by comparing kinds.
enum class WindowFunctionKind {
  // Ranking: the frame does not apply.
  kRowNumber,
  kRank,
  kDenseRank,
  kNtile,  // `offset` holds the bucket count
  kPercentRank,
  kCumeDist,
  // Navigation: lag / lead by `offset` rows (the frame does not apply); first / last value of the
  // frame (NULLs included, as DuckDB's default RESPECT NULLS).
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  // Aggregates over the frame; NULLs are skipped, an empty or all-NULL frame gives NULL (count: 0).
  kSum,
  kAverage,
  kMin,
  kMax,
  kCount,
  kCountStar,
};

// Which rows around the current one an aggregate, first_value or last_value sees.
struct WindowFrame {
  // false: the SQL default — with ORDER BY, RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  // (the current row's peers, rows with equal order keys, included); without, the whole partition.
  // true: ROWS BETWEEN start AND end, offsets from the current row, clipped to the partition; a
  // frame with start > end is empty.
  bool rows = false;
  int64_t start = kUnboundedPreceding;
  int64_t end = kCurrentRow;
};

struct WindowFunction {
  WindowFunctionKind kind = WindowFunctionKind::kRowNumber;
  int argument = -1;          // column of the value (navigation and aggregates except count_star)
  int default_argument = -1;  // lag / lead: column of the value used past the partition's edge, of
                              // the argument's type; -1: NULL
  int64_t offset = 1;         // lag / lead: rows back / forward; ntile: buckets (>= 1)
  WindowFrame frame;
};

// The SQL name: "row_number", "lag", "sum", "avg", "count_star", ...
const char* WindowFunctionName(WindowFunctionKind kind);

// The type of `function`'s result over arguments of type `argument_type` (unused for ranking).
// row_number, rank, dense_rank, ntile, count: BIGINT; percent_rank, cume_dist, avg: DOUBLE; sum:
// BIGINT for integers, DOUBLE for floats, DECIMAL(38, s) for decimals; the others: the argument's.
// Throws NotImplemented for sum / avg of a non-numeric type and min / max of a nested one,
// InvalidInput for ntile with fewer than one bucket.
DataType WindowResultType(const WindowFunction& function, const DataType& argument_type);

// Computes `functions` over the rows of `table`, partitioned by the columns `partition_columns`
// (NULL is a partition of its own) and ordered within each partition by `order_keys` (ties keep
// the input order, so the answer is deterministic). Returns one column per function, each one
// contiguous column with a value for every row of the table in the table's own row order
// (global row ids: rows of earlier batches first). Partitions are computed in parallel on
// `threads` (null: the default pool); the answer does not depend on the thread count.
// Partition keys group as GROUP BY does (NaNs one key, -0.0 == 0.0), order keys compare as
// SortIndices does. Throws as WindowResultType; InvalidInput for a column index out of range, for
// 2^32 - 1 rows or more, and "sum overflow" when a sum of integers leaves the BIGINT range;
// NotImplemented for nested partition or order keys.
std::vector<ColumnPtr> ComputeWindow(const Table& table, const std::vector<int>& partition_columns,
                                     const std::vector<SortKey>& order_keys,
                                     const std::vector<WindowFunction>& functions,
                                     ThreadPool* threads = nullptr);

}  // namespace berserkr
