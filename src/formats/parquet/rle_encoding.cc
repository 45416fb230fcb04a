// The RLE / bit-packed hybrid encoder. Encoding.md: a run header is a ULEB128 varint whose low bit
// says bit-packed (1, the rest is the number of 8-value groups) or RLE (0, the rest is the run
// length, followed by the value in ceil(bit_width / 8) little-endian bytes).

#include "formats/parquet/rle_encoding_internal.h"

namespace berserkr::parquet {
namespace {

void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

template <typename T>
int64_t RunLength(const T* values, int64_t count, int64_t start) {
  int64_t end = start + 1;
  while (end < count && values[end] == values[start]) ++end;
  return end - start;
}

void AppendRleRun(uint64_t value, int64_t length, int bit_width, std::string* out) {
  AppendVarint(static_cast<uint64_t>(length) << 1, out);
  for (int byte = 0; byte < (bit_width + 7) / 8; ++byte) {
    out->push_back(static_cast<char>((value >> (8 * byte)) & 0xff));
  }
}

// Values [start, end) bit-packed; the count is rounded up to whole groups of 8 with zeros.
template <typename T>
void AppendBitPackedRun(const T* values, int64_t start, int64_t end, int bit_width,
                        std::string* out) {
  const int64_t groups = (end - start + 7) / 8;
  AppendVarint((static_cast<uint64_t>(groups) << 1) | 1, out);
  const size_t first_byte = out->size();
  out->resize(first_byte + static_cast<size_t>(groups * bit_width), '\0');
  auto* bytes = reinterpret_cast<uint8_t*>(out->data() + first_byte);
  uint64_t buffer = 0;
  int buffered_bits = 0;
  int64_t position = 0;
  for (int64_t index = start; index < start + groups * 8; ++index) {
    const uint64_t value = index < end ? static_cast<uint64_t>(values[index]) : 0;
    buffer |= value << buffered_bits;
    buffered_bits += bit_width;
    while (buffered_bits >= 8) {
      bytes[position++] = static_cast<uint8_t>(buffer & 0xff);
      buffer >>= 8;
      buffered_bits -= 8;
    }
  }
  if (buffered_bits > 0) bytes[position] = static_cast<uint8_t>(buffer & 0xff);
}

template <typename T>
void AppendHybrid(const T* values, int64_t count, int bit_width, std::string* out) {
  if (bit_width == 0) {
    // Every value is 0: one RLE run with a zero-byte value.
    if (count > 0) AppendRleRun(0, count, 0, out);
    return;
  }
  int64_t index = 0;
  while (index < count) {
    const int64_t run = RunLength(values, count, index);
    if (run >= 8) {
      AppendRleRun(static_cast<uint64_t>(values[index]), run, bit_width, out);
      index += run;
      continue;
    }
    // A bit-packed stretch: it may only stop at a multiple of 8 values from its start (groups
    // are never padded except at the very end), so a long run met mid-group lends it values.
    const int64_t start = index;
    while (index < count) {
      const int64_t length = RunLength(values, count, index);
      if (length >= 8) {
        const int64_t misalignment = (index - start) % 8;
        if (misalignment == 0) break;
        const int64_t lend = 8 - misalignment;
        index += lend;
        continue;
      }
      index += length;
    }
    // Without a long run after it, the stretch ran to the end and may stop mid-group.
    AppendBitPackedRun(values, start, index, bit_width, out);
  }
}

}  // namespace

int BitWidthFor(uint64_t max_value) {
  int width = 0;
  while (max_value != 0) {
    ++width;
    max_value >>= 1;
  }
  return width;
}

void AppendRleBitPacked(const uint32_t* values, int64_t count, int bit_width, std::string* out) {
  AppendHybrid(values, count, bit_width, out);
}

void AppendRleBitPacked(const int16_t* values, int64_t count, int bit_width, std::string* out) {
  AppendHybrid(values, count, bit_width, out);
}

}  // namespace berserkr::parquet
