// SelectBinder: the flow of a SELECT block, FROM, WHERE, the SELECT list, QUALIFY, DISTINCT,
// ORDER BY and LIMIT. Grouping is in bind_aggregation.cc, windows in bind_window.cc, subqueries
// that become joins in bind_subquery_join.cc.

#include <algorithm>
#include <cctype>

#include "berserkr/expr/bind.h"
#include "sql/aggregate_calls.h"
#include "sql/ast_walk.h"
#include "sql/select_binder.h"

namespace berserkr::sql {
namespace {

int64_t ConstantCount(QueryBinder& binder, const AstExprPtr& node, const char* what) {
  std::vector<ScopeColumn> none;
  const Scope scope(&none, nullptr);
  const Expr value = ExpressionBinder(binder, scope).Translate(*node);
  const BoundExpression bound = AtPosition(node->position, [&] { return Bind(value, Schema()); });
  if (!bound.is_constant() || !bound.type().is_integer() || bound.constant().is_null() ||
      bound.constant().int_value() < 0) {
    throw SqlError(std::string(what) + " takes a constant whole number >= 0", node->position);
  }
  return bound.constant().int_value();
}

}  // namespace

BoundQuery SelectBinder::Bind() {
  BindFrom();
  BindWhere();
  BindAggregation();
  if (select_.having) {
    if (!aggregated_)
      throw SqlError("HAVING needs GROUP BY or aggregates", select_.having->position);
    const Expr predicate = Translate(*select_.having);
    relation_.frame =
        AtPosition(select_.having->position, [&] { return relation_.frame.Filter(predicate); });
  }
  BindWindows();
  BindQualify();
  BindProjection();
  BindDistinctOrderLimit();
  BoundQuery bound{relation_.frame, {}};
  for (const OutputItem& output : outputs_) bound.names.push_back(output.name);
  return bound;
}

void SelectBinder::BindFrom() {
  if (select_.where) SplitConjuncts(select_.where, where_);
  if (select_.from) {
    relation_ = BindTableRef(binder_, *select_.from, outer_, &where_);
  } else {
    // SELECT without FROM reads one row with no columns the query can name.
    ColumnPtr one = Scalar::Int(1, DataType::Int32()).ToColumn(1);
    auto schema =
        std::make_shared<Schema>(std::vector<Field>{{"__sql_one", DataType::Int32(), true}});
    Batch batch;
    batch.schema = schema;
    batch.columns = {one};
    batch.num_rows = 1;
    relation_ = Relation{DataFrame::FromTable(Table(schema, {batch})), {}};
  }
  from_columns_ = relation_.columns;
  DecorrelateScalarSubqueries();
}

void SelectBinder::BindWhere() {
  const std::vector<AstExprPtr>& conjuncts = where_;
  std::vector<AstExprPtr> filters;
  std::vector<AstExprPtr> subquery_joins;
  for (const AstExprPtr& conjunct : conjuncts) {
    if (TakeCorrelation(conjunct)) continue;
    const AstExpr* node = conjunct.get();
    if (node->kind == AstExprKind::kUnary && node->op == "NOT") node = node->children[0].get();
    if (node->kind == AstExprKind::kInQuery || node->kind == AstExprKind::kExists) {
      subquery_joins.push_back(conjunct);
    } else {
      filters.push_back(conjunct);
    }
  }
  // Plain conditions first: fewer rows reach the joins.
  for (const AstExprPtr& conjunct : filters) {
    const Expr predicate = Translate(*conjunct);
    relation_.frame =
        AtPosition(conjunct->position, [&] { return relation_.frame.Filter(predicate); });
  }
  for (const AstExprPtr& conjunct : subquery_joins) {
    if (TakeSubqueryJoin(*conjunct)) continue;
    const Expr predicate = Translate(*conjunct);
    relation_.frame =
        AtPosition(conjunct->position, [&] { return relation_.frame.Filter(predicate); });
  }
}

Expr SelectBinder::Translate(const AstExpr& node) {
  const Scope scope = CurrentScope();
  return ExpressionBinder(binder_, scope, [this](const AstExpr& each) { return Replacement(each); })
      .Translate(node);
}

std::vector<SelectBinder::OutputItem> SelectBinder::ExpandSelectList() const {
  std::vector<OutputItem> items;
  for (const SelectItem& item : select_.items) {
    const AstExpr& expression = *item.expression;
    if (expression.kind != AstExprKind::kStar) {
      std::string name = item.alias;
      if (name.empty()) {
        name = expression.kind == AstExprKind::kColumn ? expression.names.back() : expression.text;
      }
      items.push_back({item.expression, "", name});
      continue;
    }
    const std::string qualifier = expression.names.empty() ? "" : expression.names[0];
    bool any = false;
    for (const ScopeColumn& column : from_columns_) {
      if (qualifier.empty() ? column.hidden : !SameNameWithoutCase(column.qualifier, qualifier))
        continue;
      any = true;
      bool excluded = false;
      for (const std::string& name : expression.excluded) {
        excluded |= SameNameWithoutCase(name, column.name);
      }
      if (excluded) continue;
      const AstExprPtr* replacement = nullptr;
      for (const auto& [value, name] : expression.replacements) {
        if (SameNameWithoutCase(name, column.name)) replacement = &value;
      }
      if (replacement != nullptr) {
        items.push_back({*replacement, "", column.name});
      } else {
        items.push_back({nullptr, column.frame_name, column.name});
      }
    }
    if (!any && !qualifier.empty()) {
      throw SqlError("no table named '" + qualifier + "' in FROM for " + qualifier + ".*",
                     expression.position);
    }
  }
  return items;
}

void SelectBinder::BindProjection() {
  outputs_ = ExpandSelectList();
  std::vector<NamedExpr> columns;
  std::set<std::string> used;
  auto unique_name = [&used](std::string name) {
    std::string candidate = name;
    for (int suffix = 1; used.count(candidate) != 0 || candidate.rfind("__sql_", 0) == 0;
         ++suffix) {
      candidate = name + "_" + std::to_string(suffix);
    }
    used.insert(candidate);
    return candidate;
  };
  std::vector<std::string> output_texts;
  for (const OutputItem& output : outputs_) {
    Expr value = Col(output.star_column);
    SourcePosition position = query_.position;
    if (output.expression) {
      value = Translate(*output.expression);
      position = output.expression->position;
    } else if (aggregated_) {
      const auto key = key_columns_.find(value->ToString());
      if (key == key_columns_.end()) {
        throw SqlError("column '" + output.name +
                           "' of * must appear in the GROUP BY clause or be used in an "
                           "aggregate function",
                       position);
      }
      value = Col(key->second);
    }
    CheckBinds(value, relation_.frame, position);
    output_texts.push_back(value->ToString());
    output_columns_.push_back(unique_name(output.name));
    columns.push_back({output_columns_.back(), value});
  }
  // ORDER BY: an ordinal, an output name, an output expression, or any other expression (then a
  // hidden column, dropped after the sort). For a grouping set, the union's ORDER BY sorts.
  static const std::vector<OrderItem> kNoOrder;
  for (const OrderItem& item : grouping_set_ != nullptr ? kNoOrder : query_.order_by) {
    std::optional<size_t> output;
    if (auto ordinal = Ordinal(*item.expression)) {
      if (*ordinal < 1 || *ordinal > static_cast<int64_t>(outputs_.size())) {
        throw SqlError("ORDER BY position " + std::to_string(*ordinal) +
                           " is not in the select list (1 to " + std::to_string(outputs_.size()) +
                           ")",
                       item.expression->position);
      }
      output = static_cast<size_t>(*ordinal - 1);
    } else if (item.expression->kind == AstExprKind::kColumn &&
               item.expression->names.size() == 1) {
      for (size_t index = 0; index < outputs_.size() && !output; ++index) {
        if (outputs_[index].name == item.expression->names[0]) output = index;
      }
      for (size_t index = 0; index < outputs_.size() && !output; ++index) {
        if (SameNameWithoutCase(outputs_[index].name, item.expression->names[0])) output = index;
      }
    }
    std::string column;
    if (output) {
      column = output_columns_[*output];
    } else {
      const Expr value = Translate(*item.expression);
      const auto same = std::find(output_texts.begin(), output_texts.end(), value->ToString());
      if (same != output_texts.end()) {
        column = output_columns_[static_cast<size_t>(same - output_texts.begin())];
      } else {
        if (select_.distinct && select_.distinct_on.empty()) {
          throw SqlError(
              "with SELECT DISTINCT, ORDER BY expressions must appear in the select list",
              item.expression->position);
        }
        CheckBinds(value, relation_.frame, item.expression->position);
        column = binder_.HiddenName("order");
        columns.push_back({column, value});
        hidden_order_ = true;
      }
    }
    sort_keys_.push_back({column, item.ascending, item.nulls_first.value_or(false)});
  }
  // DISTINCT ON (...): output columns, or hidden ones for other expressions.
  for (const AstExprPtr& node : select_.distinct_on) {
    const Expr value = Translate(*node);
    const auto same = std::find(output_texts.begin(), output_texts.end(), value->ToString());
    if (same != output_texts.end()) {
      distinct_on_columns_.push_back(
          output_columns_[static_cast<size_t>(same - output_texts.begin())]);
      continue;
    }
    CheckBinds(value, relation_.frame, node->position);
    distinct_on_columns_.push_back(binder_.HiddenName("distinct_on"));
    columns.push_back({distinct_on_columns_.back(), value});
    hidden_order_ = true;
  }
  if (correlation_ != nullptr && !correlation_->residuals.empty()) {
    if (aggregated_) {
      throw SqlError("a grouped subquery can be correlated only by equalities (inner.k = outer.k)",
                     correlation_->residuals.front()->position);
    }
    // The outer query evaluates the other conditions over the joined rows: it needs every
    // column of FROM.
    for (const ScopeColumn& column : from_columns_) {
      ScopeColumn output = column;
      output.frame_name = binder_.HiddenName("correlated");
      columns.push_back({output.frame_name, Col(column.frame_name)});
      correlation_->residual_columns.push_back(output);
    }
  }
  if (correlation_ != nullptr) {
    for (const Expr& inner : correlation_inner_) {
      Expr value = inner;
      if (aggregated_) value = Col(key_columns_.at(inner->ToString()));
      correlation_->inner_columns.push_back(binder_.HiddenName("correlation"));
      columns.push_back({correlation_->inner_columns.back(), value});
    }
  }
  // A projection that keeps every column as it is named and ordered is left out.
  const Schema& schema = relation_.frame.schema();
  bool identity = columns.size() == static_cast<size_t>(schema.num_fields());
  for (size_t column = 0; identity && column < columns.size(); ++column) {
    const Expr& value = columns[column].expression;
    identity = value->kind() == ExpressionKind::kColumn &&
               value->name() == schema.field(static_cast<int>(column)).name &&
               columns[column].name == value->name();
  }
  if (identity) return;
  relation_.frame = AtPosition(query_.position, [&] { return relation_.frame.Select(columns); });
}

void SelectBinder::BindDistinctOrderLimit() {
  if (grouping_set_ != nullptr) return;  // the union of the grouping sets does these
  if (!select_.distinct_on.empty()) {
    // The first row of each DISTINCT ON value in ORDER BY's order: sort, then keep firsts
    // (Distinct keeps first appearances, in order).
    if (!sort_keys_.empty()) relation_.frame = relation_.frame.Sort(sort_keys_);
    relation_.frame = relation_.frame.Distinct(distinct_on_columns_);
  } else {
    if (select_.distinct) relation_.frame = relation_.frame.Distinct(output_columns_);
    if (!sort_keys_.empty()) relation_.frame = relation_.frame.Sort(sort_keys_);
  }
  if (hidden_order_) {
    std::vector<NamedExpr> visible;
    for (const std::string& column : output_columns_) visible.push_back({column, Col(column)});
    if (correlation_ != nullptr) {
      for (const ScopeColumn& column : correlation_->residual_columns) {
        visible.push_back({column.frame_name, Col(column.frame_name)});
      }
      for (const std::string& column : correlation_->inner_columns) {
        visible.push_back({column, Col(column)});
      }
    }
    relation_.frame = relation_.frame.Select(visible);
  }
  if (query_.limit || query_.offset) {
    const int64_t limit = query_.limit ? ConstantCount(binder_, query_.limit, "LIMIT")
                                       : std::numeric_limits<int64_t>::max();
    const int64_t offset = query_.offset ? ConstantCount(binder_, query_.offset, "OFFSET") : 0;
    relation_.frame = relation_.frame.Limit(limit, offset);
  }
}

void SelectBinder::BindQualify() {
  if (!select_.qualify) return;
  const Expr predicate = Translate(*select_.qualify);
  relation_.frame =
      AtPosition(select_.qualify->position, [&] { return relation_.frame.Filter(predicate); });
}

}  // namespace berserkr::sql
