// Delta's JSON schema (PROTOCOL.md "Schema Serialization Format") to berserkr types and back.

#include <simdjson.h>

#include <string>

#include "berserkr/common/error.h"
#include "berserkr/formats/json_writer.h"
#include "berserkr/lake/delta_log.h"

namespace berserkr {
namespace {

void AppendDeltaType(std::string& out, const DataType& type, const std::string& column) {
  switch (type.id()) {
    case TypeId::kBool:
      out += "\"boolean\"";
      return;
    case TypeId::kInt8:
      out += "\"byte\"";
      return;
    case TypeId::kInt16:
      out += "\"short\"";
      return;
    case TypeId::kInt32:
      out += "\"integer\"";
      return;
    case TypeId::kInt64:
      out += "\"long\"";
      return;
    case TypeId::kFloat32:
      out += "\"float\"";
      return;
    case TypeId::kFloat64:
      out += "\"double\"";
      return;
    case TypeId::kString:
      out += "\"string\"";
      return;
    case TypeId::kBinary:
      out += "\"binary\"";
      return;
    case TypeId::kDate:
      out += "\"date\"";
      return;
    // Delta's `timestamp` is an instant; `timestamp_ntz` would need the timestampNtz table
    // feature (reader version 3), so naive timestamps are stored as instants in UTC.
    case TypeId::kTimestamp:
      out += "\"timestamp\"";
      return;
    case TypeId::kDecimal:
      out += "\"decimal(" + std::to_string(type.precision()) + "," + std::to_string(type.scale()) +
             ")\"";
      return;
    case TypeId::kList:
      out += "{\"type\":\"array\",\"elementType\":";
      AppendDeltaType(out, type.item_type(), column);
      out += ",\"containsNull\":true}";
      return;
    case TypeId::kStruct: {
      out += "{\"type\":\"struct\",\"fields\":[";
      bool first = true;
      for (const Field& field : type.children()) {
        if (!first) out += ',';
        first = false;
        out += "{\"name\":";
        AppendJsonString(out, field.name);
        out += ",\"type\":";
        AppendDeltaType(out, field.type, column.empty() ? field.name : column + "." + field.name);
        out += field.nullable ? ",\"nullable\":true" : ",\"nullable\":false";
        out += ",\"metadata\":{}}";
      }
      out += "]}";
      return;
    }
    case TypeId::kNull:
      break;
  }
  throw NotImplemented("Delta table column \"" + column + "\": type " + type.ToString() +
                       " has no Delta type (cast it first)");
}

DataType ParseType(simdjson::dom::element type, const std::string& column);

std::vector<Field> ParseFields(simdjson::dom::element fields, const std::string& prefix) {
  simdjson::dom::array array;
  if (fields.get(array) != simdjson::SUCCESS) {
    throw InvalidInput("Delta schema: \"fields\" is not an array");
  }
  std::vector<Field> result;
  for (simdjson::dom::element field : array) {
    std::string_view name;
    if (field["name"].get(name) != simdjson::SUCCESS) {
      throw InvalidInput("Delta schema: a field without a name");
    }
    const std::string column =
        prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
    simdjson::dom::element type;
    if (field["type"].get(type) != simdjson::SUCCESS) {
      throw InvalidInput("Delta schema: field \"" + column + "\" has no type");
    }
    bool nullable = true;
    if (field["nullable"].get(nullable) != simdjson::SUCCESS) nullable = true;
    result.push_back(Field{std::string(name), ParseType(type, column), nullable});
  }
  return result;
}

DataType ParseType(simdjson::dom::element type, const std::string& column) {
  std::string_view name;
  if (type.get(name) == simdjson::SUCCESS) {
    if (name == "boolean") return DataType::Bool();
    if (name == "byte") return DataType::Int8();
    if (name == "short") return DataType::Int16();
    if (name == "integer") return DataType::Int32();
    if (name == "long") return DataType::Int64();
    if (name == "float") return DataType::Float32();
    if (name == "double") return DataType::Float64();
    if (name == "string") return DataType::String();
    if (name == "binary") return DataType::Binary();
    if (name == "date") return DataType::Date();
    if (name == "timestamp") return DataType::Timestamp("UTC");
    if (name.starts_with("decimal(")) {
      int precision = 0;
      int scale = 0;
      if (std::sscanf(std::string(name).c_str(), "decimal(%d,%d)", &precision, &scale) == 2) {
        return DataType::Decimal(precision, scale);
      }
    }
    throw NotImplemented("Delta table column \"" + column + "\": not supported: type " +
                         std::string(name));
  }
  std::string_view kind;
  if (type["type"].get(kind) != simdjson::SUCCESS) {
    throw InvalidInput("Delta schema: column \"" + column + "\" has a malformed type");
  }
  if (kind == "struct") return DataType::Struct(ParseFields(type["fields"].value(), column));
  if (kind == "array") {
    simdjson::dom::element element;
    if (type["elementType"].get(element) != simdjson::SUCCESS) {
      throw InvalidInput("Delta schema: array column \"" + column + "\" has no elementType");
    }
    return DataType::List(ParseType(element, column));
  }
  if (kind == "map") {
    // Maps read as Parquet maps do: list<struct<key, value>>.
    simdjson::dom::element key;
    simdjson::dom::element value;
    if (type["keyType"].get(key) != simdjson::SUCCESS ||
        type["valueType"].get(value) != simdjson::SUCCESS) {
      throw InvalidInput("Delta schema: map column \"" + column + "\" has no keyType/valueType");
    }
    return DataType::List(DataType::Struct(
        {Field{"key", ParseType(key, column), false}, Field{"value", ParseType(value, column)}}));
  }
  throw NotImplemented("Delta table column \"" + column + "\": not supported: type " +
                       std::string(kind));
}

}  // namespace

std::string DeltaSchemaString(const Schema& schema) {
  std::string out;
  AppendDeltaType(out, DataType::Struct(schema.fields()), "");
  return out;
}

Schema ParseDeltaSchema(const std::string& schema_string) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(schema_string).get(root) != simdjson::SUCCESS) {
    throw InvalidInput("Delta schema: not valid JSON: " + schema_string.substr(0, 200));
  }
  simdjson::dom::element fields;
  if (root["fields"].get(fields) != simdjson::SUCCESS) {
    throw InvalidInput("Delta schema: no \"fields\": " + schema_string.substr(0, 200));
  }
  return Schema(ParseFields(fields, ""));
}

}  // namespace berserkr
