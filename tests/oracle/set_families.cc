// Oracle families for DataFrame::Distinct (all columns, a subset of keys, DISTINCT ON) and
// DataFrame::Union / UnionAll (with the types widening as DuckDB's UNION does), over
// RandomTable's NULLs, NaN, -0.0, unicode strings and empty tables.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "oracle/oracle_harness.h"
#include "oracle/random_data.h"

namespace berserkr::oracle {

namespace {

std::vector<std::string> RandomColumns(Rng& rng, const std::vector<std::string>& pool,
                                       int64_t max_count) {
  std::vector<std::string> columns;
  const int64_t count = rng.Uniform(1, max_count);
  for (int64_t index = 0; index < count; ++index) {
    const std::string& column = rng.Pick(pool);
    if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
      columns.push_back(column);
    }
  }
  return columns;
}

std::string List(const std::vector<std::string>& columns) {
  std::string list;
  for (const std::string& column : columns) list += (list.empty() ? "" : ", ") + column;
  return list;
}

// Three shapes:
//   SELECT DISTINCT cols FROM t [WHERE ...]        Select(cols).Distinct()
//   SELECT DISTINCT cols FROM t                    Distinct(cols).Select(cols): a subset's keys
//   SELECT DISTINCT ON (cols) rn, cols, others FROM t ORDER BY cols, rn
//                                                  Distinct(cols): the first row of each key is the
//                                                  one with the smallest rn (t is in rn order)
void DistinctFamily(Rng& rng, OracleCase& oracle_case) {
  TableOptions options;
  if (rng.Chance(0.05)) options.max_rows = 2500;  // past the engine's batch sizes
  oracle_case.tables["t"] = RandomTable(rng, options);
  static const std::vector<std::string> kKeys = {"k1", "k2", "k3", "i",  "y", "z",
                                                 "s",  "d",  "b",  "ts", "x", "l"};
  static const std::vector<std::string> kOthers = {"i", "x", "s", "m", "d", "y"};
  for (int query = 0; query < 3; ++query) {
    const std::vector<std::string> keys = RandomColumns(rng, kKeys, 3);
    std::vector<NamedExpr> key_select;
    for (const std::string& key : keys) key_select.push_back({key, Col(key)});
    const int64_t shape = rng.Uniform(0, 2);
    if (shape == 0) {
      std::optional<int> filter;
      std::string sql = "SELECT DISTINCT " + List(keys) + " FROM t";
      if (rng.Chance(0.3)) {
        filter = static_cast<int>(rng.Uniform(-10, 10));
        sql += " WHERE k1 > " + std::to_string(*filter);
      }
      oracle_case.queries.push_back(OracleQuery{sql, [key_select, filter](const TableMap& tables) {
                                                  DataFrame frame =
                                                      DataFrame::FromTable(tables.at("t"));
                                                  if (filter)
                                                    frame = frame.Filter(Col("k1") > Lit(*filter));
                                                  return frame.Select(key_select).Distinct();
                                                }});
    } else if (shape == 1) {
      oracle_case.queries.push_back(OracleQuery{
          "SELECT DISTINCT " + List(keys) + " FROM t", [keys, key_select](const TableMap& tables) {
            return DataFrame::FromTable(tables.at("t")).Distinct(keys).Select(key_select);
          }});
    } else {
      std::vector<std::string> columns = {"rn"};
      for (const std::string& key : keys) columns.push_back(key);
      for (const std::string& other : RandomColumns(rng, kOthers, 2)) {
        if (std::find(columns.begin(), columns.end(), other) == columns.end()) {
          columns.push_back(other);
        }
      }
      std::vector<NamedExpr> select;
      for (const std::string& column : columns) select.push_back({column, Col(column)});
      oracle_case.queries.push_back(
          OracleQuery{"SELECT DISTINCT ON (" + List(keys) + ") " + List(columns) +
                          " FROM t ORDER BY " + List(keys) + ", rn",
                      [keys, select](const TableMap& tables) {
                        return DataFrame::FromTable(tables.at("t")).Distinct(keys).Select(select);
                      }});
    }
  }
}

// SELECT a AS c0, ... FROM t UNION [ALL] SELECT b AS c0, ... FROM u [UNION [ALL] SELECT ... FROM t
// WHERE ...]: each output column pairs columns of the same or of different types (INTEGER with
// BIGINT, an integer with DOUBLE, DATE with TIMESTAMP, BOOLEAN with INTEGER, text with a number).
void UnionFamily(Rng& rng, OracleCase& oracle_case) {
  TableOptions options;
  if (rng.Chance(0.05)) options.max_rows = 2500;
  oracle_case.tables["t"] = RandomTable(rng, options);
  TableOptions small;
  small.max_rows = 40;
  oracle_case.tables["u"] = RandomTable(rng, small);
  // KNOWN DIFFERENCE: a DOUBLE meeting text is cast to VARCHAR, and berserkr's
  // CAST(DOUBLE AS VARCHAR) (src/expr/cast.cc) writes 66.0 as "66" (DuckDB "66.0"), -0.0 as "-0"
  // ("-0.0") and a NaN with the sign bit as "-nan" ("nan"); CAST(TIMESTAMP AS VARCHAR) writes
  // all six digits of the microseconds ("06:30:45.814610", DuckDB drops trailing zeros:
  // "06:30:45.81461"). No DOUBLE or TIMESTAMP column meets a text one.
  static const std::vector<std::pair<std::string, std::string>> kPairs = {
      {"i", "i"},  {"k1", "k1"}, {"i", "m"},  {"m", "k1"},  {"i", "x"},  {"y", "k1"},
      {"m", "y"},  {"l", "z"},   {"s", "k2"}, {"k2", "a"},  {"s", "i"},  {"k1", "s"},
      {"d", "ts"}, {"ts", "d"},  {"d", "d"},  {"b", "k3"},  {"k3", "i"}, {"n", "m"},
      {"a", "k3"}, {"x", "x"},   {"d", "a"},  {"ts", "ts"}, {"z", "y"},  {"l", "j"}};
  for (int query = 0; query < 3; ++query) {
    const int64_t column_count = rng.Uniform(1, 3);
    std::vector<std::pair<std::string, std::string>> pairs;
    for (int64_t index = 0; index < column_count; ++index) pairs.push_back(rng.Pick(kPairs));
    const bool distinct = rng.Chance(0.3);
    const bool third = rng.Chance(0.3);
    const bool union_all_call = !third && rng.Chance(0.5);  // UnionAll(other), not Union({other})
    const int filter = static_cast<int>(rng.Uniform(-10, 10));
    std::vector<NamedExpr> left_select, right_select, third_select;
    std::string left_sql = "SELECT ", right_sql = "SELECT ", third_sql = "SELECT ";
    for (size_t index = 0; index < pairs.size(); ++index) {
      const std::string name = "c" + std::to_string(index);
      const std::string separator = index > 0 ? ", " : "";
      left_sql += separator + pairs[index].first + " AS " + name;
      right_sql += separator + pairs[index].second + " AS " + name;
      third_sql += separator + pairs[index].second + " AS " + name;
      left_select.push_back({name, Col(pairs[index].first)});
      right_select.push_back({name, Col(pairs[index].second)});
      third_select.push_back({name, Col(pairs[index].second)});
    }
    const std::string set_operator = distinct ? " UNION " : " UNION ALL ";
    std::string sql = left_sql + " FROM t" + set_operator + right_sql + " FROM u";
    if (third) sql += set_operator + third_sql + " FROM t WHERE k1 > " + std::to_string(filter);
    oracle_case.queries.push_back(OracleQuery{
        sql, [left_select, right_select, third_select, distinct, third, union_all_call,
              filter](const TableMap& tables) {
          const DataFrame left = DataFrame::FromTable(tables.at("t")).Select(left_select);
          std::vector<DataFrame> others = {
              DataFrame::FromTable(tables.at("u")).Select(right_select)};
          if (third) {
            others.push_back(DataFrame::FromTable(tables.at("t"))
                                 .Filter(Col("k1") > Lit(filter))
                                 .Select(third_select));
          }
          const DataFrame result = union_all_call ? left.UnionAll(others[0]) : left.Union(others);
          return distinct ? result.Distinct() : result;
        }});
  }
}

}  // namespace

BERSERKR_ORACLE_FAMILY("distinct", 200, DistinctFamily);
BERSERKR_ORACLE_FAMILY("union", 200, UnionFamily);

}  // namespace berserkr::oracle
