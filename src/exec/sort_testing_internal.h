#pragma once

// Random columns of every type for the Take and sort tests: small value ranges so that ties are
// common, plus the awkward values (NULL, NaN, -0.0, infinities, extremes, unicode, embedded zero
// bytes, empty strings).

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "berserkr/types/column.h"
#include "berserkr/types/column_builder.h"

namespace berserkr::exec_testing {

inline bool RandomNull(std::mt19937_64& rng, double null_fraction) {
  return std::uniform_real_distribution<double>(0, 1)(rng) < null_fraction;
}

template <typename T>
T RandomInteger(std::mt19937_64& rng) {
  switch (rng() % 16) {
    case 0:
      return std::numeric_limits<T>::min();
    case 1:
      return std::numeric_limits<T>::max();
    case 2:
      return static_cast<T>(rng());
    default:
      return static_cast<T>(static_cast<int>(rng() % 41) - 20);
  }
}

template <typename T>
T RandomFloat(std::mt19937_64& rng) {
  static const T kSpecial[] = {
      std::numeric_limits<T>::quiet_NaN(), -std::numeric_limits<T>::quiet_NaN(), T(-0.0), T(0.0),
      std::numeric_limits<T>::infinity(),  -std::numeric_limits<T>::infinity(),  T(1.5),  T(-2.5),
      std::numeric_limits<T>::lowest(),    std::numeric_limits<T>::denorm_min()};
  if (rng() % 3 == 0) return kSpecial[rng() % (sizeof(kSpecial) / sizeof(kSpecial[0]))];
  return static_cast<T>(static_cast<int>(rng() % 21) - 10) / T(4);
}

inline std::string RandomString(std::mt19937_64& rng) {
  static const char* const kPieces[] = {"a", "b",           "é",        "日本", "z",
                                        "",  "(zero byte)", "abcdefgh", "ÿ",    "A"};
  std::string text;
  const int pieces = static_cast<int>(rng() % 6);
  for (int piece = 0; piece < pieces; ++piece) {
    const size_t which = rng() % 10;
    if (which == 6) {
      text.push_back('\0');  // embedded zero byte: "a" < "a\0" bytewise
    } else {
      text += kPieces[which];
    }
  }
  return text;
}

template <typename T, typename Generate>
ColumnPtr RandomFixed(const DataType& type, int64_t length, double null_fraction,
                      std::mt19937_64& rng, Generate generate) {
  FixedWidthBuilder<T> builder(type);
  for (int64_t row = 0; row < length; ++row) {
    if (RandomNull(rng, null_fraction)) {
      builder.AppendNull();
    } else {
      builder.Append(generate());
    }
  }
  return builder.Finish();
}

// A random column of `type` (any type, nested ones included) with about `null_fraction` NULLs.
inline ColumnPtr RandomColumn(const DataType& type, int64_t length, double null_fraction,
                              std::mt19937_64& rng) {
  switch (type.id()) {
    case TypeId::kNull:
      return Column::MakeNull(type, length);
    case TypeId::kBool: {
      BoolBuilder builder;
      for (int64_t row = 0; row < length; ++row) {
        if (RandomNull(rng, null_fraction)) {
          builder.AppendNull();
        } else {
          builder.Append(rng() % 2 == 0);
        }
      }
      return builder.Finish();
    }
    case TypeId::kInt8:
      return RandomFixed<int8_t>(type, length, null_fraction, rng,
                                 [&] { return RandomInteger<int8_t>(rng); });
    case TypeId::kInt16:
      return RandomFixed<int16_t>(type, length, null_fraction, rng,
                                  [&] { return RandomInteger<int16_t>(rng); });
    case TypeId::kInt32:
    case TypeId::kDate:
      return RandomFixed<int32_t>(type, length, null_fraction, rng,
                                  [&] { return RandomInteger<int32_t>(rng); });
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return RandomFixed<int64_t>(type, length, null_fraction, rng,
                                  [&] { return RandomInteger<int64_t>(rng); });
    case TypeId::kFloat32:
      return RandomFixed<float>(type, length, null_fraction, rng,
                                [&] { return RandomFloat<float>(rng); });
    case TypeId::kFloat64:
      return RandomFixed<double>(type, length, null_fraction, rng,
                                 [&] { return RandomFloat<double>(rng); });
    case TypeId::kDecimal:
      return RandomFixed<__int128>(type, length, null_fraction, rng, [&] {
        __int128 value = RandomInteger<int64_t>(rng);
        if (rng() % 4 == 0) {  // past 64 bits, within 128
          value = (value >> 24) * (static_cast<__int128>(1) << 70);
        }
        return value;
      });
    case TypeId::kString:
    case TypeId::kBinary: {
      StringBuilder builder(type);
      for (int64_t row = 0; row < length; ++row) {
        if (RandomNull(rng, null_fraction)) {
          builder.AppendNull();
        } else {
          builder.Append(RandomString(rng));
        }
      }
      return builder.Finish();
    }
    case TypeId::kList: {
      auto offsets = Buffer::Allocate((length + 1) * 4);
      int32_t* offset_values = offsets->mutable_data_as<int32_t>();
      ValidityBuilder validity;
      offset_values[0] = 0;
      for (int64_t row = 0; row < length; ++row) {
        const bool is_null = RandomNull(rng, null_fraction);
        validity.Append(!is_null);
        offset_values[row + 1] =
            offset_values[row] + (is_null ? 0 : static_cast<int32_t>(rng() % 4));
      }
      ColumnPtr items = RandomColumn(type.item_type(), offset_values[length], null_fraction, rng);
      const int64_t null_count = validity.null_count();
      return std::make_shared<Column>(type, length, null_count, validity.Finish(), offsets, nullptr,
                                      std::vector<ColumnPtr>{items});
    }
    case TypeId::kStruct: {
      ValidityBuilder validity;
      for (int64_t row = 0; row < length; ++row) validity.Append(!RandomNull(rng, null_fraction));
      std::vector<ColumnPtr> children;
      for (const Field& field : type.children()) {
        children.push_back(RandomColumn(field.type, length, null_fraction, rng));
      }
      const int64_t null_count = validity.null_count();
      return std::make_shared<Column>(type, length, null_count, validity.Finish(), nullptr, nullptr,
                                      std::move(children));
    }
  }
  return nullptr;
}

// Every type berserkr has, nested ones included.
inline std::vector<DataType> AllTypes() {
  return {DataType::Null(),
          DataType::Bool(),
          DataType::Int8(),
          DataType::Int16(),
          DataType::Int32(),
          DataType::Int64(),
          DataType::Float32(),
          DataType::Float64(),
          DataType::Decimal(38, 2),
          DataType::String(),
          DataType::Binary(),
          DataType::Date(),
          DataType::Timestamp(),
          DataType::List(DataType::String()),
          DataType::List(DataType::List(DataType::Int32())),
          DataType::Struct({{"a", DataType::Int64()},
                            {"b", DataType::List(DataType::String())},
                            {"c", DataType::Struct({{"d", DataType::Bool()}})}})};
}

}  // namespace berserkr::exec_testing
