#include <algorithm>
#include <climits>
#include <cstring>
#include <vector>

#include "berserkr/common/error.h"
#include "formats/parquet/bit_unpacking_internal.h"
#include "formats/parquet/page_values_internal.h"

namespace berserkr::parquet {

PhysicalValues PhysicalValues::Make(PhysicalType type, int32_t type_length) {
  PhysicalValues values;
  values.type = type;
  switch (type) {
    case PhysicalType::kBoolean:
      values.width = 1;
      break;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat:
      values.width = 4;
      break;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble:
      values.width = 8;
      break;
    case PhysicalType::kInt96:
      values.width = 12;
      break;
    case PhysicalType::kFixedLenByteArray:
      values.width = type_length;
      break;
    case PhysicalType::kByteArray:
      values.width = 0;
      break;
  }
  if (values.is_byte_array()) {
    values.offsets = std::make_shared<Buffer>();
    values.data = std::make_shared<Buffer>();
    const int32_t zero = 0;
    values.offsets->Append(&zero, 4);
  } else {
    values.fixed = std::make_shared<Buffer>();
  }
  return values;
}

void PhysicalValues::Reserve(int64_t values, int64_t bytes) {
  if (is_byte_array()) {
    offsets->Reserve(offsets->size() + values * 4);
    data->Reserve(data->size() + bytes);
  } else {
    fixed->Reserve(fixed->size() + values * width);
  }
}

void PhysicalValues::AppendByteArray(const uint8_t* bytes, int64_t length) {
  if (data->size() + length > INT32_MAX) {
    throw NotImplemented(
        "not supported: a column chunk with more than 2 GiB of string or binary values");
  }
  data->Append(bytes, length);
  const int32_t end = static_cast<int32_t>(data->size());
  offsets->Append(&end, 4);
  ++count;
}

namespace {

[[noreturn]] void ThrowShort(const PageValuesInput& input, const std::string& encoding) {
  throw InvalidInput(*input.context + ": " + encoding + " data is shorter than its " +
                     std::to_string(input.count) + " values");
}

uint32_t LoadLittleEndian32(const uint8_t* bytes) {
  uint32_t value;
  std::memcpy(&value, bytes, 4);
  return value;
}

void DecodePlain(const PageValuesInput& input, PhysicalValues& out) {
  if (out.type == PhysicalType::kBoolean) {
    if (BytesForBits(input.count) > input.size) ThrowShort(input, "PLAIN");
    Buffer& fixed = *out.fixed;
    const int64_t start = fixed.size();
    fixed.Resize(start + input.count);
    uint8_t* target = fixed.mutable_data() + start;
    for (int64_t index = 0; index < input.count; ++index) target[index] = GetBit(input.data, index);
    out.count += input.count;
    return;
  }
  if (out.is_byte_array()) {
    // Lengths first: the data size is then known and the bytes are copied without re-growing.
    int64_t position = 0;
    // Each value has a 4-byte length before its bytes.
    out.Reserve(input.count, std::max<int64_t>(0, input.size - 4 * input.count));
    for (int64_t index = 0; index < input.count; ++index) {
      if (input.size - position < 4) ThrowShort(input, "PLAIN");
      const uint32_t length = LoadLittleEndian32(input.data + position);
      position += 4;
      if (length > static_cast<uint64_t>(input.size - position)) ThrowShort(input, "PLAIN");
      out.AppendByteArray(input.data + position, length);
      position += length;
    }
    return;
  }
  const int64_t bytes = input.count * out.width;
  if (bytes > input.size || input.count < 0) ThrowShort(input, "PLAIN");
  out.fixed->Append(input.data, bytes);
  out.count += input.count;
}

void GatherDictionary(const PageValuesInput& input, const PhysicalValues& dictionary,
                      PhysicalValues& out) {
  if (input.size < 1) {
    if (input.count == 0) return;
    ThrowShort(input, "RLE_DICTIONARY");
  }
  const int bit_width = input.data[0];
  if (bit_width > 32) {
    throw InvalidInput(*input.context + ": dictionary index bit width " +
                       std::to_string(bit_width) + " is over 32");
  }
  // Width 0 is legal: writers size the indices to the page's largest index, so a page whose
  // values all use the first entry has none (alltypes_tiny_pages.parquet).
  RleBitPackedDecoder decoder(input.data + 1, input.size - 1, bit_width, input.context);
  std::vector<uint32_t> indices(static_cast<size_t>(input.count));
  if (decoder.GetBatch(indices.data(), input.count) != input.count) {
    ThrowShort(input, "RLE_DICTIONARY");
  }
  // Validate every index before copying: one check per page, not a branch per value below.
  uint32_t max_index = 0;
  for (uint32_t index : indices) max_index = index > max_index ? index : max_index;
  if (input.count > 0 && max_index >= static_cast<uint64_t>(dictionary.count)) {
    throw InvalidInput(*input.context + ": dictionary index " + std::to_string(max_index) +
                       " is out of range (the dictionary has " + std::to_string(dictionary.count) +
                       " values)");
  }
  if (out.is_byte_array()) {
    const int32_t* offsets = dictionary.offsets->data_as<int32_t>();
    const uint8_t* bytes = dictionary.data->data();
    int64_t total = 0;
    for (uint32_t index : indices) total += offsets[index + 1] - offsets[index];
    if (out.data->size() + total > INT32_MAX) {
      throw NotImplemented(
          "not supported: a column chunk with more than 2 GiB of string or binary values");
    }
    // Sized once, then filled through raw pointers: this loop is most of a string column's cost.
    Buffer& data = *out.data;
    Buffer& out_offsets = *out.offsets;
    const int64_t data_start = data.size();
    const int64_t offsets_start = out_offsets.size();
    data.Resize(data_start + total);
    out_offsets.Resize(offsets_start + input.count * 4);
    uint8_t* target = data.mutable_data() + data_start;
    auto* target_offsets = reinterpret_cast<int32_t*>(out_offsets.mutable_data() + offsets_start);
    int32_t end = static_cast<int32_t>(data_start);
    for (int64_t row = 0; row < input.count; ++row) {
      const uint32_t index = indices[row];
      const int32_t length = offsets[index + 1] - offsets[index];
      std::memcpy(target, bytes + offsets[index], static_cast<size_t>(length));
      target += length;
      end += length;
      target_offsets[row] = end;
    }
    out.count += input.count;
    return;
  }
  const int width = out.width;
  Buffer& fixed = *out.fixed;
  const int64_t start = fixed.size();
  fixed.Resize(start + input.count * width);
  uint8_t* target = fixed.mutable_data() + start;
  const uint8_t* source = dictionary.fixed->data();
  if (width == 4) {
    auto* target32 = reinterpret_cast<uint32_t*>(target);
    const auto* source32 = reinterpret_cast<const uint32_t*>(source);
    for (int64_t row = 0; row < input.count; ++row) target32[row] = source32[indices[row]];
  } else if (width == 8) {
    auto* target64 = reinterpret_cast<uint64_t*>(target);
    const auto* source64 = reinterpret_cast<const uint64_t*>(source);
    for (int64_t row = 0; row < input.count; ++row) target64[row] = source64[indices[row]];
  } else {
    for (int64_t row = 0; row < input.count; ++row) {
      std::memcpy(target + row * width, source + int64_t{indices[row]} * width, width);
    }
  }
  out.count += input.count;
}

// BOOLEAN values in the RLE encoding: a 4-byte length, then the hybrid at bit width 1.
void DecodeRleBooleans(const PageValuesInput& input, PhysicalValues& out) {
  if (input.size < 4) ThrowShort(input, "RLE");
  const uint32_t length = LoadLittleEndian32(input.data);
  if (length > static_cast<uint64_t>(input.size - 4)) ThrowShort(input, "RLE");
  RleBitPackedDecoder decoder(input.data + 4, length, 1, input.context);
  Buffer& fixed = *out.fixed;
  const int64_t start = fixed.size();
  fixed.Resize(start + input.count);
  if (decoder.GetBatch(fixed.mutable_data() + start, input.count) != input.count) {
    ThrowShort(input, "RLE");
  }
  out.count += input.count;
}

void DecodeDeltaBinaryPacked(const PageValuesInput& input, PhysicalValues& out) {
  DeltaBinaryPackedDecoder decoder(input.data, input.size, input.context);
  std::vector<int64_t> values(static_cast<size_t>(input.count));
  decoder.Decode(values.data(), input.count);
  Buffer& fixed = *out.fixed;
  const int64_t start = fixed.size();
  fixed.Resize(start + input.count * out.width);
  if (out.width == 4) {
    auto* target = reinterpret_cast<int32_t*>(fixed.mutable_data() + start);
    for (int64_t row = 0; row < input.count; ++row) target[row] = static_cast<int32_t>(values[row]);
  } else {
    std::memcpy(fixed.mutable_data() + start, values.data(), input.count * 8);
  }
  out.count += input.count;
}

// Lengths (DELTA_BINARY_PACKED) then the concatenated bytes; returns the lengths and sets
// `*bytes` / `*bytes_size` to the concatenated data.
std::vector<int64_t> DecodeLengths(const PageValuesInput& input, const uint8_t** bytes,
                                   int64_t* bytes_size, const char* encoding) {
  DeltaBinaryPackedDecoder decoder(input.data, input.size, input.context);
  // One length per value of the page: a different count is corrupt (and a huge one must not be
  // allocated).
  if (decoder.total_values() != input.count) {
    throw InvalidInput(*input.context + ": " + encoding + " data holds " +
                       std::to_string(decoder.total_values()) + " lengths for " +
                       std::to_string(input.count) + " values");
  }
  std::vector<int64_t> lengths(static_cast<size_t>(decoder.total_values()));
  decoder.Decode(lengths.data(), decoder.total_values());
  const int64_t end = decoder.EndPosition();
  *bytes = input.data + end;
  *bytes_size = input.size - end;
  return lengths;
}

void DecodeDeltaLengthByteArray(const PageValuesInput& input, PhysicalValues& out) {
  const uint8_t* bytes = nullptr;
  int64_t bytes_size = 0;
  const std::vector<int64_t> lengths =
      DecodeLengths(input, &bytes, &bytes_size, "DELTA_LENGTH_BYTE_ARRAY");
  int64_t position = 0;
  out.Reserve(input.count, bytes_size);
  for (int64_t index = 0; index < input.count; ++index) {
    const int64_t length = lengths[index];
    if (length < 0 || length > bytes_size - position) {
      ThrowShort(input, "DELTA_LENGTH_BYTE_ARRAY");
    }
    out.AppendByteArray(bytes + position, length);
    position += length;
  }
}

// Prefix lengths, then the suffixes as DELTA_LENGTH_BYTE_ARRAY; each value is the previous
// value's prefix followed by its suffix. Used for BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY.
void DecodeDeltaByteArray(const PageValuesInput& input, PhysicalValues& out) {
  DeltaBinaryPackedDecoder prefix_decoder(input.data, input.size, input.context);
  if (prefix_decoder.total_values() != input.count) {
    throw InvalidInput(*input.context + ": DELTA_BYTE_ARRAY data holds " +
                       std::to_string(prefix_decoder.total_values()) + " prefixes for " +
                       std::to_string(input.count) + " values");
  }
  std::vector<int64_t> prefixes(static_cast<size_t>(prefix_decoder.total_values()));
  prefix_decoder.Decode(prefixes.data(), prefix_decoder.total_values());
  const int64_t suffix_start = prefix_decoder.EndPosition();
  PageValuesInput suffix_input = input;
  suffix_input.data += suffix_start;
  suffix_input.size -= suffix_start;
  const uint8_t* bytes = nullptr;
  int64_t bytes_size = 0;
  const std::vector<int64_t> suffixes =
      DecodeLengths(suffix_input, &bytes, &bytes_size, "DELTA_BYTE_ARRAY");
  std::string previous;
  std::string value;
  int64_t position = 0;
  for (int64_t index = 0; index < input.count; ++index) {
    const int64_t prefix = prefixes[index];
    const int64_t suffix = suffixes[index];
    if (prefix < 0 || prefix > static_cast<int64_t>(previous.size()) || suffix < 0 ||
        suffix > bytes_size - position) {
      throw InvalidInput(*input.context + ": corrupt DELTA_BYTE_ARRAY value " +
                         std::to_string(index) + " (prefix " + std::to_string(prefix) +
                         ", suffix " + std::to_string(suffix) + ")");
    }
    value.assign(previous, 0, static_cast<size_t>(prefix));
    value.append(reinterpret_cast<const char*>(bytes + position), static_cast<size_t>(suffix));
    position += suffix;
    if (out.is_byte_array()) {
      out.AppendByteArray(reinterpret_cast<const uint8_t*>(value.data()),
                          static_cast<int64_t>(value.size()));
    } else {
      if (static_cast<int64_t>(value.size()) != out.width) {
        throw InvalidInput(*input.context + ": DELTA_BYTE_ARRAY value of " +
                           std::to_string(value.size()) + " bytes in a FIXED_LEN_BYTE_ARRAY(" +
                           std::to_string(out.width) + ") column");
      }
      out.fixed->Append(value.data(), out.width);
      ++out.count;
    }
    previous.swap(value);
  }
}

// Byte k of value i is at stream k, position i: transpose back.
void DecodeByteStreamSplit(const PageValuesInput& input, PhysicalValues& out) {
  const int width = out.width;
  const int64_t count = input.count;
  if (count * width > input.size) ThrowShort(input, "BYTE_STREAM_SPLIT");
  // The streams span the whole page: a page's value count fixes the stream length.
  const int64_t stream_length = input.size / width;
  if (stream_length < count) ThrowShort(input, "BYTE_STREAM_SPLIT");
  Buffer& fixed = *out.fixed;
  const int64_t start = fixed.size();
  fixed.Resize(start + count * width);
  uint8_t* target = fixed.mutable_data() + start;
  for (int stream = 0; stream < width; ++stream) {
    const uint8_t* source = input.data + stream * stream_length;
    for (int64_t row = 0; row < count; ++row) target[row * width + stream] = source[row];
  }
  out.count += count;
}

}  // namespace

void DecodePageValues(Encoding encoding, const PageValuesInput& input,
                      const PhysicalValues* dictionary, PhysicalValues& out) {
  if (input.count < 0) throw InvalidInput(*input.context + ": negative value count");
  // Dictionary and RLE pages describe many values in few bytes; a corrupt page could ask for
  // terabytes of wide FIXED_LEN_BYTE_ARRAY values. No real page decodes to more than this.
  constexpr int64_t kMaxDecodedPageBytes = int64_t{1} << 32;
  if (out.width > 0 && input.count > kMaxDecodedPageBytes / out.width) {
    throw InvalidInput(*input.context + ": a page of " + std::to_string(input.count) +
                       " values of " + std::to_string(out.width) +
                       " bytes each is implausible (corrupt page)");
  }
  const auto unsupported = [&] {
    return NotImplemented(*input.context + ": not supported: encoding " + EncodingName(encoding) +
                          " for " + PhysicalTypeName(out.type) + " values");
  };
  switch (encoding) {
    case Encoding::kPlain:
      return DecodePlain(input, out);
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary:
      if (dictionary == nullptr) {
        throw InvalidInput(*input.context + ": dictionary-encoded page without a dictionary page");
      }
      return GatherDictionary(input, *dictionary, out);
    case Encoding::kRle:
      if (out.type != PhysicalType::kBoolean) throw unsupported();
      return DecodeRleBooleans(input, out);
    case Encoding::kDeltaBinaryPacked:
      if (out.type != PhysicalType::kInt32 && out.type != PhysicalType::kInt64) throw unsupported();
      return DecodeDeltaBinaryPacked(input, out);
    case Encoding::kDeltaLengthByteArray:
      if (!out.is_byte_array()) throw unsupported();
      return DecodeDeltaLengthByteArray(input, out);
    case Encoding::kDeltaByteArray:
      if (!out.is_byte_array() && out.type != PhysicalType::kFixedLenByteArray) throw unsupported();
      return DecodeDeltaByteArray(input, out);
    case Encoding::kByteStreamSplit:
      if (out.is_byte_array() || out.type == PhysicalType::kBoolean ||
          out.type == PhysicalType::kInt96) {
        throw unsupported();
      }
      return DecodeByteStreamSplit(input, out);
    case Encoding::kBitPacked:
      break;
  }
  throw unsupported();
}

}  // namespace berserkr::parquet
