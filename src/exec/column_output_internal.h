#pragma once

// Turning the per-group arrays of groupers and aggregators into Arrow columns in one pass each,
// without a builder call per value.

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "berserkr/types/buffer.h"
#include "berserkr/types/column.h"

namespace berserkr::exec_internal {

// A validity bitmap from one byte per row (nonzero = valid), or null when every row is valid.
inline std::shared_ptr<Buffer> MakeValidityBitmap(const uint8_t* valid, int64_t length,
                                                  int64_t* null_count) {
  *null_count = 0;
  if (valid == nullptr) return nullptr;
  for (int64_t row = 0; row < length; ++row) *null_count += valid[row] == 0;
  if (*null_count == 0) return nullptr;
  auto bits = Buffer::Allocate(BytesForBits(length));
  std::memset(bits->mutable_data(), 0, static_cast<size_t>(bits->size()));
  for (int64_t row = 0; row < length; ++row) {
    if (valid[row]) SetBit(bits->mutable_data(), row);
  }
  return bits;
}

// A fixed-width column of `type` holding `values`; `valid` (one byte per row, may be null) marks
// the non-NULL rows.
template <typename T>
ColumnPtr MakeFixedColumn(const DataType& type, const T* values, int64_t length,
                          const uint8_t* valid) {
  auto buffer = Buffer::Allocate(length * static_cast<int64_t>(sizeof(T)));
  if (length > 0) std::memcpy(buffer->mutable_data(), values, length * sizeof(T));
  int64_t null_count = 0;
  auto validity = MakeValidityBitmap(valid, length, &null_count);
  return std::make_shared<Column>(type, length, null_count, std::move(validity), std::move(buffer));
}

// A bool column from one byte per row.
inline ColumnPtr MakeBoolColumn(const uint8_t* values, int64_t length, const uint8_t* valid) {
  auto buffer = Buffer::Allocate(BytesForBits(length));
  std::memset(buffer->mutable_data(), 0, static_cast<size_t>(buffer->size()));
  for (int64_t row = 0; row < length; ++row) {
    if (values[row]) SetBit(buffer->mutable_data(), row);
  }
  int64_t null_count = 0;
  auto validity = MakeValidityBitmap(valid, length, &null_count);
  return std::make_shared<Column>(DataType::Bool(), length, null_count, std::move(validity),
                                  std::move(buffer));
}

}  // namespace berserkr::exec_internal
