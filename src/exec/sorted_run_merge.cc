#include "exec/sorted_run_merge.h"

#include <algorithm>
#include <utility>

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/take.h"
#include "exec/loser_tree_internal.h"
#include "exec/sort_internal.h"

namespace berserkr {
namespace {

using sort_internal::KeyColumn;

// One run being merged: its current batch, the next row to compare, and the rows already picked
// for the output batch being built. A run gives its rows in order, so the rows it contributes to
// one output batch are consecutive: the tail of earlier batches (`picked`) and
// [picked_from, row) of the current one.
struct RunCursor {
  RunReader read;
  Batch batch;
  std::vector<KeyColumn> keys;  // the sort keys over `batch`
  int64_t row = 0;
  int64_t picked_from = 0;
  std::vector<Batch> picked;
  bool done = false;

  // Moves to the next non-empty batch, keeping the picked rows of the current one.
  void LoadNext(const std::vector<SortKey>& sort_keys) {
    if (row > picked_from) picked.push_back(batch.Slice(picked_from, row - picked_from));
    Batch next;
    while (read(&next)) {
      if (next.num_rows == 0) continue;
      batch = std::move(next);
      row = 0;
      picked_from = 0;
      for (size_t index = 0; index < sort_keys.size(); ++index) {
        keys[index] =
            sort_internal::MakeKeyColumn(batch.columns[sort_keys[index].column], sort_keys[index]);
      }
      return;
    }
    done = true;
    batch = Batch{};
    keys.assign(keys.size(), KeyColumn{});
    row = picked_from = 0;
  }

  // The rows picked since the last call, as pieces in run order.
  std::vector<Batch> TakePicked() {
    std::vector<Batch> pieces = std::move(picked);
    picked.clear();
    if (row > picked_from) pieces.push_back(batch.Slice(picked_from, row - picked_from));
    picked_from = row;
    return pieces;
  }
};

// Lays out one output batch: the runs' picked pieces, and for each output row the run it came
// from (`sources`, in output order).
class OutputBuilder {
 public:
  OutputBuilder(const SchemaPtr& schema, int num_runs) : schema_(schema), counts_(num_runs) {}

  Batch Build(std::vector<RunCursor>& cursors, const std::vector<uint32_t>& sources) {
    const int64_t num_rows = static_cast<int64_t>(sources.size());
    std::vector<Batch> pieces;
    std::vector<int64_t> first_row(cursors.size());  // of each run's rows in the pieces
    int64_t pieces_rows = 0;
    int contributing_runs = 0;
    for (size_t run = 0; run < cursors.size(); ++run) {
      first_row[run] = pieces_rows;
      std::vector<Batch> run_pieces = cursors[run].TakePicked();
      contributing_runs += run_pieces.empty() ? 0 : 1;
      for (Batch& piece : run_pieces) {
        pieces_rows += piece.num_rows;
        pieces.push_back(std::move(piece));
      }
    }
    // From one run the pieces are already in output order: no gather needed.
    std::vector<uint32_t> indices;
    if (contributing_runs > 1) {
      indices.resize(sources.size());
      std::fill(counts_.begin(), counts_.end(), 0);
      for (size_t position = 0; position < sources.size(); ++position) {
        const uint32_t run = sources[position];
        indices[position] = static_cast<uint32_t>(first_row[run] + counts_[run]++);
      }
    }
    const int num_columns = schema_->num_fields();
    Batch output{schema_, std::vector<ColumnPtr>(static_cast<size_t>(num_columns)), num_rows};
    DefaultThreadPool().ParallelFor(num_columns, [&](int64_t column) {
      std::vector<ColumnPtr> chunks;
      chunks.reserve(pieces.size());
      for (const Batch& piece : pieces) chunks.push_back(piece.columns[column]);
      ColumnPtr combined = ConcatenateColumns(chunks);
      output.columns[column] =
          indices.empty() ? std::move(combined) : Take(*combined, indices.data(), num_rows);
    });
    return output;
  }

 private:
  SchemaPtr schema_;
  std::vector<int64_t> counts_;  // per run: rows placed so far
};

}  // namespace

void MergeSortedRuns(std::vector<RunReader> runs, const std::vector<SortKey>& keys,
                     const SchemaPtr& output_schema, int64_t batch_rows,
                     const std::function<void(Batch)>& emit) {
  if (runs.empty()) return;
  std::vector<RunCursor> cursors(runs.size());
  for (size_t run = 0; run < runs.size(); ++run) {
    cursors[run].read = std::move(runs[run]);
    cursors[run].keys.resize(keys.size());
    cursors[run].LoadNext(keys);
  }
  auto less = [&](int left, int right) {
    const RunCursor& a = cursors[left];
    const RunCursor& b = cursors[right];
    if (a.done || b.done) return !a.done;
    return sort_internal::CompareKeyRows(a.keys, static_cast<uint32_t>(a.row), b.keys,
                                         static_cast<uint32_t>(b.row)) < 0;
  };
  sort_internal::LoserTree<decltype(less)> tree(static_cast<int>(cursors.size()), less);
  OutputBuilder builder(output_schema, static_cast<int>(cursors.size()));
  std::vector<uint32_t> sources;  // per output row: its run
  sources.reserve(static_cast<size_t>(batch_rows));
  for (;;) {
    const int winner = tree.winner();
    RunCursor& cursor = cursors[winner];
    if (cursor.done) break;  // the smallest head is past the end: every run is done
    sources.push_back(static_cast<uint32_t>(winner));
    if (++cursor.row == cursor.batch.num_rows) cursor.LoadNext(keys);
    tree.ReplayWinner();
    if (static_cast<int64_t>(sources.size()) == batch_rows) {
      emit(builder.Build(cursors, sources));
      sources.clear();
    }
  }
  if (!sources.empty()) emit(builder.Build(cursors, sources));
}

}  // namespace berserkr
