#pragma once

// The encoder side of the RLE / bit-packed hybrid (definition and repetition levels, dictionary
// indices): the inverse of RleBitPackedDecoder in bit_unpacking_internal.h.

#include <cstdint>
#include <string>

namespace berserkr::parquet {

// The bits needed for values 0..max_value (0 for max_value 0).
int BitWidthFor(uint64_t max_value);

// Appends `count` values of at most `bit_width` bits to `out` in the hybrid encoding, without
// a length prefix. Runs of 8 or more equal values become RLE runs; the rest is bit-packed in
// groups of 8 (the last group padded with zeros, which readers ignore because they know how many
// values to read).
void AppendRleBitPacked(const uint32_t* values, int64_t count, int bit_width, std::string* out);
// The same for 16-bit values (levels).
void AppendRleBitPacked(const int16_t* values, int64_t count, int bit_width, std::string* out);

}  // namespace berserkr::parquet
