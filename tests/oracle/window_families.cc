// Oracle family for DataFrame::Window: every window function, with and without PARTITION BY and
// ORDER BY, default and ROWS BETWEEN frames, over RandomTable's NULLs, ties, NaN and extremes.
//
// Only deterministic answers are compared. With ties in the ORDER BY, DuckDB orders the tied rows
// as it likes, so row_number, ntile, lag / lead, first_value / last_value and ROWS frames are
// drawn only when the ORDER BY ends with the unique rn; otherwise (ties, or no ORDER BY at all)
// only the tie-insensitive functions are: rank, dense_rank, percent_rank, cume_dist and the
// aggregates over the default (RANGE) frame, which takes in every peer.

#include <optional>
#include <string>
#include <vector>

#include "oracle/oracle_harness.h"
#include "oracle/random_data.h"

namespace berserkr::oracle {

namespace {

// One window function in both languages; `frame_sql` (the ROWS clause) goes inside OVER (...)
// after the ORDER BY.
struct WindowPair {
  std::string sql;
  WindowSpec spec;
  std::string frame_sql;
};

std::string FrameBound(int64_t offset) {
  if (offset == kUnboundedPreceding) return "UNBOUNDED PRECEDING";
  if (offset == kUnboundedFollowing) return "UNBOUNDED FOLLOWING";
  if (offset == kCurrentRow) return "CURRENT ROW";
  return offset < 0 ? std::to_string(-offset) + " PRECEDING"
                    : std::to_string(offset) + " FOLLOWING";
}

// A ROWS frame DuckDB accepts: the start is no UNBOUNDED FOLLOWING, the end no UNBOUNDED
// PRECEDING, a CURRENT ROW start no PRECEDING end and a FOLLOWING start no PRECEDING or CURRENT
// ROW end (parser errors in DuckDB; berserkr reads them as empty frames). Frames with start > end
// that DuckDB accepts (1 PRECEDING AND 2 PRECEDING, 2 FOLLOWING AND 1 FOLLOWING) are empty.
std::pair<int64_t, int64_t> RandomRowsFrame(Rng& rng) {
  static const std::vector<int64_t> kStarts = {kUnboundedPreceding, -3, -2, -1, 0, 1, 2};
  static const std::vector<int64_t> kEnds = {-2, -1, 0, 1, 2, 3, kUnboundedFollowing};
  const int64_t start = rng.Pick(kStarts);
  int64_t end = rng.Pick(kEnds);
  if (start == kCurrentRow && end < 0) end = -end;
  if (start > 0 && end <= 0) end = rng.Pick(std::vector<int64_t>{1, 2, 3, kUnboundedFollowing});
  return {start, end};
}

// A random window function. `ordered_total`: the ORDER BY ends with rn, so order-dependent
// functions and ROWS frames are deterministic.
WindowPair RandomWindowFunction(Rng& rng, bool ordered_total) {
  static const std::vector<std::string> kSummable = {"i", "m", "k1", "x", "y"};
  static const std::vector<std::string> kOrdered = {"i",  "m", "x",  "y", "z", "s",
                                                    "k2", "d", "ts", "b", "l"};
  static const std::vector<std::string> kAny = {"i",  "m", "x",  "y", "z", "s",
                                                "k2", "d", "ts", "b", "l", "j"};
  const int64_t choice = ordered_total ? rng.Uniform(0, 16) : rng.Uniform(0, 9);
  WindowPair pair;
  switch (choice) {
    case 0:
      pair = {"rank()", Rank(), ""};
      break;
    case 1:
      pair = {"dense_rank()", DenseRank(), ""};
      break;
    case 2:
      pair = {"percent_rank()", PercentRank(), ""};
      break;
    case 3:
      pair = {"cume_dist()", CumeDist(), ""};
      break;
    case 4:
    case 5: {
      // sum of the wide integers may leave BIGINT: DuckDB's HUGEINT answer is cast back so that
      // both engines fail there (berserkr's window sum is BIGINT, throwing "sum overflow").
      const std::string column =
          rng.Chance(0.1) ? rng.Pick(std::vector<std::string>{"l", "j"}) : rng.Pick(kSummable);
      const bool wide = column == "l" || column == "j";
      // "CAST(" is closed after the OVER clause (see WindowFamily).
      pair = {std::string(wide ? "CAST(" : "") + "sum(" + column + ")", Over(Sum(Col(column))), ""};
      break;
    }
    case 6: {
      const std::string column = rng.Pick(kSummable);
      pair = {"avg(" + column + ")", Over(Mean(Col(column))), ""};
      break;
    }
    case 7: {
      const std::string column = rng.Pick(kOrdered);
      const bool minimum = rng.Chance(0.5);
      pair = {std::string(minimum ? "min(" : "max(") + column + ")",
              Over(minimum ? Min(Col(column)) : Max(Col(column))), ""};
      break;
    }
    case 8: {
      const std::string column = rng.Pick(kAny);
      pair = {"count(" + column + ")", Over(Count(Col(column))), ""};
      break;
    }
    case 9:
      pair = {"count(*)", Over(CountStar()), ""};
      break;
    case 10:
      pair = {"row_number()", RowNumber(), ""};
      break;
    case 11: {
      const int64_t buckets = rng.Uniform(1, 7);
      pair = {"ntile(" + std::to_string(buckets) + ")", Ntile(buckets), ""};
      break;
    }
    case 12:
    case 13: {
      const bool lag = choice == 12;
      const std::string column = rng.Pick(kAny);
      const int64_t offset = rng.Pick(std::vector<int64_t>{1, 1, 2, 3, 0, -1});
      const bool integer = column == "i" || column == "m" || column == "l" || column == "j";
      const bool text = column == "s" || column == "k2";
      const bool with_default = (integer || text) && rng.Chance(0.4);
      std::string sql = std::string(lag ? "lag(" : "lead(") + column;
      if (with_default || offset != 1 || rng.Chance(0.3)) sql += ", " + std::to_string(offset);
      ExprPtr default_value;
      if (with_default) {
        sql += integer ? ", 7" : ", 'zz'";
        default_value = integer ? Lit(7) : Lit("zz");
      }
      pair = {
          sql + ")",
          lag ? Lag(Col(column), offset, default_value) : Lead(Col(column), offset, default_value),
          ""};
      break;
    }
    case 14:
    case 15: {
      const std::string column = rng.Pick(kAny);
      const bool first = choice == 14;
      pair = {std::string(first ? "first_value(" : "last_value(") + column + ")",
              first ? FirstValue(Col(column)) : LastValue(Col(column)), ""};
      break;
    }
    default: {
      // An aggregate over a ROWS frame.
      const int64_t which = rng.Uniform(0, 3);
      const std::string column = rng.Pick(kSummable);
      if (which == 0) pair = {"sum(" + column + ")", Over(Sum(Col(column))), ""};
      if (which == 1) pair = {"avg(" + column + ")", Over(Mean(Col(column))), ""};
      if (which == 2) pair = {"min(" + column + ")", Over(Min(Col(column))), ""};
      if (which == 3) pair = {"count(*)", Over(CountStar()), ""};
      break;
    }
  }
  // Aggregates, first_value and last_value over a ROWS frame now and then (order-dependent).
  const bool framed = pair.spec.kind >= WindowFunctionKind::kFirstValue;
  if (ordered_total && framed && (choice == 16 || rng.Chance(0.4))) {
    const auto [start, end] = RandomRowsFrame(rng);
    pair.spec = pair.spec.Rows(start, end);
    pair.frame_sql = " ROWS BETWEEN " + FrameBound(start) + " AND " + FrameBound(end);
  }
  return pair;
}

// SELECT rn, f1 OVER (...), f2 OVER (...) FROM t [WHERE k1 > c], one PARTITION BY / ORDER BY for
// all functions of a query.
void WindowFamily(Rng& rng, OracleCase& oracle_case) {
  TableOptions options;
  if (rng.Chance(0.05)) options.max_rows = 2500;  // partitions past the engine's batch sizes
  oracle_case.tables["t"] = RandomTable(rng, options);
  // "i % 4": a partition key that is an expression, not a column.
  static const std::vector<std::vector<std::string>> kPartitions = {
      {}, {}, {"k1"}, {"k2"}, {"k3"}, {"k3", "k1"}, {"d"}, {"y"}, {"b", "k2"}, {"i % 4"}};
  static const std::vector<std::string> kOrderKeys = {"k1", "k2", "i", "x",  "y",
                                                      "s",  "d",  "b", "ts", "l"};
  for (int query = 0; query < 3; ++query) {
    const std::vector<std::string>& partition = rng.Pick(kPartitions);
    // no ORDER BY, an ORDER BY with ties, or one ending with the unique rn
    const int64_t order_shape = rng.Uniform(0, 4);
    std::vector<SortSpec> order;
    std::string order_sql;
    if (order_shape > 0) {
      const int64_t key_count = rng.Uniform(1, 2);
      for (int64_t index = 0; index < key_count; ++index) {
        SortSpec key{rng.Pick(kOrderKeys), rng.Chance(0.6), rng.Chance(0.3)};
        order_sql += (order_sql.empty() ? "" : ", ") + key.column +
                     (key.ascending ? " ASC" : " DESC") +
                     (key.nulls_first ? " NULLS FIRST" : " NULLS LAST");
        order.push_back(key);
      }
    }
    const bool ordered_total = order_shape >= 3;
    if (ordered_total) {
      order.push_back(SortSpec{"rn", true, false});
      order_sql += ", rn";
    }
    std::string partition_sql;
    std::vector<Expr> partition_by;
    for (const std::string& key : partition) {
      partition_sql += (partition_sql.empty() ? "" : ", ") + key;
      partition_by.push_back(key == "i % 4" ? Col("i") % Lit(4) : Col(key));
    }
    std::string over = "OVER (";
    if (!partition.empty()) over += "PARTITION BY " + partition_sql;
    if (!order.empty()) over += std::string(partition.empty() ? "" : " ") + "ORDER BY " + order_sql;

    std::string sql = "SELECT rn";
    std::vector<WindowSpec> specs;
    std::vector<NamedExpr> select = {{"rn", Col("rn")}};
    const int64_t function_count = rng.Uniform(1, 3);
    for (int64_t index = 0; index < function_count; ++index) {
      WindowPair pair = RandomWindowFunction(rng, ordered_total);
      const std::string name = "w" + std::to_string(index);
      std::string text = pair.sql + " " + over + pair.frame_sql + ")";
      if (text.rfind("CAST(", 0) == 0) text += " AS BIGINT)";
      sql += ", " + text;
      specs.push_back(pair.spec.As(name));
      select.push_back({name, Col(name)});
    }
    sql += " FROM t";
    std::optional<int> filter;
    if (rng.Chance(0.2)) {
      filter = static_cast<int>(rng.Uniform(-10, 10));
      sql += " WHERE k1 > " + std::to_string(*filter);
    }
    oracle_case.queries.push_back(
        OracleQuery{sql, [partition_by, order, specs, select, filter](const TableMap& tables) {
                      DataFrame frame = DataFrame::FromTable(tables.at("t"));
                      if (filter) frame = frame.Filter(Col("k1") > Lit(*filter));
                      return frame.Window(partition_by, order, specs).Select(select);
                    }});
  }
}

}  // namespace

BERSERKR_ORACLE_FAMILY("window", 300, WindowFamily);

}  // namespace berserkr::oracle
