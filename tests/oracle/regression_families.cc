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
      {1, -kInfinity}, {1, 5.0},       {2, kInfinity}, {2, kInfinity}, {3, -kInfinity},
      {3, kInfinity},  {4, 1.0},       {4, 2.0},       {5, std::nan("")}, {5, 1.0},
      {6, -kInfinity}, {6, -kInfinity}, {7, 0.0},      {7, kInfinity}};
  FixedWidthBuilder<int32_t> groups(DataType::Int32());
  FixedWidthBuilder<double> values(DataType::Float64());
  for (const auto& [group, value] : rows) {
    groups.Append(group);
    values.Append(value);
  }
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"g", DataType::Int32(), true},
                                                            {"v", DataType::Float64(), true}});
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
    oracle_case.queries.push_back(OracleQuery{
        "SELECT g, median(v), quantile_cont(v, " + text + ") FROM r GROUP BY g",
        [options](const TableMap& tables) {
          return DataFrame::FromTable(tables.at("r"))
              .GroupBy({Col("g")})
              .Agg({Median(Col("v")).As("median"),
                    AggregateSpec{"quantile_cont", {Col("v")}, "quantile", options}});
        }});
  }
}

}  // namespace

BERSERKR_ORACLE_FAMILY("regression_quantile", 1, QuantileInterpolation);

}  // namespace berserkr::oracle
