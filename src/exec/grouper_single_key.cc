// The fast paths for one key column: an integer-like key (ints, floats by normalised bits, dates,
// timestamps, bools) and a string key.

#include <vector>

#include "berserkr/exec/grouper.h"
#include "exec/grouper_internal.h"

namespace berserkr::exec_internal {
namespace {

// How far ahead of the probe the slot of a later row is prefetched: enough rows to cover a memory
// latency, few enough that the lines are still cached when reached.
constexpr int64_t kPrefetchDistance = 16;

// One fixed-width key of at most 8 bytes, turned into a 64-bit code per row. Keys of 1 or 2 bytes
// index a direct array; wider keys go through an open-addressing table.
class IntegerGrouper final : public Grouper {
 public:
  explicit IntegerGrouper(const DataType& key_type)
      : Grouper({key_type}), direct_(key_type.byte_width() <= 2) {
    if (direct_) direct_ids_.assign(1 << 16, 0);
  }

  void Consume(const std::vector<ColumnPtr>& keys, int64_t num_rows, uint32_t* group_ids) override {
    const Column& column = *keys[0];
    codes_.resize(static_cast<size_t>(num_rows));
    EncodeFixedKeys(column, num_rows, codes_.data());
    const bool has_nulls = column.null_count() > 0;
    if (direct_) {
      for (int64_t row = 0; row < num_rows; ++row) {
        if (has_nulls && column.IsNull(row)) {
          group_ids[row] = NullGroup();
          continue;
        }
        uint32_t& id_plus_one = direct_ids_[codes_[row] & 0xFFFF];
        if (id_plus_one == 0) id_plus_one = AddGroup(codes_[row]) + 1;
        group_ids[row] = id_plus_one - 1;
      }
      return;
    }
    hashes_.resize(static_cast<size_t>(num_rows));
    for (int64_t row = 0; row < num_rows; ++row) hashes_[row] = HashInteger(codes_[row]);
    for (int64_t row = 0; row < num_rows; ++row) {
      if (row + kPrefetchDistance < num_rows) table_.Prefetch(hashes_[row + kPrefetchDistance]);
      if (has_nulls && column.IsNull(row)) {
        group_ids[row] = NullGroup();
        continue;
      }
      bool inserted = false;
      const uint32_t id = table_.FindOrInsert(codes_[row], hashes_[row], num_groups(), &inserted);
      if (inserted) group_codes_.push_back(codes_[row]);
      group_ids[row] = id;
    }
  }

  void Find(const std::vector<ColumnPtr>& keys, int64_t num_rows,
            uint32_t* group_ids) const override {
    const Column& column = *keys[0];
    std::vector<uint64_t> codes(static_cast<size_t>(num_rows));
    EncodeFixedKeys(column, num_rows, codes.data());
    const bool has_nulls = column.null_count() > 0;
    const uint32_t null_group = null_id_ < 0 ? kNoGroup : static_cast<uint32_t>(null_id_);
    if (direct_) {
      for (int64_t row = 0; row < num_rows; ++row) {
        // An empty entry holds 0, and 0 - 1 wraps to kNoGroup.
        group_ids[row] =
            (has_nulls && column.IsNull(row)) ? null_group : direct_ids_[codes[row] & 0xFFFF] - 1;
      }
      return;
    }
    std::vector<uint64_t> hashes(static_cast<size_t>(num_rows));
    for (int64_t row = 0; row < num_rows; ++row) hashes[row] = HashInteger(codes[row]);
    for (int64_t row = 0; row < num_rows; ++row) {
      if (row + kPrefetchDistance < num_rows) table_.Prefetch(hashes[row + kPrefetchDistance]);
      group_ids[row] =
          (has_nulls && column.IsNull(row)) ? null_group : table_.Find(codes[row], hashes[row]);
    }
  }

  void Reserve(int64_t num_groups) override {
    if (direct_) return;  // the direct array already holds every key
    table_.Reserve(static_cast<uint64_t>(num_groups));
    group_codes_.reserve(static_cast<size_t>(num_groups));
  }

  uint32_t num_groups() const override { return static_cast<uint32_t>(group_codes_.size()); }

  std::vector<ColumnPtr> Keys() const override {
    std::vector<uint8_t> valid;
    if (null_id_ >= 0) {
      valid.assign(group_codes_.size(), 1);
      valid[null_id_] = 0;
    }
    return {DecodeFixedKeys(key_types()[0], group_codes_, valid)};
  }

  void MergeSelected(const Grouper& other_grouper, const uint32_t* groups, int64_t count,
                     uint32_t* ids) override {
    const auto& other = static_cast<const IntegerGrouper&>(other_grouper);
    for (int64_t index = 0; index < count; ++index) {
      const uint32_t group = groups[index];
      if (static_cast<int64_t>(group) == other.null_id_) {
        ids[index] = NullGroup();
        continue;
      }
      const uint64_t code = other.group_codes_[group];
      if (direct_) {
        uint32_t& id_plus_one = direct_ids_[code & 0xFFFF];
        if (id_plus_one == 0) id_plus_one = AddGroup(code) + 1;
        ids[index] = id_plus_one - 1;
        continue;
      }
      bool inserted = false;
      ids[index] = table_.FindOrInsert(code, HashInteger(code), num_groups(), &inserted);
      if (inserted) group_codes_.push_back(code);
    }
  }

  void KeyHashes(uint64_t* hashes) const override {
    for (size_t group = 0; group < group_codes_.size(); ++group) {
      hashes[group] = HashInteger(group_codes_[group]);
    }
    if (null_id_ >= 0) hashes[null_id_] = kNullKeyHash;
  }

  void HashKeys(const std::vector<ColumnPtr>& keys, int64_t num_rows,
                uint64_t* hashes) const override {
    const Column& column = *keys[0];
    std::vector<uint64_t> codes(static_cast<size_t>(num_rows));
    EncodeFixedKeys(column, num_rows, codes.data());
    for (int64_t row = 0; row < num_rows; ++row) {
      hashes[row] = column.IsValid(row) ? HashInteger(codes[row]) : kNullKeyHash;
    }
  }

 private:
  uint32_t AddGroup(uint64_t code) {
    group_codes_.push_back(code);
    return num_groups() - 1;
  }
  uint32_t NullGroup() {
    if (null_id_ < 0) null_id_ = AddGroup(0);
    return static_cast<uint32_t>(null_id_);
  }

  bool direct_;
  std::vector<uint32_t> direct_ids_;  // id + 1 by the low 16 bits of the code; 0: no group yet
  IntegerHashTable table_;
  PoolVector<uint64_t> group_codes_;  // the key of each group (0 at the NULL group)
  int64_t null_id_ = -1;
  std::vector<uint64_t> codes_;   // per batch
  std::vector<uint64_t> hashes_;  // per batch
};

// One string or binary key: group ids are the ids of a string dictionary, whose contiguous bytes
// become the key column directly.
class StringGrouper final : public Grouper {
 public:
  explicit StringGrouper(const DataType& key_type) : Grouper({key_type}) {}

  void Consume(const std::vector<ColumnPtr>& keys, int64_t num_rows, uint32_t* group_ids) override {
    const Column& column = *keys[0];
    hashes_.resize(static_cast<size_t>(num_rows));
    HashStrings(column, num_rows, hashes_.data());
    const bool has_nulls = column.null_count() > 0;
    for (int64_t row = 0; row < num_rows; ++row) {
      if (row + kPrefetchDistance < num_rows) {
        dictionary_.Prefetch(hashes_[row + kPrefetchDistance]);
      }
      if (has_nulls && column.IsNull(row)) {
        if (null_id_ < 0) null_id_ = dictionary_.AppendUnindexed();
        group_ids[row] = static_cast<uint32_t>(null_id_);
        continue;
      }
      group_ids[row] = dictionary_.FindOrInsert(column.GetString(row), hashes_[row]);
    }
  }

  void Find(const std::vector<ColumnPtr>& keys, int64_t num_rows,
            uint32_t* group_ids) const override {
    const Column& column = *keys[0];
    std::vector<uint64_t> hashes(static_cast<size_t>(num_rows));
    HashStrings(column, num_rows, hashes.data());
    const bool has_nulls = column.null_count() > 0;
    const uint32_t null_group = null_id_ < 0 ? kNoGroup : static_cast<uint32_t>(null_id_);
    for (int64_t row = 0; row < num_rows; ++row) {
      if (row + kPrefetchDistance < num_rows) dictionary_.Prefetch(hashes[row + kPrefetchDistance]);
      group_ids[row] = (has_nulls && column.IsNull(row))
                           ? null_group
                           : dictionary_.Find(column.GetString(row), hashes[row]);
    }
  }

  void Reserve(int64_t num_groups) override {
    dictionary_.Reserve(static_cast<uint64_t>(num_groups));
  }

  uint32_t num_groups() const override { return dictionary_.size(); }

  std::vector<ColumnPtr> Keys() const override {
    return {dictionary_.ToColumn(key_types()[0], null_id_)};
  }

  void MergeSelected(const Grouper& other_grouper, const uint32_t* groups, int64_t count,
                     uint32_t* ids) override {
    const auto& other = static_cast<const StringGrouper&>(other_grouper);
    for (int64_t index = 0; index < count; ++index) {
      const uint32_t group = groups[index];
      if (static_cast<int64_t>(group) == other.null_id_) {
        if (null_id_ < 0) null_id_ = dictionary_.AppendUnindexed();
        ids[index] = static_cast<uint32_t>(null_id_);
        continue;
      }
      ids[index] =
          dictionary_.FindOrInsert(other.dictionary_.Get(group), other.dictionary_.HashOf(group));
    }
  }

  void KeyHashes(uint64_t* hashes) const override {
    for (uint32_t group = 0; group < dictionary_.size(); ++group) {
      hashes[group] = dictionary_.HashOf(group);
    }
    if (null_id_ >= 0) hashes[null_id_] = kNullKeyHash;
  }

  void HashKeys(const std::vector<ColumnPtr>& keys, int64_t num_rows,
                uint64_t* hashes) const override {
    const Column& column = *keys[0];
    HashStrings(column, num_rows, hashes);
    if (column.null_count() == 0) return;
    for (int64_t row = 0; row < num_rows; ++row) {
      if (column.IsNull(row)) hashes[row] = kNullKeyHash;
    }
  }

 private:
  StringDictionary dictionary_;
  int64_t null_id_ = -1;
  std::vector<uint64_t> hashes_;  // per batch
};

}  // namespace

std::unique_ptr<Grouper> MakeIntegerGrouper(const DataType& key_type) {
  return std::make_unique<IntegerGrouper>(key_type);
}

std::unique_ptr<Grouper> MakeStringGrouper(const DataType& key_type) {
  return std::make_unique<StringGrouper>(key_type);
}

}  // namespace berserkr::exec_internal
