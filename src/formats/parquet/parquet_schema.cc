#include "berserkr/common/error.h"
#include "formats/parquet/parquet_schema_internal.h"

namespace berserkr::parquet {

std::string LeafColumn::DottedPath() const {
  std::string dotted;
  for (const std::string& part : path) dotted += (dotted.empty() ? "" : ".") + part;
  return dotted;
}

namespace {

using Kind = LogicalType::Kind;

// A node of the schema tree while it is being read from the flat list.
struct SchemaNode {
  const SchemaElement* element = nullptr;
  std::vector<SchemaNode> children;
  bool is_group() const {
    return !element->type.has_value() || element->num_children.value_or(0) > 0;
  }
  Repetition repetition() const { return element->repetition_type.value_or(Repetition::kOptional); }
};

constexpr int kMaxSchemaDepth = 64;

class SchemaBuilder {
 public:
  SchemaBuilder(const FileMetaData& metadata, const std::string& context)
      : metadata_(metadata), context_(context) {}

  ParquetSchema Build() {
    const std::vector<SchemaElement>& elements = metadata_.schema;
    if (elements.empty()) Corrupt("the schema is empty");
    SchemaNode root;
    root.element = &elements[0];
    int64_t next = 1;
    ReadChildren(root, next, 0);
    if (next != static_cast<int64_t>(elements.size())) {
      Corrupt("the schema lists " + std::to_string(elements.size()) +
              " elements but its tree holds " + std::to_string(next));
    }
    std::vector<Field> fields;
    for (const SchemaNode& child : root.children) {
      const size_t first_leaf = result_.leaves.size();
      std::vector<std::string> path;
      Field field;
      result_.columns.push_back(Convert(child, 0, 0, path, field));
      fields.push_back(std::move(field));
      std::vector<int> leaves;
      for (size_t leaf = first_leaf; leaf < result_.leaves.size(); ++leaf) {
        leaves.push_back(static_cast<int>(leaf));
      }
      result_.column_leaves.push_back(std::move(leaves));
    }
    result_.schema = std::make_shared<Schema>(std::move(fields));
    return std::move(result_);
  }

 private:
  [[noreturn]] void Corrupt(const std::string& reason) const {
    throw InvalidInput(context_ + ": invalid Parquet schema: " + reason);
  }

  void ReadChildren(SchemaNode& node, int64_t& next, int depth) {
    if (depth > kMaxSchemaDepth) Corrupt("nested deeper than " + std::to_string(kMaxSchemaDepth));
    const int32_t count = node.element->num_children.value_or(0);
    const auto& elements = metadata_.schema;
    if (count < 0 || count > static_cast<int64_t>(elements.size()) - next) {
      Corrupt("element '" + node.element->name + "' claims " + std::to_string(count) + " children");
    }
    node.children.resize(static_cast<size_t>(count));
    for (SchemaNode& child : node.children) {
      child.element = &elements[next++];
      if (child.element->num_children.value_or(0) > 0) ReadChildren(child, next, depth + 1);
    }
  }

  static bool IsListAnnotated(const SchemaElement& element) {
    if (element.logical_type && element.logical_type->kind == Kind::kList) return true;
    return element.converted_type == ConvertedType::kList;
  }
  static bool IsMapAnnotated(const SchemaElement& element) {
    if (element.logical_type && element.logical_type->kind == Kind::kMap) return true;
    return element.converted_type == ConvertedType::kMap ||
           element.converted_type == ConvertedType::kMapKeyValue;
  }

  // Converts `node` as a value at definition level `definition` / repetition `repetition` (the
  // levels of its parent), filling `field` with its name and type.
  AssemblyNode Convert(const SchemaNode& node, int16_t definition, int16_t repetition,
                       std::vector<std::string>& path, Field& field) {
    const SchemaElement& element = *node.element;
    path.push_back(element.name);
    field.name = element.name;
    AssemblyNode result;
    if (node.repetition() == Repetition::kRepeated) {
      // A repeated field without a LIST annotation (legacy): a non-null list of its values.
      result = ListOf(node, definition, repetition, path, /*element_is_node=*/true);
      field.nullable = false;
    } else {
      const int16_t own_definition =
          static_cast<int16_t>(definition + (node.repetition() == Repetition::kOptional ? 1 : 0));
      field.nullable = node.repetition() == Repetition::kOptional;
      if (node.is_group() && (IsListAnnotated(element) || IsMapAnnotated(element)) &&
          node.children.size() == 1 && node.children[0].repetition() == Repetition::kRepeated) {
        result = AnnotatedList(node, own_definition, repetition, path);
      } else if (node.is_group()) {
        result = StructOf(node, own_definition, repetition, path);
      } else {
        result = Leaf(node, own_definition, repetition, path);
      }
    }
    field.type = result.type;
    path.pop_back();
    return result;
  }

  AssemblyNode StructOf(const SchemaNode& node, int16_t definition, int16_t repetition,
                        std::vector<std::string>& path) {
    if (node.children.empty()) {
      throw NotImplemented(context_ + ": not supported: empty group '" + node.element->name + "'");
    }
    AssemblyNode result;
    result.kind = AssemblyNode::Kind::kStruct;
    result.definition_level = definition;
    std::vector<Field> fields;
    for (const SchemaNode& child : node.children) {
      Field field;
      result.children.push_back(Convert(child, definition, repetition, path, field));
      fields.push_back(std::move(field));
    }
    result.first_leaf = result.children[0].first_leaf;
    result.type = DataType::Struct(std::move(fields));
    return result;
  }

  // A group annotated LIST or MAP around one repeated field `R`. The list's elements are, by the
  // backward-compatibility rules of the spec: R itself when R is a primitive, a group of several
  // fields, named "array" or "<list>_tuple", or the repeated group of a MAP; otherwise (the
  // standard 3-level list) R's only field.
  AssemblyNode AnnotatedList(const SchemaNode& node, int16_t definition, int16_t repetition,
                             std::vector<std::string>& path) {
    const SchemaNode& repeated = node.children[0];
    const bool element_is_repeated_node = !repeated.is_group() || repeated.children.size() != 1 ||
                                          repeated.element->name == "array" ||
                                          repeated.element->name == node.element->name + "_tuple" ||
                                          IsMapAnnotated(*node.element);
    path.push_back(repeated.element->name);
    AssemblyNode result = ListOf(repeated, definition, repetition, path, element_is_repeated_node);
    path.pop_back();
    return result;
  }

  // A list whose repeated node is `repeated`, the list itself present (non-NULL) from
  // `definition`. The elements are `repeated` (as a required value) or its only child.
  AssemblyNode ListOf(const SchemaNode& repeated, int16_t definition, int16_t repetition,
                      std::vector<std::string>& path, bool element_is_node) {
    AssemblyNode result;
    result.kind = AssemblyNode::Kind::kList;
    result.definition_level = definition;
    result.repetition_level = static_cast<int16_t>(repetition + 1);
    result.element_definition_level = static_cast<int16_t>(definition + 1);
    const int16_t element_definition = result.element_definition_level;
    AssemblyNode element;
    if (element_is_node) {
      // The repeated node as the element: required at its own level. It may itself be a list
      // (old_list_structure.parquet: a LIST whose repeated group "array" is a LIST).
      const bool is_list =
          repeated.is_group() &&
          (IsListAnnotated(*repeated.element) || IsMapAnnotated(*repeated.element)) &&
          repeated.children.size() == 1 &&
          repeated.children[0].repetition() == Repetition::kRepeated;
      if (is_list) {
        element = AnnotatedList(repeated, element_definition, result.repetition_level, path);
      } else if (repeated.is_group()) {
        element = StructOf(repeated, element_definition, result.repetition_level, path);
      } else {
        element = Leaf(repeated, element_definition, result.repetition_level, path);
      }
    } else {
      Field ignored;
      element =
          Convert(repeated.children[0], element_definition, result.repetition_level, path, ignored);
    }
    result.first_leaf = element.first_leaf;
    result.type = DataType::List(element.type);
    result.children.push_back(std::move(element));
    return result;
  }

  AssemblyNode Leaf(const SchemaNode& node, int16_t definition, int16_t repetition,
                    const std::vector<std::string>& path) {
    const SchemaElement& element = *node.element;
    if (!element.type) Corrupt("leaf '" + element.name + "' has no physical type");
    LeafColumn leaf;
    leaf.index = static_cast<int>(result_.leaves.size());
    leaf.path = path;
    leaf.physical_type = *element.type;
    leaf.type_length = element.type_length.value_or(0);
    leaf.max_definition_level = definition;
    leaf.max_repetition_level = repetition;
    AssignType(element, leaf);
    AssemblyNode result;
    result.kind = AssemblyNode::Kind::kLeaf;
    result.type = leaf.type;
    result.definition_level = definition;
    result.leaf = leaf.index;
    result.first_leaf = leaf.index;
    result_.leaves.push_back(std::move(leaf));
    return result;
  }

  DataType DecimalType(const SchemaElement& element, LeafColumn& leaf) {
    int precision = element.precision.value_or(0);
    int scale = element.scale.value_or(0);
    if (element.logical_type && element.logical_type->kind == Kind::kDecimal) {
      precision = element.logical_type->decimal_precision;
      scale = element.logical_type->decimal_scale;
    }
    if (precision > 38) {
      throw NotImplemented(context_ + ": not supported: DECIMAL(" + std::to_string(precision) +
                           "," + std::to_string(scale) + ") in column '" + leaf.DottedPath() +
                           "' (berserkr decimals hold at most 38 digits)");
    }
    if (precision < 1 || scale < 0 || scale > precision) {
      Corrupt("column '" + leaf.DottedPath() + "' has DECIMAL precision " +
              std::to_string(precision) + " and scale " + std::to_string(scale));
    }
    return DataType::Decimal(precision, scale);
  }

  // Sets leaf.type and leaf.conversion from the physical type and its annotation (the logical
  // type when present, else the legacy converted type).
  void AssignType(const SchemaElement& element, LeafColumn& leaf) {
    const std::optional<LogicalType>& logical = element.logical_type;
    const auto kind = logical ? logical->kind : Kind::kUnrecognized;
    const std::optional<ConvertedType> converted =
        logical && kind != Kind::kUnrecognized ? std::nullopt : element.converted_type;
    const auto is = [&](Kind logical_kind, ConvertedType converted_type) {
      return kind == logical_kind || converted == converted_type;
    };
    if (kind == Kind::kUnknown) {
      leaf.type = DataType::Null();
      leaf.conversion = ValueConversion::kAlwaysNull;
      return;
    }
    const bool is_decimal = is(Kind::kDecimal, ConvertedType::kDecimal);
    switch (leaf.physical_type) {
      case PhysicalType::kBoolean:
        leaf.type = DataType::Bool();
        return;
      case PhysicalType::kInt32: {
        if (is_decimal) {
          leaf.type = DecimalType(element, leaf);
          leaf.conversion = ValueConversion::kInt32ToDecimal;
          return;
        }
        if (is(Kind::kDate, ConvertedType::kDate)) {
          leaf.type = DataType::Date();
          return;
        }
        int bits = 32;
        bool is_signed = true;
        if (kind == Kind::kInteger) {
          bits = logical->bit_width;
          is_signed = logical->is_signed;
        } else if (converted) {
          switch (*converted) {
            case ConvertedType::kInt8:
              bits = 8;
              break;
            case ConvertedType::kInt16:
              bits = 16;
              break;
            case ConvertedType::kUint8:
              bits = 8;
              is_signed = false;
              break;
            case ConvertedType::kUint16:
              bits = 16;
              is_signed = false;
              break;
            case ConvertedType::kUint32:
              bits = 32;
              is_signed = false;
              break;
            default:
              break;
          }
        }
        if (bits == 8 && is_signed) {
          leaf.type = DataType::Int8();
          leaf.conversion = ValueConversion::kInt32ToInt8;
        } else if ((bits == 16 && is_signed) || (bits == 8 && !is_signed)) {
          leaf.type = DataType::Int16();
          leaf.conversion = ValueConversion::kInt32ToInt16;
        } else if (bits == 16 && !is_signed) {
          leaf.type = DataType::Int32();
          leaf.conversion = ValueConversion::kUint16ToInt32;
        } else if (bits == 32 && !is_signed) {
          leaf.type = DataType::Int64();
          leaf.conversion = ValueConversion::kUint32ToInt64;
        } else {
          leaf.type = DataType::Int32();  // also TIME(MILLIS): milliseconds of the day
        }
        return;
      }
      case PhysicalType::kInt64: {
        if (is_decimal) {
          leaf.type = DecimalType(element, leaf);
          leaf.conversion = ValueConversion::kInt64ToDecimal;
          return;
        }
        if (kind == Kind::kTimestamp) {
          leaf.type = DataType::Timestamp(logical->is_adjusted_to_utc ? "UTC" : "");
          leaf.conversion = logical->unit == TimeUnit::kMillis  ? ValueConversion::kMillisToMicros
                            : logical->unit == TimeUnit::kNanos ? ValueConversion::kNanosToMicros
                                                                : ValueConversion::kNone;
          return;
        }
        // Legacy annotations mean instants (isAdjustedToUTC = true in the spec's mapping).
        if (converted == ConvertedType::kTimestampMillis) {
          leaf.type = DataType::Timestamp("UTC");
          leaf.conversion = ValueConversion::kMillisToMicros;
          return;
        }
        if (converted == ConvertedType::kTimestampMicros) {
          leaf.type = DataType::Timestamp("UTC");
          return;
        }
        const bool is_unsigned =
            (kind == Kind::kInteger && !logical->is_signed) || converted == ConvertedType::kUint64;
        if (is_unsigned) {
          leaf.type = DataType::Decimal(20, 0);
          leaf.conversion = ValueConversion::kUint64ToDecimal;
          return;
        }
        leaf.type = DataType::Int64();  // also TIME(MICROS / NANOS): units of the day
        return;
      }
      case PhysicalType::kInt96:
        leaf.type = DataType::Timestamp();
        leaf.conversion = ValueConversion::kInt96ToMicros;
        return;
      case PhysicalType::kFloat:
        leaf.type = DataType::Float32();
        return;
      case PhysicalType::kDouble:
        leaf.type = DataType::Float64();
        return;
      case PhysicalType::kByteArray:
        if (is_decimal) {
          leaf.type = DecimalType(element, leaf);
          leaf.conversion = ValueConversion::kBytesToDecimal;
          return;
        }
        if (is(Kind::kString, ConvertedType::kUtf8) || is(Kind::kEnum, ConvertedType::kEnum) ||
            is(Kind::kJson, ConvertedType::kJson)) {
          leaf.type = DataType::String();
          return;
        }
        leaf.type = DataType::Binary();
        return;
      case PhysicalType::kFixedLenByteArray:
        if (leaf.type_length <= 0) {
          Corrupt("FIXED_LEN_BYTE_ARRAY column '" + leaf.DottedPath() + "' has length " +
                  std::to_string(leaf.type_length));
        }
        if (is_decimal) {
          leaf.type = DecimalType(element, leaf);
          leaf.conversion = ValueConversion::kBytesToDecimal;
          return;
        }
        if (kind == Kind::kFloat16) {
          if (leaf.type_length != 2)
            Corrupt("FLOAT16 column '" + leaf.DottedPath() + "' is not 2 bytes wide");
          leaf.type = DataType::Float32();
          leaf.conversion = ValueConversion::kFloat16ToFloat32;
          return;
        }
        leaf.type = DataType::Binary();  // also UUID and INTERVAL: their bytes
        leaf.conversion = ValueConversion::kFixedToBinary;
        return;
    }
    Corrupt("column '" + leaf.DottedPath() + "' has an invalid " +
            PhysicalTypeName(leaf.physical_type));
  }

  const FileMetaData& metadata_;
  const std::string& context_;
  ParquetSchema result_;
};

}  // namespace

ParquetSchema BuildParquetSchema(const FileMetaData& metadata, const std::string& context) {
  return SchemaBuilder(metadata, context).Build();
}

}  // namespace berserkr::parquet
