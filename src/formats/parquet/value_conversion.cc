// Physical Parquet values -> berserkr column values (dense: no NULLs yet). Conversions that keep
// the representation hand the decoded buffer over without copying.

#include <cmath>
#include <cstring>

#include "berserkr/common/error.h"
#include "formats/parquet/record_assembly_internal.h"

namespace berserkr::parquet {
namespace {

template <typename Source, typename Target, typename Convert>
BufferPtr MapValues(const PhysicalValues& values, Convert&& convert) {
  auto buffer = Buffer::Allocate(values.count * static_cast<int64_t>(sizeof(Target)));
  const auto* source = values.fixed->data_as<Source>();
  auto* target = buffer->mutable_data_as<Target>();
  for (int64_t row = 0; row < values.count; ++row) target[row] = convert(source[row]);
  return buffer;
}

BufferPtr PackBooleans(const PhysicalValues& values) {
  auto bits = Buffer::Allocate(BytesForBits(values.count));
  std::memset(bits->mutable_data(), 0, static_cast<size_t>(bits->size()));
  const uint8_t* bytes = values.fixed->data();
  for (int64_t row = 0; row < values.count; ++row) {
    if (bytes[row]) SetBit(bits->mutable_data(), row);
  }
  return bits;
}

// Big-endian two's complement of 1..16 bytes (wider values must be sign extension only).
bool BigEndianToInt128(const uint8_t* bytes, int64_t length, __int128* out) {
  if (length == 0) {
    *out = 0;
    return true;
  }
  const bool negative = bytes[0] & 0x80;
  int64_t skip = 0;
  if (length > 16) {
    skip = length - 16;
    for (int64_t index = 0; index < skip; ++index) {
      if (bytes[index] != (negative ? 0xff : 0x00)) return false;
    }
  }
  unsigned __int128 value = negative ? ~static_cast<unsigned __int128>(0) : 0;
  for (int64_t index = skip; index < length; ++index) value = (value << 8) | bytes[index];
  *out = static_cast<__int128>(value);
  return true;
}

float HalfToFloat(uint16_t half) {
  const uint32_t sign = static_cast<uint32_t>(half >> 15) << 31;
  const int exponent = (half >> 10) & 0x1f;
  const uint32_t mantissa = half & 0x3ff;
  if (exponent == 0) {
    // Zero or subnormal: mantissa * 2^-24.
    const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  uint32_t bits;
  if (exponent == 31) {
    bits = sign | 0x7f800000u | (mantissa << 13);  // infinity or NaN
  } else {
    bits = sign | (static_cast<uint32_t>(exponent - 15 + 127) << 23) | (mantissa << 13);
  }
  float value;
  std::memcpy(&value, &bits, 4);
  return value;
}

constexpr int64_t kJulianDayOfEpoch = 2440588;
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000 * 1000;

int64_t FloorDivide(int64_t value, int64_t divisor) {
  const int64_t quotient = value / divisor;
  return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

}  // namespace

ColumnPtr ConvertLeafValues(const LeafColumn& leaf, const PhysicalValues& values,
                            const std::string& context) {
  const int64_t count = values.count;
  const DataType& type = leaf.type;
  switch (leaf.conversion) {
    case ValueConversion::kNone:
      if (values.type == PhysicalType::kBoolean) {
        return std::make_shared<Column>(type, count, 0, nullptr, PackBooleans(values));
      }
      if (values.is_byte_array()) {
        return std::make_shared<Column>(type, count, 0, nullptr, values.offsets, values.data);
      }
      return std::make_shared<Column>(type, count, 0, nullptr, values.fixed);
    case ValueConversion::kInt32ToInt8:
      return std::make_shared<Column>(
          type, count, 0, nullptr,
          MapValues<int32_t, int8_t>(values, [](int32_t v) { return static_cast<int8_t>(v); }));
    case ValueConversion::kInt32ToInt16:
      return std::make_shared<Column>(
          type, count, 0, nullptr,
          // INT(16) holds the signed value, UINT(8) 0..255: both fit int16.
          MapValues<int32_t, int16_t>(values, [](int32_t v) { return static_cast<int16_t>(v); }));
    case ValueConversion::kUint16ToInt32:
      return std::make_shared<Column>(type, count, 0, nullptr,
                                      MapValues<int32_t, int32_t>(values, [](int32_t v) {
                                        return static_cast<int32_t>(static_cast<uint16_t>(v));
                                      }));
    case ValueConversion::kUint32ToInt64:
      return std::make_shared<Column>(type, count, 0, nullptr,
                                      MapValues<int32_t, int64_t>(values, [](int32_t v) {
                                        return static_cast<int64_t>(static_cast<uint32_t>(v));
                                      }));
    case ValueConversion::kUint64ToDecimal:
      return std::make_shared<Column>(type, count, 0, nullptr,
                                      MapValues<int64_t, __int128>(values, [](int64_t v) {
                                        return static_cast<__int128>(static_cast<uint64_t>(v));
                                      }));
    case ValueConversion::kInt32ToDecimal:
      return std::make_shared<Column>(
          type, count, 0, nullptr,
          MapValues<int32_t, __int128>(values, [](int32_t v) { return static_cast<__int128>(v); }));
    case ValueConversion::kInt64ToDecimal:
      return std::make_shared<Column>(
          type, count, 0, nullptr,
          MapValues<int64_t, __int128>(values, [](int64_t v) { return static_cast<__int128>(v); }));
    case ValueConversion::kBytesToDecimal: {
      auto buffer = Buffer::Allocate(count * 16);
      auto* target = buffer->mutable_data_as<__int128>();
      for (int64_t row = 0; row < count; ++row) {
        const uint8_t* bytes;
        int64_t length;
        if (values.is_byte_array()) {
          const int32_t* offsets = values.offsets->data_as<int32_t>();
          bytes = values.data->data() + offsets[row];
          length = offsets[row + 1] - offsets[row];
        } else {
          bytes = values.fixed->data() + row * values.width;
          length = values.width;
        }
        if (!BigEndianToInt128(bytes, length, &target[row])) {
          throw InvalidInput(context + ": decimal value of " + std::to_string(length) +
                             " bytes does not fit 38 digits");
        }
      }
      return std::make_shared<Column>(type, count, 0, nullptr, std::move(buffer));
    }
    case ValueConversion::kMillisToMicros:
      return std::make_shared<Column>(
          type, count, 0, nullptr, MapValues<int64_t, int64_t>(values, [](int64_t v) {
            return static_cast<int64_t>(static_cast<uint64_t>(v) * 1000);
          }));
    case ValueConversion::kNanosToMicros:
      return std::make_shared<Column>(
          type, count, 0, nullptr,
          MapValues<int64_t, int64_t>(values, [](int64_t v) { return FloorDivide(v, 1000); }));
    case ValueConversion::kInt96ToMicros: {
      auto buffer = Buffer::Allocate(count * 8);
      auto* target = buffer->mutable_data_as<int64_t>();
      const uint8_t* source = values.fixed->data();
      for (int64_t row = 0; row < count; ++row) {
        int64_t nanos_of_day;
        int32_t julian_day;
        std::memcpy(&nanos_of_day, source + row * 12, 8);
        std::memcpy(&julian_day, source + row * 12 + 8, 4);
        const uint64_t days = static_cast<uint64_t>(int64_t{julian_day} - kJulianDayOfEpoch);
        target[row] = static_cast<int64_t>(days * kMicrosPerDay +
                                           static_cast<uint64_t>(FloorDivide(nanos_of_day, 1000)));
      }
      return std::make_shared<Column>(type, count, 0, nullptr, std::move(buffer));
    }
    case ValueConversion::kFloat16ToFloat32: {
      auto buffer = Buffer::Allocate(count * 4);
      auto* target = buffer->mutable_data_as<float>();
      const uint8_t* source = values.fixed->data();
      for (int64_t row = 0; row < count; ++row) {
        target[row] =
            HalfToFloat(static_cast<uint16_t>(source[row * 2] | (source[row * 2 + 1] << 8)));
      }
      return std::make_shared<Column>(type, count, 0, nullptr, std::move(buffer));
    }
    case ValueConversion::kFixedToBinary: {
      if (count * values.width > INT32_MAX) {
        throw NotImplemented(context + ": not supported: more than 2 GiB of fixed-length values");
      }
      auto offsets = Buffer::Allocate((count + 1) * 4);
      auto* target = offsets->mutable_data_as<int32_t>();
      for (int64_t row = 0; row <= count; ++row)
        target[row] = static_cast<int32_t>(row * values.width);
      return std::make_shared<Column>(type, count, 0, nullptr, std::move(offsets), values.fixed);
    }
    case ValueConversion::kAlwaysNull:
      return Column::MakeNull(type, count);
  }
  throw Internal("unhandled Parquet value conversion");
}

}  // namespace berserkr::parquet
