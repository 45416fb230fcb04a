// The general grouper: several keys (or one decimal key). Each row's keys are encoded column at a
// time into a fixed-width row of 64-bit words — NULL flags, then each key's value at its natural
// width — and the rows are hashed and compared word by word. String keys are first replaced by
// their id in a per-column dictionary, so rows stay fixed-width and a string is stored once per
// distinct value rather than once per group (db-benchmark q10: three string keys of ~100 and ~1e5
// distinct values, ~1e7 groups).

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include "berserkr/exec/grouper.h"
#include "berserkr/types/column_builder.h"
#include "exec/column_output_internal.h"
#include "exec/grouper_internal.h"

namespace berserkr::exec_internal {
namespace {

constexpr int64_t kPrefetchDistance = 16;

// Bytes a key takes in the encoded row.
int KeyWidth(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBool:
    case TypeId::kInt8:
      return 1;
    case TypeId::kInt16:
      return 2;
    case TypeId::kDecimal:
      return 16;
    case TypeId::kString:
    case TypeId::kBinary:
      return 4;  // dictionary id
    default:
      return type.byte_width();
  }
}

template <int kWidth>
void WriteCodes(const uint64_t* codes, int64_t num_rows, uint8_t* rows, int64_t row_bytes) {
  for (int64_t row = 0; row < num_rows; ++row) {
    std::memcpy(rows + row * row_bytes, &codes[row], kWidth);
  }
}

class RowGrouper final : public Grouper {
 public:
  explicit RowGrouper(std::vector<DataType> key_types) : Grouper(std::move(key_types)) {
    const int num_keys = static_cast<int>(this->key_types().size());
    int64_t offset = (num_keys + 7) / 8;  // NULL flags first
    for (const DataType& type : this->key_types()) {
      key_offsets_.push_back(offset);
      offset += KeyWidth(type);
    }
    row_words_ = (offset + 7) / 8;
    row_bytes_ = row_words_ * 8;
    dictionaries_.resize(num_keys);
    AllocateSlots(1024);
  }

  void Consume(const std::vector<ColumnPtr>& keys, int64_t num_rows, uint32_t* group_ids) override {
    rows_.assign(static_cast<size_t>(num_rows * row_words_), 0);
    uint8_t* rows = reinterpret_cast<uint8_t*>(rows_.data());
    for (size_t key = 0; key < keys.size(); ++key) {
      StringDictionary& dictionary = dictionaries_[key];
      EncodeKey(key, *keys[key], num_rows, rows, codes_,
                [&](int64_t, std::string_view value, uint64_t hash) {
                  return dictionary.FindOrInsert(value, hash);
                });
    }

    hashes_.resize(static_cast<size_t>(num_rows));
    for (int64_t row = 0; row < num_rows; ++row)
      hashes_[row] = HashRow(rows_.data() + row * row_words_);
    for (int64_t row = 0; row < num_rows; ++row) {
      if (row + kPrefetchDistance < num_rows) {
        __builtin_prefetch(&slots_[hashes_[row + kPrefetchDistance] & mask_]);
      }
      group_ids[row] = FindOrInsert(rows_.data() + row * row_words_, hashes_[row]);
    }
  }

  void Find(const std::vector<ColumnPtr>& keys, int64_t num_rows,
            uint32_t* group_ids) const override {
    std::vector<uint64_t> encoded(static_cast<size_t>(num_rows * row_words_), 0);
    std::vector<uint64_t> codes;
    // A string never consumed means the row's key cannot exist here: the row is marked and its
    // encoding left at id 0 (looked up anyway, then overwritten).
    std::vector<uint8_t> absent(static_cast<size_t>(num_rows), 0);
    uint8_t* rows = reinterpret_cast<uint8_t*>(encoded.data());
    for (size_t key = 0; key < keys.size(); ++key) {
      const StringDictionary& dictionary = dictionaries_[key];
      EncodeKey(key, *keys[key], num_rows, rows, codes,
                [&](int64_t row, std::string_view value, uint64_t hash) {
                  const uint32_t id = dictionary.Find(value, hash);
                  if (id != kNoGroup) return id;
                  absent[row] = 1;
                  return 0u;
                });
    }
    std::vector<uint64_t> hashes(static_cast<size_t>(num_rows));
    for (int64_t row = 0; row < num_rows; ++row)
      hashes[row] = HashRow(encoded.data() + row * row_words_);
    for (int64_t row = 0; row < num_rows; ++row) {
      if (row + kPrefetchDistance < num_rows) {
        __builtin_prefetch(&slots_[hashes[row + kPrefetchDistance] & mask_]);
      }
      group_ids[row] =
          absent[row] ? kNoGroup : FindExisting(encoded.data() + row * row_words_, hashes[row]);
    }
  }

  void Reserve(int64_t num_groups) override {
    const uint64_t capacity = CapacityFor(static_cast<uint64_t>(num_groups), slots_.size());
    if (capacity != slots_.size()) Rehash(capacity);
    group_rows_.reserve(static_cast<size_t>(num_groups * row_words_));
    group_hashes_.reserve(static_cast<size_t>(num_groups));
  }

  uint32_t num_groups() const override { return static_cast<uint32_t>(group_hashes_.size()); }

  // Merges encoded rows directly: only other's dictionary entries (one per distinct string, not
  // one per group) are looked up here, so no key column is materialised and no string re-hashed.
  // An entry is translated when a selected group first uses it: a partition of the groups (see
  // aggregate_operator.cc) uses few of the strings of a large dictionary.
  void MergeSelected(const Grouper& other_grouper, const uint32_t* groups, int64_t count,
                     uint32_t* ids) override {
    const auto& other = static_cast<const RowGrouper&>(other_grouper);
    std::vector<std::vector<uint32_t>> translations(key_types().size());
    bool has_strings = false;
    for (size_t key = 0; key < key_types().size(); ++key) {
      if (!key_types()[key].is_binary_like()) continue;
      has_strings = true;
      translations[key].assign(other.dictionaries_[key].size(), kNoGroup);
    }
    std::vector<uint64_t> row(static_cast<size_t>(row_words_));
    uint8_t* row_bytes = reinterpret_cast<uint8_t*>(row.data());
    for (int64_t index = 0; index < count; ++index) {
      const uint32_t group = groups[index];
      const uint64_t* source_row = other.GroupRow(group);
      if (!has_strings) {
        ids[index] = FindOrInsert(source_row, other.group_hashes_[group]);
        continue;
      }
      std::copy(source_row, source_row + row_words_, row.begin());
      for (size_t key = 0; key < key_types().size(); ++key) {
        if (translations[key].empty() || IsNullKey(row_bytes, key)) continue;
        uint32_t id;
        std::memcpy(&id, row_bytes + key_offsets_[key], 4);
        uint32_t& translated = translations[key][id];
        if (translated == kNoGroup) {
          const StringDictionary& source = other.dictionaries_[key];
          translated = dictionaries_[key].FindOrInsert(source.Get(id), source.HashOf(id));
        }
        std::memcpy(row_bytes + key_offsets_[key], &translated, 4);
      }
      ids[index] = FindOrInsert(row.data(), HashRow(row.data()));
    }
  }

  // Strings contribute their dictionary's hash of the bytes, other keys their encoded bytes (the
  // same in every grouper of these key types).
  void KeyHashes(uint64_t* hashes) const override {
    const uint32_t count = num_groups();
    for (uint32_t group = 0; group < count; ++group) {
      const uint8_t* row = reinterpret_cast<const uint8_t*>(GroupRow(group));
      uint64_t hash = kHashSecret2;
      for (size_t key = 0; key < key_types().size(); ++key) {
        uint64_t word = 0;
        if (IsNullKey(row, key)) {
          word = kNullKeyHash;
        } else if (key_types()[key].is_binary_like()) {
          uint32_t id;
          std::memcpy(&id, row + key_offsets_[key], 4);
          word = dictionaries_[key].HashOf(id);
        } else {
          const int width = KeyWidth(key_types()[key]);
          std::memcpy(&word, row + key_offsets_[key], std::min(width, 8));
          if (width == 16) {
            uint64_t high;
            std::memcpy(&high, row + key_offsets_[key] + 8, 8);
            hash = HashCombine(hash, high);
          }
        }
        hash = HashCombine(hash, word);
      }
      hashes[group] = hash;
    }
  }

  // The same words as KeyHashes, from the columns.
  void HashKeys(const std::vector<ColumnPtr>& keys, int64_t num_rows,
                uint64_t* hashes) const override {
    std::fill(hashes, hashes + num_rows, kHashSecret2);
    std::vector<uint64_t> words(static_cast<size_t>(num_rows));
    for (size_t key = 0; key < keys.size(); ++key) {
      const Column& column = *keys[key];
      const DataType& type = key_types()[key];
      if (type.is_binary_like()) {
        HashStrings(column, num_rows, words.data());
      } else if (type.id() == TypeId::kDecimal) {
        const __int128* values = column.ValuesAs<__int128>();
        for (int64_t row = 0; row < num_rows; ++row) {
          if (column.IsNull(row)) continue;
          hashes[row] = HashCombine(hashes[row], static_cast<uint64_t>(values[row] >> 64));
          words[row] = static_cast<uint64_t>(values[row]);
        }
      } else {
        EncodeFixedKeys(column, num_rows, words.data());
        const int width = KeyWidth(type);
        if (width < 8) {
          const uint64_t mask = (uint64_t{1} << (8 * width)) - 1;
          for (uint64_t& word : words) word &= mask;
        }
      }
      for (int64_t row = 0; row < num_rows; ++row) {
        hashes[row] = HashCombine(hashes[row], column.IsNull(row) ? kNullKeyHash : words[row]);
      }
    }
  }

  std::vector<ColumnPtr> Keys() const override {
    std::vector<ColumnPtr> columns;
    const int64_t count = num_groups();
    const uint8_t* rows = reinterpret_cast<const uint8_t*>(group_rows_.data());
    for (size_t key = 0; key < key_types().size(); ++key) {
      const DataType& type = key_types()[key];
      const int64_t offset = key_offsets_[key];
      std::vector<uint8_t> valid(static_cast<size_t>(count));
      for (int64_t group = 0; group < count; ++group) {
        valid[group] = !IsNullKey(rows + group * row_bytes_, key);
      }
      if (type.is_binary_like()) {
        StringBuilder builder(type);
        for (int64_t group = 0; group < count; ++group) {
          uint32_t id;
          std::memcpy(&id, rows + group * row_bytes_ + offset, 4);
          valid[group] ? builder.Append(dictionaries_[key].Get(id)) : builder.AppendNull();
        }
        columns.push_back(builder.Finish());
      } else if (type.id() == TypeId::kDecimal) {
        std::vector<__int128> values(static_cast<size_t>(count));
        for (int64_t group = 0; group < count; ++group) {
          std::memcpy(&values[group], rows + group * row_bytes_ + offset, 16);
        }
        columns.push_back(MakeFixedColumn<__int128>(type, values.data(), count, valid.data()));
      } else {
        const int width = KeyWidth(type);
        std::vector<uint64_t> codes(static_cast<size_t>(count), 0);
        for (int64_t group = 0; group < count; ++group) {
          std::memcpy(&codes[group], rows + group * row_bytes_ + offset, width);
        }
        columns.push_back(DecodeFixedKeys(type, codes, valid));
      }
    }
    return columns;
  }

 private:
  struct Slot {
    uint32_t tag = 0;          // the upper hash bits: most mismatches stop here
    uint32_t id_plus_one = 0;  // 0: empty
  };

  const uint64_t* GroupRow(uint32_t group) const {
    return group_rows_.data() + static_cast<int64_t>(group) * row_words_;
  }
  static bool IsNullKey(const uint8_t* row, size_t key) { return (row[key / 8] >> (key % 8)) & 1; }

  // Writes key `key` of each row into `rows` (zeroed by the caller). A string key is written as
  // string_id(row, value, hash): its id in the key's dictionary. `codes` is scratch space.
  template <typename StringIdFunction>
  void EncodeKey(size_t key, const Column& column, int64_t num_rows, uint8_t* rows,
                 std::vector<uint64_t>& codes, const StringIdFunction& string_id) const {
    uint8_t* values = rows + key_offsets_[key];
    const TypeId type = column.type().id();
    if (type == TypeId::kString || type == TypeId::kBinary) {
      codes.resize(static_cast<size_t>(num_rows));
      HashStrings(column, num_rows, codes.data());
      for (int64_t row = 0; row < num_rows; ++row) {
        // NULL rows get id 0 (and a flag); their bytes are not looked up.
        if (column.null_count() > 0 && column.IsNull(row)) continue;
        const uint32_t id = string_id(row, column.GetString(row), codes[row]);
        std::memcpy(values + row * row_bytes_, &id, 4);
      }
    } else if (type == TypeId::kDecimal) {
      const __int128* decimals = column.ValuesAs<__int128>();
      for (int64_t row = 0; row < num_rows; ++row) {
        std::memcpy(values + row * row_bytes_, &decimals[row], 16);
      }
    } else {
      codes.resize(static_cast<size_t>(num_rows));
      EncodeFixedKeys(column, num_rows, codes.data());
      switch (KeyWidth(column.type())) {
        case 1:
          WriteCodes<1>(codes.data(), num_rows, values, row_bytes_);
          break;
        case 2:
          WriteCodes<2>(codes.data(), num_rows, values, row_bytes_);
          break;
        case 4:
          WriteCodes<4>(codes.data(), num_rows, values, row_bytes_);
          break;
        default:
          WriteCodes<8>(codes.data(), num_rows, values, row_bytes_);
          break;
      }
    }
    if (column.null_count() == 0) return;
    // NULL rows: set the flag and clear the value bytes, which the column leaves unspecified.
    const int width = KeyWidth(column.type());
    const uint8_t flag = static_cast<uint8_t>(1u << (key % 8));
    for (int64_t row = 0; row < num_rows; ++row) {
      if (column.IsValid(row)) continue;
      rows[row * row_bytes_ + key / 8] |= flag;
      std::memset(values + row * row_bytes_, 0, width);
    }
  }

  // The id of the group whose encoded row is `row`, or kNoGroup.
  uint32_t FindExisting(const uint64_t* row, uint64_t hash) const {
    const uint32_t tag = static_cast<uint32_t>(hash >> 32);
    uint64_t index = hash & mask_;
    while (true) {
      const Slot& slot = slots_[index];
      if (slot.id_plus_one == 0) return kNoGroup;
      if (slot.tag == tag &&
          RowsEqual(group_rows_.data() + (slot.id_plus_one - 1) * row_words_, row)) {
        return slot.id_plus_one - 1;
      }
      index = (index + 1) & mask_;
    }
  }

  uint32_t FindOrInsert(const uint64_t* row, uint64_t hash) {
    const uint32_t tag = static_cast<uint32_t>(hash >> 32);
    uint64_t index = hash & mask_;
    while (true) {
      Slot& slot = slots_[index];
      if (slot.id_plus_one == 0) {
        const uint32_t id = num_groups();
        slot.tag = tag;
        slot.id_plus_one = id + 1;
        group_rows_.insert(group_rows_.end(), row, row + row_words_);
        group_hashes_.push_back(hash);
        if (NeedsGrowth(group_hashes_.size(), slots_.size())) Grow();
        return id;
      }
      if (slot.tag == tag &&
          RowsEqual(group_rows_.data() + (slot.id_plus_one - 1) * row_words_, row)) {
        return slot.id_plus_one - 1;
      }
      index = (index + 1) & mask_;
    }
  }

  uint64_t HashRow(const uint64_t* words) const {
    uint64_t hash = kHashSecret2;
    for (int64_t word = 0; word < row_words_; ++word) hash = HashCombine(hash, words[word]);
    return hash;
  }

  bool RowsEqual(const uint64_t* left, const uint64_t* right) const {
    uint64_t difference = 0;
    for (int64_t word = 0; word < row_words_; ++word) difference |= left[word] ^ right[word];
    return difference == 0;
  }

  void AllocateSlots(uint64_t capacity) {
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
  }

  void Grow() { Rehash(slots_.size() * 2); }

  void Rehash(uint64_t capacity) {
    PoolVector<Slot> old = std::move(slots_);
    AllocateSlots(capacity);
    for (const Slot& slot : old) {
      if (slot.id_plus_one == 0) continue;
      uint64_t index = group_hashes_[slot.id_plus_one - 1] & mask_;
      while (slots_[index].id_plus_one != 0) index = (index + 1) & mask_;
      slots_[index] = slot;
    }
  }

  std::vector<int64_t> key_offsets_;  // byte offset of each key in a row
  int64_t row_words_ = 0;
  int64_t row_bytes_ = 0;
  std::vector<StringDictionary> dictionaries_;  // used by string and binary keys only
  PoolVector<Slot> slots_;
  uint64_t mask_ = 0;
  PoolVector<uint64_t> group_rows_;    // the encoded key row of each group
  PoolVector<uint64_t> group_hashes_;  // kept so that growing never re-reads the rows
  std::vector<uint64_t> rows_;         // per batch
  std::vector<uint64_t> hashes_;       // per batch
  std::vector<uint64_t> codes_;        // per batch and key
};

}  // namespace

std::unique_ptr<Grouper> MakeRowGrouper(std::vector<DataType> key_types) {
  return std::make_unique<RowGrouper>(std::move(key_types));
}

}  // namespace berserkr::exec_internal
