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
    case Kind::kScan: {
      std::string columns;
      for (const Field& field : schema->fields()) {
        columns += (columns.empty() ? "" : ", ") + field.name;
      }
      return "Scan" + scanner->format_name() + " files=" + std::to_string(scanner->files().size()) +
             " columns=[" + columns + "]" + scanner->ExplainDetails();
    }
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
    case Kind::kJoin: {
      std::string keys;
      for (size_t key = 0; key < expressions.size(); ++key) {
        keys += (keys.empty() ? "" : ", ") + expressions[key].ToString() + " = " +
                right_keys[key].ToString();
      }
      const std::optional<JoinSide> build = PlannedBuildSide();
      const std::string build_text =
          !build ? "smaller side" : (*build == JoinSide::kLeft ? "left" : "right");
      return "HashJoin " + JoinTypeName(join_type) + " on [" + keys + "] build=" + build_text;
    }
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

JoinSide LogicalNode::BuildSide(int64_t left_rows, int64_t right_rows) const {
  switch (join_type) {
    case JoinType::kInner:
    case JoinType::kFull:
      return left_rows < right_rows ? JoinSide::kLeft : JoinSide::kRight;
    case JoinType::kRight:
      return JoinSide::kLeft;
    case JoinType::kLeft:
    case JoinType::kSemi:
    case JoinType::kAnti:
      return JoinSide::kRight;
  }
  return JoinSide::kRight;
}

std::optional<JoinSide> LogicalNode::PlannedBuildSide() const {
  if (join_type != JoinType::kInner && join_type != JoinType::kFull) return BuildSide(0, 0);
  const LogicalNode& left = *inputs.at(0);
  const LogicalNode& right = *inputs.at(1);
  if (left.kind != Kind::kTable || right.kind != Kind::kTable) return std::nullopt;
  return BuildSide(left.table.num_rows(), right.table.num_rows());
}

std::string ExplainPlan(const LogicalNode& root) {
  std::string text;
  AppendTree(root, 0, text);
  return text;
}

}  // namespace berserkr
