#pragma once

// The columns a query's expressions can name, and how each maps to a column of the DataFrame the
// binder builds. SQL names (t.a, a) are resolved here; the frame only knows its own unique names.

#include <optional>
#include <string>
#include <vector>

#include "berserkr/plan/data_frame.h"
#include "sql/ast.h"

namespace berserkr::sql {

// SQL names compare without case.
bool SameNameWithoutCase(const std::string& left, const std::string& right);

struct ScopeColumn {
  std::string qualifier;   // the table's alias or name; empty for unnamed derived tables
  std::string name;        // the SQL name
  std::string frame_name;  // the column of the relation's frame
  // The right copy of a USING key: reachable only with its qualifier and left out of *.
  bool hidden = false;
  // A STRUCT column: a.b may then name its field b (when no table is called a).
  bool is_struct = false;
};

// A FROM clause's result: a frame and what its columns are called in SQL.
struct Relation {
  DataFrame frame;
  std::vector<ScopeColumn> columns;
};

// Name resolution for one query level, with the enclosing query's scope for correlated
// subqueries.
class Scope {
 public:
  Scope(const std::vector<ScopeColumn>* columns, const Scope* outer)
      : columns_(columns), outer_(outer) {}

  struct Resolved {
    Expr expression;  // Col(frame name) or a struct path below it
    int depth = 0;    // 0: this level; 1: the enclosing query; ...
  };

  // Resolves [qualifier.]column[.field...]: exact names first, then without case; a column
  // of this level before the enclosing ones. Throws SqlError for an unknown or ambiguous name
  // (suggesting the nearest), at `position`.
  Resolved Resolve(const std::vector<std::string>& names, SourcePosition position) const;
  // Like Resolve, but nullopt instead of an unknown-name error.
  std::optional<Resolved> TryResolve(const std::vector<std::string>& names,
                                     SourcePosition position) const;

  const std::vector<ScopeColumn>& columns() const { return *columns_; }
  const Scope* outer() const { return outer_; }

 private:
  std::optional<Expr> ResolveHere(const std::vector<std::string>& names,
                                  SourcePosition position) const;

  const std::vector<ScopeColumn>* columns_;
  const Scope* outer_;
};

}  // namespace berserkr::sql
