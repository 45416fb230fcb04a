#include <algorithm>

#include "berserkr/common/error.h"
#include "formats/parquet/bit_unpacking_internal.h"

namespace berserkr::parquet {

RleBitPackedDecoder::RleBitPackedDecoder(const uint8_t* data, int64_t size, int bit_width,
                                         const std::string* context)
    : data_(data), size_(size), bit_width_(bit_width), context_(context) {
  if (bit_width < 0 || bit_width > 32) ThrowCorrupt("bit width " + std::to_string(bit_width));
}

void RleBitPackedDecoder::ThrowCorrupt(const std::string& reason) const {
  throw InvalidInput(*context_ + ": corrupt RLE/bit-packed data at byte " +
                     std::to_string(position_) + ": " + reason);
}

bool RleBitPackedDecoder::NextRun() {
  if (position_ >= size_) return false;
  uint64_t header = 0;
  for (int shift = 0;; shift += 7) {
    if (shift > 35) ThrowCorrupt("run header longer than 5 bytes");
    if (position_ >= size_) ThrowCorrupt("data ends inside a run header");
    const uint8_t byte = data_[position_++];
    header |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  if (header & 1) {
    // Bit-packed: (header >> 1) groups of 8 values. A writer may end the last group early, so
    // take only the values whose bytes are present.
    const int64_t groups = static_cast<int64_t>(header >> 1);
    const int64_t bytes_wanted = groups * bit_width_;
    const int64_t bytes = std::min<int64_t>(bytes_wanted, size_ - position_);
    is_repeated_ = false;
    packed_ = data_ + position_;
    packed_size_ = bytes;
    packed_index_ = 0;
    remaining_ = bit_width_ == 0 ? groups * 8 : bytes * 8 / bit_width_;
    position_ += bytes;
    if (remaining_ == 0 && groups > 0) ThrowCorrupt("bit-packed run past the end of the data");
  } else {
    const int64_t count = static_cast<int64_t>(header >> 1);
    const int value_bytes = (bit_width_ + 7) / 8;
    if (size_ - position_ < value_bytes) ThrowCorrupt("data ends inside a repeated value");
    uint64_t value = 0;
    for (int byte = 0; byte < value_bytes; ++byte) {
      value |= static_cast<uint64_t>(data_[position_ + byte]) << (8 * byte);
    }
    position_ += value_bytes;
    is_repeated_ = true;
    repeated_value_ = value;
    remaining_ = count;
    if (count == 0) return NextRun();
  }
  return true;
}

DeltaBinaryPackedDecoder::DeltaBinaryPackedDecoder(const uint8_t* data, int64_t size,
                                                   const std::string* context)
    : data_(data), size_(size), context_(context) {
  block_size_ = static_cast<int64_t>(ReadVarint());
  miniblocks_per_block_ = static_cast<int64_t>(ReadVarint());
  const uint64_t total = ReadVarint();
  last_value_ = ReadZigZag();
  // The spec requires a block size that is a multiple of 128 and miniblocks of a multiple of 32
  // values; a bound keeps a corrupt header from allocating a huge miniblock.
  if (block_size_ <= 0 || block_size_ % 128 != 0 || block_size_ > (1 << 20) ||
      miniblocks_per_block_ <= 0 || block_size_ % miniblocks_per_block_ != 0 ||
      (block_size_ / miniblocks_per_block_) % 8 != 0) {
    ThrowCorrupt("block size " + std::to_string(block_size_) + " with " +
                 std::to_string(miniblocks_per_block_) + " miniblocks");
  }
  if (total > (uint64_t{1} << 40)) ThrowCorrupt("value count " + std::to_string(total));
  total_values_ = static_cast<int64_t>(total);
  values_per_miniblock_ = block_size_ / miniblocks_per_block_;
}

void DeltaBinaryPackedDecoder::ThrowCorrupt(const std::string& reason) const {
  throw InvalidInput(*context_ + ": corrupt DELTA_BINARY_PACKED data at byte " +
                     std::to_string(position_) + ": " + reason);
}

uint64_t DeltaBinaryPackedDecoder::ReadVarint() {
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (position_ >= size_) ThrowCorrupt("data ends inside a varint");
    const uint8_t byte = data_[position_++];
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return result;
  }
  ThrowCorrupt("varint longer than 10 bytes");
}

int64_t DeltaBinaryPackedDecoder::ReadZigZag() {
  const uint64_t value = ReadVarint();
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

void DeltaBinaryPackedDecoder::StartBlock() {
  min_delta_ = ReadZigZag();
  if (size_ - position_ < miniblocks_per_block_) ThrowCorrupt("data ends inside bit widths");
  bit_widths_ = data_ + position_;
  position_ += miniblocks_per_block_;
  miniblock_ = -1;
  miniblock_remaining_ = 0;
}

void DeltaBinaryPackedDecoder::Decode(int64_t* out, int64_t count) {
  if (count > total_values_ - values_read_) {
    ThrowCorrupt("asked for " + std::to_string(count) + " values, " +
                 std::to_string(total_values_ - values_read_) + " remain");
  }
  for (int64_t index = 0; index < count; ++index) {
    if (values_read_ == 0) {
      out[index] = last_value_;
      ++values_read_;
      continue;
    }
    if (delta_index_ == static_cast<int64_t>(deltas_.size())) {
      // The next miniblock (of the next block when this one is used up).
      if (bit_widths_ == nullptr || miniblock_ + 1 >= miniblocks_per_block_) StartBlock();
      ++miniblock_;
      const int bit_width = bit_widths_[miniblock_];
      if (bit_width > 64) ThrowCorrupt("miniblock bit width " + std::to_string(bit_width));
      const int64_t bytes = values_per_miniblock_ * bit_width / 8;
      // The last miniblock may be cut short by the writer once every value is in.
      const int64_t available = std::min<int64_t>(bytes, size_ - position_);
      const int64_t values =
          bit_width == 0 ? values_per_miniblock_
                         : std::min<int64_t>(values_per_miniblock_, available * 8 / bit_width);
      if (values == 0) ThrowCorrupt("data ends inside a miniblock");
      deltas_.resize(static_cast<size_t>(values));
      UnpackBits(data_ + position_, available, 0, bit_width, values, deltas_.data());
      position_ += available;
      delta_index_ = 0;
    }
    const uint64_t delta =
        static_cast<uint64_t>(deltas_[delta_index_++]) + static_cast<uint64_t>(min_delta_);
    last_value_ = static_cast<int64_t>(static_cast<uint64_t>(last_value_) + delta);
    out[index] = last_value_;
    ++values_read_;
  }
}

int64_t DeltaBinaryPackedDecoder::EndPosition() {
  // Every value read: the stream ends after the current block's miniblocks that hold data. Skip
  // whatever of the header the values did not need (e.g. a block with only the first value).
  int64_t scratch[256];
  while (values_read_ < total_values_) {
    Decode(scratch, std::min<int64_t>(256, total_values_ - values_read_));
  }
  return position_;
}

}  // namespace berserkr::parquet
