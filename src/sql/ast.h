#pragma once

// The syntax tree the parser produces and the binder reads. Plain structs: the parser fills them,
// nothing changes them afterwards. Every node keeps the position it starts at, for errors.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/expr/scalar.h"
#include "berserkr/types/data_type.h"
#include "sql/token.h"

namespace berserkr::sql {

struct AstExpr;
struct QueryNode;
using AstExprPtr = std::shared_ptr<const AstExpr>;
using QueryPtr = std::shared_ptr<const QueryNode>;

struct OrderItem {
  AstExprPtr expression;
  bool ascending = true;
  std::optional<bool> nulls_first;  // unset: NULLS LAST (DuckDB's default for both directions)
};

// One end of a window frame.
struct FrameBound {
  enum class Kind { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Kind kind = Kind::kCurrentRow;
  int64_t offset = 0;  // kPreceding / kFollowing
};

struct FrameClause {
  bool rows = true;  // ROWS; false: RANGE
  FrameBound start;
  FrameBound end;
};

// OVER (...) or WINDOW name AS (...).
struct WindowDefinition {
  std::string base_name;  // OVER (w ORDER BY ...) refines the named window w
  std::vector<AstExprPtr> partition_by;
  std::vector<OrderItem> order_by;
  std::optional<FrameClause> frame;
  SourcePosition position;
};

enum class AstExprKind {
  kColumn,    // names: [qualifier.]column[.field...]
  kStar,      // * or qualifier.* (names holds the qualifier); excluded: EXCLUDE (...)
  kLiteral,   // literal
  kFunction,  // name(children) [FILTER] [OVER window]; star: f(*); distinct: f(DISTINCT x)
  kUnary,     // op children[0]: "-", "+", "NOT"
  kBinary,    // children[0] op children[1]: + - * / // % || = <> < <= > >= AND OR LIKE ILIKE
              // "IS DISTINCT FROM" "IS NOT DISTINCT FROM"; negated: NOT LIKE / NOT ILIKE
  kCast,      // CAST(children[0] AS cast_type), x::type; try_cast
  kCase,      // CASE [operand] WHEN children[0] THEN children[1] ... [ELSE last] END
  kInList,    // children[0] [NOT] IN (children[1..])
  kInQuery,   // children[0] [NOT] IN (subquery)
  kExists,    // [NOT] EXISTS (subquery)
  kSubquery,  // (subquery), one value
  kBetween,   // children[0] [NOT] BETWEEN children[1] AND children[2]
  kIsNull,    // children[0] IS [NOT] NULL
  kList,      // [children...]: only as a table function's argument (a list of files)
  kStruct,    // {names[i]: children[i], ...}: only as a table function's option (types = {...})
  kInterval,  // INTERVAL n unit: literal holds n (BIGINT), op the unit ("day", "month", ...);
              // only as an operand of + or - with a date or timestamp
};

struct AstExpr {
  AstExprKind kind = AstExprKind::kLiteral;
  SourcePosition position;
  std::vector<std::string> names;  // kColumn, kStar (qualifier); kFunction: names[0], lower case
  std::string op;                  // kUnary, kBinary
  Scalar literal;                  // kLiteral
  std::vector<AstExprPtr> children;
  bool negated = false;     // NOT IN, NOT BETWEEN, IS NOT NULL, NOT EXISTS, NOT LIKE
  bool distinct = false;    // f(DISTINCT x)
  bool star = false;        // count(*)
  DataType cast_type;       // kCast
  bool try_cast = false;    // kCast
  bool has_else = false;    // kCase
  AstExprPtr case_operand;  // kCase: CASE operand WHEN ...
  QueryPtr subquery;        // kInQuery, kExists, kSubquery
  std::shared_ptr<const WindowDefinition> window;  // kFunction with OVER
  AstExprPtr filter;                               // kFunction: aggregate FILTER (WHERE ...)
  std::vector<OrderItem> order_by;                 // kFunction: list(x ORDER BY y)
  std::vector<std::string> excluded;               // kStar: EXCLUDE (a, b)
  std::vector<std::pair<AstExprPtr, std::string>> replacements;  // kStar: REPLACE (e AS a)
  std::string text;  // the expression as written (normalized spaces): default output names
};

struct SelectItem {
  AstExprPtr expression;
  std::string alias;  // empty: named after the expression
};

struct TableRef;
using TableRefPtr = std::shared_ptr<const TableRef>;

enum class JoinKind { kInner, kLeft, kRight, kFull, kCross, kSemi, kAnti };

struct TableRef {
  enum class Kind { kName, kFile, kFunction, kSubquery, kJoin, kValues };
  Kind kind = Kind::kName;
  SourcePosition position;
  std::string name;                           // kName: table, view or CTE; kFile: the path or glob;
                                              // kFunction: the function, lower case
  std::vector<AstExprPtr> arguments;          // kFunction; named ones are kBinary "=" over a column
  QueryPtr subquery;                          // kSubquery
  std::vector<std::vector<AstExprPtr>> rows;  // kValues
  std::string alias;
  std::vector<std::string> column_aliases;  // alias(a, b, ...)
  // kJoin:
  JoinKind join = JoinKind::kInner;
  TableRefPtr left;
  TableRefPtr right;
  AstExprPtr on;
  std::vector<std::string> using_columns;
  bool natural = false;  // NATURAL JOIN: USING the columns both sides have
};

struct SelectNode {
  bool distinct = false;
  std::vector<AstExprPtr> distinct_on;  // DISTINCT ON (...): the first row of each, by ORDER BY
  std::vector<SelectItem> items;
  TableRefPtr from;  // null: one row without columns (SELECT 1)
  AstExprPtr where;
  std::vector<AstExprPtr> group_by;
  bool group_by_all = false;
  // GROUP BY ROLLUP / CUBE / GROUPING SETS: every key list to group by (group_by is then empty);
  // the answer is the union of one grouping per list, other keys NULL.
  std::vector<std::vector<AstExprPtr>> grouping_sets;
  AstExprPtr having;
  AstExprPtr qualify;
  std::vector<std::pair<std::string, std::shared_ptr<const WindowDefinition>>> windows;
};

struct CommonTableExpression {
  std::string name;
  std::vector<std::string> column_aliases;
  QueryPtr query;
  SourcePosition position;
};

enum class SetOperation { kUnion, kIntersect, kExcept };

struct QueryNode {
  enum class Kind { kSelect, kSetOperation, kValues };
  Kind kind = Kind::kSelect;
  SourcePosition position;
  std::vector<CommonTableExpression> ctes;            // WITH, visible in this query and below
  SelectNode select;                                  // kSelect
  std::vector<std::vector<AstExprPtr>> values;        // kValues
  SetOperation set_operation = SetOperation::kUnion;  // kSetOperation
  bool all = false;                                   // UNION ALL
  QueryPtr left;
  QueryPtr right;
  std::vector<OrderItem> order_by;
  AstExprPtr limit;
  AstExprPtr offset;
};

struct Statement {
  enum class Kind {
    kQuery,
    kCreateView,
    kCreateTable,
    kCreateTableColumns,
    kInsert,
    kDrop,
    kCopy,
    kExplain,
    kDescribe,
    kShowTables,
    kSet
  };
  Kind kind = Kind::kQuery;
  SourcePosition position;
  std::string text;  // the statement's own text
  QueryPtr query;    // kQuery, kCreate* AS, kInsert, kCopy (query form), kExplain
  std::string name;  // the table or view; kCopy: the table copied when no query
  bool or_replace = false;
  bool if_exists = false;      // DROP ... IF EXISTS
  bool if_not_exists = false;  // CREATE ... IF NOT EXISTS
  bool temporary = false;
  bool drop_view = false;                                    // kDrop: VIEW rather than TABLE
  std::vector<std::pair<std::string, DataType>> columns;     // kCreateTableColumns
  std::string path;                                          // kCopy: TO 'path'
  std::vector<std::pair<std::string, std::string>> options;  // kCopy: (FORMAT csv, HEADER true)
  std::string value;                                         // kSet: SET name = value
};

}  // namespace berserkr::sql
