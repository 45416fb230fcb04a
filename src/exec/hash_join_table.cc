// The build side of a hash join: a Grouper numbers the distinct keys, and a CSR layout lists the
// build rows of each key.

#include <string>

#include "berserkr/common/error.h"
#include "berserkr/exec/hash_join.h"

namespace berserkr {
namespace {

// Sets ids[row] = kNoGroup for every row with a NULL in any key: in SQL a NULL key matches nothing,
// while a Grouper treats NULL as a key of its own.
void MaskNullKeys(const std::vector<ColumnPtr>& keys, int64_t num_rows, uint32_t* ids) {
  for (const ColumnPtr& key : keys) {
    if (key->null_count() == 0) continue;
    for (int64_t row = 0; row < num_rows; ++row) {
      if (key->IsNull(row)) ids[row] = Grouper::kNoGroup;
    }
  }
}

}  // namespace

JoinHashTable::JoinHashTable(const std::vector<DataType>& key_types,
                             const std::vector<std::vector<ColumnPtr>>& keys,
                             const std::vector<int64_t>& batch_rows)
    : grouper_(Grouper::Make(key_types)) {
  for (int64_t rows : batch_rows) num_rows_ += rows;
  // Row numbers are uint32 and kNullIndex (UINT32_MAX) marks a missing row.
  if (num_rows_ >= static_cast<int64_t>(UINT32_MAX)) {
    throw InvalidInput("hash join: the build side has " + std::to_string(num_rows_) +
                       " rows; at most 4294967294 are supported");
  }
  std::vector<uint32_t> row_keys(static_cast<size_t>(num_rows_));
  int64_t first_row = 0;
  for (size_t batch = 0; batch < keys.size(); ++batch) {
    uint32_t* ids = row_keys.data() + first_row;
    grouper_->Consume(keys[batch], batch_rows[batch], ids);
    if (batch == 0 && batch_rows[0] > 0 && keys.size() > 1) {
      // Size the table from the first batch's share of distinct keys: a build side of unique
      // keys (a primary key) then never regrows, one with few keys never over-allocates.
      const double distinct_share =
          static_cast<double>(grouper_->num_groups()) / static_cast<double>(batch_rows[0]);
      grouper_->Reserve(static_cast<int64_t>(distinct_share * static_cast<double>(num_rows_)));
    }
    MaskNullKeys(keys[batch], batch_rows[batch], ids);
    first_row += batch_rows[batch];
  }
  // Counting sort of the rows by key id: a stable pass, so each key's rows stay ascending.
  const uint32_t num_keys = grouper_->num_groups();
  key_starts_.assign(static_cast<size_t>(num_keys) + 1, 0);
  for (uint32_t id : row_keys) {
    if (id != Grouper::kNoGroup) ++key_starts_[id + 1];
  }
  for (uint32_t id = 0; id < num_keys; ++id) {
    if (key_starts_[id + 1] > 1) keys_unique_ = false;
    key_starts_[id + 1] += key_starts_[id];
  }
  rows_.resize(key_starts_[num_keys]);
  std::vector<uint32_t> next(key_starts_.begin(), key_starts_.end() - 1);
  for (size_t row = 0; row < row_keys.size(); ++row) {
    const uint32_t id = row_keys[row];
    if (id != Grouper::kNoGroup) rows_[next[id]++] = static_cast<uint32_t>(row);
  }
}

void JoinHashTable::Find(const std::vector<ColumnPtr>& keys, int64_t num_rows,
                         uint32_t* key_ids) const {
  grouper_->Find(keys, num_rows, key_ids);
  MaskNullKeys(keys, num_rows, key_ids);
}

}  // namespace berserkr
