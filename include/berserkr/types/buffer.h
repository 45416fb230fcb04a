#pragma once

#include <cstdint>
#include <cstring>
#include <memory>

#include "berserkr/common/memory_pool.h"

namespace berserkr {

// A contiguous block of accounted memory. Growable while one owner builds it; once shared between
// columns (through shared_ptr<const Buffer>) it is immutable.
class Buffer {
 public:
  // Always holds some memory, so data() is never null (memcpy and memset of 0 bytes stay defined).
  explicit Buffer(MemoryPool& pool = DefaultMemoryPool()) : pool_(&pool) { Reserve(0); }
  ~Buffer() { pool_->Free(data_, capacity_); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  // A buffer of `size` bytes whose contents are uninitialized.
  static std::shared_ptr<Buffer> Allocate(int64_t size, MemoryPool& pool = DefaultMemoryPool()) {
    auto buffer = std::make_shared<Buffer>(pool);
    buffer->Resize(size);
    return buffer;
  }

  const uint8_t* data() const { return data_; }
  uint8_t* mutable_data() { return data_; }
  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  template <typename T>
  const T* data_as() const {
    return reinterpret_cast<const T*>(data_);
  }
  template <typename T>
  T* mutable_data_as() {
    return reinterpret_cast<T*>(data_);
  }

  // Ensures capacity for `capacity` bytes, growing geometrically; keeps the contents.
  void Reserve(int64_t capacity) {
    if (capacity <= capacity_ && data_ != nullptr) return;
    int64_t grown = capacity_ < 64 ? 64 : capacity_ + capacity_ / 2;
    if (grown < capacity) grown = capacity;
    data_ = static_cast<uint8_t*>(pool_->Reallocate(data_, capacity_, grown));
    capacity_ = grown;
  }
  void Resize(int64_t size) {
    Reserve(size);
    size_ = size;
  }
  // Appends `length` bytes; `bytes` may be null when `length` is 0 (an empty string_view's data()),
  // where memcpy would be undefined behaviour.
  void Append(const void* bytes, int64_t length) {
    if (length == 0) return;
    Reserve(size_ + length);
    std::memcpy(data_ + size_, bytes, static_cast<size_t>(length));
    size_ += length;
  }
  // Gives back unused capacity when it is large (after building with an overestimate).
  void ShrinkToFit() {
    if (capacity_ - size_ < 4096 || capacity_ - size_ < capacity_ / 8) return;
    data_ = static_cast<uint8_t*>(pool_->Reallocate(data_, capacity_, size_));
    capacity_ = size_;
  }

 private:
  MemoryPool* pool_;
  uint8_t* data_ = nullptr;
  int64_t size_ = 0;
  int64_t capacity_ = 0;
};

using BufferPtr = std::shared_ptr<const Buffer>;

// Bit helpers for validity bitmaps and booleans (LSB-first, as in Arrow).
inline bool GetBit(const uint8_t* bits, int64_t index) {
  return (bits[index >> 3] >> (index & 7)) & 1;
}
inline void SetBit(uint8_t* bits, int64_t index) { bits[index >> 3] |= uint8_t(1u << (index & 7)); }
inline void ClearBit(uint8_t* bits, int64_t index) {
  bits[index >> 3] &= uint8_t(~(1u << (index & 7)));
}
inline int64_t BytesForBits(int64_t bits) { return (bits + 7) / 8; }

}  // namespace berserkr
