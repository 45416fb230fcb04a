// Oracle families over whole relations: group-by with every aggregate, sort with limit/offset,
// and small pipelines (filter -> computed column -> group-by -> sort -> limit).

#include <string>
#include <vector>

#include "oracle/oracle_harness.h"
#include "oracle/random_data.h"

namespace berserkr::oracle {

namespace {

// One random aggregate, in SQL and as an AggregateSpec; `mask_sql` (optional) is a BOOLEAN SQL
// aggregate saying whether the value is determined (a unique mode, a unique arg_min row).
struct AggregatePair {
  AggregatePair(std::string sql_text, AggregateSpec aggregate, std::string mask = "")
      : sql(std::move(sql_text)), spec(std::move(aggregate)), mask_sql(std::move(mask)) {}

  std::string sql;
  AggregateSpec spec;
  std::string mask_sql;
};

AggregateSpec Spec(std::string function, std::vector<ExprPtr> arguments,
                   AggregateOptions options = {}) {
  return AggregateSpec{std::move(function), std::move(arguments), "", std::move(options)};
}

AggregatePair RandomAggregate(Rng& rng) {
  static const std::vector<std::string> kNumbers = {"i", "m", "k1", "x", "y"};
  static const std::vector<std::string> kOrdered = {"i",  "m", "x",  "y", "z", "s",
                                                    "k2", "d", "ts", "b", "l"};
  static const std::vector<std::string> kAny = {"i",  "m", "x",  "y", "z", "s",
                                                "k2", "d", "ts", "b", "l", "j"};
  const auto unique_mode = [](const std::string& column) {
    const std::string counts = "list_sort(map_values(histogram(" + column + ")), 'DESC')";
    return "coalesce(cardinality(histogram(" + column + ")) <= 1 OR " + counts + "[1] > " + counts +
           "[2], true)";
  };
  switch (rng.Uniform(0, 19)) {
    case 0: {
      const std::string column = rng.Pick(kAny);
      return {"count(" + column + ")", Count(Col(column))};
    }
    case 1:
      return {"count(*)", CountStar()};
    case 2: {
      const std::string column = rng.Pick(kAny);
      return {"count(DISTINCT " + column + ")", Spec("count_distinct", {Col(column)})};
    }
    case 3: {
      // sum of the wide columns may pass BIGINT: DuckDB's HUGEINT answer is cast back so that
      // both engines fail there (berserkr's sum is BIGINT, see grouped_aggregator.h).
      const std::string column =
          rng.Chance(0.15) ? rng.Pick(std::vector<std::string>{"l", "j"}) : rng.Pick(kNumbers);
      const bool wide = column == "l" || column == "j";
      return {wide ? "CAST(sum(" + column + ") AS BIGINT)" : "sum(" + column + ")",
              Sum(Col(column))};
    }
    case 4: {
      // avg also over the wide integers: DuckDB sums them exactly (HUGEINT) before dividing.
      const std::string column =
          rng.Chance(0.2) ? rng.Pick(std::vector<std::string>{"l", "j"}) : rng.Pick(kNumbers);
      return {"avg(" + column + ")", Mean(Col(column))};
    }
    case 5:
    case 6: {
      const std::string column = rng.Pick(kOrdered);
      const bool minimum = rng.Chance(0.5);
      return {(minimum ? "min(" : "max(") + column + ")",
              minimum ? Min(Col(column)) : Max(Col(column))};
    }
    case 7: {
      const std::string column = rng.Pick(kAny);
      const bool first = rng.Chance(0.5);
      return {std::string(first ? "first(" : "last(") + column + " ORDER BY rn) FILTER (WHERE " +
                  column + " IS NOT NULL)",
              Spec(first ? "first" : "last", {Col(column)})};
    }
    case 8: {
      const std::string column = rng.Pick(kNumbers);
      return {"median(" + column + ")", Median(Col(column))};
    }
    case 9: {
      const std::string column = rng.Pick(kNumbers);
      AggregateOptions options;
      options.quantile = rng.Pick(std::vector<double>{0, 0.1, 0.25, 0.5, 0.75, 0.9, 1});
      const bool discrete = rng.Chance(0.5);
      char quantile[32];
      std::snprintf(quantile, sizeof(quantile), "%g", options.quantile);
      return {std::string(discrete ? "quantile_disc(" : "quantile_cont(") + column + ", " +
                  quantile + ")",
              Spec(discrete ? "quantile_disc" : "quantile_cont", {Col(column)}, options)};
    }
    case 10: {
      // KNOWN DIFFERENCE: DuckDB's mode and histogram count NaN, -0.0 and 0.0 as one value
      // (histogram of {NaN, NaN, -0.0, 0.0} is {nan=4}), so neither the mode nor the uniqueness
      // mask is meaningful over the double columns with NaN; berserkr counts NaN apart from zeros.
      const std::string column =
          rng.Pick(std::vector<std::string>{"i", "m", "x", "s", "k2", "d", "ts", "b", "l", "j"});
      return {"mode(" + column + ")", Spec("mode", {Col(column)}), unique_mode(column)};
    }
    case 11: {
      // Over inf / NaN both fail ("out of range") or give 0 (one row), as DuckDB.
      const std::string column = rng.Pick(kNumbers);
      const std::string function =
          rng.Pick(std::vector<std::string>{"stddev_samp", "stddev_pop", "var_samp", "var_pop"});
      return {function + "(" + column + ")", Spec(function, {Col(column)})};
    }
    case 12: {
      const std::string left = rng.Pick(kNumbers);
      const std::string right = rng.Pick(kNumbers);
      const std::string function =
          rng.Pick(std::vector<std::string>{"corr", "covar_samp", "covar_pop"});
      const std::string sql = function + "(" + left + ", " + right + ")";
      return {sql, Spec(function, {Col(left), Col(right)})};
    }
    case 13: {
      const std::string column = rng.Pick(std::vector<std::string>{"s", "a", "k2"});
      AggregateOptions options;
      options.separator = rng.Pick(std::vector<std::string>{",", "", " | ", "é"});
      return {"string_agg(" + column + ", " + SqlString(options.separator) + " ORDER BY rn)",
              Spec("string_agg", {Col(column)}, options)};
    }
    case 14: {
      const std::string column = rng.Pick(kAny);
      return {"list(" + column + " ORDER BY rn)", Spec("list", {Col(column)})};
    }
    case 15:
    case 16: {
      const std::string value = rng.Pick(kAny);
      const std::string key = rng.Pick(kOrdered);
      const bool minimum = rng.Chance(0.5);
      const std::string extreme = std::string(minimum ? "min(" : "max(") + key + ")";
      return {std::string(minimum ? "arg_min(" : "arg_max(") + value + ", " + key + ")",
              Spec(minimum ? "arg_min" : "arg_max", {Col(value), Col(key)}),
              "coalesce(map_extract_value(histogram(" + key + "), " + extreme + ") = 1, true)"};
    }
    case 17: {
      const std::string column = rng.Pick(kOrdered);
      const int64_t k = rng.Uniform(1, 4);
      return {"max(" + column + ", " + std::to_string(k) + ")", TopK(Col(column), k)};
    }
    default: {
      const std::string column = rng.Pick(kAny);
      return {"count(" + column + ")", Count(Col(column))};
    }
  }
}

// SELECT keys, aggregates FROM t [WHERE ...] GROUP BY keys, over 0..3 keys of mixed types.
void AggregateFamily(Rng& rng, OracleCase& oracle_case) {
  oracle_case.tables["t"] = RandomTable(rng);
  static const std::vector<std::string> kKeys = {"k1", "k2", "k3", "d", "i", "y", "b", "ts"};
  for (int query = 0; query < 3; ++query) {
    std::vector<std::string> keys;
    const int64_t key_count = rng.Uniform(0, 3);
    for (int64_t index = 0; index < key_count; ++index) {
      const std::string& key = rng.Pick(kKeys);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
    std::vector<AggregatePair> aggregates;
    const int64_t aggregate_count = rng.Uniform(1, 4);
    for (int64_t index = 0; index < aggregate_count; ++index) {
      aggregates.push_back(RandomAggregate(rng));
    }
    std::optional<Gen> predicate;
    if (rng.Chance(0.25)) predicate = ExprGenerator(rng).Bool(1);

    std::string key_list;
    for (size_t index = 0; index < keys.size(); ++index)
      key_list += (index > 0 ? ", " : "") + keys[index];
    std::string sql = "SELECT " + key_list;
    std::vector<int> mask_targets;
    std::string masks;
    std::vector<AggregateSpec> specs;
    std::vector<Expr> key_exprs;
    for (const std::string& key : keys) key_exprs.push_back(Col(key));
    for (size_t index = 0; index < aggregates.size(); ++index) {
      sql += (sql == "SELECT " ? "" : ", ") + aggregates[index].sql;
      specs.push_back(aggregates[index].spec.As("a" + std::to_string(index)));
      if (!aggregates[index].mask_sql.empty()) {
        mask_targets.push_back(static_cast<int>(keys.size() + index));
        masks += ", " + aggregates[index].mask_sql;
      }
    }
    sql += masks + " FROM t";
    if (predicate) sql += " WHERE " + predicate->sql;
    if (!keys.empty()) sql += " GROUP BY " + key_list;
    OracleQuery oracle_query{sql, [key_exprs, specs,
                                   predicate = predicate ? std::optional<Expr>(predicate->expr)
                                                         : std::nullopt](const TableMap& tables) {
                               DataFrame frame = DataFrame::FromTable(tables.at("t"));
                               if (predicate) frame = frame.Filter(*predicate);
                               return frame.GroupBy(key_exprs).Agg(specs);
                             }};
    oracle_query.mask_targets = mask_targets;
    oracle_case.queries.push_back(std::move(oracle_query));
  }
}

// SELECT * FROM t ORDER BY <1..4 keys> [LIMIT n [OFFSET m]]. The SQL ends its ORDER BY with rn;
// the DataFrame sometimes does too and sometimes relies on Sort being stable (same answer, since
// t's rows are in rn order).
void SortFamily(Rng& rng, OracleCase& oracle_case) {
  oracle_case.tables["t"] = RandomTable(rng);
  static const std::vector<std::string> kKeys = {"k1", "k2", "k3", "i", "j", "l", "x",
                                                 "y",  "z",  "s",  "a", "b", "d", "ts"};
  for (int query = 0; query < 3; ++query) {
    std::vector<SortSpec> keys;
    std::string order;
    const int64_t key_count = rng.Uniform(1, 4);
    for (int64_t index = 0; index < key_count; ++index) {
      SortSpec key{rng.Pick(kKeys), rng.Chance(0.5), rng.Chance(0.5)};
      order += (index > 0 ? ", " : "") + key.column + (key.ascending ? " ASC" : " DESC") +
               (key.nulls_first ? " NULLS FIRST" : " NULLS LAST");
      keys.push_back(key);
    }
    if (rng.Chance(0.5)) keys.push_back(SortSpec{"rn", true, false});
    std::string sql = "SELECT * FROM t ORDER BY " + order + ", rn";
    std::optional<std::pair<int64_t, int64_t>> limit;
    if (rng.Chance(0.6)) {
      limit = std::make_pair(rng.Uniform(0, 30), rng.Chance(0.5) ? rng.Uniform(0, 20) : 0);
      sql += " LIMIT " + std::to_string(limit->first);
      if (limit->second > 0) sql += " OFFSET " + std::to_string(limit->second);
    }
    OracleQuery oracle_query{sql, [keys, limit](const TableMap& tables) {
                               DataFrame frame = DataFrame::FromTable(tables.at("t")).Sort(keys);
                               if (limit) frame = frame.Limit(limit->first, limit->second);
                               return frame;
                             }};
    oracle_query.ordered = true;
    oracle_case.queries.push_back(std::move(oracle_query));
  }
}

// Filter -> WithColumn -> GroupBy/Agg -> Sort on every key -> Limit, compared in order.
void PipelineFamily(Rng& rng, OracleCase& oracle_case) {
  oracle_case.tables["t"] = RandomTable(rng);
  static const std::vector<std::string> kKeys = {"k1", "k2", "k3", "d"};
  for (int query = 0; query < 3; ++query) {
    ExprGenerator generator(rng);
    const Gen predicate = generator.Bool(1);
    const Gen computed = generator.Of(rng.Chance(0.5) ? ValueKind::kInt : ValueKind::kDouble, 2);
    std::vector<std::string> keys;
    const int64_t key_count = rng.Uniform(1, 2);
    for (int64_t index = 0; index < key_count; ++index) {
      const std::string& key = rng.Pick(kKeys);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
    const bool computed_key = rng.Chance(0.3);  // group by the computed column too
    std::string key_list;
    for (const std::string& key : keys) key_list += (key_list.empty() ? "" : ", ") + key;
    if (computed_key) key_list += ", c";
    std::vector<SortSpec> sort;
    std::string order;
    for (const std::string& key : keys) {
      SortSpec spec{key, rng.Chance(0.5), rng.Chance(0.5)};
      order += (order.empty() ? "" : ", ") + key + (spec.ascending ? " ASC" : " DESC") +
               (spec.nulls_first ? " NULLS FIRST" : " NULLS LAST");
      sort.push_back(spec);
    }
    if (computed_key) {
      order += ", c ASC NULLS LAST";
      sort.push_back(SortSpec{"c", true, false});
    }
    const int64_t limit = rng.Uniform(1, 20);
    const std::string sql = "SELECT " + key_list +
                            ", count(*), sum(c), min(c), max(rn) FROM (SELECT *, " + computed.sql +
                            " AS c FROM t WHERE " + predicate.sql + ") GROUP BY " + key_list +
                            " ORDER BY " + order + " LIMIT " + std::to_string(limit);
    std::vector<Expr> key_exprs;
    for (const std::string& key : keys) key_exprs.push_back(Col(key));
    if (computed_key) key_exprs.push_back(Col("c"));
    OracleQuery oracle_query{sql, [predicate = predicate.expr, computed = computed.expr, key_exprs,
                                   sort, limit](const TableMap& tables) {
                               return DataFrame::FromTable(tables.at("t"))
                                   .Filter(predicate)
                                   .WithColumn("c", computed)
                                   .GroupBy(key_exprs)
                                   .Agg({CountStar().As("n"), Sum(Col("c")).As("sum_c"),
                                         Min(Col("c")).As("min_c"), Max(Col("rn")).As("max_rn")})
                                   .Sort(sort)
                                   .Limit(limit);
                             }};
    // Ties are impossible (the keys are unique after GROUP BY) except between NaN / -0.0 / 0.0
    // groups of a computed DOUBLE key, which the unordered comparison tolerates.
    oracle_query.ordered = !computed_key;
    oracle_case.queries.push_back(std::move(oracle_query));
  }
}

}  // namespace

BERSERKR_ORACLE_FAMILY("aggregate", 1000, AggregateFamily);
BERSERKR_ORACLE_FAMILY("sort", 500, SortFamily);
BERSERKR_ORACLE_FAMILY("pipeline", 400, PipelineFamily);

}  // namespace berserkr::oracle
