#pragma once

// Building blocks shared by the grouper implementations: key normalisation for fixed-width types,
// an open-addressing table over 64-bit keys, and a string dictionary.

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "berserkr/common/memory_pool.h"
#include "berserkr/exec/grouper.h"
#include "exec/key_hash_internal.h"

namespace berserkr::exec_internal {

// Grow once more than 5/8 of the slots are used: linear probing stays short (about 2 probes on a
// hit) and the table stays within 2x of the minimum size.
inline bool NeedsGrowth(uint64_t used, uint64_t capacity) { return used * 8 > capacity * 5; }

// The smallest power-of-two capacity, at least `current`, that holds `used` entries without
// growing.
inline uint64_t CapacityFor(uint64_t used, uint64_t current) {
  while (NeedsGrowth(used, current)) current *= 2;
  return current;
}

// Grouper::KeyHashes of the NULL key (any fixed value: NULL groups only meet NULL groups).
inline constexpr uint64_t kNullKeyHash = 0x9e3779b97f4a7c15ull;

// A float as the bits of its key: every NaN becomes one canonical NaN and -0.0 becomes 0.0, so that
// equal keys (in the SQL sense used by DuckDB) have equal bits.
inline uint64_t NormalizeFloatKey(double value) {
  if (std::isnan(value)) return 0x7ff8000000000000ull;
  if (value == 0.0) return 0;
  return std::bit_cast<uint64_t>(value);
}
inline uint64_t NormalizeFloatKey(float value) {
  if (std::isnan(value)) return 0x7fc00000u;
  if (value == 0.0f) return 0;
  return std::bit_cast<uint32_t>(value);
}

// Writes a 64-bit code per row for a fixed-width key column of at most 8 bytes: integers
// sign-extended, floats normalized, bools 0/1. NULL rows get 0 (callers check validity).
void EncodeFixedKeys(const Column& column, int64_t num_rows, uint64_t* codes);

// The column of `type` holding `codes` decoded (inverse of EncodeFixedKeys; only the low bytes of
// the type's width matter); `valid` (one byte per row, empty when all are) marks non-NULL rows.
ColumnPtr DecodeFixedKeys(const DataType& type, std::span<const uint64_t> codes,
                          const std::vector<uint8_t>& valid);

// Open addressing with linear probing from 64-bit keys to ids. Keys are stored inline, so a probe
// touches one cache line and compares one word.
class IntegerHashTable {
 public:
  IntegerHashTable() { Allocate(1024); }

  // Sizes the table for `count` keys at once.
  void Reserve(uint64_t count) {
    const uint64_t capacity = CapacityFor(count, slots_.size());
    if (capacity != slots_.size()) Rehash(capacity);
  }

  // The id stored for `key`, or `new_id` after inserting it (then *inserted is set).
  uint32_t FindOrInsert(uint64_t key, uint64_t hash, uint32_t new_id, bool* inserted) {
    uint64_t index = hash & mask_;
    while (true) {
      Slot& slot = slots_[index];
      if (slot.id_plus_one == 0) {
        slot.key = key;
        slot.id_plus_one = new_id + 1;
        *inserted = true;
        if (NeedsGrowth(++size_, slots_.size())) Grow();
        return new_id;
      }
      if (slot.key == key) return slot.id_plus_one - 1;
      index = (index + 1) & mask_;
    }
  }
  // The id stored for `key`, or Grouper::kNoGroup.
  uint32_t Find(uint64_t key, uint64_t hash) const {
    uint64_t index = hash & mask_;
    while (true) {
      const Slot& slot = slots_[index];
      if (slot.id_plus_one == 0) return Grouper::kNoGroup;
      if (slot.key == key) return slot.id_plus_one - 1;
      index = (index + 1) & mask_;
    }
  }
  // A hint that `hash` will be probed soon (hides the cache miss of large tables).
  void Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t id_plus_one = 0;  // 0: empty
  };
  void Allocate(uint64_t capacity) {
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
  }
  void Grow() { Rehash(slots_.size() * 2); }
  void Rehash(uint64_t capacity);

  PoolVector<Slot> slots_;
  uint64_t mask_ = 0;
  uint64_t size_ = 0;
};

// Distinct byte strings numbered densely in insertion order; the bytes are kept contiguously.
// Slots store the upper hash bits beside the id, so most mismatches are rejected without touching
// the strings.
class StringDictionary {
 public:
  StringDictionary() {
    bytes_.reserve(64);  // data() is never null: Keys() memcpys an only key "" with a valid pointer
    offsets_.push_back(0);
    AllocateSlots(1024);
  }

  uint32_t size() const { return static_cast<uint32_t>(hashes_.size()); }
  // Sizes the table for `count` strings at once.
  void Reserve(uint64_t count) {
    const uint64_t capacity = CapacityFor(count, slots_.size());
    if (capacity != slots_.size()) Rehash(capacity);
  }
  std::string_view Get(uint32_t id) const {
    return std::string_view(bytes_.data() + offsets_[id],
                            static_cast<size_t>(offsets_[id + 1] - offsets_[id]));
  }
  // The id of `value`, inserting it (as id size()) when absent.
  uint32_t FindOrInsert(std::string_view value, uint64_t hash) {
    const uint32_t tag = static_cast<uint32_t>(hash >> 32);
    uint64_t index = hash & mask_;
    while (true) {
      Slot& slot = slots_[index];
      if (slot.id_plus_one == 0) {
        const uint32_t id = size();
        slot.tag = tag;
        slot.id_plus_one = id + 1;
        Append(value, hash);
        if (NeedsGrowth(++indexed_, slots_.size())) Grow();
        return id;
      }
      if (slot.tag == tag && Get(slot.id_plus_one - 1) == value) return slot.id_plus_one - 1;
      index = (index + 1) & mask_;
    }
  }
  // The id of `value`, or Grouper::kNoGroup when absent.
  uint32_t Find(std::string_view value, uint64_t hash) const {
    const uint32_t tag = static_cast<uint32_t>(hash >> 32);
    uint64_t index = hash & mask_;
    while (true) {
      const Slot& slot = slots_[index];
      if (slot.id_plus_one == 0) return Grouper::kNoGroup;
      if (slot.tag == tag && Get(slot.id_plus_one - 1) == value) return slot.id_plus_one - 1;
      index = (index + 1) & mask_;
    }
  }
  // The hash `id` was inserted with.
  uint64_t HashOf(uint32_t id) const { return hashes_[id]; }
  // Appends an entry no lookup can find (the NULL group's place), returning its id.
  uint32_t AppendUnindexed() {
    Append(std::string_view(), 0);
    return size() - 1;
  }
  void Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }
  // The entries as a string or binary column; row `null_id` (when not -1) is NULL.
  ColumnPtr ToColumn(const DataType& type, int64_t null_id) const;

 private:
  struct Slot {
    uint32_t tag = 0;
    uint32_t id_plus_one = 0;  // 0: empty
  };
  void Append(std::string_view value, uint64_t hash) {
    bytes_.insert(bytes_.end(), value.begin(), value.end());
    offsets_.push_back(static_cast<int64_t>(bytes_.size()));
    hashes_.push_back(hash);
  }
  void AllocateSlots(uint64_t capacity) {
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
  }
  void Grow() { Rehash(slots_.size() * 2); }
  void Rehash(uint64_t capacity);

  PoolVector<Slot> slots_;
  uint64_t mask_ = 0;
  uint64_t indexed_ = 0;
  PoolVector<char> bytes_;
  PoolVector<int64_t> offsets_;
  PoolVector<uint64_t> hashes_;  // kept so that growing never rehashes the strings
};

// Hashes the strings of rows [0, num_rows) of a string or binary column.
void HashStrings(const Column& column, int64_t num_rows, uint64_t* hashes);

std::unique_ptr<Grouper> MakeIntegerGrouper(const DataType& key_type);
std::unique_ptr<Grouper> MakeStringGrouper(const DataType& key_type);
std::unique_ptr<Grouper> MakeRowGrouper(std::vector<DataType> key_types);

}  // namespace berserkr::exec_internal
