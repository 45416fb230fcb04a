#pragma once

// The k-way merge of an external sort: sorted runs, each read one batch at a time (from a spill
// file or memory), merged into one sorted stream of batches. Memory is about two batches per run
// plus the output batch, whatever the runs hold in all.

#include <cstdint>
#include <functional>
#include <vector>

#include "berserkr/exec/sort.h"
#include "berserkr/types/table.h"

namespace berserkr {

// Reads the next batch of one sorted run into *batch; false once the run is done.
using RunReader = std::function<bool(Batch* batch)>;

// Merges `runs` (each sorted by `keys`) and calls emit(batch) with the merged rows in order,
// batches of `batch_rows` rows (the last may be shorter), from the calling thread. Output batches
// have the first output_schema->num_fields() columns of the runs (later ones, such as tie-break
// columns, are dropped).
// REQUIRES: `keys` order the rows of all runs strictly (no two rows equal on every key: end the
// keys with the rows' input position), so the merge does not depend on the order of `runs`.
// Key columns must not be nested.
void MergeSortedRuns(std::vector<RunReader> runs, const std::vector<SortKey>& keys,
                     const SchemaPtr& output_schema, int64_t batch_rows,
                     const std::function<void(Batch)>& emit);

}  // namespace berserkr
