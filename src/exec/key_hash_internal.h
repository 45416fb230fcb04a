#pragma once

// Hash functions of the aggregation and join kernels: a multiply-xorshift mix for fixed-width
// values and a wyhash-style hash for bytes. Not for persistence: values may change between
// versions.

#include <cstdint>
#include <cstring>

namespace berserkr::exec_internal {

inline constexpr uint64_t kHashSecret0 = 0xa0761d6478bd642full;
inline constexpr uint64_t kHashSecret1 = 0xe7037ed1a0b428dbull;
inline constexpr uint64_t kHashSecret2 = 0x8ebc6af09c88c6e3ull;

// Multiplies to 128 bits and folds: the strong, cheap mixing step of wyhash.
inline uint64_t MultiplyFold(uint64_t left, uint64_t right) {
  const unsigned __int128 product = static_cast<unsigned __int128>(left) * right;
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

// Mixes one 64-bit value so that every input bit affects the low bits used as table slots.
inline uint64_t HashInteger(uint64_t value) {
  return MultiplyFold(value ^ kHashSecret0, kHashSecret1);
}

// Combines a running hash with one more 64-bit word (row-encoded multi-column keys).
inline uint64_t HashCombine(uint64_t hash, uint64_t word) {
  return MultiplyFold(hash ^ word, kHashSecret1 ^ (word >> 32));
}

inline uint64_t ReadWord8(const uint8_t* bytes) {
  uint64_t word;
  std::memcpy(&word, bytes, 8);
  return word;
}
inline uint64_t ReadWord4(const uint8_t* bytes) {
  uint32_t word;
  std::memcpy(&word, bytes, 4);
  return word;
}

// wyhash-style hash of a byte string; short strings (the common case for keys) take one branch.
inline uint64_t HashBytes(const void* data, size_t length) {
  const uint8_t* bytes = static_cast<const uint8_t*>(data);
  uint64_t seed = kHashSecret0 ^ length;
  uint64_t first;
  uint64_t second;
  if (length <= 16) {
    if (length >= 4) {
      const size_t shift = (length >> 3) << 2;
      first = (ReadWord4(bytes) << 32) | ReadWord4(bytes + shift);
      second = (ReadWord4(bytes + length - 4) << 32) | ReadWord4(bytes + length - 4 - shift);
    } else if (length > 0) {
      first = (static_cast<uint64_t>(bytes[0]) << 16) |
              (static_cast<uint64_t>(bytes[length >> 1]) << 8) | bytes[length - 1];
      second = 0;
    } else {
      first = 0;
      second = 0;
    }
  } else {
    size_t remaining = length;
    while (remaining > 16) {
      seed = MultiplyFold(ReadWord8(bytes) ^ kHashSecret1, ReadWord8(bytes + 8) ^ seed);
      bytes += 16;
      remaining -= 16;
    }
    first = ReadWord8(bytes + remaining - 16);
    second = ReadWord8(bytes + remaining - 8);
  }
  return MultiplyFold(kHashSecret1 ^ length,
                      MultiplyFold(first ^ kHashSecret1, second ^ seed ^ kHashSecret2));
}

}  // namespace berserkr::exec_internal
