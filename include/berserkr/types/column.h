#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "berserkr/types/buffer.h"
#include "berserkr/types/data_type.h"

namespace berserkr {

class Column;
using ColumnPtr = std::shared_ptr<const Column>;

// An immutable, nullable column in the Arrow columnar layout:
// - validity: one bit per row, 1 = valid; absent when no row is NULL;
// - values: fixed-width values (bit-packed for bool), or int32 offsets for string, binary and list;
// - data: the bytes of string and binary values;
// - children: the item column of a list, the field columns of a struct.
// `offset` lets a column view a slice of its buffers without copying (Arrow's array offset).
class Column {
 public:
  Column(DataType type, int64_t length, int64_t null_count, BufferPtr validity, BufferPtr values,
         BufferPtr data = nullptr, std::vector<ColumnPtr> children = {}, int64_t offset = 0);

  // A column of `length` NULLs of the given type.
  static ColumnPtr MakeNull(DataType type, int64_t length);

  const DataType& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return null_count_; }
  int64_t offset() const { return offset_; }
  const BufferPtr& validity() const { return validity_; }
  const BufferPtr& values() const { return values_; }
  const BufferPtr& data() const { return data_; }
  const std::vector<ColumnPtr>& children() const { return children_; }

  bool IsValid(int64_t row) const {
    return validity_ == nullptr || GetBit(validity_->data(), offset_ + row);
  }
  bool IsNull(int64_t row) const { return !IsValid(row); }

  // REQUIRES: fixed-width type whose C++ representation is T. Already adjusted for offset().
  template <typename T>
  const T* ValuesAs() const {
    return values_->data_as<T>() + offset_;
  }
  // REQUIRES: bool type.
  bool GetBool(int64_t row) const { return GetBit(values_->data(), offset_ + row); }
  // REQUIRES: string, binary or list type. Already adjusted for offset(): has length()+1 entries.
  const int32_t* Offsets() const { return values_->data_as<int32_t>() + offset_; }
  // REQUIRES: string or binary type.
  std::string_view GetString(int64_t row) const {
    const int32_t* offsets = Offsets();
    return std::string_view(data_->data_as<char>() + offsets[row],
                            static_cast<size_t>(offsets[row + 1] - offsets[row]));
  }

  // A zero-copy view of rows [start, start + length). REQUIRES: the range lies within the column.
  ColumnPtr Slice(int64_t start, int64_t length) const;

  // The value at `row` as text: NULL as "NULL", strings unquoted, timestamps as ISO 8601.
  std::string FormatValue(int64_t row) const;

 private:
  DataType type_;
  int64_t length_;
  int64_t null_count_;
  int64_t offset_;
  BufferPtr validity_;
  BufferPtr values_;
  BufferPtr data_;
  std::vector<ColumnPtr> children_;
};

// Appends the shortest text that reads back as `value`, with ".0" on whole numbers ("17850.0") so
// a DOUBLE column written as text is read back as DOUBLE, not BIGINT.
void AppendDouble(std::string& out, double value);

// Concatenates columns of one type into one column: copying, except when they are adjacent slices
// of the same buffers (then one slice of them).
ColumnPtr ConcatenateColumns(const std::vector<ColumnPtr>& columns);

}  // namespace berserkr
