// QueryBinder: WITH scopes, the query tree (SELECT blocks, set operations, VALUES), the final
// ORDER BY / LIMIT of set operations, and the top-level renaming to SQL names.

#include "sql/binder.h"

#include <cctype>

#include "sql/aggregate_calls.h"
#include "sql/select_binder.h"

namespace berserkr::sql {
namespace {

std::string Lower(std::string text) {
  for (char& character : text) character = static_cast<char>(std::tolower(character));
  return text;
}

// The engine's set operations compare NULLs as equal; its joins never match a NULL key. So a
// set-operation key is the pair (value IS NULL, COALESCE(value, a stand-in of the type)).
std::vector<Expr> NullSafeKeys(const Schema& schema, const std::vector<DataType>& types) {
  std::vector<Expr> keys;
  for (int column = 0; column < schema.num_fields(); ++column) {
    const std::string& name = schema.field(column).name;
    const DataType& type = types[static_cast<size_t>(column)];
    Expr value = schema.field(column).type == type ? Col(name) : Cast(Col(name), type);
    Expr stand_in = type.id() == TypeId::kString ? Lit("")
                    : type.id() == TypeId::kBool ? Lit(false)
                    : type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp
                        ? Cast(Lit("1970-01-01"), type)
                        : Cast(Lit(0), type);
    keys.push_back(IsNull(Col(name)));
    keys.push_back(Coalesce({value, stand_in}));
  }
  return keys;
}

}  // namespace

const BoundQuery* QueryBinder::FindCte(const std::string& name) const {
  const std::string key = Lower(name);
  for (auto level = ctes_.rbegin(); level != ctes_.rend(); ++level) {
    const auto found = level->find(key);
    if (found != level->end()) return &found->second;
  }
  return nullptr;
}

std::string QueryBinder::HiddenName(const std::string& what) {
  return "__sql_" + what + "_" + std::to_string(next_hidden_++);
}

DataFrame QueryBinder::BindTopLevel(const QueryNode& query) {
  BoundQuery bound = BindQuery(query, nullptr);
  const Schema& schema = bound.frame.schema();
  bool renamed = false;
  std::vector<NamedExpr> columns;
  for (size_t column = 0; column < bound.names.size(); ++column) {
    const std::string& frame_name = schema.field(static_cast<int>(column)).name;
    renamed |= frame_name != bound.names[column];
    columns.push_back({bound.names[column], Col(frame_name)});
  }
  if (!renamed && bound.names.size() == static_cast<size_t>(schema.num_fields())) {
    return bound.frame;
  }
  return bound.frame.Select(columns);
}

BoundQuery QueryBinder::BindQuery(const QueryNode& query, const Scope* outer,
                                  Correlation* correlation) {
  // The WITH names of this query, each visible to the ones after it and to the body.
  struct CteLevel {
    explicit CteLevel(std::vector<std::map<std::string, BoundQuery>>& stack) : stack_(stack) {
      stack_.emplace_back();
    }
    ~CteLevel() { stack_.pop_back(); }
    std::vector<std::map<std::string, BoundQuery>>& stack_;
  };
  std::optional<CteLevel> level;
  if (!query.ctes.empty()) level.emplace(ctes_);
  for (const CommonTableExpression& cte : query.ctes) {
    BoundQuery bound = BindQuery(*cte.query, outer);
    if (cte.column_aliases.size() > bound.names.size()) {
      throw SqlError("WITH " + cte.name + " names " + std::to_string(cte.column_aliases.size()) +
                         " columns but its query has " + std::to_string(bound.names.size()),
                     cte.position);
    }
    for (size_t column = 0; column < cte.column_aliases.size(); ++column) {
      bound.names[column] = cte.column_aliases[column];
    }
    ctes_.back().insert_or_assign(Lower(cte.name), std::move(bound));
  }
  switch (query.kind) {
    case QueryNode::Kind::kSelect:
      if (!query.select.grouping_sets.empty()) return BindGroupingSets(query, outer, correlation);
      return SelectBinder(*this, query, outer, correlation).Bind();
    case QueryNode::Kind::kSetOperation:
      return ApplyOrderAndLimit(BindSetOperation(query, outer), query);
    case QueryNode::Kind::kValues: {
      Table table = ValuesTable(*this, query.values);
      BoundQuery bound{DataFrame::FromTable(table), {}};
      for (const Field& field : table.schema()->fields()) bound.names.push_back(field.name);
      return ApplyOrderAndLimit(std::move(bound), query);
    }
  }
  throw SqlError("unsupported query", query.position);
}

// GROUP BY ROLLUP / CUBE / GROUPING SETS: one grouping per key list, as UNION ALL, then the
// query's DISTINCT, ORDER BY (output names and positions) and LIMIT over the union.
BoundQuery QueryBinder::BindGroupingSets(const QueryNode& query, const Scope* outer,
                                         Correlation* /*correlation*/) {
  // A correlated subquery that groups by sets is not decorrelated (`correlation` stays empty):
  // its outer references fail as they do outside WHERE equalities.
  std::optional<BoundQuery> result;
  for (const std::vector<AstExprPtr>& grouping_set : query.select.grouping_sets) {
    SelectBinder binder(*this, query, outer, nullptr);
    binder.ForGroupingSet(&grouping_set);
    BoundQuery bound = binder.Bind();
    if (!result) {
      result = std::move(bound);
    } else {
      result->frame =
          AtPosition(query.position, [&] { return result->frame.UnionAll(bound.frame); });
    }
  }
  if (query.select.distinct) result->frame = result->frame.Distinct();
  return ApplyOrderAndLimit(std::move(*result), query);
}

BoundQuery QueryBinder::BindSetOperation(const QueryNode& query, const Scope* outer) {
  BoundQuery left = BindQuery(*query.left, outer);
  BoundQuery right = BindQuery(*query.right, outer);
  const char* what = query.set_operation == SetOperation::kUnion       ? "UNION"
                     : query.set_operation == SetOperation::kIntersect ? "INTERSECT"
                                                                       : "EXCEPT";
  if (left.names.size() != right.names.size()) {
    throw SqlError(std::string(what) + " needs the same number of columns on both sides, not " +
                       std::to_string(left.names.size()) + " and " +
                       std::to_string(right.names.size()),
                   query.position);
  }
  if (query.set_operation == SetOperation::kUnion) {
    DataFrame frame = AtPosition(query.position, [&] { return left.frame.UnionAll(right.frame); });
    if (!query.all) frame = frame.Distinct();
    return {frame, left.names};
  }
  // INTERSECT / EXCEPT: the distinct left rows that have (or lack) an equal right row.
  const Schema left_schema = left.frame.schema();
  const Schema right_schema = right.frame.schema();
  // Each column is compared in the type a UNION gives it, where both sides meet.
  const DataFrame both =
      AtPosition(query.position, [&] { return left.frame.UnionAll(right.frame); });
  std::vector<DataType> types;
  for (const Field& field : both.schema().fields()) types.push_back(field.type);
  std::vector<Expr> left_keys = NullSafeKeys(left_schema, types);
  std::vector<Expr> right_keys = NullSafeKeys(right_schema, types);
  const JoinType type =
      query.set_operation == SetOperation::kIntersect ? JoinType::kSemi : JoinType::kAnti;
  if (!query.all) {
    return {left.frame.Distinct().Join(right.frame, left_keys, right_keys, type), left.names};
  }
  // INTERSECT ALL / EXCEPT ALL: the k-th copy of a row on the left meets the k-th copy on the
  // right, so a row m times on the left and n on the right is kept min(m, n) / max(m - n, 0)
  // times. Copies are numbered by a window partitioned by every column.
  auto number_copies = [&](const DataFrame& frame, const Schema& schema, std::vector<Expr>& keys) {
    std::vector<Expr> columns;
    for (const Field& field : schema.fields()) columns.push_back(Col(field.name));
    const std::string copy = HiddenName("copy");
    keys.push_back(Col(copy));
    return AtPosition(query.position,
                      [&] { return frame.Window(columns, {}, {RowNumber().As(copy)}); });
  };
  const DataFrame numbered_left = number_copies(left.frame, left_schema, left_keys);
  const DataFrame numbered_right = number_copies(right.frame, right_schema, right_keys);
  const DataFrame joined = numbered_left.Join(numbered_right, left_keys, right_keys, type);
  std::vector<NamedExpr> columns;
  for (const Field& field : left_schema.fields()) columns.push_back({field.name, Col(field.name)});
  return {joined.Select(columns), left.names};
}

BoundQuery QueryBinder::ApplyOrderAndLimit(BoundQuery bound, const QueryNode& query) {
  // After a set operation, ORDER BY names output columns (by name or position).
  if (!query.order_by.empty()) {
    std::vector<SortSpec> keys;
    const Schema& schema = bound.frame.schema();
    for (const OrderItem& item : query.order_by) {
      const AstExpr& node = *item.expression;
      std::optional<size_t> column;
      if (node.kind == AstExprKind::kLiteral && node.literal.type().is_integer()) {
        const int64_t ordinal = node.literal.int_value();
        if (ordinal >= 1 && ordinal <= static_cast<int64_t>(bound.names.size())) {
          column = static_cast<size_t>(ordinal - 1);
        }
      } else if (node.kind == AstExprKind::kColumn && node.names.size() == 1) {
        for (size_t index = 0; index < bound.names.size() && !column; ++index) {
          if (Lower(bound.names[index]) == Lower(node.names[0])) column = index;
        }
      }
      if (!column) {
        throw SqlError(
            "ORDER BY after UNION, INTERSECT, EXCEPT or VALUES takes an output column "
            "name or position",
            node.position);
      }
      keys.push_back({schema.field(static_cast<int>(*column)).name, item.ascending,
                      item.nulls_first.value_or(false)});
    }
    bound.frame = bound.frame.Sort(keys);
  }
  if (query.limit || query.offset) {
    std::vector<ScopeColumn> none;
    const Scope scope(&none, nullptr);
    auto count = [&](const AstExprPtr& node, const char* what) -> int64_t {
      const std::optional<Scalar> value =
          ConstantValue(ExpressionBinder(*this, scope).Translate(*node));
      if (!value || value->is_null() || !value->type().is_integer() || value->int_value() < 0) {
        throw SqlError(std::string(what) + " takes a constant whole number >= 0", node->position);
      }
      return value->int_value();
    };
    const int64_t limit =
        query.limit ? count(query.limit, "LIMIT") : std::numeric_limits<int64_t>::max();
    const int64_t offset = query.offset ? count(query.offset, "OFFSET") : 0;
    bound.frame = bound.frame.Limit(limit, offset);
  }
  return bound;
}

}  // namespace berserkr::sql
