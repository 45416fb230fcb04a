#include <cstring>

#include "berserkr/common/error.h"
#include "berserkr/types/column_builder.h"
#include "formats/parquet/column_statistics_internal.h"

namespace berserkr::parquet {
namespace {

template <typename T>
T Load(std::string_view bytes) {
  T value{};
  std::memcpy(&value, bytes.data(), sizeof(T));
  return value;
}

// Big-endian two's complement: the first byte is signed, the rest unsigned.
bool SignedBigEndianLess(std::string_view a, std::string_view b) {
  const auto first_a = static_cast<int8_t>(a[0]), first_b = static_cast<int8_t>(b[0]);
  if (first_a != first_b) return first_a < first_b;
  return a.substr(1) < b.substr(1);  // char_traits<char> compares as unsigned char
}

__int128 BigEndianToInt128(std::string_view bytes) {
  unsigned __int128 value =
      static_cast<int8_t>(bytes[0]) < 0 ? ~static_cast<unsigned __int128>(0) : 0;
  for (char byte : bytes) value = (value << 8) | static_cast<uint8_t>(byte);
  return static_cast<__int128>(value);
}

bool HasSignedOrder(const WriteLeaf& leaf) {
  return leaf.physical_type != PhysicalType::kByteArray;
}

}  // namespace

bool StatisticLess(const WriteLeaf& leaf, std::string_view a, std::string_view b) {
  switch (leaf.physical_type) {
    case PhysicalType::kBoolean:
      return static_cast<uint8_t>(a[0]) < static_cast<uint8_t>(b[0]);
    case PhysicalType::kInt32:
      return Load<int32_t>(a) < Load<int32_t>(b);
    case PhysicalType::kInt64:
      return Load<int64_t>(a) < Load<int64_t>(b);
    case PhysicalType::kFloat:
      return Load<float>(a) < Load<float>(b);
    case PhysicalType::kDouble:
      return Load<double>(a) < Load<double>(b);
    case PhysicalType::kFixedLenByteArray:
      return SignedBigEndianLess(a, b);
    case PhysicalType::kByteArray:
    case PhysicalType::kInt96:
      return a < b;
  }
  return a < b;
}

void MergeStatistics(const WriteLeaf& leaf, const ChunkStatistics& chunk, ChunkStatistics& total) {
  total.null_count += chunk.null_count;
  total.saw_nan = total.saw_nan || chunk.saw_nan;
  if (total.saw_nan) {
    total.has_min_max = false;
    return;
  }
  if (!chunk.has_min_max) return;
  if (!total.has_min_max) {
    total.min = chunk.min;
    total.max = chunk.max;
    total.has_min_max = true;
    return;
  }
  if (StatisticLess(leaf, chunk.min, total.min)) total.min = chunk.min;
  if (StatisticLess(leaf, total.max, chunk.max)) total.max = chunk.max;
}

Statistics ToThriftStatistics(const WriteLeaf& leaf, const ChunkStatistics& statistics,
                              int64_t max_value_bytes) {
  Statistics result;
  result.null_count = statistics.null_count;
  if (!statistics.has_min_max || static_cast<int64_t>(statistics.min.size()) > max_value_bytes ||
      static_cast<int64_t>(statistics.max.size()) > max_value_bytes) {
    return result;
  }
  result.min_value = statistics.min;
  result.max_value = statistics.max;
  if (HasSignedOrder(leaf)) {
    result.min = statistics.min;
    result.max = statistics.max;
  }
  return result;
}

ColumnPtr StatisticValueColumn(const WriteLeaf& leaf, std::string_view value) {
  const DataType& type = leaf.type;
  switch (type.id()) {
    case TypeId::kBool: {
      BoolBuilder builder;
      builder.Append(value[0] != 0);
      return builder.Finish();
    }
    case TypeId::kInt8: {
      FixedWidthBuilder<int8_t> builder(type);
      builder.Append(static_cast<int8_t>(Load<int32_t>(value)));
      return builder.Finish();
    }
    case TypeId::kInt16: {
      FixedWidthBuilder<int16_t> builder(type);
      builder.Append(static_cast<int16_t>(Load<int32_t>(value)));
      return builder.Finish();
    }
    case TypeId::kInt32:
    case TypeId::kDate: {
      FixedWidthBuilder<int32_t> builder(type);
      builder.Append(Load<int32_t>(value));
      return builder.Finish();
    }
    case TypeId::kInt64:
    case TypeId::kTimestamp: {
      FixedWidthBuilder<int64_t> builder(type);
      builder.Append(Load<int64_t>(value));
      return builder.Finish();
    }
    case TypeId::kFloat32: {
      FixedWidthBuilder<float> builder(type);
      builder.Append(Load<float>(value));
      return builder.Finish();
    }
    case TypeId::kFloat64: {
      FixedWidthBuilder<double> builder(type);
      builder.Append(Load<double>(value));
      return builder.Finish();
    }
    case TypeId::kDecimal: {
      FixedWidthBuilder<__int128> builder(type);
      switch (leaf.physical_type) {
        case PhysicalType::kInt32:
          builder.Append(Load<int32_t>(value));
          break;
        case PhysicalType::kInt64:
          builder.Append(Load<int64_t>(value));
          break;
        default:
          builder.Append(BigEndianToInt128(value));
          break;
      }
      return builder.Finish();
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      StringBuilder builder(type);
      builder.Append(value);
      return builder.Finish();
    }
    case TypeId::kNull:
    case TypeId::kList:
    case TypeId::kStruct:
      break;
  }
  throw Internal("StatisticValueColumn: type " + type.ToString());
}

}  // namespace berserkr::parquet
