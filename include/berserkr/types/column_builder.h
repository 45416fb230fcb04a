#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "berserkr/types/buffer.h"
#include "berserkr/types/column.h"

namespace berserkr {

// Builds a validity bitmap, allocating it only once the first NULL arrives.
class ValidityBuilder {
 public:
  explicit ValidityBuilder(MemoryPool& pool = DefaultMemoryPool()) : pool_(&pool) {}

  void AppendValid() {
    if (bits_ != nullptr) SetBit(BitByte(length_), length_);
    ++length_;
  }
  void AppendNull() {
    if (bits_ == nullptr) Materialize();
    ClearBit(BitByte(length_), length_);
    ++length_;
    ++null_count_;
  }
  void Append(bool valid) { valid ? AppendValid() : AppendNull(); }
  int64_t length() const { return length_; }
  int64_t null_count() const { return null_count_; }
  // Returns the bitmap (null when no row is NULL) and resets the builder.
  std::shared_ptr<Buffer> Finish();

 private:
  // Makes room for bit `row` and returns the bitmap's base pointer.
  uint8_t* BitByte(int64_t row) {
    if (row % 8 == 0) {
      bits_->Resize(row / 8 + 1);
      bits_->mutable_data()[row / 8] = 0;
    }
    return bits_->mutable_data();
  }
  // Creates the bitmap with every row so far valid.
  void Materialize();

  MemoryPool* pool_;
  std::shared_ptr<Buffer> bits_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
};

// Builds a column of a fixed-width type whose C++ representation is T.
template <typename T>
class FixedWidthBuilder {
 public:
  explicit FixedWidthBuilder(DataType type, MemoryPool& pool = DefaultMemoryPool())
      : type_(std::move(type)), values_(std::make_shared<Buffer>(pool)), validity_(pool) {}

  void Reserve(int64_t rows) { values_->Reserve(rows * static_cast<int64_t>(sizeof(T))); }
  void Append(T value) {
    values_->Append(&value, sizeof(T));
    validity_.AppendValid();
  }
  void AppendNull() {
    const T zero{};
    values_->Append(&zero, sizeof(T));
    validity_.AppendNull();
  }
  int64_t length() const { return validity_.length(); }
  ColumnPtr Finish() {
    const int64_t length = validity_.length();
    const int64_t null_count = validity_.null_count();
    auto column =
        std::make_shared<Column>(type_, length, null_count, validity_.Finish(), std::move(values_));
    values_ = nullptr;
    return column;
  }

 private:
  DataType type_;
  std::shared_ptr<Buffer> values_;
  ValidityBuilder validity_;
};

class BoolBuilder {
 public:
  explicit BoolBuilder(MemoryPool& pool = DefaultMemoryPool())
      : values_(std::make_shared<Buffer>(pool)), validity_(pool) {}

  void Append(bool value) {
    AppendBit(value);
    validity_.AppendValid();
  }
  void AppendNull() {
    AppendBit(false);
    validity_.AppendNull();
  }
  int64_t length() const { return validity_.length(); }
  ColumnPtr Finish();

 private:
  void AppendBit(bool value) {
    const int64_t row = validity_.length();
    if (row % 8 == 0) {
      values_->Resize(row / 8 + 1);
      values_->mutable_data()[row / 8] = 0;
    }
    if (value) SetBit(values_->mutable_data(), row);
  }

  std::shared_ptr<Buffer> values_;
  ValidityBuilder validity_;
};

// Builds a string (or binary) column: int32 offsets + bytes.
class StringBuilder {
 public:
  explicit StringBuilder(DataType type = DataType::String(),
                         MemoryPool& pool = DefaultMemoryPool());

  void Reserve(int64_t rows, int64_t bytes) {
    offsets_->Reserve((rows + 1) * 4);
    data_->Reserve(bytes);
  }
  // Throws InvalidInput when the column's bytes would pass 2 GiB (int32 offsets).
  void Append(std::string_view value) {
    if (data_->size() + static_cast<int64_t>(value.size()) > INT32_MAX) ThrowTooLarge();
    data_->Append(value.data(), static_cast<int64_t>(value.size()));
    const int32_t end = static_cast<int32_t>(data_->size());
    offsets_->Append(&end, 4);
    validity_.AppendValid();
  }
  void AppendNull() {
    const int32_t end = static_cast<int32_t>(data_->size());
    offsets_->Append(&end, 4);
    validity_.AppendNull();
  }
  int64_t length() const { return validity_.length(); }
  ColumnPtr Finish();

 private:
  [[noreturn]] void ThrowTooLarge() const;

  DataType type_;
  std::shared_ptr<Buffer> offsets_;
  std::shared_ptr<Buffer> data_;
  ValidityBuilder validity_;
};

}  // namespace berserkr
