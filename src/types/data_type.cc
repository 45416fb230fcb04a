#include "berserkr/types/data_type.h"

#include <algorithm>
#include <cctype>

#include "berserkr/common/error.h"

namespace berserkr {

struct DataType::Detail {
  std::string timezone;
  std::vector<Field> children;
};

namespace {
const std::string kEmptyString;
const std::vector<Field> kNoChildren;
}  // namespace

DataType DataType::Decimal(int precision, int scale) {
  if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
    throw InvalidInput("invalid DECIMAL(" + std::to_string(precision) + "," +
                       std::to_string(scale) + "): precision must be 1..38 and scale 0..precision");
  }
  DataType type(TypeId::kDecimal);
  type.precision_ = static_cast<int8_t>(precision);
  type.scale_ = static_cast<int8_t>(scale);
  return type;
}

DataType DataType::Timestamp(std::string timezone) {
  DataType type(TypeId::kTimestamp);
  if (!timezone.empty()) {
    type.detail_ = std::make_shared<const Detail>(Detail{std::move(timezone), {}});
  }
  return type;
}

DataType DataType::List(DataType item) {
  DataType type(TypeId::kList);
  type.detail_ = std::make_shared<const Detail>(Detail{"", {Field{"item", std::move(item), true}}});
  return type;
}

DataType DataType::Struct(std::vector<Field> fields) {
  DataType type(TypeId::kStruct);
  type.detail_ = std::make_shared<const Detail>(Detail{"", std::move(fields)});
  return type;
}

const std::string& DataType::timezone() const { return detail_ ? detail_->timezone : kEmptyString; }

const std::vector<Field>& DataType::children() const {
  return detail_ ? detail_->children : kNoChildren;
}

const DataType& DataType::item_type() const {
  if (id_ != TypeId::kList) throw Internal("item_type() on " + ToString());
  return detail_->children[0].type;
}

int DataType::byte_width() const {
  switch (id_) {
    case TypeId::kBool:
      return 0;
    case TypeId::kInt8:
      return 1;
    case TypeId::kInt16:
      return 2;
    case TypeId::kInt32:
    case TypeId::kFloat32:
    case TypeId::kDate:
      return 4;
    case TypeId::kInt64:
    case TypeId::kFloat64:
    case TypeId::kTimestamp:
      return 8;
    case TypeId::kDecimal:
      return 16;
    default:
      return -1;
  }
}

std::string DataType::ToString() const {
  switch (id_) {
    case TypeId::kNull:
      return "NULL";
    case TypeId::kBool:
      return "BOOLEAN";
    case TypeId::kInt8:
      return "TINYINT";
    case TypeId::kInt16:
      return "SMALLINT";
    case TypeId::kInt32:
      return "INTEGER";
    case TypeId::kInt64:
      return "BIGINT";
    case TypeId::kFloat32:
      return "FLOAT";
    case TypeId::kFloat64:
      return "DOUBLE";
    case TypeId::kDecimal:
      return "DECIMAL(" + std::to_string(precision_) + "," + std::to_string(scale_) + ")";
    case TypeId::kString:
      return "VARCHAR";
    case TypeId::kBinary:
      return "BLOB";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTimestamp:
      return timezone().empty() ? "TIMESTAMP" : "TIMESTAMP WITH TIME ZONE ('" + timezone() + "')";
    case TypeId::kList:
      return "LIST<" + item_type().ToString() + ">";
    case TypeId::kStruct: {
      std::string text = "STRUCT<";
      for (size_t index = 0; index < children().size(); ++index) {
        if (index > 0) text += ", ";
        text += children()[index].name + ": " + children()[index].type.ToString();
      }
      return text + ">";
    }
  }
  return "?";
}

bool DataType::operator==(const DataType& other) const {
  if (id_ != other.id_ || precision_ != other.precision_ || scale_ != other.scale_) return false;
  if (detail_ == other.detail_) return true;
  return timezone() == other.timezone() && children() == other.children();
}

DataType ParseDataType(const std::string& text) {
  std::string name;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (name == "bool" || name == "boolean") return DataType::Bool();
  if (name == "tinyint" || name == "int8") return DataType::Int8();
  if (name == "smallint" || name == "int16") return DataType::Int16();
  if (name == "int" || name == "integer" || name == "int32") return DataType::Int32();
  if (name == "bigint" || name == "long" || name == "int64") return DataType::Int64();
  if (name == "float" || name == "real" || name == "float32") return DataType::Float32();
  if (name == "double" || name == "float64") return DataType::Float64();
  if (name == "varchar" || name == "string" || name == "text" || name == "utf8") {
    return DataType::String();
  }
  if (name == "blob" || name == "binary" || name == "bytes") return DataType::Binary();
  if (name == "date") return DataType::Date();
  if (name == "timestamp" || name == "datetime") return DataType::Timestamp();
  if (name == "timestamptz" || name == "timestampwithtimezone") return DataType::Timestamp("UTC");
  int precision = 0;
  int scale = 0;
  if (std::sscanf(name.c_str(), "decimal(%d,%d)", &precision, &scale) == 2 ||
      std::sscanf(name.c_str(), "numeric(%d,%d)", &precision, &scale) == 2) {
    return DataType::Decimal(precision, scale);
  }
  throw InvalidInput("unknown type '" + text +
                     "': use one of boolean, tinyint, smallint, integer, bigint, float, double, "
                     "decimal(p,s), varchar, blob, date, timestamp, timestamptz");
}

}  // namespace berserkr
