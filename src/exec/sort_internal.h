#pragma once

// The exact order of the sort kernels: key columns prepared for random access and a row
// comparator over them. sort_prefix_internal.h holds the fast path.

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "berserkr/exec/sort.h"
#include "berserkr/types/column.h"

namespace berserkr::sort_internal {

// One key column prepared for random access by row (offset already applied to `values`).
struct KeyColumn {
  ColumnPtr column;  // keeps the buffers alive
  TypeId type_id = TypeId::kNull;
  const uint8_t* values = nullptr;  // fixed-width values, offset applied
  const uint8_t* validity = nullptr;
  const uint8_t* bool_bits = nullptr;  // bool values: bit (offset + row)
  const int32_t* offsets = nullptr;    // string and binary, offset applied
  const char* bytes = nullptr;
  int64_t offset = 0;
  bool ascending = true;
  bool nulls_first = false;

  bool IsValid(uint32_t row) const {
    return validity == nullptr || ((validity[(offset + row) >> 3] >> ((offset + row) & 7)) & 1);
  }
  template <typename T>
  T Value(uint32_t row) const {
    T value;
    std::memcpy(&value, values + sizeof(T) * row, sizeof(T));
    return value;
  }
  std::string_view String(uint32_t row) const {
    return std::string_view(bytes + offsets[row],
                            static_cast<size_t>(offsets[row + 1] - offsets[row]));
  }
};

// Prepares `column` (one contiguous column holding every row) as key `key`.
inline KeyColumn MakeKeyColumn(ColumnPtr column, const SortKey& key) {
  KeyColumn prepared;
  const Column& source = *column;
  prepared.type_id = source.type().id();
  prepared.offset = source.offset();
  prepared.ascending = key.ascending;
  prepared.nulls_first = key.nulls_first;
  if (source.validity() != nullptr) prepared.validity = source.validity()->data();
  const int width = source.type().byte_width();
  if (prepared.type_id == TypeId::kBool) {
    prepared.bool_bits = source.values()->data();
  } else if (width > 0) {
    prepared.values = source.values()->data() + source.offset() * width;
  } else if (source.type().is_binary_like()) {
    prepared.offsets = source.Offsets();
    prepared.bytes = source.data()->data_as<char>();
  }
  prepared.column = std::move(column);
  return prepared;
}

template <typename T>
inline int CompareNumbers(T left, T right) {
  return (left > right) - (left < right);
}

// -0.0 == 0.0 by IEEE; NaN after every number, NaNs equal to each other.
template <typename T>
inline int CompareFloats(T left, T right) {
  if (left < right) return -1;
  if (left > right) return 1;
  if (left == right) return 0;
  return static_cast<int>(std::isnan(left)) - static_cast<int>(std::isnan(right));
}

// Compares two valid values of one key type, ascending: row `left_row` of `left` with row
// `right_row` of `right`, which may be different columns (the current batches of two sorted runs)
// prepared for the same key. <0, 0 or >0.
inline int CompareValid(const KeyColumn& left, uint32_t left_row, const KeyColumn& right,
                        uint32_t right_row) {
  switch (left.type_id) {
    case TypeId::kBool:
      return CompareNumbers<int>(GetBit(left.bool_bits, left.offset + left_row),
                                 GetBit(right.bool_bits, right.offset + right_row));
    case TypeId::kInt8:
      return CompareNumbers(left.Value<int8_t>(left_row), right.Value<int8_t>(right_row));
    case TypeId::kInt16:
      return CompareNumbers(left.Value<int16_t>(left_row), right.Value<int16_t>(right_row));
    case TypeId::kInt32:
    case TypeId::kDate:
      return CompareNumbers(left.Value<int32_t>(left_row), right.Value<int32_t>(right_row));
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return CompareNumbers(left.Value<int64_t>(left_row), right.Value<int64_t>(right_row));
    case TypeId::kFloat32:
      return CompareFloats(left.Value<float>(left_row), right.Value<float>(right_row));
    case TypeId::kFloat64:
      return CompareFloats(left.Value<double>(left_row), right.Value<double>(right_row));
    case TypeId::kDecimal:
      return CompareNumbers(left.Value<__int128>(left_row), right.Value<__int128>(right_row));
    case TypeId::kString:
    case TypeId::kBinary: {
      // char_traits<char>::compare orders as unsigned char: bytewise.
      const int result = left.String(left_row).compare(right.String(right_row));
      return (result > 0) - (result < 0);
    }
    default:
      return 0;
  }
}

// Compares one key of two rows, NULL placement and direction applied: row `left_row` of `left`
// with row `right_row` of `right` (the same key; possibly other columns). <0, 0 or >0.
inline int CompareKey(const KeyColumn& left, uint32_t left_row, const KeyColumn& right,
                      uint32_t right_row) {
  const bool left_valid = left.IsValid(left_row);
  const bool right_valid = right.IsValid(right_row);
  if (!left_valid || !right_valid) {
    if (left_valid == right_valid) return 0;  // both NULL: equal here
    const int null_after = left_valid ? -1 : 1;
    return left.nulls_first ? -null_after : null_after;
  }
  const int result = CompareValid(left, left_row, right, right_row);
  return left.ascending ? result : -result;
}

// Compares row `left_row` over the key columns `left` with row `right_row` over `right` (the same
// keys, other columns: the current batches of two sorted runs) on every key. <0, 0 or >0.
inline int CompareKeyRows(const std::vector<KeyColumn>& left, uint32_t left_row,
                          const std::vector<KeyColumn>& right, uint32_t right_row) {
  for (size_t key_index = 0; key_index < left.size(); ++key_index) {
    const int result = CompareKey(left[key_index], left_row, right[key_index], right_row);
    if (result != 0) return result;
  }
  return 0;
}

// The exact order of rows over the key columns: <0, 0 or >0.
class RowComparator {
 public:
  explicit RowComparator(std::vector<KeyColumn> keys) : keys_(std::move(keys)) {}

  // Compares rows `left` and `right` on keys [first_key, end_key) (end_key 0: to the last key).
  int Compare(uint32_t left, uint32_t right, size_t first_key = 0, size_t end_key = 0) const {
    if (end_key == 0) end_key = keys_.size();
    for (size_t key_index = first_key; key_index < end_key; ++key_index) {
      const KeyColumn& key = keys_[key_index];
      const int result = CompareKey(key, left, key, right);
      if (result != 0) return result;
    }
    return 0;
  }
  // The total order of a stable sort: keys, then row id.
  bool Less(uint32_t left, uint32_t right) const {
    const int result = Compare(left, right);
    return result < 0 || (result == 0 && left < right);
  }
  const std::vector<KeyColumn>& keys() const { return keys_; }

 private:
  std::vector<KeyColumn> keys_;
};

}  // namespace berserkr::sort_internal
