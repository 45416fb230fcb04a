#pragma once

// Shared machinery of the grouped aggregators: dispatch from a DataType to its physical C++ type
// (once per aggregator, so loops inside are typed and tight), value readers, a total order with
// NaN largest (as DuckDB sorts), and turning per-group arrays into columns.

#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/common/memory_pool.h"
#include "berserkr/exec/grouped_aggregator.h"
#include "berserkr/types/column_builder.h"
#include "exec/column_output_internal.h"

namespace berserkr::exec_internal {

template <typename T>
struct TypeTag {
  using Type = T;
};

// Calls visitor(TypeTag<T>{}) with T the physical type of `type`: bool, int8_t..int64_t, float,
// double, __int128 (decimal), int32_t (date), int64_t (timestamp) or std::string_view.
template <typename Visitor>
decltype(auto) VisitPhysicalType(const DataType& type, Visitor&& visitor) {
  switch (type.id()) {
    case TypeId::kBool:
      return visitor(TypeTag<bool>{});
    case TypeId::kInt8:
      return visitor(TypeTag<int8_t>{});
    case TypeId::kInt16:
      return visitor(TypeTag<int16_t>{});
    case TypeId::kInt32:
    case TypeId::kDate:
      return visitor(TypeTag<int32_t>{});
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return visitor(TypeTag<int64_t>{});
    case TypeId::kFloat32:
      return visitor(TypeTag<float>{});
    case TypeId::kFloat64:
      return visitor(TypeTag<double>{});
    case TypeId::kDecimal:
      return visitor(TypeTag<__int128>{});
    case TypeId::kString:
    case TypeId::kBinary:
      return visitor(TypeTag<std::string_view>{});
    default:
      throw NotImplemented("aggregates over " + type.ToString() + " values are not supported yet");
  }
}

// How a group keeps a value of physical type T: strings own their bytes, and bools are bytes so
// that no std::vector<bool> (which has no data()) appears.
template <typename T>
using StorageType = std::conditional_t<std::is_same_v<T, std::string_view>, std::string,
                                       std::conditional_t<std::is_same_v<T, bool>, uint8_t, T>>;

template <typename T>
struct ValueReader {
  explicit ValueReader(const Column& column) : values(column.ValuesAs<T>()) {}
  T operator[](int64_t row) const { return values[row]; }
  const T* values;
};
template <>
struct ValueReader<bool> {
  explicit ValueReader(const Column& column) : column(&column) {}
  bool operator[](int64_t row) const { return column->GetBool(row); }
  const Column* column;
};
template <>
struct ValueReader<std::string_view> {
  explicit ValueReader(const Column& column) : column(&column) {}
  std::string_view operator[](int64_t row) const { return column->GetString(row); }
  const Column* column;
};

// Calls body(row, value) for each non-NULL row among the first num_rows.
template <typename T, typename Body>
void ForEachValid(const Column& column, int64_t num_rows, Body&& body) {
  const ValueReader<T> reader(column);
  if (column.null_count() == 0) {
    for (int64_t row = 0; row < num_rows; ++row) body(row, reader[row]);
  } else {
    for (int64_t row = 0; row < num_rows; ++row) {
      if (column.IsValid(row)) body(row, reader[row]);
    }
  }
}

// A strict weak order over values in which NaN is the largest float and equals itself (DuckDB's
// ordering), so -0.0 and 0.0 are equivalent too.
template <typename T>
bool ValueLess(const T& left, const T& right) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(right)) return !std::isnan(left);
    return left < right;
  } else {
    return left < right;
  }
}
template <typename T>
bool ValueEqual(const T& left, const T& right) {
  return !ValueLess(left, right) && !ValueLess(right, left);
}

// A numeric value as a double, decimals scaled by 10^-scale.
template <typename T>
double ToDouble(T value, double decimal_divisor) {
  if constexpr (std::is_same_v<T, __int128>) {
    return static_cast<double>(value) / decimal_divisor;
  } else {
    return static_cast<double>(value);
  }
}
inline double DecimalDivisor(const DataType& type) {
  return type.id() == TypeId::kDecimal ? std::pow(10.0, type.scale()) : 1.0;
}

// A column of `type` from one stored value and one valid byte per group.
template <typename T>
ColumnPtr MakeResultColumn(const DataType& type, std::span<const StorageType<T>> values,
                           std::span<const uint8_t> valid) {
  const int64_t length = static_cast<int64_t>(values.size());
  if constexpr (std::is_same_v<T, std::string_view>) {
    StringBuilder builder(type);
    for (int64_t group = 0; group < length; ++group) {
      valid[group] ? builder.Append(values[group]) : builder.AppendNull();
    }
    return builder.Finish();
  } else if constexpr (std::is_same_v<T, bool>) {
    return MakeBoolColumn(values.data(), length, valid.data());
  } else {
    return MakeFixedColumn<T>(type, values.data(), length, valid.data());
  }
}

// Appends rows of a column of `type` to a builder-like sink; used to build list children.
template <typename T>
class ResultBuilder {
 public:
  explicit ResultBuilder(DataType type) : type_(std::move(type)) {}
  void Append(const StorageType<T>& value) {
    values_.push_back(value);
    valid_.push_back(1);
  }
  void AppendNull() {
    values_.push_back(StorageType<T>{});
    valid_.push_back(0);
  }
  int64_t length() const { return static_cast<int64_t>(values_.size()); }
  ColumnPtr Finish() const { return MakeResultColumn<T>(type_, values_, valid_); }

 private:
  DataType type_;
  std::vector<StorageType<T>> values_;
  std::vector<uint8_t> valid_;
};

// A LIST column from int32 offsets (length + 1 entries), the child column and per-row validity.
ColumnPtr MakeListColumn(const DataType& item_type, const std::vector<int32_t>& offsets,
                         ColumnPtr child, const std::vector<uint8_t>& valid);

// Throws InvalidInput unless `arguments` has `expected` entries.
void CheckArgumentCount(const std::string& name, const std::vector<DataType>& arguments,
                        size_t expected);

enum class CountKind { kNonNull, kStar };
enum class SelectKind { kMin, kMax, kFirst, kLast };
enum class MomentKind { kVarianceSample, kVariancePopulation, kStddevSample, kStddevPopulation };
enum class CoMomentKind { kCovarianceSample, kCovariancePopulation, kCorrelation };
enum class HolisticKind {
  kQuantileContinuous,
  kQuantileDiscrete,
  kMode,
  kTopK,
  kCountDistinct,
  kStringAgg,
  kList
};

std::unique_ptr<GroupedAggregator> MakeCountAggregator(CountKind kind);
std::unique_ptr<GroupedAggregator> MakeSumAggregator(const DataType& type);
std::unique_ptr<GroupedAggregator> MakeAverageAggregator(const DataType& type);
std::unique_ptr<GroupedAggregator> MakeSelectAggregator(SelectKind kind, const DataType& type);
std::unique_ptr<GroupedAggregator> MakeMomentAggregator(MomentKind kind, const DataType& type);
std::unique_ptr<GroupedAggregator> MakeCoMomentAggregator(CoMomentKind kind, const DataType& y_type,
                                                          const DataType& x_type);
// top_k with one kept slot per group and rank, for fixed-width types and k <= kMaxSmallTopK;
// nullptr otherwise (the collecting aggregate handles those).
inline constexpr int64_t kMaxSmallTopK = 64;
std::unique_ptr<GroupedAggregator> MakeSmallTopKAggregator(const DataType& type, int64_t k);

std::unique_ptr<GroupedAggregator> MakeHolisticAggregator(HolisticKind kind, const DataType& type,
                                                          const AggregateOptions& options);
std::unique_ptr<GroupedAggregator> MakeArgExtremeAggregator(bool is_max, const DataType& arg_type,
                                                            const DataType& compare_type);

}  // namespace berserkr::exec_internal
