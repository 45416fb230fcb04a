// DataFrame::Distinct, Union and MapBatches: binding and type checks at plan time.

#include <string>

#include "berserkr/common/error.h"
#include "berserkr/exec/grouper.h"
#include "berserkr/plan/data_frame.h"
#include "expr/function_registry_internal.h"
#include "plan/logical_plan.h"

namespace berserkr {
namespace {

// The type a UNION ALL column takes when its inputs disagree, as DuckDB: the implicit-cast common
// type, else VARCHAR when one side is text (anything casts to it), else a BOOLEAN meets a number
// as that number; nullopt when they cannot meet.
std::optional<DataType> UnionType(const DataType& left, const DataType& right) {
  if (auto common = expr::CommonType(left, right)) return common;
  if (left.id() == TypeId::kString && expr::CanCast(right, left)) return left;
  if (right.id() == TypeId::kString && expr::CanCast(left, right)) return right;
  if (left.id() == TypeId::kBool && right.is_numeric()) return right;
  if (right.id() == TypeId::kBool && left.is_numeric()) return left;
  return std::nullopt;
}

}  // namespace

DataFrame DataFrame::Distinct(std::vector<std::string> columns) const {
  const Schema& input = schema();
  auto node = std::make_shared<LogicalNode>();
  node->kind = LogicalNode::Kind::kDistinct;
  node->inputs.push_back(node_);
  node->schema = node_->schema;
  if (columns.empty()) {
    for (int column = 0; column < input.num_fields(); ++column) {
      node->distinct_columns.push_back(column);
    }
  }
  for (const std::string& name : columns) {
    const std::optional<int> index = input.FieldIndex(name);
    if (!index) {
      Bind(Col(name), input);  // throws "did you mean" for an unknown name
      throw NotImplemented("Distinct over the struct field '" + name +
                           "': add it as a column with WithColumn first");
    }
    node->distinct_columns.push_back(*index);
  }
  std::vector<DataType> key_types;
  for (const int column : node->distinct_columns) key_types.push_back(input.field(column).type);
  Grouper::Make(key_types);  // throws NotImplemented now for key types it cannot group
  return DataFrame(node);
}

DataFrame DataFrame::Union(std::vector<DataFrame> others) const {
  others.insert(others.begin(), *this);
  const Schema& first = schema();
  std::vector<Field> fields = first.fields();
  for (size_t input = 1; input < others.size(); ++input) {
    const Schema& other = others[input].schema();
    if (other.num_fields() != first.num_fields()) {
      throw InvalidInput("UNION ALL needs the same number of columns in every input: input 0 has " +
                         std::to_string(first.num_fields()) + ", input " + std::to_string(input) +
                         " has " + std::to_string(other.num_fields()));
    }
    for (int column = 0; column < first.num_fields(); ++column) {
      const std::optional<DataType> type = UnionType(fields[column].type, other.field(column).type);
      if (!type) {
        throw InvalidInput("UNION ALL: column " + std::to_string(column) + " ('" +
                           fields[column].name + "') is " + fields[column].type.ToString() +
                           " in the inputs before input " + std::to_string(input) + " but " +
                           other.field(column).type.ToString() + " ('" + other.field(column).name +
                           "') there; cast one side to the other's type");
      }
      fields[column].type = *type;
      fields[column].nullable = fields[column].nullable || other.field(column).nullable;
    }
  }
  auto node = std::make_shared<LogicalNode>();
  node->kind = LogicalNode::Kind::kUnion;
  node->schema = std::make_shared<Schema>(fields);
  for (const DataFrame& input : others) {
    // Inputs whose types differ from the union's are cast by a projection below it.
    bool needs_cast = false;
    std::vector<NamedExpr> casts;
    for (int column = 0; column < input.schema().num_fields(); ++column) {
      const Field& field = input.schema().field(column);
      needs_cast |= field.type != fields[column].type;
      casts.push_back({field.name, field.type == fields[column].type
                                       ? Col(field.name)
                                       : Cast(Col(field.name), fields[column].type)});
    }
    node->inputs.push_back(needs_cast ? input.Select(std::move(casts)).node_ : input.node_);
  }
  return DataFrame(node);
}

DataFrame DataFrame::MapBatches(std::function<Batch(const Batch&)> function,
                                Schema output_schema) const {
  if (!function) throw InvalidInput("MapBatches needs a function, but was given an empty one");
  auto node = std::make_shared<LogicalNode>();
  node->kind = LogicalNode::Kind::kMapBatches;
  node->inputs.push_back(node_);
  node->schema = std::make_shared<Schema>(std::move(output_schema));
  node->batch_function = std::move(function);
  return DataFrame(node);
}

}  // namespace berserkr
