#pragma once

// Binds one SELECT block in SQL's logical order: FROM, WHERE (with IN / EXISTS subqueries as semi
// and anti joins), GROUP BY and aggregates, HAVING, window functions, QUALIFY, the SELECT list,
// DISTINCT, ORDER BY, LIMIT / OFFSET. Each step adds DataFrame nodes.

#include <map>
#include <set>

#include "sql/binder.h"

namespace berserkr::sql {

class SelectBinder {
 public:
  SelectBinder(QueryBinder& binder, const QueryNode& query, const Scope* outer,
               Correlation* correlation)
      : binder_(binder),
        query_(query),
        select_(query.select),
        outer_(outer),
        correlation_(correlation) {}

  // For one key list of GROUP BY ROLLUP / CUBE / GROUPING SETS: group by `grouping_set`, give
  // the other keys of the query NULL, and leave ORDER BY, LIMIT and DISTINCT to the union of the
  // lists (QueryBinder::BindQuery).
  void ForGroupingSet(const std::vector<AstExprPtr>* grouping_set) { grouping_set_ = grouping_set; }

  BoundQuery Bind();

 private:
  void BindFrom();
  // Correlated scalar subqueries of WHERE and SELECT become left joins (bind_subquery_join.cc).
  void DecorrelateScalarSubqueries();
  void BindWhere();
  // A WHERE conjunct that ties the subquery to the enclosing query: becomes a Correlation key.
  bool TakeCorrelation(const AstExprPtr& conjunct);
  // A WHERE conjunct [NOT] IN (subquery) / [NOT] EXISTS (subquery): becomes a semi or anti join.
  bool TakeSubqueryJoin(const AstExpr& conjunct);
  void ExistsWithConditions(const AstExpr& node, const BoundQuery& sub,
                            const Correlation& correlation, bool negated);
  void BindAggregation();
  void BindWindows();
  void BindQualify();
  void BindProjection();
  void BindDistinctOrderLimit();
  // Whether the block groups: GROUP BY, HAVING, or an aggregate in SELECT / QUALIFY / ORDER BY.
  bool aggregated_query() const;

  // Translates in the current phase: after GROUP BY through the hook, before it directly.
  Expr Translate(const AstExpr& node);
  std::optional<Expr> Replacement(const AstExpr& node);
  Scope CurrentScope() const { return Scope(&relation_.columns, outer_); }
  // The select items with * expanded: (expression or nullptr for a star column, frame column for a
  // star column, SQL name).
  struct OutputItem {
    AstExprPtr expression;  // null for a column from *
    std::string star_column;
    std::string name;
  };
  std::vector<OutputItem> ExpandSelectList() const;
  const WindowDefinition& NamedWindow(const std::string& name, SourcePosition position) const;

  QueryBinder& binder_;
  const QueryNode& query_;
  const SelectNode& select_;
  const Scope* outer_;
  Correlation* correlation_;

  Relation relation_{DataFrame::FromTable(Table()), {}};
  bool aggregated_ = false;
  // After GROUP BY: each key's text (Expr::ToString before grouping) -> its output column.
  std::map<std::string, std::string> key_columns_;
  // Aggregate and window calls already computed -> their column.
  std::map<const AstExpr*, std::string> computed_;
  // Inner correlation keys (translated before grouping) waiting to be output.
  std::vector<Expr> correlation_inner_;
  std::vector<OutputItem> outputs_;
  std::vector<std::string> output_columns_;  // the frame column of each output
  std::vector<ScopeColumn> from_columns_;    // FROM's columns, for * and grouped expressions
  std::vector<AstExprPtr> where_;            // WHERE's conjuncts not taken as join keys by FROM
  std::vector<SortSpec> sort_keys_;
  const std::vector<AstExprPtr>* grouping_set_ = nullptr;
  bool hidden_order_ = false;  // ORDER BY or DISTINCT ON added columns to drop at the end
  std::vector<std::string> distinct_on_columns_;
};

}  // namespace berserkr::sql
