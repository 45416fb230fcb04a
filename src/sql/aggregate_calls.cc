#include "sql/aggregate_calls.h"

#include "berserkr/expr/bind.h"

namespace berserkr::sql {
namespace {

std::string EngineAggregateName(const std::string& name) {
  static const std::map<std::string, std::string> kAliases = {
      {"mean", "avg"},           {"any_value", "first"},
      {"arbitrary", "first"},    {"quantile_cont", "quantile"},
      {"listagg", "string_agg"}, {"group_concat", "string_agg"},
      {"array_agg", "list"},     {"argmin", "arg_min"},
      {"min_by", "arg_min"},     {"argmax", "arg_max"},
      {"max_by", "arg_max"}};
  const auto found = kAliases.find(name);
  return found == kAliases.end() ? name : found->second;
}

Scalar ConstantArgument(const AstExpr& call, size_t index, const Expr& value, const char* what) {
  std::optional<Scalar> constant = ConstantValue(value);
  if (!constant || constant->is_null()) {
    throw SqlError(
        call.names[0] + " needs a constant " + what + " as argument " + std::to_string(index + 1),
        call.children[index]->position);
  }
  return *constant;
}

double NumberOf(const Scalar& value) {
  const DataType& type = value.type();
  if (type.is_integer()) return static_cast<double>(value.int_value());
  if (type.id() == TypeId::kDecimal) {
    double scale = 1;
    for (int digit = 0; digit < type.scale(); ++digit) scale *= 10;
    return static_cast<double>(value.decimal_value()) / scale;
  }
  return value.double_value();
}

}  // namespace

std::optional<Scalar> ConstantValue(const Expr& expression) {
  try {
    const BoundExpression bound = Bind(expression, Schema());
    if (bound.is_constant()) return bound.constant();
  } catch (const InvalidInput&) {
  }
  return std::nullopt;
}

AggregateSpec MakeAggregateSpec(const AstExpr& call, ExpressionBinder& arguments) {
  const std::string sql_name = call.names[0];
  std::vector<Expr> values;
  for (const AstExprPtr& child : call.children) values.push_back(arguments.Translate(*child));
  std::optional<Expr> filter;
  if (call.filter) filter = arguments.Translate(*call.filter);
  // FILTER (WHERE f): the aggregate sees NULL where f is not true, which every aggregate skips.
  auto filtered = [&](const Expr& value) -> Expr {
    return filter ? Case({{filter->ptr(), value.ptr()}}) : value;
  };
  AggregateSpec spec;
  spec.function = EngineAggregateName(sql_name);
  if (call.star || sql_name == "count_star") {
    if (sql_name != "count" && sql_name != "count_star") {
      throw SqlError(sql_name + "(*) is not an aggregate; only count(*) is", call.position);
    }
    if (filter) {
      spec.function = "count";
      spec.arguments = {filtered(Lit(1))};
    } else {
      spec.function = "count_star";
    }
    return spec;
  }
  if (values.empty()) throw SqlError(sql_name + " needs an argument", call.position);
  if (call.distinct) {
    if (spec.function == "count") {
      spec.function = "count_distinct";
    } else if (spec.function != "min" && spec.function != "max") {
      throw SqlError(sql_name + "(DISTINCT ...) is not supported yet; only count, min and max",
                     call.position);
    }
  }
  size_t data_arguments = values.size();
  if (spec.function == "quantile" || spec.function == "quantile_disc") {
    if (values.size() != 2) {
      throw SqlError(sql_name + " takes a value and a fraction: " + sql_name + "(x, 0.9)",
                     call.position);
    }
    spec.options.quantile = NumberOf(ConstantArgument(call, 1, values[1], "fraction"));
    data_arguments = 1;
  } else if (spec.function == "string_agg") {
    if (values.size() > 2)
      throw SqlError(sql_name + " takes a value and a separator", call.position);
    if (values.size() == 2) {
      const Scalar separator = ConstantArgument(call, 1, values[1], "separator");
      if (separator.type().id() != TypeId::kString) {
        throw SqlError(sql_name + " needs a text separator", call.children[1]->position);
      }
      spec.options.separator = separator.string_value();
      data_arguments = 1;
    }
  } else if ((spec.function == "max" || spec.function == "min") && values.size() == 2) {
    // max(x, n): a LIST of the n largest values, largest first (DuckDB).
    if (spec.function == "min") {
      throw SqlError("min(x, n) is not supported yet; max(x, n) is", call.position);
    }
    spec.function = "top_k";
    spec.options.k = ConstantArgument(call, 1, values[1], "count").int_value();
    data_arguments = 1;
  } else if (spec.function == "top_k") {
    if (values.size() != 2) throw SqlError("top_k takes a value and k", call.position);
    spec.options.k = ConstantArgument(call, 1, values[1], "k").int_value();
    data_arguments = 1;
  }
  for (size_t index = 0; index < data_arguments; ++index) {
    spec.arguments.push_back(filtered(values[index]));
  }
  return spec;
}

WindowSpec MakeWindowSpec(const AstExpr& call, const WindowDefinition& window,
                          const std::function<Expr(const AstExpr&)>& translate) {
  const std::string& name = call.names[0];
  std::vector<Expr> values;
  for (const AstExprPtr& child : call.children) values.push_back(translate(*child));
  auto argument_count = [&](size_t low, size_t high) {
    if (values.size() < low || values.size() > high) {
      throw SqlError(name + " takes " + std::to_string(low) +
                         (high > low ? " to " + std::to_string(high) : "") + " argument" +
                         (high == 1 ? "" : "s"),
                     call.position);
    }
  };
  auto constant_integer = [&](size_t index, const char* what) {
    const Scalar value = ConstantArgument(call, index, values[index], what);
    if (!value.type().is_integer()) {
      throw SqlError(name + " needs a whole number as its " + what, call.children[index]->position);
    }
    return value.int_value();
  };
  if (call.filter)
    throw SqlError("FILTER on a window function is not supported yet", call.position);
  if (!call.order_by.empty()) {
    throw SqlError("ORDER BY inside a window function's arguments is not supported yet",
                   call.position);
  }
  if (call.distinct)
    throw SqlError("DISTINCT in a window function is not supported yet", call.position);
  WindowSpec spec;
  if (name == "row_number" || name == "rank" || name == "dense_rank" || name == "percent_rank" ||
      name == "cume_dist") {
    argument_count(0, 0);
    spec = name == "row_number"     ? RowNumber()
           : name == "rank"         ? Rank()
           : name == "dense_rank"   ? DenseRank()
           : name == "percent_rank" ? PercentRank()
                                    : CumeDist();
  } else if (name == "ntile") {
    argument_count(1, 1);
    spec = Ntile(constant_integer(0, "bucket count"));
  } else if (name == "lag" || name == "lead") {
    argument_count(1, 3);
    const int64_t offset = values.size() > 1 ? constant_integer(1, "offset") : 1;
    ExprPtr default_value = values.size() > 2 ? values[2].ptr() : nullptr;
    spec = name == "lag" ? Lag(values[0], offset, default_value)
                         : Lead(values[0], offset, default_value);
  } else if (name == "first_value" || name == "last_value") {
    argument_count(1, 1);
    spec = name == "first_value" ? FirstValue(values[0]) : LastValue(values[0]);
  } else if (call.star || name == "count_star") {
    if (name != "count" && name != "count_star") {
      throw SqlError(name + "(*) is not a window function", call.position);
    }
    spec = Over(CountStar());
  } else if (IsAggregateFunction(name)) {
    argument_count(1, 1);
    AggregateSpec aggregate;
    aggregate.function = EngineAggregateName(name);
    aggregate.arguments = {values[0]};
    aggregate.name = aggregate.function;
    spec = AtPosition(call.position, [&] { return Over(aggregate); });
  } else {
    throw SqlError("unknown window function '" + name + "'", call.position);
  }
  if (window.frame) {
    const FrameClause& frame = *window.frame;
    auto offset_of = [](const FrameBound& bound) -> int64_t {
      switch (bound.kind) {
        case FrameBound::Kind::kUnboundedPreceding:
          return kUnboundedPreceding;
        case FrameBound::Kind::kPreceding:
          return -bound.offset;
        case FrameBound::Kind::kCurrentRow:
          return kCurrentRow;
        case FrameBound::Kind::kFollowing:
          return bound.offset;
        case FrameBound::Kind::kUnboundedFollowing:
          return kUnboundedFollowing;
      }
      return kCurrentRow;
    };
    const bool whole_partition = frame.start.kind == FrameBound::Kind::kUnboundedPreceding &&
                                 frame.end.kind == FrameBound::Kind::kUnboundedFollowing;
    if (frame.rows || whole_partition) {
      spec = spec.Rows(offset_of(frame.start), offset_of(frame.end));
    } else if (!(frame.start.kind == FrameBound::Kind::kUnboundedPreceding &&
                 frame.end.kind == FrameBound::Kind::kCurrentRow)) {
      // RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW is the default frame; others need
      // value offsets the engine does not have yet.
      throw SqlError(
          "RANGE frames other than UNBOUNDED PRECEDING to CURRENT ROW or UNBOUNDED "
          "FOLLOWING are not supported yet; use ROWS",
          window.position);
    }
  }
  return spec;
}

}  // namespace berserkr::sql
