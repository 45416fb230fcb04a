#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace berserkr {

// Counts the bytes of every large allocation and refuses those that would pass a limit.
// Thread-safe; allocation is a plain aligned malloc plus two relaxed atomic updates.
class MemoryPool {
 public:
  static constexpr int64_t kNoLimit = INT64_MAX;
  static constexpr size_t kAlignment = 64;

  explicit MemoryPool(int64_t limit_bytes = kNoLimit) : limit_(limit_bytes) {}
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  // Returns 64-byte aligned memory of at least `size` bytes (never null).
  // Throws OutOfMemory naming the request, the bytes in use and the limit.
  void* Allocate(int64_t size);
  // REQUIRES: `pointer` came from Allocate or Reallocate on this pool with this `size`.
  void Free(void* pointer, int64_t size);
  // Grows or shrinks an allocation, keeping its first min(old, new) bytes.
  void* Reallocate(void* pointer, int64_t old_size, int64_t new_size);

  int64_t bytes_allocated() const { return bytes_allocated_.load(std::memory_order_relaxed); }
  int64_t peak_bytes() const { return peak_bytes_.load(std::memory_order_relaxed); }
  int64_t limit() const { return limit_.load(std::memory_order_relaxed); }
  void set_limit(int64_t limit_bytes) { limit_.store(limit_bytes, std::memory_order_relaxed); }

 private:
  void Reserve(int64_t size);

  std::atomic<int64_t> bytes_allocated_{0};
  std::atomic<int64_t> peak_bytes_{0};
  std::atomic<int64_t> limit_;
};

// The process-wide pool used when no other is given.
MemoryPool& DefaultMemoryPool();

// A std allocator drawing from DefaultMemoryPool(), so that the arrays of operators (hash tables,
// aggregate states) count towards the memory limit and large ones get huge pages.
template <typename T>
struct PoolAllocator {
  using value_type = T;
  PoolAllocator() = default;
  template <typename U>
  PoolAllocator(const PoolAllocator<U>&) {}  // NOLINT: implicit, as allocators must be
  T* allocate(size_t count) {
    return static_cast<T*>(DefaultMemoryPool().Allocate(static_cast<int64_t>(count * sizeof(T))));
  }
  void deallocate(T* pointer, size_t count) {
    DefaultMemoryPool().Free(pointer, static_cast<int64_t>(count * sizeof(T)));
  }
  template <typename U>
  bool operator==(const PoolAllocator<U>&) const {
    return true;
  }
};

template <typename T>
using PoolVector = std::vector<T, PoolAllocator<T>>;

// Parses sizes such as "4GiB", "512MB", "70%" (of physical memory) or a plain byte count.
// Throws InvalidInput on anything else.
int64_t ParseMemorySize(const std::string& text);

}  // namespace berserkr
