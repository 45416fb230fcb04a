// DataFrame::Join: binds the keys of both sides to one type each and lays out the output columns
// of a kJoin node (the executor's side is join_operator.cc).

#include <set>

#include "berserkr/common/error.h"
#include "berserkr/plan/data_frame.h"
#include "expr/function_registry_internal.h"
#include "plan/logical_plan.h"

namespace berserkr {
namespace {

struct BoundJoinKeys {
  std::vector<BoundExpression> left;
  std::vector<BoundExpression> right;
};

// Binds each key pair and casts both to the type they are compared in (DuckDB's rules).
BoundJoinKeys BindJoinKeys(const std::vector<Expr>& left_on, const std::vector<Expr>& right_on,
                           const Schema& left_schema, const Schema& right_schema) {
  if (left_on.size() != right_on.size()) {
    throw InvalidInput("a join needs as many left keys as right keys, not " +
                       std::to_string(left_on.size()) + " and " + std::to_string(right_on.size()));
  }
  if (left_on.empty()) {
    throw NotImplemented("joins without keys (cross joins) are not supported yet");
  }
  BoundJoinKeys keys;
  for (size_t key = 0; key < left_on.size(); ++key) {
    BoundExpression left = Bind(left_on[key], left_schema);
    BoundExpression right = Bind(right_on[key], right_schema);
    const std::string text = left.ToString() + " = " + right.ToString();
    if (left.type().is_nested() || right.type().is_nested()) {
      throw NotImplemented("joining on nested values is not supported yet: " + text + " (" +
                           left.type().ToString() + ", " + right.type().ToString() + ")");
    }
    const std::optional<DataType> common = expr::CommonType(left.type(), right.type());
    if (!common) {
      throw InvalidInput("cannot join on " + text + ": " + left.type().ToString() + " and " +
                         right.type().ToString() +
                         " cannot be compared; cast one side to the other's type");
    }
    if (left.type() != *common) left = Bind(Cast(left_on[key], *common), left_schema);
    if (right.type() != *common) right = Bind(Cast(right_on[key], *common), right_schema);
    keys.left.push_back(std::move(left));
    keys.right.push_back(std::move(right));
  }
  return keys;
}

// `name`, or with "_right" appended (again, while it still clashes) when already used.
std::string UniqueName(std::string name, std::set<std::string>& used) {
  while (used.count(name) != 0) name += "_right";
  used.insert(name);
  return name;
}

bool KeepsRightColumns(JoinType type) { return type != JoinType::kSemi && type != JoinType::kAnti; }

std::shared_ptr<LogicalNode> NewJoinNode(std::shared_ptr<const LogicalNode> left,
                                         std::shared_ptr<const LogicalNode> right, JoinType type,
                                         BoundJoinKeys keys) {
  auto node = std::make_shared<LogicalNode>();
  node->kind = LogicalNode::Kind::kJoin;
  node->inputs = {std::move(left), std::move(right)};
  node->join_type = type;
  node->expressions = std::move(keys.left);
  node->right_keys = std::move(keys.right);
  return node;
}

int ColumnIndex(const Schema& schema, const std::string& name, const char* side) {
  const std::optional<int> index = schema.FieldIndex(name);
  if (!index) {
    throw NotImplemented(std::string("joining USING '") + name + "', a struct field of the " +
                         side + " side: add it as a column with WithColumn first");
  }
  return *index;
}

}  // namespace

DataFrame DataFrame::Join(const DataFrame& right, std::vector<std::string> on,
                          JoinType type) const {
  const Schema& left_schema = schema();
  const Schema& right_schema = right.schema();
  std::vector<Expr> left_on;
  std::vector<Expr> right_on;
  for (const std::string& name : on) {
    left_on.push_back(Col(name));
    right_on.push_back(Col(name));
  }
  auto node = NewJoinNode(node_, right.node_, type,
                          BindJoinKeys(left_on, right_on, left_schema, right_schema));
  std::vector<Field> fields;
  std::set<std::string> used;
  std::set<int> left_keys;
  std::set<int> right_keys;
  for (size_t key = 0; key < on.size(); ++key) {
    const int left_index = ColumnIndex(left_schema, on[key], "left");
    const int right_index = ColumnIndex(right_schema, on[key], "right");
    left_keys.insert(left_index);
    right_keys.insert(right_index);
    JoinOutputColumn output;
    DataType output_type = left_schema.field(left_index).type;
    if (type == JoinType::kRight) {
      output.right_column = right_index;
      output_type = right_schema.field(right_index).type;
    } else if (type == JoinType::kFull) {
      output.left_column = left_index;
      output.right_column = right_index;
      output_type = node->expressions[key].type();  // the common type
      const Schema pair({{"left", left_schema.field(left_index).type, true},
                         {"right", right_schema.field(right_index).type, true}});
      output.coalesce = Bind(
          Coalesce({Cast(Col("left"), output_type).ptr(), Cast(Col("right"), output_type).ptr()}),
          pair);
    } else {
      output.left_column = left_index;
    }
    fields.push_back({UniqueName(on[key], used), output_type, true});
    node->join_outputs.push_back(std::move(output));
  }
  for (int column = 0; column < left_schema.num_fields(); ++column) {
    if (left_keys.count(column) != 0) continue;
    const Field& field = left_schema.field(column);
    fields.push_back({UniqueName(field.name, used), field.type, true});
    node->join_outputs.push_back({column, -1, std::nullopt});
  }
  if (KeepsRightColumns(type)) {
    for (int column = 0; column < right_schema.num_fields(); ++column) {
      if (right_keys.count(column) != 0) continue;
      const Field& field = right_schema.field(column);
      fields.push_back({UniqueName(field.name, used), field.type, true});
      node->join_outputs.push_back({-1, column, std::nullopt});
    }
  }
  node->schema = std::make_shared<Schema>(std::move(fields));
  return DataFrame(node);
}

DataFrame DataFrame::Join(const DataFrame& right, std::vector<Expr> left_on,
                          std::vector<Expr> right_on, JoinType type) const {
  const Schema& left_schema = schema();
  const Schema& right_schema = right.schema();
  auto node = NewJoinNode(node_, right.node_, type,
                          BindJoinKeys(left_on, right_on, left_schema, right_schema));
  std::vector<Field> fields;
  std::set<std::string> used;
  for (int column = 0; column < left_schema.num_fields(); ++column) {
    const Field& field = left_schema.field(column);
    fields.push_back({UniqueName(field.name, used), field.type, true});
    node->join_outputs.push_back({column, -1, std::nullopt});
  }
  if (KeepsRightColumns(type)) {
    for (int column = 0; column < right_schema.num_fields(); ++column) {
      const Field& field = right_schema.field(column);
      fields.push_back({UniqueName(field.name, used), field.type, true});
      node->join_outputs.push_back({-1, column, std::nullopt});
    }
  }
  node->schema = std::make_shared<Schema>(std::move(fields));
  return DataFrame(node);
}

}  // namespace berserkr
