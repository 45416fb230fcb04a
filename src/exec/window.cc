// The window driver: sorts row ids by (partition keys, order keys) with the radix sort, marks where
// partitions and peer groups begin, then evaluates partitions in parallel, in chunks of whole
// partitions. Evaluators write by row id, so results come back in the input's row order and do not
// depend on how partitions were spread over threads.

#include "berserkr/exec/window.h"

#include <string>

#include "berserkr/common/error.h"
#include "exec/sort_internal.h"
#include "exec/window_internal.h"

namespace berserkr {
namespace {

using window_internal::PartitionView;
using window_internal::WindowEvaluator;

// Chunks smaller than this are not worth a task of their own.
constexpr int64_t kMinRowsPerChunk = int64_t{1} << 14;

bool IsRanking(WindowFunctionKind kind) { return kind <= WindowFunctionKind::kCumeDist; }
bool IsNavigation(WindowFunctionKind kind) {
  return kind >= WindowFunctionKind::kLag && kind <= WindowFunctionKind::kLastValue;
}

void CheckColumn(int column, const Table& table, const char* role) {
  if (column < 0 || column >= table.num_columns()) {
    throw InvalidInput(std::string("window ") + role + " column " + std::to_string(column) +
                       " is out of range: the table has " + std::to_string(table.num_columns()) +
                       " columns");
  }
}

// Where partitions and peer groups begin, by position in window order.
struct WindowBoundaries {
  std::vector<uint32_t> partition_starts;  // ascending, then the row count as a sentinel
  std::vector<uint8_t> peer_break;         // 1 where a peer group (or a partition) begins
};

WindowBoundaries FindBoundaries(const Table& table, const std::vector<SortKey>& keys,
                                size_t num_partition_keys, const std::vector<uint32_t>& sorted,
                                ThreadPool& pool) {
  const auto num_rows = static_cast<int64_t>(sorted.size());
  std::vector<sort_internal::KeyColumn> key_columns(keys.size());
  pool.ParallelFor(static_cast<int64_t>(keys.size()), [&](int64_t key_index) {
    key_columns[key_index] =
        sort_internal::MakeKeyColumn(table.CombinedColumn(keys[key_index].column), keys[key_index]);
  });
  const sort_internal::RowComparator comparator(std::move(key_columns));
  const size_t num_keys = keys.size();
  const bool ordered = num_keys > num_partition_keys;
  std::vector<uint8_t> partition_break(static_cast<size_t>(num_rows), 0);
  WindowBoundaries boundaries;
  boundaries.peer_break.assign(static_cast<size_t>(num_rows), 0);
  const int64_t num_blocks = (num_rows + kMinRowsPerChunk - 1) / kMinRowsPerChunk;
  pool.ParallelFor(num_blocks, [&](int64_t block) {
    const int64_t begin = block * kMinRowsPerChunk;
    const int64_t end = std::min(num_rows, begin + kMinRowsPerChunk);
    for (int64_t position = std::max<int64_t>(begin, 1); position < end; ++position) {
      const uint32_t previous = sorted[position - 1];
      const uint32_t current = sorted[position];
      const bool new_partition = num_partition_keys > 0 &&
                                 comparator.Compare(previous, current, 0, num_partition_keys) != 0;
      partition_break[position] = new_partition;
      boundaries.peer_break[position] =
          new_partition ||
          (ordered && comparator.Compare(previous, current, num_partition_keys, num_keys) != 0);
    }
  });
  if (num_rows > 0) {
    partition_break[0] = 1;
    boundaries.peer_break[0] = 1;
  }
  for (int64_t position = 0; position < num_rows; ++position) {
    if (partition_break[position]) {
      boundaries.partition_starts.push_back(static_cast<uint32_t>(position));
    }
  }
  boundaries.partition_starts.push_back(static_cast<uint32_t>(num_rows));
  return boundaries;
}

// Whole partitions grouped into chunks of about `target_rows` rows: [first, end) partition indices.
std::vector<std::pair<size_t, size_t>> ChunkPartitions(const std::vector<uint32_t>& starts,
                                                       int64_t target_rows) {
  std::vector<std::pair<size_t, size_t>> chunks;
  const size_t num_partitions = starts.size() - 1;
  size_t first = 0;
  for (size_t partition = 0; partition < num_partitions; ++partition) {
    if (int64_t{starts[partition + 1]} - int64_t{starts[first]} >= target_rows ||
        partition + 1 == num_partitions) {
      chunks.emplace_back(first, partition + 1);
      first = partition + 1;
    }
  }
  return chunks;
}

}  // namespace

const char* WindowFunctionName(WindowFunctionKind kind) {
  switch (kind) {
    case WindowFunctionKind::kRowNumber:
      return "row_number";
    case WindowFunctionKind::kRank:
      return "rank";
    case WindowFunctionKind::kDenseRank:
      return "dense_rank";
    case WindowFunctionKind::kNtile:
      return "ntile";
    case WindowFunctionKind::kPercentRank:
      return "percent_rank";
    case WindowFunctionKind::kCumeDist:
      return "cume_dist";
    case WindowFunctionKind::kLag:
      return "lag";
    case WindowFunctionKind::kLead:
      return "lead";
    case WindowFunctionKind::kFirstValue:
      return "first_value";
    case WindowFunctionKind::kLastValue:
      return "last_value";
    case WindowFunctionKind::kSum:
      return "sum";
    case WindowFunctionKind::kAverage:
      return "avg";
    case WindowFunctionKind::kMin:
      return "min";
    case WindowFunctionKind::kMax:
      return "max";
    case WindowFunctionKind::kCount:
      return "count";
    case WindowFunctionKind::kCountStar:
      return "count_star";
  }
  return "?";
}

DataType WindowResultType(const WindowFunction& function, const DataType& argument_type) {
  switch (function.kind) {
    case WindowFunctionKind::kNtile:
      if (function.offset < 1) {
        throw InvalidInput("ntile needs at least one bucket, but was given " +
                           std::to_string(function.offset));
      }
      return DataType::Int64();
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kCount:
    case WindowFunctionKind::kCountStar:
      return DataType::Int64();
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist:
      return DataType::Float64();
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead:
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
      return argument_type;
    case WindowFunctionKind::kSum:
    case WindowFunctionKind::kAverage:
      if (!argument_type.is_numeric()) {
        throw NotImplemented(
            std::string(function.kind == WindowFunctionKind::kSum ? "sum" : "avg") +
            " over a window of " + argument_type.ToString() +
            " values is not supported; pass a numeric column");
      }
      if (function.kind == WindowFunctionKind::kAverage || argument_type.is_floating()) {
        return DataType::Float64();
      }
      if (argument_type.id() == TypeId::kDecimal) {
        return DataType::Decimal(38, argument_type.scale());
      }
      return DataType::Int64();
    case WindowFunctionKind::kMin:
    case WindowFunctionKind::kMax:
      if (argument_type.is_nested() || argument_type.id() == TypeId::kNull) {
        throw NotImplemented("min / max over a window of " + argument_type.ToString() +
                             " values is not supported yet");
      }
      return argument_type;
  }
  throw Internal("unknown window function kind");
}

std::vector<ColumnPtr> ComputeWindow(const Table& table, const std::vector<int>& partition_columns,
                                     const std::vector<SortKey>& order_keys,
                                     const std::vector<WindowFunction>& functions,
                                     ThreadPool* threads) {
  ThreadPool& pool = threads == nullptr ? DefaultThreadPool() : *threads;
  const int64_t num_rows = table.num_rows();
  std::vector<SortKey> keys;
  for (const int column : partition_columns) {
    CheckColumn(column, table, "partition");
    keys.push_back({column, true, false});
  }
  for (const SortKey& key : order_keys) {
    CheckColumn(key.column, table, "order");
    keys.push_back(key);
  }
  std::vector<DataType> result_types;
  for (const WindowFunction& function : functions) {
    const bool needs_argument =
        !IsRanking(function.kind) && function.kind != WindowFunctionKind::kCountStar;
    if (needs_argument) CheckColumn(function.argument, table, "argument");
    if (function.default_argument >= 0) CheckColumn(function.default_argument, table, "default");
    result_types.push_back(
        WindowResultType(function, needs_argument ? table.schema()->field(function.argument).type
                                                  : DataType::Null()));
  }
  std::vector<ColumnPtr> results;
  if (num_rows == 0) {
    for (const DataType& type : result_types) results.push_back(Column::MakeNull(type, 0));
    return results;
  }

  const std::vector<uint32_t> sorted = SortIndices(table, keys, &pool);
  const WindowBoundaries boundaries =
      FindBoundaries(table, keys, partition_columns.size(), sorted, pool);

  std::vector<std::unique_ptr<WindowEvaluator>> evaluators;
  for (const WindowFunction& function : functions) {
    if (IsRanking(function.kind)) {
      evaluators.push_back(window_internal::MakeRankingEvaluator(function, num_rows));
    } else if (IsNavigation(function.kind)) {
      evaluators.push_back(window_internal::MakeNavigationEvaluator(
          function, table.CombinedColumn(function.argument),
          function.default_argument >= 0 ? table.CombinedColumn(function.default_argument)
                                         : nullptr));
    } else {
      evaluators.push_back(window_internal::MakeAggregateEvaluator(
          function,
          function.kind == WindowFunctionKind::kCountStar ? nullptr
                                                          : table.CombinedColumn(function.argument),
          num_rows));
    }
  }

  const int64_t target_rows =
      std::max(kMinRowsPerChunk, num_rows / (4 * int64_t{pool.num_threads()}));
  const auto chunks = ChunkPartitions(boundaries.partition_starts, target_rows);
  pool.ParallelFor(static_cast<int64_t>(chunks.size()), [&](int64_t chunk) {
    std::vector<uint32_t> peer_begin;
    std::vector<uint32_t> peer_end;
    for (size_t partition = chunks[chunk].first; partition < chunks[chunk].second; ++partition) {
      const uint32_t begin = boundaries.partition_starts[partition];
      const uint32_t end = boundaries.partition_starts[partition + 1];
      const int64_t size = end - begin;
      peer_begin.resize(static_cast<size_t>(size));
      peer_end.resize(static_cast<size_t>(size));
      const uint8_t* peer_break = boundaries.peer_break.data() + begin;
      for (int64_t position = 0; position < size; ++position) {
        peer_begin[position] =
            peer_break[position] ? static_cast<uint32_t>(position) : peer_begin[position - 1];
      }
      for (int64_t position = size - 1; position >= 0; --position) {
        peer_end[position] = position + 1 == size || peer_break[position + 1]
                                 ? static_cast<uint32_t>(position + 1)
                                 : peer_end[position + 1];
      }
      const PartitionView view{sorted.data() + begin, size, peer_begin.data(), peer_end.data()};
      for (auto& evaluator : evaluators) evaluator->Evaluate(view);
    }
  });

  results.resize(evaluators.size());
  pool.ParallelFor(static_cast<int64_t>(evaluators.size()),
                   [&](int64_t index) { results[index] = evaluators[index]->Finish(); });
  return results;
}

}  // namespace berserkr
