#pragma once

// Building blocks for vectorized kernels: typed readers and writers and row loops that the
// compiler instantiates once per type combination (no per-value virtual calls, no variants).

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/types/column.h"
#include "berserkr/types/column_builder.h"

namespace berserkr::expr {

using int128 = __int128;

// Reads the values of one column by row; the physical C++ type picks the specialization.
template <typename T>
struct ValueReader {
  explicit ValueReader(const Column& column) : column(&column), values(column.ValuesAs<T>()) {}
  T operator()(int64_t row) const { return values[row]; }
  bool valid(int64_t row) const { return column->IsValid(row); }
  const Column* column;
  const T* values;
};
template <>
struct ValueReader<bool> {
  explicit ValueReader(const Column& column) : column(&column) {}
  bool operator()(int64_t row) const { return column->GetBool(row); }
  bool valid(int64_t row) const { return column->IsValid(row); }
  const Column* column;
};
template <>
struct ValueReader<std::string_view> {
  explicit ValueReader(const Column& column) : column(&column) {}
  std::string_view operator()(int64_t row) const { return column->GetString(row); }
  bool valid(int64_t row) const { return column->IsValid(row); }
  const Column* column;
};

// Collects output values row by row. Fixed-width values go straight into a preallocated buffer.
template <typename T>
class ValueWriter {
 public:
  ValueWriter(const DataType& type, int64_t num_rows)
      : type_(type), values_(Buffer::Allocate(num_rows * static_cast<int64_t>(sizeof(T)))) {}
  void Append(T value) {
    values_->mutable_data_as<T>()[validity_.length()] = value;
    validity_.AppendValid();
  }
  void AppendNull() {
    values_->mutable_data_as<T>()[validity_.length()] = T{};
    validity_.AppendNull();
  }
  ColumnPtr Finish() {
    const int64_t length = validity_.length();
    const int64_t null_count = validity_.null_count();
    return std::make_shared<Column>(type_, length, null_count, validity_.Finish(),
                                    std::move(values_));
  }

 private:
  DataType type_;
  std::shared_ptr<Buffer> values_;
  ValidityBuilder validity_;
};
template <>
class ValueWriter<bool> {
 public:
  ValueWriter(const DataType&, int64_t) {}
  void Append(bool value) { builder_.Append(value); }
  void AppendNull() { builder_.AppendNull(); }
  ColumnPtr Finish() { return builder_.Finish(); }

 private:
  BoolBuilder builder_;
};
template <>
class ValueWriter<std::string> {
 public:
  ValueWriter(const DataType& type, int64_t) : builder_(type) {}
  void Append(std::string_view value) { builder_.Append(value); }
  void AppendNull() { builder_.AppendNull(); }
  ColumnPtr Finish() { return builder_.Finish(); }

 private:
  StringBuilder builder_;
};

// The writer for values read as T (strings are read as views and written as copies).
template <typename T>
using WriterFor =
    ValueWriter<std::conditional_t<std::is_same_v<T, std::string_view>, std::string, T>>;

// Calls `function(std::type_identity<T>{})` with the physical C++ type of `id`: bool, int8_t ...
// int64_t, float, double, int128 (decimal), std::string_view (string, binary), int32_t (date),
// int64_t (timestamp). Throws NotImplemented for null and nested types.
template <typename Function>
decltype(auto) VisitPhysicalType(TypeId id, Function&& function) {
  switch (id) {
    case TypeId::kBool:
      return function(std::type_identity<bool>{});
    case TypeId::kInt8:
      return function(std::type_identity<int8_t>{});
    case TypeId::kInt16:
      return function(std::type_identity<int16_t>{});
    case TypeId::kInt32:
    case TypeId::kDate:
      return function(std::type_identity<int32_t>{});
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return function(std::type_identity<int64_t>{});
    case TypeId::kFloat32:
      return function(std::type_identity<float>{});
    case TypeId::kFloat64:
      return function(std::type_identity<double>{});
    case TypeId::kDecimal:
      return function(std::type_identity<int128>{});
    case TypeId::kString:
    case TypeId::kBinary:
      return function(std::type_identity<std::string_view>{});
    default:
      throw NotImplemented("expressions do not support values of this type yet");
  }
}

// The row loop shared by scalar functions. `operation(inputs..., Out& out) -> bool` computes one
// row; returning false makes that row NULL. A NULL input gives a NULL output without calling it.
template <typename Out, typename... In, typename Operation, size_t... Index>
ColumnPtr MapRowsImpl(const DataType& out_type, int64_t num_rows,
                      const std::vector<ColumnPtr>& arguments, Operation&& operation,
                      std::index_sequence<Index...>) {
  std::tuple<ValueReader<In>...> readers{ValueReader<In>(*arguments[Index])...};
  ValueWriter<Out> writer(out_type, num_rows);
  Out value{};
  for (int64_t row = 0; row < num_rows; ++row) {
    if (!(std::get<Index>(readers).valid(row) && ...)) {
      writer.AppendNull();
      continue;
    }
    if constexpr (std::is_same_v<Out, std::string>) value.clear();
    if (operation(std::get<Index>(readers)(row)..., value)) {
      writer.Append(value);
    } else {
      writer.AppendNull();
    }
  }
  return writer.Finish();
}

template <typename Out, typename... In, typename Operation>
ColumnPtr MapRows(const DataType& out_type, int64_t num_rows,
                  const std::vector<ColumnPtr>& arguments, Operation&& operation) {
  return MapRowsImpl<Out, In...>(out_type, num_rows, arguments, std::forward<Operation>(operation),
                                 std::index_sequence_for<In...>{});
}

// DuckDB's order of values: for FLOAT / DOUBLE, NaN is above every other value (also +inf) and
// equal to itself, and -0.0 = 0.0; other types use their plain operators.
template <typename T>
bool TotalEqual(T left, T right) {
  if constexpr (std::is_floating_point_v<T>) {
    return left == right || (left != left && right != right);
  } else {
    return left == right;
  }
}
template <typename T>
bool TotalLess(T left, T right) {
  if constexpr (std::is_floating_point_v<T>) {
    return left < right || (right != right && left == left);
  } else {
    return left < right;
  }
}

// Whether any value slot of a FLOAT / DOUBLE column is NaN (NULL slots included: a false
// positive only costs the slower NaN-aware loop).
template <typename T>
bool HasNaN(const Column& column) {
  const T* values = column.ValuesAs<T>();
  bool found = false;
  for (int64_t row = 0; row < column.length(); ++row) found |= values[row] != values[row];
  return found;
}

// 10^exponent for 0 <= exponent <= 38.
int128 PowerOfTen(int exponent);

}  // namespace berserkr::expr
