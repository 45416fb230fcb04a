#include "berserkr/exec/sort.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "berserkr/common/error.h"
#include "berserkr/exec/take.h"
#include "berserkr/types/buffer.h"
#include "exec/sort_internal.h"
#include "exec/sort_prefix_internal.h"

namespace berserkr {
namespace {

using sort_internal::KeyColumn;
using sort_internal::RowComparator;

// Below this many rows per thread, splitting a sort costs more than it saves.
constexpr int64_t kMinRowsPerRun = int64_t{1} << 15;

ThreadPool& PoolOf(ThreadPool* threads) {
  return threads == nullptr ? DefaultThreadPool() : *threads;
}

int64_t CountRows(const std::vector<Batch>& batches) {
  int64_t num_rows = 0;
  for (const Batch& batch : batches) num_rows += batch.num_rows;
  if (num_rows >= int64_t{UINT32_MAX}) {
    throw InvalidInput("cannot sort " + std::to_string(num_rows) +
                       " rows at once: the limit is 4294967294; sort parts and merge them");
  }
  return num_rows;
}

// Checks the keys and concatenates each key column over the batches (so a global row id indexes
// it directly); only key columns are copied, and only when there are several batches.
RowComparator PrepareKeys(const std::vector<Batch>& batches, const std::vector<SortKey>& keys,
                          ThreadPool& pool) {
  std::vector<KeyColumn> key_columns(keys.size());
  const int num_columns = batches.empty() ? 0 : batches[0].num_columns();
  for (const SortKey& key : keys) {
    if (key.column < 0 || key.column >= num_columns) {
      throw InvalidInput("sort key column " + std::to_string(key.column) +
                         " is out of range: the input has " + std::to_string(num_columns) +
                         " columns");
    }
    const DataType& type = batches[0].columns[key.column]->type();
    if (type.is_nested()) {
      throw NotImplemented("sorting by a " + type.ToString() + " column (column " +
                           std::to_string(key.column) + ") is not supported yet");
    }
  }
  pool.ParallelFor(static_cast<int64_t>(keys.size()), [&](int64_t key_index) {
    std::vector<ColumnPtr> chunks;
    chunks.reserve(batches.size());
    for (const Batch& batch : batches) chunks.push_back(batch.columns[keys[key_index].column]);
    key_columns[key_index] =
        sort_internal::MakeKeyColumn(ConcatenateColumns(chunks), keys[key_index]);
  });
  return RowComparator(std::move(key_columns));
}

// One sorted run of (prefix, row) entries.
struct Run {
  uint64_t* prefixes;
  uint32_t* rows;
  int64_t count;
};

// The number of entries of `left` that precede output position `diagonal` when `left` and
// `right` are merged stably (left first on ties): the merge-path split.
int64_t MergePathSplit(const Run& left, const Run& right, int64_t diagonal) {
  int64_t low = std::max<int64_t>(0, diagonal - right.count);
  int64_t high = std::min(diagonal, left.count);
  while (low < high) {
    const int64_t middle = (low + high) / 2;
    if (left.prefixes[middle] <= right.prefixes[diagonal - middle - 1]) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

// Merges part `part` of `parts` of the stable merge of `left` and `right` into out_*.
void MergePart(const Run& left, const Run& right, int64_t part, int64_t parts,
               uint64_t* out_prefixes, uint32_t* out_rows) {
  const int64_t total = left.count + right.count;
  const int64_t begin = total * part / parts;
  const int64_t end = total * (part + 1) / parts;
  int64_t left_index = MergePathSplit(left, right, begin);
  int64_t right_index = begin - left_index;
  for (int64_t out = begin; out < end; ++out) {
    const bool take_left =
        right_index >= right.count ||
        (left_index < left.count && left.prefixes[left_index] <= right.prefixes[right_index]);
    if (take_left) {
      out_prefixes[out] = left.prefixes[left_index];
      out_rows[out] = left.rows[left_index++];
    } else {
      out_prefixes[out] = right.prefixes[right_index];
      out_rows[out] = right.rows[right_index++];
    }
  }
}

// Merges sorted runs pairwise, round by round, alternating between the two buffer pairs; each
// pair merge is split into merge-path parts so that all threads work. Returns the merged run.
Run MergeRuns(std::vector<Run> runs, uint64_t* prefixes_a, uint32_t* rows_a, uint64_t* prefixes_b,
              uint32_t* rows_b, ThreadPool& pool) {
  const int64_t parts = std::max(1, pool.num_threads());
  uint64_t* target_prefixes = prefixes_b;
  uint32_t* target_rows = rows_b;
  while (runs.size() > 1) {
    const int64_t pairs = static_cast<int64_t>(runs.size() / 2);
    std::vector<int64_t> out_begin(runs.size() + 1, 0);
    for (size_t index = 0; index < runs.size(); ++index) {
      out_begin[index + 1] = out_begin[index] + runs[index].count;
    }
    pool.ParallelFor(pairs * parts + static_cast<int64_t>(runs.size() % 2), [&](int64_t task) {
      if (task == pairs * parts) {  // the odd run out is copied
        const Run& last = runs.back();
        std::copy(last.prefixes, last.prefixes + last.count,
                  target_prefixes + out_begin[2 * pairs]);
        std::copy(last.rows, last.rows + last.count, target_rows + out_begin[2 * pairs]);
        return;
      }
      const int64_t pair = task / parts;
      const int64_t out = out_begin[2 * pair];
      MergePart(runs[2 * pair], runs[2 * pair + 1], task % parts, parts, target_prefixes + out,
                target_rows + out);
    });
    std::vector<Run> merged;
    for (size_t index = 0; index < runs.size(); index += 2) {
      const int64_t count =
          runs[index].count + (index + 1 < runs.size() ? runs[index + 1].count : 0);
      merged.push_back(
          Run{target_prefixes + out_begin[index], target_rows + out_begin[index], count});
    }
    runs = std::move(merged);
    if (target_prefixes == prefixes_b) {
      target_prefixes = prefixes_a;
      target_rows = rows_a;
    } else {
      target_prefixes = prefixes_b;
      target_rows = rows_b;
    }
  }
  return runs[0];
}

// Orders the rows of each block of equal prefixes with the comparator from key `first_key` on.
// `rows` is the merged run (ascending row ids within a block, so row id breaks ties stably).
void ResolveTies(const RowComparator& comparator, size_t first_key, const uint64_t* prefixes,
                 uint32_t* rows, int64_t count, ThreadPool& pool) {
  const int64_t parts =
      std::max<int64_t>(1, std::min<int64_t>(pool.num_threads() * 4, count / kMinRowsPerRun));
  // Part boundaries move forward to the next change of prefix, so no block is split.
  std::vector<int64_t> boundaries(static_cast<size_t>(parts) + 1, count);
  for (int64_t part = 0; part < parts; ++part) {
    int64_t boundary = count * part / parts;
    while (boundary > 0 && boundary < count && prefixes[boundary] == prefixes[boundary - 1]) {
      ++boundary;
    }
    boundaries[part] = boundary;
  }
  auto less = [&](uint32_t left, uint32_t right) {
    const int result = comparator.Compare(left, right, first_key);
    return result < 0 || (result == 0 && left < right);
  };
  // A block of short strings is equal on the first key already: start at the second.
  const KeyColumn& first = comparator.keys()[0];
  const bool short_strings_exact = first_key == 0 && first.type_id != TypeId::kDecimal;
  auto less_after_first = [&](uint32_t left, uint32_t right) {
    const int result = comparator.Compare(left, right, 1);
    return result < 0 || (result == 0 && left < right);
  };
  const bool has_more_keys = comparator.keys().size() > 1;
  pool.ParallelFor(parts, [&](int64_t part) {
    const int64_t end = boundaries[part + 1];
    for (int64_t block = boundaries[part]; block < end;) {
      int64_t block_end = block + 1;
      while (block_end < end && prefixes[block_end] == prefixes[block]) ++block_end;
      if (block_end - block > 1) {
        if (short_strings_exact &&
            sort_internal::StringPrefixIsExact(prefixes[block], first.ascending)) {
          if (has_more_keys) std::sort(rows + block, rows + block_end, less_after_first);
        } else if (std::all_of(rows + block + 1, rows + block_end, [&](uint32_t row) {
                     return comparator.Compare(rows[block], row, 0, 1) == 0;
                   })) {
          // Long but equal values (the common case of repeated strings): one pass, not a sort.
          if (has_more_keys) std::sort(rows + block, rows + block_end, less_after_first);
        } else {
          std::sort(rows + block, rows + block_end, less);
        }
      }
      block = block_end;
    }
  });
}

std::vector<uint32_t> SortRows(const RowComparator& comparator, int64_t num_rows,
                               ThreadPool& pool) {
  const KeyColumn& first = comparator.keys()[0];
  const int64_t num_runs = std::clamp<int64_t>(num_rows / kMinRowsPerRun, 1, pool.num_threads());
  MemoryPool& memory = DefaultMemoryPool();
  auto prefixes_a = Buffer::Allocate(num_rows * 8, memory);
  auto prefixes_b = Buffer::Allocate(num_rows * 8, memory);
  auto rows_a = Buffer::Allocate(num_rows * 4, memory);
  auto rows_b = Buffer::Allocate(num_rows * 4, memory);
  uint64_t* prefix_data_a = prefixes_a->mutable_data_as<uint64_t>();
  uint64_t* prefix_data_b = prefixes_b->mutable_data_as<uint64_t>();
  uint32_t* row_data_a = rows_a->mutable_data_as<uint32_t>();
  uint32_t* row_data_b = rows_b->mutable_data_as<uint32_t>();

  // Per thread: extract the prefixes of a range of rows and radix sort them into a run.
  std::vector<Run> runs(static_cast<size_t>(num_runs));
  std::vector<std::vector<uint32_t>> null_rows(static_cast<size_t>(num_runs));
  pool.ParallelFor(num_runs, [&](int64_t run) {
    const int64_t begin = num_rows * run / num_runs;
    const int64_t end = num_rows * (run + 1) / num_runs;
    const int64_t count = sort_internal::ExtractPrefixes(first, begin, end, prefix_data_a + begin,
                                                         row_data_a + begin, null_rows[run]);
    sort_internal::RadixSort(prefix_data_a + begin, row_data_a + begin, count,
                             prefix_data_b + begin, row_data_b + begin);
    runs[run] = Run{prefix_data_a + begin, row_data_a + begin, count};
  });
  Run merged =
      MergeRuns(std::move(runs), prefix_data_a, row_data_a, prefix_data_b, row_data_b, pool);
  uint32_t* sorted_rows = merged.rows;  // in rows_a or rows_b

  const size_t tie_key = sort_internal::PrefixIsExact(first.type_id) ? 1 : 0;
  if (tie_key < comparator.keys().size()) {
    ResolveTies(comparator, tie_key, merged.prefixes, sorted_rows, merged.count, pool);
  }
  // NULLs of the first key are equal there: order them by the other keys.
  std::vector<uint32_t> nulls;
  for (const std::vector<uint32_t>& part : null_rows)
    nulls.insert(nulls.end(), part.begin(), part.end());
  if (comparator.keys().size() > 1) {
    std::sort(nulls.begin(), nulls.end(), [&](uint32_t left, uint32_t right) {
      const int result = comparator.Compare(left, right, 1);
      return result < 0 || (result == 0 && left < right);
    });
  }
  std::vector<uint32_t> order(static_cast<size_t>(num_rows));
  const size_t null_start = first.nulls_first ? 0 : static_cast<size_t>(merged.count);
  std::copy(nulls.begin(), nulls.end(), order.begin() + null_start);
  std::copy(sorted_rows, sorted_rows + merged.count,
            order.begin() + (first.nulls_first ? nulls.size() : 0));
  return order;
}

}  // namespace

std::vector<uint32_t> SortIndices(const std::vector<Batch>& batches,
                                  const std::vector<SortKey>& keys, ThreadPool* threads) {
  const int64_t num_rows = CountRows(batches);
  ThreadPool& pool = PoolOf(threads);
  if (num_rows == 0) return {};
  if (keys.empty()) {
    std::vector<uint32_t> identity(static_cast<size_t>(num_rows));
    std::iota(identity.begin(), identity.end(), 0u);
    return identity;
  }
  return SortRows(PrepareKeys(batches, keys, pool), num_rows, pool);
}

std::vector<uint32_t> SortIndices(const Table& table, const std::vector<SortKey>& keys,
                                  ThreadPool* threads) {
  return SortIndices(table.batches(), keys, threads);
}

Table SortTable(const Table& table, const std::vector<SortKey>& keys, ThreadPool* threads) {
  const std::vector<uint32_t> order = SortIndices(table, keys, threads);
  return Take(table, order.data(), static_cast<int64_t>(order.size()), threads);
}

std::vector<uint32_t> TopNIndices(const Table& table, const std::vector<SortKey>& keys, int64_t n,
                                  ThreadPool* threads) {
  const int64_t num_rows = CountRows(table.batches());
  if (n <= 0 || num_rows == 0) return {};
  ThreadPool& pool = PoolOf(threads);
  // Past an eighth of the rows, the radix sort beats n-sized heaps.
  if (keys.empty() || n >= num_rows / 8) {
    std::vector<uint32_t> order = SortIndices(table, keys, threads);
    order.resize(static_cast<size_t>(std::min(n, num_rows)));
    return order;
  }
  const RowComparator comparator = PrepareKeys(table.batches(), keys, pool);
  auto less = [&](uint32_t left, uint32_t right) { return comparator.Less(left, right); };
  // Per thread, a max-heap of the n smallest rows seen so far; its top is the one to evict.
  const int64_t num_runs = std::clamp<int64_t>(num_rows / kMinRowsPerRun, 1, pool.num_threads());
  std::vector<std::vector<uint32_t>> heaps(static_cast<size_t>(num_runs));
  pool.ParallelFor(num_runs, [&](int64_t run) {
    std::vector<uint32_t>& heap = heaps[run];
    heap.reserve(static_cast<size_t>(n));
    const int64_t end = num_rows * (run + 1) / num_runs;
    for (int64_t row = num_rows * run / num_runs; row < end; ++row) {
      const uint32_t row_id = static_cast<uint32_t>(row);
      if (static_cast<int64_t>(heap.size()) < n) {
        heap.push_back(row_id);
        std::push_heap(heap.begin(), heap.end(), less);
      } else if (less(row_id, heap.front())) {
        std::pop_heap(heap.begin(), heap.end(), less);
        heap.back() = row_id;
        std::push_heap(heap.begin(), heap.end(), less);
      }
    }
  });
  std::vector<uint32_t> candidates;
  for (const std::vector<uint32_t>& heap : heaps)
    candidates.insert(candidates.end(), heap.begin(), heap.end());
  std::sort(candidates.begin(), candidates.end(), less);
  candidates.resize(static_cast<size_t>(n));
  return candidates;
}

Table TopN(const Table& table, const std::vector<SortKey>& keys, int64_t n, ThreadPool* threads) {
  const std::vector<uint32_t> order = TopNIndices(table, keys, n, threads);
  return Take(table, order.data(), static_cast<int64_t>(order.size()), threads);
}

}  // namespace berserkr
