#pragma once

#include <cstdint>
#include <string>

#include "berserkr/types/column.h"
#include "berserkr/types/data_type.h"

namespace berserkr {

// One typed value or NULL. Used for literals and constant folding, never per cell: kernels work on
// whole columns. Integers of every width, dates and timestamps share one int64 slot; decimals keep
// their unscaled 128-bit value with the scale in the type.
class Scalar {
 public:
  Scalar() = default;  // the untyped NULL

  // A NULL of `type`.
  static Scalar Null(DataType type);
  static Scalar Bool(bool value);
  // REQUIRES: `type` is an integer type and `value` fits it.
  static Scalar Int(int64_t value, DataType type = DataType::Int64());
  static Scalar Float64(double value);
  // `unscaled` is the value times 10^scale.
  static Scalar Decimal(__int128 unscaled, int precision, int scale);
  static Scalar String(std::string value);
  static Scalar Date(int32_t days);
  static Scalar Timestamp(int64_t micros);
  // The value at `row` of `column`. REQUIRES: 0 <= row < column.length(); not a nested type.
  static Scalar FromColumn(const Column& column, int64_t row);

  const DataType& type() const { return type_; }
  bool is_null() const { return is_null_; }
  // REQUIRES: !is_null() and the matching type family.
  bool bool_value() const { return integer_ != 0; }
  int64_t int_value() const { return integer_; }  // integers, dates (days), timestamps (micros)
  double double_value() const { return double_; }
  __int128 decimal_value() const { return decimal_; }
  const std::string& string_value() const { return string_; }

  // A column of `length` copies of this value.
  ColumnPtr ToColumn(int64_t length) const;
  // SQL literal text: 42, 2.5, 'it''s', DATE '2024-01-31', NULL.
  std::string ToString() const;
  bool operator==(const Scalar& other) const;

 private:
  DataType type_;
  bool is_null_ = true;
  int64_t integer_ = 0;
  double double_ = 0;
  __int128 decimal_ = 0;
  std::string string_;
};

}  // namespace berserkr
