#include "berserkr/expr/scalar.h"

#include <charconv>

#include "berserkr/common/error.h"
#include "berserkr/types/column_builder.h"
#include "berserkr/types/temporal.h"

namespace berserkr {

Scalar Scalar::Null(DataType type) {
  Scalar scalar;
  scalar.type_ = std::move(type);
  return scalar;
}

Scalar Scalar::Bool(bool value) {
  Scalar scalar;
  scalar.type_ = DataType::Bool();
  scalar.is_null_ = false;
  scalar.integer_ = value ? 1 : 0;
  return scalar;
}

Scalar Scalar::Int(int64_t value, DataType type) {
  Scalar scalar;
  scalar.type_ = std::move(type);
  scalar.is_null_ = false;
  scalar.integer_ = value;
  return scalar;
}

Scalar Scalar::Float64(double value) {
  Scalar scalar;
  scalar.type_ = DataType::Float64();
  scalar.is_null_ = false;
  scalar.double_ = value;
  return scalar;
}

Scalar Scalar::Decimal(__int128 unscaled, int precision, int scale) {
  Scalar scalar;
  scalar.type_ = DataType::Decimal(precision, scale);
  scalar.is_null_ = false;
  scalar.decimal_ = unscaled;
  return scalar;
}

Scalar Scalar::String(std::string value) {
  Scalar scalar;
  scalar.type_ = DataType::String();
  scalar.is_null_ = false;
  scalar.string_ = std::move(value);
  return scalar;
}

Scalar Scalar::Date(int32_t days) {
  Scalar scalar = Int(days, DataType::Date());
  return scalar;
}

Scalar Scalar::Timestamp(int64_t micros) { return Int(micros, DataType::Timestamp()); }

Scalar Scalar::FromColumn(const Column& column, int64_t row) {
  Scalar scalar = Null(column.type());
  if (column.IsNull(row) || column.type().id() == TypeId::kNull) return scalar;
  scalar.is_null_ = false;
  switch (column.type().id()) {
    case TypeId::kBool:
      scalar.integer_ = column.GetBool(row) ? 1 : 0;
      break;
    case TypeId::kInt8:
      scalar.integer_ = column.ValuesAs<int8_t>()[row];
      break;
    case TypeId::kInt16:
      scalar.integer_ = column.ValuesAs<int16_t>()[row];
      break;
    case TypeId::kInt32:
    case TypeId::kDate:
      scalar.integer_ = column.ValuesAs<int32_t>()[row];
      break;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      scalar.integer_ = column.ValuesAs<int64_t>()[row];
      break;
    case TypeId::kFloat32:
      // Floats widen to double: the scalar keeps FLOAT as its type, so ToColumn narrows back.
      scalar.double_ = column.ValuesAs<float>()[row];
      break;
    case TypeId::kFloat64:
      scalar.double_ = column.ValuesAs<double>()[row];
      break;
    case TypeId::kDecimal:
      scalar.decimal_ = column.ValuesAs<__int128>()[row];
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      scalar.string_ = std::string(column.GetString(row));
      break;
    default:
      throw NotImplemented("a scalar of type " + column.type().ToString() + " is not supported");
  }
  return scalar;
}

namespace {

template <typename T>
ColumnPtr Repeat(const DataType& type, T value, int64_t length) {
  FixedWidthBuilder<T> builder(type);
  builder.Reserve(length);
  for (int64_t row = 0; row < length; ++row) builder.Append(value);
  return builder.Finish();
}

}  // namespace

ColumnPtr Scalar::ToColumn(int64_t length) const {
  if (is_null_) return Column::MakeNull(type_, length);
  switch (type_.id()) {
    case TypeId::kBool: {
      BoolBuilder builder;
      for (int64_t row = 0; row < length; ++row) builder.Append(integer_ != 0);
      return builder.Finish();
    }
    case TypeId::kInt8:
      return Repeat<int8_t>(type_, static_cast<int8_t>(integer_), length);
    case TypeId::kInt16:
      return Repeat<int16_t>(type_, static_cast<int16_t>(integer_), length);
    case TypeId::kInt32:
    case TypeId::kDate:
      return Repeat<int32_t>(type_, static_cast<int32_t>(integer_), length);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return Repeat<int64_t>(type_, integer_, length);
    case TypeId::kFloat32:
      return Repeat<float>(type_, static_cast<float>(double_), length);
    case TypeId::kFloat64:
      return Repeat<double>(type_, double_, length);
    case TypeId::kDecimal:
      return Repeat<__int128>(type_, decimal_, length);
    case TypeId::kString:
    case TypeId::kBinary: {
      StringBuilder builder(type_);
      builder.Reserve(length, length * static_cast<int64_t>(string_.size()));
      for (int64_t row = 0; row < length; ++row) builder.Append(string_);
      return builder.Finish();
    }
    default:
      throw NotImplemented("a scalar of type " + type_.ToString() + " is not supported");
  }
}

std::string Scalar::ToString() const {
  if (is_null_) return "NULL";
  switch (type_.id()) {
    case TypeId::kString:
    case TypeId::kBinary: {
      std::string quoted = "'";
      for (char character : string_) {
        quoted += character;
        if (character == '\'') quoted += '\'';
      }
      return quoted + "'";
    }
    case TypeId::kDate:
      return "DATE '" + FormatDate(static_cast<int32_t>(integer_)) + "'";
    case TypeId::kTimestamp:
      return "TIMESTAMP '" + FormatTimestamp(integer_) + "'";
    default:
      return ToColumn(1)->FormatValue(0);
  }
}

bool Scalar::operator==(const Scalar& other) const {
  return type_ == other.type_ && is_null_ == other.is_null_ && integer_ == other.integer_ &&
         (double_ == other.double_ || (double_ != double_ && other.double_ != other.double_)) &&
         decimal_ == other.decimal_ && string_ == other.string_;
}

}  // namespace berserkr
