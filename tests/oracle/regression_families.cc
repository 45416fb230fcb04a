// Fixed (not random) oracle cases for differences the random families found and that were fixed
// in the engine, so that they stay fixed whatever the random generators draw.

#include <cmath>
#include <limits>

#include "berserkr/types/column_builder.h"
#include "oracle/oracle_harness.h"

namespace berserkr::oracle {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// r(g INTEGER, v DOUBLE): one group per pair of values, in two batches.
Table InterpolationTable() {
  const std::vector<std::pair<int32_t, double>> rows = {
      {1, -kInfinity}, {1, 5.0},        {2, kInfinity}, {2, kInfinity},    {3, -kInfinity},
      {3, kInfinity},  {4, 1.0},        {4, 2.0},       {5, std::nan("")}, {5, 1.0},
      {6, -kInfinity}, {6, -kInfinity}, {7, 0.0},       {7, kInfinity}};
  FixedWidthBuilder<int32_t> groups(DataType::Int32());
  FixedWidthBuilder<double> values(DataType::Float64());
  for (const auto& [group, value] : rows) {
    groups.Append(group);
    values.Append(value);
  }
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{{"g", DataType::Int32(), true}, {"v", DataType::Float64(), true}});
  Batch whole{schema, {groups.Finish(), values.Finish()}, static_cast<int64_t>(rows.size())};
  return Table(schema, {whole.Slice(0, 5), whole.Slice(5, whole.num_rows - 5)});
}

// quantile_cont interpolates as DuckDB does, lo * (1 - f) + hi * f: the median of -inf and 5 is
// -inf and of inf and inf is inf (lo + (hi - lo) * f gave NaN for both).
void QuantileInterpolation(Rng&, OracleCase& oracle_case) {
  oracle_case.tables["r"] = InterpolationTable();
  for (double quantile : {0.5, 0.25, 0.9}) {
    AggregateOptions options;
    options.quantile = quantile;
    const std::string text = std::to_string(quantile);
    oracle_case.queries.push_back(
        OracleQuery{"SELECT g, median(v), quantile_cont(v, " + text + ") FROM r GROUP BY g",
                    [options](const TableMap& tables) {
                      return DataFrame::FromTable(tables.at("r"))
                          .GroupBy({Col("g")})
                          .Agg({Median(Col("v")).As("median"),
                                AggregateSpec{"quantile_cont", {Col("v")}, "quantile", options}});
                    }});
  }
}

// Group keys that are all "" (and NULL): the grouper's string dictionary then holds no bytes, and
// Keys() handed memcpy a null source (undefined behaviour, reported by UBSan); fixed by giving the
// dictionary's byte vector a capacity up front (src/exec/grouper_internal.h).
void EmptyStringKeys(Rng&, OracleCase& oracle_case) {
  StringBuilder keys;
  FixedWidthBuilder<int32_t> values(DataType::Int32());
  for (int row = 0; row < 6; ++row) {
    // "" not std::string_view(): a null data pointer would reach memcpy (see Buffer::Append).
    row == 4 ? keys.AppendNull() : keys.Append("");
    values.Append(row);
  }
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{{"k", DataType::String(), true}, {"v", DataType::Int32(), true}});
  oracle_case.tables["e"] = Table(schema, {Batch{schema, {keys.Finish(), values.Finish()}, 6}});
  oracle_case.queries.push_back(OracleQuery{
      "SELECT k, count(*), sum(v), min(k), string_agg(k, ',' ORDER BY v) FROM e GROUP BY k",
      [](const TableMap& tables) {
        AggregateOptions options;
        return DataFrame::FromTable(tables.at("e"))
            .GroupBy({Col("k")})
            .Agg({CountStar().As("n"), Sum(Col("v")).As("sum"), Min(Col("k")).As("min"),
                  AggregateSpec{"string_agg", {Col("k")}, "agg", options}});
      }});
}

}  // namespace

BERSERKR_ORACLE_FAMILY("regression_quantile", 1, QuantileInterpolation);
BERSERKR_ORACLE_FAMILY("regression_empty_string_keys", 1, EmptyStringKeys);

}  // namespace berserkr::oracle
