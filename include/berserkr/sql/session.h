#pragma once

// SQL over the engine: a session holds tables and views by name and runs statements. A query is
// parsed, bound into the same logical plan the DataFrame API builds (so it is optimized and run
// alike), and returned lazily (Query) or run (Execute).
//
// Supported (docs/sql.md has the details and examples): SELECT [DISTINCT] ... FROM tables, views,
// CTEs, files ('data/*.csv.gz'), read_csv(...), read_json(...), subqueries and VALUES; JOIN
// (inner, left, right, full, cross, semi, anti) with ON or USING; WHERE; GROUP BY (expressions,
// ordinals, aliases, ALL); HAVING; window functions with OVER / WINDOW; QUALIFY; ORDER BY; LIMIT /
// OFFSET; UNION [ALL], INTERSECT, EXCEPT; WITH; scalar, IN and EXISTS subqueries (correlated ones
// when tied by equalities); CASE; CAST / TRY_CAST / ::; every scalar function of the registry and
// every aggregate; CREATE [OR REPLACE] [TEMP] VIEW | TABLE ... AS; CREATE TABLE (columns) and
// INSERT INTO ... VALUES / SELECT; DROP; COPY ... TO 'file' (FORMAT csv | json); EXPLAIN; DESCRIBE;
// SHOW TABLES; SET threads / memory_limit.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/plan/data_frame.h"
#include "berserkr/types/table.h"

namespace berserkr {

namespace sql {
class Catalog;
}

// What one statement gave: rows (queries, DESCRIBE, SHOW TABLES) or a message (CREATE, COPY,
// EXPLAIN's plan text, ...).
struct SqlResult {
  bool has_rows = false;
  Table rows;
  std::string message;
  bool explain = false;   // message is EXPLAIN's plan (output, not a notice)
  std::string statement;  // the statement's text
};

class SqlSession {
 public:
  SqlSession();
  ~SqlSession();
  SqlSession(SqlSession&&) noexcept;
  SqlSession& operator=(SqlSession&&) noexcept;

  // Runs each statement of `sql` (separated by ';') in order and returns one result each.
  // A statement that fails throws: InvalidInput for mistakes in the SQL, with the line and column
  // and a caret under the place ("unknown column 'x'; did you mean 'y'? at line 1, column 8:"),
  // and the engine's errors (IoError, NotImplemented, ...) as they are. Earlier statements keep
  // their effects.
  std::vector<SqlResult> Execute(const std::string& sql);

  // The one query in `sql` (SELECT, WITH, VALUES, FROM ...) as a lazy DataFrame, not yet run.
  DataFrame Query(const std::string& sql);

  // Makes `table` (or the lazy `frame`) known as `name`, replacing what had that name.
  void RegisterTable(const std::string& name, Table table);
  void RegisterView(const std::string& name, DataFrame frame);

  // The names of the tables and views, in name order.
  std::vector<std::string> TableNames() const;
  // The columns of a table or view; nullopt when no such name.
  std::optional<Schema> TableSchema(const std::string& name) const;
  // A view's defining SQL ("" for a table or an unknown name).
  std::string ViewDefinition(const std::string& name) const;

 private:
  std::unique_ptr<sql::Catalog> catalog_;
};

}  // namespace berserkr
