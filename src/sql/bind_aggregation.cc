// SelectBinder's grouping: whether a block groups, its keys (expressions, ordinals, aliases,
// GROUP BY ALL), its aggregate calls (equal ones once, ORDER BY inside them), and the
// replacement of grouped expressions and aggregate calls by the grouped frame's columns.

#include <algorithm>
#include <cctype>

#include "berserkr/expr/bind.h"
#include "sql/aggregate_calls.h"
#include "sql/ast_walk.h"
#include "sql/select_binder.h"

namespace berserkr::sql {
namespace {

// A plain frame column (no struct path): its name; else nullopt.
std::optional<std::string> PlainColumn(const Expr& expression, const DataFrame& frame) {
  if (expression->kind() != ExpressionKind::kColumn) return std::nullopt;
  if (!frame.schema().FieldIndex(expression->name())) return std::nullopt;
  return expression->name();
}

}  // namespace

bool SelectBinder::aggregated_query() const {
  if (!select_.group_by.empty() || !select_.grouping_sets.empty() || select_.group_by_all ||
      select_.having) {
    return true;
  }
  for (const SelectItem& item : select_.items) {
    if (ContainsAggregate(*item.expression)) return true;
  }
  if (select_.qualify && ContainsAggregate(*select_.qualify)) return true;
  for (const OrderItem& item : query_.order_by) {
    if (ContainsAggregate(*item.expression)) return true;
  }
  return false;
}

void SelectBinder::BindAggregation() {
  aggregated_ = aggregated_query();
  if (!aggregated_) return;
  const Scope pre_scope(&from_columns_, outer_);
  ExpressionBinder pre(binder_, pre_scope);
  // The grouping keys: expressions, ordinals of the select list, its aliases, or GROUP BY ALL.
  std::vector<std::pair<Expr, SourcePosition>> keys;
  auto add_key = [&](const AstExpr& node) {
    if (ContainsAggregate(node)) {
      throw SqlError("GROUP BY cannot use an aggregate: " + node.text, node.position);
    }
    keys.emplace_back(pre.Translate(node), node.position);
  };
  if (select_.group_by_all) {
    for (const SelectItem& item : select_.items) {
      if (item.expression->kind == AstExprKind::kStar) {
        throw SqlError("GROUP BY ALL with * is not supported", item.expression->position);
      }
      if (!ContainsAggregate(*item.expression) && !ContainsWindow(*item.expression)) {
        add_key(*item.expression);
      }
    }
  }
  // The key itself for a GROUP BY item: a select item for an ordinal or an alias.
  auto resolve_key = [&](const AstExprPtr& node) -> const AstExpr& {
    if (auto ordinal = Ordinal(*node)) {
      if (*ordinal < 1 || *ordinal > static_cast<int64_t>(select_.items.size()) ||
          select_.items[*ordinal - 1].expression->kind == AstExprKind::kStar) {
        throw SqlError("GROUP BY position " + std::to_string(*ordinal) +
                           " is not an expression of the select list",
                       node->position);
      }
      return *select_.items[*ordinal - 1].expression;
    }
    if (node->kind == AstExprKind::kColumn && node->names.size() == 1 &&
        !pre_scope.TryResolve(node->names, node->position)) {
      for (const SelectItem& item : select_.items) {
        if (SameNameWithoutCase(item.alias, node->names[0])) return *item.expression;
      }
    }
    return *node;
  };
  // ROLLUP / CUBE / GROUPING SETS: the keys of the query that this key list leaves out are NULL
  // in its rows.
  std::vector<std::pair<Expr, SourcePosition>> null_keys;
  if (grouping_set_ != nullptr) {
    std::set<std::string> in_set;
    for (const AstExprPtr& node : *grouping_set_) {
      const AstExpr& key = resolve_key(node);
      add_key(key);
      in_set.insert(keys.back().first->ToString());
    }
    for (const std::vector<AstExprPtr>& other_set : select_.grouping_sets) {
      for (const AstExprPtr& node : other_set) {
        const AstExpr& key = resolve_key(node);
        Expr value = pre.Translate(key);
        if (in_set.insert(value->ToString()).second) null_keys.emplace_back(value, key.position);
      }
    }
  }
  for (const AstExprPtr& node : select_.group_by) {
    if (auto ordinal = Ordinal(*node)) {
      if (*ordinal < 1 || *ordinal > static_cast<int64_t>(select_.items.size()) ||
          select_.items[*ordinal - 1].expression->kind == AstExprKind::kStar) {
        throw SqlError("GROUP BY position " + std::to_string(*ordinal) +
                           " is not an expression of the select list",
                       node->position);
      }
      add_key(*select_.items[*ordinal - 1].expression);
      continue;
    }
    if (node->kind == AstExprKind::kColumn && node->names.size() == 1 &&
        !pre_scope.TryResolve(node->names, node->position)) {
      // Not a column of FROM: an alias of the select list.
      const SelectItem* aliased = nullptr;
      for (const SelectItem& item : select_.items) {
        if (SameNameWithoutCase(item.alias, node->names[0])) aliased = &item;
      }
      if (aliased != nullptr) {
        add_key(*aliased->expression);
        continue;
      }
    }
    add_key(*node);
  }
  for (const Expr& inner : correlation_inner_) keys.emplace_back(inner, query_.position);
  // Keys that are not plain columns get a hidden column first, so the aggregate's output names
  // are known.
  std::vector<NamedExpr> projection;
  for (const Field& field : relation_.frame.schema().fields()) {
    projection.push_back({field.name, Col(field.name)});
  }
  std::vector<Expr> group_keys;
  std::set<std::string> seen;
  for (const auto& [key, position] : keys) {
    const std::string text = key->ToString();
    if (!seen.insert(text).second) continue;
    CheckBinds(key, relation_.frame, position);
    std::string column;
    if (auto plain = PlainColumn(key, relation_.frame);
        plain && plain->find('.') == std::string::npos) {
      column = *plain;
    } else {
      column = binder_.HiddenName("key");
      projection.push_back({column, key});
    }
    key_columns_[text] = column;
    group_keys.push_back(Col(column));
  }
  // The aggregate calls of SELECT, HAVING, QUALIFY and ORDER BY; equal ones computed once.
  std::vector<const AstExpr*> calls;
  for (const SelectItem& item : select_.items) CollectAggregateCalls(*item.expression, calls);
  if (select_.having) CollectAggregateCalls(*select_.having, calls);
  if (select_.qualify) CollectAggregateCalls(*select_.qualify, calls);
  for (const OrderItem& item : query_.order_by) CollectAggregateCalls(*item.expression, calls);
  // list(x ORDER BY y): aggregates see rows in input order, so the rows are sorted first. One
  // order for all such calls of a query.
  std::vector<SortSpec> aggregate_order;
  std::string aggregate_order_text;
  const AstExpr* ordered_call = nullptr;
  for (const AstExpr* call : calls) {
    if (call->order_by.empty()) continue;
    std::vector<SortSpec> keys;
    std::string text;
    for (const OrderItem& item : call->order_by) {
      const Expr value = pre.Translate(*item.expression);
      CheckBinds(value, relation_.frame, item.expression->position);
      std::string column;
      if (auto plain = PlainColumn(value, relation_.frame)) {
        column = *plain;
      } else {
        column = binder_.HiddenName("aggregate_order");
        projection.push_back({column, value});
      }
      const bool nulls_first = item.nulls_first.value_or(false);
      keys.push_back({column, item.ascending, nulls_first});
      text += value->ToString() + (item.ascending ? " ASC" : " DESC") + (nulls_first ? "F," : "L,");
    }
    if (ordered_call != nullptr && text != aggregate_order_text) {
      throw SqlError("aggregates of one query with different ORDER BY are not supported yet",
                     call->position);
    }
    ordered_call = call;
    aggregate_order_text = text;
    aggregate_order = keys;
  }
  if (projection.size() > static_cast<size_t>(relation_.frame.schema().num_fields())) {
    relation_.frame = relation_.frame.Select(projection);
  }
  if (!aggregate_order.empty()) relation_.frame = relation_.frame.Sort(aggregate_order);
  std::vector<AggregateSpec> specs;
  std::map<std::string, std::string> by_text;
  // An aggregate that is a whole select item takes that item's name (so that the projection
  // after grouping can be left out, as in the DataFrame program); others get hidden names.
  std::map<const AstExpr*, std::string> item_names;
  for (const SelectItem& item : select_.items) {
    item_names[item.expression.get()] = item.alias.empty() ? item.expression->text : item.alias;
  }
  std::set<std::string> used_names;
  for (const auto& [text, column] : key_columns_) used_names.insert(column);
  for (const AstExpr* call : calls) {
    AggregateSpec spec = MakeAggregateSpec(*call, pre);
    std::string text = spec.function + "(";
    for (const ExprPtr& argument : spec.arguments) text += argument->ToString() + ",";
    text += std::to_string(spec.options.quantile) + spec.options.separator + "," +
            std::to_string(spec.options.k) + ")";
    auto [existing, inserted] = by_text.emplace(text, "");
    if (inserted) {
      const auto item = item_names.find(call);
      if (item != item_names.end() && used_names.count(item->second) == 0 &&
          item->second.rfind("__sql_", 0) != 0) {
        existing->second = item->second;
      } else {
        existing->second = binder_.HiddenName("aggregate");
      }
      used_names.insert(existing->second);
      spec.name = existing->second;
      // Made alone first so that a type error points at this call.
      AtPosition(call->position, [&] { return relation_.frame.GroupBy(group_keys).Agg({spec}); });
      specs.push_back(spec);
    }
    computed_[call] = existing->second;
  }
  // Typed before grouping: the NULL columns of keys this grouping set leaves out.
  std::vector<std::pair<std::string, DataType>> null_columns;
  for (const auto& [key, position] : null_keys) {
    const DataType type =
        AtPosition(position, [&] { return berserkr::Bind(key, relation_.frame.schema()).type(); });
    null_columns.emplace_back(key->ToString(), type);
  }
  relation_.frame = relation_.frame.GroupBy(group_keys).Agg(specs);
  for (const auto& [text, type] : null_columns) {
    const std::string column = binder_.HiddenName("null_key");
    relation_.frame = relation_.frame.WithColumn(column, NullLit(type));
    key_columns_[text] = column;
  }
  relation_.columns.clear();  // after grouping, names reach the frame through Replacement
}

std::optional<Expr> SelectBinder::Replacement(const AstExpr& node) {
  const auto found = computed_.find(&node);
  if (found != computed_.end()) return Col(found->second);
  if (!aggregated_) return std::nullopt;
  // (A subquery is left alone: translating it would run it.)
  if (node.kind != AstExprKind::kLiteral && !ContainsAggregate(node) && !ContainsWindow(node) &&
      !ContainsSubquery(node)) {
    const Scope pre_scope(&from_columns_, outer_);
    try {
      const Expr before = ExpressionBinder(binder_, pre_scope).Translate(node);
      const auto key = key_columns_.find(before->ToString());
      if (key != key_columns_.end()) return Col(key->second);
    } catch (const SqlError&) {
      // Not a grouped expression as a whole: its parts are looked at next.
    }
  }
  if (node.kind == AstExprKind::kColumn) {
    const Scope pre_scope(&from_columns_, outer_);
    const auto resolved = pre_scope.TryResolve(node.names, node.position);
    if (resolved && resolved->depth == 0) {
      throw SqlError("column '" + node.text +
                         "' must appear in the GROUP BY clause or be used in an aggregate "
                         "function",
                     node.position);
    }
  }
  return std::nullopt;
}

}  // namespace berserkr::sql
