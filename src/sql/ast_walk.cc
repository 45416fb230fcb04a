#include "sql/ast_walk.h"

#include "sql/binder.h"

namespace berserkr::sql {
namespace {

void CollectCalls(const AstExpr& node, bool windows, std::vector<const AstExpr*>& calls) {
  if (node.kind == AstExprKind::kFunction) {
    if (windows && node.window) {
      calls.push_back(&node);
      return;
    }
    if (!windows && !node.window && IsAggregateFunction(node.names[0])) {
      calls.push_back(&node);
      return;
    }
    if (!windows && node.window) {
      // Aggregates inside a window's arguments and definition: sum(sum(x)) OVER (...).
      for (const AstExprPtr& key : node.window->partition_by) CollectCalls(*key, windows, calls);
      for (const OrderItem& item : node.window->order_by) {
        CollectCalls(*item.expression, windows, calls);
      }
    }
  }
  for (const AstExprPtr& child : node.children) {
    if (child) CollectCalls(*child, windows, calls);
  }
  if (node.case_operand) CollectCalls(*node.case_operand, windows, calls);
}

}  // namespace

void SplitConjuncts(const AstExprPtr& node, std::vector<AstExprPtr>& conjuncts) {
  if (node->kind == AstExprKind::kBinary && node->op == "AND") {
    SplitConjuncts(node->children[0], conjuncts);
    SplitConjuncts(node->children[1], conjuncts);
  } else {
    conjuncts.push_back(node);
  }
}

void CollectAggregateCalls(const AstExpr& node, std::vector<const AstExpr*>& calls) {
  CollectCalls(node, /*windows=*/false, calls);
}

void CollectWindowCalls(const AstExpr& node, std::vector<const AstExpr*>& calls) {
  CollectCalls(node, /*windows=*/true, calls);
}

bool ContainsSubquery(const AstExpr& node) {
  if (node.subquery) return true;
  for (const AstExprPtr& child : node.children) {
    if (child && ContainsSubquery(*child)) return true;
  }
  return node.case_operand && ContainsSubquery(*node.case_operand);
}

void CollectScalarSubqueries(const AstExpr& node, std::vector<const AstExpr*>& found) {
  if (node.kind == AstExprKind::kSubquery) {
    found.push_back(&node);
    return;
  }
  for (const AstExprPtr& child : node.children) {
    if (child) CollectScalarSubqueries(*child, found);
  }
  if (node.case_operand) CollectScalarSubqueries(*node.case_operand, found);
}

std::optional<int64_t> Ordinal(const AstExpr& node) {
  if (node.kind != AstExprKind::kLiteral || !node.literal.type().is_integer()) return std::nullopt;
  return node.literal.int_value();
}

}  // namespace berserkr::sql
