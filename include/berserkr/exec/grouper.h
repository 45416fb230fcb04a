#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "berserkr/types/column.h"
#include "berserkr/types/data_type.h"

namespace berserkr {

// Maps the key columns of a stream of batches to dense group ids 0, 1, 2, ... in order of first
// appearance. One grouper per thread (not thread-safe); per-thread groupers are combined with
// Merge, the same way partial aggregation states are combined across threads and, later, ranks.
//
// Key semantics follow SQL GROUP BY as in DuckDB: NULL is a key value of its own; floating-point
// NaNs are all one key and -0.0 equals 0.0. Supported key types: bool, int8..int64, float32/64,
// decimal, string, binary, date and timestamp. Zero key columns put every row in group 0.
class Grouper {
 public:
  virtual ~Grouper() = default;

  // A grouper for keys of these types, picking a specialised implementation for one integer-like
  // key, one string key, and a row-encoded table for the general case.
  // Throws NotImplemented for nested key types.
  static std::unique_ptr<Grouper> Make(std::vector<DataType> key_types);

  // Writes the group id of each of the first `num_rows` rows of `keys` to `group_ids`, creating
  // groups for keys not seen before.
  // REQUIRES: keys.size() == the number of key types, each of its type and >= num_rows long.
  virtual void Consume(const std::vector<ColumnPtr>& keys, int64_t num_rows,
                       uint32_t* group_ids) = 0;

  // What Find writes for a key that has no group.
  static constexpr uint32_t kNoGroup = UINT32_MAX;

  // Writes the group id of each of the first `num_rows` rows of `keys` to `group_ids`, or kNoGroup
  // for a key never consumed. Creates no group and changes no state, so threads may call it on one
  // grouper at once (the probe of a hash join). NULL keys find the NULL group, as in Consume;
  // callers wanting SQL join semantics (NULL never matches) mask those rows themselves.
  // REQUIRES: as Consume.
  virtual void Find(const std::vector<ColumnPtr>& keys, int64_t num_rows,
                    uint32_t* group_ids) const = 0;

  // A hint that about `num_groups` groups will exist: sizes the hash table once, instead of
  // doubling it (and re-inserting every group) a dozen times on the way to millions of groups.
  virtual void Reserve(int64_t /*num_groups*/) {}

  // The number of groups created so far.
  virtual uint32_t num_groups() const = 0;

  // One column per key: row g holds the key of group g.
  virtual std::vector<ColumnPtr> Keys() const = 0;

  // Adds the groups of `other` (same key types) to this grouper; afterwards mapping[other_id] is
  // the id of that group here. Groups new to this grouper are numbered after its own, in other's
  // order, so merging partial states keeps the results independent of the thread count.
  void Merge(const Grouper& other, std::vector<uint32_t>& mapping);

  // Adds groups groups[0..count) of `other` (same key types); ids[i] is the id here of groups[i].
  // Reads `other` only, so several groupers may merge disjoint parts of one `other` concurrently.
  virtual void MergeSelected(const Grouper& other, const uint32_t* groups, int64_t count,
                             uint32_t* ids) = 0;

  // Writes a hash of each group's key values to hashes[0..num_groups()): equal keys give equal
  // hashes in every grouper of the same key types (group ids and internal codes do not), so
  // partial states split their groups into the same partitions.
  virtual void KeyHashes(uint64_t* hashes) const = 0;

  // Writes to hashes[0..num_rows) what KeyHashes would give each row's key (without adding
  // groups): rows set aside for later — spilled to disk — land in the same partition as their
  // group in any grouper of these key types.
  virtual void HashKeys(const std::vector<ColumnPtr>& keys, int64_t num_rows,
                        uint64_t* hashes) const = 0;

  const std::vector<DataType>& key_types() const { return key_types_; }

 protected:
  explicit Grouper(std::vector<DataType> key_types) : key_types_(std::move(key_types)) {}

 private:
  std::vector<DataType> key_types_;
};

// The partition in [0, num_partitions) of a key hash from KeyHashes or HashKeys. Uses the high
// bits: hash tables index by the low ones, so each partition's table stays evenly filled.
inline int KeyPartition(uint64_t hash, int num_partitions) {
  return static_cast<int>(((hash >> 32) * static_cast<uint64_t>(num_partitions)) >> 32);
}

}  // namespace berserkr
