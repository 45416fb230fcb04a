#include <algorithm>
#include <cctype>

#include "berserkr/expr/bind.h"
#include "sql/aggregate_calls.h"
#include "sql/select_binder.h"

namespace berserkr::sql {
namespace {

void SplitConjuncts(const AstExprPtr& node, std::vector<AstExprPtr>& conjuncts) {
  if (node->kind == AstExprKind::kBinary && node->op == "AND") {
    SplitConjuncts(node->children[0], conjuncts);
    SplitConjuncts(node->children[1], conjuncts);
  } else {
    conjuncts.push_back(node);
  }
}

// Bit 1: the expression reads a column of this query level; bit 2: of an enclosing one.
int ReferenceLevels(const AstExpr& node, const Scope& scope) {
  int levels = 0;
  if (node.kind == AstExprKind::kColumn) {
    const auto resolved = scope.TryResolve(node.names, node.position);
    levels |= resolved && resolved->depth > 0 ? 2 : 1;
  }
  for (const AstExprPtr& child : node.children) {
    if (child) levels |= ReferenceLevels(*child, scope);
  }
  if (node.case_operand) levels |= ReferenceLevels(*node.case_operand, scope);
  return levels;
}

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

bool SameName(const std::string& left, const std::string& right) {
  return left.size() == right.size() &&
         std::equal(left.begin(), left.end(), right.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

// A plain frame column (no struct path): its name; else nullopt.
std::optional<std::string> PlainColumn(const Expr& expression, const DataFrame& frame) {
  if (expression->kind() != ExpressionKind::kColumn) return std::nullopt;
  if (!frame.schema().FieldIndex(expression->name())) return std::nullopt;
  return expression->name();
}

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
  // Correlated scalar subqueries become left joins with the subquery grouped by its keys.
  if (aggregated_query()) return;
  std::vector<const AstExpr*> subqueries;
  if (select_.where) CollectScalarSubqueries(*select_.where, subqueries);
  for (const SelectItem& item : select_.items)
    CollectScalarSubqueries(*item.expression, subqueries);
  for (const AstExpr* node : subqueries) {
    const Scope scope = CurrentScope();
    Correlation correlation;
    correlation.outer = &scope;
    BoundQuery sub = binder_.BindQuery(*node->subquery, &scope, &correlation);
    if (correlation.inner_columns.empty()) continue;  // uncorrelated: run once when translated
    if (sub.names.size() != 1) {
      throw SqlError("a subquery used as a value must return one column, not " +
                         std::to_string(sub.names.size()),
                     node->position);
    }
    const std::string value_column = sub.frame.schema().field(0).name;
    std::vector<Expr> inner_keys;
    for (const std::string& column : correlation.inner_columns) inner_keys.push_back(Col(column));
    const int left_width = relation_.frame.schema().num_fields();
    relation_.frame = AtPosition(node->position, [&] {
      return relation_.frame.Join(sub.frame, correlation.outer_keys, inner_keys, JoinType::kLeft);
    });
    std::string column = relation_.frame.schema().field(left_width).name;
    // count(...) over no matching rows is 0, not the NULL a left join gives.
    const QueryNode& query = *node->subquery;
    if (query.kind == QueryNode::Kind::kSelect && query.select.items.size() == 1 &&
        query.select.items[0].expression->kind == AstExprKind::kFunction &&
        !query.select.items[0].expression->window &&
        (query.select.items[0].expression->names[0] == "count" ||
         query.select.items[0].expression->names[0] == "count_star")) {
      const std::string fixed = binder_.HiddenName("count");
      relation_.frame = relation_.frame.WithColumn(fixed, Coalesce({Col(column), Lit(int64_t{0})}));
      column = fixed;
    }
    (void)value_column;
    computed_[node] = column;
  }
}

bool SelectBinder::aggregated_query() const {
  if (!select_.group_by.empty() || select_.group_by_all || select_.having) return true;
  for (const SelectItem& item : select_.items) {
    if (ContainsAggregate(*item.expression)) return true;
  }
  if (select_.qualify && ContainsAggregate(*select_.qualify)) return true;
  for (const OrderItem& item : query_.order_by) {
    if (ContainsAggregate(*item.expression)) return true;
  }
  return false;
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

bool SelectBinder::TakeCorrelation(const AstExprPtr& conjunct) {
  if (correlation_ == nullptr || outer_ == nullptr) return false;
  const Scope scope = CurrentScope();
  const int levels = ReferenceLevels(*conjunct, scope);
  if ((levels & 2) == 0) return false;
  if (conjunct->kind == AstExprKind::kBinary && conjunct->op == "=") {
    const int left = ReferenceLevels(*conjunct->children[0], scope);
    const int right = ReferenceLevels(*conjunct->children[1], scope);
    const AstExpr* inner = nullptr;
    const AstExpr* outer = nullptr;
    if (left == 1 && right == 2) {
      inner = conjunct->children[0].get();
      outer = conjunct->children[1].get();
    } else if (left == 2 && right == 1) {
      inner = conjunct->children[1].get();
      outer = conjunct->children[0].get();
    }
    if (inner != nullptr) {
      correlation_inner_.push_back(ExpressionBinder(binder_, scope).Translate(*inner));
      correlation_->outer_keys.push_back(ExpressionBinder(binder_, *outer_).Translate(*outer));
      return true;
    }
  }
  throw SqlError(
      "this condition of a correlated subquery is not supported yet: only equalities between "
      "an expression of the subquery and one of the outer query (inner.k = outer.k) are",
      conjunct->position);
}

bool SelectBinder::TakeSubqueryJoin(const AstExpr& conjunct) {
  const AstExpr* node = &conjunct;
  bool negate = false;
  if (node->kind == AstExprKind::kUnary && node->op == "NOT") {
    node = node->children[0].get();
    negate = true;
  }
  const Scope scope = CurrentScope();
  Correlation correlation;
  correlation.outer = &scope;
  BoundQuery sub = binder_.BindQuery(*node->subquery, &scope, &correlation);
  std::vector<Expr> left_keys = correlation.outer_keys;
  std::vector<Expr> right_keys;
  for (const std::string& column : correlation.inner_columns) right_keys.push_back(Col(column));
  const bool negated = node->negated != negate;
  if (node->kind == AstExprKind::kExists) {
    if (left_keys.empty()) return false;  // uncorrelated: evaluated once, as a constant
    relation_.frame = AtPosition(node->position, [&] {
      return relation_.frame.Join(sub.frame, left_keys, right_keys,
                                  negated ? JoinType::kAnti : JoinType::kSemi);
    });
    return true;
  }
  if (sub.names.size() != 1) {
    throw SqlError(
        "the subquery of IN must return one column, not " + std::to_string(sub.names.size()),
        node->position);
  }
  const Expr value = Translate(*node->children[0]);
  const std::string sub_column = sub.frame.schema().field(0).name;
  left_keys.insert(left_keys.begin(), value);
  right_keys.insert(right_keys.begin(), Col(sub_column));
  if (!negated) {
    relation_.frame = AtPosition(node->position, [&] {
      return relation_.frame.Join(sub.frame, left_keys, right_keys, JoinType::kSemi);
    });
    return true;
  }
  if (!correlation.inner_columns.empty()) {
    throw SqlError("NOT IN with a correlated subquery is not supported yet; use NOT EXISTS",
                   node->position);
  }
  // x NOT IN (subquery): true when the subquery is empty; else NULL (so the row goes) when x or
  // any subquery value is NULL; else true when no value equals x.
  const Table counts = sub.frame.GroupBy({})
                           .Agg({CountStar().As("rows"), Count(Col(sub_column)).As("values")})
                           .Collect();
  const Batch& batch = counts.batches().at(0);
  const int64_t rows = Scalar::FromColumn(*batch.columns[0], 0).int_value();
  const int64_t values = Scalar::FromColumn(*batch.columns[1], 0).int_value();
  if (rows == 0) return true;
  if (values < rows) {
    relation_.frame = relation_.frame.Filter(Lit(false));
    return true;
  }
  relation_.frame = AtPosition(node->position, [&] {
    return relation_.frame.Join(sub.frame, left_keys, right_keys, JoinType::kAnti)
        .Filter(IsNotNull(value));
  });
  return true;
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
      if (qualifier.empty() ? column.hidden : !SameName(column.qualifier, qualifier)) continue;
      any = true;
      bool excluded = false;
      for (const std::string& name : expression.excluded) excluded |= SameName(name, column.name);
      if (!excluded) items.push_back({nullptr, column.frame_name, column.name});
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
  // hidden column, dropped after the sort).
  for (const OrderItem& item : query_.order_by) {
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
        if (SameName(outputs_[index].name, item.expression->names[0])) output = index;
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
        if (SameName(item.alias, node->names[0])) aliased = &item;
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
  for (const SelectItem& item : select_.items) CollectCalls(*item.expression, false, calls);
  if (select_.having) CollectCalls(*select_.having, false, calls);
  if (select_.qualify) CollectCalls(*select_.qualify, false, calls);
  for (const OrderItem& item : query_.order_by) CollectCalls(*item.expression, false, calls);
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
    AggregateSpec spec = MakeAggregateSpec(binder_, *call, pre);
    std::string text = spec.function + "(";
    for (const ExprPtr& argument : spec.arguments) text += argument->ToString() + ",";
    text += std::to_string(spec.options.quantile) + spec.options.separator + ")";
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
  relation_.frame = relation_.frame.GroupBy(group_keys).Agg(specs);
  relation_.columns.clear();  // after grouping, names reach the frame through Replacement
}

}  // namespace berserkr::sql
