#pragma once

// Integer decoders over bit-packed data: the RLE / bit-packed hybrid (levels, dictionary indices,
// booleans) and DELTA_BINARY_PACKED. Both read only inside the bytes they are given and throw
// InvalidInput (with the caller's context) when the data ends early or claims impossible widths.

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace berserkr::parquet {

// Reads `count` values of `bit_width` bits (LSB first, as Parquet packs them) starting at bit
// `first_bit` of `data`. REQUIRES: bit_width <= 64 and data holds at least
// ceil((first_bit + count * bit_width) / 8) bytes.
template <typename T>
void UnpackBits(const uint8_t* data, int64_t data_size, int64_t first_bit, int bit_width,
                int64_t count, T* out) {
  if (bit_width == 0) {
    for (int64_t index = 0; index < count; ++index) out[index] = 0;
    return;
  }
  const uint64_t mask = bit_width == 64 ? ~uint64_t{0} : (uint64_t{1} << bit_width) - 1;
  int64_t index = 0;
  if (bit_width <= 56) {
    // Fast path: one unaligned 8-byte load per value while 8 bytes remain.
    for (; index < count; ++index) {
      const int64_t bit = first_bit + index * bit_width;
      const int64_t byte = bit >> 3;
      if (byte + 8 > data_size) break;
      uint64_t word;
      std::memcpy(&word, data + byte, 8);
      out[index] = static_cast<T>((word >> (bit & 7)) & mask);
    }
  }
  for (; index < count; ++index) {
    const int64_t bit = first_bit + index * bit_width;
    uint64_t value = 0;
    for (int offset = 0; offset < bit_width; ++offset) {
      const int64_t position = bit + offset;
      value |= static_cast<uint64_t>((data[position >> 3] >> (position & 7)) & 1) << offset;
    }
    out[index] = static_cast<T>(value);
  }
}

// The RLE / bit-packed hybrid encoding (without the 4-byte length prefix of data page v1 levels).
class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder(const uint8_t* data, int64_t size, int bit_width, const std::string* context);

  // Decodes up to `count` values into `out`; returns how many it produced (fewer only when the
  // data ends). Throws InvalidInput on a corrupt run header.
  template <typename T>
  int64_t GetBatch(T* out, int64_t count);

 private:
  // Reads the next run header; false at the end of the data.
  bool NextRun();
  [[noreturn]] void ThrowCorrupt(const std::string& reason) const;

  const uint8_t* data_;
  int64_t size_;
  int64_t position_ = 0;
  int bit_width_;
  const std::string* context_;
  // The current run: either `remaining_` copies of `repeated_value_`, or `remaining_` bit-packed
  // values starting at bit `packed_bit_` of `packed_`.
  bool is_repeated_ = false;
  int64_t remaining_ = 0;
  uint64_t repeated_value_ = 0;
  const uint8_t* packed_ = nullptr;
  int64_t packed_size_ = 0;
  int64_t packed_index_ = 0;
};

template <typename T>
int64_t RleBitPackedDecoder::GetBatch(T* out, int64_t count) {
  int64_t produced = 0;
  while (produced < count) {
    if (remaining_ == 0 && !NextRun()) break;
    const int64_t take = remaining_ < count - produced ? remaining_ : count - produced;
    if (is_repeated_) {
      const T value = static_cast<T>(repeated_value_);
      for (int64_t index = 0; index < take; ++index) out[produced + index] = value;
    } else {
      UnpackBits(packed_, packed_size_, packed_index_ * bit_width_, bit_width_, take,
                 out + produced);
      packed_index_ += take;
    }
    remaining_ -= take;
    produced += take;
  }
  return produced;
}

// DELTA_BINARY_PACKED: a header, then blocks of miniblocks of bit-packed deltas.
class DeltaBinaryPackedDecoder {
 public:
  DeltaBinaryPackedDecoder(const uint8_t* data, int64_t size, const std::string* context);

  int64_t total_values() const { return total_values_; }
  // Decodes the next `count` values (wrapping 64-bit arithmetic, as the spec says); throws
  // InvalidInput when the data holds fewer.
  void Decode(int64_t* out, int64_t count);
  // Bytes consumed once every value has been decoded (DELTA_LENGTH_BYTE_ARRAY's data follows).
  int64_t EndPosition();

 private:
  uint64_t ReadVarint();
  int64_t ReadZigZag();
  void StartBlock();
  [[noreturn]] void ThrowCorrupt(const std::string& reason) const;

  const uint8_t* data_;
  int64_t size_;
  int64_t position_ = 0;
  const std::string* context_;
  int64_t block_size_ = 0;
  int64_t miniblocks_per_block_ = 0;
  int64_t values_per_miniblock_ = 0;
  int64_t total_values_ = 0;
  int64_t values_read_ = 0;
  int64_t last_value_ = 0;
  // Current block state.
  int64_t min_delta_ = 0;
  const uint8_t* bit_widths_ = nullptr;
  int64_t miniblock_ = 0;
  int64_t miniblock_remaining_ = 0;
  std::vector<int64_t> deltas_;  // the current miniblock's deltas
  int64_t delta_index_ = 0;
};

}  // namespace berserkr::parquet
