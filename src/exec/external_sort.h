#pragma once

// A sort that can hold less than its input. Batches arrive in any order, each with its place in
// the input; they are held until the caller's policy says memory is short, then sorted into a run
// that is written to a spill file. Finish sorts what is still held and, when runs were written,
// merges them with it (sorted_run_merge.h), holding about two batches per run.
//
// The answer is exactly SortTable's over the input in `order`, ties included: a run sorts its
// batches in input order, and carries each row's input position (batch order, row in batch) as
// two hidden columns that break ties in the merge — so the answer depends neither on the thread
// count nor on which rows happened to share a run.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "berserkr/common/temp_directory.h"
#include "berserkr/exec/sort.h"
#include "berserkr/types/table.h"
#include "exec/spill_file.h"

namespace berserkr {

class ExternalSort {
 public:
  // Says, after a batch was added, whether the rows held (`held_bytes` of buffers) should be
  // written out as a run. Called under a lock: keep it cheap.
  using SpillPolicy = std::function<bool(int64_t held_bytes)>;

  // `keys` index `schema`'s columns. Inputs with nested columns are never spilled (spill files
  // hold scalar columns only): they sort in memory, as before the sort could spill.
  ExternalSort(SchemaPtr schema, std::vector<SortKey> keys, SpillPolicy should_spill);
  ~ExternalSort();
  ExternalSort(const ExternalSort&) = delete;
  ExternalSort& operator=(const ExternalSort&) = delete;

  // Adds a batch of the input; `order` is its place among the input's batches (unique, not
  // necessarily dense). Thread-safe: while one call writes a run, others keep adding. Throws
  // IoError when a run cannot be written (e.g. no temporary directory can be made).
  void Add(Batch batch, int64_t order);

  // Calls emit(batch) with the sorted rows in order, from the calling thread. Without runs on
  // disk this is SortTable (batches as the input's largest); with runs, batches of up to
  // kMergeBatchRows. REQUIRES: every Add has returned; call once.
  void Finish(const std::function<void(Batch)>& emit);

  // Runs written to disk so far.
  int num_runs() const;

  // The longest batch a spilled sort writes and emits: bounds the merge's memory per run.
  static constexpr int64_t kMergeBatchRows = int64_t{1} << 16;

 private:
  struct HeldBatch {
    int64_t order;
    Batch batch;
  };

  // The held batches sorted, gathered into batches of the run schema (input columns, then the
  // input position). Frees each input column as soon as it is gathered.
  std::vector<Batch> SortRun(std::vector<HeldBatch> held) const;
  void WriteRun(std::vector<HeldBatch> held);

  SchemaPtr schema_;
  SchemaPtr run_schema_;  // schema_ + the two position columns
  std::vector<SortKey> keys_;
  SpillPolicy should_spill_;
  bool spillable_;

  std::mutex mutex_;
  std::vector<HeldBatch> held_;  // GUARDED_BY(mutex_)
  int64_t held_bytes_ = 0;       // GUARDED_BY(mutex_)

  mutable std::mutex runs_mutex_;                 // one run is written at a time
  std::unique_ptr<TempDirectory> directory_;      // GUARDED_BY(runs_mutex_); made at the first run
  std::vector<std::unique_ptr<SpillFile>> runs_;  // GUARDED_BY(runs_mutex_)
};

}  // namespace berserkr
