#pragma once

#include <cstdint>
#include <vector>

#include "berserkr/common/thread_pool.h"
#include "berserkr/types/table.h"

namespace berserkr {

// One ORDER BY term. The defaults are DuckDB's: ASC, and NULLS LAST whatever the direction.
// Value order as in DuckDB: integers, dates, timestamps and decimals numerically; floats with
// -0.0 == 0.0 and NaN after every number (all NaNs equal); strings and binary bytewise (so UTF-8
// by code point); false < true. Nested (list, struct) keys are not supported yet.
struct SortKey {
  int column = 0;  // index into the table's columns
  bool ascending = true;
  bool nulls_first = false;
};

// The permutation that orders the rows of `batches`, taken as one sequence: entry k is the global
// row id (the rows of earlier batches first, then the row within its batch) of the k-th row in
// order. Stable: rows with equal keys keep their input order. `threads` null means the default
// pool. No keys gives the identity. Throws InvalidInput for a key column out of range and for 2^32
// - 1 rows or more (row ids are uint32), NotImplemented for a key of a nested type.
std::vector<uint32_t> SortIndices(const std::vector<Batch>& batches,
                                  const std::vector<SortKey>& keys, ThreadPool* threads = nullptr);
// SortIndices over the batches of `table`.
std::vector<uint32_t> SortIndices(const Table& table, const std::vector<SortKey>& keys,
                                  ThreadPool* threads = nullptr);

// `table` with its rows in sorted order (stable), batched as the input's largest batch.
Table SortTable(const Table& table, const std::vector<SortKey>& keys,
                ThreadPool* threads = nullptr);

// The first min(n, rows) entries of SortIndices (ties broken by input order, as there), computed
// with bounded heaps in O(rows log n) time and O(n) memory per thread.
std::vector<uint32_t> TopNIndices(const Table& table, const std::vector<SortKey>& keys, int64_t n,
                                  ThreadPool* threads = nullptr);
// The first min(n, rows) rows of SortTable(table, keys): ORDER BY ... LIMIT n.
Table TopN(const Table& table, const std::vector<SortKey>& keys, int64_t n,
           ThreadPool* threads = nullptr);

}  // namespace berserkr
