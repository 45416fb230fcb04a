// DataFrame::Window and the WindowSpec helpers: binding window functions to the input's schema.

#include <string>

#include "berserkr/common/error.h"
#include "berserkr/exec/grouper.h"
#include "berserkr/plan/data_frame.h"
#include "plan/logical_plan.h"

namespace berserkr {
namespace {

WindowSpec Spec(WindowFunctionKind kind, std::vector<ExprPtr> arguments = {}, int64_t offset = 1) {
  WindowSpec spec;
  spec.kind = kind;
  spec.arguments = std::move(arguments);
  spec.offset = offset;
  spec.name = WindowFunctionName(kind);
  return spec;
}

bool TakesValue(WindowFunctionKind kind) {
  return kind >= WindowFunctionKind::kLag && kind != WindowFunctionKind::kCountStar;
}

}  // namespace

WindowSpec WindowSpec::As(std::string output_name) const {
  WindowSpec copy = *this;
  copy.name = std::move(output_name);
  return copy;
}

WindowSpec WindowSpec::Rows(int64_t start, int64_t end) const {
  WindowSpec copy = *this;
  copy.frame = WindowFrame{true, start, end};
  return copy;
}

WindowSpec RowNumber() { return Spec(WindowFunctionKind::kRowNumber); }
WindowSpec Rank() { return Spec(WindowFunctionKind::kRank); }
WindowSpec DenseRank() { return Spec(WindowFunctionKind::kDenseRank); }
WindowSpec Ntile(int64_t buckets) { return Spec(WindowFunctionKind::kNtile, {}, buckets); }
WindowSpec PercentRank() { return Spec(WindowFunctionKind::kPercentRank); }
WindowSpec CumeDist() { return Spec(WindowFunctionKind::kCumeDist); }
WindowSpec Lag(Expr value, int64_t offset, ExprPtr default_value) {
  return Spec(WindowFunctionKind::kLag, {value, std::move(default_value)}, offset);
}
WindowSpec Lead(Expr value, int64_t offset, ExprPtr default_value) {
  return Spec(WindowFunctionKind::kLead, {value, std::move(default_value)}, offset);
}
WindowSpec FirstValue(Expr value) { return Spec(WindowFunctionKind::kFirstValue, {value}); }
WindowSpec LastValue(Expr value) { return Spec(WindowFunctionKind::kLastValue, {value}); }

WindowSpec Over(const AggregateSpec& aggregate) {
  static const std::pair<const char*, WindowFunctionKind> kAggregates[] = {
      {"sum", WindowFunctionKind::kSum},
      {"avg", WindowFunctionKind::kAverage},
      {"mean", WindowFunctionKind::kAverage},
      {"min", WindowFunctionKind::kMin},
      {"max", WindowFunctionKind::kMax},
      {"count", WindowFunctionKind::kCount},
      {"count_star", WindowFunctionKind::kCountStar}};
  for (const auto& [name, kind] : kAggregates) {
    if (aggregate.function == name) {
      WindowSpec spec = Spec(kind, aggregate.arguments);
      spec.name = aggregate.name;
      return spec;
    }
  }
  throw NotImplemented("the aggregate '" + aggregate.function +
                       "' over a window is not supported yet; supported: sum, avg, min, max, "
                       "count, count_star");
}

DataFrame DataFrame::Window(std::vector<Expr> partition_by, std::vector<SortSpec> order_by,
                            std::vector<WindowSpec> functions) const {
  const Schema& input = schema();
  auto node = std::make_shared<LogicalNode>();
  node->kind = LogicalNode::Kind::kWindow;
  node->inputs.push_back(node_);
  // The kernel sees the input's columns, then the partition keys, then the arguments.
  int next_column = input.num_fields();
  std::vector<DataType> key_types;
  for (const Expr& key : partition_by) {
    node->expressions.push_back(Bind(key, input));
    key_types.push_back(node->expressions.back().type());
    ++next_column;
  }
  Grouper::Make(key_types);  // throws NotImplemented now for key types it cannot group
  for (const SortSpec& key : order_by) {
    const std::optional<int> index = input.FieldIndex(key.column);
    if (!index) {
      Bind(Col(key.column), input);  // throws "did you mean" for an unknown name
      throw NotImplemented("ordering a window by the struct field '" + key.column +
                           "': add it as a column with WithColumn first");
    }
    if (input.field(*index).type.is_nested()) {
      throw NotImplemented("ordering a window by the " + input.field(*index).type.ToString() +
                           " column '" + key.column + "' is not supported yet");
    }
    node->sort_keys.push_back({*index, key.ascending, key.nulls_first});
  }
  std::vector<Field> fields = input.fields();
  for (const WindowSpec& spec : functions) {
    BoundWindowFunction bound;
    bound.function.kind = spec.kind;
    bound.function.offset = spec.offset;
    bound.function.frame = spec.frame;
    bound.name = spec.name;
    DataType argument_type;
    if (TakesValue(spec.kind)) {
      if (spec.arguments.empty() || spec.arguments[0] == nullptr) {
        throw InvalidInput(std::string(WindowFunctionName(spec.kind)) + " needs a value argument");
      }
      bound.arguments.push_back(Bind(spec.arguments[0], input));
      argument_type = bound.arguments.back().type();
      bound.function.argument = next_column++;
      if (spec.arguments.size() > 1 && spec.arguments[1] != nullptr) {
        // The default takes the value's type, as DuckDB casts it.
        BoundExpression default_value = Bind(spec.arguments[1], input);
        if (default_value.type() != argument_type) {
          default_value = Bind(Cast(spec.arguments[1], argument_type), input);
        }
        bound.arguments.push_back(std::move(default_value));
        bound.function.default_argument = next_column++;
      }
    }
    const DataType type = WindowResultType(bound.function, argument_type);  // checks types now
    if (input.FieldIndex(spec.name)) {
      throw InvalidInput("the window column '" + spec.name +
                         "' has the name of an input column; give it another with .As(...)");
    }
    fields.push_back({spec.name, type, true});
    node->window_functions.push_back(std::move(bound));
  }
  node->schema = std::make_shared<Schema>(std::move(fields));
  return DataFrame(node);
}

}  // namespace berserkr
