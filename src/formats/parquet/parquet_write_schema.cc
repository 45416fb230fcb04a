// berserkr types -> Parquet schema elements. The choices (decimal widths, 3-level lists, MAP
// layout, TIMESTAMP(MICROS)) are those of Spark and Arrow, so every reader knows them.

#include <algorithm>

#include "berserkr/common/error.h"
#include "formats/parquet/parquet_write_schema_internal.h"

namespace berserkr::parquet {
namespace {

// The fewest bytes of a two's complement integer that hold every `precision`-digit decimal.
int32_t DecimalByteWidth(int precision) {
  for (int32_t bytes = 1; bytes <= 16; ++bytes) {
    // The largest positive value in `bytes` bytes is 2^(8 * bytes - 1) - 1; it must reach
    // 10^precision - 1, i.e. 8 * bytes - 1 >= log2(10) * precision.
    const double bits = 8.0 * bytes - 1;
    if (bits >= 3.3219280948873623 * precision) return bytes;
  }
  return 16;
}

LogicalType MakeLogical(LogicalType::Kind kind) {
  LogicalType logical;
  logical.kind = kind;
  return logical;
}

class SchemaBuilder {
 public:
  // `map_paths`: dotted paths of list<struct<key, value>> columns inside structs to write as MAP
  // ("add.partitionValues" in a Delta checkpoint).
  explicit SchemaBuilder(std::vector<std::string> map_paths = {})
      : map_paths_(std::move(map_paths)) {}

  WriteNode AddField(const std::string& column_name, const std::string& name, const DataType& type,
                     bool is_map, bool required, std::vector<std::string> path,
                     int16_t parent_definition, int16_t parent_repetition) {
    path.push_back(name);
    WriteNode node;
    node.column_name = column_name;
    node.required = required;
    node.definition_level = static_cast<int16_t>(parent_definition + (required ? 0 : 1));
    node.first_leaf = static_cast<int>(schema_.leaves.size());
    SchemaElement element;
    element.name = name;
    element.repetition_type = required ? Repetition::kRequired : Repetition::kOptional;
    switch (type.id()) {
      case TypeId::kStruct: {
        if (type.children().empty()) {
          throw NotImplemented("column " + column_name +
                               ": not supported: a struct without fields (Parquet has no empty "
                               "groups)");
        }
        node.kind = WriteNode::Kind::kStruct;
        element.num_children = static_cast<int32_t>(type.children().size());
        schema_.elements.push_back(element);
        std::string dotted;
        for (const std::string& part : path) dotted += part + ".";
        for (const Field& field : type.children()) {
          const bool child_is_map = std::find(map_paths_.begin(), map_paths_.end(),
                                              dotted + field.name) != map_paths_.end();
          if (child_is_map && field.type.id() != TypeId::kList) {
            throw InvalidInput("map column " + dotted + field.name +
                               ": expected list<struct<key, value>>, found " +
                               field.type.ToString());
          }
          node.children.push_back(AddField(column_name, field.name, field.type, child_is_map, false,
                                           path, node.definition_level, parent_repetition));
        }
        break;
      }
      case TypeId::kList:
        node.kind = WriteNode::Kind::kList;
        node.repetition_level = static_cast<int16_t>(parent_repetition + 1);
        is_map ? AddMap(node, element, type, path) : AddList(node, element, type, path);
        break;
      default:
        node.kind = WriteNode::Kind::kLeaf;
        node.leaf = static_cast<int>(schema_.leaves.size());
        AddPrimitive(element, type);
        schema_.elements.push_back(element);
        schema_.leaves.push_back(WriteLeaf{path, *element.type, element.type_length.value_or(0),
                                           type, node.definition_level, parent_repetition});
        break;
    }
    node.leaf_count = static_cast<int>(schema_.leaves.size()) - node.first_leaf;
    return node;
  }

  WriteSchema Take() { return std::move(schema_); }
  WriteSchema& schema() { return schema_; }

 private:
  // <optional> group name (LIST) { repeated group list { <optional> element } }
  void AddList(WriteNode& node, SchemaElement element, const DataType& type,
               const std::vector<std::string>& path) {
    element.num_children = 1;
    element.converted_type = ConvertedType::kList;
    element.logical_type = MakeLogical(LogicalType::Kind::kList);
    schema_.elements.push_back(element);
    schema_.elements.push_back(RepeatedGroup("list"));
    std::vector<std::string> list_path = path;
    list_path.push_back("list");
    node.children.push_back(AddField(node.column_name, "element", type.item_type(), false, false,
                                     list_path, static_cast<int16_t>(node.definition_level + 1),
                                     node.repetition_level));
  }

  // <optional> group name (MAP) { repeated group key_value { required key; optional value } }
  void AddMap(WriteNode& node, SchemaElement element, const DataType& type,
              const std::vector<std::string>& path) {
    const DataType& entry = type.item_type();
    if (entry.id() != TypeId::kStruct || entry.children().size() != 2) {
      throw InvalidInput("map column " + node.column_name +
                         ": expected list<struct<key, value>>, "
                         "found " +
                         type.ToString());
    }
    element.num_children = 1;
    element.converted_type = ConvertedType::kMap;
    element.logical_type = MakeLogical(LogicalType::Kind::kMap);
    schema_.elements.push_back(element);
    SchemaElement key_value = RepeatedGroup("key_value");
    key_value.num_children = 2;
    schema_.elements.push_back(key_value);
    std::vector<std::string> entry_path = path;
    entry_path.push_back("key_value");
    // The key_value group is the list's element: REQUIRED (no level of its own).
    WriteNode entry_node;
    entry_node.kind = WriteNode::Kind::kStruct;
    entry_node.column_name = node.column_name;
    entry_node.required = true;
    entry_node.definition_level = static_cast<int16_t>(node.definition_level + 1);
    entry_node.first_leaf = static_cast<int>(schema_.leaves.size());
    const Field& key = entry.children()[0];
    const Field& value = entry.children()[1];
    entry_node.children.push_back(AddField(node.column_name, key.name, key.type, false, true,
                                           entry_path, entry_node.definition_level,
                                           node.repetition_level));
    entry_node.children.push_back(AddField(node.column_name, value.name, value.type, false, false,
                                           entry_path, entry_node.definition_level,
                                           node.repetition_level));
    entry_node.leaf_count = static_cast<int>(schema_.leaves.size()) - entry_node.first_leaf;
    node.children.push_back(std::move(entry_node));
  }

  static SchemaElement RepeatedGroup(const std::string& name) {
    SchemaElement group;
    group.name = name;
    group.repetition_type = Repetition::kRepeated;
    group.num_children = 1;
    return group;
  }

  static void AddPrimitive(SchemaElement& element, const DataType& type) {
    switch (type.id()) {
      case TypeId::kNull:
        element.type = PhysicalType::kInt32;
        element.logical_type = MakeLogical(LogicalType::Kind::kUnknown);
        return;
      case TypeId::kBool:
        element.type = PhysicalType::kBoolean;
        return;
      case TypeId::kInt8:
      case TypeId::kInt16: {
        const bool is_int8 = type.id() == TypeId::kInt8;
        element.type = PhysicalType::kInt32;
        element.converted_type = is_int8 ? ConvertedType::kInt8 : ConvertedType::kInt16;
        LogicalType logical = MakeLogical(LogicalType::Kind::kInteger);
        logical.bit_width = is_int8 ? 8 : 16;
        logical.is_signed = true;
        element.logical_type = logical;
        return;
      }
      case TypeId::kInt32:
        element.type = PhysicalType::kInt32;
        return;
      case TypeId::kInt64:
        element.type = PhysicalType::kInt64;
        return;
      case TypeId::kFloat32:
        element.type = PhysicalType::kFloat;
        return;
      case TypeId::kFloat64:
        element.type = PhysicalType::kDouble;
        return;
      case TypeId::kDecimal: {
        if (type.precision() <= 9) {
          element.type = PhysicalType::kInt32;
        } else if (type.precision() <= 18) {
          element.type = PhysicalType::kInt64;
        } else {
          element.type = PhysicalType::kFixedLenByteArray;
          element.type_length = DecimalByteWidth(type.precision());
        }
        element.converted_type = ConvertedType::kDecimal;
        element.scale = type.scale();
        element.precision = type.precision();
        LogicalType logical = MakeLogical(LogicalType::Kind::kDecimal);
        logical.decimal_precision = type.precision();
        logical.decimal_scale = type.scale();
        element.logical_type = logical;
        return;
      }
      case TypeId::kString:
        element.type = PhysicalType::kByteArray;
        element.converted_type = ConvertedType::kUtf8;
        element.logical_type = MakeLogical(LogicalType::Kind::kString);
        return;
      case TypeId::kBinary:
        element.type = PhysicalType::kByteArray;
        return;
      case TypeId::kDate:
        element.type = PhysicalType::kInt32;
        element.converted_type = ConvertedType::kDate;
        element.logical_type = MakeLogical(LogicalType::Kind::kDate);
        return;
      case TypeId::kTimestamp: {
        element.type = PhysicalType::kInt64;
        LogicalType logical = MakeLogical(LogicalType::Kind::kTimestamp);
        logical.unit = TimeUnit::kMicros;
        logical.is_adjusted_to_utc = !type.timezone().empty();
        element.logical_type = logical;
        // The legacy annotation means UTC-adjusted: only instants may carry it.
        if (logical.is_adjusted_to_utc) element.converted_type = ConvertedType::kTimestampMicros;
        return;
      }
      case TypeId::kList:
      case TypeId::kStruct:
        break;
    }
    throw Internal("AddPrimitive: nested type " + type.ToString());
  }

  WriteSchema schema_;
  std::vector<std::string> map_paths_;
};

}  // namespace

std::string WriteLeaf::DottedPath() const {
  std::string dotted;
  for (const std::string& part : path) {
    if (!dotted.empty()) dotted += '.';
    dotted += part;
  }
  return dotted;
}

WriteSchema BuildWriteSchema(const Schema& schema, const std::vector<std::string>& map_columns) {
  for (const std::string& name : map_columns) {
    // A dotted path names a map inside a struct column; its top-level column must exist.
    if (!schema.FieldIndex(name) && !schema.FieldIndex(name.substr(0, name.find('.')))) {
      throw InvalidInput("map column " + name + " is not a column of the table (" +
                         schema.ToString() + ")");
    }
  }
  SchemaBuilder builder(map_columns);
  SchemaElement root;
  root.name = "schema";
  root.num_children = schema.num_fields();
  builder.schema().elements.push_back(root);
  std::vector<WriteNode> columns;
  for (const Field& field : schema.fields()) {
    const bool is_map =
        std::find(map_columns.begin(), map_columns.end(), field.name) != map_columns.end();
    if (is_map && field.type.id() != TypeId::kList) {
      throw InvalidInput("map column " + field.name +
                         ": expected list<struct<key, value>>, found " + field.type.ToString());
    }
    columns.push_back(
        builder.AddField(field.name, field.name, field.type, is_map, false, {}, 0, 0));
  }
  WriteSchema result = builder.Take();
  result.columns = std::move(columns);
  return result;
}

}  // namespace berserkr::parquet
