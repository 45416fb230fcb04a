// Grouper::Make picks an implementation; this file also holds the pieces the implementations
// share (key normalisation, table growth, the string dictionary) and the zero-key grouper.

#include "berserkr/exec/grouper.h"

#include <algorithm>
#include <bit>
#include <numeric>
#include <string>

#include "berserkr/common/error.h"
#include "berserkr/types/column_builder.h"
#include "exec/column_output_internal.h"
#include "exec/grouper_internal.h"

namespace berserkr {
namespace exec_internal {
namespace {

template <typename T>
void EncodeIntegers(const Column& column, int64_t num_rows, uint64_t* codes) {
  const T* values = column.ValuesAs<T>();
  for (int64_t row = 0; row < num_rows; ++row) {
    codes[row] = static_cast<uint64_t>(static_cast<int64_t>(values[row]));
  }
}

template <typename T>
void EncodeFloats(const Column& column, int64_t num_rows, uint64_t* codes) {
  const T* values = column.ValuesAs<T>();
  for (int64_t row = 0; row < num_rows; ++row) codes[row] = NormalizeFloatKey(values[row]);
}

template <typename T>
ColumnPtr DecodeIntegers(const DataType& type, std::span<const uint64_t> codes,
                         const uint8_t* valid) {
  std::vector<T> values(codes.size());
  for (size_t row = 0; row < codes.size(); ++row) {
    values[row] = static_cast<T>(static_cast<int64_t>(codes[row]));
  }
  return MakeFixedColumn<T>(type, values.data(), static_cast<int64_t>(values.size()), valid);
}

// Every row is in group 0: the grouper of a global aggregate (no GROUP BY keys).
class NoKeyGrouper final : public Grouper {
 public:
  NoKeyGrouper() : Grouper({}) {}
  void Consume(const std::vector<ColumnPtr>&, int64_t num_rows, uint32_t* group_ids) override {
    if (num_rows > 0) num_groups_ = 1;
    std::fill(group_ids, group_ids + num_rows, 0u);
  }
  void Find(const std::vector<ColumnPtr>&, int64_t num_rows, uint32_t* group_ids) const override {
    std::fill(group_ids, group_ids + num_rows, num_groups_ > 0 ? 0u : kNoGroup);
  }
  uint32_t num_groups() const override { return num_groups_; }
  std::vector<ColumnPtr> Keys() const override { return {}; }
  void MergeSelected(const Grouper&, const uint32_t*, int64_t count, uint32_t* ids) override {
    std::fill(ids, ids + count, 0u);
    if (count > 0) num_groups_ = 1;
  }
  void KeyHashes(uint64_t* hashes) const override { std::fill(hashes, hashes + num_groups_, 0); }
  void HashKeys(const std::vector<ColumnPtr>&, int64_t num_rows, uint64_t* hashes) const override {
    std::fill(hashes, hashes + num_rows, 0);
  }

 private:
  uint32_t num_groups_ = 0;
};

}  // namespace

void EncodeFixedKeys(const Column& column, int64_t num_rows, uint64_t* codes) {
  switch (column.type().id()) {
    case TypeId::kBool:
      for (int64_t row = 0; row < num_rows; ++row) codes[row] = column.GetBool(row);
      return;
    case TypeId::kInt8:
      return EncodeIntegers<int8_t>(column, num_rows, codes);
    case TypeId::kInt16:
      return EncodeIntegers<int16_t>(column, num_rows, codes);
    case TypeId::kInt32:
    case TypeId::kDate:
      return EncodeIntegers<int32_t>(column, num_rows, codes);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return EncodeIntegers<int64_t>(column, num_rows, codes);
    case TypeId::kFloat32:
      return EncodeFloats<float>(column, num_rows, codes);
    case TypeId::kFloat64:
      return EncodeFloats<double>(column, num_rows, codes);
    default:
      throw Internal("EncodeFixedKeys: unsupported key type " + column.type().ToString());
  }
}

ColumnPtr DecodeFixedKeys(const DataType& type, std::span<const uint64_t> codes,
                          const std::vector<uint8_t>& valid) {
  const uint8_t* valid_data = valid.empty() ? nullptr : valid.data();
  const int64_t length = static_cast<int64_t>(codes.size());
  switch (type.id()) {
    case TypeId::kBool: {
      std::vector<uint8_t> bytes(codes.begin(), codes.end());
      return MakeBoolColumn(bytes.data(), length, valid_data);
    }
    case TypeId::kInt8:
      return DecodeIntegers<int8_t>(type, codes, valid_data);
    case TypeId::kInt16:
      return DecodeIntegers<int16_t>(type, codes, valid_data);
    case TypeId::kInt32:
    case TypeId::kDate:
      return DecodeIntegers<int32_t>(type, codes, valid_data);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return DecodeIntegers<int64_t>(type, codes, valid_data);
    case TypeId::kFloat32: {
      std::vector<float> values(codes.size());
      for (size_t row = 0; row < codes.size(); ++row) {
        values[row] = std::bit_cast<float>(static_cast<uint32_t>(codes[row]));
      }
      return MakeFixedColumn<float>(type, values.data(), length, valid_data);
    }
    case TypeId::kFloat64: {
      std::vector<double> values(codes.size());
      for (size_t row = 0; row < codes.size(); ++row)
        values[row] = std::bit_cast<double>(codes[row]);
      return MakeFixedColumn<double>(type, values.data(), length, valid_data);
    }
    default:
      throw Internal("DecodeFixedKeys: unsupported key type " + type.ToString());
  }
}

void IntegerHashTable::Rehash(uint64_t capacity) {
  PoolVector<Slot> old = std::move(slots_);
  Allocate(capacity);
  for (const Slot& slot : old) {
    if (slot.id_plus_one == 0) continue;
    uint64_t index = HashInteger(slot.key) & mask_;
    while (slots_[index].id_plus_one != 0) index = (index + 1) & mask_;
    slots_[index] = slot;
  }
}

void StringDictionary::Rehash(uint64_t capacity) {
  PoolVector<Slot> old = std::move(slots_);
  AllocateSlots(capacity);
  for (const Slot& slot : old) {
    if (slot.id_plus_one == 0) continue;
    uint64_t index = hashes_[slot.id_plus_one - 1] & mask_;
    while (slots_[index].id_plus_one != 0) index = (index + 1) & mask_;
    slots_[index] = slot;
  }
}

ColumnPtr StringDictionary::ToColumn(const DataType& type, int64_t null_id) const {
  StringBuilder builder(type);
  builder.Reserve(size(), static_cast<int64_t>(bytes_.size()));
  for (uint32_t id = 0; id < size(); ++id) {
    if (static_cast<int64_t>(id) == null_id) {
      builder.AppendNull();
    } else {
      builder.Append(Get(id));
    }
  }
  return builder.Finish();
}

void HashStrings(const Column& column, int64_t num_rows, uint64_t* hashes) {
  const int32_t* offsets = column.Offsets();
  const char* data = column.data()->data_as<char>();
  for (int64_t row = 0; row < num_rows; ++row) {
    hashes[row] =
        HashBytes(data + offsets[row], static_cast<size_t>(offsets[row + 1] - offsets[row]));
  }
}

}  // namespace exec_internal

std::unique_ptr<Grouper> Grouper::Make(std::vector<DataType> key_types) {
  for (const DataType& type : key_types) {
    if (type.is_nested() || type.id() == TypeId::kNull) {
      throw NotImplemented("GROUP BY on a " + type.ToString() +
                           " key is not supported yet; group by scalar columns");
    }
  }
  if (key_types.empty()) return std::make_unique<exec_internal::NoKeyGrouper>();
  if (key_types.size() == 1) {
    const DataType& type = key_types[0];
    if (type.is_binary_like()) return exec_internal::MakeStringGrouper(type);
    if (type.id() != TypeId::kDecimal) return exec_internal::MakeIntegerGrouper(type);
  }
  return exec_internal::MakeRowGrouper(std::move(key_types));
}

void Grouper::Merge(const Grouper& other, std::vector<uint32_t>& mapping) {
  std::vector<uint32_t> all(other.num_groups());
  std::iota(all.begin(), all.end(), 0u);
  mapping.resize(all.size());
  MergeSelected(other, all.data(), static_cast<int64_t>(all.size()), mapping.data());
}

}  // namespace berserkr
