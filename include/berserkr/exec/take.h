#pragma once

#include <cstdint>

#include "berserkr/common/memory_pool.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/selection.h"
#include "berserkr/types/column.h"
#include "berserkr/types/table.h"

namespace berserkr {

// An index that Take*WithNulls turns into a NULL row (the unmatched side of an outer join).
inline constexpr uint32_t kNullIndex = UINT32_MAX;

// Gathers rows of `column`: row k of the result is row indices[k] of `column` (rows are counted
// from the column's offset, as everywhere). Works for every type, nested ones included; the result
// is dense (offset 0) and owns its buffers, which come from `pool`.
// REQUIRES: every index < column.length(). Throws InvalidInput when a string, binary or list
// result would pass the 2 GiB limit of int32 offsets.
ColumnPtr Take(const Column& column, const uint32_t* indices, int64_t count,
               MemoryPool& pool = DefaultMemoryPool());

// As Take, but an index equal to kNullIndex yields a NULL row (zero / empty value underneath).
// REQUIRES: every index < column.length() or == kNullIndex.
ColumnPtr TakeWithNulls(const Column& column, const uint32_t* indices, int64_t count,
                        MemoryPool& pool = DefaultMemoryPool());

// Take applied to every column of `batch`; the schema is shared.
Batch Take(const Batch& batch, const uint32_t* indices, int64_t count,
           MemoryPool& pool = DefaultMemoryPool());
// TakeWithNulls applied to every column of `batch`.
Batch TakeWithNulls(const Batch& batch, const uint32_t* indices, int64_t count,
                    MemoryPool& pool = DefaultMemoryPool());

// Gathers rows of a whole table: row k of the result is global row rows[k] of `table` (the rows of
// earlier batches first). The result is cut into batches as long as the input's longest batch;
// columns and batches are gathered in parallel on `threads` (null: the default pool).
// REQUIRES: every row < table.num_rows().
Table Take(const Table& table, const uint32_t* rows, int64_t count, ThreadPool* threads = nullptr,
           MemoryPool& pool = DefaultMemoryPool());

// The selected rows of `column`, in selection order (compaction after a filter).
// REQUIRES: every selected index < column.length().
ColumnPtr Filter(const Column& column, const SelectionVector& selection,
                 MemoryPool& pool = DefaultMemoryPool());
// Filter applied to every column of `batch`.
Batch Filter(const Batch& batch, const SelectionVector& selection,
             MemoryPool& pool = DefaultMemoryPool());

// The rows where `bool_column` is true; NULL counts as false (SQL WHERE).
// Throws InvalidInput when the column is not BOOLEAN (a NULL-typed column selects nothing).
SelectionVector SelectTrue(const Column& bool_column);

}  // namespace berserkr
