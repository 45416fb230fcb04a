// The window driver: groups rows into partitions (hash grouper) and orders them by the order keys
// (radix sort), finds each partition's peer groups, then evaluates partitions in parallel, in
// chunks of whole partitions. Evaluators write by row id, so results come back in the input's row
// order and do not depend on how partitions were spread over threads.

#include "berserkr/exec/window.h"

#include <map>
#include <string>

#include "berserkr/common/error.h"
#include "berserkr/exec/grouper.h"
#include "exec/sort_internal.h"
#include "exec/sort_prefix_internal.h"
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

// The rows in window order, partition after partition.
struct WindowOrder {
  std::vector<uint32_t> rows;              // row ids by position
  std::vector<uint32_t> partition_starts;  // positions where partitions begin, then the row count
};

// Dense partition ids in order of first appearance: one grouper per task over a contiguous range
// of batches, merged in task order (so the ids do not depend on the thread count).
std::vector<uint32_t> PartitionIds(const Table& table, const std::vector<int>& partition_columns,
                                   ThreadPool& pool, uint32_t* num_partitions) {
  const std::vector<Batch>& batches = table.batches();
  std::vector<int64_t> batch_starts(batches.size() + 1, 0);
  for (size_t batch = 0; batch < batches.size(); ++batch) {
    batch_starts[batch + 1] = batch_starts[batch] + batches[batch].num_rows;
  }
  std::vector<DataType> key_types;
  for (const int column : partition_columns) {
    key_types.push_back(table.schema()->field(column).type);
  }
  const auto num_batches = static_cast<int64_t>(batches.size());
  const int64_t num_tasks = std::clamp<int64_t>(pool.num_threads(), 1, num_batches);
  const auto task_batch = [&](int64_t task) { return num_batches * task / num_tasks; };
  std::vector<uint32_t> ids(static_cast<size_t>(table.num_rows()));
  std::vector<std::unique_ptr<Grouper>> groupers(static_cast<size_t>(num_tasks));
  pool.ParallelFor(num_tasks, [&](int64_t task) {
    groupers[task] = Grouper::Make(key_types);
    for (int64_t batch = task_batch(task); batch < task_batch(task + 1); ++batch) {
      std::vector<ColumnPtr> keys;
      for (const int column : partition_columns) keys.push_back(batches[batch].columns[column]);
      groupers[task]->Consume(keys, batches[batch].num_rows, ids.data() + batch_starts[batch]);
    }
  });
  std::vector<std::vector<uint32_t>> mappings(static_cast<size_t>(num_tasks));
  for (int64_t task = 1; task < num_tasks; ++task) {
    groupers[0]->Merge(*groupers[task], mappings[task]);
  }
  pool.ParallelFor(num_tasks - 1, [&](int64_t index) {
    const int64_t task = index + 1;
    const uint32_t* mapping = mappings[task].data();
    for (int64_t row = batch_starts[task_batch(task)]; row < batch_starts[task_batch(task + 1)];
         ++row) {
      ids[row] = mapping[ids[row]];
    }
  });
  *num_partitions = groupers[0]->num_groups();
  return ids;
}

// A row id with the normalized prefix of its first order key (sort_prefix_internal.h).
struct PrefixedRow {
  uint64_t prefix;
  uint32_t row;
};

// Sorts one small partition's `rows` into comparator.Less order. The rows are first paired with
// their first key's 64-bit prefix, so that most comparisons are one integer compare on a
// contiguous array instead of a walk through the key columns by row id; only equal prefixes go to
// the comparator (from the second key on when the prefix is the exact value). A NULL first key has
// no prefix: such a partition is sorted by the comparator alone. `entries` and `null_rows` are
// scratch space kept between calls.
void SortPartition(uint32_t* rows, int64_t count, const sort_internal::RowComparator& comparator,
                   std::vector<PrefixedRow>& entries, std::vector<uint32_t>& null_rows) {
  const sort_internal::KeyColumn& first_key = comparator.keys()[0];
  entries.resize(static_cast<size_t>(count));
  bool has_null = false;
  for (int64_t position = 0; position < count && !has_null; ++position) {
    uint32_t row;
    has_null = sort_internal::ExtractPrefixes(first_key, rows[position], rows[position] + 1,
                                              &entries[position].prefix, &row, null_rows) == 0;
    entries[position].row = rows[position];
  }
  if (has_null) {
    null_rows.clear();
    std::sort(rows, rows + count,
              [&](uint32_t left, uint32_t right) { return comparator.Less(left, right); });
    return;
  }
  const size_t first_tie_key = sort_internal::PrefixIsExact(first_key.type_id) ? 1 : 0;
  std::sort(entries.begin(), entries.end(), [&](const PrefixedRow& left, const PrefixedRow& right) {
    if (left.prefix != right.prefix) return left.prefix < right.prefix;
    const int result = comparator.Compare(left.row, right.row, first_tie_key);
    return result < 0 || (result == 0 && left.row < right.row);
  });
  for (int64_t position = 0; position < count; ++position) rows[position] = entries[position].row;
}

// Below this many rows per partition on average, partitions are sorted one by one: a global
// sort by the order keys would compare rows of different partitions that tie on those keys
// (events of different users in the same second), which is most of its work.
constexpr int64_t kMaxRowsPerPartitionToSortEach = 4096;

// Rows in partition order, each partition's rows by the order keys, ties in input order.
// Partitions come in order of first appearance, which is invisible in the output (results go
// back to input order). With few, large partitions the rows are sorted by the order keys alone
// (one key of a fixed-width type is a pure radix sort) and dealt into their partitions with a
// stable counting sort; with many small ones they are dealt first and each partition is sorted
// on its own, in parallel.
WindowOrder MakeWindowOrder(const Table& table, const std::vector<int>& partition_columns,
                            const std::vector<SortKey>& order_keys,
                            const sort_internal::RowComparator& comparator, ThreadPool& pool) {
  const int64_t num_rows = table.num_rows();
  WindowOrder order;
  if (partition_columns.empty()) {
    order.rows = SortIndices(table, order_keys, &pool);  // no keys: identity
    order.partition_starts = {0, static_cast<uint32_t>(num_rows)};
    return order;
  }
  uint32_t num_partitions = 0;
  const std::vector<uint32_t> ids = PartitionIds(table, partition_columns, pool, &num_partitions);
  std::vector<uint32_t> next(static_cast<size_t>(num_partitions) + 1, 0);
  for (const uint32_t id : ids) ++next[id + 1];
  for (uint32_t partition = 0; partition < num_partitions; ++partition) {
    next[partition + 1] += next[partition];
  }
  order.partition_starts = next;  // next[p] = where partition p begins
  order.rows.resize(static_cast<size_t>(num_rows));
  const bool sort_each = !order_keys.empty() && num_rows / std::max<int64_t>(1, num_partitions) <=
                                                    kMaxRowsPerPartitionToSortEach;
  if (!sort_each) {
    const std::vector<uint32_t> ordered = SortIndices(table, order_keys, &pool);
    for (const uint32_t row : ordered) order.rows[next[ids[row]]++] = row;
    return order;
  }
  for (int64_t row = 0; row < num_rows; ++row) {
    order.rows[next[ids[row]]++] = static_cast<uint32_t>(row);
  }
  const std::vector<uint32_t>& starts = order.partition_starts;
  const int64_t num_tasks = 8 * int64_t{pool.num_threads()};
  pool.ParallelFor(num_tasks, [&](int64_t task) {
    const uint32_t first = static_cast<uint32_t>(num_partitions * task / num_tasks);
    const uint32_t end = static_cast<uint32_t>(num_partitions * (task + 1) / num_tasks);
    std::vector<PrefixedRow> entries;
    std::vector<uint32_t> null_rows;
    for (uint32_t partition = first; partition < end; ++partition) {
      if (starts[partition + 1] - starts[partition] < 2) continue;
      // Less orders by the keys, then by row: rows were dealt in input order, so this is the
      // stable order.
      SortPartition(order.rows.data() + starts[partition],
                    int64_t{starts[partition + 1]} - starts[partition], comparator, entries,
                    null_rows);
    }
  });
  return order;
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
  for (const int column : partition_columns) CheckColumn(column, table, "partition");
  for (const SortKey& key : order_keys) CheckColumn(key.column, table, "order");
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
  if (num_rows >= int64_t{UINT32_MAX}) {
    throw InvalidInput("a window over " + std::to_string(num_rows) +
                       " rows: at most 4294967294 rows are supported (row ids are 32-bit)");
  }
  std::vector<ColumnPtr> results;
  if (num_rows == 0) {
    for (const DataType& type : result_types) results.push_back(Column::MakeNull(type, 0));
    return results;
  }

  // The order keys compared by row: to sort small partitions and to find peer groups.
  std::vector<sort_internal::KeyColumn> order_columns(order_keys.size());
  pool.ParallelFor(static_cast<int64_t>(order_keys.size()), [&](int64_t key) {
    order_columns[key] =
        sort_internal::MakeKeyColumn(table.CombinedColumn(order_keys[key].column), order_keys[key]);
  });
  const sort_internal::RowComparator order_comparator(std::move(order_columns));
  const WindowOrder order =
      MakeWindowOrder(table, partition_columns, order_keys, order_comparator, pool);

  // Each argument column made contiguous once, however many functions read it.
  std::map<int, ColumnPtr> combined_columns;
  const auto combined = [&](int column) -> ColumnPtr {
    ColumnPtr& entry = combined_columns[column];
    if (entry == nullptr) entry = table.CombinedColumn(column);
    return entry;
  };
  std::vector<std::unique_ptr<WindowEvaluator>> evaluators;
  for (const WindowFunction& function : functions) {
    if (IsRanking(function.kind)) {
      evaluators.push_back(window_internal::MakeRankingEvaluator(function, num_rows));
    } else if (IsNavigation(function.kind)) {
      evaluators.push_back(window_internal::MakeNavigationEvaluator(
          function, combined(function.argument),
          function.default_argument >= 0 ? combined(function.default_argument) : nullptr));
    } else {
      evaluators.push_back(window_internal::MakeAggregateEvaluator(
          function,
          function.kind == WindowFunctionKind::kCountStar ? nullptr : combined(function.argument),
          num_rows));
    }
  }

  // Ties with the previous position, found in parallel blocks over all rows (the comparisons are
  // the costly part, so even one big partition spreads them over the threads).
  std::vector<uint8_t> tied(static_cast<size_t>(num_rows), 0);
  if (!order_keys.empty()) {
    std::vector<uint8_t> partition_start(static_cast<size_t>(num_rows), 0);
    for (const uint32_t start : order.partition_starts) {
      if (start < num_rows) partition_start[start] = 1;
    }
    const int64_t num_blocks = (num_rows + kMinRowsPerChunk - 1) / kMinRowsPerChunk;
    pool.ParallelFor(num_blocks, [&](int64_t block) {
      const int64_t end = std::min(num_rows, (block + 1) * kMinRowsPerChunk);
      for (int64_t position = std::max<int64_t>(1, block * kMinRowsPerChunk); position < end;
           ++position) {
        tied[position] =
            !partition_start[position] &&
            order_comparator.Compare(order.rows[position - 1], order.rows[position]) == 0;
      }
    });
  }

  // Tasks are (chunk of partitions, function) pairs, so a few big partitions still keep every
  // thread busy when there are several functions.
  const int64_t target_rows =
      std::max(kMinRowsPerChunk, num_rows / (4 * int64_t{pool.num_threads()}));
  const auto chunks = ChunkPartitions(order.partition_starts, target_rows);
  const auto num_functions = static_cast<int64_t>(evaluators.size());
  pool.ParallelFor(static_cast<int64_t>(chunks.size()) * num_functions, [&](int64_t task) {
    const auto& chunk = chunks[static_cast<size_t>(task / num_functions)];
    WindowEvaluator& evaluator = *evaluators[static_cast<size_t>(task % num_functions)];
    std::vector<uint32_t> peer_begin;
    std::vector<uint32_t> peer_end;
    for (size_t partition = chunk.first; partition < chunk.second; ++partition) {
      const uint32_t begin = order.partition_starts[partition];
      const int64_t size = int64_t{order.partition_starts[partition + 1]} - begin;
      if (size == 0) continue;
      // Without ORDER BY nothing is tied and the whole partition is one peer group.
      peer_begin.assign(static_cast<size_t>(size), 0);
      peer_end.assign(static_cast<size_t>(size), static_cast<uint32_t>(size));
      if (!order_keys.empty()) {
        const uint8_t* tied_here = tied.data() + begin;
        for (int64_t position = 1; position < size; ++position) {
          peer_begin[position] =
              tied_here[position] ? peer_begin[position - 1] : static_cast<uint32_t>(position);
        }
        for (int64_t position = size - 2; position >= 0; --position) {
          peer_end[position] = tied_here[position + 1] ? peer_end[position + 1]
                                                       : static_cast<uint32_t>(position + 1);
        }
      }
      evaluator.Evaluate(
          PartitionView{order.rows.data() + begin, size, peer_begin.data(), peer_end.data()});
    }
  });

  results.resize(evaluators.size());
  pool.ParallelFor(static_cast<int64_t>(evaluators.size()),
                   [&](int64_t index) { results[index] = evaluators[index]->Finish(); });
  return results;
}

}  // namespace berserkr
