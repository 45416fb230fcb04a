#include "plan/optimizer.h"

#include <algorithm>
#include <map>
#include <optional>

#include "berserkr/common/error.h"
#include "berserkr/formats/parquet_reader.h"
#include "berserkr/lake/delta_files.h"

namespace berserkr {
namespace {

// A pruned subtree: its new root and, for each column the old root produced, its index in the
// new root's output (-1 when dropped).
struct Pruned {
  std::shared_ptr<const LogicalNode> node;
  std::vector<int> mapping;
};

void CollectColumns(const BoundNode& node, std::vector<bool>& used) {
  if (node.kind == BoundKind::kColumn) {
    if (node.column_index >= 0) {
      used[node.column_index] = true;
    } else {
      // A struct field reached by a dotted path is found by name when evaluated, and the node
      // does not say which column holds it: keep them all.
      std::fill(used.begin(), used.end(), true);
    }
  }
  for (const auto& child : node.children) CollectColumns(*child, used);
}

// Whether `node` reads a struct field by path: such a path names the column as the node's input
// calls it, which a join may rename ("_right"), so it is not moved below one.
bool ReadsStructField(const BoundNode& node) {
  if (node.kind == BoundKind::kColumn && !node.column_path.empty()) return true;
  for (const auto& child : node.children) {
    if (ReadsStructField(*child)) return true;
  }
  return false;
}

void CollectColumns(const std::vector<BoundExpression>& expressions, std::vector<bool>& used) {
  for (const BoundExpression& expression : expressions) CollectColumns(expression.root(), used);
}

std::shared_ptr<const BoundNode> Remap(const std::shared_ptr<const BoundNode>& node,
                                       const std::vector<int>& mapping) {
  auto copy = std::make_shared<BoundNode>(*node);
  if (copy->kind == BoundKind::kColumn && copy->column_index >= 0) {
    copy->column_index = mapping[copy->column_index];
    if (copy->column_index < 0) throw Internal("optimizer dropped a column still in use");
  }
  for (auto& child : copy->children) child = Remap(child, mapping);
  return copy;
}

void Remap(std::vector<BoundExpression>& expressions, const std::vector<int>& mapping) {
  for (BoundExpression& expression : expressions) {
    expression = BoundExpression(Remap(std::make_shared<BoundNode>(expression.root()), mapping));
  }
}

std::vector<int> Identity(int count) {
  std::vector<int> mapping(static_cast<size_t>(count));
  for (int index = 0; index < count; ++index) mapping[index] = index;
  return mapping;
}

Pruned Prune(const std::shared_ptr<const LogicalNode>& node, const std::vector<bool>& required);

// The child pruned to what `node` needs, and a copy of `node` to rewrite over it.
std::pair<Pruned, std::shared_ptr<LogicalNode>> PruneInput(const LogicalNode& node,
                                                           const std::vector<bool>& needed) {
  Pruned input = Prune(node.inputs[0], needed);
  auto copy = std::make_shared<LogicalNode>(node);
  copy->inputs = {input.node};
  return {std::move(input), std::move(copy)};
}

Pruned PruneScan(const std::shared_ptr<const LogicalNode>& node,
                 const std::vector<bool>& required) {
  const Schema& file_schema = *node->scanner->file_schema();
  std::vector<int> columns;
  std::vector<int> mapping(required.size(), -1);
  for (size_t column = 0; column < required.size(); ++column) {
    if (!required[column]) continue;
    mapping[column] = static_cast<int>(columns.size());
    columns.push_back(*file_schema.FieldIndex(node->schema->field(static_cast<int>(column)).name));
  }
  // count(*) needs rows but no values: keep the first column, whose fields give the row count.
  if (columns.empty() && !required.empty()) {
    mapping[0] = 0;
    columns.push_back(*file_schema.FieldIndex(node->schema->field(0).name));
  }
  if (columns.size() == required.size()) return {node, Identity(static_cast<int>(columns.size()))};
  auto copy = std::make_shared<LogicalNode>(*node);
  copy->scanner = node->scanner->SelectColumns(columns);
  copy->schema = copy->scanner->schema();
  return {copy, mapping};
}

Pruned PruneProject(const LogicalNode& node, const std::vector<bool>& required) {
  std::vector<size_t> kept;
  for (size_t index = 0; index < node.expressions.size(); ++index) {
    if (required[index]) kept.push_back(index);
  }
  if (kept.empty() && !node.expressions.empty()) kept.push_back(0);  // rows still count
  std::vector<bool> needed(node.input().schema->num_fields(), false);
  std::vector<BoundExpression> expressions;
  std::vector<Field> fields;
  std::vector<int> mapping(node.expressions.size(), -1);
  for (size_t index : kept) {
    CollectColumns(node.expressions[index].root(), needed);
    mapping[index] = static_cast<int>(expressions.size());
    expressions.push_back(node.expressions[index]);
    fields.push_back(node.schema->field(static_cast<int>(index)));
  }
  auto [input, copy] = PruneInput(node, needed);
  Remap(expressions, input.mapping);
  copy->expressions = std::move(expressions);
  copy->schema = std::make_shared<Schema>(std::move(fields));
  return {copy, mapping};
}

Pruned Prune(const std::shared_ptr<const LogicalNode>& node, const std::vector<bool>& required) {
  const int num_output = node->schema->num_fields();
  switch (node->kind) {
    case LogicalNode::Kind::kScan:
      return PruneScan(node, required);
    case LogicalNode::Kind::kTable:
      return {node, Identity(num_output)};
    case LogicalNode::Kind::kProject:
      return PruneProject(*node, required);
    case LogicalNode::Kind::kFilter:
    case LogicalNode::Kind::kSort:
    case LogicalNode::Kind::kLimit: {
      // Pass-through nodes: they need what their parent needs plus their own columns.
      std::vector<bool> needed = required;
      CollectColumns(node->expressions, needed);
      for (const SortKey& key : node->sort_keys) needed[key.column] = true;
      auto [input, copy] = PruneInput(*node, needed);
      Remap(copy->expressions, input.mapping);
      for (SortKey& key : copy->sort_keys) key.column = input.mapping[key.column];
      copy->schema = input.node->schema;
      return {copy, input.mapping};
    }
    case LogicalNode::Kind::kAggregate: {
      std::vector<bool> needed(node->input().schema->num_fields(), false);
      CollectColumns(node->expressions, needed);
      for (const BoundAggregate& aggregate : node->aggregates) {
        CollectColumns(aggregate.arguments, needed);
      }
      auto [input, copy] = PruneInput(*node, needed);
      Remap(copy->expressions, input.mapping);
      for (BoundAggregate& aggregate : copy->aggregates) Remap(aggregate.arguments, input.mapping);
      return {copy, Identity(num_output)};
    }
    default:
      break;  // below
  }
  // Any other node keeps all of its inputs' columns; the subtrees below are still optimized.
  auto copy = std::make_shared<LogicalNode>(*node);
  for (auto& input : copy->inputs) {
    input = Prune(input, std::vector<bool>(input->schema->num_fields(), true)).node;
  }
  return {copy, Identity(num_output)};
}

// The conjuncts of an AND tree (a predicate that is no AND is one conjunct).
void SplitConjuncts(const std::shared_ptr<const BoundNode>& node,
                    std::vector<std::shared_ptr<const BoundNode>>& conjuncts) {
  if (node->kind == BoundKind::kAnd) {
    for (const auto& child : node->children) SplitConjuncts(child, conjuncts);
  } else {
    conjuncts.push_back(node);
  }
}

std::shared_ptr<const LogicalNode> MakeFilter(std::shared_ptr<const LogicalNode> input,
                                              BoundExpression predicate) {
  auto filter = std::make_shared<LogicalNode>();
  filter->kind = LogicalNode::Kind::kFilter;
  filter->schema = input->schema;
  filter->inputs = {std::move(input)};
  filter->expressions = {std::move(predicate)};
  return filter;
}

std::shared_ptr<const LogicalNode> PushDownFilters(const std::shared_ptr<const LogicalNode>& node);

// A filter over a join: each conjunct that reads only one side's columns moves below the join to
// that side, when the join keeps that side's rows as they are (a left join's right side is
// NULL-extended: filtering it first would keep rows the filter removes). The rest stays above.
std::shared_ptr<const LogicalNode> PushFilterIntoJoin(const LogicalNode& filter) {
  const LogicalNode& join = filter.input();
  const bool left_ok = join.join_type == JoinType::kInner || join.join_type == JoinType::kLeft ||
                       join.join_type == JoinType::kSemi || join.join_type == JoinType::kAnti;
  const bool right_ok = join.join_type == JoinType::kInner || join.join_type == JoinType::kRight;
  std::vector<std::shared_ptr<const BoundNode>> conjuncts;
  SplitConjuncts(std::make_shared<BoundNode>(filter.expressions[0].root()), conjuncts);
  const int num_outputs = static_cast<int>(join.join_outputs.size());
  std::vector<int> to_left(num_outputs, -1);
  std::vector<int> to_right(num_outputs, -1);
  for (int column = 0; column < num_outputs; ++column) {
    const JoinOutputColumn& output = join.join_outputs[column];
    if (output.coalesce) continue;  // a full join's merged key belongs to neither side
    if (output.right_column < 0) to_left[column] = output.left_column;
    if (output.left_column < 0) to_right[column] = output.right_column;
  }
  std::shared_ptr<const LogicalNode> left = join.inputs[0];
  std::shared_ptr<const LogicalNode> right = join.inputs[1];
  std::vector<std::shared_ptr<const BoundNode>> kept;
  for (const auto& conjunct : conjuncts) {
    if (ReadsStructField(*conjunct)) {
      kept.push_back(conjunct);
      continue;
    }
    std::vector<bool> used(num_outputs, false);
    CollectColumns(*conjunct, used);
    bool only_left = true;
    bool only_right = true;
    for (int column = 0; column < num_outputs; ++column) {
      if (!used[column]) continue;
      only_left = only_left && to_left[column] >= 0;
      only_right = only_right && to_right[column] >= 0;
    }
    if (only_left && left_ok) {
      left = MakeFilter(left, BoundExpression(Remap(conjunct, to_left)));
    } else if (only_right && right_ok) {
      right = MakeFilter(right, BoundExpression(Remap(conjunct, to_right)));
    } else {
      kept.push_back(conjunct);
    }
  }
  if (kept.size() == conjuncts.size()) return nullptr;  // nothing moved
  auto new_join = std::make_shared<LogicalNode>(join);
  new_join->inputs = {PushDownFilters(left), PushDownFilters(right)};
  std::shared_ptr<const LogicalNode> result = new_join;
  for (const auto& conjunct : kept) result = MakeFilter(result, BoundExpression(conjunct));
  return result;
}

// The column a predicate side reads: the column itself, or a widening cast of it (INTEGER
// compared with a BIGINT literal is bound as CAST(column AS BIGINT)). Null otherwise.
const BoundNode* ColumnOperand(const BoundNode& node) {
  if (node.kind == BoundKind::kColumn && node.column_path.empty()) return &node;
  if (node.kind == BoundKind::kCast && !node.flag && node.children[0]->kind == BoundKind::kColumn &&
      node.children[0]->column_path.empty() && node.children[0]->type.is_numeric() &&
      node.type.is_numeric()) {
    return node.children[0].get();
  }
  return nullptr;
}

// `conjunct` as a predicate a Parquet scan can prune row groups with: column <op> literal (either
// side), column IS [NOT] NULL. Anything else: nullopt (the filter still runs above the scan).
std::optional<ParquetPredicate> AsParquetPredicate(const BoundNode& conjunct,
                                                   const Schema& schema) {
  using Op = ParquetPredicate::Op;
  if (conjunct.kind == BoundKind::kIsNull) {
    const BoundNode* column = ColumnOperand(*conjunct.children[0]);
    if (column == nullptr) return std::nullopt;
    return ParquetPredicate{schema.field(column->column_index).name,
                            conjunct.flag ? Op::kIsNotNull : Op::kIsNull, nullptr};
  }
  if (conjunct.kind != BoundKind::kFunction || conjunct.children.size() != 2) return std::nullopt;
  static const std::map<std::string, std::pair<Op, Op>> kComparisons = {
      // name -> (column op literal, the op when the literal is on the left)
      {"equal", {Op::kEqual, Op::kEqual}},
      {"not_equal", {Op::kNotEqual, Op::kNotEqual}},
      {"less", {Op::kLess, Op::kGreater}},
      {"less_equal", {Op::kLessEqual, Op::kGreaterEqual}},
      {"greater", {Op::kGreater, Op::kLess}},
      {"greater_equal", {Op::kGreaterEqual, Op::kLessEqual}},
  };
  const auto comparison = kComparisons.find(conjunct.function);
  if (comparison == kComparisons.end()) return std::nullopt;
  const BoundNode& left = *conjunct.children[0];
  const BoundNode& right = *conjunct.children[1];
  const BoundNode* column = ColumnOperand(left);
  const BoundNode* literal = &right;
  Op op = comparison->second.first;
  if (column == nullptr) {
    column = ColumnOperand(right);
    literal = &left;
    op = comparison->second.second;
  }
  if (column == nullptr || literal->kind != BoundKind::kConstant || literal->constant.is_null()) {
    return std::nullopt;
  }
  return ParquetPredicate{schema.field(column->column_index).name, op,
                          literal->constant.ToColumn(1)};
}

// A filter right over a Parquet scan: its simple conjuncts go to the scanner, which skips row
// groups whose statistics rule them out. The filter stays: pruning is by row group, not by row.
std::shared_ptr<const LogicalNode> PushFilterIntoParquetScan(const LogicalNode& filter) {
  const LogicalNode& scan = filter.input();
  const auto* parquet = dynamic_cast<const ParquetScanner*>(scan.scanner.get());
  const auto* delta = dynamic_cast<const DeltaScanner*>(scan.scanner.get());
  if (parquet == nullptr && delta == nullptr) return nullptr;
  std::vector<std::shared_ptr<const BoundNode>> conjuncts;
  SplitConjuncts(std::make_shared<BoundNode>(filter.expressions[0].root()), conjuncts);
  std::vector<ParquetPredicate> predicates;
  for (const auto& conjunct : conjuncts) {
    if (auto predicate = AsParquetPredicate(*conjunct, *scan.schema)) {
      // The file-name column is not in the files: no statistics to prune with.
      if (parquet != nullptr && predicate->column == parquet->options().filename_column) continue;
      predicates.push_back(std::move(*predicate));
    }
  }
  if (predicates.empty()) return nullptr;
  auto new_scan = std::make_shared<LogicalNode>(scan);
  // A Delta scan also skips whole files by partition values and per-file stats.
  if (delta != nullptr) {
    new_scan->scanner = std::make_shared<DeltaScanner>(delta->WithPredicates(predicates));
  } else {
    new_scan->scanner = std::make_shared<ParquetScanner>(parquet->WithPredicates(predicates));
  }
  auto new_filter = std::make_shared<LogicalNode>(filter);
  new_filter->inputs = {new_scan};
  return new_filter;
}

// Moves filters towards the scans, so fewer rows reach joins (see PushFilterIntoJoin), and lets
// Parquet scans skip row groups (PushFilterIntoParquetScan).
std::shared_ptr<const LogicalNode> PushDownFilters(const std::shared_ptr<const LogicalNode>& node) {
  if (node->kind == LogicalNode::Kind::kFilter && node->input().kind == LogicalNode::Kind::kJoin) {
    if (auto pushed = PushFilterIntoJoin(*node)) return pushed;
  }
  if (node->kind == LogicalNode::Kind::kFilter && node->input().kind == LogicalNode::Kind::kScan) {
    if (auto pushed = PushFilterIntoParquetScan(*node)) return pushed;
  }
  auto copy = std::make_shared<LogicalNode>(*node);
  for (auto& input : copy->inputs) input = PushDownFilters(input);
  return copy;
}

}  // namespace

std::shared_ptr<const LogicalNode> Optimize(const std::shared_ptr<const LogicalNode>& root) {
  const std::shared_ptr<const LogicalNode> filtered = PushDownFilters(root);
  return Prune(filtered, std::vector<bool>(filtered->schema->num_fields(), true)).node;
}

}  // namespace berserkr
