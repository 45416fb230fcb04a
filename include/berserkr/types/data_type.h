#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace berserkr {

// The logical types of berserkr columns; physical layouts follow the Arrow columnar format.
enum class TypeId : uint8_t {
  kNull,  // no values; every row is NULL
  kBool,  // bit-packed
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kDecimal,    // 128-bit two's complement, precision <= 38, scale
  kString,     // UTF-8, int32 offsets + bytes
  kBinary,     // int32 offsets + bytes
  kDate,       // int32 days since 1970-01-01
  kTimestamp,  // int64 microseconds since 1970-01-01 00:00:00 (UTC when a time zone is set)
  kList,       // int32 offsets + one child column
  kStruct,     // one child column per field
};

struct Field;

// A value type: cheap to copy (nested details are shared and immutable).
class DataType {
 public:
  DataType() = default;  // the null type

  static DataType Null() { return DataType(TypeId::kNull); }
  static DataType Bool() { return DataType(TypeId::kBool); }
  static DataType Int8() { return DataType(TypeId::kInt8); }
  static DataType Int16() { return DataType(TypeId::kInt16); }
  static DataType Int32() { return DataType(TypeId::kInt32); }
  static DataType Int64() { return DataType(TypeId::kInt64); }
  static DataType Float32() { return DataType(TypeId::kFloat32); }
  static DataType Float64() { return DataType(TypeId::kFloat64); }
  // REQUIRES: 1 <= precision <= 38 and 0 <= scale <= precision (throws InvalidInput otherwise).
  static DataType Decimal(int precision, int scale);
  static DataType String() { return DataType(TypeId::kString); }
  static DataType Binary() { return DataType(TypeId::kBinary); }
  static DataType Date() { return DataType(TypeId::kDate); }
  // An empty `timezone` is a local (naive) timestamp; "UTC" or an IANA name marks an instant.
  static DataType Timestamp(std::string timezone = "");
  static DataType List(DataType item);
  static DataType Struct(std::vector<Field> fields);

  TypeId id() const { return id_; }
  int precision() const { return precision_; }
  int scale() const { return scale_; }
  const std::string& timezone() const;
  // The fields of a struct, or the single "item" field of a list; empty otherwise.
  const std::vector<Field>& children() const;
  // REQUIRES: id() == kList.
  const DataType& item_type() const;

  bool is_integer() const { return id_ >= TypeId::kInt8 && id_ <= TypeId::kInt64; }
  bool is_floating() const { return id_ == TypeId::kFloat32 || id_ == TypeId::kFloat64; }
  bool is_numeric() const { return is_integer() || is_floating() || id_ == TypeId::kDecimal; }
  bool is_binary_like() const { return id_ == TypeId::kString || id_ == TypeId::kBinary; }
  bool is_nested() const { return id_ == TypeId::kList || id_ == TypeId::kStruct; }
  // Bytes per value for fixed-width types (bool counts as 0: it is bit-packed); -1 otherwise.
  int byte_width() const;

  // SQL-style name: BIGINT, DOUBLE, VARCHAR, DECIMAL(10,2), TIMESTAMP, TIMESTAMP WITH TIME ZONE
  // ('UTC'), LIST<VARCHAR>, STRUCT<a: BIGINT, b: VARCHAR>.
  std::string ToString() const;
  bool operator==(const DataType& other) const;
  bool operator!=(const DataType& other) const { return !(*this == other); }

 private:
  struct Detail;
  explicit DataType(TypeId id) : id_(id) {}

  TypeId id_ = TypeId::kNull;
  int8_t precision_ = 0;
  int8_t scale_ = 0;
  std::shared_ptr<const Detail> detail_;  // time zone or children, when the type has them
};

struct Field {
  std::string name;
  DataType type;
  bool nullable = true;

  bool operator==(const Field& other) const {
    return name == other.name && type == other.type && nullable == other.nullable;
  }
};

// Parses names as printed by ToString and the usual aliases (int, bigint, double, float, text,
// varchar, string, bool, boolean, date, timestamp, timestamptz, decimal(p,s)).
// Throws InvalidInput naming the text and the accepted names.
DataType ParseDataType(const std::string& text);

}  // namespace berserkr
