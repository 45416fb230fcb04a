#include "berserkr/expr/bind.h"

#include <algorithm>

#include "berserkr/common/error.h"
#include "expr/edit_distance_internal.h"
#include "expr/function_registry_internal.h"

namespace berserkr {

namespace {

using NodePtr = std::shared_ptr<const BoundNode>;
using expr::CommonType;
using expr::EditDistance;
using expr::FunctionRegistry;

// "; did you mean 'x'?" for the nearest candidate, or "; <what>: a, b, c" when none is near.
std::string Suggestion(const std::string& name, const std::vector<std::string>& candidates,
                       const std::string& what) {
  const std::string* best = nullptr;
  size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    const size_t distance = EditDistance(name, candidate);
    if (best == nullptr || distance < best_distance) {
      best = &candidate;
      best_distance = distance;
    }
  }
  const size_t near = std::max<size_t>(2, name.size() / 3);
  if (best != nullptr && best_distance <= near) return "; did you mean '" + *best + "'?";
  std::string list;
  for (const std::string& candidate : candidates) list += (list.empty() ? "" : ", ") + candidate;
  return "; " + what + ": " + (list.empty() ? "(none)" : list);
}

// Every column path of `fields`, struct fields as dotted paths.
void CollectPaths(const std::vector<Field>& fields, const std::string& prefix,
                  std::vector<std::string>& paths) {
  for (const Field& field : fields) {
    paths.push_back(prefix + field.name);
    if (field.type.id() == TypeId::kStruct) {
      CollectPaths(field.type.children(), prefix + field.name + ".", paths);
    }
  }
}

// The type at `path` below `fields`: an exact name first, else a struct field named by a prefix
// followed by the rest of the path (names may themselves hold dots).
std::optional<DataType> ResolvePath(const std::vector<Field>& fields, const std::string& path) {
  for (const Field& field : fields) {
    if (field.name == path) return field.type;
  }
  for (const Field& field : fields) {
    if (field.type.id() == TypeId::kStruct && path.size() > field.name.size() &&
        path.compare(0, field.name.size(), field.name) == 0 && path[field.name.size()] == '.') {
      auto type = ResolvePath(field.type.children(), path.substr(field.name.size() + 1));
      if (type) return type;
    }
  }
  return std::nullopt;
}

std::string JoinTypes(const std::vector<DataType>& types) {
  std::string text;
  for (size_t index = 0; index < types.size(); ++index) {
    if (index > 0) text += index + 1 == types.size() ? " and " : ", ";
    text += types[index].ToString();
  }
  return text;
}

class Binder {
 public:
  explicit Binder(const Schema& schema) : schema_(schema) {}

  NodePtr Bind(const Expression& expression) {
    const std::string text = expression.ToString();
    const auto& arguments = expression.arguments();
    switch (expression.kind()) {
      case ExpressionKind::kLiteral:
        return Constant(expression.literal());
      case ExpressionKind::kColumn:
        return BindColumn(expression.name());
      case ExpressionKind::kCall:
        return BindCall(expression.name(), BindAll(arguments), text);
      case ExpressionKind::kCast: {
        NodePtr value = Bind(*arguments[0]);
        if (!expr::CanCast(value->type, expression.cast_type())) {
          throw InvalidInput("cannot cast " + value->type.ToString() + " to " +
                             expression.cast_type().ToString() + " in " + text);
        }
        return MakeCast(value, expression.cast_type(), expression.try_cast(), text);
      }
      case ExpressionKind::kCase:
        return BindCase(expression, text);
      case ExpressionKind::kIn: {
        // value IN (a, b) is (value = a) OR (value = b) with SQL's three-valued OR.
        NodePtr value = Bind(*arguments[0]);
        NodePtr result;
        for (size_t index = 1; index < arguments.size(); ++index) {
          NodePtr equal = BindCall("equal", {value, Bind(*arguments[index])}, text);
          result = result ? Logical(BoundKind::kOr, {result, equal}, text) : equal;
        }
        if (!result) throw InvalidInput("IN needs at least one value in " + text);
        return expression.negated() ? Logical(BoundKind::kNot, {result}, text) : result;
      }
      case ExpressionKind::kBetween: {
        NodePtr value = Bind(*arguments[0]);
        NodePtr result = Logical(BoundKind::kAnd,
                                 {BindCall("greater_equal", {value, Bind(*arguments[1])}, text),
                                  BindCall("less_equal", {value, Bind(*arguments[2])}, text)},
                                 text);
        return expression.negated() ? Logical(BoundKind::kNot, {result}, text) : result;
      }
      case ExpressionKind::kIsNull: {
        auto node = std::make_shared<BoundNode>();
        node->kind = BoundKind::kIsNull;
        node->type = DataType::Bool();
        node->text = text;
        node->flag = expression.negated();
        node->children = {Bind(*arguments[0])};
        return Fold(node);
      }
      case ExpressionKind::kAnd:
        return Logical(BoundKind::kAnd, BindAll(arguments), text);
      case ExpressionKind::kOr:
        return Logical(BoundKind::kOr, BindAll(arguments), text);
      case ExpressionKind::kNot:
        return Logical(BoundKind::kNot, BindAll(arguments), text);
      case ExpressionKind::kCoalesce: {
        std::vector<NodePtr> children = BindAll(arguments);
        if (children.empty()) throw InvalidInput("COALESCE needs at least one argument");
        auto node = std::make_shared<BoundNode>();
        node->kind = BoundKind::kCoalesce;
        node->text = text;
        node->type = UnifyTypes(children, "COALESCE", text);
        for (NodePtr& child : children) child = MakeCast(child, node->type, false, "");
        node->children = std::move(children);
        return Fold(node);
      }
    }
    throw Internal("unknown expression kind in " + text);
  }

 private:
  std::vector<NodePtr> BindAll(const std::vector<ExprPtr>& arguments) {
    std::vector<NodePtr> nodes;
    for (const ExprPtr& argument : arguments) nodes.push_back(Bind(*argument));
    return nodes;
  }

  static NodePtr Constant(const Scalar& value) {
    auto node = std::make_shared<BoundNode>();
    node->kind = BoundKind::kConstant;
    node->type = value.type();
    node->constant = value;
    node->text = value.ToString();
    return node;
  }

  NodePtr BindColumn(const std::string& path) {
    auto node = std::make_shared<BoundNode>();
    node->kind = BoundKind::kColumn;
    node->text = path;
    if (auto index = schema_.FieldIndex(path)) {
      node->column_index = *index;
      node->type = schema_.field(*index).type;
      return node;
    }
    if (auto type = ResolvePath(schema_.fields(), path)) {
      node->column_path = path;
      node->type = *type;
      // The top-level column the path starts in: the optimizer keeps it (evaluation resolves the
      // path by name, so the index only says which column is used).
      const std::vector<Field>& fields = schema_.fields();
      for (size_t index = 0; index < fields.size(); ++index) {
        const std::string& name = fields[index].name;
        if (fields[index].type.id() == TypeId::kStruct && path.size() > name.size() &&
            path.compare(0, name.size(), name) == 0 && path[name.size()] == '.' &&
            ResolvePath(fields[index].type.children(), path.substr(name.size() + 1))) {
          node->column_index = static_cast<int>(index);
          break;
        }
      }
      return node;
    }
    std::vector<std::string> paths;
    CollectPaths(schema_.fields(), "", paths);
    throw InvalidInput("unknown column '" + path + "'" +
                       Suggestion(path, paths, "the columns are"));
  }

  NodePtr BindCall(const std::string& name, std::vector<NodePtr> children,
                   const std::string& text) {
    const expr::FunctionBinder* binder = FunctionRegistry::Get().Find(name);
    if (binder == nullptr) {
      throw InvalidInput("unknown function '" + name + "' in " + text +
                         Suggestion(name, FunctionRegistry::Get().Names(), "the functions are"));
    }
    expr::FunctionArguments arguments;
    for (const NodePtr& child : children) {
      arguments.types.push_back(child->type);
      arguments.constants.push_back(child->kind == BoundKind::kConstant
                                        ? std::optional<Scalar>(child->constant)
                                        : std::nullopt);
    }
    std::optional<expr::BoundFunction> function = (*binder)(arguments);
    if (!function) {
      throw InvalidInput("cannot apply " + name + " to " + JoinTypes(arguments.types) + " in " +
                         text);
    }
    auto node = std::make_shared<BoundNode>();
    node->kind = BoundKind::kFunction;
    node->type = function->result_type;
    node->text = text;
    node->function = name;
    node->kernel = std::move(function->kernel);
    for (size_t index = 0; index < children.size(); ++index) {
      node->children.push_back(
          MakeCast(children[index], function->argument_types[index], false, ""));
    }
    return Fold(node);
  }

  // `value` cast to `type`; nothing when it already has that type. `text` empty: an implicit cast.
  NodePtr MakeCast(const NodePtr& value, const DataType& type, bool try_cast, std::string text) {
    if (value->type == type) return value;
    auto node = std::make_shared<BoundNode>();
    node->kind = BoundKind::kCast;
    node->type = type;
    node->flag = try_cast;
    node->text = text.empty() ? "CAST(" + value->text + " AS " + type.ToString() + ")" : text;
    node->children = {value};
    return Fold(node);
  }

  // AND / OR / NOT over BOOLEAN children (a NULL literal becomes a NULL BOOLEAN).
  NodePtr Logical(BoundKind kind, std::vector<NodePtr> children, const std::string& text) {
    for (NodePtr& child : children) {
      if (child->type.id() == TypeId::kNull) child = MakeCast(child, DataType::Bool(), false, "");
      if (child->type.id() != TypeId::kBool) {
        std::vector<DataType> types;
        for (const NodePtr& each : children) types.push_back(each->type);
        const char* name = kind == BoundKind::kAnd ? "AND" : kind == BoundKind::kOr ? "OR" : "NOT";
        throw InvalidInput(std::string("cannot apply ") + name + " to " + JoinTypes(types) +
                           " in " + text);
      }
    }
    auto node = std::make_shared<BoundNode>();
    node->kind = kind;
    node->type = DataType::Bool();
    node->text = text;
    node->children = std::move(children);
    return Fold(node);
  }

  DataType UnifyTypes(const std::vector<NodePtr>& nodes, const std::string& what,
                      const std::string& text) {
    DataType type;
    for (const NodePtr& node : nodes) {
      auto common = CommonType(type, node->type);
      if (!common) {
        std::vector<DataType> types;
        for (const NodePtr& each : nodes) types.push_back(each->type);
        throw InvalidInput("cannot apply " + what + " to " + JoinTypes(types) + " in " + text);
      }
      type = *common;
    }
    return type;
  }

  NodePtr BindCase(const Expression& expression, const std::string& text) {
    std::vector<NodePtr> children = BindAll(expression.arguments());
    const size_t pairs = (children.size() - (expression.has_else() ? 1 : 0)) / 2;
    std::vector<NodePtr> values;
    for (size_t pair = 0; pair < pairs; ++pair) {
      NodePtr& condition = children[2 * pair];
      if (condition->type.id() == TypeId::kNull) {
        condition = MakeCast(condition, DataType::Bool(), false, "");
      }
      if (condition->type.id() != TypeId::kBool) {
        throw InvalidInput("CASE condition " + condition->text + " is " +
                           condition->type.ToString() + ", not BOOLEAN, in " + text);
      }
      values.push_back(children[2 * pair + 1]);
    }
    if (expression.has_else()) values.push_back(children.back());
    auto node = std::make_shared<BoundNode>();
    node->kind = BoundKind::kCase;
    node->text = text;
    node->flag = expression.has_else();
    node->type = UnifyTypes(values, "CASE", text);
    for (size_t pair = 0; pair < pairs; ++pair) {
      children[2 * pair + 1] = MakeCast(children[2 * pair + 1], node->type, false, "");
    }
    if (expression.has_else()) children.back() = MakeCast(children.back(), node->type, false, "");
    node->children = std::move(children);
    return Fold(node);
  }

  // Replaces a node whose children are all constants by its value, computed once here. A node
  // whose evaluation fails stays as it is (as in DuckDB): the error belongs to execution, where a
  // CASE may never reach it.
  static NodePtr Fold(const std::shared_ptr<BoundNode>& node) {
    for (const NodePtr& child : node->children) {
      if (child->kind != BoundKind::kConstant) return node;
    }
    Batch one_row;
    one_row.num_rows = 1;
    try {
      ColumnPtr value = expr::EvaluateNode(*node, one_row);
      NodePtr constant = Constant(Scalar::FromColumn(*value, 0));
      auto folded = std::make_shared<BoundNode>(*constant);
      folded->type = node->type;  // a NULL result keeps the expression's type
      folded->constant = value->IsNull(0) ? Scalar::Null(node->type) : folded->constant;
      return folded;
    } catch (const InvalidInput&) {
      return node;
    }
  }

  const Schema& schema_;
};

}  // namespace

BoundExpression Bind(const ExprPtr& expression, const Schema& schema) {
  if (!expression) throw InvalidInput("cannot bind an empty expression");
  return BoundExpression(Binder(schema).Bind(*expression));
}

}  // namespace berserkr
