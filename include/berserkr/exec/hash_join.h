#pragma once

// The hash join kernel: a hash table over the keys of one side (the build side), probed batch by
// batch, in parallel, with the keys of the other side (the probe side).

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/grouper.h"
#include "berserkr/types/column.h"
#include "berserkr/types/table.h"

namespace berserkr {

// SQL join types. Semi and anti keep the left rows that have (do not have) a match, once each,
// and only the left columns.
enum class JoinType { kInner, kLeft, kRight, kFull, kSemi, kAnti };

// "inner", "left", "right", "full", "semi", "anti".
std::string JoinTypeName(JoinType type);

enum class JoinSide { kLeft, kRight };

// One side of a join: the batches whose columns go to the output (of `schema`), and the key
// columns of each batch (keys[batch][key] of key_types[key], already cast to the types both sides
// share).
struct JoinInput {
  SchemaPtr schema;
  std::vector<DataType> key_types;
  std::vector<Batch> batches;
  std::vector<std::vector<ColumnPtr>> keys;
};

// The build side's keys as a hash table: every distinct non-NULL key gets a dense id (from a
// Grouper), and the build rows of each key are listed in ascending order (CSR layout). Rows are
// numbered across the build batches, earlier batches first. Immutable once built, so any number of
// threads may probe it.
class JoinHashTable {
 public:
  // Builds over `keys` (keys[batch][key], each of key_types[key], batch_rows[batch] long).
  // Rows with a NULL in any key are left out: they never match.
  // Throws NotImplemented for key types the groupers do not support (nested types), and
  // InvalidInput when the build side has 2^32 - 1 rows or more.
  JoinHashTable(const std::vector<DataType>& key_types,
                const std::vector<std::vector<ColumnPtr>>& keys,
                const std::vector<int64_t>& batch_rows);

  int64_t num_rows() const { return num_rows_; }
  uint32_t num_keys() const { return static_cast<uint32_t>(key_starts_.size() - 1); }
  // True when no key appears on two build rows (each probe row then matches at most one row).
  bool keys_unique() const { return keys_unique_; }

  // Writes the key id of each of the first `num_rows` probe rows, or Grouper::kNoGroup when the
  // key is absent or has a NULL part. REQUIRES: keys of the build key types.
  void Find(const std::vector<ColumnPtr>& keys, int64_t num_rows, uint32_t* key_ids) const;

  // The build rows holding key `key_id`, ascending. REQUIRES: key_id < num_keys().
  std::span<const uint32_t> RowsOf(uint32_t key_id) const {
    return {rows_.data() + key_starts_[key_id], rows_.data() + key_starts_[key_id + 1]};
  }

 private:
  std::unique_ptr<Grouper> grouper_;
  std::vector<uint32_t> key_starts_;  // RowsOf(id) is rows_[key_starts_[id], key_starts_[id + 1])
  std::vector<uint32_t> rows_;
  int64_t num_rows_ = 0;
  bool keys_unique_ = true;
};

// Joins `left` with `right` on their keys (the same key types). Each output row holds the left
// columns, then the right ones (only the left ones for semi and anti), typed as in `output_schema`
// (whose names the caller chooses); the side without a match is NULL. A NULL key never matches;
// duplicate keys give every matching pair. `build_side` is hashed, the other side is probed, one
// task per probe batch on `threads` (null: the default pool).
//
// Order, independent of the thread count: one output batch per probe batch, in probe batch order,
// rows in probe row order and, for one probe row, matches in build row order; an outer join's
// unmatched build rows come last, in build order. Empty output batches are dropped.
// REQUIRES: build_side == kRight for semi and anti joins (the kept side is probed); output_schema
// has the left fields then the right ones (left only for semi and anti).
std::vector<Batch> HashJoin(const JoinInput& left, const JoinInput& right, JoinType type,
                            JoinSide build_side, SchemaPtr output_schema,
                            ThreadPool* threads = nullptr);

}  // namespace berserkr
