#include "plan/logical_plan.h"

namespace berserkr {
namespace {

std::string JoinExpressions(const std::vector<BoundExpression>& expressions) {
  std::string list;
  for (const BoundExpression& expression : expressions) {
    list += (list.empty() ? "" : ", ") + expression.ToString();
  }
  return list;
}

std::string JoinFieldNames(const Schema& schema) {
  std::string list;
  for (const Field& field : schema.fields()) {
    list += (list.empty() ? "" : ", ") + field.name + " " + field.type.ToString();
  }
  return list;
}

std::string DescribeFrame(const WindowFrame& frame) {
  if (!frame.rows) return "";
  const auto bound = [](int64_t offset) -> std::string {
    if (offset == kUnboundedPreceding) return "UNBOUNDED PRECEDING";
    if (offset == kUnboundedFollowing) return "UNBOUNDED FOLLOWING";
    if (offset == 0) return "CURRENT ROW";
    return offset < 0 ? std::to_string(-offset) + " PRECEDING"
                      : std::to_string(offset) + " FOLLOWING";
  };
  return " ROWS BETWEEN " + bound(frame.start) + " AND " + bound(frame.end);
}

std::string DescribeWindow(const LogicalNode& node) {
  const Schema& input = *node.input().schema;
  std::string order;
  for (const SortKey& key : node.sort_keys) {
    order += (order.empty() ? "" : ", ") + input.field(key.column).name +
             (key.ascending ? " ASC" : " DESC") + (key.nulls_first ? " NULLS FIRST" : "");
  }
  std::string functions;
  for (const BoundWindowFunction& function : node.window_functions) {
    functions += (functions.empty() ? "" : ", ") +
                 std::string(WindowFunctionName(function.function.kind)) + "(" +
                 JoinExpressions(function.arguments) + ")" +
                 DescribeFrame(function.function.frame) + " AS " + function.name;
  }
  return "Window partition=[" + JoinExpressions(node.expressions) + "] order=[" + order +
         "] functions=[" + functions + "]";
}

void AppendTree(const LogicalNode& node, int depth, std::string& text) {
  text += std::string(2 * depth, ' ') + node.Describe() + "\n";
  for (const auto& input : node.inputs) AppendTree(*input, depth + 1, text);
}

}  // namespace

std::string LogicalNode::Describe() const {
  switch (kind) {
    case Kind::kTable:
      return "Table rows=" + std::to_string(table.num_rows()) +
             " columns=" + std::to_string(table.num_columns());
    case Kind::kFilter:
      return "Filter " + JoinExpressions(expressions);
    case Kind::kProject:
      return "Project " + JoinExpressions(expressions);
    case Kind::kAggregate: {
      std::string list;
      for (const BoundAggregate& aggregate : aggregates) {
        list += (list.empty() ? "" : ", ") + aggregate.function + "(" +
                JoinExpressions(aggregate.arguments) + ") AS " + aggregate.name;
      }
      return "Aggregate keys=[" + JoinExpressions(expressions) + "] aggregates=[" + list + "]";
    }
    case Kind::kSort: {
      std::string keys;
      for (const SortKey& key : sort_keys) {
        keys += (keys.empty() ? "" : ", ") + schema->field(key.column).name +
                (key.ascending ? " ASC" : " DESC") +
                (key.nulls_first ? " NULLS FIRST" : " NULLS LAST");
      }
      return "Sort " + keys;
    }
    case Kind::kLimit:
      return "Limit " + std::to_string(limit) + " offset " + std::to_string(offset);
    case Kind::kWindow:
      return DescribeWindow(*this);
    case Kind::kDistinct: {
      std::string columns;
      for (const int column : distinct_columns) {
        columns += (columns.empty() ? "" : ", ") + schema->field(column).name;
      }
      return "Distinct " + columns;
    }
    case Kind::kUnion:
      return "Union all inputs=" + std::to_string(inputs.size());
    case Kind::kMapBatches:
      return "MapBatches -> [" + JoinFieldNames(*schema) + "]";
  }
  return "?";
}

std::string ExplainPlan(const LogicalNode& root) {
  std::string text;
  AppendTree(root, 0, text);
  return text;
}

}  // namespace berserkr
