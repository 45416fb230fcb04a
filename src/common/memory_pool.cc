#include "berserkr/common/memory_pool.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>

#include "berserkr/common/error.h"

namespace berserkr {
namespace {

std::string FormatBytes(int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[64];
  std::snprintf(text, sizeof(text), unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

size_t RoundUpTo(int64_t size, size_t alignment) {
  return (static_cast<size_t>(size) + alignment - 1) / alignment * alignment;
}

// Allocations this large start on a 2 MiB boundary and are offered to transparent huge pages
// (where the system leaves them to madvise): one page fault then maps 2 MiB instead of 4 KiB.
// Such buffers are mapped fresh by malloc and written once, and on virtual machines their page
// faults were a fifth of the time of a job that builds large columns. Below the threshold the
// rounding up to 2 MiB could waste too much.
constexpr size_t kHugePageBytes = size_t{2} << 20;
constexpr int64_t kHugePageThreshold = int64_t{16} << 20;

}  // namespace

void MemoryPool::Reserve(int64_t size) {
  const int64_t now = bytes_allocated_.fetch_add(size, std::memory_order_relaxed) + size;
  if (now > limit()) {
    bytes_allocated_.fetch_sub(size, std::memory_order_relaxed);
    throw OutOfMemory("out of memory: a request for " + FormatBytes(size) +
                      " would pass the limit of " + FormatBytes(limit()) + " (" +
                      FormatBytes(now - size) +
                      " in use); raise --memory-limit or reduce the input");
  }
  int64_t peak = peak_bytes_.load(std::memory_order_relaxed);
  while (now > peak && !peak_bytes_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

void* MemoryPool::Allocate(int64_t size) {
  if (size < 0) throw Internal("MemoryPool::Allocate: negative size");
  Reserve(size);
  void* pointer;
  if (size >= kHugePageThreshold) {
    const size_t rounded = RoundUpTo(size, kHugePageBytes);
    pointer = std::aligned_alloc(kHugePageBytes, rounded);
    // Only advice: without huge pages the memory works as usual.
    if (pointer != nullptr) madvise(pointer, rounded, MADV_HUGEPAGE);
  } else {
    pointer = std::aligned_alloc(kAlignment, RoundUpTo(size == 0 ? 1 : size, kAlignment));
  }
  if (pointer == nullptr) {
    bytes_allocated_.fetch_sub(size, std::memory_order_relaxed);
    throw OutOfMemory("out of memory: the system refused " + FormatBytes(size));
  }
  return pointer;
}

void MemoryPool::Free(void* pointer, int64_t size) {
  if (pointer == nullptr) return;
  std::free(pointer);
  bytes_allocated_.fetch_sub(size, std::memory_order_relaxed);
}

void* MemoryPool::Reallocate(void* pointer, int64_t old_size, int64_t new_size) {
  void* fresh = Allocate(new_size);
  if (pointer != nullptr) {
    std::memcpy(fresh, pointer, static_cast<size_t>(old_size < new_size ? old_size : new_size));
    Free(pointer, old_size);
  }
  return fresh;
}

MemoryPool& DefaultMemoryPool() {
  static MemoryPool pool;
  return pool;
}

int64_t ParseMemorySize(const std::string& text) {
  size_t position = 0;
  double number = 0;
  try {
    number = std::stod(text, &position);
  } catch (const std::exception&) {
    throw InvalidInput("invalid memory size '" + text + "': expected e.g. 4GiB, 512MB or 70%");
  }
  std::string unit = text.substr(position);
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  double multiplier = 0;
  if (unit.empty() || unit == "b")
    multiplier = 1;
  else if (unit == "kb")
    multiplier = 1e3;
  else if (unit == "mb")
    multiplier = 1e6;
  else if (unit == "gb")
    multiplier = 1e9;
  else if (unit == "tb")
    multiplier = 1e12;
  else if (unit == "kib" || unit == "k")
    multiplier = 1024.0;
  else if (unit == "mib" || unit == "m")
    multiplier = 1024.0 * 1024;
  else if (unit == "gib" || unit == "g")
    multiplier = 1024.0 * 1024 * 1024;
  else if (unit == "tib" || unit == "t")
    multiplier = 1024.0 * 1024 * 1024 * 1024;
  else if (unit == "%") {
    const double physical = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE);
    multiplier = physical / 100;
  }
  if (multiplier == 0 || number < 0) {
    throw InvalidInput("invalid memory size '" + text + "': expected e.g. 4GiB, 512MB or 70%");
  }
  return static_cast<int64_t>(number * multiplier);
}

}  // namespace berserkr
