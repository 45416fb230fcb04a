// Oracle family "sql_features": random queries written only in SQL, for what the DataFrame
// families cannot say — join conditions beyond key equalities, IN / EXISTS / scalar subqueries
// (correlated too), INTERSECT / EXCEPT, HAVING, GROUP BY expressions and ordinals, CTEs, QUALIFY,
// ORDER BY ... LIMIT. The same text runs in DuckDB and through berserkr's SqlSession over two
// random tables t and u (RandomTable's columns, NULLs, NaN, unicode).

#include <string>
#include <vector>

#include "berserkr/sql/session.h"
#include "oracle/oracle_harness.h"
#include "oracle/random_data.h"

namespace berserkr::oracle {
namespace {

OracleQuery SqlQuery(const std::string& sql, bool ordered = false) {
  OracleQuery query(sql, [sql](const TableMap& tables) {
    SqlSession session;
    for (const auto& [name, table] : tables) session.RegisterTable(name, table);
    return session.Query(sql);
  });
  query.ordered = ordered;
  return query;
}

// u's columns renamed (u_rn, u_k1, ...) so that predicates over t's bare names stay unambiguous
// in a join.
const char* kRenamedU =
    "(SELECT rn AS u_rn, k1 AS u_k1, k2 AS u_k2, i AS u_i, x AS u_x, s AS u_s FROM u)";

std::string JoinQuery(Rng& rng, ExprGenerator& generator) {
  static const std::vector<std::string> kTypes = {"JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"};
  const std::string type = rng.Pick(kTypes);
  const std::string key = rng.Chance(0.5) ? "t.k1 = b.u_k1" : "t.k2 = b.u_k2";
  std::string on = key;
  if (type == "JOIN") {
    if (rng.Chance(0.5)) on += " AND t.i < b.u_i";
    if (rng.Chance(0.3)) on += " AND (t.x + b.u_x) > 0";
  } else if (type == "LEFT JOIN" && rng.Chance(0.5)) {
    on += " AND b.u_i > " + std::to_string(rng.Uniform(-500, 500));
  }
  std::string sql =
      "SELECT t.rn, b.u_rn, t.i, b.u_s FROM t " + type + " " + kRenamedU + " b ON " + on;
  if (rng.Chance(0.6)) sql += " WHERE " + generator.Bool(2).sql;
  return sql;
}

std::string SubqueryQuery(Rng& rng, ExprGenerator& generator) {
  switch (rng.Uniform(0, 6)) {
    case 0:
      return "SELECT rn, k1 FROM t WHERE k1 " + std::string(rng.Chance(0.5) ? "NOT " : "") +
             "IN (SELECT k1 FROM u WHERE " + generator.Bool(1).sql + ")";
    case 1:
      return "SELECT rn, k2 FROM t WHERE " + std::string(rng.Chance(0.5) ? "NOT " : "") +
             "EXISTS (SELECT 1 FROM u WHERE u.k2 = t.k2 AND " + generator.Bool(1).sql + ")";
    case 2:
      return "SELECT rn, (SELECT count(*) FROM u WHERE u.k1 = t.k1), (SELECT max(i) FROM u WHERE "
             "u.k2 = t.k2) FROM t";
    case 3:
      return "SELECT rn, i FROM t WHERE i > (SELECT avg(i) FROM u WHERE " + generator.Bool(1).sql +
             ")";
    case 4:
      return "SELECT rn FROM t WHERE (SELECT count(*) FROM u WHERE u.k1 = t.k1) " +
             std::string(rng.Chance(0.5) ? "= 0" : "> 1");
    case 5:
      return "SELECT rn, k2 FROM t WHERE " + std::string(rng.Chance(0.5) ? "NOT " : "") +
             "EXISTS (SELECT 1 FROM u WHERE " +
             (rng.Chance(0.5) ? "u.k1 = t.k1 AND u.i > t.i" : "u.x < t.x AND u.b") + ")";
    default:
      return "SELECT k1, count(*) FROM t WHERE k2 IN (SELECT k2 FROM u) GROUP BY k1";
  }
}

std::string SetQuery(Rng& rng, ExprGenerator& generator) {
  static const std::vector<std::string> kOperations = {"UNION",  "UNION ALL",     "INTERSECT",
                                                       "EXCEPT", "INTERSECT ALL", "EXCEPT ALL"};
  static const std::vector<std::string> kColumns = {"k1", "k2, k3", "k1, s", "d", "i, b"};
  const std::string columns = rng.Pick(kColumns);
  return "SELECT " + columns + " FROM t WHERE " + generator.Bool(1).sql + " " +
         rng.Pick(kOperations) + " SELECT " + columns + " FROM u";
}

std::string GroupQuery(Rng& rng, ExprGenerator& generator) {
  switch (rng.Uniform(0, 5)) {
    case 0:
      return "SELECT k1, count(*), sum(i) FROM t GROUP BY 1 HAVING count(*) > " +
             std::to_string(rng.Uniform(0, 2));
    case 1:
      return "SELECT k1 % 3 AS g, count(*), min(s) FROM t GROUP BY g";
    case 2:
      return "SELECT i // 100, k3, avg(x), count(DISTINCT k2) FROM t WHERE " +
             generator.Bool(1).sql + " GROUP BY i // 100, k3";
    case 3:
      return "SELECT k1, k3, count(*), sum(i) FROM t GROUP BY " +
             std::string(rng.Chance(0.5) ? "ROLLUP" : "CUBE") + " (k1, k3)";
    case 4:
      return "SELECT k2, b, min(x) FROM t GROUP BY GROUPING SETS ((k2, b), (b), ())";
    default:
      return "SELECT k2, sum(m) FILTER (WHERE b), count(*) FILTER (WHERE i > 0) FROM t GROUP BY "
             "ALL";
  }
}

void SqlFeatureFamily(Rng& rng, OracleCase& oracle_case) {
  TableOptions options;
  options.max_rows = 60;
  oracle_case.tables["t"] = RandomTable(rng, options);
  oracle_case.tables["u"] = RandomTable(rng, options);
  ExprGenerator generator(rng);
  for (int query = 0; query < 3; ++query) {
    switch (rng.Uniform(0, 7)) {
      case 0:
        oracle_case.queries.push_back(SqlQuery(JoinQuery(rng, generator)));
        break;
      case 1:
        oracle_case.queries.push_back(SqlQuery(SubqueryQuery(rng, generator)));
        break;
      case 2:
        oracle_case.queries.push_back(SqlQuery(SetQuery(rng, generator)));
        break;
      case 3:
        oracle_case.queries.push_back(SqlQuery(GroupQuery(rng, generator)));
        break;
      case 4:
        oracle_case.queries.push_back(SqlQuery(
            "WITH c AS (SELECT rn, k1, i FROM t WHERE " + generator.Bool(1).sql +
            ") SELECT rn, k1, i FROM c QUALIFY row_number() OVER (PARTITION BY k1 ORDER BY i DESC "
            "NULLS LAST, rn) = 1"));
        break;
      case 5: {
        const Gen value = generator.Int(2);
        oracle_case.queries.push_back(SqlQuery(
            "SELECT rn, " + value.sql + " AS v, CASE WHEN b THEN s ELSE a END FROM t ORDER BY v " +
                "NULLS FIRST, rn LIMIT " + std::to_string(rng.Uniform(0, 20)) + " OFFSET " +
                std::to_string(rng.Uniform(0, 5)),
            /*ordered=*/true));
        break;
      }
      case 6: {
        // Dates stay within 1900..2100 plus a few far ones: small steps keep DuckDB and berserkr
        // inside both engines' ranges.
        static const std::vector<std::string> kUnits = {"DAY", "MONTH", "YEAR", "HOUR", "WEEK"};
        const std::string count = std::to_string(rng.Uniform(-40, 40));
        const std::string unit = rng.Pick(kUnits);
        oracle_case.queries.push_back(SqlQuery("SELECT rn, d + INTERVAL '" + count + "' " + unit +
                                               ", ts - INTERVAL '" +
                                               std::to_string(rng.Uniform(0, 500)) +
                                               " minutes' FROM t WHERE d BETWEEN "
                                               "DATE '1900-06-01' AND DATE '2099-06-01'"));
        break;
      }
      default:
        oracle_case.queries.push_back(SqlQuery(
            "SELECT rn, i, sum(i) OVER (PARTITION BY k1 ORDER BY rn ROWS BETWEEN 2 PRECEDING AND "
            "CURRENT ROW), lag(s) OVER w FROM t WINDOW w AS (PARTITION BY k3 ORDER BY rn)"));
        break;
    }
  }
}

}  // namespace

BERSERKR_ORACLE_FAMILY("sql_features", 300, SqlFeatureFamily);

}  // namespace berserkr::oracle
