#pragma once

// The binder: a parsed query (ast.h) to a DataFrame over the session's catalog — the same logical
// plan the DataFrame API builds, so SQL and DataFrame programs run and optimize alike.
//
// Frames built here always have unique column names (the binder makes hidden ones, prefixed
// "__sql_", for computed keys and intermediate values); the SQL names live in the Scope.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/plan/data_frame.h"
#include "sql/ast.h"
#include "sql/catalog.h"
#include "sql/scope.h"

namespace berserkr::sql {

// A bound query: its frame and the SQL name of each of the frame's columns (names may repeat:
// SELECT a, a; the frame's do not).
struct BoundQuery {
  DataFrame frame;
  std::vector<std::string> names;
};

// Equalities that tie a subquery to the query around it (WHERE inner.k = outer.k), taken out of
// the subquery's WHERE so that the outer query can join on them: the subquery then outputs each
// inner key as the extra column inner_columns[i], to be matched with outer_keys[i].
struct Correlation {
  const Scope* outer = nullptr;
  std::vector<Expr> outer_keys;
  std::vector<std::string> inner_columns;
  // EXISTS only: correlated conditions other than equalities (u.ts > t.ts) are taken too and
  // kept here, to be evaluated over the joined rows; the subquery then also outputs its FROM
  // columns, described (frame_name = the output column) by residual_columns.
  bool allow_residuals = false;
  std::vector<AstExprPtr> residuals;
  std::vector<ScopeColumn> residual_columns;
};

class QueryBinder {
 public:
  explicit QueryBinder(const Catalog& catalog) : catalog_(catalog) {}

  // A whole query at the top level: the frame's columns carry the SQL names.
  DataFrame BindTopLevel(const QueryNode& query);

  // A query inside another (`outer` is the enclosing scope, null at the top). With `correlation`,
  // equalities with outer columns in a SELECT's WHERE become join keys (see Correlation).
  BoundQuery BindQuery(const QueryNode& query, const Scope* outer,
                       Correlation* correlation = nullptr);

  // A new hidden column name, unique within this binder.
  std::string HiddenName(const std::string& what);

  // Runs `frame` now (for an uncorrelated scalar, IN or EXISTS subquery inside an expression).
  Table Run(const DataFrame& frame) const { return frame.Collect(); }

  const Catalog& catalog() const { return catalog_; }

 private:
  BoundQuery BindSelect(const QueryNode& query, const Scope* outer, Correlation* correlation);
  BoundQuery BindSetOperation(const QueryNode& query, const Scope* outer);
  BoundQuery BindGroupingSets(const QueryNode& query, const Scope* outer, Correlation* correlation);
  BoundQuery ApplyOrderAndLimit(BoundQuery bound, const QueryNode& query);

  friend class SelectBinder;
  friend class FromBinder;

  // WITH names visible at this point, innermost last.
  std::vector<std::map<std::string, BoundQuery>> ctes_;
  const Catalog& catalog_;
  int next_hidden_ = 0;

 public:
  // The CTE named `name` (case-insensitive) visible here, or null.
  const BoundQuery* FindCte(const std::string& name) const;
};

// Translates AST expressions into berserkr Exprs over a scope. A hook, when set, is asked first
// at every node and may answer with a replacement (after GROUP BY, an aggregate call becomes its
// output column, a grouped expression its key column).
class ExpressionBinder {
 public:
  using Hook = std::function<std::optional<Expr>(const AstExpr&)>;

  ExpressionBinder(QueryBinder& binder, const Scope& scope, Hook hook = nullptr)
      : binder_(binder), scope_(scope), hook_(std::move(hook)) {}

  // Lets names resolve in enclosing scopes too: for conditions evaluated over a frame that holds
  // both levels' columns (a decorrelated EXISTS).
  void AllowOuterReferences() { allow_outer_ = true; }

  // Throws SqlError at the offending node: unknown names, aggregates or window functions where
  // they are not allowed, correlated references outside the supported places.
  Expr Translate(const AstExpr& node);

 private:
  Expr TranslateFunction(const AstExpr& node);
  Expr TranslateBinary(const AstExpr& node);
  Expr ScalarSubquery(const AstExpr& node);
  Expr InSubquery(const AstExpr& node);
  Expr ExistsSubquery(const AstExpr& node);

  QueryBinder& binder_;
  const Scope& scope_;
  Hook hook_;
  bool allow_outer_ = false;
};

// Aggregates the SQL names that the engine has (count, sum, avg, ..., string_agg, arg_max).
bool IsAggregateFunction(const std::string& name);
// Whether `node` or anything below it (not inside a subquery) is an aggregate call / has OVER.
bool ContainsAggregate(const AstExpr& node);
bool ContainsWindow(const AstExpr& node);

// Binds `expression` against `frame`'s schema now, so that a type error points at `position`.
void CheckBinds(const Expr& expression, const DataFrame& frame, SourcePosition position);
// Runs `work`, giving an InvalidInput without a position the one given.
template <typename Work>
auto AtPosition(SourcePosition position, Work&& work) -> decltype(work());

// Reads tables, views, CTEs, files, table functions, subqueries, VALUES and joins. `where`, when
// given, holds the WHERE conditions (AND-ed): a CROSS or comma join takes the equalities between
// its two sides out of it as hash-join keys, so `FROM a, b WHERE a.k = b.k` is not a cross
// product.
Relation BindTableRef(QueryBinder& binder, const TableRef& ref, const Scope* outer,
                      std::vector<AstExprPtr>* where = nullptr);
// VALUES rows as an in-memory table (columns col0, col1, ... in the types the rows share).
Table ValuesTable(QueryBinder& binder, const std::vector<std::vector<AstExprPtr>>& rows);
// A file, directory or glob read by its extension or content (CSV or JSON lines).
DataFrame ReadFileRelation(const std::string& path, SourcePosition position);
// read_csv(...), read_json(...), and hooks for the readers others are building.
DataFrame TableFunctionRelation(QueryBinder& binder, const TableRef& ref);

}  // namespace berserkr::sql

#include "sql/sql_error.h"

namespace berserkr::sql {

template <typename Work>
auto AtPosition(SourcePosition position, Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const SqlError&) {
    throw;
  } catch (const InvalidInput& error) {
    throw SqlError(error.what(), position);
  }
}

}  // namespace berserkr::sql
